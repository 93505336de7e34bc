"""Bulk updates against a small steerable gateway: order, validation, supersession, one write in
flight per item, the stop after a 429, cancellation, verification, progress and callbacks."""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx
import pytest

from coupang_async import (
    BadRequestError,
    BulkProgress,
    BulkResult,
    BulkUpdateError,
    InvalidInputError,
    ItemResult,
    ItemStatus,
    PriceUpdate,
    QuantityUpdate,
    RateLimitError,
    SalesUpdate,
    ServerError,
    VerificationError,
    bulk,
)

from .bulk_fake import Call, MiniGateway, error

pytestmark = pytest.mark.both_backends

OK = ItemStatus.OK
FAILED = ItemStatus.FAILED
SUPERSEDED = ItemStatus.SUPERSEDED
NOT_ATTEMPTED = ItemStatus.NOT_ATTEMPTED
UNKNOWN = ItemStatus.UNKNOWN


def statuses(result: BulkResult[Any]) -> list[ItemStatus]:
    """The statuses of a result, in input order."""
    return [r.status for r in result.results]


class Gate:
    """Blocks chosen requests until opened; counts how many are waiting."""

    def __init__(self, match: Any = None) -> None:
        self.event = anyio.Event()
        self.match = match or (lambda call: True)
        self.waiting = 0

    async def __call__(self, call: Call) -> httpx.Response | None:
        if self.match(call) and not self.event.is_set():
            self.waiting += 1
            try:
                await self.event.wait()
            finally:
                self.waiting -= 1
        return None

    def open(self) -> None:
        self.event.set()


async def paced_source(updates: list[Any], *, settle_after: set[int]) -> AsyncIterator[Any]:
    """Yield `updates`; after each index in `settle_after`, wait until every other task is
    blocked (e.g. the writes so far are in flight or done) before yielding the next."""
    for index, update in enumerate(updates):
        yield update
        if index in settle_after:
            await anyio.wait_all_tasks_blocked()


# -- the basics ----------------------------------------------------------------------------------


async def test_one_result_per_input_in_input_order() -> None:
    """Every input gets exactly one result, at its own index, and the prices land."""
    gateway = MiniGateway(range(1, 51))
    updates = [PriceUpdate(vid, 10_000 + 10 * vid) for vid in range(1, 51)]
    async with gateway.client(max_concurrency=8) as client:
        result = await bulk.update_prices(client, updates)
    assert [r.index for r in result.results] == list(range(50))
    assert [r.update for r in result.results] == updates
    assert statuses(result) == [OK] * 50
    assert result.total == 50
    assert result.counts[OK] == 50
    assert result.ok
    assert all(gateway.items[u.vendor_item_id].price == u.price for u in updates)
    assert sorted(gateway.writes) == sorted((u.vendor_item_id, "prices", u.price) for u in updates)


async def test_quantities_and_sales() -> None:
    """update_quantities and set_sales write stock and stop/resume each item."""
    gateway = MiniGateway([1, 2, 3])
    async with gateway.client() as client:
        stock = await bulk.update_quantities(
            client, [QuantityUpdate(1, 0), QuantityUpdate(2, 99_999), QuantityUpdate(3, 7)]
        )
        sales = await bulk.set_sales(client, [SalesUpdate(1, False), SalesUpdate(2, True)])
    assert stock.ok
    assert sales.ok
    assert [gateway.items[v].quantity for v in (1, 2, 3)] == [0, 99_999, 7]
    assert [gateway.items[v].on_sale for v in (1, 2)] == [False, True]
    assert (1, "sales", "stop") in gateway.writes
    assert (2, "sales", "resume") in gateway.writes


async def test_force_reaches_every_price_write() -> None:
    """force=True lets a price jump past Coupang's +100 % guard; without it the item FAILS."""
    gateway = MiniGateway([1, 2], price=10_000)
    async with gateway.client() as client:
        plain = await bulk.update_prices(client, [PriceUpdate(1, 50_000)])
        forced = await bulk.update_prices(client, [PriceUpdate(2, 50_000)], force=True)
    assert statuses(plain) == [FAILED]
    assert isinstance(plain.results[0].error, BadRequestError)
    assert statuses(forced) == [OK]
    assert gateway.items[2].price == 50_000


async def test_empty_input() -> None:
    """An empty input gives an empty, successful result."""
    gateway = MiniGateway()
    async with gateway.client() as client:
        result = await bulk.update_prices(client, [])
    assert result.results == []
    assert result.ok
    assert gateway.calls == []


