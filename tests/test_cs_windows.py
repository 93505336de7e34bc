"""Property tests: windows of any length are split so that every item comes exactly once.

For arbitrary windows (inside, overlapping or outside the fake's data), arbitrary page sizes and
a resume from an arbitrary page, the product-inquiry, call-center and revenue listings yield
exactly the fake's items of that window, each once, in order. No request exceeds the gateway's
window (7 days for inquiries, 31 for revenue): the fake answers a longer one with Coupang's 400,
so a walk that completes shows it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coupang_async import inquiries, settlements
from coupang_async.testing import FakeCoupang
from coupang_async.testing._inquiries import inquiries as inquiry_state
from coupang_async.testing._settlements import revenue

pytestmark = pytest.mark.both_backends

TODAY: Final = dt.date(2026, 1, 15)
FAKE: Final = FakeCoupang(products=25, requests_per_second=None, today=TODAY, request_log_size=0)
SETTINGS: Final = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DAYS: Final = st.dates(min_value=dt.date(2025, 8, 1), max_value=dt.date(2026, 1, 20))


def _window(start: dt.date, length: int) -> tuple[dt.date, dt.date]:
    return start, start + dt.timedelta(days=length)


async def _walk(pager_of: Any, resume_at: int) -> tuple[list[Any], list[Any]]:
    """Every item of a walk, and the items of a walk resumed after page ``resume_at``."""
    pages = [page async for page in pager_of(None).pages()]
    items = [item for page in pages for item in page.items]
    if resume_at >= len(pages) or pages[resume_at].next_token is None:
        return items, items
    before = [item for page in pages[: resume_at + 1] for item in page.items]
    rest = await pager_of(pages[resume_at].next_token).to_list()
    return items, before + rest


@SETTINGS
@given(start=DAYS, length=st.integers(0, 60), size=st.integers(1, 50), resume=st.integers(0, 6))
async def test_product_inquiries_each_once_for_any_window(
    start: dt.date, length: int, size: int, resume: int
) -> None:
    """Any window, any page size, resumed anywhere: each product inquiry of the window once."""
    low, high = _window(start, length)
    expected = [
        r.doc["inquiryId"]
        for r in inquiry_state(FAKE.vendor()).products
        if low <= r.at.date() <= high
    ]
    async with FAKE.client(requests_per_second=None) as client:

        def pager(token: str | None) -> Any:
            return inquiries.list_product_inquiries(
                client, inquired_from=low, inquired_to=high, max_per_page=size, next_token=token
            )

        walked, resumed = await _walk(pager, resume)
    assert [i.inquiry_id for i in walked] == expected
    assert [i.inquiry_id for i in resumed] == expected


@SETTINGS
@given(start=DAYS, length=st.integers(0, 45), size=st.integers(1, 30))
async def test_call_center_inquiries_each_once_for_any_window(
    start: dt.date, length: int, size: int
) -> None:
    """Any window and page size: each call-center inquiry of the window once, in order."""
    low, high = _window(start, length)
    expected = [
        r.doc["inquiryId"] for r in inquiry_state(FAKE.vendor()).calls if low <= r.at.date() <= high
    ]
    async with FAKE.client(requests_per_second=None) as client:
        listed = await inquiries.list_call_center_inquiries(
            client, inquired_from=low, inquired_to=high, max_per_page=size
        ).to_list()
    assert [i.inquiry_id for i in listed] == expected


@SETTINGS
@given(start=DAYS, length=st.integers(0, 130), size=st.integers(1, 50), resume=st.integers(0, 6))
async def test_revenue_each_row_once_for_any_window(
    start: dt.date, length: int, size: int, resume: int
) -> None:
    """Any window (split at 31 days), any page size, resumed anywhere: each row once."""
    low, high = _window(start, length)
    expected = [
        (r["recognitionDate"], r["orderId"], r["saleType"])
        for r in revenue(FAKE.vendor()).between(low, high)
    ]
    async with FAKE.client(requests_per_second=None) as client:

        def pager(token: str | None) -> Any:
            return settlements.list_revenue(
                client, recognized_from=low, recognized_to=high, max_per_page=size, next_token=token
            )

        walked, resumed = await _walk(pager, resume)
    for listed in (walked, resumed):
        assert [(i.recognition_date, i.order_id, i.sale_type) for i in listed] == expected
