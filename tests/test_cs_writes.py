"""Logistics writes, display-category reads and coupon jobs against the fake."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import attrs
import pytest

from coupang_async import (
    BadRequestError,
    BusinessError,
    CoupangClient,
    InvalidInputError,
    ItemStatus,
    NotFoundError,
    categories,
    coupons,
    logistics,
)
from coupang_async.models import (
    KST,
    CouponJobStatus,
    CouponJobType,
    CouponStatus,
    DisplayCategory,
    DownloadCouponPolicy,
    GoodsflowInfo,
    PlaceAddress,
    RemoteInfo,
    ShippingPlaceRequest,
)
from coupang_async.testing import FakeCoupang
from coupang_async.testing._coupons import CouponState
from coupang_async.testing._coupons import coupons as coupon_state

pytestmark = pytest.mark.both_backends


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with a small catalogue (coupons need approved vendor items)."""
    return FakeCoupang(products=15, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def body_of(fake: FakeCoupang) -> Any:
    """The JSON body of the last request."""
    assert fake.requests.last is not None
    return json.loads(fake.requests.last.body)


# -- logistics writes ---------------------------------------------------------------------------


def address(**changes: Any) -> PlaceAddress:
    """A valid JIBUN address, with changes."""
    fields: dict[str, Any] = {
        "address_type": "JIBUN",
        "country_code": "KR",
        "company_contact_number": "02-1234-5678",
        "phone_number2": "010-1234-5678",
        "return_zip_code": "10516",
        "return_address": "경기도 파주시 탄현면 월롱산로",
        "return_address_detail": "294-58",
    }
    fields.update(changes)
    return PlaceAddress(**fields)


def place(**changes: Any) -> ShippingPlaceRequest:
    """A valid outbound place request, with changes."""
    fields: dict[str, Any] = {
        "user_id": "fakeseller",
        "shipping_place_name": "새 출고지",
        "place_addresses": [address()],
        "remote_infos": [RemoteInfo(delivery_code="CJGLS", jeju_fee=5000, not_jeju_fee=2500)],
    }
    fields.update(changes)
    return ShippingPlaceRequest(**fields)


def goods(**changes: Any) -> GoodsflowInfo:
    """A valid courier contract with all twelve rates."""
    fees = {
        f"{p}_{w}": 2500
        for p in ("vendor_credit_fee", "vendor_cash_fee", "consumer_cash_fee", "return_fee")
        for w in ("05kg", "10kg", "20kg")
    }
    fields: dict[str, Any] = {"deliver_code": "CJGLS", "contract_number": "85500067", **fees}
    fields.update(changes)
    return GoodsflowInfo(**fields)


async def test_create_an_outbound_place_then_list_and_update_it(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The new code comes back as an int, the place is listed; an update changes its name."""
    code = await logistics.create_outbound_shipping_place(client, place())
    sent = body_of(fake)
    assert sent["vendorId"] == fake.vendor_id
    assert sent["userId"] == "fakeseller"
    assert sent["remoteInfos"] == [{"deliveryCode": "CJGLS", "jeju": 5000, "notJeju": 2500}]
    assert fake.requests.last is not None
    assert fake.requests.last.path.endswith(f"/v5/vendors/{fake.vendor_id}/outboundShippingCenters")
    listed = await logistics.list_outbound_shipping_places(client).to_list()
    assert code in [p.outbound_shipping_place_code for p in listed]
    await logistics.update_outbound_shipping_place(
        client, code, place(shipping_place_name="바뀐 출고지", remote_infos=None)
    )
    assert body_of(fake)["outboundShippingPlaceCode"] == code
    listed = await logistics.list_outbound_shipping_places(client).to_list()
    assert [p.shipping_place_name for p in listed if p.outbound_shipping_place_code == code] == [
        "바뀐 출고지"
    ]
    assert fake.writes(code) == {"outbound_create": 1, "outbound_update": 1}


async def test_a_fail_result_code_inside_http_200_is_an_error(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A duplicate place: HTTP 200 with resultCode FAIL is a BusinessError, not a success."""
    await logistics.create_outbound_shipping_place(client, place())
    with pytest.raises(BusinessError, match="이미 등록된") as caught:
        await logistics.create_outbound_shipping_place(client, place())
    assert caught.value.code == "FAIL"
    assert caught.value.status_code == 200


A0 = "place.place_addresses[0]"
CJ = RemoteInfo(delivery_code="CJGLS")


def at(**changes: Any) -> ShippingPlaceRequest:
    """A place whose one address has changes."""
    return place(place_addresses=[address(**changes)])


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (place(user_id=""), "place.user_id"),
        (place(shipping_place_name="가" * 51), "place.shipping_place_name"),
        (place(place_addresses=[]), "place.place_addresses"),
        (at(return_zip_code="1234"), A0 + ".return_zip_code"),
        (at(return_zip_code=10516), A0 + ".return_zip_code"),
        (at(company_contact_number="0212345678"), A0 + ".company_contact_number"),
        (at(phone_number2="010-1234-567"), A0 + ".phone_number2"),
        (at(country_code="KOR"), A0 + ".country_code"),
        (at(return_address="가" * 151), A0 + ".return_address"),
        (at(return_address_detail="가" * 201), A0 + ".return_address_detail"),
        (at(address_type="ROAD"), A0 + ".address_type"),
        (at(address_type="ROADNAME"), "place.place_addresses"),
        (place(remote_infos=[CJ, CJ]), "place.remote_infos[1].delivery_code"),
        (place(remote_infos=[attrs.evolve(CJ, jeju_fee=-1)]), "place.remote_infos[0].jeju_fee"),
        (place(usable="yes"), "place.usable"),
        (place(vendor_id="A00099999"), "place.vendor_id"),
        ({"userId": "x"}, "place"),
    ],
)  # fmt: skip
async def test_outbound_place_fields_are_checked_before_sending(
    fake: FakeCoupang, client: CoupangClient, request_: Any, field: str
) -> None:
    """Each documented limit, named by its path in the request; nothing sent."""
    with pytest.raises(InvalidInputError) as caught:
        await logistics.create_outbound_shipping_place(client, request_)
    assert caught.value.field == field
    assert len(fake.requests) == 0


