"""Order sheets (발주서): the orders a seller ships, as ``GET …/ordersheets`` returns them.

The fields are those of Coupang's v4 and v5 order sheet samples, with its order statuses and
quirks. Declared per the recipe in `coupang_async._converter`, so every model is lossless:
``converter.unstructure(converter.structure(p, OrderSheet)) == p`` with unknown keys, nulls and
absent keys kept.

Two versions, two model classes (the fields differ in JSON type, not only in name):

* `OrderSheet` / `OrderItem`: **v5** (current). Money is an object ``{currencyCode, units,
  nanos}`` (`Money`, with `Money.amount` as a `Decimal`); timestamps are ISO-8601 with offset
  and microseconds (``2025-01-15T14:17:13.973885-08:00``); phone numbers E.164-like; adds
  ``shipmentType``, ``isCod``, the order's ``extraProperties`` and three coupon discounts per item.
* `OrderSheetV4` / `OrderItemV4`: **v4**, for accounts still on it. Money is a plain number of
  won (``2500``); timestamps are zone-less KST text (``2017-10-10T10:20:16``,
  ``2017-10-25 00:10:33``).

The fields both versions share live on `BaseOrderSheet` / `BaseOrderItem`, so code that only
reads ids, names and statuses can accept either.

Type choices:

* Ids are ``int``: ``shipmentBoxId`` has 18 digits since 2024-11 (fits a 64-bit int exactly;
  ids sent as strings are accepted and written back as sent).
* Timestamps and dates stay ``str`` (exact wire text, formats differ by version and field); use
  `coupang_async.models.parse_timestamp` to get an aware ``datetime`` (zone-less text is KST).
* Phones, addresses, names and postcodes are ``str`` (masked in responses: ``0503-**-5464``).
* ``status`` is `OrderStatus`; a status Coupang adds later is kept as a plain ``str``.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeAlias

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel, wire

__all__ = [
    "BaseOrderItem",
    "BaseOrderSheet",
    "Money",
    "OrderItem",
    "OrderItemV4",
    "OrderSheet",
    "OrderSheetV4",
    "OrderStatus",
    "Orderer",
    "OverseaShippingInfo",
    "Receiver",
]

_NANOS_PER_UNIT = 1_000_000_000


class OrderStatus(enum.StrEnum):
    """An order sheet's status: the ``status`` query value and response field."""

    #: 결제완료: paid, waiting for the seller to acknowledge.
    ACCEPT = "ACCEPT"
    #: 상품준비중: acknowledged, being prepared.
    INSTRUCT = "INSTRUCT"
    #: 배송지시: invoice registered, shipping ordered.
    DEPARTURE = "DEPARTURE"
    #: 배송중: in transit.
    DELIVERING = "DELIVERING"
    #: 배송완료: delivered.
    FINAL_DELIVERY = "FINAL_DELIVERY"
    #: 업체 직접 배송(추적불가): delivered by the seller, no tracking.
    NONE_TRACKING = "NONE_TRACKING"


#: The `OrderStatus` codes as string literals (a typo is a type error).
OrderStatusCode: TypeAlias = Literal[
    "ACCEPT", "INSTRUCT", "DEPARTURE", "DELIVERING", "FINAL_DELIVERY", "NONE_TRACKING"
]


@attrs.define(kw_only=True, repr=False)
class Money(WireModel):
    """A v5 amount: ``{"currencyCode": "KRW", "units": 19000, "nanos": 0}``.

    The shape of ``google.type.Money``: ``units`` whole units, ``nanos`` billionths of a unit
    with the same sign as ``units``. `amount` gives the exact value as a `Decimal`;
    `Money.of` builds one from an amount.
    """

    #: ISO 4217 code, e.g. ``KRW``.
    currency_code: Maybe[str] = MISSING
    #: Whole units of the currency (won).
    units: Maybe[int] = MISSING
    #: Billionths of a unit (0 for won amounts).
    nanos: Maybe[int] = MISSING

    @property
    def amount(self) -> Decimal | None:
        """The exact amount (``units + nanos / 10**9``); None when ``units`` is absent or null."""
        if self.units is None or self.units is MISSING:
            return None
        nanos = self.nanos if isinstance(self.nanos, int) else 0
        if not nanos:
            return Decimal(self.units)
        return Decimal(self.units) + Decimal(nanos).scaleb(-9)

    @classmethod
    def of(cls, amount: int | Decimal | str, currency_code: str = "KRW") -> Money:
        """The `Money` for an amount, e.g. ``Money.of(19000)`` or ``Money.of("12.5", "USD")``.

        Raises:
            ValueError: the amount is not finite or has more than nine decimal places.
        """
        if isinstance(amount, bool) or not isinstance(amount, int | Decimal | str):
            raise TypeError(f"amount must be an int, Decimal or str, not {type(amount).__name__}")
        value = Decimal(amount)
        if not value.is_finite():
            raise ValueError(f"amount must be finite, got {amount!r}")
        units = int(value)  # truncates toward zero, so nanos keep the sign of units
        nanos = (value - units).scaleb(9)
        if nanos != nanos.to_integral_value():
            raise ValueError(f"amount has more than nine decimal places: {amount!r}")
        return cls(currency_code=currency_code, units=units, nanos=int(nanos))

    def __str__(self) -> str:
        amount = self.amount
        text = "?" if amount is None else f"{amount}"
        return f"{text} {self.currency_code or ''}".strip()


