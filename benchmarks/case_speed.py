"""The cost of a request and many vendors in one process (the fast backend).

- CPU per request of `CoupangClient` (default `http_backend="auto"`: the aiohttp transport when
  the `speed` extra is installed) vs aiohttp with the same signing, PUT at c=1, 8 and 64 against
  the raw server; the same client forced onto httpx's transport is reported next to it.
- c=64 vs c=1 for our own client: no cliff as concurrency grows.
- 200 vendor clients in one process sharing one connection pool (`share_pool_with=`), each
  paced at 5 requests/s, against the raw server: achieved rate as a fraction of the target,
  event-loop lag (a 10 ms sleep's overshoot) p50/p99, and the memory of one idle client
  (tracemalloc, with and without a shared pool).

The pacer keeps a 50 ms network margin: at most `ceil(rate)` starts in any 1.05 s, one every
1.05 / rate s, so 5/s means 4.76/s at most (0.952 of 5). "of schedule" divides by that.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import tracemalloc
from typing import Any

import httpx

from benchmarks.clients import (
    aiohttp_sender,
    aiohttp_session,
    coupang_client,
    httpx_sender,
    target,
)
from benchmarks.harness import (
    REPORT_REPEAT,
    Case,
    Comparison,
    Context,
    Metrics,
    measure_requests,
)

CONCURRENCY = (1, 8, 64)
VENDORS = 200
RATE = 5.0
MARGIN_WINDOW = 1.05  # the pacer's window: 1 s plus the network margin


async def run_client(ctx: Context) -> Metrics:
    server = ctx.server("raw")
    c = ctx.params["c"]
    backend = ctx.params["backend"]
    if backend == "aiohttp":
        async with aiohttp_session(c) as session:
            return await measure_requests(
                aiohttp_sender(session, server, "PUT"),
                total=ctx.size(3000, 40),
                concurrency=c,
                warmup=ctx.size(300, 8),
            )
    async with coupang_client(server, c, http_backend=backend) as client:
        expected = "aiohttp" if backend == "auto" else "httpx"
        if client.http_backend != expected:
            raise RuntimeError(f"expected the {expected} backend, got {client.http_backend}")
        return await measure_requests(
            httpx_sender(client, "PUT"),
            total=ctx.size(3000 if backend == "auto" else 1500, 40),
            concurrency=c,
            warmup=ctx.size(300, 8),
        )


def _idle_client_bytes(server: str, count: int, shared: bool) -> float:
    """Bytes one more idle client costs (tracemalloc), with or without a shared pool."""
    owner = coupang_client(server, 8, requests_per_second=RATE)
    extra: dict[str, Any] = {"share_pool_with": owner} if shared else {}
    warm = [coupang_client(server, 8, requests_per_second=RATE, **extra) for _ in range(5)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    clients = [coupang_client(server, 8, requests_per_second=RATE, **extra) for _ in range(count)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del clients, warm, owner
    return (after - before) / count


async def run_vendors(ctx: Context) -> Metrics:
    server = ctx.server("raw")
    vendors = ctx.size(VENDORS, 20)
    duration = ctx.size(10, 1)
    metrics: Metrics = {
        "idle_client_kb_shared": _idle_client_bytes(server, vendors, True) / 1024,
        "idle_client_kb_own_pool": _idle_client_bytes(server, ctx.size(50, 5), False) / 1024,
    }
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    owner = coupang_client(server, 8, requests_per_second=RATE, limits=limits)
    clients = [owner] + [
        coupang_client(server, 8, requests_per_second=RATE, share_pool_with=owner)
        for _ in range(vendors - 1)
    ]
    done = 0
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2  # all vendors start together

    async def vendor(client: Any, k: int) -> None:
        nonlocal done
        await asyncio.sleep(start - loop.time())
        i = 0
        while loop.time() < start + duration:
            await client.put(target("PUT", k * 100_000 + i))
            i += 1
            if loop.time() <= start + duration:
                done += 1

    async def watch_loop() -> None:
        await asyncio.sleep(start - loop.time())
        while loop.time() < start + duration:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    cpu0 = time.process_time()
    try:
        await asyncio.gather(watch_loop(), *(vendor(c, k) for k, c in enumerate(clients)))
    finally:
        for client in reversed(clients):
            await client.aclose()
    cpu = time.process_time() - cpu0
    target_rate = vendors * RATE
    achieved = done / duration
    lags.sort()
    metrics.update(
        {
            "req_per_s": achieved,
            "fraction_of_target": achieved / target_rate,
            "fraction_of_schedule": achieved / (target_rate / MARGIN_WINDOW),
            "loop_lag_p50_ms": statistics.median(lags) * 1000,
            "loop_lag_p99_ms": lags[min(len(lags) - 1, int(len(lags) * 0.99))] * 1000,
            "cpu_us_per_req": cpu / max(done, 1) * 1e6,
        }
    )
    return metrics


CASES = [
    *(
        Case(
            f"speed.put.c{c}.{backend}",
            run_client,
            {
                "auto": f"CoupangClient (http_backend='auto', speed extra), PUT, c={c}",
                "httpx": f"CoupangClient (http_backend='httpx'), PUT, c={c}",
                "aiohttp": f"aiohttp + the same signing, PUT, c={c}",
            }[backend],
            servers=("raw",),
            params={"c": c, "backend": backend},
            repeat=REPORT_REPEAT if backend == "httpx" else None,
        )
        for c in CONCURRENCY
        for backend in ("auto", "aiohttp", "httpx")
    ),
    Case(
        "speed.vendors200",
        run_vendors,
        f"{VENDORS} vendor clients on one shared pool, {RATE:g}/s each, one process, 10 s",
        servers=("raw",),
        repeat=REPORT_REPEAT,
    ),
]

COMPARISONS = [
    *(
        Comparison(
            f"CPU/request, ours (auto) vs aiohttp + signing, PUT c={c}",
            (f"speed.put.c{c}.auto", "cpu_us_per_req"),
            (f"speed.put.c{c}.aiohttp", "cpu_us_per_req"),
            ("<=", 2.0),
        )
        for c in CONCURRENCY
    ),
    *(
        Comparison(
            f"CPU/request, ours on httpx's transport vs aiohttp + signing, PUT c={c}",
            (f"speed.put.c{c}.httpx", "cpu_us_per_req"),
            (f"speed.put.c{c}.aiohttp", "cpu_us_per_req"),
        )
        for c in CONCURRENCY
    ),
    Comparison(
        "CPU/request, ours (auto) c=64 vs c=1",
        ("speed.put.c64.auto", "cpu_us_per_req"),
        ("speed.put.c1.auto", "cpu_us_per_req"),
        ("<=", 1.2),
    ),
    Comparison(
        "CPU/request, ours on httpx's transport c=64 vs c=1",
        ("speed.put.c64.httpx", "cpu_us_per_req"),
        ("speed.put.c1.httpx", "cpu_us_per_req"),
    ),
    Comparison(
        f"{VENDORS} vendors x {RATE:g}/s: achieved / target",
        ("speed.vendors200", "fraction_of_target"),
        0.95,
        (">=", 0.95),
    ),
    Comparison(
        f"{VENDORS} vendors x {RATE:g}/s: achieved / the pacer's schedule (5/1.05 per s)",
        ("speed.vendors200", "fraction_of_schedule"),
        0.95,
        (">=", 0.95),
    ),
    Comparison(
        f"{VENDORS} vendors x {RATE:g}/s: event-loop lag p99 (ms)",
        ("speed.vendors200", "loop_lag_p99_ms"),
        50.0,
        ("<", 50.0),
    ),
    Comparison(
        "memory of one idle client on a shared pool (KB)",
        ("speed.vendors200", "idle_client_kb_shared"),
        0.0,
    ),
    Comparison(
        "memory of one idle client with its own pool (KB)",
        ("speed.vendors200", "idle_client_kb_own_pool"),
        0.0,
    ),
]
