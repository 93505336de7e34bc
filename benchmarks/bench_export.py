"""Catalogue export: typed decode, pages/s against a bare httpx walk, memory for 100,000 products.

    python benchmarks/bench_export.py            # full run, writes benchmarks/results/export.json
    python benchmarks/bench_export.py --quick    # smoke run (small numbers, nothing written)

Not a test: the numbers depend on the box (calibrate with ``python -m timeit "sum(range(10000))"``,
see reference/performance-notes.md). Three measurements, reported together:

1. **decode**: one 100-product listing page (the Rocket Growth shape, ~80 KB, from
   ``bench_decode.listing_page``): ``orjson.loads`` vs ``orjson.loads`` + ``converter.structure``
   into ``list[ProductSummary]``. Goal: at most 3x. (``bench_decode.py`` has the full decode and
   encode study.)
2. **pages/s**: the same listing walked to its end, 100 products a page, by
   ``export_products(client, tmp/products.jsonl)`` (and ``.csv``) on a ``CoupangClient`` with pacing
   off, and by a bare walk: ``httpx.AsyncClient`` + ``CoupangAuth`` signing + ``orjson.loads`` +
   the ``nextToken`` loop, writing nothing. The server is ``coupang-async fake-server`` (FakeCoupang
   behind uvicorn, rate limit off) in **its own process**, so its CPU is not charged to either
   client; both talk to it over loopback, one request at a time, rounds alternating. Reported:
   wall-clock pages/s (median of the rounds) and client CPU per page. Goal: export >= 0.7x bare.
3. **memory**: a 100,000-product export (1,000 pages of 100) from a fake server in another
   process, measured in a fresh child process: growth of the peak RSS (``ru_maxrss``) over the
   RSS before the export, and, in a second child with ``tracemalloc`` on, the peak of traced
   Python allocations over the baseline and what is still held after ``gc.collect()`` (a leak
   would show there; the peak is pages whose httpx responses sit in reference cycles until the
   cyclic collector runs). Goal: growth under 50 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import orjson

sys.path.insert(0, str(Path(__file__).parent))

from bench_decode import listing_page

from coupang_async import CoupangAuth, CoupangClient
from coupang_async.export import export_products
from coupang_async.models import ProductSummary, converter

RESULTS = Path(__file__).parent / "results" / "export.json"
LISTING = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"
MiB = 1024 * 1024


# -- the server ------------------------------------------------------------------------------------


@contextlib.contextmanager
def fake_server(products: int) -> Iterator[dict[str, str]]:
    """`coupang-async fake-server` in a child process; yields its COUPANG_* settings."""
    command = [
        sys.executable,
        "-c",
        "from coupang_async.cli import main; main()",
        "fake-server",
        "--port",
        "0",
        "--products",
        str(products),
        "--rate",
        "0",
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as server:
        try:
            assert server.stdout is not None
            settings = {}
            for _ in range(4):
                name, _, value = server.stdout.readline().strip().partition("=")
                settings[name] = value
            yield settings
        finally:
            server.terminate()


def client_for(settings: dict[str, str]) -> CoupangClient:
    return CoupangClient.from_env(settings, requests_per_second=None)


# -- 1. decode -------------------------------------------------------------------------------------


def bench_decode(rounds: int) -> dict[str, Any]:
    raw = orjson.dumps(listing_page(100))
    number = 200

    def loads() -> object:
        return orjson.loads(raw)

    def typed() -> object:
        return converter.structure(orjson.loads(raw)["data"], list[ProductSummary])

    best_loads = min(timeit.repeat(loads, number=number, repeat=max(rounds, 5))) / number
    best_typed = min(timeit.repeat(typed, number=number, repeat=max(rounds, 5))) / number
    return {
        "page_bytes": len(raw),
        "products": 100,
        "orjson_loads_us": round(best_loads * 1e6, 1),
        "loads_plus_structure_us": round(best_typed * 1e6, 1),
        "ratio": round(best_typed / best_loads, 2),
        "goal_max_ratio": 3.0,
    }


# -- 2. pages/s ------------------------------------------------------------------------------------


def bare_client(settings: dict[str, str]) -> httpx.AsyncClient:
    auth = CoupangAuth(settings["COUPANG_ACCESS_KEY"], settings["COUPANG_SECRET_KEY"])
    return httpx.AsyncClient(base_url=settings["COUPANG_BASE_URL"], auth=auth)


async def bare_walk(http: httpx.AsyncClient, vendor_id: str) -> tuple[int, int]:
    """The listing with plain httpx + signing + orjson; returns (pages, products)."""
    pages = products = 0
    token: str | None = None
    while True:
        params = {"vendorId": vendor_id, "maxPerPage": 100}
        if token:
            params["nextToken"] = token
        response = await http.get(LISTING, params=params)
        response.raise_for_status()
        body = orjson.loads(response.content)
        pages += 1
        products += len(body["data"])
        token = (body.get("nextToken") or "").strip() or None
        if token is None:
            return pages, products


async def our_export(client: CoupangClient, out: Path) -> tuple[int, int]:
    result = await export_products(client, out)
    return result.pages, result.products


def timed(
    make: Callable[[], Any], walk: Callable[[Any], Awaitable[tuple[int, int]]]
) -> dict[str, float]:
    """One walk; the client is built (an SSL context: ~30 ms) and closed outside the timing."""

    async def run() -> tuple[int, int, float, float]:
        async with make() as client:
            wall, cpu = time.perf_counter(), time.process_time()
            pages, products = await walk(client)
            return pages, products, time.perf_counter() - wall, time.process_time() - cpu

    pages, products, wall, cpu = anyio.run(run)
    return {"pages": pages, "products": products, "seconds": wall, "cpu_seconds": cpu}


def bench_throughput(products: int, rounds: int) -> dict[str, Any]:
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "export_jsonl": [], "export_csv": []}
    with fake_server(products) as settings, tempfile.TemporaryDirectory() as folder:
        jsonl, csv_out = Path(folder) / "products.jsonl", Path(folder) / "products.csv"
        vendor_id = settings["COUPANG_VENDOR_ID"]

        def bare() -> dict[str, float]:
            return timed(lambda: bare_client(settings), lambda http: bare_walk(http, vendor_id))

        def ours(out: Path) -> dict[str, float]:
            return timed(lambda: client_for(settings), lambda client: our_export(client, out))

        bare()  # warm-up: the server's and the client's code paths
        ours(jsonl)
        for _ in range(rounds):
            runs["bare"].append(bare())
            runs["export_jsonl"].append(ours(jsonl))
            runs["export_csv"].append(ours(csv_out))
        sizes = {"jsonl_bytes": jsonl.stat().st_size, "csv_bytes": csv_out.stat().st_size}

    def summary(samples: list[dict[str, float]]) -> dict[str, float]:
        pages = samples[0]["pages"]
        return {
            "pages": pages,
            "products": samples[0]["products"],
            "pages_per_second": round(statistics.median(pages / s["seconds"] for s in samples), 1),
            "client_cpu_ms_per_page": round(
                statistics.median(s["cpu_seconds"] / pages * 1000 for s in samples), 3
            ),
        }

    result: dict[str, Any] = {name: summary(samples) for name, samples in runs.items()}
    bare = result["bare"]["pages_per_second"]
    for name in ("export_jsonl", "export_csv"):
        result[name]["ratio_to_bare"] = round(result[name]["pages_per_second"] / bare, 2)
    result["goal_min_ratio"] = 0.7
    result["rounds"] = rounds
    result["server"] = "coupang-async fake-server (uvicorn) in a separate process, loopback"
    result.update(sizes)
    return result


# -- 3. memory -------------------------------------------------------------------------------------


def _rss_bytes() -> int:
    # ru_maxrss: kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _current_rss() -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path("/proc/self/statm").read_text().split()
        return int(fields[1]) * resource.getpagesize()
    return _rss_bytes()


def memory_child(base_url: str, mode: str) -> dict[str, Any]:
    """Runs in a fresh process: one export, with RSS or tracemalloc accounting."""
    settings = json.loads(base_url)

    async def run(out: Path) -> tuple[int, int]:
        async with client_for(settings) as client:
            return await our_export(client, out)

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "products.jsonl"

        # Warm up imports and code paths on a one-page export, so they are not counted as growth.
        async def warm() -> None:
            async with client_for(settings) as client:
                await export_products(client, Path(folder) / "warm.jsonl", max_pages=1)

        anyio.run(warm)
        if mode == "tracemalloc":
            tracemalloc.start()
            baseline, _ = tracemalloc.get_traced_memory()
            pages, products = anyio.run(run, out)
            _, peak = tracemalloc.get_traced_memory()
            gc.collect()  # what is still held once the cyclic garbage (httpx responses) is freed
            retained, _ = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return {
                "pages": pages,
                "products": products,
                "traced_peak_growth_bytes": peak - baseline,
                "traced_retained_after_gc_bytes": retained - baseline,
            }
        before = _current_rss()
        pages, products = anyio.run(run, out)
        return {
            "pages": pages,
            "products": products,
            "rss_before_bytes": before,
            "rss_peak_bytes": _rss_bytes(),
            "rss_peak_growth_bytes": max(0, _rss_bytes() - before),
            "file_bytes": out.stat().st_size,
        }


def bench_memory(products: int) -> dict[str, Any]:
    with fake_server(products) as settings:
        results: dict[str, Any] = {}
        for mode in ("rss", "tracemalloc"):
            child = subprocess.run(
                [sys.executable, __file__, "--memory-child", json.dumps(settings), mode],
                capture_output=True,
                text=True,
                check=True,
            )
            results.update(json.loads(child.stdout))
    results["rss_peak_growth_mb"] = round(results["rss_peak_growth_bytes"] / MiB, 1)
    results["traced_peak_growth_mb"] = round(results["traced_peak_growth_bytes"] / MiB, 1)
    results["traced_retained_after_gc_mb"] = round(
        results["traced_retained_after_gc_bytes"] / MiB, 2
    )
    results["generated_products"] = products
    results["goal_max_growth_mb"] = 50
    return results


def calibration_us() -> float:
    best = min(timeit.repeat("sum(range(10000))", number=1000, repeat=5)) / 1000
    return round(best * 1e6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, results not saved")
    parser.add_argument("--products", type=int, default=20_000, help="catalogue for pages/s")
    # 1 in 12 generated products is Rocket Growth only, which the listing leaves out: 109,100
    # generated products list 100,000.
    parser.add_argument("--memory-products", type=int, default=109_100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory_child(*args.memory_child)))
        return
    if args.quick:
        args.products, args.memory_products, args.rounds = 2_000, 5_000, 2

    started = time.perf_counter()
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "calibration_sum_range_10000_us": calibration_us(),
        "command": "python benchmarks/bench_export.py" + (" --quick" if args.quick else ""),
    }
    report["decode_100_product_page"] = bench_decode(args.rounds)
    print("decode:", json.dumps(report["decode_100_product_page"]), flush=True)
    report["export_throughput"] = bench_throughput(args.products, args.rounds)
    print("pages/s:", json.dumps(report["export_throughput"]), flush=True)
    report["export_memory"] = bench_memory(args.memory_products)
    print("memory:", json.dumps(report["export_memory"]), flush=True)
    report["seconds"] = round(time.perf_counter() - started, 1)

    decode = report["decode_100_product_page"]["ratio"]
    ratio = report["export_throughput"]["export_jsonl"]["ratio_to_bare"]
    csv_ratio = report["export_throughput"]["export_csv"]["ratio_to_bare"]
    growth = max(
        report["export_memory"]["rss_peak_growth_mb"],
        report["export_memory"]["traced_peak_growth_mb"],
    )
    print(
        f"\ntyped decode {decode}x orjson.loads (goal <= 3x); export {ratio}x (JSONL) and "
        f"{csv_ratio}x (CSV) bare httpx pages/s (goal >= 0.7x); memory growth {growth} MB for "
        f"{report['export_memory']['products']:,} products (goal < 50 MB)"
    )
    if not args.quick:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
