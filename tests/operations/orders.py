"""Rows of coupang_async.orders."""

from __future__ import annotations

import datetime as dt

from coupang_async import orders as o

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("orders.list_order_sheets", lambda c, _: o.list_order_sheets(c, created_at_from=DAY, created_at_to=DAY, status="ACCEPT"), None, sample("ref_7_1_ordersheets_v5")),
    Row("orders.list_order_sheets[v4]", lambda c, _: o.list_order_sheets(c, created_at_from=DAY, created_at_to=DAY, status="ACCEPT", version=4), None, sample("ref_7_1_ordersheets_v4")),
]  # fmt: skip
