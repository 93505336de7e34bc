"""CSV export: any text in a field comes back exactly through a CSV reader (the page fast path
and the row-by-row path write the same file)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupang_async import converter
from coupang_async.export import CSV_COLUMNS, _CsvWriter
from coupang_async.models import ProductSummary

# Characters CSV must quote, the separators the writer assembles pages with, Korean text.
TRICKY = st.text(alphabet=st.sampled_from('ab 가나,"\r\n\x1f\x1e;\t'), max_size=8)


def _page(names: list[str], brands: list[str | None]) -> list[ProductSummary]:
    data = [
        {
            "sellerProductId": 1000 + index,
            "sellerProductName": name,
            "brand": brand,
            "statusName": "승인완료",
            "items": [
                {"itemName": f"{name}/{index}", "marketPlaceItem": {"vendorItemId": 7}},
                {"itemName": "옵션", "rocketGrowthItem": {"vendorItemId": 8}},
            ]
            if index % 2
            else [],
        }
        for index, (name, brand) in enumerate(zip(names, brands, strict=True))
    ]
    summaries: list[ProductSummary] = converter.structure(data, list[ProductSummary])
    return summaries


def _read(data: bytes) -> list[dict[str, str]]:
    header = ",".join(CSV_COLUMNS) + "\r\n"
    return list(csv.DictReader(io.StringIO(header + data.decode("utf-8"), newline="")))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TRICKY, st.none() | TRICKY), max_size=6))
def test_fields_come_back_exactly(products: list[tuple[str, str | None]]) -> None:
    """Names and brands with quotes, commas, line breaks or control characters survive."""
    names = [name for name, _ in products]
    brands = [brand for _, brand in products]
    summaries = _page(names, brands)
    data, count = _CsvWriter().rows(summaries, None)
    rows = _read(data)
    assert len(rows) == count
    expected = [
        (str(s.seller_product_id), s.seller_product_name, s.brand or "", item)
        for s in summaries
        for item in ([i.item_name for i in s.items] if s.items else [""])
    ]
    assert [
        (row["seller_product_id"], row["seller_product_name"], row["brand"], row["item_name"])
        for row in rows
    ] == expected


@pytest.mark.parametrize("name", ["plain", "a,b", 'say "hi"', "two\r\nlines", "x\x1fy", "x\x1ey"])
def test_one_odd_row_leaves_the_others_plain(name: str) -> None:
    """Only the row that needs quoting is quoted; its neighbours are written as plain rows."""
    data, _ = _CsvWriter().rows(_page(["first", name, "last"], [None, None, None]), None)
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0].startswith("1000,first,")
    assert lines[-2].startswith("1002,last,")
    assert [row["seller_product_name"] for row in _read(data)] == ["first", name, name, "last"]
