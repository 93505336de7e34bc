"""orders.list_order_sheets: FakeCoupang (paging, windows, versions) and respx (wire bytes)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio
import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from coupang_async import CoupangClient, InvalidInputError, PaginationError, orders
from coupang_async._date_windows import Resolution, Window
from coupang_async.models import (
    KST,
    MISSING,
    Money,
    OrderSheet,
    OrderSheetV4,
    OrderStatus,
    converter,
)
from coupang_async.testing import FakeCoupang

from .helpers import BASE_URL, VENDOR_ID, make_client, verify_on_server

pytestmark = pytest.mark.both_backends  # the shared window engine runs on asyncio and trio

DATA = Path(__file__).parent / "models" / "data"
FIRST, LAST = dt.date(2026, 1, 9), dt.date(2026, 1, 15)  # the fake's order days (KST)
V5 = f"/v2/providers/openapi/apis/api/v5/vendors/{VENDOR_ID}/ordersheets"
V4 = f"/v2/providers/openapi/apis/api/v4/vendors/{VENDOR_ID}/ordersheets"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 30 products and their 60 orders over 2026-01-09..15, no rate limit."""
    return FakeCoupang(today=LAST, products=30, seed=3, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def stored(fake: FakeCoupang, status: str, low: str = "", high: str = "~") -> list[int]:
    """shipmentBoxIds the fake holds in ``status`` with ``low <= orderedAt <= high``."""
    return [
        int(o["shipmentBoxId"])
        for o in fake.vendor().orders.rows
        if o["status"] == status and low <= o["orderedAt"] <= high
    ]


def sent(fake: FakeCoupang) -> list[dict[str, str]]:
    """The decoded query of every order-sheet request the fake received, in order."""
    return [dict(r.params) for r in fake.requests if r.path.endswith("/ordersheets")]


# -- day mode (nextToken paging) -------------------------------------------------------------------


async def test_day_paging_walks_every_order_to_the_last_page(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Day mode pages with nextToken until the gateway's empty token; every order comes once."""
    pager = orders.list_order_sheets(
        client, created_at_from=FIRST, created_at_to=LAST, status="FINAL_DELIVERY", max_per_page=4
    )
    pages = [page async for page in pager.pages()]
    expected = stored(fake, "FINAL_DELIVERY")
    assert len(expected) > 8
    assert [s.shipment_box_id for p in pages for s in p.items] == expected
    assert len(pages) == -(-len(expected) // 4)
    assert all(len(p.items) == 4 for p in pages[:-1])
    assert pages[-1].next_token is None
    assert pages[0].token is None
    assert [p.token for p in pages[1:]] == [p.next_token for p in pages[:-1]]
    assert all(isinstance(s, OrderSheet) for p in pages for s in p.items)
    assert {q["maxPerPage"] for q in sent(fake)} == {"4"}


async def test_v5_order_sheets_are_typed(fake: FakeCoupang, client: CoupangClient) -> None:
    """v5 money is Money with a Decimal amount, statuses are members, ids are 18-digit ints."""
    sheet = (
        await orders.list_order_sheets(
            client, created_at_from=FIRST, created_at_to=LAST, status=OrderStatus.FINAL_DELIVERY
        )
    ).items[0]
    raw = next(o for o in fake.vendor().orders.rows if o["shipmentBoxId"] == sheet.shipment_box_id)
    assert sheet.status is OrderStatus.FINAL_DELIVERY
    assert isinstance(sheet.shipment_box_id, int)
    assert len(str(sheet.shipment_box_id)) == 18
    assert isinstance(sheet.shipping_price, Money)
    assert sheet.shipping_price.amount == Decimal(raw["shippingPrice"])
    item = (sheet.order_items or [])[0]
    assert isinstance(item.sales_price, Money)
    assert item.sales_price.amount == Decimal(raw["orderItems"][0]["salesPrice"])
    assert item.sales_price.currency_code == "KRW"
    assert isinstance(sheet.ordered_at, str)
    assert sheet.ordered_at.endswith("+09:00")
    assert sheet.is_cod is False


async def test_await_gives_the_first_page_only(fake: FakeCoupang, client: CoupangClient) -> None:
    """Awaiting the paginator sends one request and returns the first page with its token."""
    page = await orders.list_order_sheets(
        client, created_at_from=FIRST, created_at_to=LAST, status="FINAL_DELIVERY", max_per_page=2
    )
    assert len(page.items) == 2
    assert page.next_token is not None
    assert page.next_token.startswith("2026-01-09~")
    assert len(fake.requests) == 1


async def test_resume_from_a_saved_token(fake: FakeCoupang, client: CoupangClient) -> None:
    """A page's next_token passed back as next_token= continues exactly where the walk was."""
    args: dict[str, Any] = {
        "created_at_from": FIRST,
        "created_at_to": LAST,
        "status": "FINAL_DELIVERY",
        "max_per_page": 3,
    }
    first = await orders.list_order_sheets(client, **args)
    rest = await orders.list_order_sheets(client, **args, next_token=first.next_token).to_list()
    assert [s.shipment_box_id for s in [*first.items, *rest]] == stored(fake, "FINAL_DELIVERY")


async def test_version_4_answers_v4_models(fake: FakeCoupang, client: CoupangClient) -> None:
    """version=4 calls v4 with plain dates and answers OrderSheetV4 with amounts in won."""
    sheets = await orders.list_order_sheets(
        client, created_at_from=FIRST, created_at_to=LAST, status="FINAL_DELIVERY", version=4
    ).to_list()
    assert [s.shipment_box_id for s in sheets] == stored(fake, "FINAL_DELIVERY")
    assert all(isinstance(s, OrderSheetV4) for s in sheets)
    assert isinstance(sheets[0].shipping_price, int)
    assert "/v4/" in fake.requests[0].path
    assert sent(fake)[0]["createdAtFrom"] == "2026-01-09"


async def test_long_day_window_is_split_into_31_day_chunks(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A 107-day window becomes four consecutive, non-overlapping chunks of at most 31 days."""
    sheets = await orders.list_order_sheets(
        client,
        created_at_from=dt.date(2025, 10, 1),
        created_at_to=LAST,
        status="FINAL_DELIVERY",
    ).to_list()
    assert [s.shipment_box_id for s in sheets] == stored(fake, "FINAL_DELIVERY")
    windows = [(q["createdAtFrom"], q["createdAtTo"]) for q in sent(fake)]
    assert windows == [
        ("2025-10-01+09:00", "2025-10-31+09:00"),
        ("2025-11-01+09:00", "2025-12-01+09:00"),
        ("2025-12-02+09:00", "2026-01-01+09:00"),
        ("2026-01-02+09:00", "2026-01-15+09:00"),
    ]


async def test_resume_inside_a_later_chunk(fake: FakeCoupang, client: CoupangClient) -> None:
    """A token from the second chunk resumes there, without refetching the first chunk."""
    args: dict[str, Any] = {
        "created_at_from": dt.date(2025, 12, 1),
        "created_at_to": LAST,
        "status": "FINAL_DELIVERY",
        "max_per_page": 5,
    }
    pages = [p async for p in orders.list_order_sheets(client, **args).pages()]
    assert pages[0].items == []  # December: no orders in the fake
    assert pages[0].next_token == "2026-01-01~"
    middle = pages[2]
    fake.requests.clear()
    rest = await orders.list_order_sheets(client, **args, next_token=middle.token).to_list()
    assert rest == [s for p in pages[2:] for s in p.items]
    assert all(q["createdAtFrom"] == "2026-01-01+09:00" for q in sent(fake))


async def test_empty_results() -> None:
    """An account without orders answers one empty page and the walk ends."""
    fake = FakeCoupang(today=LAST, products=0, requests_per_second=None)
    async with fake.client(requests_per_second=None) as empty:
        pager = orders.list_order_sheets(
            empty, created_at_from=FIRST, created_at_to=LAST, status="ACCEPT"
        )
        page = await pager
        assert page.items == []
        assert page.next_token is None
        assert await pager.to_list() == []
    assert len(fake.requests) == 2


# -- time mode (searchType=timeFrame) --------------------------------------------------------------


async def test_time_mode_lists_a_minute_range_without_paging(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Aware datetimes select minutes with searchType=timeFrame: one response, no paging params."""
    first = fake.vendor().orders.rows[0]
    ordered = dt.datetime.fromisoformat(first["orderedAt"]).replace(tzinfo=KST)
    low, high = ordered - dt.timedelta(hours=3), ordered + dt.timedelta(hours=3)
    pages = [
        p
        async for p in orders.list_order_sheets(
            client, created_at_from=low, created_at_to=high, status=first["status"]
        ).pages()
    ]
    ids = [s.shipment_box_id for p in pages for s in p.items]
    fmt = "%Y-%m-%dT%H:%M:00"
    expected = stored(fake, first["status"], f"{low:{fmt}}", f"{high:%Y-%m-%dT%H:%M:59}")
    assert first["shipmentBoxId"] in ids
    assert ids == expected
    for query in sent(fake):
        assert query["searchType"] == "timeFrame"
        assert "maxPerPage" not in query
        assert "nextToken" not in query
    assert pages[-1].next_token is None


async def test_time_mode_is_cut_at_kst_midnight(fake: FakeCoupang, client: CoupangClient) -> None:
    """A range over midnight is one request per KST day (23:59 then 00:00), nothing lost."""
    low = dt.datetime(2026, 1, 13, 20, 0, tzinfo=KST)
    high = dt.datetime(2026, 1, 15, 1, 30, 45, tzinfo=KST)
    sheets = await orders.list_order_sheets(
        client, created_at_from=low, created_at_to=high, status="FINAL_DELIVERY"
    ).to_list()
    windows = [(q["createdAtFrom"], q["createdAtTo"]) for q in sent(fake)]
    assert windows == [
        ("2026-01-13T20:00+09:00", "2026-01-13T23:59+09:00"),
        ("2026-01-14T00:00+09:00", "2026-01-14T23:59+09:00"),
        ("2026-01-15T00:00+09:00", "2026-01-15T01:30+09:00"),
    ]
    expected = stored(fake, "FINAL_DELIVERY", "2026-01-13T20:00:00", "2026-01-15T01:30:59")
    assert [s.shipment_box_id for s in sheets] == expected


async def test_time_mode_converts_other_zones_to_kst(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """UTC bounds go out as the same instants in KST (+09:00)."""
    low = dt.datetime(2026, 1, 14, 1, 0, tzinfo=dt.UTC)
    await orders.list_order_sheets(
        client, created_at_from=low, created_at_to=low + dt.timedelta(minutes=10), status="ACCEPT"
    )
    assert sent(fake) == [
        {
            "searchType": "timeFrame",
            "createdAtFrom": "2026-01-14T10:00+09:00",
            "createdAtTo": "2026-01-14T10:10+09:00",
            "status": "ACCEPT",
        }
    ]


async def test_time_mode_resumes_at_a_chunk(fake: FakeCoupang, client: CoupangClient) -> None:
    """A time-mode token names the KST day to continue from."""
    low = dt.datetime(2026, 1, 13, 20, 0, tzinfo=KST)
    high = dt.datetime(2026, 1, 15, 1, 0, tzinfo=KST)
    args: dict[str, Any] = {"created_at_from": low, "created_at_to": high, "status": "DELIVERING"}
    first = await orders.list_order_sheets(client, **args)
    assert first.next_token == "2026-01-14T00:00~"
    fake.requests.clear()
    await orders.list_order_sheets(client, **args, next_token=first.next_token).to_list()
    assert [q["createdAtFrom"] for q in sent(fake)] == [
        "2026-01-14T00:00+09:00",
        "2026-01-15T00:00+09:00",
    ]


# -- arguments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"created_at_from": dt.datetime(2026, 1, 9, 10)}, "created_at_from"),
        ({"created_at_to": dt.datetime(2026, 1, 9, 10)}, "created_at_to"),
        ({"created_at_from": "2026-01-09"}, "created_at_from"),
        ({"created_at_to": "2026-01-15+09:00"}, "created_at_to"),
        ({"created_at_to": None}, "created_at_to"),
        ({"created_at_to": dt.datetime(2026, 1, 15, tzinfo=KST)}, "created_at_to"),
        ({"created_at_from": LAST, "created_at_to": FIRST}, "created_at_to"),
        ({"status": "SHIPPED"}, "status"),
        ({"status": None}, "status"),
        ({"max_per_page": 0}, "max_per_page"),
        ({"max_per_page": 51}, "max_per_page"),
        ({"max_per_page": True}, "max_per_page"),
        ({"version": 6}, "version"),
        ({"extended_timeout": 0}, "extended_timeout"),
        ({"extended_timeout": "60"}, "extended_timeout"),
        ({"next_token": "2025-01-01~123"}, "next_token"),
        ({"next_token": "2026-01-10~"}, "next_token"),
        ({"next_token": "garbage~"}, "next_token"),
        ({"next_token": 123}, "next_token"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """Naive datetimes, strings, reversed windows, bad statuses, sizes and tokens name the field."""
    args: dict[str, Any] = {
        "created_at_from": FIRST,
        "created_at_to": LAST,
        "status": "ACCEPT",
        **kwargs,
    }
    with pytest.raises(InvalidInputError) as info:
        orders.list_order_sheets(client, **args)
    assert info.value.field == field
    assert len(fake.requests) == 0


async def test_naive_datetime_error_explains_the_fix(client: CoupangClient) -> None:
    """The naive-datetime error says to add a zone (KST) or pass dates."""
    with pytest.raises(InvalidInputError, match=r"naive datetime.*KST.*datetime\.date"):
        orders.list_order_sheets(
            client,
            created_at_from=dt.datetime(2026, 1, 9, 10),
            created_at_to=dt.datetime(2026, 1, 9, 11),
            status="ACCEPT",
        )


async def test_bare_gateway_token_is_accepted_for_a_single_chunk(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A raw gateway nextToken resumes a window that needs only one chunk; not a longer one."""
    first = await orders.list_order_sheets(
        client, created_at_from=FIRST, created_at_to=LAST, status="FINAL_DELIVERY", max_per_page=5
    )
    assert first.next_token is not None
    bare = first.next_token.partition("~")[2]
    rest = await orders.list_order_sheets(
        client,
        created_at_from=FIRST,
        created_at_to=LAST,
        status="FINAL_DELIVERY",
        max_per_page=5,
        next_token=bare,
    ).to_list()
    assert [s.shipment_box_id for s in [*first.items, *rest]] == stored(fake, "FINAL_DELIVERY")
    with pytest.raises(InvalidInputError):
        orders.list_order_sheets(
            client,
            created_at_from=dt.date(2025, 1, 1),
            created_at_to=LAST,
            status="FINAL_DELIVERY",
            next_token=bare,
        )


# -- the wire (respx) ------------------------------------------------------------------------------


def _body(data: list[Any], next_token: str | None = "") -> dict[str, Any]:
    body: dict[str, Any] = {"code": 200, "message": "OK", "data": data}
    if next_token is not None:
        body["nextToken"] = next_token
    return body


async def test_v5_day_query_is_percent_encoded_and_signed_over_those_bytes() -> None:
    """v5 sends createdAtFrom=2025-07-15%2B09:00 and the signature verifies over exactly that."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V5).mock(return_value=httpx.Response(200, json=_body([])))
        async with make_client() as client:
            page = await orders.list_order_sheets(
                client,
                created_at_from=dt.date(2025, 7, 15),
                created_at_to=dt.date(2025, 7, 15),
                status="ACCEPT",
            )
    request = route.calls.last.request
    assert page.items == []
    assert (
        request.url.raw_path
        == (
            f"{V5}?createdAtFrom=2025-07-15%2B09:00&createdAtTo=2025-07-15%2B09:00"
            "&status=ACCEPT&maxPerPage=50"
        ).encode()
    )
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])
    assert request.headers["X-EXTENDED-TIMEOUT"] == "60000"


async def test_v5_time_frame_query_and_signature() -> None:
    """Time mode sends searchType=timeFrame and 2025-07-29T00:01%2B09:00, signed as sent."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V5).mock(return_value=httpx.Response(200, json=_body([], None)))
        async with make_client() as client:
            await orders.list_order_sheets(
                client,
                created_at_from=dt.datetime(2025, 7, 29, 0, 1, tzinfo=KST),
                created_at_to=dt.datetime(2025, 7, 29, 0, 11, 30, tzinfo=KST),
                status=OrderStatus.INSTRUCT,
                extended_timeout=None,
            ).to_list()
    request = route.calls.last.request
    assert (
        request.url.raw_path
        == (
            f"{V5}?searchType=timeFrame&createdAtFrom=2025-07-29T00:01%2B09:00"
            "&createdAtTo=2025-07-29T00:11%2B09:00&status=INSTRUCT"
        ).encode()
    )
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])
    assert "X-EXTENDED-TIMEOUT" not in request.headers


async def test_v4_query_has_no_offset() -> None:
    """v4 sends plain dates and KST minutes, as its documentation shows."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V4).mock(return_value=httpx.Response(200, json=_body([])))
        async with make_client() as client:
            await orders.list_order_sheets(
                client,
                created_at_from=dt.datetime(2025, 7, 28, 15, 1, tzinfo=dt.UTC),
                created_at_to=dt.datetime(2025, 7, 28, 15, 11, tzinfo=dt.UTC),
                status="ACCEPT",
                version=4,
            )
    query = route.calls.last.request.url.raw_path.partition(b"?")[2]
    assert query == (
        b"searchType=timeFrame&createdAtFrom=2025-07-29T00:01"
        b"&createdAtTo=2025-07-29T00:11&status=ACCEPT"
    )


async def test_next_token_goes_out_and_the_reference_sample_is_read() -> None:
    """The nextToken goes out on the next request; the §7.1 v5 sample decodes losslessly."""
    sample = json.loads((DATA / "ref_7_1_ordersheets_v5.json").read_text(encoding="utf-8"))
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V5).mock(
            side_effect=[
                httpx.Response(200, json=sample),
                httpx.Response(200, json=_body([])),
            ]
        )
        async with make_client() as client:
            pages = [
                p
                async for p in orders.list_order_sheets(
                    client,
                    created_at_from=dt.date(2025, 1, 15),
                    created_at_to=dt.date(2025, 1, 15),
                    status="FINAL_DELIVERY",
                ).pages()
            ]
    second = dict(parse_qsl(route.calls[1].request.url.query.decode()))
    assert second["nextToken"] == "448537989"
    assert pages[0].next_token == "2025-01-15~448537989"
    (sheet,) = pages[0].items
    assert converter.unstructure(sheet) == sample["data"][0]
    assert sheet.shipment_box_id == 642538970006401429
    assert sheet.shipping_price is not None
    assert sheet.shipping_price is not MISSING
    assert sheet.shipping_price.amount == 5000
    assert pages[0].raw == sample
    assert pages[1].next_token is None


async def test_a_repeated_gateway_token_stops_the_walk() -> None:
    """The same nextToken twice raises PaginationError instead of looping."""
    body = _body([], "777")
    with respx.mock(base_url=BASE_URL) as router:
        router.get(V5).mock(return_value=httpx.Response(200, json=body))
        async with make_client() as client:
            pager = orders.list_order_sheets(
                client, created_at_from=FIRST, created_at_to=FIRST, status="ACCEPT"
            )
            with pytest.raises(PaginationError):
                async for _ in pager.pages():
                    pass


async def test_null_data_is_an_empty_page() -> None:
    """A page whose data is null is empty rather than an error."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(V5).mock(
            return_value=httpx.Response(200, json={"code": 200, "message": "OK", "data": None})
        )
        async with make_client() as client:
            page = await orders.list_order_sheets(
                client, created_at_from=FIRST, created_at_to=FIRST, status="ACCEPT"
            )
    assert page.items == []
    assert page.next_token is None


def test_money_amounts() -> None:
    """Money.amount is exact; Money.of builds units and nanos with one sign."""
    assert Money(currency_code="KRW", units=19000, nanos=0).amount == Decimal(19000)
    assert Money(units=12, nanos=500_000_000).amount == Decimal("12.5")
    assert Money().amount is None
    assert Money.of(19000) == Money(currency_code="KRW", units=19000, nanos=0)
    assert Money.of("-12.5", "USD") == Money(currency_code="USD", units=-12, nanos=-500_000_000)
    assert converter.unstructure(Money.of(5000)) == {
        "currencyCode": "KRW",
        "units": 5000,
        "nanos": 0,
    }
    assert str(Money.of(5000)) == "5000 KRW"
    with pytest.raises(ValueError, match="nine decimal places"):
        Money.of("0.0000000001")


def test_readme_section_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's orders/returns/exchanges/categories/logistics example runs as printed."""
    readme = Path(__file__).parents[1] / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = text[text.index("## Orders, returns, exchanges, categories, logistics") :]
    section = section.split("\n## ", 1)[0]  # up to the next section
    (block,) = re.findall(r"```python\n(.*?)```", section, re.S)
    exec(compile(block, str(readme), "exec"), {"__name__": "__main__"})  # noqa: S102
    lines = capsys.readouterr().out.splitlines()
    fake = FakeCoupang(products=30, seed=3)
    accepted = stored(fake, "ACCEPT")
    assert [int(line.split()[0]) for line in lines[: len(accepted)]] == accepted
    counts, category, codes = lines[len(accepted) :]
    assert len(counts.split()) == 4
    assert category == "차량용 휴대폰 거치대 ['수량']"
    assert codes == "74010 1000274592"


# -- properties of the window engine ---------------------------------------------------------------

ENGINES = [
    (Resolution.DAY, dt.timedelta(days=31)),  # order sheets and returns by day
    (Resolution.MINUTE, None),  # order sheets by minute: one KST day per chunk
    (Resolution.MINUTE, dt.timedelta(days=31)),  # returns by minute
    (Resolution.SECOND, dt.timedelta(days=7)),  # exchanges
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ENGINES),
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=200)),
)
def test_chunks_cover_the_window_exactly_once(
    engine: tuple[Resolution, dt.timedelta | None], start: dt.datetime, length: dt.timedelta
) -> None:
    """Chunks start at the window's start, follow each other by one step, fit the cap, end at its
    end, and every chunk is found again by its token key."""
    resolution, span = engine
    window = Window.of(start, start + length, resolution, span)
    chunks: list[tuple[dt.datetime, dt.datetime]] = []
    current: dt.datetime | None = window.start
    for _ in range(250):  # bounded: 200 days give at most 201 chunks
        if current is None:
            break
        chunks.append((current, window.chunk_end(current)))
        current = window.next_start(current)
    assert current is None
    assert chunks[0][0] == window.start
    assert chunks[-1][1] == window.end
    assert window.single_chunk == (len(chunks) == 1)
    for (_, high), (following, _) in itertools.pairwise(chunks):
        assert following == high + resolution.step
    for low, high in chunks:
        assert low <= high
        if span is None:
            assert low.date() == high.date()
        else:
            assert high - low < span
        assert window.chunk_at(window.key(low)) == low
        inside = low + resolution.step
        if inside <= high:
            assert window.chunk_at(window.key(inside)) is None


FAKE = FakeCoupang(today=LAST, products=30, seed=3, requests_per_second=None)
FAKE_DAYS = st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2026, 1, 20))
FAKE_TIMES = st.datetimes(
    min_value=dt.datetime(2026, 1, 8), max_value=dt.datetime(2026, 1, 16), timezones=st.just(KST)
)


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(sorted(OrderStatus)),
    st.one_of(st.tuples(FAKE_DAYS, FAKE_DAYS), st.tuples(FAKE_TIMES, FAKE_TIMES)),
    st.integers(min_value=1, max_value=50),
)
def test_any_window_lists_exactly_the_orders_inside_it(
    status: OrderStatus, bounds: tuple[Any, Any], per_page: int
) -> None:
    """For any window and page size the listing is the fake's orders inside it, each once."""
    low, high = sorted(bounds)

    async def walk() -> list[int]:
        async with FAKE.client(requests_per_second=None) as client:
            sheets = await orders.list_order_sheets(
                client,
                created_at_from=low,
                created_at_to=high,
                status=status,
                max_per_page=per_page,
            ).to_list()
        return [int(s.shipment_box_id or 0) for s in sheets]

    if isinstance(low, dt.datetime):
        first, last = f"{low:%Y-%m-%dT%H:%M}:00", f"{high:%Y-%m-%dT%H:%M}:59"
    else:
        first, last = f"{low}T00:00:00", f"{high}T23:59:59"
    assert anyio.run(walk) == stored(FAKE, status, first, last)
