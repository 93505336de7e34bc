"""The product listing paginator end to end: filters, paging, resume, faults and the token guard."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from coupang_async import (
    CoupangClient,
    InvalidInputError,
    PaginationError,
    ServerError,
    converter,
)
from coupang_async import products as p
from coupang_async.models import ProductStatus, ProductSummary
from coupang_async.testing import FakeCoupang, Fault
from coupang_async.testing._store import Product as StoredProduct
from tests.helpers import BASE_URL, FAST_RETRY, make_client

pytestmark = pytest.mark.both_backends

PRODUCTS = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 90 products (every status, Rocket Growth, violations) and no rate limit."""
    return FakeCoupang(products=90, seed=11, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced, retrying without waiting."""
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        yield client


def _ids(summaries: list[ProductSummary]) -> list[int | Any]:
    return [summary.seller_product_id for summary in summaries]


def _expected(fake: FakeCoupang, keep: Callable[[StoredProduct], bool]) -> list[int]:
    vendor = fake.vendor()
    return [pid for pid in vendor.product_ids if keep(vendor.products[pid])]


def _marketplace(product: StoredProduct) -> bool:
    return product.is_marketplace


def _listing_params(fake: FakeCoupang) -> list[list[tuple[str, str]]]:
    return [r.params for r in fake.requests.filter("GET", PRODUCTS)]


async def test_nothing_is_sent_until_used(fake: FakeCoupang, client: CoupangClient) -> None:
    """list_products is a plain call: the first request goes out on await or iteration."""
    pager = p.list_products(client, status="APPROVED")
    assert len(fake.requests) == 0
    page = await pager
    assert len(fake.requests) == 1
    assert all(summary.status is ProductStatus.APPROVED for summary in page.items)


async def test_walks_every_product_across_pages(fake: FakeCoupang, client: CoupangClient) -> None:
    """A walk in pages of 7 yields every listed product once, in order, one request per page."""
    pager = p.list_products(client, max_per_page=7)
    seen = [summary async for summary in pager]
    expected = _expected(fake, _marketplace)
    assert _ids(seen) == expected
    assert len(fake.requests) == -(-len(expected) // 7)
    # Typed, and lossless: each item unstructures to exactly what the gateway sent.
    stored = fake.vendor().products[expected[0]].summary()
    assert converter.unstructure(seen[0]) == stored


async def test_first_page_request_on_the_wire(fake: FakeCoupang, client: CoupangClient) -> None:
    """The first request carries vendorId and maxPerPage (not the doc's masPerPage), no token."""
    await p.list_products(client)
    assert _listing_params(fake) == [[("vendorId", fake.vendor_id), ("maxPerPage", "100")]]


async def test_pages_carry_tokens(fake: FakeCoupang, client: CoupangClient) -> None:
    """pages() yields pages whose token fetched them and whose next_token fetches the next."""
    pages = [page async for page in p.list_products(client, max_per_page=20).pages()]
    assert pages[0].token is None
    for before, after in itertools.pairwise(pages):
        assert after.token == before.next_token
    assert pages[-1].next_token is None
    assert pages[-1].raw["nextToken"] == ""
    sent_tokens = [dict(params).get("nextToken") for params in _listing_params(fake)]
    assert sent_tokens == [page.token for page in pages]


async def test_resume_from_a_saved_token(fake: FakeCoupang, client: CoupangClient) -> None:
    """A walk stopped after two pages resumes from the saved token with nothing lost or repeated."""
    first: list[ProductSummary] = []
    saved = None
    async for page in p.list_products(client, status="APPROVED", max_per_page=5).pages():
        first.extend(page.items)
        if len(first) == 10:
            saved = page.next_token
            break
    assert saved is not None
    rest = [
        s
        async for s in p.list_products(client, status="APPROVED", max_per_page=5, next_token=saved)
    ]
    expected = _expected(fake, lambda q: q.is_marketplace and q.status == "APPROVED")
    assert _ids(first + rest) == expected


async def test_resume_after_retries_run_out_mid_walk(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """503s outlasting the retries stop the walk at page 3; resuming there finishes it exactly."""
    rule = fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, skip=2, times=3)
    got: list[ProductSummary] = []
    saved: list[str | None] = []

    async def walk() -> None:
        async for page in p.list_products(client, max_per_page=10).pages():
            got.extend(page.items)
            saved.append(page.next_token)

    with pytest.raises(ServerError):
        await walk()
    assert rule.fired == 3  # the default policy: three attempts, then the error
    assert len(got) == 20
    rest = [s async for s in p.list_products(client, max_per_page=10, next_token=saved[-1])]
    assert _ids(got + rest) == _expected(fake, _marketplace)


async def test_max_pages_caps_the_walk(fake: FakeCoupang, client: CoupangClient) -> None:
    """max_pages stops after that many pages, leaving the token to continue from."""
    pages = [page async for page in p.list_products(client, max_per_page=4, max_pages=2).pages()]
    assert [len(page) for page in pages] == [4, 4]
    assert pages[-1].next_token is not None
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ProductStatus.DENIED, "DENIED"),
        ("APPROVED", "APPROVED"),
        ("approved", "APPROVED"),
        ("임시저장", "SAVED"),
        ("DELETED", "DELETED"),
    ],
)
async def test_status_filter(
    fake: FakeCoupang, client: CoupangClient, status: Any, code: str
) -> None:
    """A status given as enum, code (any case) or Korean label is sent as the code and filters."""
    seen = [s async for s in p.list_products(client, status=status, max_per_page=3)]
    expected = _expected(fake, lambda q: q.is_marketplace and q.status == code)
    assert expected
    assert _ids(seen) == expected
    assert all(("status", code) in params for params in _listing_params(fake))


