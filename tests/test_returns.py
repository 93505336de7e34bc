"""returns.list_return_requests: FakeCoupang (paging, windows, filters) and respx (wire bytes)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from coupang_async import CoupangClient, InvalidInputError, returns
from coupang_async.models import (
    KST,
    FaultType,
    ReceiptStatus,
    ReceiptType,
    ReturnRequest,
    ReturnStatus,
    converter,
)
from coupang_async.testing import FakeCoupang

from .helpers import (
    BASE_URL,
    FIXED_NOW,
    SECRET_KEY,
    VENDOR_ID,
    make_client,
    seed_signature,
    verify_on_server,
)
from .testing.signer import OPENAPI, Api, Clock

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).parent / "models" / "data"


@pytest.mark.parametrize("search", [{}, {"searchType": "timeFrame"}])
async def test_fake_return_requests_carry_no_bookkeeping_keys(search: dict[str, str]) -> None:
    """The fake answers return requests without its internal ``_status`` key, in both modes."""
    clock = Clock()
    fake = FakeCoupang(products=30, seed=3, requests_per_second=None, clock=clock)
    api = Api(fake, clock)
    dates = (
        {"createdAtFrom": "2026-01-09T00:00", "createdAtTo": "2026-01-15T23:59"}
        if search
        else {"createdAtFrom": "2026-01-09", "createdAtTo": "2026-01-15"}
    )
    params: dict[str, Any] = {**search, **dates, "status": "UC"}
    body = (await api.get(f"{OPENAPI}/v6/vendors/{fake.vendor_id}/returnRequests", params)).json()
    await api.aclose()
    assert body["data"]
    assert all(not key.startswith("_") for row in body["data"] for key in row)
    assert dt.date(2026, 1, 9) <= dt.date.fromisoformat(body["data"][0]["createdAt"][:10])


# -- against the fake ------------------------------------------------------------------------------

FIRST, LAST = dt.date(2026, 1, 9), dt.date(2026, 1, 15)
UC = {"RETURNS_UNCHECKED", "RELEASE_STOP_UNCHECKED"}


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 60 orders over 2026-01-09..15 and their return / cancel requests."""
    return FakeCoupang(today=LAST, products=30, seed=3, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def stored(fake: FakeCoupang, keep: Callable[[dict[str, Any]], bool]) -> list[int]:
    """receiptIds of the fake's return requests that ``keep`` accepts, in the fake's order."""
    return [int(r["receiptId"]) for r in fake.vendor().return_requests.rows if keep(r)]


def sent(fake: FakeCoupang) -> list[dict[str, str]]:
    """The decoded query of every returnRequests call the fake received, in order."""
    return [dict(r.params) for r in fake.requests if r.path.endswith("/returnRequests")]


async def test_status_uc_pages_to_the_last_page(fake: FakeCoupang, client: CoupangClient) -> None:
    """UC lists unchecked returns and stop-shipment requests, page after page to the end."""
    pages = [
        p
        async for p in returns.list_return_requests(
            client, created_at_from=FIRST, created_at_to=LAST, status="UC", max_per_page=2
        ).pages()
    ]
    expected = stored(fake, lambda r: r["receiptStatus"] in UC)
    assert len(expected) > 2
    assert [r.receipt_id for p in pages for r in p.items] == expected
    assert pages[-1].next_token is None
    assert all(len(p.items) == 2 for p in pages[:-1])
    request = pages[0].items[0]
    assert isinstance(request, ReturnRequest)
    assert request.receipt_status in (
        ReceiptStatus.RETURNS_UNCHECKED,
        ReceiptStatus.RELEASE_STOP_UNCHECKED,
    )
    assert request.receipt_type in (ReceiptType.RETURN, ReceiptType.CANCEL)
    assert request.enclose_amount == 0
    assert (request.return_items or [])[0].shipment_box_id
    assert all("_status" not in r.extra for p in pages for r in p.items)
    assert {q["status"] for q in sent(fake)} == {"UC"}


async def test_status_enum_and_order_id(fake: FakeCoupang, client: CoupangClient) -> None:
    """A ReturnStatus member filters by status; order_id narrows to one order."""
    completed = await returns.list_return_requests(
        client, created_at_from=FIRST, created_at_to=LAST, status=ReturnStatus.CC
    ).to_list()
    assert [r.receipt_id for r in completed] == stored(
        fake, lambda r: r["receiptStatus"] == "RETURNS_COMPLETED"
    )
    target = fake.vendor().return_requests.rows[0]
    by_order = await returns.list_return_requests(
        client, created_at_from=FIRST, created_at_to=LAST, order_id=target["orderId"]
    ).to_list()
    assert [r.order_id for r in by_order] == [target["orderId"]] * len(by_order)
    assert target["receiptId"] in [r.receipt_id for r in by_order]
    assert "status" not in sent(fake)[-1]


async def test_cancel_type_lists_cancellations(fake: FakeCoupang, client: CoupangClient) -> None:
    """cancel_type='CANCEL' sends cancelType=CANCEL without status and lists cancellations."""
    cancels = await returns.list_return_requests(
        client, created_at_from=FIRST, created_at_to=LAST, cancel_type="CANCEL"
    ).to_list()
    assert [r.receipt_id for r in cancels] == stored(fake, lambda r: r["receiptType"] == "CANCEL")
    assert cancels
    assert all(r.receipt_type is ReceiptType.CANCEL for r in cancels)
    query = sent(fake)[0]
    assert query["cancelType"] == "CANCEL"
    assert "status" not in query
    assert "orderId" not in query


async def test_time_mode_has_minute_bounds_and_no_paging(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Aware datetimes send searchType=timeFrame with KST minutes, no maxPerPage or nextToken."""
    low = dt.datetime(2026, 1, 10, 6, 30, tzinfo=KST)
    high = dt.datetime(2026, 1, 13, 5, 0, 59, tzinfo=dt.UTC)  # 14:00 KST
    page = await returns.list_return_requests(
        client, created_at_from=low, created_at_to=high, status="UC"
    )
    assert sent(fake) == [
        {
            "searchType": "timeFrame",
            "createdAtFrom": "2026-01-10T06:30",
            "createdAtTo": "2026-01-13T14:00",
            "status": "UC",
        }
    ]
    assert [r.receipt_id for r in page.items] == stored(
        fake,
        lambda r: (
            r["receiptStatus"] in UC
            and "2026-01-10T06:30:00" <= r["createdAt"] <= "2026-01-13T14:00:59"
        ),
    )
    assert page.next_token is None


async def test_windows_over_31_days_are_split(fake: FakeCoupang, client: CoupangClient) -> None:
    """A 46-day window is two requests: 31 days, then the remaining 15, in both modes."""
    requests = await returns.list_return_requests(
        client, created_at_from=dt.date(2025, 12, 1), created_at_to=LAST, status="UC"
    ).to_list()
    assert [r.receipt_id for r in requests] == stored(fake, lambda r: r["receiptStatus"] in UC)
    low = dt.datetime(2025, 12, 1, 9, 0, tzinfo=KST)
    high = dt.datetime(2026, 1, 15, 9, 0, tzinfo=KST)
    await returns.list_return_requests(
        client, created_at_from=low, created_at_to=high, status="UC"
    ).to_list()
    assert [(q["createdAtFrom"], q["createdAtTo"]) for q in sent(fake)] == [
        ("2025-12-01", "2025-12-31"),
        ("2026-01-01", "2026-01-15"),
        ("2025-12-01T09:00", "2026-01-01T08:59"),
        ("2026-01-01T09:00", "2026-01-15T09:00"),
    ]


async def test_resume_and_version_4(fake: FakeCoupang, client: CoupangClient) -> None:
    """A saved token resumes the walk; version=4 calls the v4 path with the same shapes."""
    args: dict[str, Any] = {
        "created_at_from": FIRST,
        "created_at_to": LAST,
        "status": "UC",
        "max_per_page": 3,
        "version": 4,
    }
    first = await returns.list_return_requests(client, **args)
    rest = await returns.list_return_requests(client, **args, next_token=first.next_token).to_list()
    assert [r.receipt_id for r in [*first.items, *rest]] == stored(
        fake, lambda r: r["receiptStatus"] in UC
    )
    assert {r.path.split("/")[6] for r in fake.requests} == {"v4"}


async def test_empty_results() -> None:
    """An account without returns answers one empty page."""
    fake = FakeCoupang(today=LAST, products=0, requests_per_second=None)
    async with fake.client(requests_per_second=None) as client:
        page = await returns.list_return_requests(
            client, created_at_from=FIRST, created_at_to=LAST, status="UC"
        )
    assert page.items == []
    assert page.next_token is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": None}, "status"),
        ({"status": "RETURN"}, "status"),
        ({"cancel_type": "CANCEL"}, "cancel_type"),
        ({"status": None, "order_id": 1, "cancel_type": "CANCEL"}, "cancel_type"),
        ({"status": None, "cancel_type": "RETURN"}, "cancel_type"),
        ({"order_id": 0}, "order_id"),
        ({"order_id": "123"}, "order_id"),
        ({"order_id": True}, "order_id"),
        (
            {
                "order_id": 123,
                "created_at_from": dt.datetime(2026, 1, 9, tzinfo=KST),
                "created_at_to": dt.datetime(2026, 1, 10, tzinfo=KST),
            },
            "order_id",
        ),
        ({"created_at_from": dt.datetime(2026, 1, 9)}, "created_at_from"),
        ({"created_at_to": "2026-01-15"}, "created_at_to"),
        ({"max_per_page": 51}, "max_per_page"),
        ({"version": 5}, "version"),
        ({"next_token": "1999-01-01~"}, "next_token"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """Missing or conflicting filters, bad codes, ids, windows and tokens name the field."""
    args: dict[str, Any] = {
        "created_at_from": FIRST,
        "created_at_to": LAST,
        "status": "UC",
        **kwargs,
    }
    with pytest.raises(InvalidInputError) as info:
        returns.list_return_requests(client, **args)
    assert info.value.field == field
    assert len(fake.requests) == 0


# -- the wire (respx) ------------------------------------------------------------------------------

V4_PATH = f"{OPENAPI}/v4/vendors/{VENDOR_ID}/returnRequests"
V6_PATH = f"{OPENAPI}/v6/vendors/{VENDOR_ID}/returnRequests"


async def test_reference_signing_vector() -> None:
    """The reference's returnRequests example is sent and signed as Coupang's own sample does."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V4_PATH).mock(
            return_value=httpx.Response(200, json={"code": 200, "message": "OK", "data": []})
        )
        async with make_client(clock=lambda: FIXED_NOW) as client:
            await returns.list_return_requests(
                client,
                created_at_from=dt.date(2018, 8, 9),
                created_at_to=dt.date(2018, 8, 9),
                status="UC",
                version=4,
            )
    request = route.calls.last.request
    query = "createdAtFrom=2018-08-09&createdAtTo=2018-08-09&status=UC&maxPerPage=50"
    assert request.url.raw_path == f"{V4_PATH}?{query}".encode()
    expected = seed_signature(SECRET_KEY, "180809T010203Z", "GET", V4_PATH, query)
    assert request.headers["Authorization"].endswith(f"signature={expected}")
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])


