"""Soak: 5,000 bulk updates through ~10 % random faults of every kind and one mid-run 429.

Each run is audited against the fake's own request log, write counters and state:

- exactly one result per input, in input order, each accurate: OK ones landed, SUPERSEDED and
  NOT_ATTEMPTED ones never reached the fake, FAILED ones never landed and carry the error of
  their last attempt (retryable faults only after the full three attempts), UNKNOWN ones were
  sent and got no answer that says whether they landed (a 5xx, a lost or unreadable reply);
- nothing reached the fake after the client saw the 429;
- every item was written exactly as often as its requests were processed (never more than the
  requests that reached the fake), and its final value is that of its last landed update in input
  order: the last OK one, unless a later update is UNKNOWN and its write was processed (a lost
  reply, a timeout, a broken body, a 5xx after the backend acted), which is then the value;
- re-running `updates_to_retry()` (fresh client, same faults) until nothing is left makes every
  item hold the newest valid value of the input: no update is lost.

And the runs leave nothing behind: no task, no checked-out connection, no unclosed socket, no
warning. The client's pacing and the fake's rate limit are off and retries are instant, so the
soak measures behaviour, not time.
"""

from __future__ import annotations

import random
import warnings
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from coupang_async import (
    APIConnectionError,
    APITimeoutError,
    BulkResult,
    BusinessError,
    CoupangClient,
    CoupangError,
    GatewayTimeoutError,
    InvalidInputError,
    ItemResult,
    ItemStatus,
    PermissionDeniedError,
    PriceUpdate,
    QuantityUpdate,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    bulk,
)
from coupang_async.testing import FakeCoupang, Fault, FaultKind, RecordedRequest

from .bulk_fake import Probe
from .helpers import FAST_RETRY
from .leaks import checked_out, collect_resource_warnings, count_tasks, pool_of

pytestmark = pytest.mark.both_backends

OK = ItemStatus.OK
FAILED = ItemStatus.FAILED
SUPERSEDED = ItemStatus.SUPERSEDED
NOT_ATTEMPTED = ItemStatus.NOT_ATTEMPTED
UNKNOWN = ItemStatus.UNKNOWN

INPUTS = 5000
SKIP_BEFORE_429 = 2500  # the 429 answers the 2,501st write request (about half-way)
MAX_ROUNDS = 8  # re-runs of updates_to_retry(); each one leaves far fewer behind
PRICES = "*/vendor-items/*/prices/*"
QUANTITIES = "*/vendor-items/*/quantities/*"

# (fault, probability): about 11 % of write requests, every kind the fake has. 502 is the only
# status used for "processed, then 5xx", so the log tells which 5xx answers hid an applied write.
RANDOM_FAULTS: list[tuple[Fault, float]] = [
    (Fault.server_error(500), 0.015),
    (Fault.server_error(503), 0.015),
    (Fault.server_error(504), 0.01),
    (Fault.server_error(502, processed=True), 0.01),
    (Fault.access_denied(), 0.005),
    (Fault.business_error(), 0.01),
    (Fault.truncated_json(), 0.005),
    (Fault.wrong_content_type(), 0.005),
    (Fault.drop_before(), 0.01),
    (Fault.drop_after(), 0.01),
    (Fault.timeout(), 0.01),  # processed, then no reply in time
    (Fault.slow(0.002), 0.005),
]
# Over a socket a timeout really waits: the client's read timeout and a few late replies.
SOCKET_READ_TIMEOUT = 1.0  # far above a loopback reply, even on a loaded machine
SOCKET_LATE_REPLY = 1.5
SOCKET_TIMEOUTS = 2  # each one holds the in-order window for a second
# A few replies that never end in time: a body trickled a byte every half second (only the
# client's attempt deadline ends it; the PUT is retried) and an endless body (cut off at the
# client's size cap; not retried). Both are processed before the reply starts.
ATTEMPT_DEADLINE = 2.0
MAX_RESPONSE_BYTES = 256 * 1024
STREAMED_FAULTS: list[Fault] = [
    Fault.trickle(0.5),
    Fault.endless_body(chunk_size=64 * 1024, in_process_bytes=2**20),
]

