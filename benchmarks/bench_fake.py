"""How many requests per second FakeCoupang answers in-process (not a test).

    python benchmarks/bench_fake.py            # full run, writes benchmarks/results/fake.json
    python benchmarks/bench_fake.py --quick    # smoke run

Scenarios, each a mix of 50 % GET inventory, 40 % PUT price / quantity and 10 % GET product
listing page (10 products), every request signed:

* ``asgi``: the ASGI app called directly with prebuilt signed scopes: the fake's own cost.
* ``httpx``: plain ``httpx.AsyncClient`` + ``httpx.ASGITransport`` + ``CoupangAuth`` signing: what
  the fake answers to a lean client (the headline figure, target >= 3,000 requests/s).
* ``client``: ``fake.client()``, the full ``CoupangClient`` (pacing off), as the test suites use it.

The ``httpx`` and ``client`` scenarios run sequentially (c=1) and with 8 concurrent tasks.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx

from coupang_async import CoupangAuth
from coupang_async.testing import FakeCoupang
from coupang_async.testing._signing import Verifier

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
RESULTS = Path(__file__).parent / "results" / "fake.json"
TARGET = 3000.0


def _fake() -> FakeCoupang:
    return FakeCoupang(products=500, seed=1, requests_per_second=None, request_log_size=1000)


def _plan(fake: FakeCoupang, count: int) -> list[tuple[str, str, str]]:
    """(method, path, query) for ``count`` requests of the mix."""
    vids = fake.vendor_item_ids(writable=True)
    prices = {vid: fake.vendor_item(vid).sale_price for vid in vids}  # type: ignore[union-attr]
    plan = []
    for i in range(count):
        vid = vids[i % len(vids)]
        kind = i % 10
        if kind < 5:
            plan.append(("GET", f"{SP}/vendor-items/{vid}/inventories", ""))
        elif kind < 7:
            price = prices[vid] + (10 if (i // len(vids)) % 2 else 0)
            plan.append(("PUT", f"{SP}/vendor-items/{vid}/prices/{price}", ""))
        elif kind < 9:
            plan.append(("PUT", f"{SP}/vendor-items/{vid}/quantities/{i % 1000}", ""))
        else:
            plan.append(("GET", f"{SP}/seller-products", f"vendorId={fake.vendor_id}"))
    return plan


async def _timed(run: Callable[[], Awaitable[None]], count: int) -> float:
    started = time.perf_counter()
    await run()
    return count / (time.perf_counter() - started)


async def bench_asgi(count: int) -> float:
    """The app alone: prebuilt scopes, a no-op transport."""
    fake = _fake()
    signer = Verifier(fake.secret_key)
    date = datetime.now(UTC).strftime("%y%m%dT%H%M%SZ")
    scopes = []
    for method, path, query in _plan(fake, count):
        signature = signer.expected(date, method, path.encode(), query.encode())
        header = (
            f"CEA algorithm=HmacSHA256, access-key={fake.access_key}, signed-date={date}, "
            f"signature={signature}"
        )
        scopes.append(
            {
                "type": "http",
                "method": method,
                "path": path,
                "raw_path": path.encode(),
                "query_string": query.encode(),
                "headers": [(b"authorization", header.encode())],
            }
        )

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def run() -> None:
        for scope in scopes:
            await fake(scope, receive, send)

    rate = await _timed(run, count)
    assert set(statuses) == {200}, set(statuses)
    return rate


async def _drive(client: httpx.AsyncClient, fake: FakeCoupang, count: int, tasks: int) -> float:
    plan = _plan(fake, count)
    failures: list[int] = []

    async def worker(offset: int) -> None:
        for method, path, query in plan[offset::tasks]:
            url = f"{path}?{query}" if query else path
            response = await client.request(method, url)
            if response.status_code != 200:
                failures.append(response.status_code)

    async def run() -> None:
        async with anyio.create_task_group() as group:
            for offset in range(tasks):
                group.start_soon(worker, offset)

    rate = await _timed(run, count)
    assert not failures, failures[:5]
    return rate


async def bench_httpx(count: int, tasks: int) -> float:
    """Plain httpx with the library's signer, in-process."""
    fake = _fake()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake),
        base_url=fake.base_url,
        auth=CoupangAuth(fake.access_key, fake.secret_key),
    ) as client:
        return await _drive(client, fake, count, tasks)


async def bench_client(count: int, tasks: int) -> float:
    """The full CoupangClient from ``fake.client()``."""
    fake = _fake()
    async with fake.client(requests_per_second=None, max_concurrency=tasks) as client:
        return await _drive(client, fake, count, tasks)


async def main(quick: bool) -> dict[str, Any]:
    """Run every scenario (best of three) and return the results."""
    count = 600 if quick else 5000
    rounds = 1 if quick else 3
    scenarios: dict[str, Callable[[], Awaitable[float]]] = {
        "asgi": lambda: bench_asgi(count),
        "httpx_c1": lambda: bench_httpx(count, 1),
        "httpx_c8": lambda: bench_httpx(count, 8),
        "client_c1": lambda: bench_client(count, 1),
        "client_c8": lambda: bench_client(count, 8),
    }
    results: dict[str, float] = {}
    for name, scenario in scenarios.items():
        results[name] = round(max([await scenario() for _ in range(rounds)]), 1)
        print(f"{name:>10}: {results[name]:>9,.0f} requests/s")
    # performance-notes.md calibrates machines with this line (~170 us on the project machine).
    calibration = min(timeit.repeat("sum(range(10000))", number=2000, repeat=5)) / 2000
    return {
        "benchmark": "fake",
        "calibration_sum_range_10000_us": round(calibration * 1e6, 1),
        "requests_per_second": results["httpx_c1"],
        "target": TARGET,
        "scenarios": results,
        "requests_per_round": count,
        "mix": "50% GET inventories, 40% PUT price/quantity, 10% GET listing page",
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run, no results file")
    args = parser.parse_args()
    report = anyio.run(main, args.quick)
    headline = report["requests_per_second"]
    print(f"FakeCoupang in-process (httpx + signing, c=1): {headline:,.0f} requests/s")
    if not args.quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {RESULTS}")
