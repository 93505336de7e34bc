"""Client-side pacing and the cool-down after a 429.

Coupang throttles per vendor id at about 10 calls per second and, once a caller exceeds that,
answers 429 for minutes; persistent excess can end in a permanent block. So the client:

- keeps a margin for the network. Requests that leave on an even schedule do not arrive on one:
  tens of milliseconds of jitter can bunch `rate + 1` arrivals into one second at the gateway.
  So the pacer never lets more than `ceil(requests_per_second)` requests start in any window of
  `1 + NETWORK_MARGIN` seconds, and spaces starts `(1 + NETWORK_MARGIN) / requests_per_second`
  seconds apart. A rate equal to the gateway's limit then stays within it in every one-second
  window as long as arrival jitter stays under `NETWORK_MARGIN` (50 ms); the price is that the
  client runs at about 95 % of the nominal rate. Idle time earns no burst;
- after a 429 refuses to send anything for a cool-down period (the longer of the client's
  default and the gateway's `Retry-After`, at most `MAX_COOLDOWN`), raising `RateLimitError` at
  once instead of hammering a gateway that is already blocking the vendor;
- steps its pace down a little (`WARNING_STEP`) when a response carries `X-CAG-Warnings` (the
  gateway sends it from about 90 % of its threshold), and steps back up gradually once the
  warnings stop.

The budget itself (schedule, recent starts, cool-down end) lives behind `RateLimitStore`, keyed
by vendor id. The default store is in-process; a shared store (e.g. Redis) can hold one vendor's
budget for many processes without touching `CoupangClient.send()`.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import anyio

__all__ = [
    "MAX_COOLDOWN",
    "NETWORK_MARGIN",
    "InMemoryRateLimitStore",
    "Pacer",
    "RateLimitStore",
]

logger = logging.getLogger("coupang_async.pacing")

#: Seconds of arrival jitter the pacing absorbs: at most `ceil(rate)` starts in any window of
#: `1 + NETWORK_MARGIN` seconds.
NETWORK_MARGIN = 0.05
#: The longest cool-down after a 429, whatever the gateway's `Retry-After` says (15 minutes).
MAX_COOLDOWN = 900.0
#: Pace used when the gateway warns while pacing is switched off: the documented limit.
WARNING_FALLBACK_RATE = 10.0
#: A warning lowers the pace to this fraction of the configured one: one small step to just
#: under the level the gateway warns at (about 90 % of its threshold), not a halving.
WARNING_STEP = 0.95
#: Seconds without warnings before the pace steps back up...
_RECOVERY_SECONDS = 15.0
#: ...by this fraction of the configured pace.
_RECOVERY_STEP = 0.025
#: The gateway's throttling window: a warning describes the calls of the last second.
_WARNING_WINDOW = 1.0


def pacing_window() -> float:
    """The window the start cap applies to: one second plus the network margin."""
    return 1.0 + NETWORK_MARGIN


@runtime_checkable
class RateLimitStore(Protocol):
    """Where one vendor's request budget lives. All methods must be atomic per key.

    Times are the store's own (a shared store uses a clock every process agrees on).
    """

    async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        """Claim a start for `key` on a schedule of one start per `interval` seconds.

        Returns 0.0 when the caller may start now (and records the start), or the seconds the
        caller must wait before asking again (recording nothing). A store never admits more
        than `limit` starts in any window of `window` seconds, catches up after a start that
        came a little late (less than an interval), and lets no idle time accumulate into a
        burst.
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
    hard cap, checked against the actual start times: never more than `limit` starts in any
    window of `window` seconds. After an idle spell the schedule restarts from now: no credit
    accumulates, so there are no bursts.

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
            # Never 0.0 (which means "started"), however the subtraction rounds.
            return max(recent[0] + window - now, 1e-6)
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
        self._last_change = -math.inf
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

    def note_warning(self, sent_at: float | None = None, detail: str = "") -> bool:
        """The gateway sent `X-CAG-Warnings`: step the pace down to `WARNING_STEP` of the
        configured one, or hold it there. Returns True when the pace changed (logged once).

        The gateway warns from about 90 % of its threshold, so at the lowered pace warnings may
        keep coming: they hold the pace down (and restart the quiet period before it recovers)
        but never lower it further; exceeding the threshold is a 429 and a cool-down.

        Args:
            sent_at: when the warned request started (`now()`); the quiet period before the
                pace recovers counts from the newest warned start.
            detail: the header's text, for the log line.
        """
        stamp = self._clock() if sent_at is None else sent_at
        self._last_warning = max(self._last_warning, stamp)
        if self._factor <= WARNING_STEP:
            return False
        before = self.requests_per_second
        self._factor = WARNING_STEP
        self._last_change = self._clock()
        logger.warning(
            "Coupang sent X-CAG-Warnings (%s): pace lowered from %s to %.2f requests/s for vendor"
            " %s",
            detail or "near the rate limit",
            "unpaced" if before is None else f"{before:.2f}",
            self.requests_per_second or 0.0,
            self.key,
        )
        return True

    def _recover(self) -> None:
        now = self._clock()
        if (
            now - self._last_warning >= _RECOVERY_SECONDS
            and now - self._last_change >= _RECOVERY_SECONDS
        ):
            self._factor = min(1.0, self._factor + _RECOVERY_STEP)
            self._last_change = now
            logger.info(
                "no X-CAG-Warnings for %.0f s: pace back up to %.2f requests/s for vendor %s",
                _RECOVERY_SECONDS,
                self.requests_per_second or 0.0,
                self.key,
            )

    async def wait_turn(self) -> None:
        """Return when this request may start; the caller sends immediately after."""
        if self._factor < 1.0:
            self._recover()
        rate = self.requests_per_second
        if rate is None:
            return
        window = pacing_window()
        interval = window / rate
        # The tolerance keeps 10.000000000000002 (a float product) from becoming 11.
        limit = max(1, math.ceil(rate - 1e-9))
        async with self._turn:
            while (wait := await self.store.try_start(self.key, interval, limit, window)) > 0:
                await self._sleep(wait)

    async def cooldown_left(self) -> float:
        """Seconds left in the cool-down after a 429, 0.0 when there is none."""
        return await self.store.blocked_for(self.key)

    async def start_cooldown(self, seconds: float) -> bool:
        """Refuse to send for `seconds` (the gateway blocks for minutes after a 429).

        Returns True when this started a cool-down or lengthened the one in force by more than
        a second (worth a log line); False for the rest of a burst of 429s.
        """
        if seconds <= 0:
            return False
        left = await self.store.blocked_for(self.key)
        await self.store.block(self.key, seconds)
        return left <= 0 or seconds > left + 1.0
