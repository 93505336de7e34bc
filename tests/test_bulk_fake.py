"""Bulk updates against FakeCoupang: thousands of updates through injected faults and a 429,
checked against the fake's request log, write counters and final state."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx
import pytest

from coupang_async import (
    APIConnectionError,
    BulkProgress,
    BulkResult,
    CoupangClient,
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
from coupang_async.testing import FakeCoupang, Fault, FaultKind, RecordedRequest

from .bulk_fake import Probe
from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

OK = ItemStatus.OK
FAILED = ItemStatus.FAILED
SUPERSEDED = ItemStatus.SUPERSEDED
NOT_ATTEMPTED = ItemStatus.NOT_ATTEMPTED
UNKNOWN = ItemStatus.UNKNOWN
PRICES = "*/vendor-items/*/prices/*"


def wired(fake: FakeCoupang, **kwargs: Any) -> tuple[CoupangClient, Probe]:
    """A fast test client for `fake` whose requests pass through a Probe."""
    probe = Probe(httpx.ASGITransport(app=fake))
    options: dict[str, Any] = {"requests_per_second": None, "retry": FAST_RETRY}
    options.update(kwargs)
    return probe.watch(fake.client(transport=probe, **options)), probe


def price_plan(fake: FakeCoupang, count: int, seed: int) -> list[PriceUpdate]:
    """`count` updates over the fake's items; each (item, price) pair is unique, every price is
    within Coupang's -50 %..+100 % guard of any other price of that item, ~1 % are invalid."""
    rng = random.Random(seed)
    vids = fake.vendor_item_ids(writable=True)
    nth: Counter[int] = Counter()
    plan: list[PriceUpdate] = []
    for _ in range(count):
        vid = rng.choice(vids)
        if rng.random() < 0.01:
            plan.append(PriceUpdate(vid, 12_345) if rng.random() < 0.5 else PriceUpdate(0, 1000))
            continue
        base = fake.vendor_item(vid)
        assert base is not None
        start = round(base.sale_price * 0.8, -1)
        plan.append(PriceUpdate(vid, int(start) + 10 * nth[vid]))
        nth[vid] += 1
    return plan


def price_requests(fake: FakeCoupang) -> dict[tuple[int, int], list[RecordedRequest]]:
    """The fake's logged price PUTs, by (vendor item id, price)."""
    by_intent: dict[tuple[int, int], list[RecordedRequest]] = defaultdict(list)
    for record in fake.requests.filter("PUT", PRICES):
        parts = record.path.split("/")
        by_intent[int(parts[-3]), int(parts[-1])].append(record)
    return by_intent


def applied(record: RecordedRequest) -> bool:
    """The fake processed this request and changed the price (replies may still be lost)."""
    if record.fault in (FaultKind.DROP_AFTER,):
        return True
    return record.status == 200