async def test_name_prefix_filter(fake: FakeCoupang, client: CoupangClient) -> None:
    """sellerProductName filters by name prefix, Korean included, across pages."""
    names = [
        fake.vendor().products[pid].doc["sellerProductName"] for pid in fake.seller_product_ids()
    ]
    prefix = max(
        {name.split()[0] for name in names}, key=lambda w: sum(n.startswith(w) for n in names)
    )
    seen = [s async for s in p.list_products(client, seller_product_name=prefix, max_per_page=2)]
    expected = _expected(
        fake, lambda q: q.is_marketplace and q.doc["sellerProductName"].startswith(prefix)
    )
    assert len(expected) > 2
    assert _ids(seen) == expected
    assert ("sellerProductName", prefix) in _listing_params(fake)[0]


async def test_id_filter(fake: FakeCoupang, client: CoupangClient) -> None:
    """sellerProductId lists exactly that product."""
    spid = fake.seller_product_ids("APPROVED")[3]
    page = await p.list_products(client, seller_product_id=spid)
    assert _ids(list(page.items)) == [spid]
    assert page.next_token is None


async def test_manufacture_filter(fake: FakeCoupang, client: CoupangClient) -> None:
    """manufacture keeps the products of that manufacturer only."""
    maker = fake.vendor().products[fake.seller_product_ids()[0]].doc["manufacture"]
    seen = [s async for s in p.list_products(client, manufacture=maker, max_per_page=1)]
    expected = _expected(fake, lambda q: q.is_marketplace and q.doc.get("manufacture") == maker)
    assert _ids(seen) == expected


async def test_created_at_filter_sends_a_day(fake: FakeCoupang, client: CoupangClient) -> None:
    """created_at is a date sent as yyyy-MM-dd and selects that whole day."""
    spid = fake.seller_product_ids()[5]
    day = dt.date.fromisoformat(fake.vendor().products[spid].created_at[:10])
    page = await p.list_products(client, created_at=day)
    expected = _expected(fake, lambda q: q.is_marketplace and q.created_at.startswith(str(day)))
    assert spid in expected
    assert _ids(list(page.items)) == expected
    assert ("createdAt", day.isoformat()) in _listing_params(fake)[0]


