"""Catalogue export: the walks the harness compares, and a shortcut to run only those cases.

    python -m benchmarks.bench_export            # = python -m benchmarks --only 'export.*'
                                                 #   --only 'memory.export.*' (results/subset.*)
    python -m benchmarks.bench_export --quick    # smoke run

The measurements live in the harness (`case_export`: pages/s of `export_products` vs a bare
httpx walk; `case_memory`: RSS growth of a 100,000-product export); this module holds the
walks they share:

- `bare_walk`: `httpx.AsyncClient` + `CoupangAuth` signing + `orjson.loads` + the `nextToken`
  loop, writing nothing: the least a hand-rolled client does to walk the listing;
- `export_walk`: `export_products(client, tmp/products.jsonl|csv)` on a `CoupangClient` with
  pacing off (what `coupang-async export` runs).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks.harness import ACCESS_KEY, SECRET_KEY, VENDOR_ID

LISTING = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"


def bare_client(base_url: str) -> httpx.AsyncClient:
    """httpx signing every request with `CoupangAuth` (the fake checks signatures)."""
    from coupang_async import CoupangAuth

    return httpx.AsyncClient(base_url=base_url, auth=CoupangAuth(ACCESS_KEY, SECRET_KEY))


async def bare_walk(http: httpx.AsyncClient, max_pages: int | None = None) -> tuple[int, int]:
    """Walk the listing (100 products a page) with plain httpx; returns (pages, products)."""
    pages = products = 0
    token: str | None = None
    while max_pages is None or pages < max_pages:
        params: dict[str, Any] = {"vendorId": VENDOR_ID, "maxPerPage": 100}
        if token:
            params["nextToken"] = token
        response = await http.get(LISTING, params=params)
        response.raise_for_status()
        body = orjson.loads(response.content)
        pages += 1
        products += len(body["data"])
        token = (body.get("nextToken") or "").strip() or None
        if token is None:
            break
    return pages, products


def our_client(base_url: str) -> Any:
    """The client `coupang-async export` would use, with pacing off."""
    from coupang_async import CoupangClient

    return CoupangClient(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        base_url=base_url,
        requests_per_second=None,
    )


async def export_walk(client: Any, out: Path, max_pages: int | None = None) -> tuple[int, int]:
    """`export_products` to `out` (JSONL or CSV by its suffix); returns (pages, products)."""
    from coupang_async.export import export_products

    result = await export_products(client, out, max_pages=max_pages, resume=False)
    return result.pages, result.products


def main(argv: list[str] | None = None) -> int:
    from benchmarks.runner import main as run

    args = sys.argv[1:] if argv is None else argv
    return run(["--only", "export.*", "--only", "memory.export.*", *args])


if __name__ == "__main__":
    raise SystemExit(main())
