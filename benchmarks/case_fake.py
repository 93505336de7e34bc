"""The per-request cases against the fake gateway's loopback server (`FakeCoupang.serve`).

Unlike the raw server, the fake verifies every signature, so the lean baseline here is bare httpx
signing with `CoupangAuth` (a static header would be refused). The fake's ASGI app and uvicorn
cost far more than the raw server, so req/s here is bounded by the fake; the client's CPU per
request still compares the clients. Reported, no goals (the goals use the raw server).
"""

from __future__ import annotations

from functools import cache

from benchmarks.clients import (
    aiohttp_sender,
    aiohttp_session,
    coupang_client,
    httpx_sender,
    items_target,
    signed_httpx_client,
)
from benchmarks.harness import (
    REPORT_REPEAT,
    Case,
    Comparison,
    Context,
    Metrics,
    Skip,
    measure_requests,
)


@cache
def _items() -> list[tuple[int, int]]:
    try:
        from benchmarks.fake_server import make_fake
    except ImportError as exc:  # pragma: no cover - depends on the branch
        raise Skip(f"FakeCoupang is not on this branch ({exc})") from None
    fake = make_fake()  # the same seed and size as the server's: the same item ids and prices
    items = []
    for vid in fake.vendor_item_ids(writable=True)[:200]:
        snapshot = fake.vendor_item(vid)
        items.append((vid, snapshot.sale_price))
    return items


async def run_fake(ctx: Context) -> Metrics:
    server = ctx.server("fake")
    concurrency = ctx.params["c"]
    method = ctx.params["method"]
    client_kind = ctx.params["client"]
    to = items_target(_items())
    total = ctx.size(2000, 30)
    warmup = ctx.size(200, 6)
    if client_kind == "aiohttp":
        async with aiohttp_session(concurrency) as session:
            return await measure_requests(
                aiohttp_sender(session, server, method, to),
                total=total,
                concurrency=concurrency,
                warmup=warmup,
            )
    factory = coupang_client if client_kind == "ours" else signed_httpx_client
    async with factory(server, concurrency) as client:
        return await measure_requests(
            httpx_sender(client, method, to), total=total, concurrency=concurrency, warmup=warmup
        )


DESCRIPTIONS = {
    "ours": "CoupangClient",
    "signed_httpx": "bare httpx.AsyncClient(auth=CoupangAuth)",
    "aiohttp": "aiohttp + signing middleware",
}

CASES = [
    Case(
        f"fake.{method.lower()}.c{c}.{client}",
        run_fake,
        f"{DESCRIPTIONS[client]}, {method} against the fake's loopback server, c={c}",
        servers=("fake",),
        params={"c": c, "method": method, "client": client},
        repeat=REPORT_REPEAT,
    )
    for method in ("PUT", "GET")
    for c in (1, 8)
    for client in DESCRIPTIONS
]

COMPARISONS = [
    Comparison(
        f"fake server: CoupangClient vs {DESCRIPTIONS[baseline]}, {method} c={c}",
        (f"fake.{method.lower()}.c{c}.ours", "cpu_us_per_req"),
        (f"fake.{method.lower()}.c{c}.{baseline}", "cpu_us_per_req"),
    )
    for method in ("PUT", "GET")
    for c in (1, 8)
    for baseline in ("signed_httpx", "aiohttp")
]
