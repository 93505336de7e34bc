"""Rows of coupang_async.logistics."""

from __future__ import annotations

from coupang_async import logistics as lg

from . import Row
from ._data import sample

ROWS = [
    Row("logistics.list_outbound_shipping_places", lambda c, _: lg.list_outbound_shipping_places(c), None, sample("ref_6_3_outbound_places")),
    Row("logistics.list_return_centers", lambda c, _: lg.list_return_centers(c), None, sample("ref_6_4_return_centers")),
]  # fmt: skip
