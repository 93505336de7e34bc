"""Rows of coupang_async.categories: the display-category reads.

`get_display_category` takes code 0 (the root), so its ids are tested in tests/test_cs_writes.py.
"""

from __future__ import annotations

from coupang_async import categories as ct

from . import Row
from ._data import sample

ROWS = [
    Row("categories.list_display_categories", lambda c, _: ct.list_display_categories(c), None, sample("cs_6_1_display_categories")),
    Row("categories.get_display_category", lambda c, _: ct.get_display_category(c, 0), None, sample("cs_6_2_display_category")),
]  # fmt: skip
