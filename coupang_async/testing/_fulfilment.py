"""The order-to-cash flow of the fake: a state machine over order sheets, returns and exchanges.

Order sheets move ACCEPT → INSTRUCT (acknowledgement) → DEPARTURE (invoice upload) → DELIVERING
→ FINAL_DELIVERY (``fake.advance_deliveries()``), with the gateway's answers for writes in the
wrong state: per-box ``INVALID_STATUS`` in batch answers, HTTP 400 with Coupang's messages for
single writes. Customers act through the fake's methods (``place_orders``, ``request_cancel``,
``request_return``, ``request_exchange``, ``withdraw_return``); sellers act through HTTP.

Stored order sheets keep the v4 shape the listing serves (``_orders.order_v5`` renders v5);
bookkeeping that is not part of any payload (status history, cancelled boxes, injected per-box
failures, the write log) lives in a `FulfilmentState` per vendor.

Batch answers are Coupang's shape A: ``{code, message, data: {responseCode, responseMessage,
responseList: [{shipmentBoxId, succeed, resultCode, resultMessage, retryRequired}]}}`` with one
entry per shipment box, in the order the boxes first appear in the request.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from coupang_async.testing._http import (
    KST,
    Call,
    Handler,
    Response,
    format_dt,
    ok,
    openapi_error,
    parse_int,
)
from coupang_async.testing._orders import order_v5
from coupang_async.testing._routing import OPENAPI, VENDOR, Gateway, route
from coupang_async.testing._store import StateKey

if TYPE_CHECKING:
    from coupang_async.testing._store import Ids, VendorState

_V45: Final = r"v(?P<version>[45])"
_V46: Final = r"v(?P<version>[46])"
_BOX: Final = r"(?P<shipmentBoxId>\d+)"
_RECEIPT: Final = rf"{OPENAPI}/v4{VENDOR}/returnRequests/(?P<receiptId>\d+)"
_EXCHANGE: Final = rf"{OPENAPI}/v4{VENDOR}/exchangeRequests/(?P<exchangeId>\d+)"


def _put_or_patch(pattern: str) -> Callable[[Handler], Handler]:
    """Declare a state change for PUT and PATCH alike (Coupang documents both verbs)."""

    def register(handler: Handler) -> Handler:
        route("PUT", pattern)(handler)
        route("PATCH", pattern)(handler)
        return handler

    return register


__all__ = [
    "COURIERS",
    "RETRY_REQUIRED",
    "FulfilmentState",
    "FulfilmentWrite",
    "state_of",
]

#: Courier codes the fake accepts (a wrong code fails the whole request with a 500, as on
#: the real gateway).
COURIERS: Final = {
    "CJGLS": "CJ 대한통운",
    "HANJIN": "한진택배",
    "HYUNDAI": "롯데택배",
    "EPOST": "우체국택배",
    "KGB": "로젠택배",
    "KDEXP": "경동택배",
    "ILYANG": "일양로지스",
    "CHUNIL": "천일특송",
    "DAESIN": "대신택배",
    "CVS": "CVS택배",
    "HDEXP": "합동택배",
    "DHL": "DHL",
    "UPS": "UPS",
    "DIRECT": "업체직송",
    "COUPANG": "쿠팡",
    "KOREX": "대한통운",
}
#: ``retryRequired`` of each documented per-box result code.
RETRY_REQUIRED: Final = {
    "OK": False,
    "NOT_FOUND_SHIPMENT_BOX": False,
    "INVALID_STATUS": False,
    "PERMISSION_DENIED": True,
    "DUPLICATE_INVOICE_NUMBER": True,
    "INVALID_INVOICE_NUMBER": True,
    "ORDER_DELIVERY_CANCELED": False,
    "ORDER_DELIVERY_PARTIAL_STOP_REQUESTED": True,
    "ORDER_DELIVERY_CANCELED_HOLDING_FOR_CANCEL": True,
    "UNDEFINED_ERROR_OCCUR": True,
    "NOT_ALLOW_INVOICE_NUMBER_RE_UPLOAD": False,
    "NOT_FOUND_INVOICE_NUMBER": False,
    "NOT_FOUND_VENDOR_ITEM": False,
    "NOT_ALLOW_VENDOR_DIRECT": False,
    "PSD_NOT_ALLOW_TO_CHANGE": False,
    "NOT_ALLOW_SEPARATE_AFTER_NORMAL_DELIVERY": False,
    "IS_SEPARATE_MUST_BE_TRUE_WHEN_SEPARATE_DELIVERY": False,
    "NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM": False,
}
_RESULT_MESSAGES: Final = {
    "NOT_FOUND_SHIPMENT_BOX": "존재하지 않는 송장번호입니다.",
    "INVALID_STATUS": "배송진행상태가 유효하지 않습니다.",
    "PERMISSION_DENIED": "권한이 없습니다.",
    "DUPLICATE_INVOICE_NUMBER": "이미 저장된 송장번호가 있습니다.",
    "INVALID_INVOICE_NUMBER": "송장번호가 유효하지 않습니다.",
    "ORDER_DELIVERY_CANCELED": "취소된 주문건입니다.",
    "ORDER_DELIVERY_PARTIAL_STOP_REQUESTED": "출고중지 요청건입니다.",
    "ORDER_DELIVERY_CANCELED_HOLDING_FOR_CANCEL": "취소대기상태의 주문건입니다.",
    "UNDEFINED_ERROR_OCCUR": "알수없는 오류",
    "NOT_FOUND_VENDOR_ITEM": "합포장건 중 누락된 상품이 있습니다.",
    "NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM": "단일 상품 주문은 분리배송할 수 없습니다.",
}
ACK_REFUSED: Final = "배송상태를 변경할 수 없습니다. 주문내역을 확인해주세요."
ORDER_CANCELLED: Final = "해당 주문이 취소 또는 반품되었습니다."
STATUS_DESCRIPTIONS: Final = {
    "ACCEPT": "결제완료",
    "INSTRUCT": "상품준비중",
    "DEPARTURE": "배송지시",
    "DELIVERING": "배송중",
    "FINAL_DELIVERY": "배송완료",
    "NONE_TRACKING": "업체 직접 배송(추적불가)",
}
_SHIPPED: Final = frozenset({"DEPARTURE", "DELIVERING", "FINAL_DELIVERY", "NONE_TRACKING"})
_MAX_ACK: Final = 50
_INVOICE_NUMBER: Final = re.compile(r"[0-9A-Za-z-]{1,30}")
_CANCEL_REASONS: Final = frozenset({"CCTTER", "CCPNER", "CCPRER"})
_LONG_TERM_SECONDS: Final = 30 * 86_400


@dataclass(frozen=True, slots=True)
class FulfilmentWrite:
    """One state change made by a seller's request (the fake's write log).

    ``kind``: ``acknowledge``, ``invoice_upload``, ``invoice_update``, ``stop_shipment``,
    ``already_shipped``, ``cancel``, ``long_term_delivered``, ``return_receipt``,
    ``return_approval``, ``collection_invoice``, ``exchange_receipt``, ``exchange_rejection``,
    ``exchange_invoice``. ``object_id`` is the shipment box, receipt or exchange id.
    """

    kind: str
    object_id: int
    detail: dict[str, Any] = field(default_factory=dict)


class FulfilmentState:
    """A vendor's order-flow bookkeeping that no payload shows."""

    def __init__(self, seed: int, vendor_id: str) -> None:
        self.rng = random.Random(f"fulfilment:{seed}:{vendor_id}")
        self.history: dict[int, list[dict[str, Any]]] = {}
        self.cancelled: set[int] = set()
        self.departed_at: dict[int, float] = {}
        self.item_failures: dict[int, list[str]] = {}
        self.withdrawals: list[dict[str, Any]] = []
        self.exchange_boxes: dict[int, int] = {}  # new shipmentBoxId → exchangeId
        self.log: list[FulfilmentWrite] = []
        self.placed = 0


