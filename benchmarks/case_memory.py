"""Memory growth (goal: < 50 MB each): 100,000 products exported, 100,000 updates from a generator.

Each run is a fresh process that warms up first (imports, pools and first-use caches are not
growth), then measures its resident memory around the run (`harness.RssMeter`): growth is the
run's peak RSS minus the RSS at its start (the kernel's high-water mark, reset at the start);
"retained" is the RSS after the run and a `gc.collect()` minus the start.

- Export: `export_products` of 1,000 listing pages of 100 products (~80 KB each, the Rocket
  Growth shape) from the raw server, to JSONL and to CSV in a temporary directory. The file
  grows; the process should not.
- Updates: `bulk.update_quantities` of 100,000 `QuantityUpdate`s made lazily by a generator,
  through the fake in process (rate limit off, 8 in flight; `bench_bulk.memory`). With the
  default `BulkResult(keep="all")` the result keeps one `ItemResult` per input by design (that
  is in "retained", measured while the result is still referenced); `keep="none"` streams.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.bench_bulk import memory as bulk_memory
from benchmarks.bench_export import export_walk, our_client
from benchmarks.harness import Case, Comparison, Context, Metrics, RssMeter

GOAL_MB = 50.0


async def export(ctx: Context) -> Metrics:
    pages = ctx.size(1000, 20)  # the raw server counts down from 1,000: 100,000 products
    fmt = ctx.params["format"]
    with tempfile.TemporaryDirectory(prefix="coupang-bench-memory-") as folder:
        async with our_client(ctx.server("raw")) as client:
            await export_walk(client, Path(folder) / f"warm.{fmt}", 2)
            out = Path(folder) / f"products.{fmt}"
            with RssMeter() as meter:
                started = time.perf_counter()
                _, products = await export_walk(client, out, pages)
                seconds = time.perf_counter() - started
            size = out.stat().st_size
    return {
        "growth_mb": meter.growth_mb,
        "retained_mb": meter.retained_mb,
        "products": products,
        "file_mb": size / 1024 / 1024,
        "seconds": seconds,
    }


async def updates(ctx: Context) -> Metrics:
    count = ctx.size(100_000, 3_000)
    result = await bulk_memory(count, ctx.params["keep"])
    return {
        "growth_mb": result["peak_rss_growth_mb"],
        "retained_mb": result["rss_growth_mb"],
        "updates": result["updates"],
        "updates_per_s": result["updates_per_second"],
    }


CASES = [
    *(
        Case(
            f"memory.export.{fmt}",
            export,
            f"export_products, 100,000 products (1,000 pages) to {fmt.upper()}, raw server",
            servers=("raw",),
            params={"format": fmt},
            repeat=3,
        )
        for fmt in ("jsonl", "csv")
    ),
    Case(
        "memory.updates.keep_all",
        updates,
        "bulk.update_quantities, 100,000 updates from a generator, every result kept (default)",
        params={"keep": "all"},
        repeat=3,
    ),
    Case(
        "memory.updates.keep_none",
        updates,
        'the same with BulkResult(keep="none") (results streamed, counts only)',
        params={"keep": "none"},
        repeat=1,
    ),
]

COMPARISONS = [
    *(
        Comparison(
            f"memory growth, 100,000 products exported to {fmt.upper()}",
            (f"memory.export.{fmt}", "growth_mb"),
            GOAL_MB,
            ("<", GOAL_MB),
        )
        for fmt in ("jsonl", "csv")
    ),
    Comparison(
        "memory growth, 100,000 updates (every result kept)",
        ("memory.updates.keep_all", "growth_mb"),
        GOAL_MB,
        ("<", GOAL_MB),
    ),
    Comparison(
        "memory growth, 100,000 updates (results streamed)",
        ("memory.updates.keep_none", "growth_mb"),
        GOAL_MB,
        ("<", GOAL_MB),
    ),
]