# Faults after which the client retries (a PUT: idempotent).
RETRYABLE = {
    FaultKind.SERVER_ERROR,
    FaultKind.DROP_BEFORE,
    FaultKind.DROP_AFTER,
    FaultKind.TIMEOUT,
    FaultKind.TRICKLE,
}
# Faults that leave a good reply.
HARMLESS = {FaultKind.WRONG_CONTENT_TYPE, FaultKind.SLOW}
# Faults whose request the fake processed (the write landed) before the reply went wrong.
PROCESSED = {
    FaultKind.TRUNCATED_JSON,
    FaultKind.DROP_AFTER,
    FaultKind.TIMEOUT,
    FaultKind.TRICKLE,
    FaultKind.ENDLESS_BODY,
    *HARMLESS,
}
Update = PriceUpdate | QuantityUpdate


def add_faults(fake: FakeCoupang, path: str, *, over_socket: bool) -> None:
    """The mid-run 429 first (so it fires exactly once), then the random faults."""
    fake.faults.add(Fault.rate_limited(), method="PUT", path=path, skip=SKIP_BEFORE_429, times=1)
    if over_socket:
        late = Fault.timeout(seconds=SOCKET_LATE_REPLY)
        fake.faults.add(
            late, method="PUT", path=path, probability=0.01, seed=99, times=SOCKET_TIMEOUTS
        )
    for seed, (fault, probability) in enumerate(RANDOM_FAULTS):
        if over_socket and fault.kind is FaultKind.TIMEOUT:
            continue
        fake.faults.add(fault, method="PUT", path=path, probability=probability, seed=seed)
    for seed, fault in enumerate(STREAMED_FAULTS, start=90):
        fake.faults.add(fault, method="PUT", path=path, probability=0.002, seed=seed, times=2)


def value_of(update: Update) -> int:
    """The absolute value an update writes."""
    return update.price if isinstance(update, PriceUpdate) else update.quantity


def current(fake: FakeCoupang, vid: int, update_type: type[Update]) -> int:
    """The fake's value of the field an update of this type writes."""
    snapshot = fake.vendor_item(vid)
    assert snapshot is not None
    return snapshot.sale_price if update_type is PriceUpdate else snapshot.quantity


def make_plan(fake: FakeCoupang, update_type: type[Update], seed: int) -> list[Update]:
    """INPUTS updates over the fake's items, some in bursts on one item; each (item, value) pair
    is unique, prices stay within Coupang's -50 %..+100 % guard of every other price of the item,
    ~1 % are invalid."""
    rng = random.Random(seed)
    vids = fake.vendor_item_ids(writable=True)
    nth: Counter[int] = Counter()
    plan: list[Update] = []
    recent: list[int] = []
    for _ in range(INPUTS):
        # One in five goes to an item updated 50..99 inputs before (the run's window is 100):
        # the earlier write is often in flight then, so the later one must wait for it (never
        # two in flight for one item), or it is still queued and gets replaced (supersession).
        reuse = len(recent) >= 50 and rng.random() < 0.2
        vid = rng.choice(recent[:50]) if reuse else rng.choice(vids)
        recent = [*recent[-99:], vid]
        if rng.random() < 0.01:
            bad_value = 12_345 if update_type is PriceUpdate else 100_000
            plan.append(update_type(vid, bad_value) if rng.random() < 0.5 else update_type(0, 10))
            continue
        if update_type is PriceUpdate:
            base = round(current(fake, vid, PriceUpdate) * 0.8, -1)
            plan.append(PriceUpdate(vid, int(base) + 10 * nth[vid]))
        else:
            plan.append(QuantityUpdate(vid, 100 + nth[vid]))
        nth[vid] += 1
    return plan


def intent(record: RecordedRequest) -> tuple[int, int]:
    """(vendor item id, value) of a logged write: `…/vendor-items/{id}/prices/{value}`."""
    parts = record.path.split("/")
    return int(parts[-3]), int(parts[-1])


