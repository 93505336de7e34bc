"""Bulk pace vs the fake's limit: `bulk.update_quantities` against FakeCoupang limited to 10/s and
200/s (goal: >= 0.93 of the limit, and zero 429 responses in every repetition); and what the
bulk engine costs per update over the same calls made directly.

`bench_bulk.pace` (in process, through `fake.client()`): the client is paced at exactly the
fake's limit (its `requests_per_second`), 8 in flight; the pace is measured on the fake's side,
(requests - 1) / (last arrival - first arrival), and the fake counts its 429s. The client keeps a
50 ms network margin (at most the limit in any 1.05 s window), so the most it can reach is
1 / 1.05 = 0.952 of the limit; the goal is 0.93. The fake's `X-CAG-Warnings` are off here;
`case_pace` measures the pace with them on.

Cost (reported): client CPU per update of `bulk.update_quantities` (pacing off, 8 in flight)
vs 8 tasks awaiting `vendor_items.update_quantity` for the same updates, against the raw server
over loopback: the engine's bookkeeping (window, supersession, results in order) per update.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from benchmarks.bench_bulk import pace
from benchmarks.clients import coupang_client
from benchmarks.harness import Case, Comparison, Context, Metrics, drive
from coupang_async import QuantityUpdate, bulk, vendor_items

#: (limit, updates in a full run): ~6 s of paced requests each.
LIMITS = ((10, 60), (200, 1200))


async def run(ctx: Context) -> Metrics:
    limit = float(ctx.params["limit"])
    count = ctx.size(ctx.params["count"], max(6, int(limit)))
    result = await pace(limit, count)
    return {
        "fraction_of_limit": result["fraction_of_limit"],
        "responses_429": result["responses_429"],
        "most_in_any_1s_window": result["most_in_any_1s_window"],
        "achieved_per_s": result["achieved_per_second"],
        "updates_ok": result["ok"],
    }


def _updates(count: int) -> Iterator[QuantityUpdate]:
    for i in range(count):
        yield QuantityUpdate(3_000_000_000 + i % 5000, i % 1000)


async def cost(ctx: Context) -> Metrics:
    count = ctx.size(5000, 50)
    async with coupang_client(ctx.server("raw"), 8) as client:
        if ctx.params["how"] == "bulk":

            async def go(n: int) -> None:
                await bulk.update_quantities(client, _updates(n))
        else:
            updates = list(_updates(count))

            async def one(i: int) -> None:
                update = updates[i]
                await vendor_items.update_quantity(client, update.vendor_item_id, update.quantity)

            async def go(n: int) -> None:
                await drive(one, n, 8)

        await go(ctx.size(300, 8))  # warm-up: connections, code paths
        cpu, wall = time.process_time(), time.perf_counter()
        await go(count)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"cpu_us_per_update": cpu / count * 1e6, "updates_per_s": count / wall}


CASES = [
    Case(
        f"bulk.pace.r{limit}",
        run,
        f"bulk.update_quantities, {count} updates, fake limited to {limit}/s, client at the limit",
        params={"limit": limit, "count": count},
        repeat=3,
    )
    for limit, count in LIMITS
]
CASES += [
    Case(
        f"bulk.cost.{how}",
        cost,
        f"{what}, 5,000 stock updates, pacing off, 8 in flight, raw server",
        servers=("raw",),
        params={"how": how},
        repeat=3,
    )
    for how, what in (
        ("bulk", "bulk.update_quantities"),
        ("calls", "8 tasks awaiting vendor_items.update_quantity"),
    )
]

COMPARISONS = [
    *(
        Comparison(
            f"bulk pace vs the fake's limit of {limit}/s",
            (f"bulk.pace.r{limit}", "fraction_of_limit"),
            1.0,
            (">=", 0.93),
        )
        for limit, _ in LIMITS
    ),
    *(
        Comparison(
            f"429 responses in any repetition, fake limit {limit}/s",
            (f"bulk.pace.r{limit}", "responses_429"),
            0.0,
            ("<=", 0.0),
            stat="max",
        )
        for limit, _ in LIMITS
    ),
]
COMPARISONS.append(
    Comparison(
        "bulk engine: CPU per update vs the same calls made directly",
        ("bulk.cost.bulk", "cpu_us_per_update"),
        ("bulk.cost.calls", "cpu_us_per_update"),
    )
)
