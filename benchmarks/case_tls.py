"""Over HTTPS, as the gateway is: CoupangClient (keep-alive, one verified TLS session per
connection) vs the vendor's urllib sample (a new TLS connection, and a new SSL context, per call,
certificate checks off, exactly as the sample ships). Loopback, so without network round trips:
a real gateway adds 1-2 round trips per new TLS connection on top of these CPU costs.
Reported, no goals.
"""

from __future__ import annotations

import ssl

from benchmarks.clients import coupang_client, httpx_sender, vendor_call
from benchmarks.harness import Case, Comparison, Context, Meter, Metrics, measure_requests


async def run_ours(ctx: Context) -> Metrics:
    server = ctx.server("raw_tls")
    verify = ssl.create_default_context(cafile=ctx.server("raw_tls.ca"))
    async with coupang_client(server, 1, verify=verify) as client:
        return await measure_requests(
            httpx_sender(client, ctx.params["method"]),
            total=ctx.size(2000, 20),
            concurrency=1,
            warmup=ctx.size(200, 4),
        )


def run_vendor(ctx: Context) -> Metrics:
    server = ctx.server("raw_tls")
    method = ctx.params["method"]
    context = ssl.create_default_context() if ctx.params.get("context_once") else None
    total = ctx.size(150 if context else 100, 4)  # ~24 ms a call with the per-call context
    for i in range(min(total, 5)):
        vendor_call(server, method, i, context)
    with Meter() as meter:
        for i in range(total):
            vendor_call(server, method, i, context)
    per = meter.per_op(total)
    return {"cpu_us_per_req": per["cpu_us"], "req_per_s": per["per_s"]}


CASES = [
    *(
        Case(
            f"tls.{method.lower()}.c1.ours",
            run_ours,
            f"CoupangClient over HTTPS (keep-alive), {method}, sequential",
            servers=("raw_tls",),
            params={"method": method},
        )
        for method in ("PUT", "GET")
    ),
    *(
        Case(
            f"tls.{method.lower()}.c1.vendor",
            run_vendor,
            f"vendor sample over HTTPS (new SSL context and connection per call), {method}",
            servers=("raw_tls",),
            params={"method": method},
        )
        for method in ("PUT", "GET")
    ),
    Case(
        "tls.put.c1.vendor_context_once",
        run_vendor,
        "vendor sample over HTTPS, SSL context built once (new TLS connection per call), PUT",
        servers=("raw_tls",),
        params={"method": "PUT", "context_once": True},
    ),
]

COMPARISONS = [
    Comparison(
        "HTTPS: CoupangClient vs vendor sample with its SSL context hoisted, PUT c=1",
        ("tls.put.c1.ours", "cpu_us_per_req"),
        ("tls.put.c1.vendor_context_once", "cpu_us_per_req"),
    ),
    *(
        Comparison(
            f"HTTPS: CoupangClient vs vendor urllib sample, {method} c=1",
            (f"tls.{method.lower()}.c1.ours", metric),
            (f"tls.{method.lower()}.c1.vendor", metric),
        )
        for method in ("PUT", "GET")
        for metric in ("cpu_us_per_req", "req_per_s")
    ),
]