def landed(record: RecordedRequest) -> bool:
    """The fake applied this write (whatever reply the client got)."""
    if record.fault is None:
        return record.status == 200
    if record.fault is FaultKind.SERVER_ERROR:
        return record.status == 502
    return record.fault in PROCESSED


def good(record: RecordedRequest) -> bool:
    """The client got a good reply to this write."""
    return (record.fault is None or record.fault in HARMLESS) and record.status == 200


def retryable(record: RecordedRequest) -> bool:
    """The client retries a PUT after this reply."""
    return record.fault in RETRYABLE


def expected_error(record: RecordedRequest) -> type[CoupangError]:
    """The exception the client raises for the faulty reply to this request."""
    kind = record.fault
    if kind is FaultKind.SERVER_ERROR:
        return GatewayTimeoutError if record.status == 504 else ServerError
    if kind in (FaultKind.TIMEOUT, FaultKind.TRICKLE):
        return APITimeoutError
    errors: dict[FaultKind | None, type[CoupangError]] = {
        FaultKind.ACCESS_DENIED: PermissionDeniedError,
        FaultKind.BUSINESS_ERROR: BusinessError,
        FaultKind.TRUNCATED_JSON: ResponseValidationError,
        FaultKind.DROP_BEFORE: APIConnectionError,
        FaultKind.DROP_AFTER: APIConnectionError,
        FaultKind.RATE_LIMITED: RateLimitError,
        FaultKind.ENDLESS_BODY: ResponseTooLargeError,
    }
    return errors[kind]


