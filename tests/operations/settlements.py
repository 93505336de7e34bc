"""Rows of coupang_async.settlements."""

from __future__ import annotations

import datetime as dt

from coupang_async import settlements as st

from . import Row
from ._data import sample

ROWS = [
    Row("settlements.list_revenue", lambda c, _: st.list_revenue(c, recognized_from=dt.date(2025, 7, 1), recognized_to=dt.date(2025, 7, 15)), None, sample("cs_3_1_revenue_history")),
    Row("settlements.list_settlements", lambda c, _: st.list_settlements(c, "2025-07"), None, sample("cs_3_2_settlement_histories")),
]  # fmt: skip
