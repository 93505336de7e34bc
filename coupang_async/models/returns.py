"""Return and cancel requests (반품/취소 요청), as ``GET …/returnRequests`` returns them.

The fields are those of Coupang's v4 sample and status codes. One model serves v4 and v6:
Coupang publishes no v6 sample (the 2025 notice says v6 internationalises money,
dates and phones), so the fields whose JSON type v6 may change are declared leniently:

* ``enclosePrice`` is kept as sent (`ReturnRequest.enclose_price` is ``Any``: a number in v4,
  possibly a money object in v6); `ReturnRequest.enclose_amount` reads either as a `Decimal`.
* Timestamps, phones and addresses are ``str`` in every version.

Query codes and response statuses are different vocabularies: the ``status`` query parameter
takes `ReturnStatus` (``RU`` / ``UC`` / ``PR`` / ``CC``); responses carry `ReceiptStatus`
(``RETURNS_UNCHECKED`` …) in ``receiptStatus``. Unknown values are kept as plain ``str``.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeAlias

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire

__all__ = [
    "CancelType",
    "FaultType",
    "ReceiptStatus",
    "ReceiptType",
    "ReturnDelivery",
    "ReturnItem",
    "ReturnRequest",
    "ReturnStatus",
]


class ReturnStatus(enum.StrEnum):
    """The ``status`` query code of the return request list."""

    #: 출고중지요청: the customer asked to stop a shipment (these also show under `UC`).
    RU = "RU"
    #: 반품접수: return received, not yet checked.
    UC = "UC"
    #: 쿠팡확인요청: Coupang was asked to check.
    PR = "PR"
    #: 반품완료: return completed.
    CC = "CC"


#: The `ReturnStatus` codes as string literals (a typo is a type error).
ReturnStatusCode: TypeAlias = Literal["RU", "UC", "PR", "CC"]


class ReceiptStatus(enum.StrEnum):
    """``receiptStatus`` of a return or cancel request (response side)."""

    #: 출고중지요청 (query code RU).
    RELEASE_STOP_UNCHECKED = "RELEASE_STOP_UNCHECKED"
    #: 반품접수 (query code UC).
    RETURNS_UNCHECKED = "RETURNS_UNCHECKED"
    #: 입고완료: the returned goods arrived at the seller.
    VENDOR_WAREHOUSE_CONFIRM = "VENDOR_WAREHOUSE_CONFIRM"
    #: 쿠팡확인요청 (query code PR).
    REQUEST_COUPANG_CHECK = "REQUEST_COUPANG_CHECK"
    #: 반품완료 (query code CC).
    RETURNS_COMPLETED = "RETURNS_COMPLETED"


class ReceiptType(enum.StrEnum):
    """``receiptType``: a return (after shipping) or a cancellation."""

    RETURN = "RETURN"
    CANCEL = "CANCEL"


class CancelType(enum.StrEnum):
    """The ``cancelType`` query value: `CANCEL` lists cancellations made at payment-complete."""

    CANCEL = "CANCEL"


class FaultType(enum.StrEnum):
    """Who is at fault (``faultByType`` of returns, ``faultType`` of exchanges)."""

    CUSTOMER = "CUSTOMER"
    VENDOR = "VENDOR"
    COUPANG = "COUPANG"


@attrs.define(kw_only=True, repr=False)
class ReturnItem(WireModel):
    """One returned or cancelled option of a request."""

    vendor_item_package_id: Maybe[int] = MISSING
    vendor_item_package_name: Maybe[str] = MISSING
    vendor_item_id: Maybe[int] = MISSING
    vendor_item_name: Maybe[str] = MISSING
    purchase_count: Maybe[int] = MISSING
    cancel_count: Maybe[int] = MISSING
    #: The parcel the option was shipped in (18 digits since 2024-11).
    shipment_box_id: Maybe[int] = MISSING
    seller_product_id: Maybe[int] = MISSING
    seller_product_name: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnDelivery(WireModel):
    """A pick-up (회수) invoice: courier code and invoice number (``returnDeliveryDtos``)."""

    delivery_company_code: Maybe[str] = MISSING
    delivery_invoice_no: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnRequest(WireModel):
    """A return or cancel request (one receipt) and its items."""

    receipt_id: int
    order_id: int
    payment_id: Maybe[int] = MISSING
    receipt_type: Maybe[ReceiptType | str] = MISSING
    receipt_status: Maybe[ReceiptStatus | str] = MISSING
    created_at: Maybe[str] = MISSING
    modified_at: Maybe[str] = MISSING
    requester_name: Maybe[str] = MISSING
    requester_phone_number: Maybe[str] = MISSING
    requester_real_phone_number: Maybe[str] = MISSING
    requester_address: Maybe[str] = MISSING
    requester_address_detail: Maybe[str] = MISSING
    requester_zip_code: Maybe[str] = MISSING
    #: Reason, major category (e.g. ``고객변심``).
    cancel_reason_category1: Maybe[str] = MISSING
    #: Reason, minor category (e.g. ``단순변심(사유없음)``).
    cancel_reason_category2: Maybe[str] = MISSING
    cancel_reason: Maybe[str] = MISSING
    cancel_count_sum: Maybe[int] = MISSING
    return_delivery_id: Maybe[int] = MISSING
    #: e.g. ``연동택배``.
    return_delivery_type: Maybe[str] = MISSING
    #: Korean label, e.g. ``처리(이미출고)``.
    release_stop_status: Maybe[str] = MISSING
    #: Return shipping fee enclosed by the customer: a number in v4, kept exactly as sent
    #: (v6 may send a money object); read it with `enclose_amount`.
    enclose_price: Maybe[Any] = MISSING
    fault_by_type: Maybe[FaultType | str] = MISSING
    #: Refunded before the goods came back (빠른환불).
    pre_refund: Maybe[bool] = MISSING
    complete_confirm_date: Maybe[str] = MISSING
    #: e.g. ``UNDEFINED``, ``VENDOR_CONFIRM``.
    complete_confirm_type: Maybe[str] = MISSING
    return_items: Maybe[list[ReturnItem]] = MISSING
    return_deliveries: Annotated[Maybe[list[ReturnDelivery]], wire("returnDeliveryDtos")] = MISSING

    @property
    def enclose_amount(self) -> Decimal | None:
        """``enclosePrice`` as a `Decimal`, whether sent as a number, a numeric string or a v5/v6
        money object ``{currencyCode, units, nanos}``; None when absent, null or unreadable."""
        return _amount_of(self.enclose_price)


def _amount_of(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or value is MISSING:
        return None
    if isinstance(value, dict):
        units, nanos = value.get("units"), value.get("nanos") or 0
        base, fraction = _amount_of(units), _amount_of(nanos)
        if base is None or fraction is None:
            return None
        return base + fraction.scaleb(-9)
    if isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None
