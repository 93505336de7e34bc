"""Pacing, the concurrency bound, the cool-down after a 429, and X-CAG-Warnings."""

from __future__ import annotations

import bisect
import itertools
import random

import anyio
import httpx
import pytest
import respx

from coupang_async import InMemoryRateLimitStore, RateLimitError
from coupang_async._ratelimit import NETWORK_MARGIN, Pacer

from .helpers import BASE_URL, make_client

WINDOW = 1.0 + NETWORK_MARGIN

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/3000000000/inventories"


class VirtualTime:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await anyio.lowlevel.checkpoint()


def max_in_any_window(times: list[float], window: float = 1.0) -> int:
    """The most timestamps inside any half-open window [t, t + window)."""
    ordered = sorted(times)
    return max(
        bisect.bisect_left(ordered, start + window) - index for index, start in enumerate(ordered)
    )


@pytest.mark.parametrize("rate", [0.5, 3.0, 5.0, 10.0, 200.0])
async def test_pacer_never_exceeds_rate_in_any_window(rate: float) -> None:
    """However many tasks ask at once, no window of 1 s plus the network margin sees more starts
    than the rate, and starts are spaced (1 s + margin) / rate apart."""
    clock = VirtualTime()
    pacer = Pacer("A1", rate, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def one() -> None:
        await pacer.wait_turn()
        starts.append(clock())

    async with anyio.create_task_group() as group:
        for _ in range(int(rate * 5) + 5):
            group.start_soon(one)
    assert max_in_any_window(starts, WINDOW) <= max(1, int(rate))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= WINDOW / rate - 1e-9
    # No idling either: the pace is the configured one less the margin, not slower.
    assert starts[-1] - starts[0] == pytest.approx((len(starts) - 1) * WINDOW / rate)


async def test_shared_store_shares_budget() -> None:
    """Two pacers (two clients) on one store and one vendor share a single budget."""
    clock = VirtualTime()
    store = InMemoryRateLimitStore(clock=clock)
    first = Pacer("A1", 10.0, store, clock=clock, sleep=clock.sleep)
    second = Pacer("A1", 10.0, store, clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def one(pacer: Pacer) -> None:
        await pacer.wait_turn()
        starts.append(clock())

    async with anyio.create_task_group() as group:
        for index in range(40):
            group.start_soon(one, first if index % 2 else second)
    assert max_in_any_window(starts) <= 10


async def test_client_pacing_spacing_on_the_wire() -> None:
    """Through the client, request starts never run ahead of a one-per-interval schedule."""

    class RecordingStore(InMemoryRateLimitStore):
        def __init__(self) -> None:
            super().__init__()
            self.admitted: list[float] = []

        async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
            wait = await super().try_start(key, interval, limit, window)
            if wait == 0:
                # The time the store admitted it (a second clock reading could come late).
                self.admitted.append(self._recent[key][-1])
            return wait

    store = RecordingStore()
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(200, json={"code": "SUCCESS"}))
        client = make_client(requests_per_second=100.0, rate_limit_store=store)
        async with client, anyio.create_task_group() as group:
            for _ in range(30):
                group.start_soon(client.get, PATH)
    assert len(store.admitted) == 30
    # The k-th start is at or after its slot; the first may itself have been up to an interval
    # late, so relative to it the k-th comes at least (k - 1) intervals later.
    first = store.admitted[0]
    for k, start in enumerate(store.admitted):
        assert start - first >= (k - 1) * WINDOW / 100 - 1e-9


async def test_concurrency_bound_holds() -> None:
    """No more than max_concurrency requests are ever in flight."""
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await anyio.sleep(0.005)
        in_flight -= 1
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), max_concurrency=3)
    async with client, anyio.create_task_group() as group:
        for _ in range(20):
            group.start_soon(client.get, PATH)
    assert peak == 3