async def test_rocket_growth_listing(fake: FakeCoupang, client: CoupangClient) -> None:
    """businessTypes=rocketGrowth lists Rocket Growth and hybrid products with per-channel ids."""
    seen = [s async for s in p.list_products(client, business_types="rocketGrowth", max_per_page=3)]
    expected = _expected(fake, lambda q: q.is_rocket_growth)
    assert _ids(seen) == expected
    assert ("businessTypes", "rocketGrowth") in _listing_params(fake)[0]
    rfm = next(s for s in seen if s.registration_type == "RFM")
    assert rfm.items
    assert rfm.items[0].market_place_item is None
    assert rfm.items[0].rocket_growth_item
    assert isinstance(rfm.items[0].rocket_growth_item.vendor_item_id, int)
    hybrid = next(s for s in seen if s.registration_type == "NORMAL")
    assert hybrid.items
    assert hybrid.items[0].market_place_item
    assert hybrid.items[0].rocket_growth_item


async def test_violation_filters(fake: FakeCoupang, client: CoupangClient) -> None:
    """violationTypes repeat the key; two or more need violationTypeAndOr."""
    seen = [
        s
        async for s in p.list_products(
            client, violation_types=["ATTR", "NO_VA_V2"], violation_type_and_or="OR"
        )
    ]
    wanted = {"ATTR", "NO_VA_V2"}
    expected = _expected(fake, lambda q: q.is_marketplace and bool(q.violations & wanted))
    assert expected
    assert _ids(seen) == expected
    params = _listing_params(fake)[0]
    assert ("violationTypes", "ATTR") in params
    assert ("violationTypes", "NO_VA_V2") in params
    assert ("violationTypeAndOr", "OR") in params


async def test_every_filter_together(fake: FakeCoupang, client: CoupangClient) -> None:
    """All filters at once are all sent, and the gateway's answer is walked to its end."""
    target = fake.vendor().products[fake.seller_product_ids("APPROVED")[0]]
    pager = p.list_products(
        client,
        status=ProductStatus.APPROVED,
        seller_product_name=target.doc["sellerProductName"][:20],
        seller_product_id=target.id,
        manufacture=target.doc["manufacture"],
        created_at=dt.date.fromisoformat(target.created_at[:10]),
        max_per_page=1,
    )
    assert _ids([s async for s in pager]) == [target.id]
    keys = [key for key, _ in _listing_params(fake)[0]]
    assert keys == [
        "vendorId",
        "status",
        "sellerProductName",
        "sellerProductId",
        "manufacture",
        "createdAt",
        "maxPerPage",
    ]


