"""Single reads and writes of the order-to-cash flow against the fake (orders, returns,
exchanges): typed answers, partial success per item, refusals, and lost answers settled by
reading back (never a second write)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import orjson
import pytest

from coupang_async import (
    APIConnectionError,
    BadRequestError,
    CoupangClient,
    InvalidInputError,
    ServerError,
    exchanges,
    orders,
    returns,
)
from coupang_async.bulk import ItemStatus
from coupang_async.models import OrderStatus, ReceiptStatus
from coupang_async.orders import Invoice
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC).timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeCoupang:
    return FakeCoupang(products=30, orders=0, seed=9, requests_per_second=None, clock=clock)


@pytest.fixture
async def client(fake: FakeCoupang, clock: Clock) -> AsyncIterator[CoupangClient]:
    def signing_clock() -> dt.datetime:
        return dt.datetime.fromtimestamp(clock(), dt.UTC)

    async with fake.client(
        requests_per_second=None, retry=FAST_RETRY, clock=signing_clock
    ) as client:
        yield client


async def shipped(
    fake: FakeCoupang, client: CoupangClient, count: int, lines: int = 1
) -> list[int]:
    boxes = fake.place_orders(count, lines=lines)
    await orders.acknowledge(client, boxes)
    invoices = []
    for box in boxes:
        sheet = fake.order_sheet(box)
        for item in sheet["orderItems"]:
            invoices.append(
                Invoice(box, sheet["orderId"], item["vendorItemId"], "CJGLS", f"7{box % 10**11}")
            )
    assert (await orders.upload_invoices(client, invoices)).ok
    return boxes


async def test_order_sheet_reads(fake: FakeCoupang, client: CoupangClient) -> None:
    """By box (v5 model), by order id (a list), and the history (newest first)."""
    (box,) = await shipped(fake, client, 1, lines=2)
    sheet = await orders.get_order_sheet(client, box)
    assert sheet.shipment_box_id == box
    assert sheet.status is OrderStatus.DEPARTURE
    assert len(sheet.order_items or []) == 2
    assert sheet.order_id is not None
    by_order = await orders.get_order_sheets_by_order_id(client, sheet.order_id)
    assert [s.shipment_box_id for s in by_order] == [box]
    history = await orders.get_delivery_history(client, box)
    assert [d.delivery_status for d in history.details or []] == ["DEPARTURE", "INSTRUCT", "ACCEPT"]


async def test_stop_shipment_and_its_settlement(fake: FakeCoupang, client: CoupangClient) -> None:
    """A wrong count is refused by the gateway; the right one stops the shipment; asking again
    reads the receipt back and reports it stopped instead of failing."""
    boxes = fake.place_orders(1, lines=2)
    await orders.acknowledge(client, boxes)
    receipt_id = fake.request_cancel(boxes[0])
    total = fake.return_request(receipt_id)["cancelCountSum"]
    with pytest.raises(BadRequestError, match="cancelCount"):
        await orders.stop_shipment(client, receipt_id, total + 1)
    result = await orders.stop_shipment(client, receipt_id, total)
    assert result.result_code == "SUCCESS"
    assert fake.order_status(boxes[0]) == "CANCELLED"
    again = await orders.stop_shipment(client, receipt_id, total)
    assert again.result_code == "SUCCESS"
    assert "reading the receipt back" in str(again.result_message)
    assert fake.writes(receipt_id) == {"stop_shipment": 1}


async def test_mark_already_shipped_reads_the_nested_answer(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The already-shipped answer has no outer code; the result still reads, the box ships."""
    boxes = fake.place_orders(1)
    await orders.acknowledge(client, boxes)
    receipt_id = fake.request_cancel(boxes[0])
    result = await orders.mark_already_shipped(client, receipt_id, "KDEXP", "70432743577")
    assert (result.code, result.result_code) == ("200", "SUCCESS")
    assert fake.order_status(boxes[0]) == "DEPARTURE"
    with pytest.raises(InvalidInputError, match="invoice_number"):
        await orders.mark_already_shipped(client, receipt_id, "KDEXP", 70432743577)  # type: ignore[arg-type]