async def test_2000_updates_through_503s_timeouts_and_a_429() -> None:
    """2,000 updates with 503s, timeouts and one 429: one accurate result each, no intent applied
    twice, one write in flight per item, nothing sent after the 429, state equals the OK results;
    re-running updates_to_retry() then completes every newest intent."""
    fake = FakeCoupang(products=300, seed=3, requests_per_second=None, request_log_size=None)
    fake.faults.add(Fault.rate_limited(), method="PUT", skip=1200, times=1)
    fake.faults.add(Fault.server_error(503), method="PUT", probability=0.10, seed=1)
    fake.faults.add(Fault.timeout(processed=False), method="PUT", probability=0.05, seed=2)
    plan = price_plan(fake, 2000, seed=4)
    original = {vid: fake.vendor_item(vid).sale_price for vid in fake.vendor_item_ids()}  # type: ignore[union-attr]

    client, probe = wired(fake, max_concurrency=8)
    async with client:
        result = await bulk.update_prices(client, iter(plan), window=100)

    # One result per input, in order.
    assert [r.index for r in result.results] == list(range(2000))
    assert [r.update for r in result.results] == plan
    # The 503s and timeouts that outlast the client's retries cannot be known: UNKNOWN.
    assert min(result.counts[s] for s in (OK, FAILED, SUPERSEDED, NOT_ATTEMPTED)) > 0, result
    assert result.counts[UNKNOWN] > 0, result

    # The 429 stopped the run; nothing reached the fake after the client saw it.
    assert isinstance(result.stopped_by, RateLimitError)
    assert not result.stopped_by.local
    assert not any(exchange.arrived_after_429 for exchange in probe.exchanges)
    assert probe.max_in_flight_per_item == 1

    # Each result is accurate, checked against the fake's own log.
    sent = price_requests(fake)
    for r in result.results:
        records = sent.get((r.update.vendor_item_id, r.update.price), [])
        if r.status is OK:
            assert [applied(x) for x in records].count(True) == 1
            assert applied(records[-1])
        elif r.status in (SUPERSEDED, NOT_ATTEMPTED) or isinstance(r.error, InvalidInputError):
            assert records == []
        elif r.status is UNKNOWN:  # sent, and no answer says whether it was applied
            # (a 5xx or a timeout; or one of those, then a retry refused by the cool-down)
            assert isinstance(r.error, ServerError | APIConnectionError) or (
                isinstance(r.error, RateLimitError) and r.error.local
            )
            assert records
        else:
            assert r.status is FAILED
            assert isinstance(r.error, RateLimitError)
            assert not any(applied(x) for x in records)

    # The fake's write counters: one write per OK intent, never two for one intent.
    ok_per_item = Counter(r.vendor_item_id for r in result.results if r.status is OK)
    for vid in original:
        assert fake.writes(vid).get("price", 0) == ok_per_item[vid]

    # The final state is the last OK update of each item (others untouched).
    last_ok = {r.vendor_item_id: r.update.price for r in result.results if r.status is OK}
    for vid, price in original.items():
        assert fake.vendor_item(vid).sale_price == last_ok.get(vid, price)  # type: ignore[union-attr]

    # A re-run of updates_to_retry() on a fresh client (no cool-down) finishes the job.
    fake.faults.clear()
    retry = result.updates_to_retry()
    assert retry
    client, probe = wired(fake)
    async with client:
        second = await bulk.update_prices(client, retry)
    assert second.ok
    newest: dict[int, int] = {}
    for update in plan:
        if update.vendor_item_id > 0 and update.price % 10 == 0:
            newest[update.vendor_item_id] = update.price
    for vid, price in original.items():
        assert fake.vendor_item(vid).sale_price == newest.get(vid, price)  # type: ignore[union-attr]


async def test_lost_replies_of_applied_writes_are_resent_idempotently() -> None:
    """When the fake applies a write and the reply is lost, the client re-sends the same absolute
    value: the result is accurate and the extra writes are exactly those re-sends."""
    fake = FakeCoupang(products=120, seed=5, requests_per_second=None, request_log_size=None)
    fake.faults.add(Fault.drop_after(), method="PUT", probability=0.05, seed=1)
    fake.faults.add(Fault.timeout(processed=True), method="PUT", probability=0.05, seed=2)
    fake.faults.add(Fault.server_error(504, processed=True), method="PUT", probability=0.05, seed=3)
    plan = price_plan(fake, 600, seed=6)
    client, probe = wired(fake, max_concurrency=6)
    async with client:
        result = await bulk.update_prices(client, plan, window=50)
    assert result.total == 600
    assert probe.max_in_flight_per_item == 1
    sent = price_requests(fake)
    processed: Counter[int] = Counter()
    for (vid, _), records in sent.items():
        # Every request of these faults reached the backend, so each one is a write.
        processed[vid] += sum(1 for x in records if x.status in (200, 504) or x.fault)
    for vid in {u.vendor_item_id for u in plan if u.vendor_item_id > 0}:
        assert fake.writes(vid).get("price", 0) == processed[vid]
    for r in result.results:
        records = sent.get((r.update.vendor_item_id, r.update.price), [])
        if r.status is OK:
            assert records[-1].status == 200
        elif r.status is FAILED:
            # Never a write that was sent: every fault here hides an applied write.
            assert isinstance(r.error, InvalidInputError), r
            assert records == []
        elif r.status is UNKNOWN:
            assert len(records) == 3  # retried to the limit; all three were applied anyway
    # Every request of these faults was processed, so an item holds the value of its last update
    # (in input order) that was sent at all: its last OK one, unless a later one ended UNKNOWN
    # after all three of its attempts landed (whether that happens depends on the scheduling
    # order, which trio randomises).
    last_ok = {r.vendor_item_id: r.update.price for r in result.results if r.status is OK}
    last_landed: dict[int, ItemResult[PriceUpdate]] = {}
    for r in result.results:
        if sent.get((r.update.vendor_item_id, r.update.price)):
            last_landed[r.vendor_item_id] = r
    assert last_ok.keys() <= last_landed.keys()
    for vid, r in last_landed.items():
        assert fake.vendor_item(vid).sale_price == r.update.price  # type: ignore[union-attr]
        if r.update.price != last_ok.get(vid):
            assert r.status is UNKNOWN, r