async def test_v6_time_frame_query_matches_the_documented_example() -> None:
    """Minute windows go out as in Coupang's v6 example URL, signed over those bytes."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(V6_PATH).mock(
            return_value=httpx.Response(200, json={"code": 200, "message": "OK", "data": []})
        )
        async with make_client() as client:
            await returns.list_return_requests(
                client,
                created_at_from=dt.datetime(2017, 8, 27, 11, 0, tzinfo=KST),
                created_at_to=dt.datetime(2017, 9, 3, 11, 0, tzinfo=KST),
                status=ReturnStatus.UC,
            )
    request = route.calls.last.request
    assert (
        request.url.raw_path
        == (
            f"{V6_PATH}?searchType=timeFrame&createdAtFrom=2017-08-27T11:00"
            "&createdAtTo=2017-09-03T11:00&status=UC"
        ).encode()
    )
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])
    assert request.headers["X-EXTENDED-TIMEOUT"] == "60000"


async def test_reference_sample_is_read_losslessly() -> None:
    """The §7.2 sample decodes to a typed ReturnRequest that unstructures to the same JSON."""
    sample = json.loads((DATA / "ref_7_2_return_requests.json").read_text(encoding="utf-8"))
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        router.get(V6_PATH).mock(return_value=httpx.Response(200, json=sample))
        async with make_client() as client:
            page = await returns.list_return_requests(
                client,
                created_at_from=dt.date(2017, 9, 2),
                created_at_to=dt.date(2017, 9, 2),
                status="UC",
            )
    (request,) = page.items
    assert page.next_token is None
    assert converter.unstructure(request) == sample["data"][0]
    assert request.receipt_status is ReceiptStatus.RETURNS_UNCHECKED
    assert request.fault_by_type is FaultType.VENDOR
    assert request.enclose_amount == 0
    assert (request.return_deliveries or [])[0].delivery_company_code == "CJGLS"


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (2500, Decimal(2500)),
        ("2500", Decimal(2500)),
        (2500.0, Decimal(2500)),
        ({"currencyCode": "KRW", "units": 2500, "nanos": 0}, Decimal(2500)),
        ({"currencyCode": "USD", "units": 1, "nanos": 250_000_000}, Decimal("1.25")),
        (None, None),
        ("abc", None),
        ({"currencyCode": "KRW"}, None),
        (True, None),
    ],
)
def test_enclose_price_is_read_in_any_spelling(value: Any, amount: Decimal | None) -> None:
    """enclosePrice is kept as sent and read as a Decimal from a number, text or money object."""
    payload = {"receiptId": 1, "orderId": 2, "enclosePrice": value}  # the ids are required
    request = converter.structure(payload, ReturnRequest)
    assert request.enclose_amount == amount
    assert converter.unstructure(request) == payload
