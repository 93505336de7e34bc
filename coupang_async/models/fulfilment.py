"""The answers of the order-to-cash writes and single-record reads, and Rocket Growth reads.

Lossless like every model here: ``converter.unstructure(converter.structure(p, Model)) == p``
(unknown keys, nulls and absent keys kept).

Shapes of the write answers (what ``data`` holds):

* `BatchResponse`: acknowledgement and invoice upload / update. One `BoxResult` per shipment
  box in ``responseList``; the call can succeed while some boxes fail (``responseCode`` 1 or 99).
* `SimpleResult`: stop shipment, already shipped, exchange rejection and exchange invoices
  (``resultCode`` ``SUCCESS`` / ``FAIL``). The already-shipped answer nests ``code`` and
  ``message`` inside ``data`` too, so those fields exist here.
* `CancelResult`: order cancellation; the items that could not be cancelled are listed in
  ``failedVendorItemIds``, the ones that were are grouped by receipt in ``receiptMap``.
* `CollectionInvoice`: the echo of a registered collection (pick-up) waybill.

Ids are ``int`` (18-digit shipment box ids fit exactly; never a float). ``responseKey`` is a
signed 64-bit number.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, converter, parse_timestamp

__all__ = [
    "BatchResponse",
    "BoxResult",
    "CancelReceipt",
    "CancelResult",
    "CollectionInvoice",
    "DeliveryHistory",
    "DeliveryHistoryEntry",
    "ExchangeRejectCode",
    "RefundDeliveryDuty",
    "ReturnWithdrawal",
    "RocketGrowthInventory",
    "RocketGrowthInventoryDetails",
    "RocketGrowthOrder",
    "RocketGrowthOrderItem",
    "SimpleResult",
]


class ExchangeRejectCode(enum.StrEnum):
    """Why a seller rejects an exchange (the only two reasons Coupang accepts)."""

    #: The replacement is sold out.
    SOLDOUT = "SOLDOUT"
    #: The customer withdrew the request.
    WITHDRAW = "WITHDRAW"


class RefundDeliveryDuty(enum.StrEnum):
    """Who pays the return shipping of a withdrawn return."""

    #: The seller (업체).
    COM = "COM"
    #: The customer (고객).
    CUS = "CUS"
    #: Coupang (쿠팡).
    COU = "COU"


@attrs.define(kw_only=True, repr=False)
class DeliveryHistoryEntry(WireModel):
    """One status change of a shipment box (newest first in the answer)."""

    #: ``ACCEPT``, ``INSTRUCT``, ``DEPARTURE``, ``DELIVERING``, ``FINAL_DELIVERY``, ...
    delivery_status: Maybe[str] = MISSING
    #: Korean label, e.g. ``상품준비중``.
    delivery_status_desc: Maybe[str] = MISSING
    #: ``yyyy-MM-ddTHH:mm:ss`` (KST).
    updated_at: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class DeliveryHistory(WireModel):
    """The delivery-status history of one shipment box."""

    shipment_box_id: Maybe[int] = MISSING
    details: Maybe[list[DeliveryHistoryEntry]] = MISSING


@attrs.define(kw_only=True, repr=False)
class BoxResult(WireModel):
    """The gateway's answer for one shipment box of a batch write."""

    shipment_box_id: Maybe[int] = MISSING
    #: True when this box was changed.
    succeed: Maybe[bool] = MISSING
    #: ``OK`` or a reason such as ``INVALID_STATUS``, ``DUPLICATE_INVOICE_NUMBER``.
    result_code: Maybe[str] = MISSING
    result_message: Maybe[str] = MISSING
    #: The gateway's hint that sending this box again may work.
    retry_required: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class BatchResponse(WireModel):
    """The ``data`` of acknowledgement and invoice upload / update answers."""

    #: The gateway's id of the request (a signed 64-bit number).
    response_key: Maybe[int] = MISSING
    #: -1 nothing done, 0 all succeeded, 1 some failed, 99 all failed.
    response_code: Maybe[int] = MISSING
    response_message: Maybe[str] = MISSING
    response_list: Maybe[list[BoxResult]] = MISSING


@attrs.define(kw_only=True, repr=False)
class SimpleResult(WireModel):
    """``{resultCode, resultMessage}`` of single-receipt writes (``SUCCESS`` / ``FAIL``)."""

    #: Only in the already-shipped answer, which nests the envelope inside ``data``.
    code: Maybe[str] = MISSING
    message: Maybe[str] = MISSING
    result_code: Maybe[str] = MISSING
    result_message: Maybe[str] = MISSING

    @property
    def succeeded(self) -> bool:
        """True unless ``resultCode`` says ``FAIL`` (or another non-success word)."""
        code = self.result_code
        return not isinstance(code, str) or code.upper() in ("SUCCESS", "OK")


