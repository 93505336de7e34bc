"""exchanges.list_exchange_requests: FakeCoupang (paging, 7-day chunks, filters) and respx."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from coupang_async import CoupangClient, InvalidInputError, exchanges
from coupang_async.models import (
    KST,
    ExchangeRequest,
    ExchangeStatus,
    OrderStatus,
    converter,
)
from coupang_async.testing import FakeCoupang

from .helpers import BASE_URL, VENDOR_ID, make_client, verify_on_server

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).parent / "models" / "data"
FIRST, LAST = dt.date(2026, 1, 9), dt.date(2026, 1, 15)
PATH = f"/v2/providers/openapi/apis/api/v4/vendors/{VENDOR_ID}/exchangeRequests"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with enough delivered orders for more than ten exchange requests."""
    return FakeCoupang(today=LAST, products=80, seed=2, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def stored(fake: FakeCoupang, **equal: Any) -> list[int]:
    """exchangeIds of the fake's exchange requests whose fields equal ``equal``."""
    return [
        int(r["exchangeId"])
        for r in fake.vendor().exchange_requests.rows
        if all(r[k] == v for k, v in equal.items())
    ]


def sent(fake: FakeCoupang) -> list[dict[str, str]]:
    """The decoded query of every exchangeRequests call the fake received, in order."""
    return [dict(r.params) for r in fake.requests if r.path.endswith("/exchangeRequests")]


async def test_pages_of_ten_to_the_last_page(fake: FakeCoupang, client: CoupangClient) -> None:
    """The default page is the gateway's 10; the walk ends on the empty token with every request."""
    pages = [
        p
        async for p in exchanges.list_exchange_requests(
            client, created_at_from=FIRST, created_at_to=LAST
        ).pages()
    ]
    expected = stored(fake)
    assert len(expected) > 10
    assert [e.exchange_id for p in pages for e in p.items] == expected
    assert len(pages[0].items) == 10
    assert pages[-1].next_token is None
    assert {q["maxPerPage"] for q in sent(fake)} == {"10"}
    assert sent(fake)[0]["createdAtFrom"] == "2026-01-09T00:00:00"
    assert sent(fake)[0]["createdAtTo"] == "2026-01-15T23:59:59"
    exchange = pages[0].items[0]
    assert isinstance(exchange, ExchangeRequest)
    assert isinstance(exchange.exchange_status, ExchangeStatus)
    assert exchange.order_delivery_status_code is OrderStatus.FINAL_DELIVERY
    assert exchange.collect_information
    assert exchange.collect_information.items
    assert exchange.collect_information.items[0].modified_at == exchange.created_at
    assert (exchange.items or [])[0].original_shipment_box_id


async def test_windows_over_7_days_are_split(fake: FakeCoupang, client: CoupangClient) -> None:
    """A 27-day window is four consecutive 7-day chunks, each ending a second before the next."""
    found = await exchanges.list_exchange_requests(
        client, created_at_from=dt.date(2025, 12, 20), created_at_to=LAST, max_per_page=50
    ).to_list()
    assert [e.exchange_id for e in found] == stored(fake)
    assert [(q["createdAtFrom"], q["createdAtTo"]) for q in sent(fake)] == [
        ("2025-12-20T00:00:00", "2025-12-26T23:59:59"),
        ("2025-12-27T00:00:00", "2026-01-02T23:59:59"),
        ("2026-01-03T00:00:00", "2026-01-09T23:59:59"),
        ("2026-01-10T00:00:00", "2026-01-15T23:59:59"),
    ]


async def test_resume_in_a_later_chunk(fake: FakeCoupang, client: CoupangClient) -> None:
    """A token taken mid-walk resumes in its chunk and finishes the listing."""
    args: dict[str, Any] = {
        "created_at_from": dt.date(2026, 1, 2),
        "created_at_to": LAST,
        "max_per_page": 4,
    }
    pages = [p async for p in exchanges.list_exchange_requests(client, **args).pages()]
    assert len(pages) > 3
    token = pages[2].token
    assert token is not None
    rest = await exchanges.list_exchange_requests(client, **args, next_token=token).to_list()
    assert rest == [e for p in pages[2:] for e in p.items]


async def test_status_and_order_filters(fake: FakeCoupang, client: CoupangClient) -> None:
    """status and order_id are sent as given and narrow the listing."""
    successes = await exchanges.list_exchange_requests(
        client, created_at_from=FIRST, created_at_to=LAST, status=ExchangeStatus.SUCCESS
    ).to_list()
    assert [e.exchange_id for e in successes] == stored(fake, exchangeStatus="SUCCESS")
    target = fake.vendor().exchange_requests.rows[0]
    mine = await exchanges.list_exchange_requests(
        client, created_at_from=FIRST, created_at_to=LAST, order_id=target["orderId"]
    ).to_list()
    assert [e.exchange_id for e in mine] == stored(fake, orderId=target["orderId"])
    assert sent(fake)[-1]["orderId"] == str(target["orderId"])


async def test_aware_datetimes_go_out_as_kst_seconds(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Datetime bounds are converted to KST and floored to the second."""
    low = dt.datetime(2026, 1, 11, 3, 0, 0, 999_999, tzinfo=dt.UTC)
    await exchanges.list_exchange_requests(
        client, created_at_from=low, created_at_to=low + dt.timedelta(hours=30)
    )
    query = sent(fake)[0]
    assert (query["createdAtFrom"], query["createdAtTo"]) == (
        "2026-01-11T12:00:00",
        "2026-01-12T18:00:00",
    )


async def test_empty_results() -> None:
    """An account without exchanges answers one empty page."""
    fake = FakeCoupang(today=LAST, products=0, requests_per_second=None)
    async with fake.client(requests_per_second=None) as client:
        pager = exchanges.list_exchange_requests(client, created_at_from=FIRST, created_at_to=LAST)
        assert await pager.to_list() == []
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "DONE"}, "status"),
        ({"status": 1}, "status"),
        ({"order_id": -5}, "order_id"),
        ({"max_per_page": 0}, "max_per_page"),
        ({"created_at_from": dt.datetime(2026, 1, 9, 0, 0)}, "created_at_from"),
        ({"created_at_to": dt.datetime(2026, 1, 15, tzinfo=KST)}, "created_at_to"),
        ({"created_at_from": LAST, "created_at_to": FIRST}, "created_at_to"),
        ({"extended_timeout": -1.0}, "extended_timeout"),
        ({"next_token": "2026-01-09T00:00~"}, "next_token"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """Bad statuses, ids, sizes, windows and tokens raise InvalidInputError naming the field."""
    args: dict[str, Any] = {"created_at_from": FIRST, "created_at_to": LAST, **kwargs}
    with pytest.raises(InvalidInputError) as info:
        exchanges.list_exchange_requests(client, **args)
    assert info.value.field == field
    assert len(fake.requests) == 0


async def test_wire_query_signature_and_reference_sample() -> None:
    """The query is sent and signed byte for byte; the §7.3 sample decodes losslessly."""
    sample = json.loads((DATA / "ref_7_3_exchange_requests.json").read_text(encoding="utf-8"))
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(PATH).mock(return_value=httpx.Response(200, json=sample))
        async with make_client() as client:
            page = await exchanges.list_exchange_requests(
                client,
                created_at_from=dt.datetime(2018, 3, 5, 10, 0, tzinfo=KST),
                created_at_to=dt.datetime(2018, 3, 5, 11, 0, tzinfo=KST),
                status="PROGRESS",
                order_id=11000013144262,
            )
    request = route.calls.last.request
    assert (
        request.url.raw_path
        == (
            f"{PATH}?createdAtFrom=2018-03-05T10:00:00&createdAtTo=2018-03-05T11:00:00"
            "&status=PROGRESS&orderId=11000013144262&maxPerPage=10"
        ).encode()
    )
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])
    assert request.headers["X-EXTENDED-TIMEOUT"] == "60000"
    (exchange,) = page.items
    assert page.next_token is None
    assert converter.unstructure(exchange) == sample["data"][0]
    assert exchange.exchange_status is ExchangeStatus.PROGRESS
    assert exchange.address
    assert exchange.address.delivery_customer_name == "이인용"
    info = exchange.collect_information
    assert info
    assert info.destination
    assert info.destination.return_center_code == "1000276167"
    assert info.items
    assert info.items[0].modified_at == "2018-03-05T10:54:41"
