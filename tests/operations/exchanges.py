"""Rows of coupang_async.exchanges."""

from __future__ import annotations

import datetime as dt

from coupang_async import exchanges as x

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("exchanges.list_exchange_requests", lambda c, i: x.list_exchange_requests(c, created_at_from=DAY, created_at_to=DAY, order_id=i), "order_id", sample("ref_7_3_exchange_requests")),
    Row("exchanges.confirm_exchange_receipt", lambda c, i: x.confirm_exchange_receipt(c, i), "exchange_id", {"code": "200", "message": "SUCCESS"}),
    Row("exchanges.reject_exchange", lambda c, i: x.reject_exchange(c, i, "SOLDOUT"), "exchange_id", sample("fulfil_4_2_reject_exchange")),
    Row("exchanges.upload_exchange_invoice", lambda c, i: x.upload_exchange_invoice(c, i, 1140170745, "CJGLS", "680405450931"), "exchange_id", sample("fulfil_4_3_exchange_invoice")),
]  # fmt: skip
