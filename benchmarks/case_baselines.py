"""The same signed calls made other ways, for the report (no goals):

- the vendor's urllib sample (seeds/000_*): sample signing code, a new TCP connection per call,
  sequential (the sample has no concurrency);
- aiohttp with a signing middleware (our `CoupangAuth.authorization`, so signing costs the same)
  and the same connection bound, at c=1, 8 and 64.

All against the raw server, like `case_http`.
"""

from __future__ import annotations

import ssl

from benchmarks.clients import aiohttp_sender, aiohttp_session, vendor_call
from benchmarks.harness import Case, Comparison, Context, Meter, Metrics, measure_requests


def run_vendor(ctx: Context) -> Metrics:
    """The vendor sample's calls in sequence (params: method, and optionally server, total,
    context_once: build the sample's SSL context once instead of per call)."""
    server = ctx.server(ctx.params.get("server", "raw"))
    method = ctx.params["method"]
    context = ssl.create_default_context() if ctx.params.get("context_once") else None
    total = ctx.size(ctx.params.get("total", 2000), 4)
    for i in range(min(total, 20)):
        vendor_call(server, method, i, context)
    with Meter() as meter:
        for i in range(total):
            vendor_call(server, method, i, context)
    per = meter.per_op(total)
    return {"cpu_us_per_req": per["cpu_us"], "req_per_s": per["per_s"]}


async def run_aiohttp(ctx: Context) -> Metrics:
    server = ctx.server("raw")
    concurrency = ctx.params["c"]
    async with aiohttp_session(concurrency) as session:
        return await measure_requests(
            aiohttp_sender(session, server, ctx.params["method"]),
            total=ctx.size(4000 if concurrency > 1 else 3000, 40),
            concurrency=concurrency,
            warmup=ctx.size(300, 8),
        )


CASES = [
    *(
        Case(
            f"vendor.{method.lower()}.c1",
            run_vendor,
            f"vendor sample style (urllib, new connection per call), {method}, sequential",
            servers=("raw",),
            params={"method": method},
        )
        for method in ("PUT", "GET")
    ),
    *(
        Case(
            f"aiohttp.{method.lower()}.c{c}",
            run_aiohttp,
            f"aiohttp + signing middleware, {method}, c={c}",
            servers=("raw",),
            params={"method": method, "c": c},
        )
        for method in ("PUT", "GET")
        for c in (1, 8, 64)
    ),
]

COMPARISONS = [
    *(
        Comparison(
            f"CoupangClient vs vendor urllib sample, {method} c=1",
            (f"http.{method.lower()}.c1.ours", metric),
            (f"vendor.{method.lower()}.c1", metric),
        )
        for method in ("PUT", "GET")
        for metric in ("cpu_us_per_req", "req_per_s")
    ),
    *(
        Comparison(
            f"CoupangClient vs aiohttp, {method} c={c}",
            (f"http.{method.lower()}.c{c}.ours", metric),
            (f"aiohttp.{method.lower()}.c{c}", metric),
        )
        for method in ("PUT", "GET")
        for c in (1, 8)
        for metric in ("cpu_us_per_req", "req_per_s")
    ),
]
