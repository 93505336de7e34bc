"""Per-request CPU: `CoupangClient` (pacing off) vs a bare `httpx.AsyncClient`, loopback.

Both talk to the raw server (its own process) with the same `Limits`; the bare client sends a
static Authorization header, CoupangClient signs, limits, paces (off), classifies and checks the
envelope of every response. Metrics: process CPU µs per request in the client process (fair on a
shared machine: other processes' load does not count) and wall requests/s.

Goal: CoupangClient <= 1.15x the bare client's CPU per request, at c=1 and c=8, PUT and GET.
"""

from __future__ import annotations

import ssl

from benchmarks.clients import bare_httpx_client, coupang_client, httpx_sender
from benchmarks.harness import Case, Comparison, Context, Metrics, measure_requests

GOAL = 1.15


async def run_httpx(ctx: Context) -> Metrics:
    server = ctx.server(ctx.params["server"])
    concurrency = ctx.params["c"]
    method = ctx.params["method"]
    factory = coupang_client if ctx.params["client"] == "ours" else bare_httpx_client
    kwargs: dict[str, object] = {}
    if ctx.params["client"] == "ours":
        # The client's own cost over the same transport: pinned to httpx's (case_speed measures
        # the default backend, aiohttp when the speed extra is installed).
        kwargs["http_backend"] = "httpx"
    if server.startswith("https:"):  # trust the server's throwaway CA
        kwargs["verify"] = ssl.create_default_context(
            cafile=ctx.server(f"{ctx.params['server']}.ca")
        )
    async with factory(server, concurrency, **kwargs) as client:
        return await measure_requests(
            httpx_sender(client, method),
            total=ctx.size(3000, 40),
            concurrency=concurrency,
            warmup=ctx.size(300, 8),
        )


def http_cases(server: str, prefix: str, clients: tuple[str, ...] = ("ours", "bare")) -> list[Case]:
    cases = []
    for method in ("PUT", "GET"):
        for c in (1, 8):
            for client in clients:
                what = "CoupangClient" if client == "ours" else "bare httpx.AsyncClient"
                cases.append(
                    Case(
                        f"{prefix}.{method.lower()}.c{c}.{client}",
                        run_httpx,
                        f"{what}, {method} against the {server} server, c={c}",
                        servers=(server,),
                        params={"server": server, "c": c, "method": method, "client": client},
                    )
                )
    return cases


CASES = http_cases("raw", "http")

COMPARISONS = [
    Comparison(
        f"CoupangClient vs bare httpx, {method} c={c}",
        (f"http.{method.lower()}.c{c}.ours", "cpu_us_per_req"),
        (f"http.{method.lower()}.c{c}.bare", "cpu_us_per_req"),
        ("<=", GOAL),
    )
    for method in ("PUT", "GET")
    for c in (1, 8)
]