async def test_cancel_order_per_item(fake: FakeCoupang, client: CoupangClient) -> None:
    """One item cancelled, one refused with the gateway's reason; all refused is no exception."""
    (box,) = fake.place_orders(1, lines=2)
    sheet = fake.order_sheet(box)
    first, second = sheet["orderItems"]
    user = fake.vendor().vendor_user_id
    outcome = await orders.cancel_order(
        client,
        sheet["orderId"],
        [first["vendorItemId"], second["vendorItemId"]],
        [first["shippingCount"], second["shippingCount"] + 9],
        user_id=user,
    )
    ok, refused = outcome.results
    assert (ok.status, ok.receipt_type) == (ItemStatus.OK, "CANCEL")
    assert ok.receipt_id is not None
    assert refused.status is ItemStatus.FAILED
    assert "취소 가능한 개수보다" in str(refused.error)
    assert outcome.failed_vendor_item_ids == [second["vendorItemId"]]
    assert outcome.answer is not None
    none = await orders.cancel_order(
        client, sheet["orderId"], [first["vendorItemId"]], [1], user_id=user
    )
    assert [r.status for r in none.results] == [ItemStatus.FAILED]
    with pytest.raises(InvalidInputError, match="receipt_counts"):
        await orders.cancel_order(client, 1, [1, 2], [1], user_id=user)
    with pytest.raises(InvalidInputError, match="reason_code"):
        await orders.cancel_order(client, 1, [1], [1], user_id=user, reason_code="NOPE")