async def test_create_and_update_a_return_center(fake: FakeCoupang, client: CoupangClient) -> None:
    """The new code is a string; the courier contract goes as goodsflowInfoOpenApiDto."""
    center = ShippingPlaceRequest(
        user_id="fakeseller",
        shipping_place_name="새 반품지",
        place_addresses=[address(country_code=None)],
        goodsflow_info_open_api_dto=goods(),
    )
    code = await logistics.create_return_center(client, center)
    assert isinstance(code, str)
    assert code.isdigit()
    assert body_of(fake)["goodsflowInfoOpenApiDto"]["deliverCode"] == "CJGLS"
    listed = await logistics.list_return_centers(client).to_list()
    assert code in [c.return_center_code for c in listed]
    rates = GoodsflowInfo(return_fee_05kg=3000)
    await logistics.update_return_center(
        client, code, attrs.evolve(center, goodsflow_info_open_api_dto=rates)
    )
    assert body_of(fake)["returnCenterCode"] == code
    listed = await logistics.list_return_centers(client).to_list()
    (updated,) = [c for c in listed if c.return_center_code == code]
    assert updated.return_fee_05kg == 3000
    assert updated.return_fee_10kg == 2500


@pytest.mark.parametrize(
    ("contract", "field"),
    [
        (None, "center.goodsflow_info_open_api_dto"),
        (goods(deliver_code="DONGBU"), "center.goodsflow_info_open_api_dto.deliver_code"),
        (goods(contract_number=""), "center.goodsflow_info_open_api_dto.contract_number"),
        (
            goods(deliver_code="EPOST"),
            "center.goodsflow_info_open_api_dto.contract_customer_number",
        ),
        (goods(return_fee_20kg=0), "center.goodsflow_info_open_api_dto.return_fee_20kg"),
        (
            goods(vendor_cash_fee_10kg=None),
            "center.goodsflow_info_open_api_dto.vendor_cash_fee_10kg",
        ),
    ],
)
async def test_return_center_contract_is_checked(
    fake: FakeCoupang, client: CoupangClient, contract: Any, field: str
) -> None:
    """Allowed couriers, contract numbers, EPOST's customer number, twelve rates > 0."""
    center = ShippingPlaceRequest(
        user_id="fakeseller",
        shipping_place_name="반품지",
        place_addresses=[address()],
        goodsflow_info_open_api_dto=contract,
    )
    with pytest.raises(InvalidInputError) as caught:
        await logistics.create_return_center(client, center)
    assert caught.value.field == field
    for code in ("abc", "", 0, -5, "0123", None):
        with pytest.raises(InvalidInputError) as caught:
            await logistics.update_return_center(client, code, center)  # type: ignore[arg-type]
        assert caught.value.field == "return_center_code"
    assert len(fake.requests) == 0


# -- display categories ---------------------------------------------------------------------------


