"""logistics: outbound places (bare body) and return centers (data.content), page numbers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from coupang_async import CoupangClient, InvalidInputError, PaginationError, logistics
from coupang_async.models import (
    AddressType,
    OutboundShippingPlace,
    ReturnCenter,
    converter,
    parse_timestamp,
)
from coupang_async.testing import FakeCoupang

from .helpers import BASE_URL, VENDOR_ID, make_client, verify_on_server

pytestmark = pytest.mark.both_backends

DATA = Path(__file__).parent / "models" / "data"
OUTBOUND = "/v2/providers/marketplace_openapi/apis/api/v2/vendor/shipping-place/outbound"
CENTERS = f"/v2/providers/openapi/apis/api/v5/vendors/{VENDOR_ID}/returnShippingCenters"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 5 shipping places and 3 return centers."""
    return FakeCoupang(requests_per_second=None, shipping_places=5, return_centers=3)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def sent(fake: FakeCoupang) -> list[dict[str, str]]:
    """The decoded query of every request the fake received, in order."""
    return [dict(r.params) for r in fake.requests]


@pytest.mark.parametrize("version", [1, 2])
async def test_outbound_places_page_by_number_to_the_last_page(
    fake: FakeCoupang, client: CoupangClient, version: Any
) -> None:
    """pageNum counts up until currentPage reaches totalPages; tokens are page numbers."""
    pages = [
        p
        async for p in logistics.list_outbound_shipping_places(
            client, max_per_page=2, version=version
        ).pages()
    ]
    assert [p.token for p in pages] == [None, "2", "3"]
    assert [p.next_token for p in pages] == ["2", "3", None]
    assert [x.outbound_shipping_place_code for p in pages for x in p.items] == [
        p["outboundShippingPlaceCode"] for p in fake.vendor().shipping_places
    ]
    assert sent(fake) == [{"pageNum": str(n), "pageSize": "2"} for n in (1, 2, 3)]
    assert {r.path.split("/")[6] for r in fake.requests} == {f"v{version}"}
    place = pages[0].items[0]
    assert isinstance(place, OutboundShippingPlace)
    assert place.outbound_shipping_place_code == 74010
    assert (place.place_addresses or [])[0].address_type is AddressType.JIBUN
    assert (place.remote_infos or [])[0].jeju_fee == 5000
    assert set(pages[0].raw) == {"content", "pagination"}


@pytest.mark.parametrize("version", [4, 5])
async def test_return_centers_page_by_number(
    fake: FakeCoupang, client: CoupangClient, version: Any
) -> None:
    """Return centers come in data.content and page the same way."""
    centers = await logistics.list_return_centers(client, max_per_page=1, version=version).to_list()
    assert [c.return_center_code for c in centers] == [
        c["returnCenterCode"] for c in fake.vendor().return_centers
    ]
    assert len(fake.requests) == 3
    center = centers[0]
    assert isinstance(center, ReturnCenter)
    assert center.return_center_code == "1000274592"
    assert isinstance(center.created_at, int)
    created = parse_timestamp(center.created_at)
    assert created is not None
    assert created.year >= 2021
    assert center.return_fee_05kg in (2500, 3000)
    assert f"/v{version}/vendors/{fake.vendor_id}/returnShippingCenters" in fake.requests[0].path


