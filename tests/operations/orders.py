"""Rows of coupang_async.orders."""

from __future__ import annotations

import datetime as dt

from coupang_async import orders as o
from coupang_async.orders import Invoice

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("orders.list_order_sheets", lambda c, _: o.list_order_sheets(c, created_at_from=DAY, created_at_to=DAY, status="ACCEPT"), None, sample("ref_7_1_ordersheets_v5")),
    Row("orders.list_order_sheets[v4]", lambda c, _: o.list_order_sheets(c, created_at_from=DAY, created_at_to=DAY, status="ACCEPT", version=4), None, sample("ref_7_1_ordersheets_v4")),
    Row("orders.get_order_sheet", lambda c, i: o.get_order_sheet(c, i), "shipment_box_id", sample("fulfil_2_1_ordersheet_v5")),
    Row("orders.get_order_sheets_by_order_id", lambda c, i: o.get_order_sheets_by_order_id(c, i), "order_id", sample("fulfil_2_1_ordersheet_v5")),
    Row("orders.get_delivery_history", lambda c, i: o.get_delivery_history(c, i), "shipment_box_id", sample("fulfil_2_3_history")),
    # Batch writes: a bad id is a FAILED result, not an exception (tests/test_order_writes.py).
    Row("orders.acknowledge", lambda c, i: o.acknowledge(c, [i]), None, sample("fulfil_2_4_acknowledge")),
    Row("orders.upload_invoices", lambda c, i: o.upload_invoices(c, [Invoice(606920263, 1, 1, "CJGLS", "1")]), None, sample("fulfil_2_5_invoices")),
    Row("orders.update_invoices", lambda c, i: o.update_invoices(c, [Invoice(614018634, 1, 1, "CJGLS", "1")]), None, sample("fulfil_2_6_update_invoices")),
    Row("orders.stop_shipment", lambda c, i: o.stop_shipment(c, i, 2), "receipt_id", sample("fulfil_2_7_stopped_shipment")),
    Row("orders.mark_already_shipped", lambda c, i: o.mark_already_shipped(c, i, "KDEXP", "70432743577"), "receipt_id", sample("fulfil_2_8_completed_shipment")),
    Row("orders.cancel_order", lambda c, i: o.cancel_order(c, i, [3145181064, 3145181065], [1, 2], user_id="wing_login_id_123"), "order_id", sample("fulfil_2_9_cancel_partial")),
    Row("orders.complete_long_term_undelivered", lambda c, i: o.complete_long_term_undelivered(c, i, "505124853844"), "shipment_box_id", {"code": "200", "message": "SUCCESS", "data": True}),
]  # fmt: skip