async def test_display_category_tree_and_one_level(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """The whole tree from ROOT; one category gives only its direct children."""
    root = await categories.list_display_categories(client)
    assert isinstance(root, DisplayCategory)
    assert root.display_category_code == 0
    assert root.name == "ROOT"
    leaves = [c for c in root.walk() if c.is_leaf]
    assert 56137 in [c.display_category_code for c in leaves]
    group = root.children[0]
    one = await categories.get_display_category(client, group.display_category_code or 0)
    assert [c.display_category_code for c in one.children] == [
        c.display_category_code for c in group.children
    ]
    top = await categories.get_display_category(client, 0)
    assert all(c.children == [] for c in top.children)
    with pytest.raises(BadRequestError):
        await categories.get_display_category(client, 12345)
    for bad in (-1, 2**63, True, "56137", 1.0):
        with pytest.raises(InvalidInputError) as caught:
            await categories.get_display_category(client, bad)  # type: ignore[arg-type]
        assert caught.value.field == "code"


# -- coupons --------------------------------------------------------------------------------------


def tomorrow() -> dt.datetime:
    """Tomorrow 00:00 in KST (the earliest start of an instant coupon)."""
    day = dt.datetime.now(KST).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=KST)


async def new_instant(client: CoupangClient) -> int:
    """Create an instant coupon and wait for its id."""
    start = tomorrow()
    job = await coupons.create_instant_coupon(
        client,
        contract_id=15,
        name="여름 세일",
        discount_type="RATE",
        discount=10,
        max_discount_price=5000,
        start_at=start,
        end_at=start + dt.timedelta(days=7),
    )
    result = await job.wait(timeout=10, interval=0)
    assert result.coupon_id is not None
    return result.coupon_id


def state(fake: FakeCoupang) -> CouponState:
    """The fake's coupons."""
    return coupon_state(fake.vendor())


