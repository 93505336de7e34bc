"""Client-side pacing against a strict gateway limit, at exactly that limit.

`pace.limit.r10` (the headline): `CoupangClient(requests_per_second=10)` against the in-process
fake limited to 10 requests in any 1.0 s window, with 0-30 ms of random arrival jitter
(`FakeCoupang(arrival_jitter=0.03)`, the delay the network adds between the client's start and
the gateway's rate check), c=8, the fake's warnings off. Reported: the pace the fake saw as a
fraction of its limit (goal >= 0.93: the client keeps a 50 ms network margin, at most 10 starts
in any 1.05 s window, so 1 / 1.05 = 0.952 is the most it can reach) and the 429s (goal: 0 in
every repetition).

`pace.warnings.r9_5`: the same fake with its `X-CAG-Warnings` on (the default fake and
`coupang-async fake-server`: it warns from 90 % of its limit, as Coupang does), client asking
for 9.5/s: the pace the fake saw as a fraction of its limit (goal >= 0.85) and the 429s (0).
A warning steps the client's pace down 5 % once; further warnings hold it there.

`pace.client.r100` (report only): against the raw server (no limit of its own), the starts the
rate-limit store admitted at 100/s: the cost of spacing starts strictly.
"""

from __future__ import annotations

import bisect
from typing import Any

from benchmarks.clients import coupang_client, httpx_sender
from benchmarks.harness import Case, Comparison, Context, Metrics, drive
from coupang_async import InMemoryRateLimitStore, RateLimitError
from coupang_async.testing import FakeCoupang

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
JITTER = 0.03


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


def _most_in(times: list[float], window: float = 1.0) -> int:
    """The most times in any window [t, t + window)."""
    ordered = sorted(times)
    return max(bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered))


async def _against_fake(ctx: Context, rate: float, *, warnings: bool) -> Metrics:
    limit = 10.0
    total = ctx.size(int(limit * 8), 8)
    fake = FakeCoupang(
        products=20,
        seed=5,
        requests_per_second=limit,
        warn_ratio=0.9 if warnings else None,
        arrival_jitter=JITTER,
        request_log_size=None,
    )
    paths = [f"{SP}/vendor-items/{vid}/inventories" for vid in fake.vendor_item_ids()]
    refused = 0

    async def send(i: int) -> Any:
        nonlocal refused
        try:
            return await client.get(paths[i % len(paths)])
        except RateLimitError:
            refused += 1
            return None

    client = fake.client(requests_per_second=rate, max_concurrency=8, rate_limit_cooldown=0.0)
    async with client:
        await drive(send, total, 8)
        final = client.requests_per_second or 0.0
    arrivals = sorted(record.received_at for record in fake.requests)
    span = arrivals[-1] - arrivals[0]
    achieved = (len(arrivals) - 1) / span if span > 0 else 0.0
    return {
        "achieved_per_s": achieved,
        "fraction_of_limit": achieved / limit,
        "responses_429": sum(1 for record in fake.requests if record.status == 429) + refused,
        "most_in_any_1s_window": _most_in(arrivals),
        "client_pace_at_end": final,
    }


async def run_limit(ctx: Context) -> Metrics:
    return await _against_fake(ctx, 10.0, warnings=False)


async def run_warnings(ctx: Context) -> Metrics:
    return await _against_fake(ctx, 9.5, warnings=True)


async def run_raw(ctx: Context) -> Metrics:
    rate = 100.0
    total = ctx.size(int(rate * 4) + 1, 6)
    store = RecordingStore()
    async with coupang_client(ctx.server("raw"), 8, rate, rate_limit_store=store) as client:
        await drive(httpx_sender(client, "PUT"), 8, 8)  # connections open before timing
        store.admitted.clear()
        await drive(httpx_sender(client, "PUT"), total, 8)
    starts = store.admitted
    span = starts[-1] - starts[0]
    achieved = (len(starts) - 1) / span if span > 0 else float("inf")
    return {
        "achieved_per_s": achieved,
        "pace_ratio": achieved / rate,
        "max_window_ratio": _most_in(starts, 1.05) / rate,
    }


CASES = [
    Case(
        "pace.limit.r10",
        run_limit,
        "CoupangClient(requests_per_second=10) vs the fake's strict 10/s, 0-30 ms arrival jitter",
    ),
    Case(
        "pace.warnings.r9_5",
        run_warnings,
        "CoupangClient(requests_per_second=9.5) vs the fake's 10/s with X-CAG-Warnings on",
    ),
    Case(
        "pace.client.r100",
        run_raw,
        "CoupangClient(requests_per_second=100), c=8, raw server: achieved starts/s",
        servers=("raw",),
    ),
]

COMPARISONS = [
    Comparison(
        "pace at exactly the fake's limit of 10/s, 0-30 ms jitter",
        ("pace.limit.r10", "fraction_of_limit"),
        1.0,
        (">=", 0.93),
    ),
    Comparison(
        "429 responses in any repetition at exactly the limit, 0-30 ms jitter",
        ("pace.limit.r10", "responses_429"),
        0.0,
        ("<=", 0.0),
        stat="max",
    ),
    Comparison(
        "pace at 9.5/s vs the fake's limit of 10/s, warnings on",
        ("pace.warnings.r9_5", "fraction_of_limit"),
        1.0,
        (">=", 0.85),
    ),
    Comparison(
        "429 responses in any repetition at 9.5/s, warnings on",
        ("pace.warnings.r9_5", "responses_429"),
        0.0,
        ("<=", 0.0),
        stat="max",
    ),
    Comparison(
        "client pace vs its requests_per_second=100 (less the 5 % margin)",
        ("pace.client.r100", "pace_ratio"),
        1.0,
    ),
    Comparison(
        "most starts in any 1.05 s window / requests_per_second=100",
        ("pace.client.r100", "max_window_ratio"),
        1.0,
        ("<=", 1.0),
        stat="max",
    ),
]