def _new_state(vendor: VendorState, gateway: Gateway) -> FulfilmentState:
    return FulfilmentState(gateway.seed, vendor.vendor_id)


#: The order flow's bookkeeping of one vendor (``vendor.state(FULFILMENT)``).
FULFILMENT: Final = StateKey("fulfilment", _new_state)


def state_of(vendor: VendorState) -> FulfilmentState:
    """The vendor's `FulfilmentState` (made on first use)."""
    return vendor.state(FULFILMENT)


# --- lookups ----------------------------------------------------------------------------------


def find_box(vendor: VendorState, shipment_box_id: int) -> dict[str, Any] | None:
    """The stored order sheet of a shipment box, or None."""
    return _find(vendor.orders, shipment_box_id)


def _find(rows: Any, key: int) -> dict[str, Any] | None:
    index = rows.start(key)
    if index < len(rows.keys) and rows.keys[index] == key:
        found: dict[str, Any] = rows.rows[index]
        return found
    return None


def _stamp(now: float) -> str:
    return format_dt(dt.datetime.fromtimestamp(now, KST).replace(tzinfo=None))


def set_status(state: FulfilmentState, box: dict[str, Any], status: str, now: float) -> None:
    """Move a box to ``status`` and note it in its delivery history."""
    box["status"] = status
    state.history.setdefault(int(box["shipmentBoxId"]), []).append(
        {
            "deliveryStatus": status,
            "deliveryStatusDesc": STATUS_DESCRIPTIONS.get(status, status),
            "updatedAt": _stamp(now),
        }
    )


def _record(call: Call, kind: str, object_id: int, **detail: Any) -> None:
    state_of(call.vendor).log.append(FulfilmentWrite(kind, object_id, detail))
    call.gateway.count_write(object_id, kind)


def _check_vendor(call: Call, body: Any) -> None:
    if not isinstance(body, dict):
        raise openapi_error("요청 본문이 올바르지 않습니다.")  # fake's wording
    if body.get("vendorId") != call.vendor.vendor_id:
        raise openapi_error("업체 ID를 입력해주세요.")


def _body_id(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)  # the server coerces numeric strings (the exchange invoice sample)
    return None


# --- single order sheet reads -----------------------------------------------------------------


def _render(call: Call, box: dict[str, Any]) -> dict[str, Any]:
    return order_v5(box) if call.params.get("version") == "5" else dict(box)


@route("GET", rf"{OPENAPI}/{_V45}{VENDOR}/ordersheets/{_BOX}")
def get_order_sheet(call: Call) -> Response:
    """GET …/v4|v5/vendors/{vendorId}/ordersheets/{shipmentBoxId}."""
    box_id = call.int_param("shipmentBoxId")
    box = find_box(call.vendor, box_id)
    if box is None:
        raise openapi_error(f"shipmentBoxId ({box_id}) is not found.")  # fake's wording
    if box_id in state_of(call.vendor).cancelled:
        raise openapi_error(ORDER_CANCELLED)
    return ok({"code": "200", "message": "OK", "data": _render(call, box)})


@route("GET", rf"{OPENAPI}/{_V45}{VENDOR}/(?P<orderId>\d+)/ordersheets")
def get_order_sheets_by_order(call: Call) -> Response:
    """GET …/v4|v5/vendors/{vendorId}/{orderId}/ordersheets (a list: one per box)."""
    order_id = call.int_param("orderId")
    state = state_of(call.vendor)
    boxes = [row for row in call.vendor.orders.rows if row["orderId"] == order_id]
    if not boxes:
        raise openapi_error("주문 정보가 없습니다.")
    if all(int(b["shipmentBoxId"]) in state.cancelled for b in boxes):
        raise openapi_error(ORDER_CANCELLED)
    return ok({"code": "200", "message": "OK", "data": [_render(call, b) for b in boxes]})


@route("GET", rf"{OPENAPI}/{_V45}{VENDOR}/ordersheets/{_BOX}/history")
def get_delivery_history(call: Call) -> Response:
    """GET …/v4|v5/vendors/{vendorId}/ordersheets/{shipmentBoxId}/history (newest first)."""
    box_id = call.int_param("shipmentBoxId")
    box = find_box(call.vendor, box_id)
    if box is None:
        raise openapi_error(f"shipmentBoxId ({box_id}) is not found.")  # fake's wording
    history = state_of(call.vendor).history.get(box_id)
    if not history:  # generated orders: a history that ends in the current status
        status = str(box["status"])
        stamp = str(box.get("paidAt") or box.get("orderedAt"))
        history = [
            {
                "deliveryStatus": status,
                "deliveryStatusDesc": STATUS_DESCRIPTIONS.get(status, status),
                "updatedAt": stamp,
            }
        ]
    data = {"shipmentBoxId": box_id, "details": list(reversed(history))}
    return ok({"code": "200", "message": "OK", "data": data})


# --- batch writes -----------------------------------------------------------------------------


def _box_result(box_id: int, code: str, message: str | None = None) -> dict[str, Any]:
    succeed = code == "OK"
    return {
        "shipmentBoxId": box_id,
        "succeed": succeed,
        "resultCode": code,
        "retryRequired": RETRY_REQUIRED.get(code, False),
        "resultMessage": "request succeeded." if succeed else message or _RESULT_MESSAGES[code],
    }