async def test_runs_under_trio_too() -> None:
    """The engine uses anyio only, so a run works under trio as well as asyncio."""
    gateway = MiniGateway(range(1, 11))
    updates = [PriceUpdate(vid % 10 + 1, 10_000 + 10 * i) for i, vid in enumerate(range(40))]
    async with gateway.client(max_concurrency=4) as client:
        result = await bulk.update_prices(client, updates)
    assert result.total == 40
    assert gateway.max_in_flight_per_item == 1
    assert set(statuses(result)) <= {OK, SUPERSEDED}


# -- validation ----------------------------------------------------------------------------------

BAD_PRICE_UPDATES: list[tuple[Any, str]] = [
    (PriceUpdate(1, 12_345), "price"),
    (PriceUpdate(1, 0), "price"),
    (PriceUpdate(1, -100), "price"),
    (PriceUpdate(1, True), "price"),
    (PriceUpdate(1, 1000.0), "price"),  # type: ignore[arg-type]
    (PriceUpdate(0, 1000), "vendor_item_id"),
    (PriceUpdate(-1, 1000), "vendor_item_id"),
    (PriceUpdate("1", 1000), "vendor_item_id"),  # type: ignore[arg-type]
    (QuantityUpdate(1, 5), "update"),
    ({"vendor_item_id": 1, "price": 1000}, "update"),
]


async def test_invalid_updates_fail_locally_and_the_run_goes_on() -> None:
    """Each bad update is FAILED with an InvalidInputError naming the field, and never sent."""
    gateway = MiniGateway([1, 2])
    updates: list[Any] = [PriceUpdate(2, 10_000)]
    for bad, _ in BAD_PRICE_UPDATES:
        updates += [bad, PriceUpdate(2, 10_000)]
    async with gateway.client() as client:
        result = await bulk.update_prices(client, updates)
    assert result.total == len(updates)
    for position, (_, field) in enumerate(BAD_PRICE_UPDATES):
        item = result.results[1 + 2 * position]
        assert item.status is FAILED
        assert isinstance(item.error, InvalidInputError)
        assert item.error.field == field
    assert all(call.vendor_item_id == 2 for call in gateway.calls)


async def test_invalid_quantities_and_sales() -> None:
    """Quantities outside 0..99999 and non-bool sale flags are refused locally."""
    gateway = MiniGateway([1])
    async with gateway.client() as client:
        stock = await bulk.update_quantities(
            client,
            [QuantityUpdate(1, -1), QuantityUpdate(1, 100_000), QuantityUpdate(1, False)],
        )
        sales = await bulk.set_sales(client, [SalesUpdate(1, 1)])  # type: ignore[arg-type]
    assert statuses(stock) == [FAILED] * 3
    assert {r.error.field for r in stock.results if isinstance(r.error, InvalidInputError)} == {
        "quantity"
    }
    assert statuses(sales) == [FAILED]
    assert isinstance(sales.results[0].error, InvalidInputError)
    assert sales.results[0].error.field == "on_sale"
    assert gateway.calls == []


async def test_an_invalid_later_update_does_not_supersede_a_valid_one() -> None:
    """Only a valid update replaces an earlier one: a bad row must not cancel a good intent."""
    gateway = MiniGateway([1, 9])
    gate = Gate(lambda call: call.vendor_item_id == 9)
    gateway.before = gate
    async with gateway.client(max_concurrency=1) as client, anyio.create_task_group() as group:
        holder: list[BulkResult[PriceUpdate]] = []

        async def run() -> None:
            updates = [PriceUpdate(9, 10_000), PriceUpdate(1, 12_000), PriceUpdate(1, 12_345)]
            holder.append(await bulk.update_prices(client, updates))

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        gate.open()
    assert statuses(holder[0]) == [OK, OK, FAILED]
    assert gateway.items[1].price == 12_000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"window": 0}, "window"),
        ({"window": True}, "window"),
        ({"verify": "yes"}, "verify"),
        ({"force": None}, "force"),
    ],
)
async def test_bad_arguments_raise(kwargs: dict[str, Any], field: str) -> None:
    """Bad run arguments raise InvalidInputError before anything is read or sent."""
    gateway = MiniGateway()
    async with gateway.client() as client:
        with pytest.raises(InvalidInputError) as caught:
            await bulk.update_prices(client, [PriceUpdate(1, 1000)], **kwargs)
    assert caught.value.field == field