async def test_instant_coupon_job_polls_until_done(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """create answers a string request id; wait() polls (REQUESTED twice) and gets the coupon."""
    start = tomorrow()
    job = await coupons.create_instant_coupon(
        client,
        contract_id=15,
        name="여름 세일",
        discount_type="PRICE",
        discount=1000,
        max_discount_price=1000,
        start_at=start,
        end_at=start + dt.timedelta(days=7),
        wow_exclusive=False,
    )
    assert isinstance(job.request_id, str)
    assert len(job.request_id) == 20
    sent = body_of(fake)
    assert sent["startAt"] == start.strftime("%Y-%m-%d %H:%M:%S")
    assert sent["type"] == "PRICE"
    before = len(fake.requests)
    result = await job.wait(timeout=10, interval=0)
    polls = [r for r in list(fake.requests)[before:] if "/requested/" in r.path]
    assert len(polls) == state(fake).polls_until_done + 1
    assert all(r.headers.get("authorization", "").startswith("CEA ") for r in polls)
    assert result.status is CouponJobStatus.DONE
    assert result.type is CouponJobType.COUPON_PUBLISH
    assert result.ok
    assert job.coupon_id == result.coupon_id
    coupon = await coupons.get_instant_coupon(client, result.coupon_id or 0)
    assert coupon.promotion_name == "여름 세일"
    assert coupon.status is CouponStatus.APPLIED
    listed = await coupons.list_instant_coupons(client, status="APPLIED", max_per_page=1).to_list()
    assert result.coupon_id in [c.coupon_id for c in listed]


async def test_item_add_reports_each_item(fake: FakeCoupang, client: CoupangClient) -> None:
    """A DONE job with failed items: per-item FAILED outcomes with Coupang's reasons, in order."""
    first = await new_instant(client)
    second = await new_instant(client)
    items = fake.vendor_item_ids()[:3]
    await (await coupons.add_instant_coupon_items(client, first, [items[0]])).wait(interval=0)
    job = await coupons.add_instant_coupon_items(
        client, second, [items[1], items[0], 999, items[1]]
    )
    assert body_of(fake) == {"vendorItems": [items[1], items[0], 999]}  # repeats sent once
    result = await job.wait(timeout=10, interval=0)
    assert [(i.vendor_item_id, i.status) for i in result.items] == [
        (items[1], ItemStatus.OK),
        (items[0], ItemStatus.FAILED),
        (999, ItemStatus.FAILED),
    ]
    assert "[CIR08]" in (result.items[1].reason or "")
    assert "[CIR06]" in (result.items[2].reason or "")
    assert result.status is CouponJobStatus.DONE
    assert not result.ok
    with pytest.raises(BusinessError, match="CIR08"):
        result.raise_for_failures()


async def test_expire_is_refused_while_a_job_runs(fake: FakeCoupang, client: CoupangClient) -> None:
    """success: false while another request on the coupon runs; after it, expiry works."""
    coupon_id = await new_instant(client)
    running = await coupons.add_instant_coupon_items(client, coupon_id, fake.vendor_item_ids()[:1])
    with pytest.raises(BusinessError, match="still be running"):
        await coupons.expire_instant_coupon(client, coupon_id)
    await running.wait(interval=0)
    expiry = await coupons.expire_instant_coupon(client, coupon_id)
    assert fake.requests.last is not None
    assert dict(fake.requests.last.params) == {"action": "expire"}
    result = await expiry.wait(interval=0)
    assert result.type is CouponJobType.COUPON_EXPIRE
    coupon = await coupons.get_instant_coupon(client, coupon_id)
    assert coupon.status is CouponStatus.EXPIRED


async def test_wait_gives_up_after_its_timeout(fake: FakeCoupang, client: CoupangClient) -> None:
    """A job still running at the timeout: CouponJobTimeoutError (a TimeoutError); waiting again
    later gets the outcome."""
    state(fake).polls_until_done = 10**6
    start = tomorrow()
    job = await coupons.create_instant_coupon(
        client,
        contract_id=15,
        name="세일",
        discount_type="RATE",
        discount=5,
        max_discount_price=100,
        start_at=start,
        end_at=start + dt.timedelta(days=1),
    )
    with pytest.raises(coupons.CouponJobTimeoutError) as caught:
        await job.wait(timeout=0.05, interval=0.01)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.request_id == job.request_id
    state(fake).polls_until_done = 0
    assert (await job.wait(interval=0)).ok


def policy(**changes: Any) -> DownloadCouponPolicy:
    """A valid PRICE policy."""
    fields: dict[str, Any] = {
        "title": "5천원 할인",
        "type_of_discount": "PRICE",
        "description": "3만원 이상 구매 시",
        "minimum_price": 30000,
        "discount": 5000,
        "maximum_discount_price": 5000,
        "maximum_per_daily": 1,
    }
    fields.update(changes)
    return DownloadCouponPolicy(**fields)


async def new_download(client: CoupangClient) -> int:
    """Create a downloadable coupon starting in two hours."""
    start = dt.datetime.now(KST) + dt.timedelta(hours=2)
    coupon = await coupons.create_download_coupon(
        client,
        title="다운로드 쿠폰",
        contract_id=15,
        start_date=start,
        end_date=start + dt.timedelta(days=10),
        user_id="fakeseller",
        policies=[policy()],
    )
    assert isinstance(coupon.coupon_id, int)
    return coupon.coupon_id


async def test_download_coupon_items_and_expiry(fake: FakeCoupang, client: CoupangClient) -> None:
    """Create is synchronous; item add and expiry are jobs with string transaction ids."""
    coupon_id = await new_download(client)
    sent = body_of(fake)
    assert sent["couponType"] == "DOWNLOAD"
    assert sent["policies"][0]["maximumPerDaily"] == 1
    items = fake.vendor_item_ids()[:2]
    job = await coupons.add_download_coupon_items(client, coupon_id, items, user_id="fakeseller")
    assert job.request_id.startswith("et5_")
    assert body_of(fake) == {
        "couponItems": [{"couponId": coupon_id, "userId": "fakeseller", "vendorItemIds": items}]
    }
    result = await job.wait(interval=0)
    assert [i.status for i in result.items] == [ItemStatus.OK, ItemStatus.OK]
    coupon = await coupons.get_download_coupon(client, coupon_id)
    assert coupon.applied_option_count == 2
    expiry = await coupons.expire_download_coupon(client, coupon_id, user_id="fakeseller")
    assert body_of(fake)["expireCouponList"][0]["reason"] == "expired"
    await expiry.wait(interval=0)
    assert (await coupons.get_download_coupon(client, coupon_id)).coupon_status == "EXPIRED"


async def test_a_failed_item_add_destroys_a_download_coupon_loudly(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """One bad item: wait() raises CouponDestroyedError with the per-item outcome; the coupon is
    gone, and a later add raises the same error."""
    coupon_id = await new_download(client)
    good = fake.vendor_item_ids()[0]
    job = await coupons.add_download_coupon_items(
        client, coupon_id, [good, 999], user_id="fakeseller"
    )
    with pytest.raises(coupons.CouponDestroyedError, match="destroyed") as caught:
        await job.wait(interval=0)
    error = caught.value
    assert error.coupon_id == coupon_id
    assert error.result is not None
    assert error.result.coupon_destroyed
    assert [(i.vendor_item_id, i.status) for i in error.result.items] == [
        (good, ItemStatus.OK),
        (999, ItemStatus.FAILED),
    ]
    assert (await coupons.get_download_coupon(client, coupon_id)).coupon_status == "DETACHED"
    with pytest.raises(coupons.CouponDestroyedError):
        await coupons.add_download_coupon_items(client, coupon_id, [good], user_id="fakeseller")


async def test_unknown_download_coupon(client: CoupangClient) -> None:
    """Coupang's 404 for an unknown downloadable coupon."""
    with pytest.raises(NotFoundError):
        await coupons.get_download_coupon(client, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "가" * 46}, "name"),
        ({"discount_type": "PERCENT"}, "discount_type"),
        ({"discount": 101}, "discount"),
        ({"discount": 0}, "discount"),
        ({"max_discount_price": 9}, "max_discount_price"),
        ({"start_at": dt.datetime(2030, 1, 1)}, "start_at"),
        ({"end_at": dt.datetime(2000, 1, 1, tzinfo=KST)}, "end_at"),
        ({"contract_id": 0}, "contract_id"),
        ({"wow_exclusive": "false"}, "wow_exclusive"),
    ],
)
async def test_instant_coupon_arguments(
    fake: FakeCoupang, client: CoupangClient, kwargs: dict[str, Any], field: str
) -> None:
    """Every documented limit is checked before sending."""
    start = tomorrow()
    arguments: dict[str, Any] = {
        "contract_id": 15,
        "name": "세일",
        "discount_type": "RATE",
        "discount": 10,
        "max_discount_price": 1000,
        "start_at": start,
        "end_at": start + dt.timedelta(days=1),
    }
    arguments.update(kwargs)
    with pytest.raises(InvalidInputError) as caught:
        await coupons.create_instant_coupon(client, **arguments)
    assert caught.value.field == field
    assert len(fake.requests) == 0


