"""Bulk pace vs the fake's limit: `bulk.update_quantities` against FakeCoupang limited to 10/s and
200/s (goal: >= 0.95 of the limit, and zero 429 responses in every repetition).

`bench_bulk.pace` (in process, through `fake.client()`): the client is paced at 0.98 of the
fake's limit (its `requests_per_second`), 8 in flight; the pace is measured on the fake's side,
(requests - 1) / (last arrival - first arrival), and the fake counts its 429s. The fake's
`X-CAG-Warnings` are off (with them the client halves its pace by design; `bench_bulk.py`
shows that run). In process, so the arrival times carry no network jitter: the margin between
the client's pace and the limit is the 2 % the client leaves.
"""

from __future__ import annotations

from benchmarks.bench_bulk import pace
from benchmarks.harness import Case, Comparison, Context, Metrics

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


CASES = [
    Case(
        f"bulk.pace.r{limit}",
        run,
        f"bulk.update_quantities, {count} updates, fake limited to {limit}/s, client at 0.98 of it",
        params={"limit": limit, "count": count},
        repeat=3,
    )
    for limit, count in LIMITS
]

COMPARISONS = [
    *(
        Comparison(
            f"bulk pace vs the fake's limit of {limit}/s",
            (f"bulk.pace.r{limit}", "fraction_of_limit"),
            1.0,
            (">=", 0.95),
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
