"""Checks for what a run may leave behind: tasks, pooled connections, sockets."""

from __future__ import annotations

import asyncio
import gc
import warnings
from typing import Any

import sniffio

from coupang_async import CoupangClient


def count_tasks() -> int:
    """Tasks alive now in the running event loop (asyncio) or below trio's root task."""
    if sniffio.current_async_library() == "asyncio":
        return len(asyncio.all_tasks())
    import trio

    def below(task: Any) -> int:
        return 1 + sum(below(child) for n in task.child_nurseries for child in n.child_tasks)

    return below(trio.lowlevel.current_root_task())


def pool_of(client: CoupangClient) -> Any:
    """The httpcore connection pool under the client (through a wrapping transport, if any)."""
    transport: Any = client._transport
    while not hasattr(transport, "_pool"):
        transport = transport.inner  # a test Probe around the real transport
    return transport._pool


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
