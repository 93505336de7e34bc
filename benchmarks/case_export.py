"""Export walk: pages/s of `export_products` (JSONL and CSV) vs a bare httpx walk (goal >= 0.7x).

Both walk the same listing, 100 products a page, one request at a time (the listing is a chain
of `nextToken`s), after a two-page warm-up in the same process; the clients are built and closed
outside the timing. The bare walk (`bench_export.bare_walk`) signs with `CoupangAuth`, decodes
with `orjson.loads` and writes nothing; the export (`bench_export.export_walk`) also classifies
every response, checks the items (JSONL) or types them and makes one row per option (CSV),
writes the file with a checkpoint per page, and fetches page N+1 while page N is written.

- Against the fake gateway's server (`fake_listing`: FakeCoupang behind uvicorn with ~11,000
  products, i.e. ~100 pages, in its own process; it checks every signature). The gateway's
  time per page is part of what a walk waits for, as it is against Coupang: the goals.
- Against the raw server (canned pages of the same shape, ~80 KB each: no server time to
  speak of), 100 pages: what the client costs per page. Reported.

Metrics: wall pages/s (the goal) and client CPU ms per page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.bench_export import bare_client, bare_walk, export_walk, our_client
from benchmarks.harness import Case, Comparison, Context, Metrics

#: Pages walked against the raw server (it serves 1,000; the memory case walks them all).
RAW_PAGES = 100


async def run(ctx: Context) -> Metrics:
    server = ctx.params["server"]
    base_url = ctx.server(server)
    kind = ctx.params["client"]
    max_pages: int | None = None  # the fake's whole listing
    if ctx.quick:
        max_pages = 3
    elif server == "raw":
        max_pages = RAW_PAGES
    with tempfile.TemporaryDirectory(prefix="coupang-bench-export-") as folder:
        out = Path(folder) / f"products.{kind}"
        if kind == "bare":
            factory, walk = bare_client, lambda c, n: bare_walk(c, n)
        else:
            factory, walk = our_client, lambda c, n: export_walk(c, out, n)
        async with factory(base_url) as client:
            await walk(client, 2)  # warm-up: the connection, the code paths
            wall, cpu = time.perf_counter(), time.process_time()
            pages, products = await walk(client, max_pages)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "pages_per_s": pages / wall,
        "cpu_ms_per_page": cpu / pages * 1000,
        "pages": pages,
        "products": products,
    }


DESCRIPTIONS = {
    "bare": "bare walk: httpx + CoupangAuth + orjson.loads, nothing written",
    "jsonl": "export_products to JSONL (CoupangClient, pacing off)",
    "csv": "export_products to CSV (CoupangClient, pacing off)",
}
SERVERS = {"fake": "fake_listing", "raw": "raw"}

CASES = [
    Case(
        f"export.{where}.{kind}",
        run,
        f"{DESCRIPTIONS[kind]}; {server} server",
        servers=(server,),
        params={"server": server, "client": kind},
    )
    for where, server in SERVERS.items()
    for kind in DESCRIPTIONS
]

COMPARISONS = [
    *(
        Comparison(
            f"export walk ({fmt.upper()}) vs a bare httpx walk, fake gateway server",
            (f"export.fake.{fmt}", "pages_per_s"),
            ("export.fake.bare", "pages_per_s"),
            (">=", 0.7),
        )
        for fmt in ("jsonl", "csv")
    ),
    *(
        Comparison(
            f"export walk ({fmt.upper()}) vs a bare httpx walk, raw server (client-bound)",
            (f"export.raw.{fmt}", "pages_per_s"),
            ("export.raw.bare", "pages_per_s"),
        )
        for fmt in ("jsonl", "csv")
    ),
]
