"""Rows of coupang_async.inquiries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coupang_async import inquiries as iq

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)
WINDOW: dict[str, Any] = {"inquired_from": DAY, "inquired_to": DAY}
OK = {"code": "200", "message": "OK"}

ROWS = [
    Row("inquiries.list_product_inquiries", lambda c, _: iq.list_product_inquiries(c, **WINDOW), None, sample("cs_2_1_online_inquiries_v5")),
    Row("inquiries.reply_to_product_inquiry", lambda c, i: iq.reply_to_product_inquiry(c, i, "감사합니다", reply_by="wing-id"), "inquiry_id", OK),
    Row("inquiries.list_call_center_inquiries", lambda c, _: iq.list_call_center_inquiries(c, **WINDOW), None, sample("cs_2_3_call_center_inquiries_v5")),
    Row("inquiries.get_call_center_inquiry", lambda c, i: iq.get_call_center_inquiry(c, i), "inquiry_id", {"code": 200, "message": "OK", "data": sample("cs_2_3_call_center_inquiries_v5")["data"]["content"][0]}),
    Row("inquiries.reply_to_call_center_inquiry", lambda c, i: iq.reply_to_call_center_inquiry(c, i, "감사합니다", reply_by="wing-id", parent_answer_id=1), "inquiry_id", OK),
    Row("inquiries.confirm_call_center_inquiry", lambda c, i: iq.confirm_call_center_inquiry(c, i, confirm_by="wing-id"), "inquiry_id", OK),
]  # fmt: skip
