"""Client-side pacing and the cool-down after a 429 (DESIGN.md §2, §9; reference §3).

Coupang throttles per vendor id at about 10 calls per second and, once a caller exceeds that,
answers 429 for minutes; persistent excess can end in a permanent block. So the client:

- starts requests on a schedule of one every `1 / requests_per_second` seconds, and never more
  than `requests_per_second` (rounded up) in any one-second window; idle time earns no burst;
- after a 429 refuses to send anything for a cool-down period, raising `RateLimitError` at once
  instead of hammering a gateway that is already blocking the vendor;
- halves its pace when a response carries `X-CAG-Warnings` (sent near the throttle threshold)
  and recovers step by step once the warnings stop.

The budget itself (schedule, recent starts, cool-down end) lives behind `RateLimitStore`, keyed
by vendor id. The default store is in-process; a shared store (e.g. Redis) can hold one vendor's
budget for many processes without touching `CoupangClient.send()`.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import anyio

__all__ = ["InMemoryRateLimitStore", "Pacer", "RateLimitStore"]

#: Pace used when the gateway warns while pacing is switched off: half the documented limit.
WARNING_FALLBACK_RATE = 5.0
#: Never slow below this fraction of the configured pace because of warnings.
_MIN_FACTOR = 1 / 16
#: The gateway's throttling window: a warning describes the calls of the last second.
_WARNING_WINDOW = 1.0
#: Seconds without warnings before the pace doubles back towards the configured one.
_RECOVERY_SECONDS = 30.0
#: Floating-point sums of 1/rate can fall a hair short of one second (200 x 0.005 < 1.0), which
#: would let rate+1 starts into one window; a part-per-billion stretch keeps the bound strict.
_STRETCH = 1.0 + 1e-9


@runtime_checkable
class RateLimitStore(Protocol):
    """Where one vendor's request budget lives. All methods must be atomic per key.

    Times are the store's own (a shared store uses a clock every process agrees on).
    """

    async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        """Claim a start for `key` on a schedule of one start per `interval` seconds.

        Returns 0.0 when the caller may start now (and records the start), or the seconds the
        caller must wait before asking again (recording nothing). However starts are scheduled,
        a store must never admit more than `limit` of them in any `window`-second span, and
        must not let idle time accumulate into a burst.
        """
        ...

    async def block(self, key: str, seconds: float) -> None:
        """Start (or extend) a cool-down of `seconds` for `key`; never shortens one."""
        ...

    async def blocked_for(self, key: str) -> float:
        """Seconds left in `key`'s cool-down, 0.0 when there is none."""
        ...


class InMemoryRateLimitStore:
    """The default store: one process, any number of clients sharing it.

    Starts follow a schedule one interval apart. A start that comes a little late (an event
    loop's timers wake up to a millisecond or so after the slot) does not push the schedule
    back, so the pace holds at the configured rate instead of losing the lateness at every
    start (at 200 requests/s, 1 ms per start is 20 %). What keeps that catching-up honest is a
    hard cap, checked against the actual start times: never more starts in any one-second window
    than the rate (rounded up when it is not whole). After an idle spell the schedule restarts
    from now: no credit accumulates, so there are no bursts.

    Args:
        clock: monotonic seconds; injectable so tests can run on virtual time.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next_slot: dict[str, float] = {}
        self._recent: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        now = self._clock()
        slot = self._next_slot.get(key)
        if slot is not None and now < slot:
            return slot - now
        capacity = max(1, limit)
        recent = self._recent.get(key)
        if recent is None or recent.maxlen != capacity:
            recent = self._recent[key] = deque(recent or (), maxlen=capacity)
        if len(recent) == capacity and now - recent[0] < window:
            return recent[0] + window - now
        recent.append(now)
        # Late by less than an interval: keep to the schedule. Later than that: idle, restart.
        start = slot if slot is not None and now - slot < interval else now
        self._next_slot[key] = start + interval
        return 0.0

    async def block(self, key: str, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self._blocked_until.get(key, -math.inf):
            self._blocked_until[key] = until

    async def blocked_for(self, key: str) -> float:
        until = self._blocked_until.get(key)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            del self._blocked_until[key]
            return 0.0
        return left


class Pacer:
    """Paces one client's requests for one vendor key.

    Args:
        key: the budget's key in the store (the vendor id).
        requests_per_second: the configured pace, or None for no pacing.
        store: where the budget lives.
        clock: monotonic seconds (used for warning recovery and the end of a wait).
        sleep: how to wait; `anyio.sleep` unless a test drives virtual time.
    """

    def __init__(
        self,
        key: str,
        requests_per_second: float | None,
        store: RateLimitStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self.key = key
        self.store = store
        self._rate = requests_per_second
        self._clock = clock
        self._sleep = sleep
        self._factor = 1.0
        self._last_warning = -math.inf
        # One waiter at a time polls the store, in arrival order (anyio locks are fair), so
        # a crowd of requests queues instead of racing for each slot.
        self._turn = anyio.Lock()

    @property
    def requests_per_second(self) -> float | None:
        """The pace in force now (lower than configured after `X-CAG-Warnings`)."""
        if self._rate is None and self._factor == 1.0:
            return None
        base = self._rate if self._rate is not None else WARNING_FALLBACK_RATE
        return base * self._factor

    def now(self) -> float:
        """The pacer's clock; a request's start time on it goes back to `note_warning`."""
        return self._clock()

    def note_warning(self, sent_at: float | None = None) -> None:
        """The gateway sent `X-CAG-Warnings`: halve the pace (down to 1/16 of it).

        Args:
            sent_at: when the warned request started (`now()`). The gateway warns about the
                calls of its last one-second window, so a warning on a request that started
                less than one window after the last slowdown still reflects the old pace (a
                whole burst comes back warned) and does not halve the pace again.
        """
        if sent_at is not None and sent_at < self._last_warning + _WARNING_WINDOW:
            return
        self._factor = max(self._factor / 2, _MIN_FACTOR)
        self._last_warning = self._clock()

    def _recover(self) -> None:
        if self._factor < 1.0 and self._clock() - self._last_warning >= _RECOVERY_SECONDS:
            self._factor = min(1.0, self._factor * 2)
            self._last_warning = self._clock()

    async def wait_turn(self) -> None:
        """Return when this request may start; the caller sends immediately after."""
        if self._factor < 1.0:
            self._recover()
        rate = self.requests_per_second
        if rate is None:
            return
        interval = _STRETCH / rate
        # Starts allowed in any one-second window: the rate, rounded up when it is not whole
        # (9.8/s may start 10 in one second and 9 in the next); the epsilon undoes _STRETCH.
        limit = max(1, math.ceil(1.0 / interval - 1e-6))
        async with self._turn:
            while (wait := await self.store.try_start(self.key, interval, limit, 1.0)) > 0:
                await self._sleep(wait)

    async def cooldown_left(self) -> float:
        """Seconds left in the cool-down after a 429, 0.0 when there is none."""
        return await self.store.blocked_for(self.key)

    async def start_cooldown(self, seconds: float) -> None:
        """Refuse to send for `seconds` (the gateway blocks for minutes after a 429)."""
        if seconds > 0:
            await self.store.block(self.key, seconds)
