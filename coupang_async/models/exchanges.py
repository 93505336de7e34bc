"""Exchange requests (교환요청), as ``GET …/v4/vendors/{vendorId}/exchangeRequests`` returns them.

The fields are those of Coupang's v4 sample (exchanges have no newer version) and its exchange
statuses. Lossless per the recipe in `coupang_async._converter`.

Coupang's DTO names are kept on the wire (``exchangeItemDtoV1s``, ``exchangeAddressDtoV1``,
``collectInformationsDto``, ``returndeliveryItemDtos``) and given plain Python names here. Its
typo ``moodifiedAt`` is read as `ReturnDeliveryItem.modified_at` (a corrected ``modifiedAt``
is read too; the key read is the key written back).

Fields the sample only shows as ``null`` and no source types (``orderItemDeliveryComplete`` …)
are ``Any``: kept exactly as sent, whatever they turn out to be.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal, TypeAlias

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire
from coupang_async.models.orders import OrderStatus
from coupang_async.models.returns import FaultType, ReturnDelivery

__all__ = [
    "CollectInformation",
    "ExchangeAddress",
    "ExchangeItem",
    "ExchangeRequest",
    "ExchangeStatus",
    "ReturnDeliveryDestination",
    "ReturnDeliveryItem",
]


class ExchangeStatus(enum.StrEnum):
    """An exchange's status (``exchangeStatus``; also the ``status`` query value)."""

    #: 접수: received.
    RECEIPT = "RECEIPT"
    #: 진행: in progress.
    PROGRESS = "PROGRESS"
    #: 완료: completed.
    SUCCESS = "SUCCESS"
    #: 불가: rejected.
    REJECT = "REJECT"
    #: 철회: withdrawn by the customer.
    CANCEL = "CANCEL"


#: The `ExchangeStatus` codes as string literals (a typo is a type error).
ExchangeStatusCode: TypeAlias = Literal["RECEIPT", "PROGRESS", "SUCCESS", "REJECT", "CANCEL"]


@attrs.define(kw_only=True, repr=False)
class ExchangeItem(WireModel):
    """One exchanged line: the ordered option and the option sent in its place."""

    exchange_item_id: Maybe[int] = MISSING
    #: The ordered option (a vendorItemId).
    order_item_id: Maybe[int] = MISSING
    order_item_unit_price: Maybe[int] = MISSING
    order_item_name: Maybe[str] = MISSING
    order_package_id: Maybe[int] = MISSING
    order_package_name: Maybe[str] = MISSING
    #: The replacement option (a vendorItemId).
    target_item_id: Maybe[int] = MISSING
    target_item_unit_price: Maybe[int] = MISSING
    target_item_name: Maybe[str] = MISSING
    target_package_id: Maybe[int] = MISSING
    target_package_name: Maybe[str] = MISSING
    quantity: Maybe[int] = MISSING
    order_item_delivery_complete: Maybe[Any] = MISSING
    order_item_return_complete: Maybe[Any] = MISSING
    target_item_delivery_complete: Maybe[Any] = MISSING
    created_at: Maybe[str] = MISSING
    modified_at: Maybe[str] = MISSING
    original_shipment_box_id: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class ExchangeAddress(WireModel):
    """Pick-up address (``return…`` keys) and replacement delivery address (``delivery…``)."""

    exchange_address_id: Maybe[int] = MISSING
    return_customer_name: Maybe[str] = MISSING
    return_address_zip_code: Maybe[str] = MISSING
    return_address: Maybe[str] = MISSING
    return_address_detail: Maybe[str] = MISSING
    return_phone: Maybe[str] = MISSING
    return_mobile: Maybe[str] = MISSING
    return_memo: Maybe[str] = MISSING
    delivery_customer_name: Maybe[str] = MISSING
    delivery_address_zip_code: Maybe[str] = MISSING
    delivery_address: Maybe[str] = MISSING
    delivery_address_detail: Maybe[str] = MISSING
    delivery_phone: Maybe[str] = MISSING
    delivery_mobile: Maybe[str] = MISSING
    delivery_memo: Maybe[str] = MISSING
    created_at: Maybe[str] = MISSING
    modified_at: Maybe[str] = MISSING
    exchange_id: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnDeliveryItem(WireModel):
    """One option being collected from the customer (``returndeliveryItemDtos``)."""

    vendor_item_id: Maybe[int] = MISSING
    #: e.g. ``RETURN_SEND_READY``.
    status_code: Maybe[str] = MISSING
    return_count: Maybe[int] = MISSING
    #: e.g. ``RELEASED``.
    release_status: Maybe[str] = MISSING
    payment_return_delivery_map_id: Maybe[int] = MISSING
    payment_item_id: Maybe[int] = MISSING
    modified_by: Maybe[str] = MISSING
    #: Coupang's spelling is ``moodifiedAt``; a corrected ``modifiedAt`` is read too.
    modified_at: Annotated[Maybe[str], wire("moodifiedAt", "modifiedAt")] = MISSING
    created_by: Maybe[str] = MISSING
    created_at: Maybe[str] = MISSING
    count: Maybe[int] = MISSING
    confirm_type: Maybe[str] = MISSING
    #: e.g. ``RETURN``.
    collect_status: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class ReturnDeliveryDestination(WireModel):
    """The collection route: the seller's return address and the customer's pick-up address."""

    vendor_zip_code: Maybe[str] = MISSING
    vendor_phone: Maybe[str] = MISSING
    vendor_name: Maybe[str] = MISSING
    vendor_mobile: Maybe[str] = MISSING
    vendor_address_detail: Maybe[str] = MISSING
    vendor_address: Maybe[str] = MISSING
    #: e.g. ``DISABLE``.
    safety_number_status: Maybe[str] = MISSING
    safety_number_id: Maybe[int] = MISSING
    safety_number: Maybe[str] = MISSING
    return_delivery_id: Maybe[int] = MISSING
    return_center_code: Maybe[str] = MISSING
    receipt_id: Maybe[int] = MISSING
    ordered_by_mobile: Maybe[str] = MISSING
    order_id: Maybe[int] = MISSING
    message: Maybe[str] = MISSING
    customer_zip_code: Maybe[str] = MISSING
    customer_phone: Maybe[str] = MISSING
    customer_name: Maybe[str] = MISSING
    customer_mobile: Maybe[str] = MISSING
    customer_address_detail: Maybe[str] = MISSING
    customer_address: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CollectInformation(WireModel):
    """How the original goods are collected (``collectInformationsDto``)."""

    #: e.g. ``EXCHANGE_RETURN``.
    return_type: Maybe[str] = MISSING
    expected_return_date: Maybe[str] = MISSING
    items: Annotated[Maybe[list[ReturnDeliveryItem]], wire("returndeliveryItemDtos")] = MISSING
    destination: Annotated[
        Maybe[ReturnDeliveryDestination], wire("returndeliveryDestinationDto")
    ] = MISSING


