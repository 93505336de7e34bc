"""The fake branch's `bench_fake.py` scenarios as harness cases (fresh process, repetitions).

In-process, through `httpx.ASGITransport`: the fake's own cost per request (`asgi`), a lean
httpx client signing with CoupangAuth (`httpx`), and `fake.client()`, the full CoupangClient
(`client`), on the fake's mix of 50 % GET inventories, 40 % PUT price/quantity, 10 % listing.
What test suites using the fake pay per request. Reported, no goals.
"""

from __future__ import annotations

from benchmarks.harness import Case, Comparison, Context, Metrics, Skip

try:
    from benchmarks import bench_fake
except ImportError as exc:  # the fake is not on this branch
    raise Skip(f"benchmarks.bench_fake needs FakeCoupang ({exc})") from None


async def run(ctx: Context) -> Metrics:
    count = ctx.size(2000, 60)
    scenario = ctx.params["scenario"]
    tasks = ctx.params.get("c", 1)
    if scenario == "asgi":
        rate = await bench_fake.bench_asgi(count)
    elif scenario == "httpx":
        rate = await bench_fake.bench_httpx(count, tasks)
    else:
        rate = await bench_fake.bench_client(count, tasks)
    return {"req_per_s": rate}  # bench_fake times the requests only, not building the fake


CASES = [
    Case("fake_inproc.asgi", run, "FakeCoupang ASGI app alone", params={"scenario": "asgi"}),
    *(
        Case(
            f"fake_inproc.{scenario}.c{c}",
            run,
            f"in-process {'httpx + CoupangAuth' if scenario == 'httpx' else 'fake.client()'},"
            f" c={c}",
            params={"scenario": scenario, "c": c},
        )
        for scenario in ("httpx", "client")
        for c in (1, 8)
    ),
]

COMPARISONS = [
    Comparison(
        f"in-process fake: fake.client() vs httpx + CoupangAuth, c={c}",
        (f"fake_inproc.client.c{c}", "req_per_s"),
        (f"fake_inproc.httpx.c{c}", "req_per_s"),
    )
    for c in (1, 8)
]
