"""Cancelling calls mid-flight leaves no request in the pool and no task behind."""

from __future__ import annotations

import asyncio

import anyio
import httpx
import pytest

from coupang_async import ClientClosedError, CoupangClient
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY, make_client

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"


def _pool(client: CoupangClient) -> object:
    return client._transport._pool  # type: ignore[attr-defined]


def _checked_out(client: CoupangClient) -> int:
    """Requests the pool still holds and connections not idle (i.e. in use)."""
    pool = _pool(client)
    busy = [c for c in pool.connections if not (c.is_idle() or c.is_closed())]  # type: ignore[attr-defined]
    return len(pool._requests) + len(busy)  # type: ignore[attr-defined]


@pytest.mark.asyncio_only  # fake.serve() and asyncio.all_tasks()
async def test_cancelled_calls_free_the_pool() -> None:
    """Calls cancelled while the server is still answering release their connections."""
    fake = FakeCoupang(products=5, requests_per_second=None)
    item = fake.vendor_item_ids(writable=True)[0]
    path = f"{SP}/vendor-items/{item}/inventories"
    fake.faults.add(Fault.slow(5.0), method="GET", path=path, times=4)
    tasks_before = len(asyncio.all_tasks())
    async with fake.serve() as base_url:
        client = fake.client(base_url=base_url, transport=None, requests_per_second=None)
        async with client:
            with anyio.move_on_after(0.3) as scope:
                async with anyio.create_task_group() as group:
                    for _ in range(4):
                        group.start_soon(client.get, path)
            assert scope.cancelled_caught
            assert _checked_out(client) == 0
            # The client still works after the cancellation.
            response = await client.get(path)
            assert response.status_code == 200
            assert _checked_out(client) == 0
    assert len(asyncio.all_tasks()) == tasks_before


async def test_cancel_during_pacing_wait_takes_no_slot() -> None:
    """A call cancelled while waiting for its pacing turn sends nothing."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), requests_per_second=1.0)
    async with client:
        await client.get("/v2/first")
        with anyio.move_on_after(0.1):
            await client.get("/v2/second")  # must wait ~1 s for its turn: cancelled first
    assert [r.url.path for r in sent] == ["/v2/first"]


async def test_cancel_during_retry_backoff_stops_retrying() -> None:
    """Cancelling during the backoff between attempts ends the call without another send."""
    from coupang_async import RetryPolicy

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)

    slow_retry = RetryPolicy(wait_initial=5.0, wait_max=5.0, wait_jitter=0.0)
    client = make_client(transport=httpx.MockTransport(handler), retry=slow_retry)
    async with client:
        with anyio.move_on_after(0.2) as scope:
            await client.get("/v2/x")
    assert scope.cancelled_caught
    assert len(sent) == 1


async def test_closed_client_raises_clearly() -> None:
    """Using a client after `async with` is a ClientClosedError that says what to do."""
    client = make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    async with client:
        pass
    with pytest.raises(ClientClosedError, match="closed"):
        await client.get("/v2/x")
    assert client.is_closed


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_async_with_closes_transport() -> None:
    """Leaving `async with` closes the pool's connections."""
    fake = FakeCoupang(products=3, requests_per_second=None)
    item = fake.vendor_item_ids(writable=True)[0]
    async with fake.serve() as base_url:
        client = fake.client(base_url=base_url, transport=None, retry=FAST_RETRY)
        async with client:
            await client.get(f"{SP}/vendor-items/{item}/inventories")
            assert len(_pool(client).connections) == 1  # type: ignore[attr-defined]
        assert _pool(client).connections == []  # type: ignore[attr-defined]
