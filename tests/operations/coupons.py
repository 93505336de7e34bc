"""Rows of coupang_async.coupons (the job polls run one poll: `CouponJob.poll`)."""

from __future__ import annotations

import datetime as dt

from coupang_async import coupons as cp
from coupang_async.models import DownloadCouponPolicy

from . import Row
from ._data import sample

START = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2030, 2, 1, tzinfo=dt.UTC)
INSTANT = {"contract_id": 15, "name": "세일", "discount_type": "RATE", "discount": 10, "max_discount_price": 1000, "start_at": START, "end_at": END}  # fmt: skip
POLICY = DownloadCouponPolicy(title="정책", type_of_discount="PRICE", discount=1000, minimum_price=10000, maximum_per_daily=1)  # fmt: skip
DOWNLOAD = {"title": "쿠폰", "contract_id": 15, "start_date": START, "end_date": END, "user_id": "wing-id", "policies": [POLICY]}  # fmt: skip

ROWS = [
    Row("coupons.create_instant_coupon", lambda c, _: cp.create_instant_coupon(c, **INSTANT), None, sample("cs_5_2_instant_create_response")),  # type: ignore[arg-type]
    Row("coupons.CouponJob.wait[instant]", lambda c, _: cp.CouponJob(c, "4080133932843441", kind="instant").poll(), None, sample("cs_5_3_instant_request_status")),
    Row("coupons.add_instant_coupon_items", lambda c, i: cp.add_instant_coupon_items(c, i, [3226138951]), "coupon_id", sample("cs_5_2_instant_create_response")),
    Row("coupons.expire_instant_coupon", lambda c, i: cp.expire_instant_coupon(c, i), "coupon_id", sample("cs_5_5_instant_expire_response")),
    Row("coupons.get_instant_coupon", lambda c, i: cp.get_instant_coupon(c, i), "coupon_id", sample("cs_5_7_instant_coupon")),
    Row("coupons.list_instant_coupons", lambda c, _: cp.list_instant_coupons(c, status="APPLIED"), None, {"code": 200, "message": "OK", "data": {"success": True, "content": [sample("cs_5_7_instant_coupon")["data"]["content"]], "pagination": {"currentPage": 1, "totalPages": 1}}}),
    Row("coupons.create_download_coupon", lambda c, _: cp.create_download_coupon(c, **DOWNLOAD), None, sample("cs_5_8_download_create_response")),  # type: ignore[arg-type]
    Row("coupons.add_download_coupon_items", lambda c, i: cp.add_download_coupon_items(c, i, [3226138951], user_id="wing-id"), "coupon_id", sample("cs_5_9_download_add_items_response")),
    Row("coupons.expire_download_coupon", lambda c, i: cp.expire_download_coupon(c, i, user_id="wing-id"), "coupon_id", sample("cs_5_10_download_expire_response")),
    Row("coupons.CouponJob.wait[download]", lambda c, _: cp.CouponJob(c, "et5_154210571558673553106", kind="download").poll(), None, sample("cs_5_11_download_transaction_status")),
    Row("coupons.get_download_coupon", lambda c, i: cp.get_download_coupon(c, i), "coupon_id", sample("cs_5_12_download_coupon")),
]  # fmt: skip
