"""Rows of coupang_async.vendor_items."""

from __future__ import annotations

from coupang_async import vendor_items as v

from . import Row
from ._data import sample

ROWS = [
    Row("vendor_items.get_inventory", lambda c, i: v.get_inventory(c, i), "vendor_item_id", sample("ref_5_12_inventories")),
    Row("vendor_items.update_price", lambda c, i: v.update_price(c, i, 1000), "vendor_item_id"),
    Row("vendor_items.update_quantity", lambda c, i: v.update_quantity(c, i, 5), "vendor_item_id"),
    Row("vendor_items.update_original_price", lambda c, i: v.update_original_price(c, i, 0), "vendor_item_id"),
    Row("vendor_items.stop_sales", lambda c, i: v.stop_sales(c, i), "vendor_item_id"),
    Row("vendor_items.resume_sales", lambda c, i: v.resume_sales(c, i), "vendor_item_id"),
]  # fmt: skip
