"""Client-side pacing: how close CoupangClient gets to its `requests_per_second` (goal >= 0.95)
without ever exceeding it in any one-second window (reported as `max_window_ratio`, <= 1.0).

Against the raw server (no limit of its own), c=8, the pace well below what the client can do,
so the pacer, not the client's CPU, decides the rate. Start times are taken in a request event
hook, i.e. after pacing and signing, just before the request goes out. The bulk branch's
`bench_bulk` measures bulk updates against the fake's limit.
"""

from __future__ import annotations

import bisect
import time

import httpx

from benchmarks.clients import coupang_client, httpx_sender
from benchmarks.harness import Case, Comparison, Context, Metrics, drive


async def run(ctx: Context) -> Metrics:
    rate = float(ctx.params["rate"])
    total = ctx.size(int(rate * 4) + 1, 6)
    starts: list[float] = []

    async def record(request: httpx.Request) -> None:
        starts.append(time.monotonic())

    async with coupang_client(ctx.server("raw"), 8) as client:
        client._pacer._rate = rate
        await drive(httpx_sender(client, "PUT"), 8, 8)  # connections open before timing
        client.event_hooks["request"].append(record)
        await drive(httpx_sender(client, "PUT"), total, 8)
    span = starts[-1] - starts[0]
    achieved = (len(starts) - 1) / span if span > 0 else float("inf")
    most = max(
        bisect.bisect_left(starts, t + 1.0) - i for i, t in enumerate(starts)
    )  # starts in any window [t, t + 1 s)
    return {
        "achieved_per_s": achieved,
        "pace_ratio": achieved / rate,
        "max_window_ratio": most / rate,
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
        )
        for rate in RATES
    ),
]