async def test_updates_must_be_iterable_and_into_must_be_fresh() -> None:
    """A non-iterable input or a used BulkResult is refused by name."""
    gateway = MiniGateway()
    async with gateway.client() as client:
        with pytest.raises(InvalidInputError) as not_iterable:
            await bulk.update_prices(client, 5)  # type: ignore[arg-type]
        used: BulkResult[PriceUpdate] = BulkResult()
        await bulk.update_prices(client, [PriceUpdate(1, 1000)], into=used)
        with pytest.raises(InvalidInputError) as reused:
            await bulk.update_prices(client, [PriceUpdate(1, 1000)], into=used)
    assert not_iterable.value.field == "updates"
    assert reused.value.field == "into"
    with pytest.raises(InvalidInputError):
        BulkResult(keep="some")  # type: ignore[arg-type]


# -- supersession and one write in flight per item -----------------------------------------------


async def _run_with_first_write_blocked(
    gateway: MiniGateway,
    updates: list[Any],
    *,
    blocked: int,
    settle_after: set[int] | None = None,
    **kwargs: Any,
) -> BulkResult[PriceUpdate]:
    """Run while writes to item `blocked` wait until every task is idle, then release them."""
    gate = Gate(lambda call: call.vendor_item_id == blocked and call.kind != "inventories")
    gateway.before = gate
    holder: list[BulkResult[PriceUpdate]] = []
    source: Any = updates
    if settle_after is not None:
        source = paced_source(updates, settle_after=settle_after)
    async with gateway.client(**kwargs) as client, anyio.create_task_group() as group:

        async def run() -> None:
            holder.append(await bulk.update_prices(client, source))

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        gate.open()
    return holder[0]


async def test_a_later_update_supersedes_an_unsent_one() -> None:
    """An unsent update is replaced by a later one for the same item; only the later is sent."""
    gateway = MiniGateway([1, 2, 9])
    updates = [PriceUpdate(9, 10_000), PriceUpdate(1, 11_000), PriceUpdate(2, 12_000)]
    updates += [PriceUpdate(1, 13_000), PriceUpdate(1, 14_000)]
    result = await _run_with_first_write_blocked(gateway, updates, blocked=9, max_concurrency=1)
    assert statuses(result) == [OK, SUPERSEDED, OK, SUPERSEDED, OK]
    assert result.results[1].superseded_by == 3
    assert result.results[3].superseded_by == 4
    assert gateway.writes_of(1) == [14_000]
    # The newest intent took the queue place of the one it replaced (before item 2).
    assert [w[0] for w in gateway.writes] == [9, 1, 2]


async def test_an_update_waits_for_the_in_flight_write_of_its_item() -> None:
    """A write in flight is never superseded: the next one for that item waits, then goes."""
    gateway = MiniGateway([1])
    updates = [PriceUpdate(1, 11_000), PriceUpdate(1, 12_000)]
    result = await _run_with_first_write_blocked(
        gateway, updates, blocked=1, settle_after={0}, max_concurrency=4
    )
    assert statuses(result) == [OK, OK]
    assert gateway.writes_of(1) == [11_000, 12_000]
    assert gateway.max_in_flight_per_item == 1
    assert gateway.items[1].price == 12_000


async def test_look_ahead_is_the_window() -> None:
    """With window=1 nothing is read ahead, so nothing can be superseded."""
    gateway = MiniGateway([1, 9])
    updates = [PriceUpdate(9, 10_000), PriceUpdate(1, 11_000), PriceUpdate(1, 12_000)]
    gate = Gate(lambda call: call.vendor_item_id == 9)
    gateway.before = gate
    holder: list[BulkResult[PriceUpdate]] = []
    async with gateway.client(max_concurrency=1) as client, anyio.create_task_group() as group:

        async def run() -> None:
            holder.append(await bulk.update_prices(client, updates, window=1))

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        gate.open()
    assert statuses(holder[0]) == [OK, OK, OK]
    assert gateway.writes_of(1) == [11_000, 12_000]