@pytest.mark.parametrize("size", [1, 100])
async def test_page_size_bounds_accepted(
    fake: FakeCoupang, client: CoupangClient, size: int
) -> None:
    """1 and 100 are valid page sizes."""
    page = await p.list_products(client, max_per_page=size)
    assert len(page) == min(size, len(_expected(fake, _marketplace)))
    assert ("maxPerPage", str(size)) in _listing_params(fake)[0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_per_page": 0}, "max_per_page"),
        ({"max_per_page": 101}, "max_per_page"),
        ({"max_per_page": True}, "max_per_page"),
        ({"max_per_page": "50"}, "max_per_page"),
        ({"seller_product_name": "가" * 21}, "seller_product_name"),
        ({"seller_product_name": ""}, "seller_product_name"),
        ({"seller_product_name": 12}, "seller_product_name"),
        ({"status": "APPROVE"}, "status"),
        ({"status": 3}, "status"),
        ({"seller_product_id": 0}, "seller_product_id"),
        ({"seller_product_id": "12"}, "seller_product_id"),
        ({"manufacture": " "}, "manufacture"),
        ({"created_at": "2024-06-27"}, "created_at"),
        ({"created_at": dt.datetime(2024, 6, 27, 10)}, "created_at"),
        ({"business_types": "ROCKET_GROWTH"}, "business_types"),
        ({"business_types": []}, "business_types"),
        ({"violation_types": ["ATTR", "XYZ"]}, "violation_types"),
        ({"violation_types": ["ATTR", "MOTA_V2"]}, "violation_type_and_or"),
        ({"violation_types": "ATTR", "violation_type_and_or": "XOR"}, "violation_type_and_or"),
        ({"next_token": 1.5}, "next_token"),
        ({"max_pages": 0}, "max_pages"),
        ({"max_pages": "2"}, "max_pages"),
    ],
)
async def test_bad_arguments_are_refused_at_once(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """A bad filter raises InvalidInputError naming it, when list_products is called."""
    with pytest.raises(InvalidInputError) as info:
        p.list_products(client, **kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert len(fake.requests) == 0


async def test_name_longer_than_twenty_characters_message(client: CoupangClient) -> None:
    """The 20-character limit of the name filter is explained in the error."""
    with pytest.raises(InvalidInputError, match="at most 20 characters, got 21"):
        p.list_products(client, seller_product_name="a" * 21)


# --- wire-level details (respx) -------------------------------------------------------------------


def _page(ids: list[int], token: object) -> httpx.Response:
    data = [{"sellerProductId": i, "sellerProductName": f"상품 {i}"} for i in ids]
    return httpx.Response(
        200, json={"code": "SUCCESS", "message": "", "nextToken": token, "data": data}
    )


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
async def test_token_with_leading_space_is_sent_trimmed(respx_mock: Any) -> None:
    """The Rocket Growth doc's token " 30100307028" is passed back as 30100307028."""
    route = respx_mock.get(PRODUCTS).mock(
        side_effect=[_page([1, 2], " 30100307028"), _page([3], "")]
    )
    async with make_client() as client:
        seen = [s async for s in p.list_products(client, business_types="rocketGrowth")]
    assert _ids(seen) == [1, 2, 3]
    assert route.calls[1].request.url.params["nextToken"] == "30100307028"


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
@pytest.mark.parametrize("last", ["", None, "missing"])
async def test_stops_on_empty_null_or_missing_token(respx_mock: Any, last: object) -> None:
    """The walk ends when the token is "", null or absent."""
    final = _page([2], last)
    if last == "missing":
        body = final.json()
        del body["nextToken"]
        final = httpx.Response(200, json=body)
    route = respx_mock.get(PRODUCTS).mock(side_effect=[_page([1], "2"), final])
    async with make_client() as client:
        seen = [s async for s in p.list_products(client)]
    assert _ids(seen) == [1, 2]
    assert route.call_count == 2


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
async def test_repeated_token_raises_instead_of_looping(respx_mock: Any) -> None:
    """A gateway that hands back a token it gave before raises PaginationError after its pages."""
    route = respx_mock.get(PRODUCTS).mock(
        side_effect=[_page([1], "2"), _page([2], "3"), _page([3], "2")]
    )
    seen: list[ProductSummary] = []

    async def walk(client: CoupangClient) -> None:
        async for summary in p.list_products(client):
            seen.append(summary)

    async with make_client() as client:
        with pytest.raises(PaginationError, match="'2' again"):
            await walk(client)
    assert _ids(seen) == [1, 2, 3]  # every page that arrived was delivered
    assert route.call_count == 3


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
async def test_null_data_is_an_empty_page(respx_mock: Any) -> None:
    """A last page whose data is null yields no items instead of failing."""
    respx_mock.get(PRODUCTS).mock(
        return_value=httpx.Response(200, json={"code": "SUCCESS", "nextToken": "", "data": None})
    )
    async with make_client() as client:
        page = await p.list_products(client)
    assert list(page.items) == []
    assert page.next_token is None