async def test_429_starts_cooldown_and_refuses_locally() -> None:
    """After a 429 the client sends nothing for the cool-down and raises RateLimitError at once."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(
            side_effect=[httpx.Response(429), httpx.Response(200, json={"code": "SUCCESS"})]
        )
        async with make_client(rate_limit_cooldown=120.0) as client:
            with pytest.raises(RateLimitError) as first:
                await client.get(PATH)
            with pytest.raises(RateLimitError) as second:
                await client.put(PATH)
    assert route.call_count == 1
    assert first.value.local is False
    assert first.value.retry_after == 120.0
    assert second.value.local is True
    assert second.value.response is None
    assert 0 < (second.value.retry_after or 0) <= 120.0
    assert "cooling down" in str(second.value)


async def test_cooldown_ends() -> None:
    """Once the cool-down has passed, requests flow again."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(
            side_effect=[httpx.Response(429), httpx.Response(200, json={"code": "SUCCESS"})]
        )
        async with make_client(rate_limit_cooldown=0.05) as client:
            with pytest.raises(RateLimitError):
                await client.get(PATH)
            await anyio.sleep(0.06)
            response = await client.get(PATH)
    assert response.status_code == 200
    assert route.call_count == 2


async def test_store_cooldown_never_shortened() -> None:
    """A shorter block does not cut an existing longer cool-down."""
    clock = VirtualTime()
    store = InMemoryRateLimitStore(clock=clock)
    await store.block("A1", 60)
    await store.block("A1", 5)
    assert await store.blocked_for("A1") == pytest.approx(60)
    clock.now += 61
    assert await store.blocked_for("A1") == 0.0


async def test_cag_warning_steps_the_pace_down_a_little() -> None:
    """A response with X-CAG-Warnings lowers the pace one small step (5 %), not by half."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(
            return_value=httpx.Response(
                200, json={"code": "SUCCESS"}, headers={"X-CAG-Warnings": "throttle 90%"}
            )
        )
        async with make_client(requests_per_second=8.0) as client:
            assert client.requests_per_second == 8.0
            await client.get(PATH)
            assert client.requests_per_second == pytest.approx(7.6)


async def test_cag_warning_paces_even_when_pacing_was_off() -> None:
    """With pacing off, a warning switches pacing on just under the documented limit."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(
            return_value=httpx.Response(200, json={}, headers={"X-CAG-Warnings": "x"})
        )
        async with make_client(requests_per_second=None) as client:
            assert client.requests_per_second is None
            await client.get(PATH)
            assert client.requests_per_second == pytest.approx(9.5)


def test_pace_recovers_gradually_after_quiet_period() -> None:
    """Without further warnings the pace climbs back in small steps to the configured one."""
    clock = VirtualTime()
    pacer = Pacer("A1", 8.0, InMemoryRateLimitStore(clock=clock), clock=clock)
    pacer.note_warning()
    pacer.note_warning()
    assert pacer.requests_per_second == pytest.approx(7.6)
    clock.now += 5
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(7.6)  # not quiet long enough
    clock.now += 11
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(7.8)
    clock.now += 16
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(8.0)
    clock.now += 16
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(8.0)


async def test_requests_queued_before_a_429_are_not_sent_after_it() -> None:
    """A request already waiting for a concurrency slot when a 429 arrives is refused, not sent."""
    release = anyio.Event()
    sent: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if len(sent) == 1:
            await release.wait()
            return httpx.Response(429)
        return httpx.Response(200, json={"code": "SUCCESS"})

    errors: list[RateLimitError] = []

    async def call(method: str) -> None:
        try:
            await client.request(method, PATH)
        except RateLimitError as exc:
            errors.append(exc)

    client = make_client(transport=httpx.MockTransport(handler), max_concurrency=1)
    async with client, anyio.create_task_group() as group:
        group.start_soon(call, "GET")
        await anyio.wait_all_tasks_blocked()
        group.start_soon(call, "PUT")  # passes the cool-down check, then waits for the slot
        await anyio.wait_all_tasks_blocked()
        release.set()
    assert sent == ["GET"]
    assert [error.local for error in errors] == [False, True]