@attrs.define(kw_only=True, repr=False)
class CancelReceipt(WireModel):
    """One cancel / stop-shipment receipt created by a cancellation."""

    receipt_id: Maybe[int] = MISSING
    #: ``CANCEL`` (at ACCEPT) or ``STOP_SHIPMENT`` (at INSTRUCT).
    receipt_type: Maybe[str] = MISSING
    vendor_item_ids: Maybe[list[int]] = MISSING
    total_count: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class CancelResult(WireModel):
    """The ``data`` of an order cancellation: what was cancelled and what was not."""

    #: Receipts keyed by receipt id (kept as sent; read them with `receipts`). An older form
    #: sends one receipt object flat; `receipts` reads both.
    receipt_map: Maybe[dict[str, Any]] = MISSING
    order_id: Maybe[int] = MISSING
    #: The vendor items that were not cancelled.
    failed_vendor_item_ids: Maybe[list[int]] = MISSING

    @property
    def receipts(self) -> list[CancelReceipt]:
        """The receipts created, whichever form ``receiptMap`` had."""
        value = self.receipt_map
        if not isinstance(value, dict) or not value:
            return []
        if "receiptId" in value and not isinstance(value["receiptId"], dict):
            return [converter.structure(value, CancelReceipt)]
        return [
            converter.structure(receipt, CancelReceipt)
            for receipt in value.values()
            if isinstance(receipt, dict)
        ]

    @property
    def failed(self) -> list[int]:
        """``failedVendorItemIds`` (empty when absent)."""
        return list(self.failed_vendor_item_ids or ())


@attrs.define(kw_only=True, repr=False)
class ReturnWithdrawal(WireModel):
    """A return the customer withdrew (반품철회)."""

    #: The withdrawn return's receipt id.
    cancel_id: Maybe[int] = MISSING
    order_id: Maybe[int] = MISSING
    vendor_id: Maybe[str] = MISSING
    refund_delivery_duty: Maybe[RefundDeliveryDuty | str] = MISSING
    #: ``yyyy-MM-ddTHH:mm:ss`` (KST).
    created_at: Maybe[str] = MISSING
    vendor_item_ids: Maybe[list[int]] = MISSING


@attrs.define(kw_only=True, repr=False)
class CollectionInvoice(WireModel):
    """A collection (pick-up) waybill registered for a return or an exchange."""

    #: ``RETURN`` or ``EXCHANGE``.
    return_exchange_delivery_type: Maybe[str] = MISSING
    #: The return's receipt id or the exchange id.
    receipt_id: Maybe[int] = MISSING
    delivery_company_code: Maybe[str] = MISSING
    invoice_number: Maybe[str] = MISSING
    #: The courier's pick-up number, if any.
    reg_number: Maybe[str] = MISSING
    invoice_number_id: Maybe[int] = MISSING
    return_delivery_id: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class RocketGrowthOrderItem(WireModel):
    """One line of a Rocket Growth order."""

    vendor_item_id: Maybe[int] = MISSING
    product_name: Maybe[str] = MISSING
    sales_quantity: Maybe[int] = MISSING
    #: The single-order answer calls the unit price ``salesPrice``...
    sales_price: Maybe[int] = MISSING
    #: ...the listing calls it ``unitSalesPrice``; `price` reads either.
    unit_sales_price: Maybe[int] = MISSING
    currency: Maybe[str] = MISSING

    @property
    def price(self) -> int | None:
        """The unit price, whichever key carried it."""
        for value in (self.unit_sales_price, self.sales_price):
            if isinstance(value, int):
                return value
        return None


@attrs.define(kw_only=True, repr=False)
class RocketGrowthOrder(WireModel):
    """A Rocket Growth order (fulfilled by Coupang; read-only)."""

    vendor_id: Maybe[str] = MISSING
    order_id: Maybe[int] = MISSING
    #: Epoch milliseconds as text in the listing (``"1746093162000"``), ISO-8601 in the
    #: single-order answer; kept as sent (`paid_at_datetime` reads both).
    paid_at: Maybe[str] = MISSING
    order_items: Maybe[list[RocketGrowthOrderItem]] = MISSING

    @property
    def paid_at_datetime(self) -> datetime | None:
        """``paidAt`` as an aware ``datetime`` (epoch milliseconds or ISO-8601); None if absent."""
        value = self.paid_at
        if not isinstance(value, str) or not value.strip():
            return None
        text = value.strip()
        if text.isascii() and text.isdigit():
            return parse_timestamp(int(text))
        return parse_timestamp(text)


@attrs.define(kw_only=True, repr=False)
class RocketGrowthInventoryDetails(WireModel):
    """Stock of a Rocket Growth item in Coupang's warehouses."""

    total_orderable_quantity: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class RocketGrowthInventory(WireModel):
    """Stock and recent sales of one Rocket Growth item."""

    vendor_id: Maybe[str] = MISSING
    vendor_item_id: Maybe[int] = MISSING
    external_sku_id: Maybe[int] = MISSING
    inventory_details: Maybe[RocketGrowthInventoryDetails] = MISSING
    #: e.g. ``{"SALES_COUNT_LAST_THIRTY_DAYS": 15}``.
    sales_count_map: Maybe[dict[str, Any]] = MISSING
