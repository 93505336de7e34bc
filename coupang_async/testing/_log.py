"""The request log of the fake (``fake.requests``)."""

from __future__ import annotations

import fnmatch
import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import orjson

from coupang_async.testing._faults import FaultKind


class RecordedRequest:
    """One request as the fake received it, and how it answered.

    ``status`` is ``None`` when no reply was sent (a dropped connection or an in-process timeout);
    ``fault`` names the injected fault, if any; ``vendor_id`` is set once the request authenticated.
    """

    __slots__ = (
        "_headers",
        "body",
        "fault",
        "method",
        "path",
        "query_string",
        "raw_headers",
        "raw_path",
        "received_at",
        "status",
        "vendor_id",
    )

    def __init__(
        self,
        method: str,
        path: str,
        raw_path: bytes,
        query_string: bytes,
        raw_headers: list[tuple[bytes, bytes]],
        body: bytes,
        received_at: float,
    ) -> None:
        self.method = method
        self.path = path  # decoded
        self.raw_path = raw_path  # as on the wire
        self.query_string = query_string  # as on the wire, without "?"
        self.raw_headers = raw_headers
        self.body = body
        self.received_at = received_at  # the fake's clock, POSIX seconds
        self.status: int | None = None
        self.vendor_id: str | None = None
        self.fault: FaultKind | None = None
        self._headers: httpx.Headers | None = None

    @property
    def query(self) -> str:
        """The raw query string (percent-encoded, without ``?``)."""
        return self.query_string.decode("latin-1")

    @property
    def params(self) -> list[tuple[str, str]]:
        """The decoded query parameters in order (repeated keys kept)."""
        return parse_qsl(self.query, keep_blank_values=True)

    @property
    def target(self) -> str:
        """Path and query exactly as sent (``/v2/…?a=b``)."""
        raw = self.raw_path.decode("latin-1")
        return f"{raw}?{self.query}" if self.query_string else raw

    @property
    def headers(self) -> httpx.Headers:
        """Case-insensitive request headers."""
        if self._headers is None:
            self._headers = httpx.Headers(self.raw_headers)
        return self._headers

    def json(self) -> Any:
        """The body parsed as JSON."""
        return orjson.loads(self.body)

    def __repr__(self) -> str:
        fault = f", fault={self.fault.value}" if self.fault else ""
        return f"<RecordedRequest {self.method} {self.target} -> {self.status}{fault}>"


class RequestLog:
    """The most recent requests, oldest first (bounded by ``request_log_size``)."""

    def __init__(self, maxlen: int | None) -> None:
        self._items: deque[RecordedRequest] = deque(maxlen=maxlen)
        self.enabled = maxlen != 0

    def append(self, request: RecordedRequest) -> None:
        """Record ``request`` (the oldest entry falls out when the log is full)."""
        self._items.append(request)

    def clear(self) -> None:
        """Forget every recorded request."""
        self._items.clear()

    @property
    def last(self) -> RecordedRequest | None:
        """The most recent request, if any."""
        return self._items[-1] if self._items else None

    def filter(
        self, method: str | None = None, path: str | re.Pattern[str] | None = None
    ) -> list[RecordedRequest]:
        """Requests with this method and a path matching a glob or a regex (``search``)."""
        if isinstance(path, str):
            path = re.compile(fnmatch.translate(path))
            match = path.match
        elif path is not None:
            match = path.search
        wanted = method.upper() if method else None
        return [
            r
            for r in self._items
            if (wanted is None or r.method == wanted) and (path is None or match(r.path))
        ]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self._items)

    def __getitem__(self, index: int) -> RecordedRequest:
        return self._items[index]

    def __repr__(self) -> str:
        return f"RequestLog({len(self._items)} requests)"
