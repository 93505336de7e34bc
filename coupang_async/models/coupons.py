"""Discount coupons: instant coupons (즉시할인쿠폰) and downloadable coupons (다운로드쿠폰).

Lossless per the recipe in `coupang_async._converter`.

* Request ids are **strings**: instant coupons' ``requestedId`` has up to ~21 digits (beyond a
  64-bit integer) and downloadable coupons' ``requestTransactionId`` looks like
  ``et5_154210571558673553106``.
* Instant coupons answer inside ``{code, …, data: {success, content, pagination}}``
  (`InstantCouponResult` is that ``data``); downloadable coupons answer without an envelope (a
  bare object, or a bare array of `DownloadCouponOutcome`).
* Dates stay text: ``yyyy-MM-dd HH:mm:ss`` in Korean time.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from coupang_async._converter import MISSING, Maybe, WireModel

__all__ = [
    "CouponBudget",
    "CouponContract",
    "CouponJobStatus",
    "CouponJobType",
    "CouponStatus",
    "DiscountType",
    "DownloadCoupon",
    "DownloadCouponFailedItem",
    "DownloadCouponOutcome",
    "DownloadCouponOutcomeBody",
    "DownloadCouponPolicy",
    "DownloadCouponTransaction",
    "DownloadCouponTransactionStatus",
    "FailedVendorItem",
    "InstantCoupon",
    "InstantCouponRequest",
    "InstantCouponRequestStatus",
    "InstantCouponResult",
]


class DiscountType(enum.StrEnum):
    """Instant coupons' ``type`` / downloadable policies' ``typeOfDiscount``."""

    #: A percentage (instant 1–100, downloadable 1–99).
    RATE = "RATE"
    #: A fixed amount in won.
    PRICE = "PRICE"
    #: A fixed amount per quantity (instant coupons only).
    FIXED_WITH_QUANTITY = "FIXED_WITH_QUANTITY"


class CouponStatus(enum.StrEnum):
    """A coupon's status."""

    STANDBY = "STANDBY"
    APPLIED = "APPLIED"
    PAUSED = "PAUSED"
    EXPIRED = "EXPIRED"
    DETACHED = "DETACHED"
    PAUSING = "PAUSING"
    EXPIRING = "EXPIRING"


class CouponJobType(enum.StrEnum):
    """What a coupon request did (``type`` of the request status)."""

    COUPON_PUBLISH = "COUPON_PUBLISH"
    COUPON_EXPIRE = "COUPON_EXPIRE"
    COUPON_ITEM_PUBLISH = "COUPON_ITEM_PUBLISH"
    COUPON_ITEM_EXPIRE = "COUPON_ITEM_EXPIRE"


class CouponJobStatus(enum.StrEnum):
    """``status`` of a coupon request."""

    #: Still running.
    REQUESTED = "REQUESTED"
    DONE = "DONE"
    FAIL = "FAIL"


@attrs.define(kw_only=True, repr=False)
class CouponContract(WireModel):
    """A coupon budget contract (``contractId`` is what coupons are created under)."""

    contract_id: Maybe[int] = MISSING
    #: ``-1`` marks the free (non-contract) entry.
    vendor_contract_id: Maybe[int] = MISSING
    seller_id: Maybe[str] = MISSING
    seller_share_ratio: Maybe[float] = MISSING
    coupang_share_ratio: Maybe[float] = MISSING
    gmv_ratio: Maybe[float] = MISSING
    start: Maybe[str] = MISSING
    end: Maybe[str] = MISSING
    #: ``CONTRACT_BASED`` or ``NON_CONTRACT_BASED``.
    type: Maybe[str] = MISSING
    use_budget: Maybe[bool] = MISSING
    modified_at: Maybe[str] = MISSING
    modified_by: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class CouponBudget(WireModel):
    """The budget of a contract for one month."""

    contract_id: Maybe[int] = MISSING
    target_month: Maybe[str] = MISSING
    vendor_share_ratio: Maybe[float] = MISSING
    total_budget_amount: Maybe[float] = MISSING
    used_budget_amount: Maybe[float] = MISSING


@attrs.define(kw_only=True, repr=False)
class InstantCouponRequest(WireModel):
    """The body that creates an instant coupon (dates ``yyyy-MM-dd HH:mm:ss``, KST)."""

    contract_id: Maybe[int] = MISSING
    #: At most 45 characters.
    name: Maybe[str] = MISSING
    max_discount_price: Maybe[int] = MISSING
    discount: Maybe[int] = MISSING
    start_at: Maybe[str] = MISSING
    end_at: Maybe[str] = MISSING
    type: Maybe[DiscountType | str] = MISSING
    wow_exclusive: Maybe[bool] = MISSING


