"""Batched order writes against the fake: acknowledge, upload_invoices, update_invoices.

One accurate result per input in input order; 50 per call; a box's items never split; items
marked retryRequired retried; refusals and lost answers settled by reading the boxes back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from coupang_async import CoupangClient, InvalidInputError, RetryPolicy, orders
from coupang_async.bulk import ItemStatus
from coupang_async.orders import Invoice
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

ACK = "*/ordersheets/acknowledgement"
UPLOAD = "*/orders/invoices"


@pytest.fixture
def fake() -> FakeCoupang:
    return FakeCoupang(products=40, orders=0, seed=5, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        yield client


def invoices_for(fake: FakeCoupang, boxes: list[int], prefix: str = "8") -> list[Invoice]:
    """One invoice per item of each box, a distinct 12-digit number per box."""
    found = []
    for box in boxes:
        sheet = fake.order_sheet(box)
        number = f"{prefix}{box % 10**11:011d}"
        for item in sheet["orderItems"]:
            found.append(Invoice(box, sheet["orderId"], item["vendorItemId"], "CJGLS", number))
    return found


def bodies(fake: FakeCoupang, method: str, suffix: str) -> list[Any]:
    return [
        orjson.loads(r.body)
        for r in fake.requests
        if r.method == method and r.path.endswith(suffix) and r.fault is None
    ]


async def test_acknowledge_in_calls_of_at_most_50(fake: FakeCoupang, client: CoupangClient) -> None:
    """120 boxes: calls of at most 50 ids (each box in one call), every box INSTRUCT, one OK
    result per id in order."""
    boxes = fake.place_orders(120)
    result = await orders.acknowledge(client, boxes)
    assert [r.key for r in result.results] == boxes
    assert [r.index for r in result.results] == list(range(120))
    assert all(r.status is ItemStatus.OK and r.result_code == "OK" for r in result.results)
    sent = [b["shipmentBoxIds"] for b in bodies(fake, "PUT", "acknowledgement")]
    assert max(len(ids) for ids in sent) <= 50
    assert sorted(i for ids in sent for i in ids) == sorted(boxes)
    assert len(sent) >= 3
    assert {fake.order_status(b) for b in boxes} == {"INSTRUCT"}
    assert all(fake.writes(b) == {"acknowledge": 1} for b in boxes)


async def test_acknowledge_sends_18_digit_ids_exactly(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The ids on the wire are the exact integers (no float rounding anywhere)."""
    boxes = fake.place_orders(3)
    assert all(b > 2**53 for b in boxes)
    await orders.acknowledge(client, boxes)
    raw = next(r.body for r in fake.requests if r.path.endswith("acknowledgement"))
    for box in boxes:
        assert str(box).encode() in raw