async def test_default_page_size_fetches_everything_at_once(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """With the default page size of 50 a typical seller needs one request."""
    places = await logistics.list_outbound_shipping_places(client).to_list()
    assert len(places) == 5
    assert sent(fake) == [{"pageNum": "1", "pageSize": "50"}]


async def test_resume_from_a_page_number(fake: FakeCoupang, client: CoupangClient) -> None:
    """next_token="2" starts at page 2."""
    rest = await logistics.list_return_centers(client, max_per_page=2, next_token="2").to_list()
    assert [c.return_center_code for c in rest] == [
        fake.vendor().return_centers[2]["returnCenterCode"]
    ]
    assert sent(fake) == [{"pageNum": "2", "pageSize": "2"}]


async def test_empty_listings() -> None:
    """No places and no centers: one request each, no items, no next page."""
    fake = FakeCoupang(requests_per_second=None, shipping_places=0, return_centers=0)
    async with fake.client(requests_per_second=None) as client:
        page = await logistics.list_outbound_shipping_places(client)
        centers = await logistics.list_return_centers(client).to_list()
    assert page.items == []
    assert page.next_token is None
    assert centers == []
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_per_page": 0}, "max_per_page"),
        ({"max_per_page": 51}, "max_per_page"),
        ({"max_per_page": 2.0}, "max_per_page"),
        ({"max_pages": 0}, "max_pages"),
        ({"next_token": "0"}, "next_token"),
        ({"next_token": "two"}, "next_token"),
        ({"next_token": "2026-01-09~"}, "next_token"),
        ({"next_token": 2}, "next_token"),
        ({"version": 3}, "version"),
    ],
)
async def test_bad_arguments(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """Bad sizes, tokens and versions raise InvalidInputError naming the field."""
    with pytest.raises(InvalidInputError) as info:
        logistics.list_outbound_shipping_places(client, **kwargs)
    assert info.value.field == field
    if field != "version":
        with pytest.raises(InvalidInputError):
            logistics.list_return_centers(client, **kwargs)
    assert len(fake.requests) == 0


async def test_page_size_is_a_deprecated_alias(fake: FakeCoupang, client: CoupangClient) -> None:
    """The former spelling page_size= still works, with a DeprecationWarning at the caller."""
    with pytest.warns(DeprecationWarning, match="max_per_page") as caught:
        pager = logistics.list_outbound_shipping_places(client, page_size=2)
    assert caught[0].filename == __file__
    await pager
    assert sent(fake) == [{"pageNum": "1", "pageSize": "2"}]
    with (
        pytest.warns(DeprecationWarning, match="page_size"),
        pytest.raises(InvalidInputError) as info,
    ):
        logistics.list_return_centers(client, page_size=51)
    assert info.value.field == "page_size"
    with (
        pytest.warns(DeprecationWarning, match="page_size"),
        pytest.raises(InvalidInputError, match="not both"),
    ):
        logistics.list_return_centers(client, page_size=2, max_per_page=3)


async def test_wire_and_reference_samples() -> None:
    """Both bodies of §6.3/§6.4 decode losslessly; the queries are signed as sent."""
    places = json.loads((DATA / "ref_6_3_outbound_places.json").read_text(encoding="utf-8"))
    centers = json.loads((DATA / "ref_6_4_return_centers.json").read_text(encoding="utf-8"))
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        outbound = router.get(OUTBOUND).mock(return_value=httpx.Response(200, json=places))
        returns = router.get(CENTERS).mock(return_value=httpx.Response(200, json=centers))
        async with make_client() as client:
            place_page = await logistics.list_outbound_shipping_places(client)
            center_page = await logistics.list_return_centers(client)
    for route in (outbound, returns):
        request = route.calls.last.request
        assert request.url.query == b"pageNum=1&pageSize=50"
        assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])
        assert "X-EXTENDED-TIMEOUT" not in request.headers
    assert [converter.unstructure(p) for p in place_page.items] == places["content"]
    assert [converter.unstructure(c) for c in center_page.items] == centers["data"]["content"]
    assert place_page.next_token is None
    assert center_page.next_token is None
    assert center_page.items[0].vendor_credit_fee_05kg == 2500


@pytest.mark.parametrize(
    "body",
    [
        {"content": [], "pagination": {"currentPage": 1, "totalPages": 0}},
        {"content": []},
        {"content": [], "pagination": None},
        {"code": 200, "message": "SUCCESS", "data": None},
    ],
)
async def test_missing_pagination_ends_the_walk(body: dict[str, Any]) -> None:
    """No totalPages, no pagination block or null data: the walk stops after that page."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.get(OUTBOUND).mock(return_value=httpx.Response(200, json=body))
        async with make_client() as client:
            assert await logistics.list_outbound_shipping_places(client).to_list() == []
    assert route.call_count == 1


async def test_a_stuck_current_page_raises() -> None:
    """A gateway that keeps answering page 1 of 3 raises PaginationError instead of looping."""
    body = {"content": [], "pagination": {"currentPage": 1, "totalPages": 3}}
    with respx.mock(base_url=BASE_URL) as router:
        router.get(OUTBOUND).mock(return_value=httpx.Response(200, json=body))
        async with make_client() as client:
            with pytest.raises(PaginationError):
                await logistics.list_outbound_shipping_places(client).to_list()