@attrs.define(kw_only=True, repr=False)
class Orderer(WireModel):
    """The customer who placed the order (masked by Coupang)."""

    name: Maybe[str] = MISSING
    email: Maybe[str] = MISSING
    #: The safe (relay) number; v5 writes it E.164-like (``+82 503-…``).
    safe_number: Maybe[str] = MISSING
    orderer_number: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class Receiver(WireModel):
    """Who receives the parcel, and where (masked by Coupang)."""

    name: Maybe[str] = MISSING
    safe_number: Maybe[str] = MISSING
    receiver_number: Maybe[str] = MISSING
    #: Address line 1 (road or lot address).
    addr1: Maybe[str] = MISSING
    #: Address line 2 (building, unit).
    addr2: Maybe[str] = MISSING
    post_code: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class OverseaShippingInfo(WireModel):
    """Customs data of an overseas-purchase order (``overseaShippingInfoDto``)."""

    personal_customs_clearance_code: Maybe[str] = MISSING
    orderer_ssn: Maybe[str] = MISSING
    orderer_phone_number: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class BaseOrderItem(WireModel):
    """The fields of an order line that v4 and v5 share (money fields are on the subclasses)."""

    vendor_item_package_id: Maybe[int] = MISSING
    vendor_item_package_name: Maybe[str] = MISSING
    #: The display product id.
    product_id: Maybe[int] = MISSING
    #: The option (vendor item) ordered.
    vendor_item_id: Maybe[int] = MISSING
    vendor_item_name: Maybe[str] = MISSING
    #: Units ordered on this line.
    shipping_count: Maybe[int] = MISSING
    external_vendor_sku_code: Maybe[str] = MISSING
    etc_info_header: Maybe[str] = MISSING
    etc_info_value: Maybe[str] = MISSING
    #: The customer's answers to the product's custom questions.
    etc_info_values: Maybe[list[str]] = MISSING
    seller_product_id: Maybe[int] = MISSING
    seller_product_name: Maybe[str] = MISSING
    seller_product_item_name: Maybe[str] = MISSING
    first_seller_product_item_name: Maybe[str] = MISSING
    cancel_count: Maybe[int] = MISSING
    hold_count_for_cancel: Maybe[int] = MISSING
    #: ``yyyy-MM-dd``.
    estimated_shipping_date: Maybe[str] = MISSING
    planned_shipping_date: Maybe[str] = MISSING
    invoice_number_upload_date: Maybe[str] = MISSING
    extra_properties: Maybe[dict[str, Any]] = MISSING
    pricing_badge: Maybe[bool] = MISSING
    used_product: Maybe[bool] = MISSING
    #: Purchase confirmation time (v4 ``yyyy-MM-dd HH:mm:ss``, v5 ISO-8601 with offset).
    confirm_date: Maybe[str] = MISSING
    #: Korean label of the delivery charge type (``유료`` / ``무료``).
    delivery_charge_type_name: Maybe[str] = MISSING
    canceled: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderItem(BaseOrderItem):
    """One order line of a v5 order sheet; amounts are `Money`."""

    #: Unit sale price.
    sales_price: Maybe[Money] = MISSING
    #: Line total (sale price × count).
    order_price: Maybe[Money] = MISSING
    discount_price: Maybe[Money] = MISSING
    instant_coupon_discount: Maybe[Money] = MISSING
    downloadable_coupon_discount: Maybe[Money] = MISSING
    coupang_discount: Maybe[Money] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderItemV4(BaseOrderItem):
    """One order line of a v4 order sheet; amounts are whole won."""

    sales_price: Maybe[int] = MISSING
    order_price: Maybe[int] = MISSING
    discount_price: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class BaseOrderSheet(WireModel):
    """The fields of an order sheet that v4 and v5 share (money and lines are on subclasses)."""

    #: The parcel (묶음배송번호): 18 digits since 2024-11; invoices are registered per box.
    shipment_box_id: int
    order_id: int
    ordered_at: Maybe[str] = MISSING
    orderer: Maybe[Orderer] = MISSING
    paid_at: Maybe[str] = MISSING
    status: Maybe[OrderStatus | str] = MISSING
    remote_area: Maybe[bool] = MISSING
    #: The delivery note for the courier (e.g. ``문 앞``).
    parcel_print_message: Maybe[str] = MISSING
    split_shipping: Maybe[bool] = MISSING
    able_split_shipping: Maybe[bool] = MISSING
    receiver: Maybe[Receiver] = MISSING
    oversea_shipping_info: Annotated[Maybe[OverseaShippingInfo], wire("overseaShippingInfoDto")] = (
        MISSING
    )
    delivery_company_name: Maybe[str] = MISSING
    invoice_number: Maybe[str] = MISSING
    #: Coupang's spelling is ``inTrasitDateTime``; a corrected ``inTransitDateTime`` is read too.
    in_transit_date_time: Annotated[Maybe[str], wire("inTrasitDateTime", "inTransitDateTime")] = (
        MISSING
    )
    delivered_date: Maybe[str] = MISSING
    #: Where the order came from (e.g. ``안드로이드앱``).
    refer: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderSheet(BaseOrderSheet):
    """A v5 order sheet (current version): one parcel of one order, with its lines."""

    shipping_price: Maybe[Money] = MISSING
    remote_price: Maybe[Money] = MISSING
    order_items: Maybe[list[OrderItem]] = MISSING
    #: e.g. ``THIRD_PARTY``.
    shipment_type: Maybe[str] = MISSING
    #: Cash on delivery.
    is_cod: Maybe[bool] = MISSING
    #: e.g. ``{"sameDayShipping": "false", "cutOffTimeHour": "0"}`` (values are strings).
    extra_properties: Maybe[dict[str, Any]] = MISSING


@attrs.define(kw_only=True, repr=False)
class OrderSheetV4(BaseOrderSheet):
    """A v4 order sheet: amounts in whole won, zone-less KST timestamps."""

    shipping_price: Maybe[int] = MISSING
    remote_price: Maybe[int] = MISSING
    order_items: Maybe[list[OrderItemV4]] = MISSING