async def test_acknowledge_same_id_twice_and_already_acknowledged(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The same id twice: SUPERSEDED/OK (or OK/OK), never FAILED. A box acknowledged before the
    run is OK only after it reads back as INSTRUCT; a shipped box is FAILED INVALID_STATUS."""
    a, b, c = fake.place_orders(3)
    await orders.acknowledge(client, [b, c])
    await orders.upload_invoices(client, invoices_for(fake, [c]))
    result = await orders.acknowledge(client, [a, a, b, c])
    statuses = [r.status for r in result.results]
    assert statuses[:2] in (
        [ItemStatus.SUPERSEDED, ItemStatus.OK],
        [ItemStatus.OK, ItemStatus.OK],
    )
    assert statuses[2] is ItemStatus.OK
    assert result.results[2].result_code == "INVALID_STATUS"  # the gateway's word, confirmed OK
    assert statuses[3] is ItemStatus.FAILED
    assert result.results[3].result_code == "INVALID_STATUS"
    assert result.results[3].retry_required is False
    assert result.results[3].error is not None
    assert fake.writes(a) == {"acknowledge": 1}
    assert any(r.method == "GET" and r.path.endswith(f"/ordersheets/{b}") for r in fake.requests)


async def test_retry_required_items_are_sent_again(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A box the gateway marks retryRequired once is sent again and ends OK; one refused every
    time ends FAILED with the gateway's code and retry_required True; the others are untouched."""
    boxes = fake.place_orders(4)
    fake.fail_box(boxes[1], "UNDEFINED_ERROR_OCCUR", times=1)
    fake.fail_box(boxes[2], "UNDEFINED_ERROR_OCCUR", times=50)
    result = await orders.acknowledge(client, boxes)
    by_key = {r.key: r for r in result.results}
    assert by_key[boxes[1]].status is ItemStatus.OK
    failed = by_key[boxes[2]]
    assert failed.status is ItemStatus.FAILED
    assert (failed.result_code, failed.retry_required) == ("UNDEFINED_ERROR_OCCUR", True)
    assert failed.error is not None
    assert "알수없는 오류" in str(failed.error)
    assert by_key[boxes[0]].status is ItemStatus.OK
    assert result.updates_to_retry() == [boxes[2]]
    assert fake.order_status(boxes[2]) == "ACCEPT"


async def test_bad_ids_fail_locally(fake: FakeCoupang, client: CoupangClient) -> None:
    """Non-ids are FAILED with an InvalidInputError and never sent; the rest go through."""
    (box,) = fake.place_orders(1)
    result = await orders.acknowledge(client, [0, box, 2**63, "7", True])  # type: ignore[list-item]
    assert [r.status for r in result.results] == [
        ItemStatus.FAILED,
        ItemStatus.OK,
        ItemStatus.FAILED,
        ItemStatus.FAILED,
        ItemStatus.FAILED,
    ]
    assert all(
        isinstance(r.error, InvalidInputError) and r.error.field == "shipment_box_id"
        for i, r in enumerate(result.results)
        if i != 1
    )
    assert [b["shipmentBoxIds"] for b in bodies(fake, "PUT", "acknowledgement")] == [[box]]


async def test_acknowledge_lost_answer_is_settled_by_reading_back(fake: FakeCoupang) -> None:
    """Without client retries: the answer of a processed call is lost; the boxes are read back
    (INSTRUCT → OK). A call that failed before processing reads back ACCEPT and is re-sent."""
    boxes = fake.place_orders(60)
    fake.faults.add(Fault.drop_after(), method="PUT", path=ACK, times=1)
    fake.faults.add(Fault.server_error(503), method="PUT", path=ACK, times=1)
    async with fake.client(
        requests_per_second=None, retry=RetryPolicy.disabled(), max_concurrency=1
    ) as client:
        result = await orders.acknowledge(client, boxes)
    assert result.counts[ItemStatus.OK] == 60, result.summary()
    assert all(fake.writes(b) == {"acknowledge": 1} for b in boxes)


async def test_async_iterable_input(fake: FakeCoupang, client: CoupangClient) -> None:
    """Any async iterable works too."""
    boxes = fake.place_orders(5)

    async def gen() -> AsyncIterator[int]:
        for box in boxes:
            yield box

    result = await orders.acknowledge(client, gen())
    assert [r.key for r in result.results] == boxes
    assert result.ok


async def test_upload_never_splits_a_box(fake: FakeCoupang, client: CoupangClient) -> None:
    """Bundled boxes (two items) interleaved with single ones: every call holds whole boxes,
    at most 50 invoices, and each item's result is its box's."""
    singles = fake.place_orders(60)
    bundles = fake.place_orders(30, lines=2)
    boxes = [b for pair in zip(singles, bundles + bundles, strict=False) for b in pair]
    boxes = list(dict.fromkeys(boxes + singles + bundles))
    await orders.acknowledge(client, boxes)
    invoices = invoices_for(fake, boxes)
    result = await orders.upload_invoices(client, invoices)
    assert result.ok, result.summary()
    assert [r.key for r in result.results] == [i.key for i in invoices]
    calls = bodies(fake, "POST", "/orders/invoices")
    seen: dict[int, int] = {}
    for number, body in enumerate(calls):
        dtos = body["orderSheetInvoiceApplyDtos"]
        assert len(dtos) <= 50
        for dto in dtos:
            assert seen.setdefault(dto["shipmentBoxId"], number) == number  # one call per box
    assert {fake.order_status(b) for b in boxes} == {"DEPARTURE"}


async def test_upload_lost_answers_never_upload_a_box_twice(fake: FakeCoupang) -> None:
    """A processed call whose answer is lost, and a 503 before processing: read back, the
    applied boxes are OK, the untouched ones are sent again; no box is uploaded twice."""
    boxes = fake.place_orders(100)
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        await orders.acknowledge(client, boxes)
        fake.faults.add(Fault.drop_after(), method="POST", path=UPLOAD, times=1)
        fake.faults.add(Fault.server_error(503), method="POST", path=UPLOAD, times=1)
        fake.faults.add(
            Fault.server_error(504, processed=True), method="POST", path=UPLOAD, times=1
        )
        result = await orders.upload_invoices(client, invoices_for(fake, boxes))
    assert result.counts[ItemStatus.OK] == 100, result.summary()
    assert {fake.order_status(b) for b in boxes} == {"DEPARTURE"}
    assert all(fake.writes(b).get("invoice_upload") == 1 for b in boxes)


async def test_upload_lost_answer_and_failed_read_is_unknown(fake: FakeCoupang) -> None:
    """When the read-back fails too, the outcome is UNKNOWN (never FAILED, never re-sent)."""
    boxes = fake.place_orders(3)
    async with fake.client(requests_per_second=None, retry=RetryPolicy.disabled()) as client:
        await orders.acknowledge(client, boxes)
        fake.faults.add(Fault.drop_after(), method="POST", path=UPLOAD, times=1)
        fake.faults.add(Fault.server_error(503), method="GET", path="*/ordersheets/*")
        result = await orders.upload_invoices(client, invoices_for(fake, boxes))
    assert [r.status for r in result.results] == [ItemStatus.UNKNOWN] * 3
    assert len(bodies(fake, "POST", "/orders/invoices")) == 0  # the one POST was the faulty one
    assert sum(1 for r in fake.requests if r.method == "POST") == 1


async def test_upload_refusals_and_bad_input(fake: FakeCoupang, client: CoupangClient) -> None:
    """A cancelled box is FAILED ORDER_DELIVERY_CANCELED; a box uploaded before with the same
    number is OK after reading back; a bad invoice is FAILED locally and never sent."""
    a, b, c = fake.place_orders(3)
    await orders.acknowledge(client, [a, b, c])
    await orders.upload_invoices(client, invoices_for(fake, [b]))
    fake.request_cancel(c)
    bad = Invoice(a, 1, 1, "CJGLS", "12 34")
    result = await orders.upload_invoices(
        client, [*invoices_for(fake, [a, b]), bad, *invoices_for(fake, [c])]
    )
    statuses = [(r.status, r.result_code) for r in result.results]
    assert statuses[0] == (ItemStatus.OK, "OK")
    assert statuses[1] == (ItemStatus.OK, "INVALID_STATUS")  # confirmed by reading back
    assert statuses[2][0] is ItemStatus.FAILED
    assert isinstance(result.results[2].error, InvalidInputError)
    assert result.results[2].error.field == "invoice_number"
    assert statuses[3] == (ItemStatus.FAILED, "ORDER_DELIVERY_CANCELED")


@pytest.mark.parametrize(
    ("field", "invoice"),
    [
        ("shipment_box_id", Invoice(0, 1, 1, "CJGLS", "1")),
        ("order_id", Invoice(1, -1, 1, "CJGLS", "1")),
        ("vendor_item_id", Invoice(1, 1, 2**63, "CJGLS", "1")),
        ("delivery_company_code", Invoice(1, 1, 1, "", "1")),
        ("invoice_number", Invoice(1, 1, 1, "CJGLS", 123)),  # type: ignore[arg-type]
        ("invoice_number", Invoice(1, 1, 1, "CJGLS", "")),
        ("split_shipping", Invoice(1, 1, 1, "CJGLS", "1", split_shipping=1)),  # type: ignore[arg-type]
        ("estimated_shipping_date", Invoice(1, 1, 1, "CJGLS", "1", estimated_shipping_date="x")),  # type: ignore[arg-type]
    ],
)
async def test_invoice_checks_name_the_field(
    fake: FakeCoupang, client: CoupangClient, field: str, invoice: Invoice
) -> None:
    result = await orders.upload_invoices(client, [invoice])
    (only,) = result.results
    assert only.status is ItemStatus.FAILED
    assert isinstance(only.error, InvalidInputError)
    assert only.error.field == field
    assert not fake.requests


async def test_update_invoices(fake: FakeCoupang, client: CoupangClient) -> None:
    """Correcting a shipped box's number: OK (numeric code 200 in the answer), DEPARTURE, the
    new number stored; an unshipped box is FAILED INVALID_STATUS without a read-back."""
    shipped, waiting = fake.place_orders(2)
    await orders.acknowledge(client, [shipped, waiting])
    await orders.upload_invoices(client, invoices_for(fake, [shipped]))
    fake.advance_deliveries()
    result = await orders.update_invoices(
        client, invoices_for(fake, [shipped, waiting], prefix="5")
    )
    assert [(r.status, r.result_code) for r in result.results] == [
        (ItemStatus.OK, "OK"),
        (ItemStatus.FAILED, "INVALID_STATUS"),
    ]
    assert fake.order_status(shipped) == "DEPARTURE"
    assert fake.order_sheet(shipped)["invoiceNumber"].startswith("5")


async def test_rejects_a_non_iterable(client: CoupangClient) -> None:
    with pytest.raises(InvalidInputError, match="shipment_box_ids"):
        await orders.acknowledge(client, 5)  # type: ignore[arg-type]
