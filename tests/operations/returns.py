"""Rows of coupang_async.returns."""

from __future__ import annotations

import datetime as dt

from coupang_async import returns as r

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("returns.list_return_requests", lambda c, i: r.list_return_requests(c, created_at_from=DAY, created_at_to=DAY, order_id=i), "order_id", sample("ref_7_2_return_requests")),
    Row("returns.get_return_request", lambda c, i: r.get_return_request(c, i), "receipt_id", sample("ref_7_2_return_requests")),
    Row("returns.confirm_return_receipt", lambda c, i: r.confirm_return_receipt(c, i), "receipt_id", {"code": "200", "message": "OK"}),
    Row("returns.approve_return", lambda c, i: r.approve_return(c, i, 1), "receipt_id", {"code": "200", "message": "OK"}),
    Row("returns.list_return_withdrawals", lambda c, _: r.list_return_withdrawals(c, created_at_from=DAY, created_at_to=DAY), None, sample("fulfil_3_4_withdrawals")),
    Row("returns.list_return_withdrawals[ids]", lambda c, i: r.list_return_withdrawals(c, receipt_ids=[i]), "receipt_ids", sample("fulfil_3_4_withdrawals")),
    Row("returns.register_collection_invoice", lambda c, i: r.register_collection_invoice(c, i, "KDEXP", "201805291435", reg_number="1234568"), "receipt_id", sample("fulfil_3_5_collection_invoice")),
]  # fmt: skip