async def test_cancel_order_lost_answer_is_read_back(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The cancel POST is processed but its answer lost: the order is read back (cancelled →
    OK) and the POST is not sent again."""
    (box,) = fake.place_orders(1)
    sheet = fake.order_sheet(box)
    (item,) = sheet["orderItems"]
    fake.faults.add(Fault.drop_after(), method="POST", path="*/cancel", times=1)
    outcome = await orders.cancel_order(
        client,
        sheet["orderId"],
        [item["vendorItemId"]],
        [item["shippingCount"]],
        user_id=fake.vendor().vendor_user_id,
    )
    assert [r.status for r in outcome.results] == [ItemStatus.OK]
    assert sum(1 for r in fake.requests if r.method == "POST") == 1


async def test_long_term_undelivered(
    fake: FakeCoupang, client: CoupangClient, clock: Clock
) -> None:
    """Refused before 30 days after shipping, accepted after; a lost answer reads back."""
    (box,) = await shipped(fake, client, 1)
    number = fake.order_sheet(box)["invoiceNumber"]
    with pytest.raises(BadRequestError, match="배송상태: DEPARTURE"):
        await orders.complete_long_term_undelivered(client, box, number)
    clock.now += 31 * 86_400
    fake.faults.add(Fault.drop_after(), method="POST", path="*/completeLongTermUndelivery")
    assert await orders.complete_long_term_undelivered(client, box, number) is True
    assert fake.order_status(box) == "FINAL_DELIVERY"


async def test_return_receipt_and_approval(fake: FakeCoupang, client: CoupangClient) -> None:
    """get → confirm receipt → approve with the ReturnRequest (count checked locally first)."""
    boxes = await shipped(fake, client, 1, lines=2)
    fake.advance_deliveries()
    receipt_id = fake.request_return(boxes[0])
    request = await returns.get_return_request(client, receipt_id)
    assert request.receipt_id == receipt_id
    assert request.receipt_status is ReceiptStatus.RETURNS_UNCHECKED
    total = request.cancel_count_sum
    assert isinstance(total, int)
    sent = len(fake.requests)
    with pytest.raises(InvalidInputError, match="cancel_count"):
        await returns.approve_return(client, request, total + 1)
    with pytest.raises(InvalidInputError, match="cancel_count"):
        await returns.approve_return(client, receipt_id)
    assert len(fake.requests) == sent
    await returns.confirm_return_receipt(client, receipt_id)
    await returns.confirm_return_receipt(client, receipt_id)  # already: confirmed by reading
    assert fake.writes(receipt_id) == {"return_receipt": 1}
    fake.faults.add(Fault.drop_after(), method="PUT", path="*/approval", times=1)
    await returns.approve_return(client, request)  # lost answer, retried, refused, read back
    assert fake.return_request(receipt_id)["receiptStatus"] == "RETURNS_COMPLETED"
    assert fake.writes(receipt_id) == {"return_receipt": 1, "return_approval": 1}


async def test_approval_in_the_wrong_state_raises(fake: FakeCoupang, client: CoupangClient) -> None:
    """Not received yet: the gateway's 500 is raised after the read-back shows no approval."""
    boxes = fake.place_orders(1)
    await orders.acknowledge(client, boxes)
    receipt_id = fake.request_cancel(boxes[0])
    with pytest.raises(ServerError, match="환불 승인 불가능한 상태"):
        await returns.approve_return(client, receipt_id, 1)


async def test_withdrawals_by_day_and_by_id(fake: FakeCoupang, client: CoupangClient) -> None:
    """A withdrawn return shows in the withdrawal history, by its KST day and by its id (ids
    are looked up 50 per call)."""
    boxes = await shipped(fake, client, 3)
    receipts = [fake.request_return(b) for b in boxes]
    for receipt in receipts[:2]:
        fake.withdraw_return(receipt)
    day = dt.date(2026, 1, 15)
    by_day = await returns.list_return_withdrawals(
        client, created_at_from=day - dt.timedelta(days=10), created_at_to=day, max_per_page=1
    ).to_list()
    assert [w.cancel_id for w in by_day] == receipts[:2]
    ids = [*range(1, 60), *receipts]
    by_id = await returns.list_return_withdrawals(client, receipt_ids=ids).to_list()
    assert sorted(w.cancel_id for w in by_id if isinstance(w.cancel_id, int)) == sorted(
        receipts[:2]
    )
    posts = [orjson.loads(r.body) for r in fake.requests if r.path.endswith("returnWithdrawList")]
    assert [len(p["cancelIds"]) for p in posts] == [50, 12]
    with pytest.raises(InvalidInputError, match="receipt_ids"):
        returns.list_return_withdrawals(client, receipt_ids=[1], created_at_from=day)


async def test_collection_waybill(fake: FakeCoupang, client: CoupangClient) -> None:
    boxes = await shipped(fake, client, 1)
    receipt_id = fake.request_return(boxes[0])
    invoice = await returns.register_collection_invoice(
        client, receipt_id, "KDEXP", "201805291435", reg_number="1234568"
    )
    assert (invoice.receipt_id, invoice.invoice_number) == (receipt_id, "201805291435")
    assert invoice.invoice_number_id is not None
    fake.faults.add(Fault.drop_after(), method="POST", path="*/manual", times=1)
    again = await returns.register_collection_invoice(client, receipt_id, "KDEXP", "201805291435")
    assert again.invoice_number == "201805291435"  # settled by reading the return back


async def test_exchange_flow(fake: FakeCoupang, client: CoupangClient) -> None:
    """Confirm receipt, upload the replacement's waybill (a JSON array on the wire); reject
    another with a checked reason."""
    first, second = await shipped(fake, client, 2)
    fake.advance_deliveries()
    fake.advance_deliveries()
    exchange_id = fake.request_exchange(first)
    await exchanges.confirm_exchange_receipt(client, exchange_id)
    new_box = fake.exchange_request(exchange_id)["deliveryInvoiceGroupDtos"][0]["shipmentBoxId"]
    result = await exchanges.upload_exchange_invoice(
        client, exchange_id, new_box, "CJGLS", "680405450931"
    )
    assert result.result_code == "SUCCESS"
    last = fake.requests.last
    assert last is not None
    body = orjson.loads(last.body)
    assert isinstance(body, list)
    assert body[0]["goodsDeliveryCode"] == "CJGLS"
    assert fake.exchange_request(exchange_id)["exchangeStatus"] == "SUCCESS"
    other = fake.request_exchange(second)
    with pytest.raises(InvalidInputError, match="reason"):
        await exchanges.reject_exchange(client, other, "MAYBE")
    rejected = await exchanges.reject_exchange(client, other, "WITHDRAW")
    assert rejected.result_code == "SUCCESS"
    with pytest.raises(BadRequestError):
        await exchanges.reject_exchange(client, other, "SOLDOUT")


async def test_post_lost_answer_without_read_back_raises(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """An exchange waybill whose answer is lost cannot be read back: the connection error is
    raised (the outcome is unknown) and the POST is not re-sent."""
    fake.faults.add(Fault.drop_after(), method="POST", path="*/invoices")
    with pytest.raises(APIConnectionError):
        await exchanges.upload_exchange_invoice(client, 1, 2, "CJGLS", "1")
    assert len(fake.requests) == 1
