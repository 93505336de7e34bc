"""Typed decode cost: orjson.loads alone vs orjson.loads + converter.structure (and unstructure).

Two pages: a 100-product listing page (the shape of GET seller-products with Rocket Growth /
hybrid items: ~200 options, ~80 KB) and a page of 20 full products (GET product shape, 3
options each, money as decimals). Prints the timings and the ratios and writes them to
``benchmarks/results/decode.json``. Goal (issue): listing decode ≤ 3x ``orjson.loads``.

Run: ``python -m benchmarks.bench_decode [--rounds N]``. Not a test: numbers depend on the box
(calibrate with ``python -m timeit "sum(range(10000))"``, see reference/performance-notes.md).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from benchmarks.pages import full_product, listing_page
from coupang_async.models import Product, ProductSummary, converter

RESULTS = Path(__file__).parent / "results" / "decode.json"


def best_of(fn: Callable[[], object], rounds: int) -> float:
    """Best mean seconds per call over ``rounds`` repeats (the least disturbed by the box)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=rounds, number=number)) / number


def measure(name: str, raw: bytes, tp: Any, rounds: int) -> dict[str, Any]:
    data = orjson.loads(raw)["data"]
    typed = converter.structure(data, tp)
    assert converter.unstructure(typed, tp) == data  # the law, on the benchmarked page too
    loads = best_of(lambda: orjson.loads(raw), rounds)
    decode = best_of(lambda: converter.structure(orjson.loads(raw)["data"], tp), rounds)
    unstructure = best_of(lambda: converter.unstructure(typed, tp), rounds)
    encode = best_of(lambda: orjson.dumps(converter.unstructure(typed, tp)), rounds)
    dumps = best_of(lambda: orjson.dumps(data), rounds)
    result = {
        "bytes": len(raw),
        "objects": len(data),
        "orjson_loads_us": round(loads * 1e6, 1),
        "loads_plus_structure_us": round(decode * 1e6, 1),
        "structure_only_us": round((decode - loads) * 1e6, 1),
        "decode_ratio": round(decode / loads, 2),
        "orjson_dumps_us": round(dumps * 1e6, 1),
        "unstructure_us": round(unstructure * 1e6, 1),
        "unstructure_plus_dumps_us": round(encode * 1e6, 1),
        "encode_ratio": round(encode / dumps, 2),
    }
    print(
        f"{name:<22} {len(raw) / 1024:6.1f} KB  loads {result['orjson_loads_us']:8.1f} us  "
        f"loads+structure {result['loads_plus_structure_us']:8.1f} us  "
        f"ratio {result['decode_ratio']:.2f}x  |  dumps {result['orjson_dumps_us']:7.1f} us  "
        f"unstructure+dumps {result['unstructure_plus_dumps_us']:8.1f} us  "
        f"ratio {result['encode_ratio']:.2f}x"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="repeats per timing (best is kept)")
    args = parser.parse_args()
    listing = orjson.dumps(listing_page())
    products = orjson.dumps({"code": "SUCCESS", "data": [full_product(i) for i in range(20)]})
    start = time.perf_counter()
    calibration = best_of(lambda: sum(range(10000)), args.rounds)
    results = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "calibration_sum_range_10000_us": round(calibration * 1e6, 1),
        "listing_page_100_products": measure(
            "listing (100 products)", listing, list[ProductSummary], args.rounds
        ),
        "full_products_20": measure("full products (20)", products, list[Product], args.rounds),
    }
    results["seconds"] = round(time.perf_counter() - start, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