@pytest.mark.parametrize(
    ("policies", "field"),
    [
        ([], "policies"),
        ([policy()] * 4, "policies"),
        ([policy(), policy(type_of_discount="RATE", discount=10)], "policies"),
        ([policy(discount=1005)], "policies[0].discount"),
        ([policy(type_of_discount="RATE", discount=100)], "policies[0].discount"),
        ([policy(minimum_price=1)], "policies[0].minimum_price"),
        ([policy(maximum_per_daily=10000)], "policies[0].maximum_per_daily"),
        ([{"title": "x"}], "policies[0]"),
    ],
)
async def test_download_coupon_policies(
    fake: FakeCoupang, client: CoupangClient, policies: Any, field: str
) -> None:
    """At most three policies of one kind; RATE 1-99; amounts in 10 won; 1-9,999 a day."""
    start = dt.datetime.now(KST) + dt.timedelta(hours=2)
    with pytest.raises(InvalidInputError) as caught:
        await coupons.create_download_coupon(
            client,
            title="쿠폰",
            contract_id=15,
            start_date=start,
            end_date=start + dt.timedelta(days=1),
            user_id="fakeseller",
            policies=policies,
        )
    assert caught.value.field == field
    with pytest.raises(InvalidInputError) as caught:
        await coupons.add_download_coupon_items(client, 1, list(range(1, 102)), user_id="x")
    assert caught.value.field == "vendor_item_ids"
    with pytest.raises(InvalidInputError) as caught:
        await coupons.add_instant_coupon_items(client, 1, [])
    assert caught.value.field == "vendor_item_ids"
    assert len(fake.requests) == 0


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_coupon_job_and_logistics_write_over_a_real_socket(fake: FakeCoupang) -> None:
    """A coupon job polled to the end and a place created, through a loopback server, paced."""
    async with (
        fake.serve() as base_url,
        fake.client(base_url=base_url, transport=None, requests_per_second=50) as client,
    ):
        coupon_id = await new_instant(client)
        job = await coupons.add_instant_coupon_items(client, coupon_id, fake.vendor_item_ids()[:3])
        result = await job.wait(timeout=30, interval=0.01)
        code = await logistics.create_outbound_shipping_place(client, place())
        tree = await categories.list_display_categories(client)
    assert [i.status for i in result.items] == [ItemStatus.OK] * 3
    assert code in [p["outboundShippingPlaceCode"] for p in fake.vendor().shipping_places]
    assert tree.children
    assert fake.requests.last is not None
    assert fake.requests.last.headers["host"].startswith("127.0.0.1:")
