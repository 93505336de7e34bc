"""settlements: revenue history (token + hasNext in 31-day chunks) and settlement histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx

from coupang_async import CoupangClient, InvalidInputError, settlements
from coupang_async.models import RevenueItem, SaleType, Settlement, SettlementType
from coupang_async.testing import FakeCoupang
from coupang_async.testing._settlements import RevenueState, revenue

from .helpers import BASE_URL, make_client

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 1, 15)
REVENUE = "/v2/providers/openapi/apis/api/v1/revenue-history"
HISTORIES = "/v2/providers/marketplace_openapi/apis/api/v1/settlement-histories"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake whose orders end on TODAY (revenue comes from its delivered orders)."""
    return FakeCoupang(products=30, requests_per_second=None, today=TODAY)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def rows(fake: FakeCoupang) -> RevenueState:
    """The fake's revenue rows."""
    return revenue(fake.vendor())


def keys(items: list[RevenueItem]) -> list[tuple[str, int, str]]:
    """(recognitionDate, orderId, saleType) of each row."""
    return [(str(i.recognition_date), int(i.order_id or 0), str(i.sale_type)) for i in items]


async def test_revenue_of_three_months_in_31_day_chunks_each_row_once(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """90 days: three chunks of at most 31 days, token paging inside; every row once, in order."""
    start, end = dt.date(2025, 10, 1), dt.date(2025, 12, 29)
    listed = await settlements.list_revenue(
        client, recognized_from=start, recognized_to=end, max_per_page=7
    ).to_list()
    expected = rows(fake).between(start, end)
    assert len(expected) > 30
    assert keys(listed) == [(r["recognitionDate"], r["orderId"], r["saleType"]) for r in expected]
    sent = [r for r in fake.requests if r.path == REVENUE]
    params = [dict(r.params) for r in sent]
    assert {p["recognitionDateFrom"] for p in params} == {"2025-10-01", "2025-11-01", "2025-12-02"}
    spans = {
        (
            dt.date.fromisoformat(p["recognitionDateTo"])
            - dt.date.fromisoformat(p["recognitionDateFrom"])
        ).days
        for p in params
    }
    assert max(spans) == 30  # 31 days, both inclusive
    assert all(p["vendorId"] == fake.vendor_id and p["maxPerPage"] == "7" for p in params)
    # token= is on every request, empty on the first page of each chunk, in the signed query.
    firsts = [r for r in sent if dict(r.params).get("token") == ""]
    assert len(firsts) == 3
    for request in firsts:
        assert b"&token=&" in b"&" + request.query_string + b"&"
    assert any(dict(r.params).get("token") for r in sent)
    assert all(isinstance(i, RevenueItem) for i in listed)


async def test_refund_rows_are_negative_and_amounts_add_up(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """REFUND rows carry negative amounts; settlement = sale - fee - VAT per line."""
    listed = await settlements.list_revenue(
        client, recognized_from=dt.date(2025, 9, 1), recognized_to=dt.date(2026, 1, 14)
    ).to_list()
    refunds = [i for i in listed if i.sale_type is SaleType.REFUND]
    sales = [i for i in listed if i.sale_type is SaleType.SALE]
    assert refunds
    assert sales
    for item in refunds:
        assert all((line.sale_amount or 0) <= 0 for line in item.items or ())
    for item in sales:
        for line in item.items or ():
            fee = (line.service_fee or 0) + (line.service_fee_vat or 0)
            assert line.settlement_amount == (line.sale_amount or 0) - fee
        assert item.recognition_day is not None


async def test_resume_from_a_token_inside_a_chunk(fake: FakeCoupang, client: CoupangClient) -> None:
    """A saved page token resumes with exactly the rows not yet seen."""
    window: dict[str, Any] = {
        "recognized_from": dt.date(2025, 10, 1),
        "recognized_to": dt.date(2025, 12, 29),
    }
    pages = [p async for p in settlements.list_revenue(client, **window, max_per_page=5).pages()]
    everything = [row for p in pages for row in keys(list(p.items))]
    cut = len(pages) // 2
    token = pages[cut].next_token
    assert token is not None
    rest = await settlements.list_revenue(
        client, **window, max_per_page=5, next_token=token
    ).to_list()
    assert keys(rest) == everything[sum(len(p.items) for p in pages[: cut + 1]) :]


async def test_end_date_today_or_later_in_kst_is_refused(client: CoupangClient) -> None:
    """recognized_to must be before today in KST: a clear error naming it, nothing sent."""
    today = settlements.today_kst()
    for end in (today, today + dt.timedelta(days=3)):
        with pytest.raises(InvalidInputError, match="before today in KST") as caught:
            settlements.list_revenue(
                client, recognized_from=end - dt.timedelta(days=2), recognized_to=end
            )
        assert caught.value.field == "recognized_to"
    yesterday = today - dt.timedelta(days=1)
    settlements.list_revenue(client, recognized_from=yesterday, recognized_to=yesterday)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (
            {"recognized_from": "2025-10-01", "recognized_to": dt.date(2025, 10, 2)},
            "recognized_from",
        ),
        (
            {
                "recognized_from": dt.date(2025, 10, 1),
                "recognized_to": dt.datetime(2025, 10, 2, tzinfo=dt.UTC),
            },
            "recognized_to",
        ),
        (
            {"recognized_from": dt.date(2025, 10, 2), "recognized_to": dt.date(2025, 10, 1)},
            "recognized_to",
        ),
        (
            {
                "recognized_from": dt.date(2025, 10, 1),
                "recognized_to": dt.date(2025, 10, 2),
                "max_per_page": 51,
            },
            "max_per_page",
        ),
        (
            {
                "recognized_from": dt.date(2025, 10, 1),
                "recognized_to": dt.date(2025, 10, 2),
                "next_token": "2020-01-01~abc",
            },
            "next_token",
        ),
    ],
)
async def test_bad_revenue_arguments_send_nothing(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, object], field: str
) -> None:
    """Every bad argument is named before anything is sent."""
    with pytest.raises(InvalidInputError) as caught:
        settlements.list_revenue(client, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert len(fake.requests) == 0


async def test_first_page_sends_token_even_against_a_strict_gateway() -> None:
    """On the wire: the documented query order, token= empty, signed over those bytes."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(REVENUE).mock(
            return_value=httpx.Response(
                200,
                json={"code": 200, "message": "OK", "data": [], "hasNext": False, "nextToken": ""},
            )
        )
        async with make_client() as client:
            listed = await settlements.list_revenue(
                client, recognized_from=dt.date(2025, 10, 1), recognized_to=dt.date(2025, 10, 30)
            ).to_list()
    assert listed == []
    request = route.calls.last.request
    assert request.url.query == (
        b"vendorId=A00012345&recognitionDateFrom=2025-10-01&recognitionDateTo=2025-10-30"
        b"&token=&maxPerPage=50"
    )


async def test_settlement_histories_of_a_month(fake: FakeCoupang, client: CoupangClient) -> None:
    """A bare JSON array of payouts; "YYYY-MM" and a date give the same month."""
    by_text = await settlements.list_settlements(client, "2025-11")
    by_date = await settlements.list_settlements(client, dt.date(2025, 11, 20))
    assert by_text == by_date
    assert by_text
    assert all(isinstance(s, Settlement) for s in by_text)
    assert by_text[-1].settlement_type is SettlementType.RESERVE
    weekly = [s for s in by_text if s.settlement_type is SettlementType.WEEKLY]
    reserve = by_text[-1]
    assert sum(s.settlement_amount or 0 for s in weekly) + (reserve.settlement_amount or 0) == (
        reserve.settlement_target_amount
    )
    request = fake.requests.last
    assert request is not None
    assert request.path == HISTORIES
    assert dict(request.params) == {"revenueRecognitionYearMonth": "2025-11"}
    assert request.headers["x-requested-by"] == fake.vendor_id


@pytest.mark.parametrize("month", ["2025-13", "2025-1", "202511", "", None, 202511, "next month"])
async def test_bad_months_are_refused(
    fake: FakeCoupang, client: CoupangClient, month: object
) -> None:
    """Only "YYYY-MM" or a date; nothing is sent otherwise."""
    with pytest.raises(InvalidInputError) as caught:
        await settlements.list_settlements(client, month)  # type: ignore[arg-type]
    assert caught.value.field == "year_month"
    assert len(fake.requests) == 0


async def test_a_future_month_is_refused(fake: FakeCoupang, client: CoupangClient) -> None:
    """Months after the current KST month are refused locally."""
    next_month = settlements.today_kst().replace(day=28) + dt.timedelta(days=7)
    with pytest.raises(InvalidInputError, match="after the current month"):
        await settlements.list_settlements(client, next_month)
    assert len(fake.requests) == 0