async def test_the_fakes_own_rate_limit_stops_the_run() -> None:
    """An unpaced client hits the fake's 5/s limit: the run stops at the first 429, accurately."""
    fake = FakeCoupang(products=40, seed=7, requests_per_second=5, request_log_size=None)
    vids = fake.vendor_item_ids(writable=True)[:30]
    plan = [QuantityUpdate(vid, 77) for vid in vids]
    client, _ = wired(fake, max_concurrency=1)
    async with client:
        result = await bulk.update_quantities(client, plan)
    assert statuses(result) == [OK] * 5 + [FAILED] + [NOT_ATTEMPTED] * 24
    assert result.results[5].error is result.stopped_by
    assert len(fake.requests) == 6
    assert [fake.vendor_item(v).quantity for v in vids[:5]] == [77] * 5  # type: ignore[union-attr]
    assert all(fake.writes(v) == {} for v in vids[5:])


async def test_paced_run_stays_under_the_fakes_limit() -> None:
    """Paced just below the fake's limit, a run gets no 429 and every update lands."""
    fake = FakeCoupang(products=40, seed=8, requests_per_second=50, request_log_size=None)
    vids = fake.vendor_item_ids(writable=True)[:60]
    plan = [QuantityUpdate(vid, 5) for vid in vids]
    client, _ = wired(fake, requests_per_second=40, max_concurrency=8)
    async with client:
        result = await bulk.update_quantities(client, plan)
    assert result.ok
    assert all(record.status == 200 for record in fake.requests)


def statuses(result: BulkResult[Any]) -> list[ItemStatus]:
    """The statuses of a result, in input order."""
    return [r.status for r in result.results]


async def test_supersession_and_one_write_in_flight_against_the_fake() -> None:
    """Held writes let later updates supersede unsent ones and wait behind in-flight ones."""
    fake = FakeCoupang(products=20, seed=9, requests_per_second=None)
    a, b, c = fake.vendor_item_ids(writable=True)[:3]
    price = {v: fake.vendor_item(v).sale_price for v in (a, b, c)}  # type: ignore[union-attr]
    release = anyio.Event()

    async def hold(request: httpx.Request) -> None:
        if f"/{a}/" in request.url.path:
            await release.wait()

    client, probe = wired(fake, max_concurrency=2)
    probe.hold = hold
    plan = [
        PriceUpdate(a, price[a] + 10),  # in flight, held
        PriceUpdate(b, price[b] + 10),  # sent by the second worker
        PriceUpdate(a, price[a] + 20),  # waits for the held write of a...
        PriceUpdate(a, price[a] + 30),  # ...and replaces it before it is sent
        PriceUpdate(c, price[c] + 10),
    ]

    async def source() -> AsyncIterator[PriceUpdate]:
        yield plan[0]
        yield plan[1]
        await anyio.wait_all_tasks_blocked()  # a's first write is held in flight, b's done
        for update in plan[2:]:
            yield update

    holder: list[BulkResult[PriceUpdate]] = []
    async with client, anyio.create_task_group() as group:

        async def run() -> None:
            holder.append(await bulk.update_prices(client, source()))

        group.start_soon(run)
        await anyio.wait_all_tasks_blocked()
        release.set()
    result = holder[0]
    assert statuses(result) == [OK, OK, SUPERSEDED, OK, OK]
    assert result.results[2].superseded_by == 3
    assert fake.writes(a) == {"price": 2}
    assert fake.vendor_item(a).sale_price == price[a] + 30  # type: ignore[union-attr]
    assert probe.max_in_flight_per_item == 1


