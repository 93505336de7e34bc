"""Rows of coupang_async.rocket_growth."""

from __future__ import annotations

import datetime as dt

from coupang_async import rocket_growth as rg

from . import Row
from ._data import sample

DAY = dt.date(2025, 7, 15)

ROWS = [
    Row("rocket_growth.list_orders", lambda c, _: rg.list_orders(c, paid_from=DAY, paid_to=DAY), None, sample("fulfil_5_1_rg_orders")),
    Row("rocket_growth.get_order", lambda c, i: rg.get_order(c, i), "order_id", sample("fulfil_5_2_rg_order")),
    Row("rocket_growth.list_inventory", lambda c, i: rg.list_inventory(c, vendor_item_id=i), "vendor_item_id", sample("fulfil_5_3_rg_inventory")),
]  # fmt: skip
