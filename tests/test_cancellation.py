"""Cancelling calls, paginator walks and bulk runs mid-flight leaves no request in the pool and
no task behind, and the client usable; `async with` closes everything; a closed client raises
`ClientClosedError`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from coupang_async import (
    BulkResult,
    ClientClosedError,
    CoupangClient,
    ItemStatus,
    QuantityUpdate,
    bulk,
    export,
    orders,
    products,
    vendor_items,
)
from coupang_async.testing import FakeCoupang

from .gate import Gate, gated, nth
from .helpers import FAST_RETRY, make_client
from .leaks import checked_out, count_tasks, pool_of

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
_pool = pool_of
_checked_out = checked_out


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_cancelled_calls_free_the_pool() -> None:
    """Concurrent calls cancelled while the server holds their requests release their
    connections, and the client still works."""
    fake = FakeCoupang(products=5, requests_per_second=None)
    item = fake.vendor_item_ids(writable=True)[0]
    path = f"{SP}/vendor-items/{item}/inventories"
    tasks_before = count_tasks()
    async with gated(fake, nth("GET", "/inventories", 1, 2, 3, 4)) as (gate, base_url):
        async with _served(fake, base_url) as client:
            async with anyio.create_task_group() as group:
                for _ in range(4):
                    group.start_soon(client.get, path)
                await gate.wait_held(4)
                group.cancel_scope.cancel()
            assert checked_out(client) == 0
            response = await client.get(path)
            assert response.status_code == 200
            assert checked_out(client) == 0
        assert pool_of(client).connections == []
    assert count_tasks() == tasks_before


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
            assert len(_pool(client).connections) == 1
        assert _pool(client).connections == []


# --- over a real socket: walks, bulk runs and every kind of call, cancelled mid-flight ----------


def _served(fake: FakeCoupang, base_url: str) -> CoupangClient:
    return fake.client(
        base_url=base_url, transport=None, requests_per_second=None, retry=FAST_RETRY
    )


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_cancelling_a_products_walk_mid_page() -> None:
    """A listing walk cancelled while its third page is on the wire stops there, leaves no task
    and no connection checked out, and the client goes on working."""
    fake = FakeCoupang(products=60, seed=61, requests_per_second=None)
    seen: list[Any] = []
    tasks_before = count_tasks()
    async with gated(fake, nth("GET", "/seller-products", 3)) as (gate, base_url):
        async with _served(fake, base_url) as client:
            async with anyio.create_task_group() as group:

                async def walk() -> None:
                    async for product in products.list_products(client, max_per_page=10):
                        seen.append(product)

                group.start_soon(walk)
                await gate.arrived.wait()
                group.cancel_scope.cancel()
            assert len(seen) == 20  # two pages, nothing of the third
            assert checked_out(client) == 0
            page = await products.list_products(client, max_per_page=10)
            assert len(page.items) == 10
            assert checked_out(client) == 0
        assert pool_of(client).connections == []  # `async with` closed them
    assert len(gate.held) == 1
    assert count_tasks() == tasks_before


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_cancelling_an_orders_walk_in_its_second_window_chunk_then_resuming() -> None:
    """An order walk over 41 days (two 31-day chunks) cancelled while a page of the second chunk
    is on the wire frees everything; resuming from the last page's token lists exactly the
    orders a full walk lists."""
    today = dt.date(2026, 1, 15)
    fake = FakeCoupang(products=30, seed=0, requests_per_second=None, today=today)
    window: dict[str, Any] = {
        "created_at_from": today - dt.timedelta(days=40),
        "created_at_to": today,
        "status": "FINAL_DELIVERY",
        "max_per_page": 5,
    }
    async with fake.client(requests_per_second=None) as reference:
        everything = [
            o.shipment_box_id async for o in orders.list_order_sheets(reference, **window)
        ]
    assert len(everything) > 15
    fake.requests.clear()

    seen: list[int] = []
    saved: list[str | None] = []
    tasks_before = count_tasks()
    # Requests: chunk 1 (one empty page), chunk 2 page 1, page 2, page 3 <- held.
    async with gated(fake, nth("GET", "/ordersheets", 4)) as (gate, base_url):
        async with _served(fake, base_url) as client:
            async with anyio.create_task_group() as group:

                async def walk() -> None:
                    async for page in orders.list_order_sheets(client, **window).pages():
                        seen.extend(o.shipment_box_id for o in page.items)
                        saved.append(page.next_token)

                group.start_soon(walk)
                await gate.arrived.wait()
                group.cancel_scope.cancel()
            assert checked_out(client) == 0
            held_query = gate.held[0][2].decode()
            assert "createdAtFrom=2026-01-06" in held_query  # the second chunk's first day
            assert len(seen) == 10
            resumed = orders.list_order_sheets(client, **window, next_token=saved[-1])
            seen.extend([o.shipment_box_id async for o in resumed])
            assert checked_out(client) == 0
        assert pool_of(client).connections == []
    assert seen == everything
    assert count_tasks() == tasks_before


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_cancelling_a_bulk_run_over_a_socket() -> None:
    """A bulk run cancelled while two writes are held on the wire: those are UNKNOWN (and do
    land once the server lets them go), the updates queued behind them NOT_ATTEMPTED, the rest
    accurate; no task, no checked-out connection, and the client still works."""
    fake = FakeCoupang(products=40, seed=62, requests_per_second=None, request_log_size=None)
    vids = fake.vendor_item_ids(writable=True)[:40]
    plan = [QuantityUpdate(vid, 500 + i) for i, vid in enumerate(vids * 5)]
    held = (f"/{vids[0]}/", f"/{vids[1]}/")
    into: BulkResult[QuantityUpdate] = BulkResult()
    tasks_before = count_tasks()

    def hold(method: str, path: str) -> bool:
        return method == "PUT" and any(part in path for part in held)

    async with gated(fake, hold) as (gate, base_url):
        async with _served(fake, base_url) as client:
            async with anyio.create_task_group() as group:
                group.start_soon(lambda: bulk.update_quantities(client, plan, into=into))
                await gate.wait_held(2)
                # Everything else runs as far as it can: later updates of the two held items
                # wait behind them (one write per item in flight), the rest finish. Over a
                # socket "all tasks blocked" is also true while another write awaits its reply,
                # so wait (bounded) until only the two held writes are in the pool.
                with anyio.fail_after(30):
                    while True:
                        await anyio.wait_all_tasks_blocked()
                        if len(pool_of(client)._requests) == 2:  # the pool's requests in flight
                            break
                        await anyio.sleep(0.01)
                group.cancel_scope.cancel()
            assert checked_out(client) == 0
            inventory = await vendor_items.get_inventory(client, vids[5])
            assert inventory.amount_in_stock == fake.vendor_item(vids[5]).quantity  # type: ignore[union-attr]
            assert checked_out(client) == 0
        assert pool_of(client).connections == []
    assert count_tasks() == tasks_before

    assert into.cancelled
    assert [r.index for r in into.results] == list(range(into.total))
    assert len(gate.held) == 2
    logged = {(r.path.split("/")[-3], r.path.split("/")[-1]): r for r in fake.requests}
    for r in into.results:
        record = logged.get((str(r.vendor_item_id), str(r.update.quantity)))
        if r.vendor_item_id in vids[:2]:
            # Its one sent write is held; the others were replaced or never sent.
            assert r.status in (ItemStatus.UNKNOWN, ItemStatus.SUPERSEDED, ItemStatus.NOT_ATTEMPTED)
        elif r.status is ItemStatus.OK:
            assert record is not None
            assert record.status == 200
        else:
            assert r.status is ItemStatus.SUPERSEDED
            assert record is None
    assert into.counts[ItemStatus.NOT_ATTEMPTED] > 0
    # Released when the server stopped, the two held writes did land: UNKNOWN was right.
    for vid in vids[:2]:
        (unknown,) = [
            r for r in into.results if r.vendor_item_id == vid and r.status is ItemStatus.UNKNOWN
        ]
        assert fake.writes(vid) == {"quantity": 1}
        assert fake.vendor_item(vid).quantity == unknown.update.quantity  # type: ignore[union-attr]


async def test_cancelling_walks_and_bulk_runs_in_process() -> None:
    """In-process too (so on trio as well), a listing walk and a bulk run cancelled while a
    request is held leave no task behind and the client usable."""
    fake = FakeCoupang(products=40, seed=66, requests_per_second=None)
    tasks_before = count_tasks()
    gate = Gate(fake, nth("GET", "/seller-products", 2), in_process=True)
    seen: list[Any] = []
    async with gate.client(requests_per_second=None, retry=FAST_RETRY) as client:
        async with anyio.create_task_group() as group:

            async def walk() -> None:
                async for product in products.list_products(client, max_per_page=10):
                    seen.append(product)

            group.start_soon(walk)
            await gate.arrived.wait()
            group.cancel_scope.cancel()
        assert len(seen) == 10
        assert count_tasks() == tasks_before

        vid = fake.vendor_item_ids(writable=True)[0]
        gate.hold = lambda method, path: method == "PUT" and f"/{vid}/" in path
        gate.arrived = anyio.Event()
        into: BulkResult[QuantityUpdate] = BulkResult()
        plan = [QuantityUpdate(v, 3) for v in fake.vendor_item_ids(writable=True)[:30]]
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: bulk.update_quantities(client, plan, into=into))
            await gate.arrived.wait()
            await anyio.wait_all_tasks_blocked()
            group.cancel_scope.cancel()
        assert into.cancelled
        assert into.results[0].status is ItemStatus.UNKNOWN
        assert {r.status for r in into.results[1:]} == {ItemStatus.OK}
        assert count_tasks() == tasks_before
        gate.release.set()
        assert (await products.list_products(client, max_per_page=10)).items
    assert count_tasks() == tasks_before


CallFactory = Callable[[CoupangClient, FakeCoupang, Path], Awaitable[Any]]
CALLS: list[Any] = [
    pytest.param(
        "GET", 1, lambda c, f, _: vendor_items.get_inventory(c, f.vendor_item_ids()[0]), id="get"
    ),
    pytest.param(
        "PUT",
        1,
        lambda c, f, _: vendor_items.update_quantity(c, f.vendor_item_ids(writable=True)[0], 9),
        id="put",
    ),
    pytest.param(
        "DELETE",
        1,
        lambda c, f, _: products.delete_product(c, f.seller_product_ids(status="SAVED")[0]),
        id="delete",
    ),
    pytest.param(
        "POST", 1, lambda c, f, _: products.create_product(c, f.product_body()), id="post"
    ),
    pytest.param("GET", 1, lambda c, f, _: products.list_products(c), id="first-page"),
    pytest.param(
        "GET",
        3,  # the listing page, then product details, which run in the export's task group
        lambda c, f, tmp: export.export_products(c, tmp / "out.jsonl", details=True),
        id="export-details",
    ),
]


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
@pytest.mark.parametrize(("method", "position", "call"), CALLS)
async def test_cancelling_any_call_mid_flight(
    method: str, position: int, call: CallFactory, tmp_path: Path
) -> None:
    """Every kind of call cancelled while its request is on the wire leaves no task and no
    connection checked out, and the client goes on working."""
    fake = FakeCoupang(products=12, seed=63, requests_per_second=None)
    tasks_before = count_tasks()
    async with gated(fake, nth(method, "/v2/", position)) as (gate, base_url):
        async with _served(fake, base_url) as client:
            finished = False
            async with anyio.create_task_group() as group:

                async def run() -> None:
                    nonlocal finished
                    await call(client, fake, tmp_path)
                    finished = True

                group.start_soon(run)
                await gate.arrived.wait()
                group.cancel_scope.cancel()
            assert not finished
            assert checked_out(client) == 0
            response = await client.get(f"{SP}/seller-products/inflow-status")
            assert response.status_code == 200
            assert checked_out(client) == 0
        assert pool_of(client).connections == []
    assert count_tasks() == tasks_before


# --- a closed client ------------------------------------------------------------------------------


CLOSED_CALLS: list[Any] = [
    pytest.param(lambda c, f, _: c.get(f"{SP}/seller-products/inflow-status"), id="raw-get"),
    pytest.param(lambda c, f, _: vendor_items.get_inventory(c, f.vendor_item_ids()[0]), id="get"),
    pytest.param(lambda c, f, _: products.create_product(c, f.product_body()), id="post"),
    pytest.param(lambda c, f, _: products.list_products(c), id="await-paginator"),
    pytest.param(lambda c, f, _: products.list_products(c).to_list(), id="walk-paginator"),
    pytest.param(
        lambda c, f, _: bulk.update_quantities(c, [QuantityUpdate(f.vendor_item_ids()[0], 1)]),
        id="bulk",
    ),
    pytest.param(lambda c, f, tmp: export.export_products(c, tmp / "out.jsonl"), id="export"),
]


@pytest.mark.parametrize("call", CLOSED_CALLS)
async def test_a_closed_client_raises_clearly(call: CallFactory, tmp_path: Path) -> None:
    """Every kind of call on a closed client raises ClientClosedError saying what to do, and
    sends nothing (a bulk run does not turn it into one FAILED result per update)."""
    fake = FakeCoupang(products=3, seed=64, requests_per_second=None)
    client = fake.client(requests_per_second=None, retry=FAST_RETRY)
    async with client:
        pass
    with pytest.raises(ClientClosedError, match="closed; create a new one"):
        await call(client, fake, tmp_path)
    assert len(fake.requests) == 0
    assert not os.listdir(tmp_path)  # an export writes no file


async def test_reopening_a_closed_client_raises_clearly() -> None:
    """`async with` on a client already closed is a ClientClosedError, not httpx's bare
    RuntimeError."""
    client = make_client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    async with client:
        pass
    with pytest.raises(ClientClosedError, match="closed"):
        async with client:
            pass


async def test_closing_the_client_under_a_waiting_request() -> None:
    """A request still waiting for its pacing turn when the client is closed raises
    ClientClosedError (not httpx's RuntimeError) and sends nothing."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), requests_per_second=2.0)
    errors: list[BaseException] = []
    async with client:
        await client.get("/v2/first")  # the next request must wait ~0.5 s for its turn

        async def second() -> None:
            try:
                await client.get("/v2/second")
            except Exception as exc:  # whatever it is, the test looks at it
                errors.append(exc)

        async with anyio.create_task_group() as group:
            group.start_soon(second)
            await anyio.wait_all_tasks_blocked()  # it is waiting for its turn
            await client.aclose()
    assert [type(e) for e in errors] == [ClientClosedError]
    assert [r.url.path for r in sent] == ["/v2/first"]


async def test_closing_the_client_under_a_bulk_run() -> None:
    """Closing the client while a bulk run is going stops the run as a 429 would: writes in
    flight finish, every update not sent is NOT_ATTEMPTED (with the ClientClosedError), none is
    FAILED for it, and the run then raises ClientClosedError."""
    fake = FakeCoupang(products=20, seed=65, requests_per_second=None, request_log_size=None)
    vids = fake.vendor_item_ids(writable=True)
    plan = [QuantityUpdate(vid, 7 + i) for i, vid in enumerate(vids * 3)]
    into: BulkResult[QuantityUpdate] = BulkResult()
    # The 6th and 7th writes (one per worker) wait at a gate: the client is closed while they
    # are in flight, at a known point rather than after some amount of time.
    gate = Gate(fake, nth("PUT", "/quantities/", 6, 7), in_process=True)
    client = gate.client(requests_per_second=None, retry=FAST_RETRY, max_concurrency=2)
    raised: list[ClientClosedError] = []

    async def run() -> None:
        try:
            await bulk.update_quantities(client, plan, into=into)
        except ClientClosedError as exc:
            raised.append(exc)

    async with client, anyio.create_task_group() as group:
        group.start_soon(run)
        await gate.wait_held(2)
        await client.aclose()
        gate.release.set()
    assert len(raised) == 1
    assert into.total == len(plan)
    assert into.counts[ItemStatus.OK] >= 5
    assert into.counts[ItemStatus.FAILED] == 0
    assert into.counts[ItemStatus.UNKNOWN] == 0
    not_attempted = [r for r in into.results if r.status is ItemStatus.NOT_ATTEMPTED]
    assert not_attempted
    assert all(isinstance(r.error, ClientClosedError) for r in not_attempted)
    # What the results say is what happened.
    written = {r.vendor_item_id for r in into.results if r.status is ItemStatus.OK}
    assert {vid for vid in vids if fake.writes(vid)} == written