@attrs.define(kw_only=True, repr=False)
class FailedVendorItem(WireModel):
    """An option an instant-coupon request could not handle, with the reason (``[CIR08] …``)."""

    vendor_item_id: Maybe[int] = MISSING
    reason: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class InstantCouponRequestStatus(WireModel):
    """The status of an instant-coupon request (create, expire, add items)."""

    coupon_id: Maybe[int] = MISSING
    requested_id: Maybe[str] = MISSING
    type: Maybe[CouponJobType | str] = MISSING
    status: Maybe[CouponJobStatus | str] = MISSING
    total: Maybe[int] = MISSING
    succeeded: Maybe[int] = MISSING
    failed: Maybe[int] = MISSING
    failed_vendor_items: Maybe[list[FailedVendorItem]] = MISSING


@attrs.define(kw_only=True, repr=False)
class InstantCoupon(WireModel):
    """An instant discount coupon."""

    contract_id: Maybe[int] = MISSING
    vendor_contract_id: Maybe[int] = MISSING
    coupon_id: Maybe[int] = MISSING
    promotion_name: Maybe[str] = MISSING
    status: Maybe[CouponStatus | str] = MISSING
    type: Maybe[DiscountType | str] = MISSING
    max_discount_price: Maybe[int] = MISSING
    discount: Maybe[int] = MISSING
    start_at: Maybe[str] = MISSING
    end_at: Maybe[str] = MISSING
    #: Sent as the string ``"false"`` in the sample (kept as sent on the trip back).
    wow_exclusive: Maybe[bool] = MISSING
    #: Present in the by-order listing.
    vendor_item_id: Maybe[int] = MISSING


@attrs.define(kw_only=True, repr=False)
class InstantCouponResult(WireModel):
    """The ``data`` of every instant-coupon answer: ``{success, content, pagination}``.

    ``content`` is an object (a request id, a request status, a coupon) or a list (listings):
    the endpoints structure it for you.
    """

    success: Maybe[bool] = MISSING
    content: Maybe[Any] = MISSING
    pagination: Maybe[Any] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponPolicy(WireModel):
    """A downloadable coupon's discount policy (up to 3, all of one ``typeOfDiscount``)."""

    title: Maybe[str] = MISSING
    type_of_discount: Maybe[DiscountType | str] = MISSING
    description: Maybe[str] = MISSING
    minimum_price: Maybe[int] = MISSING
    discount: Maybe[int] = MISSING
    #: ``-1`` on PRICE policies.
    maximum_discount_price: Maybe[int] = MISSING
    #: Per customer per day, 1..9999 (create's name).
    maximum_per_daily: Maybe[int] = MISSING
    #: The same cap as the coupon read names it.
    maximum_per_day: Maybe[int] = MISSING
    manage_code: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCoupon(WireModel):
    """A downloadable coupon (the create request, the create answer and the read)."""

    coupon_id: Maybe[int] = MISSING
    vendor_id: Maybe[str] = MISSING
    contract_id: Maybe[int] = MISSING
    title: Maybe[str] = MISSING
    coupon_type: Maybe[str] = MISSING
    coupon_status: Maybe[CouponStatus | str] = MISSING
    start_date: Maybe[str] = MISSING
    end_date: Maybe[str] = MISSING
    user_id: Maybe[str] = MISSING
    last_modified_by: Maybe[str] = MISSING
    last_modified_date: Maybe[str] = MISSING
    published_date: Maybe[str] = MISSING
    applied_option_count: Maybe[int] = MISSING
    usage_amount: Maybe[int] = MISSING
    #: The create request's name for the policies.
    policies: Maybe[list[DownloadCouponPolicy]] = MISSING
    #: The answers' name for them.
    coupon_policies: Maybe[list[DownloadCouponPolicy]] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponOutcomeBody(WireModel):
    """``body`` of a downloadable add-items / expire answer."""

    coupon_id: Maybe[int] = MISSING
    request_transaction_id: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponOutcome(WireModel):
    """One element of a downloadable add-items / expire answer."""

    #: ``SUCCESS`` or a failure.
    request_result_status: Maybe[str] = MISSING
    body: Maybe[DownloadCouponOutcomeBody] = MISSING
    error_code: Maybe[str] = MISSING
    error_message: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponFailedItem(WireModel):
    """An option a downloadable-coupon request could not handle."""

    vendor_item_id: Maybe[int] = MISSING
    failure_reason: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponTransactionStatus(WireModel):
    """The status of a downloadable-coupon request."""

    type: Maybe[CouponJobType | str] = MISSING
    total: Maybe[int] = MISSING
    succeeded: Maybe[int] = MISSING
    failed: Maybe[int] = MISSING
    status: Maybe[str] = MISSING
    requested_id: Maybe[str] = MISSING
    coupon_id: Maybe[int] = MISSING
    coupon_failed_vendor_item_id_responses: Maybe[list[DownloadCouponFailedItem]] = MISSING


@attrs.define(kw_only=True, repr=False)
class DownloadCouponTransaction(WireModel):
    """The whole body of the downloadable request-status read."""

    transaction_status_response: Maybe[DownloadCouponTransactionStatus] = MISSING