async def test_random_heavy_overlap_keeps_one_write_per_item_and_the_last_intent() -> None:
    """Many updates over few items, random delays: one write in flight per item, last one wins."""
    rng = random.Random(7)
    gateway = MiniGateway(range(1, 13))

    async def jitter(call: Call) -> None:
        for _ in range(rng.randrange(4)):
            await anyio.lowlevel.checkpoint()

    gateway.before = jitter
    updates = [PriceUpdate(rng.randrange(1, 13), 10_000 + 10 * i) for i in range(600)]
    async with gateway.client(max_concurrency=8) as client:
        result = await bulk.update_prices(client, updates, window=50)
    assert gateway.max_in_flight_per_item == 1
    assert result.total == 600
    assert set(statuses(result)) <= {OK, SUPERSEDED}
    assert result.counts[SUPERSEDED] > 0  # the window did look ahead
    sent = [r.update for r in result.results if r.status is OK]
    for vid in range(1, 13):
        mine = [u.price for u in sent if u.vendor_item_id == vid]
        assert gateway.writes_of(vid) == mine  # in input order, each exactly once
        last = [u.price for u in updates if u.vendor_item_id == vid][-1:]
        assert [gateway.items[vid].price] == last or not last
    for r in result.results:
        if r.status is SUPERSEDED:
            assert r.superseded_by is not None
            later = result.results[r.superseded_by]
            assert later.vendor_item_id == r.vendor_item_id
            assert r.superseded_by > r.index


# -- errors, retries and the stop after a 429 ----------------------------------------------------


async def test_api_errors_fail_only_their_item() -> None:
    """A 400 fails that update; an exhausted 5xx makes it UNKNOWN (the backend may have applied
    it before failing); the others go on."""
    gateway = MiniGateway(range(1, 6))

    async def faults(call: Call) -> httpx.Response | None:
        if call.vendor_item_id == 2:
            return error(400, "삭제된 상품은 변경이 불가능합니다.")
        if call.vendor_item_id == 4:
            return httpx.Response(503)
        return None

    gateway.before = faults
    async with gateway.client() as client:
        result = await bulk.update_prices(client, [PriceUpdate(v, 10_000) for v in range(1, 6)])
    assert statuses(result) == [OK, FAILED, OK, UNKNOWN, OK]
    assert isinstance(result.results[1].error, BadRequestError)
    assert isinstance(result.results[3].error, ServerError)
    assert [c.vendor_item_id for c in gateway.calls].count(4) == 3  # the client retried


async def test_a_503_then_success_is_ok_and_written_once() -> None:
    """A 503 before processing is retried by the client; the item is written once."""
    gateway = MiniGateway([1])
    failures = iter([httpx.Response(503)])

    async def once(call: Call) -> httpx.Response | None:
        return next(failures, None)

    gateway.before = once
    async with gateway.client() as client:
        result = await bulk.update_prices(client, [PriceUpdate(1, 12_000)])
    assert statuses(result) == [OK]
    assert gateway.writes_of(1) == [12_000]


async def test_429_stops_the_run() -> None:
    """After a 429: that update FAILED, nothing else sent, everything not started NOT_ATTEMPTED."""
    gateway = MiniGateway(range(1, 201))
    arrivals_at_429: list[int] = []

    async def limit(call: Call) -> httpx.Response | None:
        if call.seq == 30:
            arrivals_at_429.append(len(gateway.calls))
            return httpx.Response(429)
        return None

    gateway.before = limit
    updates = [PriceUpdate(vid, 10_000) for vid in range(1, 201)]
    async with gateway.client(max_concurrency=4) as client:
        result = await bulk.update_prices(client, updates)
        # The client is cooling down: a re-run now is refused at once, without sending.
        again = await bulk.update_prices(client, result.updates_to_retry()[:3])
    assert result.total == 200
    assert isinstance(result.stopped_by, RateLimitError)
    assert result.stopped_by.local is False
    assert not result.ok
    # Nothing reached the gateway after the 429 was answered.
    assert len(gateway.calls) == arrivals_at_429[0]
    sent = {c.vendor_item_id for c in gateway.calls}
    for r in result.results:
        if r.status is NOT_ATTEMPTED:
            assert r.vendor_item_id not in sent
            # Not read yet, or waiting for its turn and then refused by the cool-down.
            assert r.error is result.stopped_by or (
                isinstance(r.error, RateLimitError) and r.error.local
            )
        elif r.status is OK:
            assert gateway.items[r.vendor_item_id].price == 10_000
            assert (r.vendor_item_id, "prices", 10_000) in gateway.writes
        else:  # only the update that got the 429
            assert r.status is FAILED
            assert r.error is result.stopped_by
    assert result.counts[FAILED] == 1
    assert result.counts[OK] == len(gateway.writes) == len(gateway.calls) - 1
    assert result.counts[NOT_ATTEMPTED] == 200 - len(gateway.calls)
    # Nothing was sent by the second run: all of it is NOT_ATTEMPTED, stopped by the cool-down.
    assert statuses(again) == [NOT_ATTEMPTED] * 3
    assert isinstance(again.stopped_by, RateLimitError)
    assert again.stopped_by.local
    assert len(gateway.calls) == arrivals_at_429[0]