class Ledger:
    """What the soak knows across rounds: the fake's writes it has accounted for, and the value
    every touched item must hold."""

    def __init__(self, fake: FakeCoupang, update_type: type[Update], kind: str) -> None:
        self.fake = fake
        self.update_type = update_type
        self.kind = kind  # the fake's write counter: "price" or "quantity"
        self.landed: Counter[int] = Counter()
        self.expected: dict[int, int] = {
            vid: current(fake, vid, update_type) for vid in fake.vendor_item_ids()
        }
        self.figures: Counter[str] = Counter()

    def audit(
        self,
        updates: Sequence[Update],
        result: BulkResult[Any],
        records: list[RecordedRequest],
        probe: Probe,
        *,
        first_round: bool,
    ) -> None:
        """Check one run's results against the requests it caused (see the module docstring)."""
        results = result.results
        assert [r.index for r in results] == list(range(len(updates)))
        assert [r.update for r in results] == list(updates)
        assert result.total == len(updates)
        assert not result.cancelled
        assert probe.max_in_flight_per_item == 1
        assert not any(exchange.arrived_after_429 for exchange in probe.exchanges)

        writes = [r for r in records if r.method == "PUT"]
        by_intent: dict[tuple[int, int], list[RecordedRequest]] = defaultdict(list)
        for record in writes:
            by_intent[intent(record)].append(record)
        limited = [r for r in writes if r.fault is FaultKind.RATE_LIMITED]
        if first_round:
            assert len(limited) == 1
            assert isinstance(result.stopped_by, RateLimitError)
            assert not result.stopped_by.local
        else:
            assert limited == []
            assert result.stopped_by is None

        accounted = 0
        last_landed: dict[int, int] = {}
        for r in results:
            recs = by_intent.get((r.update.vendor_item_id, value_of(r.update)), [])
            accounted += len(recs)
            self._check_one(r, recs, result)
            if any(landed(x) for x in recs):
                last_landed[r.vendor_item_id] = value_of(r.update)
                if r.status is not OK:
                    # An attempt landed but its reply was lost or unreadable (_check_one saw no
                    # good reply): UNKNOWN, never FAILED (_check_one checks).
                    self.figures["unknown but landed"] += 1
            self.figures[r.status.value] += 1
        assert accounted == len(writes)  # no request the results do not account for

        # Written exactly as often as processed, never more than the requests that arrived.
        for record in writes:
            if landed(record):
                self.landed[intent(record)[0]] += 1
        arrived = Counter(intent(r)[0] for r in self.fake.requests if r.method == "PUT")
        written = Counter(
            {vid: n for (vid, kind), n in self.fake.write_counts.items() if kind == self.kind}
        )
        assert written.keys() <= self.expected.keys()
        for vid in self.expected:
            assert written[vid] == self.landed[vid] <= arrived[vid]

        # The state: the last landed update of each item, in input order; that is the last OK
        # one unless a later update is UNKNOWN with its write processed.
        self.expected.update(last_landed)
        last_ok = {r.vendor_item_id: value_of(r.update) for r in results if r.status is OK}
        for vid, value in self.expected.items():
            assert current(self.fake, vid, self.update_type) == value
        self.figures["items whose last landed write is not their last OK"] += sum(
            1 for vid, value in last_landed.items() if last_ok.get(vid) != value
        )
        self.figures["requests"] += len(writes)
        self.figures["faults"] += sum(1 for record in writes if record.fault is not None)
        for record in writes:
            if record.fault in (FaultKind.TRICKLE, FaultKind.ENDLESS_BODY):
                self.figures[record.fault.value] += 1

    def _check_one(
        self, r: ItemResult[Any], recs: list[RecordedRequest], result: BulkResult[Any]
    ) -> None:
        if isinstance(r.error, InvalidInputError) or r.status in (SUPERSEDED, NOT_ATTEMPTED):
            assert recs == [], r
            if r.status is NOT_ATTEMPTED:
                assert r.error is result.stopped_by
            return
        assert 1 <= len(recs) <= 3, r
        if r.status is OK:
            assert good(recs[-1]), (r, recs)
            assert all(retryable(x) for x in recs[:-1]), (r, recs)
            return
        assert not any(good(x) for x in recs), (r, recs)
        if r.status is UNKNOWN:
            # Sent, and no answer says whether it landed: a 5xx, a lost or unreadable reply,
            # a timeout (or one of those, then a retry refused by the cool-down).
            unknowable = {*RETRYABLE, FaultKind.TRUNCATED_JSON, FaultKind.ENDLESS_BODY}
            assert any(x.fault in unknowable for x in recs), (r, recs)
            return
        assert r.status is FAILED, r
        # FAILED means not applied: never an update whose write the fake processed.
        assert not any(landed(x) for x in recs), (r, recs)
        if isinstance(r.error, RateLimitError) and r.error.local:
            # Sent, failed in a retryable way, then its retry was refused by the cool-down.
            assert all(retryable(x) for x in recs), (r, recs)
            return
        assert type(r.error) is expected_error(recs[-1]), (r, recs)
        assert all(retryable(x) for x in recs[:-1]), (r, recs)
        if retryable(recs[-1]):
            assert len(recs) == 3, (r, recs)  # retried to the limit


def newest_intents(plan: Sequence[Update]) -> dict[int, int]:
    """The newest valid value of every item in the input."""
    newest: dict[int, int] = {}
    for update in plan:
        valid_price = isinstance(update, PriceUpdate) and update.price % 10 == 0
        valid_quantity = isinstance(update, QuantityUpdate) and update.quantity <= 99_999
        if update.vendor_item_id > 0 and (valid_price or valid_quantity):
            newest[update.vendor_item_id] = value_of(update)
    return newest


async def run_bulk(client: CoupangClient, updates: Sequence[Update]) -> BulkResult[Any]:
    """One bulk run of the plan's kind."""
    if updates and isinstance(updates[0], PriceUpdate):
        return await bulk.update_prices(client, updates, window=100)  # type: ignore[arg-type]
    return await bulk.update_quantities(client, updates, window=100)  # type: ignore[arg-type]


