"""The order-to-cash run over a real loopback socket, with faults.

500 orders placed → acknowledged in calls of at most 50 → invoices uploaded while the gateway
fails in every way a run must survive: a 503 before processing, replies lost after processing
(the connection really closes), and per-box ``retryRequired`` refusals. Every order must end in
DEPARTURE exactly once, with one accurate result per input, and the fake's write log must show
no box uploaded twice.
"""

from __future__ import annotations

from collections import Counter

import orjson

from coupang_async import CoupangClient, orders
from coupang_async.bulk import ItemStatus
from coupang_async.orders import Invoice
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY

N = 500


async def test_500_orders_acknowledged_and_shipped_exactly_once_despite_faults() -> None:
    fake = FakeCoupang(products=60, orders=0, seed=11, requests_per_second=None)
    boxes = fake.place_orders(N - 100) + fake.place_orders(100, lines=2)  # 100 bundled boxes
    async with fake.serve() as base_url:
        client = CoupangClient(
            access_key=fake.access_key,
            secret_key=fake.secret_key,
            vendor_id=fake.vendor_id,
            base_url=base_url,
            requests_per_second=None,
            max_concurrency=4,
            retry=FAST_RETRY,
        )
        async with client:
            # Acknowledge, with a 503 and a processed-then-lost reply on the way.
            fake.faults.add(
                Fault.server_error(503), method="PUT", path="*/acknowledgement", skip=1, times=1
            )
            fake.faults.add(Fault.drop_after(), method="PUT", path="*/acknowledgement", times=1)
            fake.fail_box(boxes[10], "UNDEFINED_ERROR_OCCUR")
            acked = await orders.acknowledge(client, boxes)
            assert acked.counts[ItemStatus.OK] == N, acked.summary()
            assert [r.key for r in acked.results] == boxes
            calls = [
                orjson.loads(r.body)["shipmentBoxIds"]
                for r in fake.requests
                if r.path.endswith("/acknowledgement")
            ]
            assert max(len(ids) for ids in calls) <= 50
            assert {fake.order_status(b) for b in boxes} == {"INSTRUCT"}

            invoices = []
            for box in boxes:
                sheet = fake.order_sheet(box)
                for item in sheet["orderItems"]:
                    invoices.append(
                        Invoice(
                            box,
                            sheet["orderId"],
                            item["vendorItemId"],
                            "HANJIN",
                            f"4{box % 10**11:011d}",
                        )
                    )
            upload = "*/orders/invoices"
            fake.faults.add(Fault.server_error(503), method="POST", path=upload, skip=2, times=1)
            fake.faults.add(Fault.drop_after(), method="POST", path=upload, skip=3, times=2)
            fake.faults.add(
                Fault.server_error(504, processed=True), method="POST", path=upload, skip=6, times=1
            )
            for box in boxes[100:110]:
                fake.fail_box(box, "UNDEFINED_ERROR_OCCUR")
            fake.fail_box(boxes[-1], "ORDER_DELIVERY_PARTIAL_STOP_REQUESTED")
            shipped = await orders.upload_invoices(client, invoices)

    assert shipped.total == len(invoices) == N + 100
    assert [r.key for r in shipped.results] == [i.key for i in invoices]
    assert shipped.counts[ItemStatus.OK] == len(invoices), shipped.summary()
    assert {fake.order_status(b) for b in boxes} == {"DEPARTURE"}
    faults = Counter(str(r.fault) for r in fake.requests if r.fault is not None)
    assert faults == {"server_error": 3, "drop_after": 3}  # every injected fault fired
    log = Counter(w.object_id for w in fake.fulfilment_log() if w.kind == "invoice_upload")
    assert set(log) == set(boxes)
    assert max(log.values()) == 1  # no box uploaded twice
    acks = Counter(w.object_id for w in fake.fulfilment_log() if w.kind == "acknowledge")
    assert max(acks.values()) == 1
    for box in boxes[:5]:
        assert fake.order_sheet(box)["invoiceNumber"] == f"4{box % 10**11:011d}"
