"""Rows of coupang_async.categories."""

from __future__ import annotations

from coupang_async import categories as k

from . import Row
from ._data import sample

ROWS = [
    Row("categories.get_category_meta", lambda c, i: k.get_category_meta(c, i), "display_category_code", sample("ref_6_1_category_meta")),
    Row("categories.get_category_status", lambda c, i: k.get_category_status(c, i), "display_category_code", {"code": "SUCCESS", "message": "", "data": True}),
    Row("categories.recommend_category", lambda c, _: k.recommend_category(c, "상품"), None, sample("ref_6_2_predict")),
]  # fmt: skip