async def test_429_while_others_are_in_flight_lets_them_finish() -> None:
    """Writes already in flight when the 429 arrives finish and report their real outcome."""
    gateway = MiniGateway(range(1, 11))
    gate = Gate(lambda call: call.vendor_item_id in (1, 2, 3))

    async def faults(call: Call) -> httpx.Response | None:
        if call.vendor_item_id == 4:
            gate.open()  # 1..3 are waiting inside the gateway; answer them after this 429
            return httpx.Response(429)
        return await gate(call)

    gateway.before = faults
    updates = [PriceUpdate(vid, 10_000) for vid in range(1, 11)]
    async with gateway.client(max_concurrency=4) as client:
        result = await bulk.update_prices(client, updates)
    assert statuses(result) == [OK, OK, OK, FAILED] + [NOT_ATTEMPTED] * 6
    assert [c.vendor_item_id for c in gateway.calls] == [1, 2, 3, 4]


async def test_re_running_the_failures_finishes_the_job() -> None:
    """After a 429-stopped run, re-running updates_to_retry() on a fresh client applies the rest."""
    gateway = MiniGateway(range(1, 101))

    async def limit(call: Call) -> httpx.Response | None:
        return httpx.Response(429) if call.seq == 20 else None

    gateway.before = limit
    updates = [PriceUpdate(vid, 20_000) for vid in range(1, 101)]
    async with gateway.client() as client:
        first = await bulk.update_prices(client, updates)
    async with gateway.client() as client:
        second = await bulk.update_prices(client, first.updates_to_retry())
    assert first.counts[NOT_ATTEMPTED] > 0
    assert second.ok
    assert all(gateway.items[vid].price == 20_000 for vid in range(1, 101))
    assert all(len(gateway.writes_of(vid)) == 1 for vid in range(1, 101))


# -- cancellation --------------------------------------------------------------------------------


async def test_cancellation_propagates_and_leaves_accurate_results() -> None:
    """A cancel mid-run: in-flight writes UNKNOWN, unsent NOT_ATTEMPTED, finished ones kept."""
    gateway = MiniGateway(range(1, 101))
    gate = Gate(lambda call: call.vendor_item_id > 10)
    gateway.before = gate
    into: BulkResult[PriceUpdate] = BulkResult()
    delivered: list[ItemResult[PriceUpdate]] = []
    reached_the_end = False
    updates = [PriceUpdate(vid, 10_000) for vid in range(1, 101)]
    async with gateway.client(max_concurrency=4) as client:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as group:

                async def run() -> None:
                    nonlocal reached_the_end
                    await bulk.update_prices(
                        client, updates, window=40, into=into, on_result=delivered.append
                    )
                    reached_the_end = True

                group.start_soon(run)
                await anyio.wait_all_tasks_blocked()
                assert gate.waiting == 4
                scope.cancel()
    assert not reached_the_end
    assert into.cancelled
    assert delivered == into.results
    assert [r.index for r in into.results] == list(range(into.total))
    assert into.total == 50  # 10 delivered + a full window of 40 read
    assert statuses(into)[:10] == [OK] * 10
    unknown = [r.vendor_item_id for r in into.results if r.status is UNKNOWN]
    assert unknown == [11, 12, 13, 14]
    assert set(statuses(into)[14:]) == {NOT_ATTEMPTED}
    assert all(r.error is None for r in into.results[14:])


async def test_cancel_during_read_back_keeps_the_write_ok() -> None:
    """A write answered before the cancel is OK (unverified), not UNKNOWN."""
    gateway = MiniGateway([1])
    gate = Gate(lambda call: call.kind == "inventories")
    gateway.before = gate
    into: BulkResult[PriceUpdate] = BulkResult()
    async with gateway.client() as client:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as group:
                group.start_soon(
                    lambda: bulk.update_prices(
                        client, [PriceUpdate(1, 12_000)], verify=True, into=into
                    )
                )
                await anyio.wait_all_tasks_blocked()
                scope.cancel()
    assert statuses(into) == [OK]
    assert into.results[0].verified is None


