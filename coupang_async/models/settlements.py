"""Revenue history (매출내역) and settlement histories (지급내역).

Lossless per the recipe in `coupang_async._converter`. Amounts are whole won (``int``); refund
rows carry negative amounts. Dates stay text (``yyyy-MM-dd``); `RevenueItem.recognition_day` and
friends read them as ``datetime.date``.

* `RevenueItem`: one order's recognised sale (``SALE``) or refund (``REFUND``), keyed by the
  recognition date (delivery or purchase confirmation + 7 days). ``deliveryFee`` is an object
  (one old table says array; every sample sends an object). Reconcile on ``vendorItemId``:
  ``productId`` can change when Coupang merges or splits product pages.
* `Settlement`: one payout (weekly, monthly, reserve, additional) of a recognition month.
  ``finalAmount`` can be far below ``settlementTargetAmount`` (deductions, early payouts):
  reconcile on the target.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel

__all__ = [
    "DeliveryFee",
    "RevenueHistoryPage",
    "RevenueItem",
    "RevenueLine",
    "SaleType",
    "Settlement",
    "SettlementStatus",
    "SettlementType",
]


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class SaleType(enum.StrEnum):
    """``saleType`` of a revenue row."""

    #: A sale (주문).
    SALE = "SALE"
    #: A refund (반품); amounts are negative.
    REFUND = "REFUND"


class SettlementType(enum.StrEnum):
    """``settlementType`` of a payout."""

    MONTHLY = "MONTHLY"
    WEEKLY = "WEEKLY"
    DAILY = "DAILY"
    #: An additional payout (추가 지급).
    ADDITIONAL = "ADDITIONAL"
    #: The reserve paid at the end (최종액 지급).
    RESERVE = "RESERVE"


class SettlementStatus(enum.StrEnum):
    """``status`` of a payout."""

    #: Paid (지급 완료).
    DONE = "DONE"
    #: To be paid (지급 예정).
    SUBJECT = "SUBJECT"


@attrs.define(kw_only=True, repr=False)
class DeliveryFee(WireModel):
    """The shipping fee of a revenue row and Coupang's fee on it (won)."""

    amount: Maybe[int] = MISSING
    fee: Maybe[int] = MISSING
    fee_vat: Maybe[int] = MISSING
    #: Percent.
    fee_ratio: Maybe[float] = MISSING
    settlement_amount: Maybe[int] = MISSING
    base_amount: Maybe[int] = MISSING
    base_fee: Maybe[int] = MISSING
    base_fee_vat: Maybe[int] = MISSING
    remote_amount: Maybe[int] = MISSING
    remote_fee: Maybe[int] = MISSING
    remote_fee_vat: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class RevenueLine(WireModel):
    """One option of a revenue row (``items[]``), amounts in won."""

    #: ``TAX`` or ``FREE`` (tax-exempt).
    tax_type: Maybe[str] = MISSING
    product_id: Maybe[int] = MISSING
    product_name: Maybe[str] = MISSING
    vendor_item_id: Maybe[int] = MISSING
    vendor_item_name: Maybe[str] = MISSING
    #: Unit price × quantity.
    sale_price: Maybe[int] = MISSING
    quantity: Maybe[int] = MISSING
    coupang_discount_coupon: Maybe[int] = MISSING
    discount_coupon_policy_agreement: Maybe[bool] = MISSING
    #: ``sale_price`` minus Coupang's discount.
    sale_amount: Maybe[int] = MISSING
    seller_discount_coupon: Maybe[int] = MISSING
    downloadable_coupon: Maybe[int] = MISSING
    service_fee: Maybe[int] = MISSING
    service_fee_vat: Maybe[int] = MISSING
    #: Percent.
    service_fee_ratio: Maybe[float] = MISSING
    #: ``sale_amount`` minus the fee and its VAT.
    settlement_amount: Maybe[int] = MISSING
    courantee_fee_ratio: Maybe[float] = MISSING
    courantee_fee: Maybe[int] = MISSING
    courantee_fee_vat: Maybe[int] = MISSING
    external_seller_sku_code: Maybe[str] = MISSING
    store_fee_discount: Maybe[int] = MISSING
    store_fee_discount_vat: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class RevenueItem(WireModel):
    """One order's recognised revenue (a row of the revenue history)."""

    order_id: Maybe[int] = MISSING
    sale_type: Maybe[SaleType | str] = MISSING
    #: Payment date, ``yyyy-MM-dd``.
    sale_date: Maybe[str] = MISSING
    #: Revenue recognition date (the listing's key), ``yyyy-MM-dd``.
    recognition_date: Maybe[str] = MISSING
    #: Payout date.
    settlement_date: Maybe[str] = MISSING
    #: Reserve payout date (weekly settlement only).
    final_settlement_date: Maybe[str] = MISSING
    delivery_fee: Maybe[DeliveryFee] = MISSING
    items: Maybe[list[RevenueLine]] = MISSING

    @property
    def recognition_day(self) -> dt.date | None:
        """``recognition_date`` as a date (None when absent or malformed)."""
        return _day(self.recognition_date)

    @property
    def settlement_amount(self) -> int:
        """What this row adds to the payout: the items' and the shipping's settlement amounts."""
        total = sum(line.settlement_amount or 0 for line in self.items or ())
        fee = self.delivery_fee
        if fee:
            total += fee.settlement_amount or 0
        return total


@attrs.define(kw_only=True, repr=False)
class RevenueHistoryPage(WireModel):
    """A whole revenue-history body: ``{code, message, data, hasNext, nextToken}``."""

    code: Maybe[int] = MISSING
    message: Maybe[str] = MISSING
    data: Maybe[list[RevenueItem]] = MISSING
    has_next: Maybe[bool] = MISSING
    next_token: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class Settlement(WireModel):
    """One payout of a revenue-recognition month (won)."""

    settlement_type: Maybe[SettlementType | str] = MISSING
    settlement_date: Maybe[str] = MISSING
    #: ``yyyy-MM``.
    revenue_recognition_year_month: Maybe[str] = MISSING
    revenue_recognition_date_from: Maybe[str] = MISSING
    revenue_recognition_date_to: Maybe[str] = MISSING
    total_sale: Maybe[int] = MISSING
    service_fee: Maybe[int] = MISSING
    #: ``total_sale`` minus ``service_fee``: what to reconcile against.
    settlement_target_amount: Maybe[int] = MISSING
    settlement_amount: Maybe[int] = MISSING
    last_amount: Maybe[int] = MISSING
    pending_released_amount: Maybe[int] = MISSING
    seller_discount_coupon: Maybe[int] = MISSING
    downloadable_coupon: Maybe[int] = MISSING
    dedicated_delivery_amount: Maybe[int] = MISSING
    seller_service_fee: Maybe[int] = MISSING
    courantee_fee: Maybe[int] = MISSING
    courantee_customer_reward: Maybe[int] = MISSING
    deduction_amount: Maybe[int] = MISSING
    debt_of_last_week: Maybe[int] = MISSING
    #: The actual or planned payout.
    final_amount: Maybe[int] = MISSING
    bank_account_holder: Maybe[str] = MISSING
    bank_name: Maybe[str] = MISSING
    bank_account: Maybe[str] = MISSING
    status: Maybe[SettlementStatus | str] = MISSING
    store_fee_discount: Maybe[int] = MISSING
