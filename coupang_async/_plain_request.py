"""Requests for the common case, built without httpx's URL parser and header passes.

httpx parses, validates and re-quotes every URL a client builds (the relative URL, then the
base URL joined with it, then again with the query parameters merged in) and copies the
headers four times over; on a request that costs a quarter of the client's CPU. The paths the
endpoint modules pass are percent-encoded ASCII already, so httpx leaves them exactly as they
are; for those the URL httpx would build is the base URL's parts with the new path and query,
and `UrlJoiner.join` builds it directly. `assemble_request` then builds the request httpx
would, with its automatic headers (`Host`, `Content-Length`) in httpx's order.

Both decline (return None, and the client lets httpx build the request) for anything else: a
character httpx would quote or treat specially (non-ASCII, a space, a bare `%`, `#`), a dot
segment httpx would normalise away, query parameters that are not a plain dict or that meet a
query already in the URL, a base URL with a query, a body that is not bytes, headers httpx
would set itself. `tests/test_plain_request.py` checks that what they build is httpx's, byte
for byte, on generated input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlencode

import httpx

__all__ = ["UrlJoiner", "assemble_request"]

# What httpx's quoting leaves untouched in a path or a query, minus what it treats specially:
# unreserved characters, sub-delimiters, ":" "@" "/" "?" and complete percent escapes. "?" can
# only be in the query: the path ends at the first one. A path starting with "//" would be read
# as a host. (A plain character class, then a look at any "%": several times faster than one
# alternation per character.)
_PLAIN_TARGET: Final = re.compile(r"/(?!/)[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*")
_INCOMPLETE_ESCAPE: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Headers httpx sets itself when it builds a request (a caller's own wins or combines).
_SET_BY_HTTPX: Final = frozenset({b"host", b"content-length", b"transfer-encoding"})
_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
# Far below httpx's own limit, so a long URL still gets httpx's checks and messages.
_MAX_PLAIN_LENGTH: Final = 4096


def _param_text(value: Any) -> str:
    """A query value as httpx writes it (JSON-style booleans, None as empty)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def _encode_params(params: Mapping[Any, Any]) -> str:
    """`str(httpx.QueryParams(params))` for a dict, without building a QueryParams."""
    grouped = {
        str(key): value if isinstance(value, list | tuple) else (value,)
        for key, value in params.items()
    }
    return urlencode(
        [(key, _param_text(item)) for key, values in grouped.items() for item in values]
    )


class UrlJoiner:
    """Joins relative request URLs to one base URL the way `httpx.AsyncClient` does."""

    __slots__ = ("_base", "_prefix")

    def __init__(self, base_url: httpx.URL) -> None:
        base = base_url._uri_reference  # httpx's parsed form (a NamedTuple of the parts)
        self._base = base
        # httpx joins by text: the base path (always ending in "/" on a client) and the
        # relative path without its leading slashes. A base URL with a query or a fragment
        # is odd enough to leave to httpx.
        path = base.path or "/"  # httpx's `raw_path` of a URL with an empty path
        usable = base.query is None and base.fragment is None and path.endswith("/")
        self._prefix: str | None = path if usable else None

    def join(self, url: str, params: Any) -> httpx.URL | None:
        """The URL httpx would build for `url` (relative, starting with "/") and `params`
        (None or a dict), or None when this is not a case it builds."""
        prefix = self._prefix
        if prefix is None or len(url) > _MAX_PLAIN_LENGTH or "/." in url:
            return None
        if _PLAIN_TARGET.fullmatch(url) is None or (
            "%" in url and _INCOMPLETE_ESCAPE.search(url) is not None
        ):
            return None
        path, mark, query_text = url.partition("?")
        query: str | None = None
        if mark:
            if params is not None:
                return None
            query = query_text
        elif params is not None:
            if type(params) is not dict:
                return None
            query = _encode_params(params) if params else None
            if query is not None and len(query) > _MAX_PLAIN_LENGTH:
                return None  # httpx refuses some of these itself, with its own message
        joined = httpx.URL.__new__(httpx.URL)
        joined._uri_reference = self._base._replace(path=prefix + path[1:], query=query)
        return joined


def assemble_request(
    method: str,
    url: httpx.URL,
    headers: httpx.Headers,
    content: Any,
    extensions: dict[str, Any],
) -> httpx.Request | None:
    """`httpx.Request(method, url, headers=headers, content=content, extensions=extensions)`
    for a body of bytes (or none), in one pass; None for any other case."""
    if content is not None and type(content) is not bytes:
        return None
    given = headers._list  # (raw name, lower-case name, value), normalised by httpx already
    for _, key, _ in given:
        if key in _SET_BY_HTTPX:
            return None
    method = method.upper()
    body = content or b""
    # httpx's order: Host and an empty body's length first, then the headers, then the length
    # of a body (`Request._prepare`).
    triples = [(b"Host", b"host", url.netloc)] if url.host else []
    if not body and method in _BODY_METHODS:
        triples.append((b"Content-Length", b"content-length", b"0"))
    triples += given
    if body:
        triples.append((b"Content-Length", b"content-length", b"%d" % len(body)))
    prepared = httpx.Headers()
    prepared._list = triples  # what Headers(pairs) would hold, without normalising again
    request = httpx.Request(
        method, url, headers=prepared, stream=httpx.ByteStream(body), extensions=extensions
    )
    request._content = body  # what `Request.read()` stores for a body in memory
    return request