async def test_cancel_from_outside_with_a_generator_input() -> None:
    """A cancel from an enclosing scope mid-run leaves one accurate result per input read."""
    gateway = MiniGateway(range(1, 1001))
    gate = Gate(lambda call: call.vendor_item_id >= 500)
    gateway.before = gate
    into: BulkResult[PriceUpdate] = BulkResult()
    async with gateway.client(max_concurrency=8) as client:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as group:

                async def cancel_when_stuck() -> None:
                    for _ in range(1000):  # bounded: 8 writes reach the gate within a few ms
                        if gate.waiting == 8:
                            break
                        await anyio.sleep(0.01)
                    scope.cancel()

                group.start_soon(cancel_when_stuck)
                await bulk.update_prices(
                    client, (PriceUpdate(v, 10_000) for v in range(1, 1001)), into=into
                )
    assert into.cancelled
    assert [r.index for r in into.results] == list(range(into.total))
    assert statuses(into)[:499] == [OK] * 499
    assert statuses(into)[499:507] == [UNKNOWN] * 8
    assert set(statuses(into)[507:]) <= {NOT_ATTEMPTED}
    assert len(gateway.writes) == 499


# -- inputs --------------------------------------------------------------------------------------


async def test_async_iterable_input_is_read_lazily() -> None:
    """An async generator is read no further than the window ahead of the oldest open input."""
    gateway = MiniGateway(range(1, 201))
    gate = Gate(lambda call: call.vendor_item_id == 1)
    gateway.before = gate
    pulled = 0

    async def source() -> AsyncIterator[PriceUpdate]:
        nonlocal pulled
        for vid in range(1, 201):
            pulled += 1
            yield PriceUpdate(vid, 10_000)

    holder: list[BulkResult[PriceUpdate]] = []
    async with gateway.client(max_concurrency=2) as client, anyio.create_task_group() as group:

        async def run() -> None:
            holder.append(await bulk.update_prices(client, source(), window=16))

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        assert pulled == 16
        gate.open()
    assert holder[0].total == 200
    assert holder[0].ok


async def test_a_failing_input_stops_the_run_and_is_re_raised() -> None:
    """If the input raises, writes in flight finish, the rest is NOT_ATTEMPTED, it is re-raised."""
    gateway = MiniGateway(range(1, 50))
    gate = Gate(lambda call: call.vendor_item_id == 1)
    gateway.before = gate

    async def source() -> AsyncIterator[PriceUpdate]:
        yield PriceUpdate(1, 10_000)
        await anyio.wait_all_tasks_blocked()  # the write of item 1 is in flight (held)
        yield PriceUpdate(2, 10_000)
        raise ValueError("bad CSV line 3")

    into: BulkResult[PriceUpdate] = BulkResult()
    async with gateway.client(max_concurrency=1) as client, anyio.create_task_group() as group:

        async def run() -> None:
            with pytest.raises(ValueError, match="bad CSV line 3"):
                await bulk.update_prices(client, source(), into=into)

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        gate.open()
    assert statuses(into) == [OK, NOT_ATTEMPTED]
    assert not into.cancelled


async def test_a_failing_sync_input_is_re_raised_plainly() -> None:
    """A plain generator that raises surfaces its own exception, with every read input reported."""
    gateway = MiniGateway(range(1, 50))

    def source() -> Iterator[PriceUpdate]:
        yield PriceUpdate(1, 10_000)
        yield PriceUpdate(2, 10_000)
        raise KeyError("column price")

    into: BulkResult[PriceUpdate] = BulkResult()
    async with gateway.client() as client:
        with pytest.raises(KeyError, match="column price"):
            await bulk.update_prices(client, source(), into=into)
    assert into.total == 2
    assert set(statuses(into)) <= {OK, NOT_ATTEMPTED}


async def test_on_result_failure_aborts_the_run() -> None:
    """If on_result raises, the run is cancelled and that exception (not a group) is raised."""
    gateway = MiniGateway(range(1, 101))
    into: BulkResult[PriceUpdate] = BulkResult()
    seen: list[int] = []

    def on_result(result: ItemResult[PriceUpdate]) -> None:
        seen.append(result.index)
        if result.index == 5:
            raise OSError("disk full")

    async with gateway.client(max_concurrency=4) as client:
        with pytest.raises(OSError, match="disk full"):
            await bulk.update_prices(
                client,
                [PriceUpdate(v, 10_000) for v in range(1, 101)],
                on_result=on_result,
                into=into,
            )
    assert seen == list(range(6))  # never called again after it failed
    assert into.cancelled
    assert [r.index for r in into.results] == list(range(into.total))
    assert len(gateway.writes) < 100


