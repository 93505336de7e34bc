"""The `httpx-aiohttp` transport under CoupangClient vs httpx's default transport.

For users with many vendors (many clients, many connections) in one process: is httpx's API on
aiohttp's connection pool faster at c=8 and c=64? Same client, same Limits, PUT against the raw
server. The verdict also needs the test suite to pass with it (see benchmarks/README.md).
"""

from __future__ import annotations

from typing import Any

import httpx

from benchmarks.clients import coupang_client, httpx_sender
from benchmarks.harness import (
    REPORT_REPEAT,
    Case,
    Comparison,
    Context,
    Metrics,
    Skip,
    measure_requests,
)


def _transport(kind: str, concurrency: int) -> dict[str, Any]:
    if kind == "default":
        return {"http_backend": "httpx"}
    try:
        from httpx_aiohttp import AiohttpTransport
    except ImportError as exc:
        raise Skip(f"httpx-aiohttp is not installed ({exc}); pip install -e '.[bench]'") from None
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return {"transport": AiohttpTransport(limits=limits)}


async def run_transport(ctx: Context) -> Metrics:
    server = ctx.server("raw")
    concurrency = ctx.params["c"]
    kwargs = _transport(ctx.params["transport"], concurrency)
    async with coupang_client(server, concurrency, **kwargs) as client:
        return await measure_requests(
            httpx_sender(client, ctx.params["method"]),
            total=ctx.size(3000, 40),
            concurrency=concurrency,
            warmup=ctx.size(400, 8),
        )


CASES = [
    Case(
        f"transport.{method.lower()}.c{c}.{kind}",
        run_transport,
        f"CoupangClient on the {kind} transport, {method}, c={c}",
        servers=("raw",),
        params={"c": c, "transport": kind, "method": method},
        repeat=REPORT_REPEAT,
    )
    for method in ("PUT", "GET")
    for c in (8, 64)
    for kind in ("aiohttp", "default")
]

COMPARISONS = [
    Comparison(
        f"httpx-aiohttp transport vs default, {method} c={c}",
        (f"transport.{method.lower()}.c{c}.aiohttp", metric),
        (f"transport.{method.lower()}.c{c}.default", metric),
    )
    for method in ("PUT", "GET")
    for c in (8, 64)
    for metric in ("cpu_us_per_req", "req_per_s")
]