async def test_cancelling_a_run_against_the_fake_leaves_accurate_results() -> None:
    """A task-group cancel mid-run: OK ones applied, UNKNOWN ones were in flight, the rest never
    sent; the cancellation propagates."""
    fake = FakeCoupang(products=300, seed=10, requests_per_second=None, request_log_size=None)
    plan = price_plan(fake, 800, seed=11)
    # Some writes hang long enough to be in flight whenever the cancel comes.
    fake.faults.add(Fault.slow(3600), method="PUT", probability=0.02, seed=12, times=4)
    into: BulkResult[PriceUpdate] = BulkResult()
    client, probe = wired(fake, max_concurrency=8)
    finished = False
    async with client, anyio.create_task_group() as group:

        def progress(snapshot: BulkProgress) -> None:
            if snapshot.done >= 300:
                group.cancel_scope.cancel()

        async def run() -> None:
            nonlocal finished
            await bulk.update_prices(client, plan, into=into, progress=progress)
            finished = True

        group.start_soon(run)
    assert not finished
    assert into.cancelled
    assert [r.index for r in into.results] == list(range(into.total))
    assert into.counts[UNKNOWN] > 0
    sent = price_requests(fake)
    for r in into.results:
        records = sent.get((r.update.vendor_item_id, r.update.price), [])
        if r.status is OK:
            assert records[-1].status == 200
        elif r.status in (NOT_ATTEMPTED, SUPERSEDED):
            assert records == []
        # UNKNOWN: the client had handed the write to the transport when the cancel came; it
        # may or may not have reached the fake (in-process, the cancel can land before the app
        # logs it), and the write counters below bound what it can have applied.
    ok_per_item = Counter(r.vendor_item_id for r in into.results if r.status is OK)
    unknown_per_item = Counter(r.vendor_item_id for r in into.results if r.status is UNKNOWN)
    for vid in {u.vendor_item_id for u in plan if u.vendor_item_id > 0}:
        writes = fake.writes(vid).get("price", 0)
        assert ok_per_item[vid] <= writes <= ok_per_item[vid] + unknown_per_item[vid]
    assert probe.max_in_flight_per_item == 1


async def test_verify_against_the_fake() -> None:
    """Read-back verification passes on the fake, and catches a value changed behind our back."""
    fake = FakeCoupang(products=20, seed=13, requests_per_second=None)
    a, b = fake.vendor_item_ids(writable=True)[:2]
    client, probe = wired(fake)

    async def meddle(request: httpx.Request) -> None:
        # Someone else changes b's stock between our write and our read-back.
        if request.method == "GET" and f"/{b}/" in request.url.path:
            _, item = fake.vendor().vendor_items[b]
            item.doc["maximumBuyCount"] = 1

    probe.hold = meddle
    async with client:
        result = await bulk.update_quantities(
            client, [QuantityUpdate(a, 40), QuantityUpdate(b, 50)], verify=True
        )
    assert [(r.status, r.verified) for r in result.results] == [(OK, True), (FAILED, False)]
    assert isinstance(result.results[1].error, VerificationError)
    assert result.updates_to_retry() == [QuantityUpdate(b, 50)]


async def test_sales_stop_and_resume_against_the_fake() -> None:
    """set_sales stops and resumes items; the fake's counters show one write each."""
    fake = FakeCoupang(products=20, seed=14, requests_per_second=None)
    a, b = fake.vendor_item_ids(writable=True)[:2]
    client, _ = wired(fake)
    async with client:
        result = await bulk.set_sales(
            client,
            [SalesUpdate(a, False), SalesUpdate(b, False), SalesUpdate(b, True)],
            verify=True,
        )
    assert result.ok
    assert fake.vendor_item(a).on_sale is False  # type: ignore[union-attr]
    assert fake.vendor_item(b).on_sale is True  # type: ignore[union-attr]
    assert fake.writes(a) == {"sales_stop": 1}
    assert sum(fake.writes(b).values()) in (1, 2)  # the stop of b may be superseded


async def test_generator_input_against_the_fake() -> None:
    """A lazy generator of 3,000 updates runs through under asyncio and trio alike."""
    fake = FakeCoupang(products=100, seed=15, requests_per_second=None, request_log_size=0)
    vids = fake.vendor_item_ids(writable=True)

    def plan() -> Iterator[QuantityUpdate]:
        for i in range(3000):
            yield QuantityUpdate(vids[i % len(vids)], i % 1000)

    client, probe = wired(fake, max_concurrency=8)
    async with client:
        result = await bulk.update_quantities(client, plan(), window=64)
    assert result.total == 3000
    assert set(statuses(result)) <= {OK, SUPERSEDED}
    assert probe.max_in_flight_per_item == 1
    last = {vids[i % len(vids)]: i % 1000 for i in range(3000)}
    assert all(fake.vendor_item(v).quantity == q for v, q in last.items())  # type: ignore[union-attr]
