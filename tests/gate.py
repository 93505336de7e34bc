"""A fake (behind a real loopback server, or in-process) whose chosen requests wait at a gate
until released.

Tests use it to cancel a call at a known point (the request is on the wire, the server holds
it) without timing assumptions: `await gate.arrived.wait()` returns once a held request is in.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, MutableMapping
from typing import Any, cast

import anyio
import httpx

from coupang_async.testing import FakeCoupang
from coupang_async.testing._server import serve

Hold = Callable[[str, str], bool]  # (method, decoded path) -> hold this request?


class Gate:
    """Serves `fake`; a request for which `hold(method, path)` is true waits for `release`.

    Attributes:
        arrived: set once a held request has arrived.
        held: the held requests so far, as (method, path, query string).
        release: set it to let the held requests (and later ones) through.
    """

    def __init__(self, fake: FakeCoupang, hold: Hold, *, in_process: bool = False) -> None:
        self.fake = fake
        self.hold = hold
        self.held: list[tuple[str, str, bytes]] = []
        self.arrived = anyio.Event()
        self.release = anyio.Event()
        self._waiters: list[tuple[int, anyio.Event]] = []

        # A plain coroutine function: uvicorn would take a bound method for an ASGI 2 app.
        async def app(
            scope: MutableMapping[str, Any],
            receive: Callable[[], Any],
            send: Callable[[MutableMapping[str, Any]], Any],
        ) -> None:
            if (
                scope["type"] == "http"
                and not self.release.is_set()
                and self.hold(scope["method"], scope["path"])
            ):
                self.held.append((scope["method"], scope["path"], scope["query_string"]))
                self.arrived.set()
                for count, event in self._waiters:
                    if len(self.held) >= count:
                        event.set()
                await self.release.wait()
            await target(scope, receive, send)

        # In-process the fake itself (it raises httpx errors for dropped connections); over a
        # socket its server app (it really closes them).
        target = fake if in_process else fake.server_app
        self.server_app = app

    def client(self, **kwargs: Any) -> Any:
        """An in-process client whose requests pass the gate (`in_process=True` gates)."""
        return self.fake.client(transport=httpx.ASGITransport(app=self.server_app), **kwargs)

    async def wait_held(self, count: int) -> None:
        """Wait until `count` requests are held."""
        event = anyio.Event()
        self._waiters.append((count, event))
        if len(self.held) < count:
            await event.wait()


def nth(method: str, path_part: str, *numbers: int) -> Hold:
    """Hold the requests of `method` whose path contains `path_part`, by 1-based position."""
    seen = 0
    wanted = set(numbers)

    def hold(request_method: str, path: str) -> bool:
        nonlocal seen
        if request_method != method or path_part not in path:
            return False
        seen += 1
        return seen in wanted

    return hold


@contextlib.asynccontextmanager
async def gated(fake: FakeCoupang, hold: Hold) -> AsyncIterator[tuple[Gate, str]]:
    """Serve `fake` behind a `Gate`; yields the gate and the base URL. Held requests are let
    go when the block exits, so the server stops at once."""
    gate = Gate(fake, hold)
    try:
        async with serve(cast(FakeCoupang, gate)) as base_url:
            try:
                yield gate, base_url
            finally:
                gate.release.set()
    finally:
        gate.release.set()
