"""The fake's order-to-cash state machine, driven over plain signed HTTP (no library client).

ACCEPT → INSTRUCT → DEPARTURE → DELIVERING → FINAL_DELIVERY, the per-box result codes of batch
writes in the wrong state, cancellations, stop shipment, returns, withdrawals and exchanges.
"""

from __future__ import annotations

from typing import Any

import pytest

from coupang_async.testing import FakeCoupang, Fault
from tests.testing.signer import OPENAPI, Api, Clock

pytestmark = pytest.mark.both_backends


def _v(fake: FakeCoupang, resource: str, version: int = 4) -> str:
    return f"{OPENAPI}/v{version}/vendors/{fake.vendor_id}/{resource}"


async def _ack(api: Api, fake: FakeCoupang, ids: list[Any]) -> dict[str, Any]:
    response = await api.put(
        _v(fake, "ordersheets/acknowledgement"),
        json={"vendorId": fake.vendor_id, "shipmentBoxIds": ids},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _dtos(fake: FakeCoupang, box_id: int, number: str, courier: str = "CJGLS") -> list[Any]:
    sheet = fake.order_sheet(box_id)
    return [
        {
            "shipmentBoxId": box_id,
            "orderId": sheet["orderId"],
            "vendorItemId": item["vendorItemId"],
            "deliveryCompanyCode": courier,
            "invoiceNumber": number,
            "splitShipping": False,
            "preSplitShipped": False,
            "estimatedShippingDate": "",
        }
        for item in sheet["orderItems"]
    ]


async def _invoices(
    api: Api, fake: FakeCoupang, dtos: list[Any], *, update: bool = False
) -> dict[str, Any]:
    resource = "orders/updateInvoices" if update else "orders/invoices"
    response = await api.post(
        _v(fake, resource), json={"vendorId": fake.vendor_id, "orderSheetInvoiceApplyDtos": dtos}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_happy_path_moves_a_box_through_every_status(
    api: Api, fake: FakeCoupang, clock: Clock
) -> None:
    """place → acknowledge → invoice → two delivery steps, with a newest-first history."""
    (box,) = fake.place_orders(1, lines=2)
    assert fake.order_status(box) == "ACCEPT"
    body = await _ack(api, fake, [box])
    assert body["code"] == "200"
    assert body["data"]["responseCode"] == 0
    assert body["data"]["responseList"] == [
        {
            "shipmentBoxId": box,
            "succeed": True,
            "resultCode": "OK",
            "retryRequired": False,
            "resultMessage": "request succeeded.",
        }
    ]
    assert fake.order_status(box) == "INSTRUCT"
    clock.advance(60)
    body = await _invoices(api, fake, _dtos(fake, box, "123456789012"))
    assert body["data"]["responseCode"] == 0
    assert fake.order_status(box) == "DEPARTURE"
    assert fake.order_sheet(box)["invoiceNumber"] == "123456789012"
    assert fake.advance_deliveries() == 1
    assert fake.order_status(box) == "DELIVERING"
    fake.advance_deliveries()
    assert fake.order_status(box) == "FINAL_DELIVERY"
    history = (await api.get(_v(fake, f"ordersheets/{box}/history", 5))).json()["data"]
    assert history["shipmentBoxId"] == box
    assert [d["deliveryStatus"] for d in history["details"]] == [
        "FINAL_DELIVERY",
        "DELIVERING",
        "DEPARTURE",
        "INSTRUCT",
        "ACCEPT",
    ]
    assert [w.kind for w in fake.fulfilment_log()] == ["acknowledge", "invoice_upload"]
    assert fake.writes(box) == {"acknowledge": 1, "invoice_upload": 1}


async def test_single_reads_by_box_and_by_order_in_v4_and_v5(api: Api, fake: FakeCoupang) -> None:
    """v5 renders money objects; by-order answers a list; ids stay exact 18-digit ints."""
    (box,) = fake.place_orders(1)
    v5 = (await api.get(_v(fake, f"ordersheets/{box}", 5))).json()
    assert v5["code"] == "200"
    assert v5["data"]["shipmentBoxId"] == box
    assert len(str(box)) == 18
    assert set(v5["data"]["shippingPrice"]) == {"currencyCode", "units", "nanos"}
    v4 = (await api.get(_v(fake, f"ordersheets/{box}", 4))).json()
    assert isinstance(v4["data"]["shippingPrice"], int)
    order_id = v4["data"]["orderId"]
    by_order = (await api.get(_v(fake, f"{order_id}/ordersheets", 5))).json()
    assert [s["shipmentBoxId"] for s in by_order["data"]] == [box]
    missing = await api.get(_v(fake, "ordersheets/1", 5))
    assert missing.status_code == 400


async def test_acknowledgement_in_the_wrong_state_and_limits(api: Api, fake: FakeCoupang) -> None:
    """A second acknowledgement fails per box (INVALID_STATUS); an unknown box is
    NOT_FOUND_SHIPMENT_BOX; more than 50 ids is a 400; a wrong vendorId is a 400."""
    boxes = fake.place_orders(2)
    await _ack(api, fake, boxes[:1])
    body = await _ack(api, fake, [boxes[0], boxes[1], 999])
    data = body["data"]
    assert data["responseCode"] == 1
    codes = [(r["shipmentBoxId"], r["succeed"], r["resultCode"]) for r in data["responseList"]]
    assert codes == [
        (boxes[0], False, "INVALID_STATUS"),
        (boxes[1], True, "OK"),
        (999, False, "NOT_FOUND_SHIPMENT_BOX"),
    ]
    assert data["responseList"][0]["resultMessage"].startswith("배송상태를 변경할 수 없습니다")
    assert fake.writes(boxes[0]) == {"acknowledge": 1}
    too_many = await api.put(
        _v(fake, "ordersheets/acknowledgement"),
        json={"vendorId": fake.vendor_id, "shipmentBoxIds": list(range(1, 52))},
    )
    assert too_many.status_code == 400
    wrong_vendor = await api.put(
        _v(fake, "ordersheets/acknowledgement"),
        json={"vendorId": "A99999999", "shipmentBoxIds": boxes},
    )
    assert wrong_vendor.status_code == 400


async def test_acknowledgement_answers_patch_too(api: Api, fake: FakeCoupang) -> None:
    """The spec's PATCH works like PUT."""
    (box,) = fake.place_orders(1)
    response = await api.call(
        "PATCH",
        _v(fake, "ordersheets/acknowledgement"),
        json={"vendorId": fake.vendor_id, "shipmentBoxIds": [box]},
    )
    assert response.json()["data"]["responseCode"] == 0
    assert fake.order_status(box) == "INSTRUCT"


async def test_invoice_rules(api: Api, fake: FakeCoupang) -> None:
    """Upload needs INSTRUCT and every item of the box; update needs a shipped box; a second
    upload is INVALID_STATUS; someone else's number is DUPLICATE_INVOICE_NUMBER; a wrong
    courier code fails the whole call with a 500."""
    first, second = fake.place_orders(2, lines=2)
    early = await _invoices(api, fake, _dtos(fake, first, "111111111111"))
    assert early["data"]["responseList"][0]["resultCode"] == "INVALID_STATUS"
    await _ack(api, fake, [first, second])
    partial = await _invoices(api, fake, _dtos(fake, first, "111111111111")[:1])
    assert partial["data"]["responseList"][0]["resultCode"] == "NOT_FOUND_VENDOR_ITEM"
    ok = await _invoices(api, fake, _dtos(fake, first, "111111111111"))
    assert ok["data"]["responseList"][0]["succeed"] is True
    again = await _invoices(api, fake, _dtos(fake, first, "111111111111"))
    item = again["data"]["responseList"][0]
    assert (item["resultCode"], item["retryRequired"]) == ("INVALID_STATUS", False)
    assert "[합포장번호 : " in item["resultMessage"]
    if fake.order_sheet(first)["receiver"] != fake.order_sheet(second)["receiver"]:
        dup = await _invoices(api, fake, _dtos(fake, second, "111111111111"))
        item = dup["data"]["responseList"][0]
        assert (item["resultCode"], item["retryRequired"]) == ("DUPLICATE_INVOICE_NUMBER", True)
    bad = await api.post(
        _v(fake, "orders/invoices"),
        json={
            "vendorId": fake.vendor_id,
            "orderSheetInvoiceApplyDtos": _dtos(fake, second, "222", courier="NOPE"),
        },
    )
    assert bad.status_code == 500
    not_shipped = await _invoices(api, fake, _dtos(fake, second, "333333333"), update=True)
    assert not_shipped["data"]["responseList"][0]["resultCode"] == "INVALID_STATUS"
    fake.advance_deliveries()
    updated = await _invoices(api, fake, _dtos(fake, first, "444444444444"), update=True)
    assert updated["code"] == 200  # updateInvoices answers a numeric code, as documented
    assert updated["data"]["responseCode"] == 0
    assert fake.order_status(first) == "DEPARTURE"  # an update returns to DEPARTURE
    assert fake.order_sheet(first)["invoiceNumber"] == "444444444444"
    assert fake.writes(first) == {"acknowledge": 1, "invoice_upload": 1, "invoice_update": 1}


async def test_fail_box_injects_a_retry_required_answer(api: Api, fake: FakeCoupang) -> None:
    """fake.fail_box: the next write of that box is refused with retryRequired, then it works."""
    boxes = fake.place_orders(2)
    fake.fail_box(boxes[1], "UNDEFINED_ERROR_OCCUR")
    body = await _ack(api, fake, boxes)
    assert body["data"]["responseCode"] == 1
    refused = body["data"]["responseList"][1]
    assert (refused["resultCode"], refused["retryRequired"]) == ("UNDEFINED_ERROR_OCCUR", True)
    assert fake.order_status(boxes[1]) == "ACCEPT"
    assert (await _ack(api, fake, boxes[1:]))["data"]["responseCode"] == 0
    with pytest.raises(ValueError, match="unknown result code"):
        fake.fail_box(boxes[0], "NOPE")


async def test_cancel_order_partial_success(api: Api, fake: FakeCoupang) -> None:
    """Cancel at ACCEPT: receiptMap keyed by receipt id, failedVendorItemIds for the rest;
    when every item fails the answer is a 400 with code "400" and the same data."""
    (box,) = fake.place_orders(1, lines=2)
    sheet = fake.order_sheet(box)
    first, second = sheet["orderItems"]
    body = {
        "orderId": sheet["orderId"],
        "vendorItemIds": [first["vendorItemId"], second["vendorItemId"]],
        "receiptCounts": [first["shippingCount"], second["shippingCount"] + 5],
        "bigCancelCode": "CANERR",
        "middleCancelCode": "CCTTER",
        "userId": fake.vendor().vendor_user_id,
        "vendorId": fake.vendor_id,
    }
    path = _v(fake, f"orders/{sheet['orderId']}/cancel", 5)
    response = await api.post(path, json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["code"] == "200"
    assert answer["data"]["failedVendorItemIds"] == [second["vendorItemId"]]
    (receipt,) = answer["data"]["receiptMap"].values()
    assert receipt["receiptType"] == "CANCEL"
    assert receipt["vendorItemIds"] == [first["vendorItemId"]]
    assert "취소 가능한 개수보다 요청한 개수가 더 많습니다" in answer["message"]
    again = await api.post(path, json=body)
    assert again.status_code == 400
    assert again.json()["code"] == "400"
    assert len(again.json()["data"]["failedVendorItemIds"]) == 2
    wrong_user = await api.post(path, json={**body, "userId": "someone"})
    assert wrong_user.status_code == 400


async def test_stop_shipment_and_already_shipped(api: Api, fake: FakeCoupang) -> None:
    """A customer cancels at INSTRUCT: the seller stops the shipment (cancelCount must be the
    receipt's total) or reports it already shipped (a return receipt, the box in DEPARTURE)."""
    first, second = fake.place_orders(2)
    await _ack(api, fake, [first, second])
    stop_id = fake.request_cancel(first)
    receipt = fake.return_request(stop_id)
    assert receipt["receiptStatus"] == "RELEASE_STOP_UNCHECKED"
    total = receipt["cancelCountSum"]
    path = _v(fake, f"returnRequests/{stop_id}/stoppedShipment")
    body = {"vendorId": fake.vendor_id, "receiptId": stop_id, "cancelCount": total + 1}
    mismatch = await api.put(path, json=body)
    assert mismatch.status_code == 400
    assert "cancelCount가 일치하지 않습니다" in mismatch.json()["message"]
    done = await api.put(path, json={**body, "cancelCount": total})
    assert done.json()["data"]["resultCode"] == "SUCCESS"
    assert fake.order_status(first) == "CANCELLED"
    again = await api.put(path, json={**body, "cancelCount": total})
    assert again.json()["message"] == "Product is already returned."
    gone = await api.get(_v(fake, f"ordersheets/{first}", 5))
    assert gone.json()["message"] == "해당 주문이 취소 또는 반품되었습니다."

    shipped_id = fake.request_cancel(second)
    shipped = await api.put(
        _v(fake, f"returnRequests/{shipped_id}/completedShipment"),
        json={
            "vendorId": fake.vendor_id,
            "receiptId": shipped_id,
            "deliveryCompanyCode": "KDEXP",
            "invoiceNumber": "70432743577",
        },
    )
    answer = shipped.json()
    assert "code" not in answer  # the documented nested form
    assert answer["data"]["code"] == "200"
    assert fake.order_status(second) == "DEPARTURE"
    assert fake.return_request(shipped_id)["receiptStatus"] == "RETURNS_UNCHECKED"


async def test_return_flow_receipt_approval_and_withdrawal(api: Api, fake: FakeCoupang) -> None:
    """RETURNS_UNCHECKED → (receipt) VENDOR_WAREHOUSE_CONFIRM → (approval) RETURNS_COMPLETED;
    approval before receipt is refused; a withdrawn return leaves the list and is listed as a
    withdrawal by id and by date."""
    boxes = fake.place_orders(2)
    await _ack(api, fake, boxes)
    for box in boxes:
        await _invoices(api, fake, _dtos(fake, box, f"5555{box % 10**8:08d}"))
    fake.advance_deliveries()
    fake.advance_deliveries()
    receipt_id = fake.request_return(boxes[0])
    total = fake.return_request(receipt_id)["cancelCountSum"]
    single = (await api.get(_v(fake, f"returnRequests/{receipt_id}", 6))).json()
    assert [r["receiptId"] for r in single["data"]] == [receipt_id]
    assert "_status" not in single["data"][0]
    approve = _v(fake, f"returnRequests/{receipt_id}/approval")
    body = {"vendorId": fake.vendor_id, "receiptId": receipt_id, "cancelCount": total}
    early = await api.put(approve, json=body)
    assert early.status_code == 500
    confirm = await api.put(
        _v(fake, f"returnRequests/{receipt_id}/receiveConfirmation"),
        json={"vendorId": fake.vendor_id, "receiptId": receipt_id},
    )
    assert confirm.json() == {"code": "200", "message": "OK"}
    assert fake.return_request(receipt_id)["receiptStatus"] == "VENDOR_WAREHOUSE_CONFIRM"
    assert (await api.put(approve, json=body)).json() == {"code": "200", "message": "OK"}
    assert fake.return_request(receipt_id)["receiptStatus"] == "RETURNS_COMPLETED"
    twice = await api.put(approve, json=body)
    assert twice.json()["message"] == "이미 반품이 완료되었습니다."

    withdrawn = fake.request_return(boxes[1])
    fake.withdraw_return(withdrawn)
    with pytest.raises(KeyError):
        fake.return_request(withdrawn)
    by_id = await api.post(_v(fake, "returnWithdrawList"), json={"cancelIds": [withdrawn, 1]})
    assert [w["cancelId"] for w in by_id.json()["data"]] == [withdrawn]
    day = by_id.json()["data"][0]["createdAt"][:10]
    by_date = await api.get(
        _v(fake, "returnWithdrawRequests"), {"dateFrom": day, "dateTo": day, "sizePerPage": 10}
    )
    assert by_date.json()["nextPageIndex"] == ""
    assert [w["cancelId"] for w in by_date.json()["data"]] == [withdrawn]
    too_long = await api.get(
        _v(fake, "returnWithdrawRequests"), {"dateFrom": "2026-01-01", "dateTo": "2026-01-08"}
    )
    assert too_long.json()["message"] == "최대 조회 기간은 7 일 입니다."


async def test_exchange_flow(api: Api, fake: FakeCoupang) -> None:
    """RECEIPT → (receipt confirmed) PROGRESS with a new box → (invoice, a JSON array) SUCCESS;
    an object body or the original box is refused; rejection takes SOLDOUT / WITHDRAW only."""
    boxes = fake.place_orders(2)
    await _ack(api, fake, boxes)
    for box in boxes:
        await _invoices(api, fake, _dtos(fake, box, f"6666{box % 10**8:08d}"))
    fake.advance_deliveries()
    fake.advance_deliveries()
    exchange_id = fake.request_exchange(boxes[0])
    base = _v(fake, f"exchangeRequests/{exchange_id}")
    confirm = await api.put(
        f"{base}/receiveConfirmation",
        json={"exchangeId": exchange_id, "vendorId": fake.vendor_id},
    )
    assert confirm.json() == {"code": "200", "message": "SUCCESS"}
    exchange = fake.exchange_request(exchange_id)
    assert exchange["exchangeStatus"] == "PROGRESS"
    new_box = exchange["deliveryInvoiceGroupDtos"][0]["shipmentBoxId"]
    entry = {
        "exchangeId": str(exchange_id),
        "vendorId": fake.vendor_id,
        "shipmentBoxId": boxes[0],
        "goodsDeliveryCode": "CJGLS",
        "invoiceNumber": "680405450931",
    }
    old_box = await api.post(f"{base}/invoices", json=[entry])
    assert "is not suitable for applyInvoice" in old_box.json()["message"]
    as_object = await api.post(f"{base}/invoices", json={**entry, "shipmentBoxId": new_box})
    assert as_object.status_code == 400
    done = await api.post(f"{base}/invoices", json=[{**entry, "shipmentBoxId": str(new_box)}])
    assert done.json()["data"]["resultCode"] == "SUCCESS"
    assert fake.exchange_request(exchange_id)["exchangeStatus"] == "SUCCESS"

    other = fake.request_exchange(boxes[1])
    reject = _v(fake, f"exchangeRequests/{other}/rejection")
    body = {"exchangeId": other, "vendorId": fake.vendor_id, "exchangeRejectCode": "MAYBE"}
    assert (await api.put(reject, json=body)).status_code == 400
    ok = await api.put(reject, json={**body, "exchangeRejectCode": "SOLDOUT"})
    assert ok.json()["data"]["resultCode"] == "SUCCESS"
    assert fake.exchange_request(other)["exchangeStatus"] == "REJECT"


async def test_collection_waybill_and_long_term_delivery(
    api: Api, fake: FakeCoupang, clock: Clock
) -> None:
    """A collection waybill for a RETURNS_UNCHECKED return echoes with ids; a missing field is
    "Object is null". Long-term delivery is refused before 30 days after DEPARTURE."""
    (box,) = fake.place_orders(1)
    await _ack(api, fake, [box])
    await _invoices(api, fake, _dtos(fake, box, "777777777777"))
    path = _v(fake, "completeLongTermUndelivery")
    early = await api.post(path, json={"shipmentBoxId": box, "invoiceNumber": "777777777777"})
    assert early.json()["message"] == "배송완료 처리 실패. 배송상태: DEPARTURE"
    clock.advance(31 * 86_400)
    done = await api.post(path, json={"shipmentBoxId": box, "invoiceNumber": "777777777777"})
    assert done.json() == {"code": "200", "message": "SUCCESS", "data": True}
    assert fake.order_status(box) == "FINAL_DELIVERY"

    receipt_id = fake.request_return(box)
    manual = _v(fake, "return-exchange-invoices/manual")
    body = {
        "returnExchangeDeliveryType": "RETURN",
        "receiptId": receipt_id,
        "deliveryCompanyCode": "KDEXP",
        "invoiceNumber": "201805291435",
        "regNumber": "1234568",
    }
    echo = (await api.post(manual, json=body)).json()
    assert echo["code"] == 200
    assert echo["data"]["receiptId"] == receipt_id
    assert echo["data"]["returnExchangeDeliveryType"] == "RETURN"
    missing = await api.post(manual, json={**body, "invoiceNumber": None})
    assert missing.json()["message"] == "Object is null"


@pytest.mark.parametrize(
    "fault",
    [
        Fault.server_error(503),
        Fault.server_error(504, processed=True),
        Fault.rate_limited(),
        Fault.access_denied(),
        Fault.business_error(),
    ],
    ids=["503", "504-processed", "429", "403", "business"],
)
async def test_faults_apply_to_the_order_routes(api: Api, fake: FakeCoupang, fault: Fault) -> None:
    """The fault set works on these routes: the reply is replaced, and state changes only when
    the fault lets the request through (processed=True)."""
    (box,) = fake.place_orders(1)
    fake.faults.add(fault, path="*/ordersheets/acknowledgement", times=1)
    response = await api.put(
        _v(fake, "ordersheets/acknowledgement"),
        json={"vendorId": fake.vendor_id, "shipmentBoxIds": [box]},
    )
    assert response.status_code != 200 or response.json()["code"] == "ERROR"
    expected = "INSTRUCT" if fault.processed else "ACCEPT"
    assert fake.order_status(box) == expected
