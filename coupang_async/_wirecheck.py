"""Checks on what a request would put on the wire, done before anything is sent.

A value the wire cannot carry faithfully is refused with `InvalidInputError` naming the
argument: JSON has no NaN or infinity (a JSON encoder would silently send `null`), the API stores
signed 64-bit integers at most, UTF-8 has no lone surrogates, an HTTP header value cannot hold a
line break (it would end the header and start another), and gateways refuse very long URLs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import httpx
import orjson

from coupang_async._errors import InvalidInputError

__all__ = [
    "MAX_URL_BYTES",
    "check_headers",
    "check_url_length",
    "encode_json",
    "url_error",
]

#: The longest URL (path and query, percent-encoded) the client sends: 8 KiB, what common
#: gateways and proxies accept.
MAX_URL_BYTES: Final = 8 * 1024
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1
_FORBIDDEN_IN_HEADERS: Final = ("\r", "\n", "\0")


def encode_json(body: Any) -> bytes:
    """`body` as JSON bytes, after checking every value the encoder would bend or refuse.

    Raises:
        InvalidInputError: field `json` plus the path of the bad value (`json.items[0].price`).
    """
    problem = _find_problem(body, "json")
    if problem is not None:
        path, message, value = problem
        raise InvalidInputError(path, message, value=value)
    try:
        return orjson.dumps(body)
    except TypeError as exc:  # orjson.JSONEncodeError: a type JSON cannot hold
        raise InvalidInputError("json", f"cannot be encoded as JSON ({exc})") from None


def _find_problem(value: Any, path: str) -> tuple[str, str, Any] | None:
    # Iterative, so a deeply nested body cannot exhaust the stack.
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not _encodes(item):
                return where, "contains a lone surrogate (not valid Unicode text)", item
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not _INT64_MIN <= item <= _INT64_MAX:
                return where, "is outside the signed 64-bit range the API stores", item
        elif isinstance(item, float):
            if not math.isfinite(item):
                return where, f"must be a finite number, not {item!r} (JSON has none)", item
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str) and not _encodes(key):
                    return where, "has a key with a lone surrogate", key
                stack.append((child, f"{where}.{key}"))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_headers(headers: httpx.Headers) -> None:
    """Refuse header values (or names) with CR, LF or NUL: they would split the header.

    Raises:
        InvalidInputError: field `headers`, naming the header (never showing its value).
    """
    for name, value in headers.multi_items():
        if any(bad in name or bad in value for bad in _FORBIDDEN_IN_HEADERS):
            raise InvalidInputError(
                "headers", f"{name.strip()!r} contains a line break or NUL character"
            )


def url_error(params: Any, error: Exception) -> InvalidInputError:
    """The `InvalidInputError` for a URL httpx refused to build (too long, not encodable)."""
    if isinstance(error, UnicodeEncodeError):
        field = _param_with_surrogate(params) or "url"
        return InvalidInputError(field, "contains a lone surrogate (not valid Unicode text)")
    return InvalidInputError(_longest_param(params) or "url", f"makes the URL unusable ({error})")


def check_url_length(url: httpx.URL, params: Any) -> None:
    """Refuse a URL whose path and query exceed `MAX_URL_BYTES`.

    Raises:
        InvalidInputError: naming the longest query parameter, or `url`.
    """
    size = len(url.raw_path)
    if size > MAX_URL_BYTES:
        raise InvalidInputError(
            _longest_param(params) or "url",
            f"makes the URL {size} bytes long, over the {MAX_URL_BYTES} bytes gateways accept",
        )


def _items(params: Any) -> list[tuple[str, Any]]:
    if isinstance(params, Mapping):
        pairs: list[tuple[str, Any]] = []
        for key, value in params.items():
            values = value if isinstance(value, list | tuple) else [value]
            pairs.extend((str(key), item) for item in values)
        return pairs
    if isinstance(params, list | tuple):
        return [(str(pair[0]), pair[1]) for pair in params if isinstance(pair, tuple | list)]
    return []


def _longest_param(params: Any) -> str | None:
    pairs = _items(params)
    if not pairs:
        return None
    key, _ = max(pairs, key=lambda pair: len(str(pair[1])))
    return f"params[{key!r}]"


def _param_with_surrogate(params: Any) -> str | None:
    for key, value in _items(params):
        if not _encodes(key) or (isinstance(value, str) and not _encodes(value)):
            return f"params[{key!r}]" if _encodes(key) else "params"
    return None
