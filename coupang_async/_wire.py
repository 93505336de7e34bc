"""When a request goes on the wire: the client records it, callers that need it watch it.

A caller (a bulk run's worker, an export's page fetcher) sets a `WireWatch` in the context
variable `WIRE_WATCH` around its calls; the client calls `handed_over` in each attempt, right
before handing the request to the transport. Nothing outside the client touches its event
hooks or its transport.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Final

import httpx

__all__ = ["WIRE_WATCH", "WireWatch", "handed_over"]

_HEADERS_STARTED: Final = ".send_request_headers.started"  # httpcore trace (http11. / http2.)
_BODY_SENT: Final = ".send_request_body.complete"
_CALLERS_TRACE: Final = "coupang_async.callers_trace"

Trace = Callable[[str, dict[str, Any]], Awaitable[None]]


class WireWatch:
    """What the client records for the requests made while it is set.

    `sent` is True once some attempt may have reached the gateway. With a transport that
    reports its progress (httpx's default one does, through httpcore's `trace`), that is once
    the request's headers started going out: an attempt that failed to connect, or was
    cancelled while waiting for a connection, does not count. With one that does not report
    (a mock or in-process transport), every attempt handed to it counts.

    `on_wire`, when given, is called once the request's body has been written to the
    connection (only with a transport that reports it).
    """

    __slots__ = ("_earlier", "_handed", "_reached", "_traced", "on_wire")

    def __init__(self, on_wire: Callable[[], None] | None = None) -> None:
        self.on_wire = on_wire
        self._handed = 0  # attempts handed to the transport
        self._traced = 0  # of those, attempts the transport reported progress for
        self._reached = False  # an attempt's request started going out
        self._earlier = False  # an attempt before the latest one may have reached the gateway

    @property
    def sent(self) -> bool:
        """Some attempt may have reached the gateway."""
        return self._reached or self._handed > self._traced

    @property
    def sent_before_last(self) -> bool:
        """An attempt before the latest one may have reached the gateway (so whatever the
        latest one got, an earlier one may have been applied)."""
        return self._earlier

    @property
    def attempts(self) -> int:
        """Attempts handed to the transport so far."""
        return self._handed


#: The watch of the calls being made in this context (None: nobody is watching).
WIRE_WATCH: ContextVar[WireWatch | None] = ContextVar("coupang_async_wire_watch", default=None)


def handed_over(request: httpx.Request) -> None:
    """Called by the client right before an attempt goes to the transport."""
    watch = WIRE_WATCH.get()
    if watch is None:
        return
    watch._earlier = watch.sent
    watch._handed += 1
    extensions = request.extensions
    # A retry is the same request: wrap the caller's own trace, not the last attempt's wrapper.
    if _CALLERS_TRACE not in extensions:
        extensions[_CALLERS_TRACE] = extensions.get("trace")
    callers: Trace | None = extensions[_CALLERS_TRACE]
    seen = False

    async def trace(name: str, info: dict[str, Any]) -> None:
        nonlocal seen
        if not seen:
            seen = True
            watch._traced += 1
        if name.endswith(_HEADERS_STARTED):
            watch._reached = True
        elif name.endswith(_BODY_SENT) and watch.on_wire is not None:
            watch.on_wire()
        if callers is not None:
            await callers(name, info)

    extensions["trace"] = trace
