"""Client-side pacing: how close CoupangClient gets to its `requests_per_second` (goal >= 0.95)
without ever exceeding it in any one-second window (`max_window_ratio`, goal <= 1.0).

Against the raw server (no limit of its own), c=8, the pace well below what the client can do,
so the pacer, not the client's CPU, decides the rate. The starts are the times the rate-limit
store admitted each request (a recording `InMemoryRateLimitStore`, as the client's own tests
do): that is what the limit is enforced on. The times the requests then reach the transport
(an httpx request hook, after signing) carry a few hundred microseconds of scheduling jitter,
enough to put rate + 1 of them into some one-second window now and then; their window is
reported as `wire_max_window_ratio`. `case_bulk` measures bulk updates against the fake's limit.
"""

from __future__ import annotations

import bisect
import time

import httpx

from benchmarks.clients import coupang_client, httpx_sender
from benchmarks.harness import Case, Comparison, Context, Metrics, drive
from coupang_async import InMemoryRateLimitStore


class RecordingStore(InMemoryRateLimitStore):
    """The default store, noting when it admits a start."""

    def __init__(self) -> None:
        super().__init__()
        self.admitted: list[float] = []

    async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        wait = await super().try_start(key, interval, limit, window)
        if wait == 0:
            self.admitted.append(self._recent[key][-1])  # the admission time itself
        return wait


def _most_in_a_second(starts: list[float]) -> int:
    """The most starts in any window [t, t + 1 s)."""
    return max(bisect.bisect_left(starts, t + 1.0) - i for i, t in enumerate(starts))


async def run(ctx: Context) -> Metrics:
    rate = float(ctx.params["rate"])
    total = ctx.size(int(rate * 4) + 1, 6)
    store = RecordingStore()
    on_the_wire: list[float] = []

    async def record(request: httpx.Request) -> None:
        on_the_wire.append(time.monotonic())

    async with coupang_client(ctx.server("raw"), 8, rate, rate_limit_store=store) as client:
        await drive(httpx_sender(client, "PUT"), 8, 8)  # connections open before timing
        store.admitted.clear()
        client.event_hooks["request"].append(record)
        await drive(httpx_sender(client, "PUT"), total, 8)
    starts = store.admitted
    span = starts[-1] - starts[0]
    achieved = (len(starts) - 1) / span if span > 0 else float("inf")
    return {
        "achieved_per_s": achieved,
        "pace_ratio": achieved / rate,
        "max_window_ratio": _most_in_a_second(starts) / rate,
        "wire_max_window_ratio": _most_in_a_second(on_the_wire) / rate,
    }


# 10/s is the gateway's documented limit; 100/s shows the cost of spacing starts strictly (each
# start waits a full interval after the previous one, so timer overshoot is never won back).
RATES = (10, 100)

CASES = [
    Case(
        f"pace.client.r{rate}",
        run,
        f"CoupangClient(requests_per_second={rate}), c=8: achieved starts/s",
        servers=("raw",),
        params={"rate": rate},
    )
    for rate in RATES
]

COMPARISONS = [
    *(
        Comparison(
            f"client pace vs its requests_per_second={rate}",
            (f"pace.client.r{rate}", "pace_ratio"),
            1.0,
            (">=", 0.95) if rate == 10 else None,
        )
        for rate in RATES
    ),
    *(
        Comparison(
            f"most starts in any 1 s window / requests_per_second={rate}",
            (f"pace.client.r{rate}", "max_window_ratio"),
            1.0,
            ("<=", 1.0),
            stat="max",  # a hard bound: every repetition must keep it
        )
        for rate in RATES
    ),
]
