"""Client-side pacing and the cool-down after a 429 (DESIGN.md §2, §9; reference §3).

Coupang throttles per vendor id at about 10 calls per second and, once a caller exceeds that,
answers 429 for minutes; persistent excess can end in a permanent block. So the client:

- spaces request starts at least `1 / requests_per_second` apart (no bursts: never more than
  `requests_per_second` starts in any one-second window);
- after a 429 refuses to send anything for a cool-down period, raising `RateLimitError` at once
  instead of hammering a gateway that is already blocking the vendor;
- halves its pace when a response carries `X-CAG-Warnings` (sent near the throttle threshold)
  and recovers step by step once the warnings stop.

The budget itself (last start, cool-down end) lives behind `RateLimitStore`, keyed by vendor id.
The default store is in-process; a shared store (e.g. Redis) can hold one vendor's budget for many
processes without touching `CoupangClient.send()`.
"""

from __future__ import annotations

import math
import time
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
#: How late the event loop's timers may wake (epoll rounds timeouts up to whole milliseconds).
_TIMER_SLACK = 0.001
#: Floating-point sums of 1/rate can fall a hair short of one second (200 x 0.005 < 1.0), which
#: would let rate+1 starts into one window; a part-per-billion stretch keeps the bound strict.
_STRETCH = 1.0 + 1e-9


@runtime_checkable
class RateLimitStore(Protocol):
    """Where one vendor's request budget lives. All methods must be atomic per key.

    Times are the store's own (a shared store uses a clock every process agrees on).
    """

    async def try_start(self, key: str, interval: float) -> float:
        """Claim a start for `key` if `interval` seconds passed since the last one.

        Returns 0.0 when the caller may start now (and records now as the last start), or the
        seconds the caller must wait before asking again (recording nothing).
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

    Args:
        clock: monotonic seconds; injectable so tests can run on virtual time.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_start: dict[str, float] = {}
        self._blocked_until: dict[str, float] = {}

    async def try_start(self, key: str, interval: float) -> float:
        now = self._clock()
        last = self._last_start.get(key)
        if last is not None:
            wait = last + interval - now
            if wait > 0:
                return wait
        self._last_start[key] = now
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
        timer_slack: how late a timer may wake. The event loop's timers wake up to about 1 ms
            late (epoll rounds timeouts up to whole milliseconds), and a late start pushes every
            later start back: at 200 requests/s that alone cost about 15 % of the pace. So the
            pacer sleeps until `timer_slack` before the slot and yields until the slot opens
            (reading only its clock). Default: 1 ms with `anyio.sleep`, 0 with an injected sleep.
    """

    def __init__(
        self,
        key: str,
        requests_per_second: float | None,
        store: RateLimitStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        timer_slack: float | None = None,
    ) -> None:
        self.key = key
        self.store = store
        self._rate = requests_per_second
        self._clock = clock
        self._sleep = sleep
        if timer_slack is None:
            timer_slack = _TIMER_SLACK if sleep is anyio.sleep else 0.0
        self._slack = timer_slack
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
        async with self._turn:
            while (wait := await self.store.try_start(self.key, interval)) > 0:
                if wait <= self._slack:
                    deadline = self._clock() + wait
                    while self._clock() < deadline:
                        await self._sleep(0)  # a yield: the slot opens within the slack
                else:
                    await self._sleep(wait - self._slack)

    async def cooldown_left(self) -> float:
        """Seconds left in the cool-down after a 429, 0.0 when there is none."""
        return await self.store.blocked_for(self.key)

    async def start_cooldown(self, seconds: float) -> None:
        """Refuse to send for `seconds` (the gateway blocks for minutes after a 429)."""
        if seconds > 0:
            await self.store.block(self.key, seconds)
