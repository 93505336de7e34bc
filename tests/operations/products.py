"""Rows of coupang_async.products."""

from __future__ import annotations

import datetime as dt

from coupang_async import products as p
from coupang_async.testing._samples import product_body

from . import Row
from ._data import sample

NOW = dt.datetime(2025, 7, 15, 12, 0, tzinfo=dt.UTC)
CREATED = {"code": "200", "message": "", "data": {"code": "SUCCESS", "message": "", "data": 1}}
PARTIAL = {"code": "SUCCESS", "message": "", "data": sample("ref_5_4_partial_update")}

ROWS = [
    Row("products.get_product", lambda c, i: p.get_product(c, i), "seller_product_id", sample("ref_5_2_get_product")),
    Row("products.create_product", lambda c, _: p.create_product(c, product_body("A00012345")), None, CREATED),
    Row("products.update_product", lambda c, _: p.update_product(c, product_body("A00012345", sellerProductId=1)), None, CREATED),
    Row("products.get_partial_product", lambda c, i: p.get_partial_product(c, i), "seller_product_id", PARTIAL),
    Row("products.partial_update_product", lambda c, i: p.partial_update_product(c, i, {"deliveryCharge": 2500}), "seller_product_id"),
    Row("products.delete_product", lambda c, i: p.delete_product(c, i), "seller_product_id"),
    Row("products.request_approval", lambda c, i: p.request_approval(c, i), "seller_product_id"),
    Row("products.get_product_by_external_sku", lambda c, _: p.get_product_by_external_sku(c, "sku"), None, sample("ref_5_8_list_time_frame")),
    Row("products.get_inflow_status", lambda c, _: p.get_inflow_status(c), None, sample("ref_5_11_inflow_status")),
    Row("products.list_products", lambda c, i: p.list_products(c, seller_product_id=i), "seller_product_id", sample("ref_5_7_list_products")),
    Row("products.list_status_history", lambda c, i: p.list_status_history(c, i), "seller_product_id", sample("ref_5_9_status_history")),
    Row("products.list_products_by_time_frame", lambda c, _: p.list_products_by_time_frame(c, created_at_from=NOW, created_at_to=NOW), None, sample("ref_5_8_list_time_frame")),
]  # fmt: skip
