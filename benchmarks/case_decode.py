"""Typed decode of a 100-product listing page vs `orjson.loads` (goal: <= 3x).

Uses `benchmarks.pages.listing_page` (a GET seller-products page of 100 products, ~200 options,
~80 KB) and `coupang_async.models.converter`. Both timings come from the same
process and repetition, so the ratio is paired. Measured with the garbage collector on, as in
a real process; the gc-off figure is reported next to it.
"""

from __future__ import annotations

import gc
from typing import Any

import orjson

from benchmarks.harness import Case, Comparison, Context, Metrics, Skip, time_calls
from benchmarks.pages import listing_page

try:
    from coupang_async.models import ProductSummary, converter
except ImportError as exc:
    raise Skip(f"needs coupang_async.models ({exc})") from None


def run(ctx: Context) -> Metrics:
    raw = orjson.dumps(listing_page(100))
    tp: Any = list[ProductSummary]
    count = ctx.size(1000, 5)  # full collections come every ~200 pages: several per run
    loads = time_calls(lambda: orjson.loads(raw), count)
    typed = time_calls(lambda: converter.structure(orjson.loads(raw)["data"], tp), count)
    # timeit (and so bench_decode.py) switches the garbage collector off; a real process does
    # not, and the objects structuring allocates trigger collections (of the decoded page too).
    gc.disable()
    try:
        typed_no_gc = time_calls(lambda: converter.structure(orjson.loads(raw)["data"], tp), count)
    finally:
        gc.enable()
    return {
        "orjson_loads_us": loads["cpu_us_per_call"],
        "typed_decode_us": typed["cpu_us_per_call"],
        "typed_decode_gc_off_us": typed_no_gc["cpu_us_per_call"],
        "page_kb": len(raw) / 1024,
    }


CASES = [Case("decode.listing100", run, "100-product listing page: orjson.loads vs typed")]

COMPARISONS = [
    Comparison(
        "typed decode of a 100-product page vs orjson.loads",
        ("decode.listing100", "typed_decode_us"),
        ("decode.listing100", "orjson_loads_us"),
        ("<=", 3.0),
    ),
    Comparison(
        "the same with the garbage collector off (as timeit measures)",
        ("decode.listing100", "typed_decode_gc_off_us"),
        ("decode.listing100", "orjson_loads_us"),
    ),
]
