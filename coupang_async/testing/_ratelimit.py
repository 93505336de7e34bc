"""Per-vendor request budget of the fake gateway (Coupang's documentation).

A strict sliding window: at most ``capacity`` requests are admitted in any window of ``window``
seconds; the next one is refused (HTTP 429). Refused requests do not use up budget. After a
refusal the vendor can optionally stay blocked for ``block_seconds`` (the real gateway blocks for
minutes; the fake defaults to no block so an accidental 429 does not stall a test suite).
"""

from __future__ import annotations

import math
from collections import deque
from typing import NamedTuple


class Decision(NamedTuple):
    """Outcome of one admission check."""

    allowed: bool
    used: int  # requests admitted in the current window, including this one when allowed
    capacity: int
    warn: bool  # near the limit: the gateway adds ``X-CAG-Warnings``


class SlidingWindow:
    """Admits at most ``floor(requests_per_second)`` requests per 1.0 s window.

    A rate below 1 request/s admits one request per ``1 / rate`` seconds.
    """

    __slots__ = ("_hits", "_warn_at", "block_seconds", "blocked_until", "capacity", "window")

    def __init__(
        self, requests_per_second: float, *, block_seconds: float = 0.0, warn_ratio: float | None
    ) -> None:
        if not requests_per_second > 0:
            msg = f"requests_per_second must be > 0 or None, got {requests_per_second!r}"
            raise ValueError(msg)
        if block_seconds < 0:
            msg = f"block_seconds must be >= 0, got {block_seconds!r}"
            raise ValueError(msg)
        if requests_per_second >= 1:
            self.capacity = math.floor(requests_per_second)
            self.window = 1.0
        else:
            self.capacity = 1
            self.window = 1.0 / requests_per_second
        self.block_seconds = block_seconds
        self.blocked_until = -math.inf
        self._hits: deque[float] = deque()
        if warn_ratio is None:
            self._warn_at = math.inf
        else:
            self._warn_at = max(1, math.ceil(self.capacity * warn_ratio))

    def check(self, now: float) -> Decision:
        """Admit or refuse one request arriving at ``now`` (seconds, any monotone-ish clock)."""
        hits = self._hits
        horizon = now - self.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if now < self.blocked_until or len(hits) >= self.capacity:
            if self.block_seconds and now >= self.blocked_until:
                self.blocked_until = now + self.block_seconds
            return Decision(False, len(hits), self.capacity, True)
        hits.append(now)
        used = len(hits)
        return Decision(True, used, self.capacity, used >= self._warn_at)

    def reset(self) -> None:
        """Forget the window and any block."""
        self._hits.clear()
        self.blocked_until = -math.inf