async def soak(fake: FakeCoupang, plan: list[Update], make_client: Any) -> Ledger:
    """Run the plan, then re-run what is left until nothing is, auditing every round."""
    update_type = type(plan[0])
    ledger = Ledger(fake, update_type, "price" if update_type is PriceUpdate else "quantity")
    original = dict(ledger.expected)
    updates: list[Update] = plan
    for round_number in range(MAX_ROUNDS):
        start = len(fake.requests)
        client, probe = make_client()
        async with client:
            result = await run_bulk(client, updates)
            if probe.inner.__class__ is not httpx.ASGITransport:
                assert checked_out(client) == 0  # nothing queued, no connection busy
        if probe.inner.__class__ is not httpx.ASGITransport:
            assert pool_of(client).connections == []  # `async with` closed them all
        ledger.audit(
            updates, result, list(fake.requests)[start:], probe, first_round=round_number == 0
        )
        ledger.figures["rounds"] += 1
        if result.ok:
            break
        updates = result.updates_to_retry()
        assert updates
    else:
        pytest.fail(f"still failing after {MAX_ROUNDS} rounds")
    # No update lost: every item holds the newest valid value of the input.
    newest = newest_intents(plan)
    for vid, value in original.items():
        assert current(fake, vid, update_type) == newest.get(vid, value)
    return ledger


def assert_busy_soak(ledger: Ledger) -> None:
    """The first round saw every status, and the faults really fired."""
    figures = ledger.figures
    for status in (OK, FAILED, SUPERSEDED, NOT_ATTEMPTED, UNKNOWN):
        assert figures[status.value] > 0, figures
    assert figures["unknown but landed"] > 0, figures
    assert figures["faults"] > 0.05 * figures["requests"], figures
    assert figures["rounds"] >= 2, figures
    assert figures[FaultKind.TRICKLE.value] > 0, figures
    assert figures[FaultKind.ENDLESS_BODY.value] > 0, figures


async def test_soak_5000_price_updates_in_process() -> None:
    """5,000 price updates, ~10 % faults of every kind and a mid-run 429, in-process: every
    result accurate, state equal to the landed updates, nothing lost after re-runs, no task or
    warning left behind."""
    fake = FakeCoupang(products=1500, seed=51, requests_per_second=None, request_log_size=None)
    add_faults(fake, PRICES, over_socket=False)
    plan = make_plan(fake, PriceUpdate, seed=52)

    def make_client() -> tuple[CoupangClient, Probe]:
        probe = Probe(httpx.ASGITransport(app=fake))
        client = fake.client(
            transport=probe,
            requests_per_second=None,
            retry=FAST_RETRY,
            attempt_deadline=ATTEMPT_DEADLINE,
            max_response_bytes=MAX_RESPONSE_BYTES,
        )
        return probe.watch(client), probe

    tasks_before = count_tasks()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ledger = await soak(fake, plan, make_client)
    assert caught == []
    assert count_tasks() == tasks_before
    assert_busy_soak(ledger)


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_soak_5000_quantity_updates_over_a_socket() -> None:
    """5,000 stock updates with the same faults over a real loopback socket: accurate results
    and state, and afterwards no connection checked out, no unclosed socket, no stray task, no
    warning."""
    fake = FakeCoupang(products=1500, seed=53, requests_per_second=None, request_log_size=None)
    add_faults(fake, QUANTITIES, over_socket=True)
    plan = make_plan(fake, QuantityUpdate, seed=54)
    tasks_before = count_tasks()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with fake.serve() as base_url:

            def make_client() -> tuple[CoupangClient, Probe]:
                limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
                probe = Probe(httpx.AsyncHTTPTransport(limits=limits))
                client = fake.client(
                    base_url=base_url,
                    transport=probe,
                    requests_per_second=None,
                    retry=FAST_RETRY,
                    timeout=httpx.Timeout(10.0, read=SOCKET_READ_TIMEOUT),
                    attempt_deadline=ATTEMPT_DEADLINE,
                    max_response_bytes=MAX_RESPONSE_BYTES,
                )
                return probe.watch(client), probe

            ledger = await soak(fake, plan, make_client)
        leaked_sockets = collect_resource_warnings()
    assert leaked_sockets == []
    assert caught == []
    assert count_tasks() == tasks_before
    assert_busy_soak(ledger)
