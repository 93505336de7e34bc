"""Order-to-cash throughput vs the gateway's limit: `orders.acknowledge` and
`orders.upload_invoices` against FakeCoupang limited to 10 calls/s (goal: >= 0.9 of the limit,
i.e. >= 450 boxes/s at 50 boxes a call, and zero 429 responses in every repetition).

In process (`fake.client()`), like `case_bulk`: the client is paced at exactly the fake's limit
(its pacer keeps the network margin) with 8 calls in flight; the fake's `X-CAG-Warnings` are
off (with them the client slows down by design). The calls/s are measured on the fake's side,
(calls - 1) / (last arrival - first arrival); boxes/s over the run's wall time. Single-item
boxes, so a call carries 50 boxes in both cases. The boxes to invoice are put in INSTRUCT
through the fake's state machine, so the invoice run measures invoice calls only.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.harness import Case, Comparison, Context, Metrics
from coupang_async import orders
from coupang_async.bulk import ItemStatus
from coupang_async.orders import Invoice
from coupang_async.testing import FakeCoupang
from coupang_async.testing._fulfilment import find_box, set_status, state_of

LIMIT = 10.0
PACE_SHARE = 1.0  # exactly the limit: the client's pacer keeps its own network margin
BOXES = 3000  # 60 calls: about 6 s at 10 calls/s
PRODUCTS = 50


def _fake(count: int) -> tuple[FakeCoupang, list[int]]:
    fake = FakeCoupang(
        products=PRODUCTS, orders=0, seed=3, requests_per_second=LIMIT, warn_ratio=None
    )
    return fake, fake.place_orders(count)


def _measure(fake: FakeCoupang, suffix: str, wall: float, boxes: int, ok: int) -> Metrics:
    arrivals = [r.received_at for r in fake.requests if r.path.endswith(suffix)]
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    calls_per_s = (len(arrivals) - 1) / span if span > 0 else 0.0
    return {
        "fraction_of_limit": round(calls_per_s / LIMIT, 4),
        "calls_per_s": round(calls_per_s, 3),
        "boxes_per_s": round(boxes / wall, 1),
        "calls": len(arrivals),
        "responses_429": sum(1 for r in fake.requests if r.status == 429),
        "boxes_ok": ok,
    }


async def acknowledge(ctx: Context) -> Metrics:
    count = ctx.size(BOXES, 150)
    fake, boxes = _fake(count)
    async with fake.client(requests_per_second=LIMIT * PACE_SHARE, max_concurrency=8) as client:
        started = time.perf_counter()
        result = await orders.acknowledge(client, boxes)
        wall = time.perf_counter() - started
    return _measure(fake, "/acknowledgement", wall, count, result.counts[ItemStatus.OK])


async def invoices(ctx: Context) -> Metrics:
    count = ctx.size(BOXES, 150)
    fake, boxes = _fake(count)
    vendor = fake.vendor()
    state = state_of(vendor)
    batch: list[Invoice] = []
    for box_id in boxes:
        box: Any = find_box(vendor, box_id)
        set_status(state, box, "INSTRUCT", fake.clock())  # acknowledged, without HTTP
        number = f"6{box_id % 10**11}"
        batch.extend(
            Invoice(box_id, box["orderId"], item["vendorItemId"], "CJGLS", number)
            for item in box["orderItems"]
        )
    async with fake.client(requests_per_second=LIMIT * PACE_SHARE, max_concurrency=8) as client:
        started = time.perf_counter()
        result = await orders.upload_invoices(client, batch)
        wall = time.perf_counter() - started
    return _measure(fake, "/orders/invoices", wall, count, result.counts[ItemStatus.OK])


CASES = [
    Case(
        "fulfilment.acknowledge.r10",
        acknowledge,
        f"orders.acknowledge, {BOXES} boxes (50 a call), fake limited to 10 calls/s, client at"
        " exactly the limit",
        repeat=3,
    ),
    Case(
        "fulfilment.invoices.r10",
        invoices,
        f"orders.upload_invoices, {BOXES} single-item boxes (50 a call), fake limited to 10"
        " calls/s, client at exactly the limit",
        repeat=3,
    ),
]

COMPARISONS = [
    *(
        Comparison(
            f"{what} calls vs the gateway's limit of 10/s",
            (f"fulfilment.{name}.r10", "fraction_of_limit"),
            1.0,
            (">=", 0.9),
        )
        for name, what in (("acknowledge", "acknowledgement"), ("invoices", "invoice upload"))
    ),
    *(
        Comparison(
            f"429 responses in any repetition, {name}",
            (f"fulfilment.{name}.r10", "responses_429"),
            0.0,
            ("<=", 0.0),
            stat="max",
        )
        for name in ("acknowledge", "invoices")
    ),
]