# -- progress, verification, results -------------------------------------------------------------


async def test_progress_is_reported_per_finished_item() -> None:
    """Progress starts at zero, is called for every finished update, and ends complete."""
    gateway = MiniGateway(range(1, 31))
    snapshots: list[BulkProgress] = []
    updates = [PriceUpdate(v, 10_000) for v in range(1, 31)] + [PriceUpdate(1, 5)]
    async with gateway.client() as client:
        await bulk.update_prices(client, updates, progress=snapshots.append)
    assert snapshots[0].done == 0
    assert len(snapshots) == 1 + 31
    assert [s.done for s in snapshots] == list(range(32))
    last = snapshots[-1]
    assert (last.read, last.total, last.done, last.ok, last.failed) == (31, 31, 31, 30, 1)
    assert last.in_flight == 0


async def test_a_failing_progress_callback_cannot_break_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A progress callback that raises is logged and switched off; the run completes."""
    gateway = MiniGateway(range(1, 11))
    calls = 0

    def progress(snapshot: BulkProgress) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("terminal went away")

    async with gateway.client() as client:
        with caplog.at_level(logging.ERROR, logger="coupang_async.bulk"):
            result = await bulk.update_prices(
                client, [PriceUpdate(v, 10_000) for v in range(1, 11)], progress=progress
            )
    assert result.ok
    assert calls == 3
    assert "progress" in caplog.text


async def test_verify_reports_match_and_mismatch() -> None:
    """verify=True reads back: a match is verified, a mismatch FAILED with VerificationError."""
    gateway = MiniGateway([1, 2, 3])

    async def tamper(call: Call) -> None:
        if call.vendor_item_id == 2:
            gateway.items[2].price = 99_990  # something else changed it meanwhile

    async def read_fails(call: Call) -> httpx.Response | None:
        if call.vendor_item_id == 3 and call.kind == "inventories":
            return error(400, "nope")
        return None

    gateway.after = tamper
    gateway.before = read_fails
    updates = [PriceUpdate(1, 12_000), PriceUpdate(2, 12_000), PriceUpdate(3, 12_000)]
    async with gateway.client() as client:
        result = await bulk.update_prices(client, updates, verify=True)
    first, second, third = result.results
    assert (first.status, first.verified) == (OK, True)
    assert (second.status, second.verified) == (FAILED, False)
    assert isinstance(second.error, VerificationError)
    assert (second.error.expected, second.error.observed) == (12_000, 99_990)
    assert (third.status, third.verified, third.error) == (OK, None, None)
    kinds = [(c.vendor_item_id, c.kind) for c in gateway.calls]
    assert kinds.count((1, "inventories")) == 1


async def test_verify_for_quantities_and_sales() -> None:
    """Read-back compares the stock and the sale status too."""
    gateway = MiniGateway([1, 2])
    async with gateway.client() as client:
        stock = await bulk.update_quantities(client, [QuantityUpdate(1, 3)], verify=True)
        sales = await bulk.set_sales(client, [SalesUpdate(2, False)], verify=True)
    assert stock.results[0].verified is True
    assert sales.results[0].verified is True


async def test_keep_modes_and_failure_helpers() -> None:
    """keep='failures' keeps only what needs a re-run; counts stay complete either way."""
    gateway = MiniGateway(range(1, 11))
    updates = [PriceUpdate(v, 10_000) for v in range(1, 11)] + [PriceUpdate(3, 7)]
    failures: BulkResult[PriceUpdate] = BulkResult(keep="failures")
    nothing: BulkResult[PriceUpdate] = BulkResult(keep="none")
    async with gateway.client() as client:
        everything = await bulk.update_prices(client, updates)
        await bulk.update_prices(client, updates, into=failures)
        await bulk.update_prices(client, updates, into=nothing)
    assert len(everything.results) == 11
    assert len(everything.succeeded) == 10
    assert [r.index for r in failures.results] == [10]
    assert failures.failed[0].update == PriceUpdate(3, 7)
    assert failures.updates_to_retry() == []  # an invalid update cannot succeed on a re-run
    assert nothing.results == []
    for result in (everything, failures, nothing):
        assert result.total == 11
        assert result.counts[OK] == 10
        assert result.counts[FAILED] == 1
        assert result.summary() == "11 updates: 10 OK, 1 FAILED"
        with pytest.raises(BulkUpdateError) as caught:
            result.raise_for_failures()
        assert caught.value.result is result
        if result is everything:
            assert "#10 vendor item 3: FAILED: InvalidInputError" in str(caught.value)
    assert repr(everything) == "<BulkResult 11 updates: 10 OK, 1 FAILED>"


async def test_updates_to_retry_never_undoes_a_later_success() -> None:
    """The retry list holds the newest unapplied update per item, never an older replaced one."""
    gateway = MiniGateway([1, 2, 3, 4])
    first_tries = {1, 2, 3}

    async def fail_first_write(call: Call) -> httpx.Response | None:
        if call.vendor_item_id in first_tries:
            first_tries.discard(call.vendor_item_id)
            return error(400, "일시적인 오류")
        return None

    gateway.before = fail_first_write
    updates = [
        PriceUpdate(1, 11_000),  # FAILED, then item 1 succeeds later: not to retry
        PriceUpdate(2, 12_000),  # FAILED, later one FAILS locally: retry this one
        PriceUpdate(3, 13_000),  # FAILED, and 3 again FAILED below: retry only the newest
        PriceUpdate(1, 11_100),
        PriceUpdate(2, 5),
        PriceUpdate(4, 14_000),
        PriceUpdate(3, 13_300),
    ]
    async with gateway.client() as client:
        result = await bulk.update_prices(client, updates, window=1)
        kept: BulkResult[PriceUpdate] = BulkResult(keep="failures")
        first_tries.update({1, 2, 3})
        await bulk.update_prices(client, updates, window=1, into=kept)
    assert statuses(result) == [FAILED, FAILED, FAILED, OK, FAILED, OK, OK]
    assert result.updates_to_retry() == [PriceUpdate(2, 12_000)]
    assert kept.updates_to_retry() == [PriceUpdate(2, 12_000)]
    assert len(result.failed) == 4


async def test_raise_for_failures_returns_the_result_when_all_applied() -> None:
    """A run where every update was applied or superseded passes raise_for_failures()."""
    gateway = MiniGateway([1])
    async with gateway.client() as client:
        result = await bulk.update_prices(client, [PriceUpdate(1, 10_000)])
    assert result.raise_for_failures() is result
    assert result.failed == []


async def test_kept_errors_are_detached_but_informative() -> None:
    """A failed result's error drops its traceback, response and request, keeping the facts."""
    gateway = MiniGateway([1])

    async def refuse(call: Call) -> httpx.Response | None:
        return error(400, "삭제된 상품은 변경이 불가능합니다.")

    gateway.before = refuse
    async with gateway.client() as client:
        result = await bulk.update_prices(client, [PriceUpdate(1, 1000), PriceUpdate(0, 10)])
    failure = result.results[0].error
    assert isinstance(failure, BadRequestError)
    assert (failure.status_code, failure.code) == (400, "ERROR")
    assert failure.message == "삭제된 상품은 변경이 불가능합니다."
    assert "PUT /v2/providers/seller_api" in str(failure)
    assert failure.body == {"code": "ERROR", "message": failure.message, "data": None}
    assert failure.response is None
    assert failure.request is None
    assert failure.__traceback__ is None
    invalid = result.results[1].error
    assert isinstance(invalid, InvalidInputError)
    assert invalid.__traceback__ is None


async def test_cancel_tells_sent_from_waiting_for_the_pace() -> None:
    """On cancel, a request on the wire is UNKNOWN; one still waiting for its pace slot is not."""
    gateway = MiniGateway([1, 2, 3])
    gateway.before = Gate()  # holds every request that reaches the gateway
    into: BulkResult[PriceUpdate] = BulkResult()
    client = gateway.client(requests_per_second=0.5, max_concurrency=3)
    async with client:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as group:

                async def run() -> None:
                    updates = [PriceUpdate(v, 10_000) for v in (1, 2, 3)]
                    await bulk.update_prices(client, updates, into=into)

                group.start_soon(run)
                await anyio.wait_all_tasks_blocked()  # 1 is held on the wire; 2, 3 wait 2 s
                scope.cancel()
        assert client.event_hooks["request"] == []  # the run adds no hook to the client
    assert [c.vendor_item_id for c in gateway.calls] == [1]
    assert statuses(into) == [UNKNOWN, NOT_ATTEMPTED, NOT_ATTEMPTED]