def _batch_answer(results: list[dict[str, Any]], *, numeric_code: bool = False) -> Response:
    failed = sum(1 for r in results if not r["succeed"])
    if not results:
        code, text = -1, "NONE"
    elif failed == 0:
        code, text = 0, "SUCCESS"
    elif failed == len(results):
        code, text = 99, "FAILED"
    else:
        code, text = 1, "PARTIAL_ERROR"
    data = {"responseCode": code, "responseMessage": text, "responseList": results}
    return ok({"code": 200 if numeric_code else "200", "message": "OK", "data": data})


def _injected(state: FulfilmentState, box_id: int) -> str | None:
    pending = state.item_failures.get(box_id)
    if not pending:
        return None
    code = pending.pop(0)
    if not pending:
        del state.item_failures[box_id]
    return code


@_put_or_patch(rf"{OPENAPI}/v4{VENDOR}/ordersheets/acknowledgement")
def acknowledge(call: Call) -> Response:
    """PUT|PATCH …/v4/vendors/{vendorId}/ordersheets/acknowledgement (ACCEPT → INSTRUCT)."""
    body = call.json()
    _check_vendor(call, body)
    ids = body.get("shipmentBoxIds")
    if not isinstance(ids, list) or not ids:
        raise openapi_error("shipmentBoxIds는 필수입니다.")  # fake's wording
    if len(ids) > _MAX_ACK:
        raise openapi_error(f"shipmentBoxIds는 최대 {_MAX_ACK}개까지 요청할 수 있습니다.")  # fake's
    state = state_of(call.vendor)
    results = []
    for raw in ids:
        box_id = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if box_id is None:
            raise openapi_error("shipmentBoxId는 Number type입니다.")
        box = find_box(call.vendor, box_id)
        if box is None:
            message = f"shipmentBoxId ({box_id}) is not found."
            results.append(
                {
                    "shipmentBoxId": box_id,
                    "succeed": False,
                    "resultCode": "NOT_FOUND_SHIPMENT_BOX",
                    "retryRequired": True,  # as in Coupang's sample for acknowledgement
                    "resultMessage": message,
                }
            )
            continue
        injected = _injected(state, box_id)
        if injected is not None:
            results.append(_box_result(box_id, injected))
        elif box_id in state.cancelled:
            results.append(_box_result(box_id, "ORDER_DELIVERY_CANCELED", ACK_REFUSED))
        elif box["status"] != "ACCEPT":
            results.append(_box_result(box_id, "INVALID_STATUS", ACK_REFUSED))
        else:
            set_status(state, box, "INSTRUCT", call.now)
            _record(call, "acknowledge", box_id)
            results.append(_box_result(box_id, "OK"))
    return _batch_answer(results)


def _group_invoices(body: Any) -> dict[int, list[dict[str, Any]]]:
    dtos = body.get("orderSheetInvoiceApplyDtos")
    if not isinstance(dtos, list) or not dtos:
        raise openapi_error("orderSheetInvoiceApplyDtos는 필수입니다.")  # fake's wording
    boxes: dict[int, list[dict[str, Any]]] = {}
    for dto in dtos:
        if not isinstance(dto, dict):
            raise openapi_error("orderSheetInvoiceApplyDtos의 형식이 올바르지 않습니다.")  # fake's
        box_id = _body_id(dto, "shipmentBoxId")
        if box_id is None:
            raise openapi_error("shipmentBoxId는 Number type입니다.")
        courier = dto.get("deliveryCompanyCode")
        if courier not in COURIERS:
            # A wrong courier code fails the whole request (Coupang: "500 internal exception").
            raise openapi_error("internal exception", 500)
        boxes.setdefault(box_id, []).append(dto)
    return boxes


def _invoice_problem(
    call: Call, box: dict[str, Any], dtos: list[dict[str, Any]], *, update: bool
) -> str | None:
    """The result code that refuses this box's invoice, or None when it is accepted."""
    state = state_of(call.vendor)
    box_id = int(box["shipmentBoxId"])
    injected = _injected(state, box_id)
    if injected is not None:
        return injected
    if box_id in state.cancelled or any(i.get("holdCountForCancel") for i in box["orderItems"]):
        return "ORDER_DELIVERY_CANCELED"  # cancelled, or a stop-shipment request is pending
    status = box["status"]
    if (status not in _SHIPPED) if update else (status != "INSTRUCT"):
        return "INVALID_STATUS"
    wanted = {item["vendorItemId"] for item in box["orderItems"] if not item.get("canceled", False)}
    given = {_body_id(dto, "vendorItemId") for dto in dtos}
    if not wanted <= given:
        return "NOT_FOUND_VENDOR_ITEM"
    if given - {item["vendorItemId"] for item in box["orderItems"]}:
        return "NOT_FOUND_VENDOR_ITEM"
    numbers = {dto.get("invoiceNumber") for dto in dtos}
    if len(numbers) != 1:
        return "INVALID_INVOICE_NUMBER"
    (number,) = numbers
    if not isinstance(number, str) or not _INVOICE_NUMBER.fullmatch(number):
        return "INVALID_INVOICE_NUMBER"
    if any(dto.get("splitShipping") is True for dto in dtos) and len(box["orderItems"]) == 1:
        return "NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM"
    courier = dtos[0].get("deliveryCompanyCode")
    if courier != "DIRECT":
        for other in call.vendor.orders.rows:
            if (
                other is not box
                and other.get("invoiceNumber") == number
                and other["receiver"] != box["receiver"]
            ):
                return "DUPLICATE_INVOICE_NUMBER"
    return None


def _apply_invoice(call: Call, box: dict[str, Any], dto: dict[str, Any], *, update: bool) -> None:
    state = state_of(call.vendor)
    stamp = _stamp(call.now)
    box["invoiceNumber"] = dto["invoiceNumber"]
    box["deliveryCompanyName"] = COURIERS[dto["deliveryCompanyCode"]]
    box["inTrasitDateTime"] = stamp.replace("T", " ")
    for item in box["orderItems"]:
        item["invoiceNumberUploadDate"] = stamp.replace("T", " ")
    box_id = int(box["shipmentBoxId"])
    state.departed_at[box_id] = call.now
    set_status(state, box, "DEPARTURE", call.now)  # an update also returns to DEPARTURE
    kind = "invoice_update" if update else "invoice_upload"
    _record(
        call,
        kind,
        box_id,
        invoice_number=dto["invoiceNumber"],
        delivery_company_code=dto["deliveryCompanyCode"],
    )


