"""Checks for what a run may leave behind: tasks, pooled connections, sockets."""

from __future__ import annotations

import asyncio
import gc
import warnings
from typing import Any

import sniffio

from coupang_async import CoupangClient
from coupang_async._backend import SharedPool

try:
    from coupang_async._aiohttp_transport import AiohttpTransport
except ImportError:  # the speed extra is not installed
    AiohttpTransport = None  # type: ignore[assignment,misc]


def count_tasks() -> int:
    """Tasks alive now in the running event loop (asyncio) or below trio's root task."""
    if sniffio.current_async_library() == "asyncio":
        return len(asyncio.all_tasks())
    import trio

    def below(task: Any) -> int:
        return 1 + sum(below(child) for n in task.child_nurseries for child in n.child_tasks)

    return below(trio.lowlevel.current_root_task())


class _AiohttpConnection:
    def __init__(self, protocol: Any, idle: bool) -> None:
        self._protocol = protocol
        self._idle = idle

    def is_idle(self) -> bool:
        return self._idle

    def is_closed(self) -> bool:
        return not self._protocol.is_connected()


class _AiohttpPool:
    """aiohttp's connector seen as httpcore's pool: `connections` and `_requests`."""

    def __init__(self, transport: AiohttpTransport) -> None:
        self._connector = transport._connector

    @property
    def connections(self) -> list[_AiohttpConnection]:
        connector: Any = self._connector
        if connector is None:
            return []
        idle = [
            _AiohttpConnection(protocol, True)
            for kept in connector._conns.values()
            for protocol, _ in kept
        ]
        return idle + [_AiohttpConnection(protocol, False) for protocol in connector._acquired]

    @property
    def _requests(self) -> list[object]:
        """Requests in the pool, as httpcore counts them: waiting for a connection or using one."""
        connector: Any = self._connector
        if connector is None:
            return []
        waiting = [waiter for waiters in connector._waiters.values() for waiter in waiters]
        return waiting + list(connector._acquired)


def pool_of(client: CoupangClient) -> Any:
    """The connection pool under the client (through a wrapping transport, if any): httpcore's,
    or aiohttp's connector seen through the same attributes."""
    transport: Any = client._transport
    while True:
        if AiohttpTransport is not None and isinstance(transport, AiohttpTransport):
            return _AiohttpPool(transport)
        if hasattr(transport, "_pool"):
            return transport._pool
        # A shared pool, or a test Probe, around the real transport.
        transport = transport.transport if isinstance(transport, SharedPool) else transport.inner


def checked_out(client: CoupangClient) -> int:
    """Requests queued in the pool plus connections in use (neither idle nor closed)."""
    pool = pool_of(client)
    busy = [c for c in pool.connections if not (c.is_idle() or c.is_closed())]
    return len(pool._requests) + len(busy)


def collect_resource_warnings() -> list[warnings.WarningMessage]:
    """Collect garbage now and return the ResourceWarnings it raised (unclosed sockets...)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    return [w for w in caught if issubclass(w.category, ResourceWarning)]