async def test_one_burst_of_warnings_steps_the_pace_down_once() -> None:
    """Warnings on every response of a burst slow the client down once (and log it once)."""
    release = anyio.Event()
    arrived = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal arrived
        arrived += 1
        if arrived == 6:
            release.set()
        await release.wait()
        return httpx.Response(200, json={"code": "SUCCESS"}, headers={"X-CAG-Warnings": "90%"})

    client = make_client(transport=httpx.MockTransport(handler), requests_per_second=1000.0)
    async with client, anyio.create_task_group() as group:
        for _ in range(6):
            group.start_soon(client.get, PATH)
    assert client.requests_per_second == pytest.approx(950.0)


def test_warnings_that_keep_coming_hold_the_pace_without_compounding() -> None:
    """The gateway warns from 90 % of its threshold: at the lowered pace warnings may keep
    coming; they hold the pace (and restart the quiet period) but never halve it."""
    clock = VirtualTime()
    pacer = Pacer("A1", 10.0, InMemoryRateLimitStore(clock=clock), clock=clock)
    assert pacer.note_warning(sent_at=clock()) is True
    for _ in range(100):
        clock.now += 1.1
        assert pacer.note_warning(sent_at=clock()) is False
    assert pacer.requests_per_second == pytest.approx(9.5)
    clock.now += 14
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(9.5)  # the last warning was 14 s ago
    clock.now += 2
    pacer._recover()
    assert pacer.requests_per_second == pytest.approx(9.75)


class LateTimers(VirtualTime):
    """Virtual time whose timers wake 0.9 ms late, like epoll rounding up to whole ms."""

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + (0.0009 if seconds > 0 else 0.00005)  # a yield takes 50 us
        await anyio.lowlevel.checkpoint()


async def test_late_timers_do_not_slow_the_pace() -> None:
    """Timers that wake late do not push the schedule back; the window bound still holds."""
    clock = LateTimers()
    pacer = Pacer("A1", 200.0, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def one() -> None:
        for _ in range(50):
            await pacer.wait_turn()
            starts.append(clock())

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(one)
    achieved = (len(starts) - 1) / (max(starts) - min(starts))
    assert max_in_any_window(starts, WINDOW) <= 200
    assert achieved >= 0.99 * 200 / WINDOW


class JitteryTimers(VirtualTime):
    """Virtual time whose timers wake 0 to 30 ms late, at random (a busy machine)."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.random = random.Random(seed)

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.random.uniform(0, 0.03)
        await anyio.lowlevel.checkpoint()


@pytest.mark.parametrize("rate", [10.0, 50.0, 200.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_window_bound_holds_under_jitter(rate: float, seed: int) -> None:
    """Whatever the lateness, no window of 1 s + margin ever holds more than `rate` starts."""
    clock = JitteryTimers(seed)
    pacer = Pacer("A1", rate, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def one() -> None:
        for _ in range(int(rate) // 2 + 5):
            await pacer.wait_turn()
            starts.append(clock())

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(one)
    assert max_in_any_window(starts, WINDOW) <= int(rate)


async def test_idle_time_builds_no_burst() -> None:
    """After an idle spell, starts are spaced by the interval again (no saved-up credit)."""
    clock = VirtualTime()
    pacer = Pacer("A1", 10.0, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    await pacer.wait_turn()
    clock.now += 60.0
    starts = []
    for _ in range(5):
        await pacer.wait_turn()
        starts.append(clock())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= WINDOW / 10 - 1e-9


@pytest.mark.parametrize(("rate", "cap"), [(9.8, 10), (2.5, 3), (0.5, 1)])
async def test_fractional_rate_keeps_its_average(rate: float, cap: int) -> None:
    """A fractional rate keeps its average pace (less the margin); a window of 1 s plus the
    margin holds at most the rate rounded up."""
    clock = JitteryTimers(seed=4)
    pacer = Pacer("A1", rate, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    starts: list[float] = []
    for _ in range(int(rate * 20) + 2):
        await pacer.wait_turn()
        starts.append(clock())
    achieved = (len(starts) - 1) / (starts[-1] - starts[0])
    assert max_in_any_window(starts, WINDOW) <= cap
    assert achieved == pytest.approx(rate / WINDOW, rel=0.02)
