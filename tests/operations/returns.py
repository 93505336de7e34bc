"""Rows of coupang_async.returns."""

from __future__ import annotations

import datetime as dt

from coupang_async import returns as r

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("returns.list_return_requests", lambda c, i: r.list_return_requests(c, created_at_from=DAY, created_at_to=DAY, order_id=i), "order_id", sample("ref_7_2_return_requests")),
]  # fmt: skip
