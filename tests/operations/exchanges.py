"""Rows of coupang_async.exchanges."""

from __future__ import annotations

import datetime as dt

from coupang_async import exchanges as x

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("exchanges.list_exchange_requests", lambda c, i: x.list_exchange_requests(c, created_at_from=DAY, created_at_to=DAY, order_id=i), "order_id", sample("ref_7_3_exchange_requests")),
]  # fmt: skip