def _invoices(call: Call, *, update: bool) -> Response:
    body = call.json()
    _check_vendor(call, body)
    grouped = _group_invoices(body)
    results = []
    for box_id, dtos in grouped.items():
        box = find_box(call.vendor, box_id)
        if box is None:
            results.append(_box_result(box_id, "NOT_FOUND_SHIPMENT_BOX"))
            continue
        problem = _invoice_problem(call, box, dtos, update=update)
        if problem is not None:
            message = _RESULT_MESSAGES.get(problem, problem)
            if problem == "INVALID_STATUS":
                message = (
                    f"배송진행상태가 유효하지 않습니다. [합포장번호 : {box_id}]"
                    f" [주문번호 : {box['orderId']}]"
                )
            results.append(_box_result(box_id, problem, message))
            continue
        _apply_invoice(call, box, dtos[0], update=update)
        results.append(_box_result(box_id, "OK"))
    return _batch_answer(results, numeric_code=update)


@route("POST", rf"{OPENAPI}/v4{VENDOR}/orders/invoices")
def upload_invoices(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/orders/invoices (INSTRUCT → DEPARTURE)."""
    return _invoices(call, update=False)


@route("POST", rf"{OPENAPI}/v4{VENDOR}/orders/updateInvoices")
def update_invoices(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/orders/updateInvoices (shipped boxes; back to DEPARTURE)."""
    return _invoices(call, update=True)


# --- single order writes ----------------------------------------------------------------------


def _receipt(call: Call, receipt_id: int) -> dict[str, Any]:
    row = _find(call.vendor.return_requests, receipt_id)
    if row is None:
        raise openapi_error("취소반품접수내역이 존재하지 않습니다")
    return row


def _receipt_boxes(call: Call, receipt: dict[str, Any]) -> list[dict[str, Any]]:
    ids = {int(item["shipmentBoxId"]) for item in receipt.get("returnItems") or ()}
    return [box for box_id in sorted(ids) if (box := find_box(call.vendor, box_id)) is not None]


def _release_check(call: Call, body: Any, receipt_id: int) -> dict[str, Any]:
    _check_vendor(call, body)
    if _body_id(body, "receiptId") != receipt_id:
        raise openapi_error("ReceiptId는 반드시 number타입이어야 합니다.")
    receipt = _receipt(call, receipt_id)
    if receipt["receiptStatus"] == "RETURNS_COMPLETED" or receipt.get("_released"):
        raise openapi_error("Product is already returned.")
    if receipt["receiptStatus"] != "RELEASE_STOP_UNCHECKED":
        raise openapi_error("출고중지요청 상태가 아닙니다.")  # fake's wording
    return receipt


@_put_or_patch(rf"{_RECEIPT}/stoppedShipment")
def stopped_shipment(call: Call) -> Response:
    """PUT|PATCH …/v4/…/returnRequests/{receiptId}/stoppedShipment (goods not shipped)."""
    receipt_id = call.int_param("receiptId")
    body = call.json()
    receipt = _release_check(call, body, receipt_id)
    count = _body_id(body, "cancelCount")
    if count != receipt["cancelCountSum"]:
        raise openapi_error(
            "[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다."
        )
    state = state_of(call.vendor)
    receipt["receiptStatus"] = "RETURNS_COMPLETED"
    receipt["_status"] = "CC"
    receipt["releaseStopStatus"] = "처리(출고중지)"
    receipt["_released"] = True
    receipt["modifiedAt"] = _stamp(call.now)
    for box in _receipt_boxes(call, receipt):
        _cancel_items(box, receipt)
        if all(item.get("canceled") for item in box["orderItems"]):
            state.cancelled.add(int(box["shipmentBoxId"]))
    _record(call, "stop_shipment", receipt_id, cancel_count=count)
    data = {"resultCode": "SUCCESS", "resultMessage": "출고중지완료요청이 성공하였습니다"}
    return ok({"code": "200", "message": "OK", "data": data})


def _cancel_items(box: dict[str, Any], receipt: dict[str, Any]) -> None:
    counts = {int(i["vendorItemId"]): int(i["cancelCount"]) for i in receipt["returnItems"]}
    for item in box["orderItems"]:
        n = counts.get(int(item["vendorItemId"]))
        if n:
            item["cancelCount"] = int(item.get("cancelCount") or 0) + n
            item["holdCountForCancel"] = 0
            item["canceled"] = item["cancelCount"] >= item["shippingCount"]


@_put_or_patch(rf"{_RECEIPT}/completedShipment")
def completed_shipment(call: Call) -> Response:
    """PUT|PATCH …/v4/…/returnRequests/{receiptId}/completedShipment (goods were shipped)."""
    receipt_id = call.int_param("receiptId")
    body = call.json()
    receipt = _release_check(call, body, receipt_id)
    courier, number = body.get("deliveryCompanyCode"), body.get("invoiceNumber")
    if courier not in COURIERS:
        raise openapi_error("택배사 코드가 올바르지 않습니다.")  # fake's wording
    if not isinstance(number, str) or not _INVOICE_NUMBER.fullmatch(number):
        raise openapi_error("송장번호가 유효하지 않습니다.")
    state = state_of(call.vendor)
    receipt["receiptStatus"] = "RETURNS_UNCHECKED"  # now a return of shipped goods
    receipt["_status"] = "UC"
    receipt["receiptType"] = "RETURN"
    receipt["releaseStopStatus"] = "처리(이미출고)"
    receipt["_released"] = True
    receipt["modifiedAt"] = _stamp(call.now)
    for box in _receipt_boxes(call, receipt):
        box["invoiceNumber"] = number
        box["deliveryCompanyName"] = COURIERS[courier]
        state.departed_at[int(box["shipmentBoxId"])] = call.now
        set_status(state, box, "DEPARTURE", call.now)
    _record(call, "already_shipped", receipt_id, invoice_number=number)
    data = {
        "code": "200",
        "message": "OK",
        "resultCode": "SUCCESS",
        "resultMessage": "이미출고 상태변경이 성공하였습니다.",
    }
    return ok({"data": data})


@route("POST", rf"{OPENAPI}/v5{VENDOR}/orders/(?P<orderId>\d+)/cancel")
def cancel_order(call: Call) -> Response:
    """POST …/v5/vendors/{vendorId}/orders/{orderId}/cancel (ACCEPT or INSTRUCT items)."""
    order_id = call.int_param("orderId")
    body = call.json()
    _check_vendor(call, body)
    if _body_id(body, "orderId") != order_id:
        raise openapi_error("주문 ID를 입력해 주세요.")
    vendor_item_ids, counts = body.get("vendorItemIds"), body.get("receiptCounts")
    if not isinstance(vendor_item_ids, list) or not vendor_item_ids:
        raise openapi_error("취소할 벤더아이템 아이디 목록을 입력해주세요.")
    if not isinstance(counts, list) or not counts:
        raise openapi_error("취소할 아이템 개수 목록을 입력해주세요.")
    if len(counts) != len(vendor_item_ids) or any(
        not isinstance(c, int) or isinstance(c, bool) or c <= 0 for c in counts
    ):
        raise openapi_error("요청한 상품 개수와 취소 개수를 확인해주세요.")
    if body.get("bigCancelCode") != "CANERR":
        raise openapi_error("취소사유 대분류 코드를 확인해주세요.")
    if body.get("middleCancelCode") not in _CANCEL_REASONS:
        raise openapi_error("취소사유 중분류 코드를 확인해주세요.")
    if body.get("userId") != call.vendor.vendor_user_id:
        raise openapi_error("업체 ID에 맞는 올바른 유저 ID를 입력해주세요.")
    state = state_of(call.vendor)
    boxes = [row for row in call.vendor.orders.rows if row["orderId"] == order_id]
    if not boxes:
        raise openapi_error("주문 정보가 없습니다.")
    failed: list[int] = []
    reasons: list[str] = []
    receipts: dict[str, dict[str, Any]] = {}
    for raw_id, count in zip(vendor_item_ids, counts, strict=True):
        vid = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else -1
        found = [
            (box, item)
            for box in boxes
            for item in box["orderItems"]
            if item["vendorItemId"] == vid
        ]
        if not found:
            failed.append(vid)
            reasons.append(f"[{vid}]<= 요청한 업체의 상품이 아닙니다.")
            continue
        box, item = found[0]
        cancellable = item["shippingCount"] - item["cancelCount"] - item["holdCountForCancel"]
        if box["status"] not in ("ACCEPT", "INSTRUCT") or int(box["shipmentBoxId"]) in (
            state.cancelled
        ):
            failed.append(vid)
            reasons.append(f"[{vid}]<= 해당 벤더아이템이 결제완료/상품준비중 상태가 아닙니다.")
            continue
        if count > cancellable:
            failed.append(vid)
            reasons.append(f"[{vid}]<= 취소 가능한 개수보다 요청한 개수가 더 많습니다.")
            continue
        receipt_type = "CANCEL" if box["status"] == "ACCEPT" else "STOP_SHIPMENT"
        item["cancelCount"] += count
        item["canceled"] = item["cancelCount"] >= item["shippingCount"]
        if all(i.get("canceled") for i in box["orderItems"]):
            state.cancelled.add(int(box["shipmentBoxId"]))
        key = f"{box['shipmentBoxId']}:{receipt_type}"
        entry = receipts.get(key)
        if entry is None:
            receipt_id = call.gateway.ids.next_receipt_id()
            entry = {
                "receiptId": receipt_id,
                "receiptType": receipt_type,
                "vendorItemIds": [],
                "totalCount": 0,
            }
            receipts[key] = entry
        entry["vendorItemIds"].append(vid)
        entry["totalCount"] += count
        _record(call, "cancel", vid, order_id=order_id, count=count)
    request_id = _request_id(state)
    message = f"[요청번호] {request_id}"
    if reasons:
        message += " \r\n" + " ".join(reasons)
    data = {
        "receiptMap": {str(r["receiptId"]): r for r in receipts.values()},
        "orderId": order_id,
        "failedVendorItemIds": failed,
    }
    if not receipts:
        return Response(400, _dumps({"code": "400", "message": message, "data": data}))
    return ok({"code": "200", "message": message, "data": data})


def _request_id(state: FulfilmentState) -> str:
    bits = state.rng.getrandbits(128)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _dumps(payload: Any) -> bytes:
    import orjson

    return orjson.dumps(payload)


@route("POST", rf"{OPENAPI}/v4{VENDOR}/completeLongTermUndelivery")
def complete_long_term_undelivered(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/completeLongTermUndelivery (≥ 30 days after DEPARTURE)."""
    body = call.json()
    if not isinstance(body, dict):
        raise openapi_error("요청 본문이 올바르지 않습니다.")  # fake's wording
    box_id = _body_id(body, "shipmentBoxId")
    box = None if box_id is None else find_box(call.vendor, box_id)
    if box is None or box_id is None:
        raise openapi_error("배송완료 처리 실패. 배송상태: NONE")  # fake's wording
    status = str(box["status"])
    state = state_of(call.vendor)
    departed = state.departed_at.get(box_id)
    if (
        status not in ("DEPARTURE", "DELIVERING")
        or departed is None
        or call.now - departed < _LONG_TERM_SECONDS
        or body.get("invoiceNumber") != box.get("invoiceNumber")
    ):
        raise openapi_error(f"배송완료 처리 실패. 배송상태: {status}")
    set_status(state, box, "FINAL_DELIVERY", call.now)
    box["deliveredDate"] = _stamp(call.now).replace("T", " ")
    _record(call, "long_term_delivered", box_id)
    return ok({"code": "200", "message": "SUCCESS", "data": True})


# --- returns ----------------------------------------------------------------------------------


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if not key.startswith("_")}


@route("GET", rf"{OPENAPI}/{_V46}{VENDOR}/returnRequests/(?P<receiptId>\d+)")
def get_return_request(call: Call) -> Response:
    """GET …/v4|v6/vendors/{vendorId}/returnRequests/{receiptId} (``data`` is a list)."""
    receipt = _receipt(call, call.int_param("receiptId"))
    return ok({"code": "200", "message": "OK", "data": [_public(receipt)]})


def _receipt_body(call: Call, receipt_id: int) -> dict[str, Any]:
    body = call.json()
    _check_vendor(call, body)
    if _body_id(body, "receiptId") != receipt_id:
        raise openapi_error("ReceiptId는 반드시 number타입이어야 합니다.")
    return body  # type: ignore[no-any-return]


@_put_or_patch(rf"{_RECEIPT}/receiveConfirmation")
def confirm_return_receipt(call: Call) -> Response:
    """PUT|PATCH …/returnRequests/{receiptId}/receiveConfirmation (→ VENDOR_WAREHOUSE_CONFIRM)."""
    receipt_id = call.int_param("receiptId")
    _receipt_body(call, receipt_id)
    receipt = _receipt(call, receipt_id)
    if receipt["receiptStatus"] != "RETURNS_UNCHECKED":
        raise openapi_error(
            f"입고확인 처리가 불가능한 상태입니다. ({receipt['receiptStatus']})"  # fake's wording
        )
    receipt["receiptStatus"] = "VENDOR_WAREHOUSE_CONFIRM"
    receipt["_status"] = None
    receipt["modifiedAt"] = _stamp(call.now)
    _record(call, "return_receipt", receipt_id)
    return ok({"code": "200", "message": "OK"})


@_put_or_patch(rf"{_RECEIPT}/approval")
def approve_return(call: Call) -> Response:
    """PUT|PATCH …/v4/…/returnRequests/{receiptId}/approval (→ RETURNS_COMPLETED)."""
    receipt_id = call.int_param("receiptId")
    body = _receipt_body(call, receipt_id)
    receipt = _receipt(call, receipt_id)
    status = receipt["receiptStatus"]
    if status == "RETURNS_COMPLETED":
        raise openapi_error("이미 반품이 완료되었습니다.")
    if status != "VENDOR_WAREHOUSE_CONFIRM":
        raise openapi_error("환불 승인 불가능한 상태입니다.", 500)
    if _body_id(body, "cancelCount") != receipt["cancelCountSum"]:
        raise openapi_error("취소반품접수수량과 cancelCount가 일치하지 않습니다.")
    receipt["receiptStatus"] = "RETURNS_COMPLETED"
    receipt["_status"] = "CC"
    receipt["completeConfirmType"] = "VENDOR_CONFIRM"
    receipt["completeConfirmDate"] = _stamp(call.now).replace("T", " ")
    receipt["modifiedAt"] = _stamp(call.now)
    _record(call, "return_approval", receipt_id, cancel_count=body.get("cancelCount"))
    return ok({"code": "200", "message": "OK"})


@route("POST", rf"{OPENAPI}/v4{VENDOR}/returnWithdrawList")
def withdrawals_by_ids(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/returnWithdrawList (``cancelIds``, at most 50; a read)."""
    body = call.json()
    ids = body.get("cancelIds") if isinstance(body, dict) else None
    if not isinstance(ids, list) or not ids:
        raise openapi_error("cancelIds는 필수입니다.")  # fake's wording
    if len(ids) > 50:
        raise openapi_error("cancelIds는 최대 50개까지 요청할 수 있습니다.")  # fake's wording
    wanted = set(ids)
    rows = [w for w in state_of(call.vendor).withdrawals if w["cancelId"] in wanted]
    return ok({"code": "200", "message": "OK", "data": rows})


_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


@route("GET", rf"{OPENAPI}/v4{VENDOR}/returnWithdrawRequests")
def withdrawals_by_date(call: Call) -> Response:
    """GET …/v4/vendors/{vendorId}/returnWithdrawRequests (7 days at most, paged by index)."""
    query = call.query
    low_text, high_text = query.get("dateFrom"), query.get("dateTo")
    if not low_text:
        raise openapi_error("Required String parameter 'dateFrom' is not present")
    if not high_text:
        raise openapi_error("Required String parameter 'dateTo' is not present")
    if not (_DATE.fullmatch(low_text) and _DATE.fullmatch(high_text)):
        raise openapi_error("날짜입력을 확인해 주세요. (형식:yyyy-MM-dd)")
    low, high = dt.date.fromisoformat(low_text), dt.date.fromisoformat(high_text)
    if high < low:
        raise openapi_error("종료일자는 시작일자보다 작거나 같아야 합니다.")
    if (high - low).days > 6:
        raise openapi_error("최대 조회 기간은 7 일 입니다.")
    index = parse_int(query.get("pageIndex"), default=1)
    size = parse_int(query.get("sizePerPage"), default=10)
    if index is None or index <= 0:
        raise openapi_error("pageindex 는 음수 또는 0 일 수 없습니다.")
    if size is None or size <= 0 or size > 100:
        raise openapi_error("페이지별 최대 표시 갯수(sizePerPage)는 100 입니다.")
    rows = [
        w for w in state_of(call.vendor).withdrawals if low_text <= w["createdAt"][:10] <= high_text
    ]
    page = rows[(index - 1) * size : index * size]
    more = index * size < len(rows)
    return ok(
        {
            "code": "200",
            "message": "OK",
            "data": page,
            "nextPageIndex": str(index + 1) if more else "",
        }
    )


@route("POST", rf"{OPENAPI}/v4{VENDOR}/return-exchange-invoices/manual")
def collection_invoice(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/return-exchange-invoices/manual (RETURN or EXCHANGE)."""
    body = call.json()
    if not isinstance(body, dict):
        raise openapi_error("Object is null")
    kind = body.get("returnExchangeDeliveryType")
    receipt_id = _body_id(body, "receiptId")
    courier, number = body.get("deliveryCompanyCode"), body.get("invoiceNumber")
    if kind not in ("RETURN", "EXCHANGE") or receipt_id is None or not courier or not number:
        raise openapi_error("Object is null")
    if courier not in COURIERS:
        raise openapi_error("택배사 코드가 올바르지 않습니다.")  # fake's wording
    if kind == "RETURN":
        receipt = _receipt(call, receipt_id)
        if receipt["receiptStatus"] != "RETURNS_UNCHECKED":
            raise openapi_error("회수송장 등록이 불가능한 상태입니다.")  # fake's wording
        receipt["returnDeliveryDtos"] = [
            {"deliveryCompanyCode": courier, "deliveryInvoiceNo": number}
        ]
        delivery_id = int(receipt.get("returnDeliveryId") or receipt_id)
    else:
        exchange = _find(call.vendor.exchange_requests, receipt_id)
        if exchange is None or exchange["exchangeStatus"] != "RECEIPT":
            raise openapi_error("회수송장 등록이 불가능한 상태입니다.")  # fake's wording
        exchange["returnDeliveryDtos"] = [
            {"deliveryCompanyCode": courier, "deliveryInvoiceNo": number}
        ]
        delivery_id = receipt_id // 4
    state = state_of(call.vendor)
    data = {
        "deliveryCompanyCode": courier,
        "invoiceNumber": number,
        "invoiceNumberId": 26_000_000 + len(state.log),
        "receiptId": receipt_id,
        "regNumber": body.get("regNumber"),
        "returnDeliveryId": delivery_id,
        "returnExchangeDeliveryType": kind,
    }
    _record(call, "collection_invoice", receipt_id, invoice_number=number)
    return ok({"code": 200, "message": "OK", "data": data})


# --- exchanges --------------------------------------------------------------------------------


def _exchange(call: Call) -> tuple[int, dict[str, Any]]:
    exchange_id = call.int_param("exchangeId")
    row = _find(call.vendor.exchange_requests, exchange_id)
    if row is None:
        raise openapi_error(f"exchangeId ({exchange_id}) is not found.")  # fake's wording
    return exchange_id, row


def _exchange_body(call: Call, exchange_id: int) -> dict[str, Any]:
    body = call.json()
    _check_vendor(call, body)
    if _body_id(body, "exchangeId") != exchange_id:
        raise openapi_error("exchangeId가 올바르지 않습니다.")  # fake's wording
    return body  # type: ignore[no-any-return]


@_put_or_patch(rf"{_EXCHANGE}/receiveConfirmation")
def confirm_exchange_receipt(call: Call) -> Response:
    """PUT|PATCH …/v4/…/exchangeRequests/{exchangeId}/receiveConfirmation (RECEIPT → PROGRESS).

    A new shipment box (INSTRUCT) is created for the replacement; its id appears in the
    exchange's ``deliveryInvoiceGroupDtos``.
    """
    exchange_id, row = _exchange(call)
    _exchange_body(call, exchange_id)
    if row["exchangeStatus"] != "RECEIPT":
        raise openapi_error("입고확인 처리가 불가능한 상태입니다.")  # fake's wording
    stamp = _stamp(call.now)
    box_id = call.gateway.ids.next_shipment_box_id()
    state_of(call.vendor).exchange_boxes[box_id] = exchange_id
    row["exchangeStatus"] = "PROGRESS"
    row["exchangeStatusLabel"] = "PROGRESS"
    row["collectStatus"] = "CompleteCollect"
    row["collectCompleteDate"] = stamp
    row["modifiedAt"] = stamp
    row["successable"] = True
    row["deliveryInvoiceGroupDtos"] = [
        {
            "shipmentBoxId": box_id,
            "boxPrice": 0,
            "orderId": row["orderId"],
            "orderType": "EXCHANGE",
            "invoiceNumber": None,
            "deliverCode": None,
        }
    ]
    _record(call, "exchange_receipt", exchange_id, shipment_box_id=box_id)
    return ok({"code": "200", "message": "SUCCESS"})


@_put_or_patch(rf"{_EXCHANGE}/rejection")
def reject_exchange(call: Call) -> Response:
    """PUT|PATCH …/v4/…/exchangeRequests/{exchangeId}/rejection (SOLDOUT or WITHDRAW)."""
    exchange_id, row = _exchange(call)
    body = _exchange_body(call, exchange_id)
    code = body.get("exchangeRejectCode")
    if code not in ("SOLDOUT", "WITHDRAW"):
        raise openapi_error("exchangeRejectCode는 SOLDOUT 또는 WITHDRAW 입니다.")  # fake's
    if row["exchangeStatus"] not in ("RECEIPT", "PROGRESS"):
        raise openapi_error("교환거부 처리가 불가능한 상태입니다.")  # fake's wording
    row["exchangeStatus"] = "REJECT"
    row["exchangeStatusLabel"] = "REJECT"
    row["rejectable"] = False
    row["modifiedAt"] = _stamp(call.now)
    _record(call, "exchange_rejection", exchange_id, reason=code)
    data = {"resultCode": "SUCCESS", "resultMessage": "요청 처리완료"}
    return ok({"code": "200", "message": "SUCCESS", "data": data})


@route("POST", rf"{_EXCHANGE}/invoices")
def exchange_invoice(call: Call) -> Response:
    """POST …/v4/…/exchangeRequests/{exchangeId}/invoices (the body is a JSON array)."""
    exchange_id, row = _exchange(call)
    body = call.json()
    if not isinstance(body, list) or not body or not isinstance(body[0], dict):
        raise openapi_error("요청 본문은 배열이어야 합니다.")  # fake's wording
    entry = body[0]
    if _body_id(entry, "exchangeId") != exchange_id or entry.get("vendorId") != (
        call.vendor.vendor_id
    ):
        raise openapi_error("exchangeId 또는 vendorId가 올바르지 않습니다.")  # fake's wording
    box_id = _body_id(entry, "shipmentBoxId")
    courier, number = entry.get("goodsDeliveryCode"), entry.get("invoiceNumber")
    if courier not in COURIERS:
        raise openapi_error("택배사 코드가 올바르지 않습니다.")  # fake's wording
    if not isinstance(number, str) or not _INVOICE_NUMBER.fullmatch(number):
        raise openapi_error("송장번호가 유효하지 않습니다.")
    groups = row.get("deliveryInvoiceGroupDtos") or []
    target = next((g for g in groups if g.get("shipmentBoxId") == box_id), None)
    if row["exchangeStatus"] != "PROGRESS" or target is None or target.get("invoiceNumber"):
        raise openapi_error(
            f"shipmentBoxId ({box_id})'s status [NONE_TRACKING] is not suitable for applyInvoice."
            " Only INSTRUCT status shipment can be called with applyInvoice"
        )
    target["invoiceNumber"] = number
    target["deliverCode"] = courier
    row["exchangeStatus"] = "SUCCESS"
    row["exchangeStatusLabel"] = "SUCCESS"
    row["deliveryStatus"] = "Delivering"
    row["modifiedAt"] = _stamp(call.now)
    _record(call, "exchange_invoice", exchange_id, invoice_number=number)
    data = {"resultCode": "SUCCESS", "resultMessage": "Invoice number save successfully"}
    return ok({"code": "200", "message": "SUCCESS", "data": data})


# --- customer-side actions (the fake's methods call these) -----------------------------------


def place_orders(
    vendor: VendorState,
    ids: Ids,
    count: int,
    *,
    today: dt.date,
    items: Iterable[int] | None,
    lines: int,
    ordered_at: dt.datetime | None,
    now: float,
) -> list[int]:
    """Create ``count`` ACCEPT order sheets for the vendor's approved options; their box ids."""
    from coupang_async.testing._catalogue import new_order

    state = state_of(vendor)
    if items is not None:
        pool = [vendor.vendor_items[vid] for vid in items]
    else:
        pool = [
            (product, item)
            for product, item in vendor.vendor_items.values()
            if product.status == "APPROVED" and item.on_sale
        ]
    if not pool:
        msg = "place_orders needs approved products on sale: a fake with products"
        raise ValueError(msg)
    pool.sort(key=lambda pair: pair[1].vendor_item_id or 0)
    start = (
        ordered_at.astimezone(KST).replace(tzinfo=None)
        if ordered_at is not None
        else dt.datetime.combine(today, dt.time(9, 0))
    )
    created = []
    for _ in range(count):
        chosen = state.rng.sample(pool, min(lines, len(pool)))
        ordered = start + dt.timedelta(seconds=state.placed % 50_000)
        state.placed += 1
        order = new_order(state.rng, ids, ordered, chosen, today)
        box_id = int(order["shipmentBoxId"])
        order.update(invoiceNumber="", inTrasitDateTime="", deliveredDate="")
        for line in order["orderItems"]:
            line.update(invoiceNumberUploadDate="", confirmDate=None)
        vendor.orders.add(order)
        set_status(state, order, "ACCEPT", now)
        state.history[box_id][-1]["updatedAt"] = format_dt(ordered)
        created.append(box_id)
    return created


def advance_deliveries(vendor: VendorState, now: float) -> int:
    """DEPARTURE → DELIVERING and DELIVERING → FINAL_DELIVERY for every box; how many moved."""
    state = state_of(vendor)
    moved = 0
    for box in vendor.orders.rows:
        status = box["status"]
        box_id = int(box["shipmentBoxId"])
        if box_id in state.cancelled or box_id not in state.history:
            continue
        if status == "DEPARTURE":
            set_status(state, box, "DELIVERING", now)
            moved += 1
        elif status == "DELIVERING":
            set_status(state, box, "FINAL_DELIVERY", now)
            stamp = _stamp(now).replace("T", " ")
            box["deliveredDate"] = stamp
            for item in box["orderItems"]:
                item["confirmDate"] = stamp
            moved += 1
    return moved


def _customer_time(box: dict[str, Any], now: float) -> dt.datetime:
    """When a customer's request about ``box`` is stamped: the fake's clock, unless that clock
    is far from the order (generated data sits on the fake's ``today``, whatever the clock
    says): then an hour after the order, so a window around the order finds the request."""
    clock = dt.datetime.fromtimestamp(now, KST).replace(tzinfo=None, microsecond=0)
    try:
        ordered = dt.datetime.fromisoformat(str(box["orderedAt"]).replace(" ", "T")[:19])
    except ValueError:
        return clock
    if ordered <= clock <= ordered + dt.timedelta(days=7):
        return clock
    return ordered + dt.timedelta(hours=1)


def _new_receipt(
    vendor: VendorState,
    ids: Ids,
    box: dict[str, Any],
    *,
    receipt_type: str,
    status: str,
    code: str,
    release: str,
    now: float,
) -> int:
    from coupang_async.testing._catalogue import new_return_request

    state = state_of(vendor)
    created = _customer_time(box, now)
    receipt = new_return_request(state.rng, ids, box, created)
    items = []
    total = 0
    for line in box["orderItems"]:
        count = line["shippingCount"] - line["cancelCount"] - line["holdCountForCancel"]
        if count <= 0:
            continue
        total += count
        items.append(
            {
                "vendorItemPackageId": 0,
                "vendorItemPackageName": line["vendorItemPackageName"],
                "vendorItemId": line["vendorItemId"],
                "vendorItemName": line["vendorItemName"],
                "purchaseCount": line["shippingCount"],
                "cancelCount": count,
                "shipmentBoxId": box["shipmentBoxId"],
                "sellerProductId": line["sellerProductId"],
                "sellerProductName": line["sellerProductName"],
            }
        )
    receipt.update(
        receiptType=receipt_type,
        receiptStatus=status,
        _status=code,
        releaseStopStatus=release,
        cancelCountSum=total,
        returnItems=items,
        completeConfirmDate="",
        completeConfirmType="UNDEFINED",
    )
    vendor.return_requests.add(receipt)
    return int(receipt["receiptId"])


def request_cancel(vendor: VendorState, ids: Ids, shipment_box_id: int, now: float) -> int:
    """The customer cancels a box: at ACCEPT at once (a completed CANCEL receipt), at INSTRUCT as
    a stop-shipment request the seller must settle (RELEASE_STOP_UNCHECKED). The receipt id."""
    state = state_of(vendor)
    box = _require_box(vendor, shipment_box_id)
    status = box["status"]
    if status == "ACCEPT":
        receipt_id = _new_receipt(
            vendor,
            ids,
            box,
            receipt_type="CANCEL",
            status="RETURNS_COMPLETED",
            code="CC",
            release="비대상",
            now=now,
        )
        receipt = _find(vendor.return_requests, receipt_id)
        assert receipt is not None  # noqa: S101 - just added
        _cancel_items(box, receipt)
        state.cancelled.add(shipment_box_id)
        return receipt_id
    if status == "INSTRUCT":
        receipt_id = _new_receipt(
            vendor,
            ids,
            box,
            receipt_type="CANCEL",
            status="RELEASE_STOP_UNCHECKED",
            code="RU",
            release="미처리",
            now=now,
        )
        for line in box["orderItems"]:  # held until the seller stops or ships
            line["holdCountForCancel"] = line["shippingCount"] - line["cancelCount"]
        return receipt_id
    msg = f"box {shipment_box_id} is {status}: customers cancel at ACCEPT or INSTRUCT"
    raise ValueError(msg)


def request_return(vendor: VendorState, ids: Ids, shipment_box_id: int, now: float) -> int:
    """The customer asks to return a shipped box (RETURNS_UNCHECKED); the receipt id."""
    box = _require_box(vendor, shipment_box_id)
    if box["status"] not in _SHIPPED:
        msg = f"box {shipment_box_id} is {box['status']}: only shipped boxes can be returned"
        raise ValueError(msg)
    return _new_receipt(
        vendor,
        ids,
        box,
        receipt_type="RETURN",
        status="RETURNS_UNCHECKED",
        code="UC",
        release="처리(이미출고)",
        now=now,
    )


def withdraw_return(vendor: VendorState, receipt_id: int, now: float) -> None:
    """The customer withdraws a return: it leaves the return list, a withdrawal is recorded."""
    rows = vendor.return_requests
    index = rows.start(receipt_id)
    if index >= len(rows.keys) or rows.keys[index] != receipt_id:
        raise KeyError(receipt_id)
    receipt = rows.rows[index]
    del rows.rows[index]
    del rows.keys[index]
    state_of(vendor).withdrawals.append(
        {
            "cancelId": receipt_id,
            "orderId": receipt["orderId"],
            "vendorId": vendor.vendor_id,
            "refundDeliveryDuty": "CUS",
            "createdAt": _stamp(now),
            "vendorItemIds": [i["vendorItemId"] for i in receipt.get("returnItems") or ()],
        }
    )


def request_exchange(vendor: VendorState, ids: Ids, shipment_box_id: int, now: float) -> int:
    """The customer asks to exchange a delivered box (RECEIPT); the exchange id."""
    from coupang_async.testing._catalogue import new_exchange_request

    box = _require_box(vendor, shipment_box_id)
    if box["status"] != "FINAL_DELIVERY":
        msg = f"box {shipment_box_id} is {box['status']}: only delivered boxes can be exchanged"
        raise ValueError(msg)
    created = _customer_time(box, now)
    row = new_exchange_request(state_of(vendor).rng, ids, box, created, vendor)
    row.update(
        exchangeStatus="RECEIPT",
        exchangeStatusLabel="RECEIPT",
        collectStatus="BeforeDirection",
        cancelReason=None,
        rejectable=True,
        successable=False,
    )
    vendor.exchange_requests.add(row)
    return int(row["exchangeId"])


def _require_box(vendor: VendorState, shipment_box_id: int) -> dict[str, Any]:
    box = find_box(vendor, shipment_box_id)
    if box is None:
        raise KeyError(shipment_box_id)
    if shipment_box_id in state_of(vendor).cancelled:
        msg = f"box {shipment_box_id} is cancelled"
        raise ValueError(msg)
    return box