@attrs.define(kw_only=True, repr=False)
class ExchangeRequest(WireModel):
    """An exchange request and everything Coupang tracks about it."""

    exchange_id: int
    order_id: int
    vendor_id: Maybe[str] = MISSING
    order_delivery_status_code: Maybe[OrderStatus | str] = MISSING
    exchange_status: Maybe[ExchangeStatus | str] = MISSING
    #: e.g. ``WEB_MOBILE``.
    refer_type: Maybe[str] = MISSING
    fault_type: Maybe[FaultType | str] = MISSING
    exchange_amount: Maybe[int] = MISSING
    reason: Maybe[str] = MISSING
    #: e.g. ``DIFFERENTOPT``.
    reason_code: Maybe[str] = MISSING
    #: Korean text of the reason code.
    reason_code_text: Maybe[str] = MISSING
    #: The customer's own words.
    reason_etc_detail: Maybe[str] = MISSING
    cancel_reason: Maybe[str] = MISSING
    #: e.g. ``CUSTOMER``.
    created_by_type: Maybe[str] = MISSING
    created_at: Maybe[str] = MISSING
    modified_by_type: Maybe[str] = MISSING
    modified_at: Maybe[str] = MISSING
    items: Annotated[Maybe[list[ExchangeItem]], wire("exchangeItemDtoV1s")] = MISSING
    address: Annotated[Maybe[ExchangeAddress], wire("exchangeAddressDtoV1")] = MISSING
    #: Invoices of the replacement shipment (the sample shows only an empty list).
    delivery_invoice_groups: Annotated[Maybe[list[Any]], wire("deliveryInvoiceGroupDtos")] = MISSING
    #: e.g. ``BeforeDirection``.
    delivery_status: Maybe[str] = MISSING
    #: e.g. ``Collecting``.
    collect_status: Maybe[str] = MISSING
    collect_complete_date: Maybe[str] = MISSING
    collect_information: Annotated[Maybe[CollectInformation], wire("collectInformationsDto")] = (
        MISSING
    )
    return_deliveries: Annotated[Maybe[list[ReturnDelivery]], wire("returnDeliveryDtos")] = MISSING
    order_delivery_status_label: Maybe[str] = MISSING
    exchange_status_label: Maybe[str] = MISSING
    refer_type_label: Maybe[str] = MISSING
    fault_type_label: Maybe[str] = MISSING
    created_by_type_label: Maybe[str] = MISSING
    #: The seller may still reject it.
    rejectable: Maybe[bool] = MISSING
    modified_by_type_label: Maybe[str] = MISSING
    delivery_invoice_modifiable: Maybe[bool] = MISSING
    #: The seller may complete it.
    successable: Maybe[bool] = MISSING
