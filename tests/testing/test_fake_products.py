"""Product routes: create, get, full and partial update, delete, approval, listings, lookups."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import SP, Api, Clock, create_product, get_product

pytestmark = pytest.mark.both_backends

PRODUCTS = f"{SP}/seller-products"
STATUS_NAMES = {
    "IN_REVIEW": "심사중",
    "SAVED": "임시저장",
    "APPROVING": "승인대기중",
    "APPROVED": "승인완료",
    "PARTIAL_APPROVED": "부분승인완료",
    "DENIED": "승인반려",
    "DELETED": "상품삭제",
}
SUMMARY_FIELDS = {
    "sellerProductId",
    "sellerProductName",
    "displayCategoryCode",
    "categoryId",
    "productId",
    "vendorId",
    "mdId",
    "mdName",
    "saleStartedAt",
    "saleEndedAt",
    "brand",
    "statusName",
    "createdAt",
}


# --- create / get ---------------------------------------------------------------------------------


async def test_create_answers_the_nested_string_200_envelope(api: Api, fake: FakeCoupang) -> None:
    """POST returns ``{"code":"200", "data":{"code":"SUCCESS","data":<id>}}`` (reference §4.2)."""
    response = await api.post(PRODUCTS, json=fake.product_body())
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "200"
    assert body["message"] == ""
    inner = body["data"]
    assert inner["code"] == "SUCCESS"
    assert inner["message"] == ""
    assert isinstance(inner["data"], int)
    assert 10**8 <= inner["data"] <= 1.6 * 10**10


async def test_created_product_reads_back_typed_with_server_fields(api: Api) -> None:
    """GET shows the body typed (string numbers coerced), response-only fields and 임시저장."""
    spid = await create_product(api)
    data = await get_product(api, spid)
    assert data["sellerProductId"] == spid
    assert data["statusName"] == "임시저장"
    assert data["outboundShippingPlaceCode"] == 74010
    assert data["deliveryChargeOnReturn"] == 2500.0
    assert {"categoryId", "productId", "mdId", "mdName", "contributorType"} <= data.keys()
    item = data["items"][0]
    assert item["vendorItemId"] is None
    assert isinstance(item["sellerProductItemId"], int)
    assert item["maximumBuyCount"] == 100
    assert item["outboundShippingTimeDay"] == 1
    assert item["pccNeeded"] is False
    assert item["salePrice"] == 10000.0
    assert isinstance(item["salePrice"], float)
    assert {"supplyPrice", "saleAgentCommission", "bestPriceGuaranteed3P"} <= item.keys()


async def test_unknown_fields_survive_create_and_get(api: Api) -> None:
    """Keys the fake does not know are stored and returned, so dropped fields show in tests."""
    body_extra = {"futureField": {"nested": [1, None, "x"]}}
    spid = await create_product(api, **body_extra)
    data = await get_product(api, spid)
    assert data["futureField"] == {"nested": [1, None, "x"]}
    assert data["items"][1]["extraProperties"] is None  # null stays null


async def test_requested_true_approves_at_once_with_vendor_item_ids(api: Api) -> None:
    """``requested: true`` (auto-approval) gives 승인완료 and vendorItemIds in Coupang's range."""
    spid = await create_product(api, requested=True)
    data = await get_product(api, spid)
    assert data["statusName"] == "승인완료"
    assert isinstance(data["productId"], int)
    for item in data["items"]:
        assert 3 * 10**9 <= item["vendorItemId"] <= 9 * 10**10


async def test_without_auto_approve_products_wait_in_approving(clock: Clock) -> None:
    """With ``auto_approve=False`` a requested product waits until the test approves it."""
    fake = FakeCoupang(clock=clock, auto_approve=False, requests_per_second=None)
    api = Api(fake, clock)
    spid = await create_product(api, requested=True)
    waiting = await get_product(api, spid)
    fake.set_product_status(spid, "APPROVED")
    approved = await get_product(api, spid)
    await api.aclose()
    assert waiting["statusName"] == "승인대기중"
    assert waiting["items"][0]["vendorItemId"] is None
    assert approved["statusName"] == "승인완료"
    assert isinstance(approved["items"][0]["vendorItemId"], int)


def _without_image(body: dict[str, Any]) -> None:
    body["items"][0]["images"] = [body["items"][0]["images"][1]]


def _without_mandatory_attribute(body: dict[str, Any]) -> None:
    body["items"][0]["attributes"] = body["items"][0]["attributes"][:1]


def _wrong_notice(body: dict[str, Any]) -> None:
    body["items"][0]["notices"][0]["noticeCategoryName"] = "의류"


def _duplicate_item(body: dict[str, Any]) -> None:
    body["items"][1]["itemName"] = body["items"][0]["itemName"]


def _one_won(body: dict[str, Any]) -> None:
    body["items"][0]["salePrice"] = 10005


def _bad_number(body: dict[str, Any]) -> None:
    body["items"][0]["maximumBuyCount"] = "many"


def _stock_too_high(body: dict[str, Any]) -> None:
    body["items"][0]["maximumBuyCount"] = 100_000


def _no_items(body: dict[str, Any]) -> None:
    body["items"] = []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sellerProductName": None}, "필수 입력값이 누락되었습니다. [sellerProductName]"),
        ({"vendorId": "A00099999"}, "판매자 ID[A00099999]가 인증 정보와 일치하지 않습니다."),
        ({"returnCenterCode": "999"}, "올바른 반품지 센터코드를 입력 하세요."),
        ({"displayCategoryCode": 1}, "존재하지 않는 카테고리입니다. [1]"),
        ({"deliveryMethod": "TELEPORT"}, "입력값에 오류가 있습니다. [deliveryMethod]"),
        ({"saleStartedAt": "2018-08-13"}, "입력값에 오류가 있습니다. [saleStartedAt]"),
        ({"outboundShippingPlaceCode": 1}, "출고지 코드[1]를 확인해 주세요."),
        (
            {"deliveryChargeType": "FREE_DELIVERY_OVER_19800", "freeShipOverAmount": 19800},
            "배송비 종류가 19800이상 무료배송이면 조건부무료가 19800원, 초도배송비가 0원 입니다.",
        ),
        (_without_image, "대표이미지(REPRESENTATION)는 반드시 등록해야 합니다."),
        (_without_mandatory_attribute, "카테고리의 필수 속성이 존재하지 않습니다."),
        (
            _wrong_notice,
            "입력된 상품필수 고지정보[의류]가 카테고리[클렌징 오일]에서 제공하는 것과 다릅니다.",
        ),
        (_duplicate_item, "옵션명[200ml_1개]이 중복되었습니다."),
        (_one_won, "가격은 최소 10원 단위로 입력가능합니다. (1원단위 입력 불가)"),
        (_bad_number, "입력값에 오류가 있습니다. [items[0].maximumBuyCount]"),
        (_stock_too_high, "유효하지 않은 재고수량입니다."),
        (_no_items, "필수 입력값이 누락되었습니다. [items]"),
    ],
)
async def test_invalid_create_bodies_get_coupang_style_400s(
    api: Api, fake: FakeCoupang, change: Any, message: str
) -> None:
    """Each invalid body answers 400 ``{"code":"ERROR","message":…}`` and creates nothing."""
    body = fake.product_body()
    if callable(change):
        change(body)
    else:
        body.update(change)
    before = fake.seller_product_ids()
    response = await api.post(PRODUCTS, json=body)
    assert response.status_code == 400
    assert response.json() == {"code": "ERROR", "message": message, "data": None}
    assert fake.seller_product_ids() == before


async def test_unparsable_json_reports_the_line(api: Api) -> None:
    """A body that is not JSON gets "입력값에 오류가 있습니다. line: N"."""
    response = await api.post(PRODUCTS, content=b'{\n"sellerProductName": \n}')
    assert response.status_code == 400
    assert response.json()["message"] == "입력값에 오류가 있습니다. line: 3"


async def test_omitted_category_is_matched_from_the_name(api: Api) -> None:
    """Without displayCategoryCode the fake picks the category from the product name."""
    spid = await create_product(api, displayCategoryCode=None, sellerProductName="순한 클렌징 오일")
    assert (await get_product(api, spid))["displayCategoryCode"] == 56137


async def test_get_unknown_product_is_a_400(api: Api) -> None:
    """An unknown sellerProductId answers 400 with Coupang's "존재하지 않는" message."""
    response = await api.get(f"{PRODUCTS}/123")
    assert response.status_code == 400
    assert response.json()["message"] == "존재하지 않는 등록상품아이디 [123]입니다."


# --- full update --------------------------------------------------------------------------------


async def test_get_then_put_round_trip_changes_nothing(api: Api, fake: FakeCoupang) -> None:
    """Sending a GET body back unchanged (the documented edit flow) keeps the product identical."""
    for spid in fake.seller_product_ids("APPROVED")[:3] + fake.seller_product_ids("SAVED")[:1]:
        before = await get_product(api, spid)
        response = await api.put(PRODUCTS, json=before)
        assert response.status_code == 200, response.text
        assert response.json()["data"] == {"code": "SUCCESS", "message": "", "data": spid}
        assert response.json()["code"] == "200"
        assert await get_product(api, spid) == before


async def test_update_changes_are_visible_and_approved_prices_are_kept(api: Api) -> None:
    """Name and attributes change; sale price of an approved option is not changed by update."""
    spid = await create_product(api, requested=True)
    data = await get_product(api, spid)
    data["sellerProductName"] = "수정된 상품명"
    data["items"][0]["salePrice"] = 99990
    data["items"][0]["searchTags"] = ["새검색어"]
    assert (await api.put(PRODUCTS, json=data)).status_code == 200
    after = await get_product(api, spid)
    assert after["sellerProductName"] == "수정된 상품명"
    assert after["items"][0]["searchTags"] == ["새검색어"]
    assert after["items"][0]["salePrice"] == 10000.0


async def test_update_adds_options_and_refuses_removing_approved_ones(api: Api) -> None:
    """A new option gets ids; dropping an approved option is refused."""
    spid = await create_product(api, requested=True)
    data = await get_product(api, spid)
    new_item = copy.deepcopy(data["items"][0])
    for key in ("sellerProductItemId", "vendorItemId"):
        new_item.pop(key)
    new_item["itemName"] = "200ml_3개"
    data["items"].append(new_item)
    assert (await api.put(PRODUCTS, json=data)).status_code == 200
    grown = await get_product(api, spid)
    assert [i["itemName"] for i in grown["items"]] == ["200ml_1개", "200ml_2개", "200ml_3개"]
    assert all(isinstance(i["vendorItemId"], int) for i in grown["items"])

    grown["items"] = grown["items"][:1]
    response = await api.put(PRODUCTS, json=grown)
    assert response.status_code == 400
    assert response.json()["message"] == "vendorItem로 생성된 아이템은 삭제가 불가능합니다."


async def test_update_can_drop_never_approved_options(api: Api) -> None:
    """An option that was never approved disappears when left out of the update."""
    spid = await create_product(api)
    data = await get_product(api, spid)
    data["items"] = data["items"][1:]
    assert (await api.put(PRODUCTS, json=data)).status_code == 200
    assert [i["itemName"] for i in (await get_product(api, spid))["items"]] == ["200ml_2개"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("APPROVING", "승인 대기중 상품은 수정할 수 없습니다."),
        ("DELETED", "삭제된 상품은 변경이 불가능합니다."),
        ("IN_REVIEW", "생성이 진행중인 상품은 수정할 수 없습니다."),
    ],
)
async def test_update_is_refused_in_some_states(
    api: Api, fake: FakeCoupang, status: str, message: str
) -> None:
    """Products waiting for approval, in review or deleted cannot be updated."""
    spid = fake.seller_product_ids(status)[0]
    data = await get_product(api, spid)
    response = await api.put(PRODUCTS, json=data)
    assert response.status_code == 400
    assert response.json()["message"] == message


async def test_update_needs_a_known_seller_product_id(api: Api, fake: FakeCoupang) -> None:
    """Missing or unknown sellerProductId in the body is a 400."""
    body = fake.product_body()
    missing = await api.put(PRODUCTS, json=body)
    unknown = await api.put(PRODUCTS, json={**body, "sellerProductId": 42})
    assert missing.json()["message"] == "업체상품아이디를 반드시 입력해주세요."
    assert unknown.json()["message"] == "존재하지 않는 등록상품아이디 [42]입니다."


async def test_update_of_saved_product_with_requested_true_gets_approved(api: Api) -> None:
    """Updating a saved product with ``requested: true`` sends it to approval."""
    spid = await create_product(api)
    data = await get_product(api, spid)
    data["requested"] = True
    assert (await api.put(PRODUCTS, json=data)).status_code == 200
    assert (await get_product(api, spid))["statusName"] == "승인완료"


# --- partial update -----------------------------------------------------------------------------


async def test_partial_update_changes_only_delivery_fields(api: Api) -> None:
    """PUT …/partial changes only its fields (nested "200" envelope); GET …/partial shows them."""
    spid = await create_product(api, requested=True)
    body = {
        "sellerProductId": spid,
        "deliveryChargeType": "CONDITIONAL_FREE",
        "deliveryCharge": 2500,
        "freeShipOverAmount": 10000,
        "deliveryChargeOnReturn": 0,
        "returnCharge": 2500,
        "outboundShippingTimeDay": 3,
        "sellerProductName": "ignored",
    }
    response = await api.put(f"{PRODUCTS}/{spid}/partial", json=body)
    assert response.status_code == 200
    assert response.json() == {
        "code": "200",
        "message": "",
        "data": {"code": "SUCCESS", "message": "", "data": spid},
    }
    data = await get_product(api, spid)
    assert data["deliveryChargeType"] == "CONDITIONAL_FREE"
    assert data["freeShipOverAmount"] == 10000.0
    assert data["sellerProductName"] == "상품등록_example"
    assert {i["outboundShippingTimeDay"] for i in data["items"]} == {3}
    partial = (await api.get(f"{PRODUCTS}/{spid}/partial")).json()
    assert partial["code"] == "SUCCESS"
    assert partial["data"]["deliveryChargeType"] == "CONDITIONAL_FREE"
    assert partial["data"]["outboundShippingTimeDay"] == 3
    assert partial["data"]["sameDayShipping"]["active"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "업체상품아이디를 반드시 입력해주세요."),
        ({"sellerProductId": 1}, "업체상품아이디를 다시 확인해주세요."),
        ({"returnCenterCode": "nope"}, "올바른 반품지 센터코드를 입력 하세요."),
        (
            {"sameDayShipping": {"active": True, "cutOffTimeHour": 9}},
            "입력값에 오류가 있습니다. [sameDayShipping.cutOffTimeHour]",
        ),
    ],
)
async def test_invalid_partial_updates_are_400(
    api: Api, fake: FakeCoupang, body: dict[str, Any], message: str
) -> None:
    """Missing or mismatched ids and invalid fields are refused."""
    spid = fake.seller_product_ids("APPROVED")[0]
    payload = {"sellerProductId": spid, **body} if body and "sellerProductId" not in body else body
    response = await api.put(f"{PRODUCTS}/{spid}/partial", json=payload)
    assert response.status_code == 400
    assert response.json()["message"] == message


# --- delete / approval ----------------------------------------------------------------------------


async def test_delete_needs_every_option_stopped(api: Api) -> None:
    """An approved product on sale cannot be deleted; once its options stop selling it can."""
    spid = await create_product(api, requested=True)
    refused = await api.delete(f"{PRODUCTS}/{spid}")
    assert refused.status_code == 400
    assert refused.json()["message"].startswith(f"업체상품[{spid}]이 없거나 삭제가 불가능한")
    for item in (await get_product(api, spid))["items"]:
        assert (
            await api.put(f"{SP}/vendor-items/{item['vendorItemId']}/sales/stop")
        ).status_code == 200
    deleted = await api.delete(f"{PRODUCTS}/{spid}")
    assert deleted.status_code == 200
    assert deleted.json() == {"code": "SUCCESS", "message": "삭제되었습니다", "data": str(spid)}
    assert (await get_product(api, spid))["statusName"] == "상품삭제"
    again = await api.delete(f"{PRODUCTS}/{spid}")
    assert again.status_code == 400


async def test_saved_product_deletes_directly(api: Api, fake: FakeCoupang) -> None:
    """A never-approved product deletes at once and counts one delete."""
    spid = await create_product(api)
    assert (await api.delete(f"{PRODUCTS}/{spid}")).status_code == 200
    assert fake.product_status(spid) == "DELETED"
    assert fake.writes(spid) == {"product_create": 1, "product_delete": 1}


async def test_approval_request_from_saved(api: Api) -> None:
    """PUT …/approvals on a saved product answers Coupang's message with the id as a string."""
    spid = await create_product(api)
    response = await api.put(f"{PRODUCTS}/{spid}/approvals")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "SUCCESS"
    assert body["data"] == str(spid)
    assert body["message"].startswith(f"{spid} 승인 요청되었습니다.")
    assert (await get_product(api, spid))["statusName"] == "승인완료"
    again = await api.put(f"{PRODUCTS}/{spid}/approvals")
    assert again.status_code == 400
    assert again.json()["message"] == f"인벤토리({spid})는 승인요청 상태가 아닙니다."


# --- listing ------------------------------------------------------------------------------------


async def _walk(api: Api, params: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    items: list[dict[str, Any]] = []
    tokens: list[str] = []
    token = None
    for _ in range(200):  # bounded
        query = {"vendorId": api.fake.vendor_id, **params}
        if token:
            query["nextToken"] = token
        response = await api.get(PRODUCTS, query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["code"] == "SUCCESS"
        items.extend(body["data"])
        token = body["nextToken"]
        tokens.append(token)
        if token == "":
            return items, tokens
    raise AssertionError("listing did not end")


async def test_listing_walks_every_marketplace_product_to_an_empty_token(
    api: Api, fake: FakeCoupang
) -> None:
    """Paging with nextToken visits each non-Rocket-Growth-only product once, then ``""``."""
    items, tokens = await _walk(api, {"maxPerPage": 7})
    expected = [
        pid for pid in fake.seller_product_ids() if fake.vendor().products[pid].is_marketplace
    ]
    assert [i["sellerProductId"] for i in items] == expected
    assert tokens[-1] == ""
    assert all(t.isdigit() for t in tokens[:-1])
    for item in items:
        assert set(item) == SUMMARY_FIELDS
        assert item["statusName"] in STATUS_NAMES.values()


async def test_listing_default_page_is_ten_and_token_one_is_the_first_page(
    api: Api, fake: FakeCoupang
) -> None:
    """Without maxPerPage a page holds 10; nextToken=1 is the same as no token."""
    first = (await api.get(PRODUCTS, {"vendorId": fake.vendor_id})).json()
    one = (await api.get(PRODUCTS, {"vendorId": fake.vendor_id, "nextToken": 1})).json()
    assert len(first["data"]) == 10
    assert first == one


@pytest.mark.parametrize("status", list(STATUS_NAMES))
async def test_listing_filters_by_each_status(api: Api, fake: FakeCoupang, status: str) -> None:
    """``status=`` returns exactly that status, shown as its Korean statusName."""
    items, _ = await _walk(api, {"status": status, "maxPerPage": 100})
    expected = [
        pid for pid in fake.seller_product_ids(status) if fake.vendor().products[pid].is_marketplace
    ]
    assert [i["sellerProductId"] for i in items] == expected
    assert expected, "the generated catalogue covers every status"
    assert {i["statusName"] for i in items} == {STATUS_NAMES[status]}


async def test_listing_filters_by_name_prefix_id_manufacture_and_date(
    api: Api, fake: FakeCoupang
) -> None:
    """sellerProductName (prefix), sellerProductId, manufacture and createdAt narrow the list."""
    target = fake.vendor().products[fake.seller_product_ids("APPROVED")[0]]
    name = target.doc["sellerProductName"]
    by_name, _ = await _walk(api, {"sellerProductName": name[:3], "maxPerPage": 100})
    assert target.id in [i["sellerProductId"] for i in by_name]
    assert all(i["sellerProductName"].startswith(name[:3]) for i in by_name)
    by_id, _ = await _walk(api, {"sellerProductId": target.id})
    assert [i["sellerProductId"] for i in by_id] == [target.id]
    by_maker, _ = await _walk(api, {"manufacture": target.doc["manufacture"], "maxPerPage": 100})
    assert target.id in [i["sellerProductId"] for i in by_maker]
    day = target.created_at[:10]
    by_day, _ = await _walk(api, {"createdAt": day, "maxPerPage": 100})
    assert target.id in [i["sellerProductId"] for i in by_day]
    assert all(i["createdAt"].startswith(day) for i in by_day)


async def test_listing_rocket_growth_shows_items_and_registration_type(
    api: Api, fake: FakeCoupang
) -> None:
    """businessTypes=rocketGrowth lists RG-only (RFM) and hybrid (NORMAL) products with items."""
    items, _ = await _walk(api, {"businessTypes": "rocketGrowth", "maxPerPage": 100})
    kinds = {i["registrationType"] for i in items}
    assert kinds == {"RFM", "NORMAL"}
    for entry in items:
        assert set(entry) == SUMMARY_FIELDS | {"items", "registrationType"}
        for option in entry["items"]:
            assert set(option) == {"itemName", "marketPlaceItem", "rocketGrowthItem"}
            assert set(option["rocketGrowthItem"]) == {"vendorInventoryItemId", "vendorItemId"}
            if entry["registrationType"] == "RFM":
                assert option["marketPlaceItem"] is None
            else:
                assert set(option["marketPlaceItem"]) == {"vendorInventoryItemId", "vendorItemId"}
    plain, _ = await _walk(api, {"maxPerPage": 100})
    assert "RFM" not in {
        fake.vendor().products[i["sellerProductId"]].registration_type for i in plain
    }


async def test_listing_filters_by_violation_types(api: Api, fake: FakeCoupang) -> None:
    """violationTypes (repeated) with AND/OR select the products carrying those flags."""
    flagged = {pid: p.violations for pid, p in fake.vendor().products.items() if p.violations}
    assert flagged
    kind = next(iter(next(iter(flagged.values()))))
    single = await api.get(
        PRODUCTS, [("vendorId", fake.vendor_id), ("violationTypes", kind), ("maxPerPage", 100)]
    )
    ids = [i["sellerProductId"] for i in single.json()["data"]]
    assert ids == sorted(pid for pid, v in flagged.items() if kind in v)
    both = [("violationTypes", "ATTR"), ("violationTypes", "MOTA_V2")]
    either = await api.get(
        PRODUCTS,
        [("vendorId", fake.vendor_id), *both, ("violationTypeAndOr", "OR"), ("maxPerPage", 100)],
    )
    all_of = await api.get(
        PRODUCTS,
        [("vendorId", fake.vendor_id), *both, ("violationTypeAndOr", "AND"), ("maxPerPage", 100)],
    )
    either_ids = {i["sellerProductId"] for i in either.json()["data"]}
    all_ids = {i["sellerProductId"] for i in all_of.json()["data"]}
    assert either_ids == {pid for pid, v in flagged.items() if v & {"ATTR", "MOTA_V2"}}
    assert all_ids == {pid for pid, v in flagged.items() if {"ATTR", "MOTA_V2"} <= v}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"vendorId": None}, "업체코드는 반드시 입력되어야 합니다."),
        ({"createdAt": "2025/01/01"}, "Format of createdAt is `yyyy-MM-dd`"),
        ({"createdAt": "2025-02-30"}, "Format of createdAt is `yyyy-MM-dd`"),
        ({"maxPerPage": 0}, "maxPerPage는 1~100 사이의 숫자여야 합니다."),
        ({"maxPerPage": 101}, "maxPerPage는 1~100 사이의 숫자여야 합니다."),
        ({"status": "ON_SALE"}, "유효하지 않은 상품 상태입니다. [ON_SALE]"),
        ({"sellerProductName": "가" * 21}, "등록상품명은 20자 이내로 입력해주세요."),
        ({"businessTypes": "rocket"}, "유효하지 않은 businessTypes입니다. [rocket]"),
        ({"nextToken": "abc"}, "nextToken 값이 올바르지 않습니다."),
        ({"vendorId": "A00099999"}, "판매자 ID[A00099999]가 인증 정보와 일치하지 않습니다."),
    ],
)
async def test_invalid_listing_queries_are_400(
    api: Api, fake: FakeCoupang, params: dict[str, Any], message: str
) -> None:
    """Bad listing parameters answer 400 with a message naming the problem."""
    query = {k: v for k, v in {"vendorId": fake.vendor_id, **params}.items() if v is not None}
    response = await api.get(PRODUCTS, query)
    assert response.status_code == 400
    assert response.json() == {"code": "ERROR", "message": message, "data": None}


async def test_two_violation_types_need_and_or(api: Api, fake: FakeCoupang) -> None:
    """Two violation types without violationTypeAndOr are refused."""
    response = await api.get(
        PRODUCTS,
        [("vendorId", fake.vendor_id), ("violationTypes", "ATTR"), ("violationTypes", "MOTA_V2")],
    )
    assert response.status_code == 400


async def test_listing_is_stable_while_products_are_created(api: Api, fake: FakeCoupang) -> None:
    """A product created mid-walk shows up at the end; nothing is skipped or repeated."""
    first = (await api.get(PRODUCTS, {"vendorId": fake.vendor_id, "maxPerPage": 5})).json()
    spid = await create_product(api)
    items, _ = await _walk(api, {"maxPerPage": 5, "nextToken": first["nextToken"]})
    ids = [i["sellerProductId"] for i in first["data"] + items]
    assert len(ids) == len(set(ids))
    assert ids[-1] == spid


# --- history, lookups ---------------------------------------------------------------------------


async def test_status_history_pages_newest_first_with_string_200(api: Api) -> None:
    """Histories answer ``code`` "200", entries with ``status`` (Korean), paged by page number."""
    spid = await create_product(api, requested=True)
    entries: list[dict[str, Any]] = []
    token: str | None = None
    for _ in range(10):
        params = {"maxPerPage": 2, **({"nextToken": token} if token else {})}
        body = (await api.get(f"{PRODUCTS}/{spid}/histories", params)).json()
        assert body["code"] == "200"
        entries.extend(body["data"])
        token = body["nextToken"]
        if token == "":
            break
    assert [e["status"] for e in entries] == ["승인완료", "승인대기중", "승인요청", "임시저장"]
    assert set(entries[0]) == {"createdAt", "status", "createdBy", "comment"}
    assert entries[0]["createdBy"] == "쿠팡 셀러 시스템"


async def test_external_sku_lookup_returns_summaries(api: Api) -> None:
    """The SKU lookup lists every product with an option of that externalVendorSku."""
    spid = await create_product(api)
    body = (await api.get(f"{PRODUCTS}/external-vendor-sku-codes/0001")).json()
    assert body["code"] == "SUCCESS"
    assert [p["sellerProductId"] for p in body["data"]] == [spid]
    assert set(body["data"][0]) == SUMMARY_FIELDS
    missing = (await api.get(f"{PRODUCTS}/external-vendor-sku-codes/nope")).json()
    assert missing["data"] == []


async def test_external_sku_lookup_with_encoded_slash_space_and_korean(api: Api) -> None:
    """A percent-encoded SKU with Korean text, a space and a slash is found as one code."""
    body = api.fake.product_body()
    body["items"][0]["externalVendorSku"] = "한글 SKU/1"
    response = await api.post(PRODUCTS, json=body)
    spid = response.json()["data"]["data"]
    found = await api.get(f"{PRODUCTS}/external-vendor-sku-codes/{quote('한글 SKU/1', safe='')}")
    assert [p["sellerProductId"] for p in found.json()["data"]] == [spid]
    last = api.fake.requests.last
    assert last is not None
    assert last.raw_path.endswith(b"/%ED%95%9C%EA%B8%80%20SKU%2F1")


async def test_external_sku_lookup_with_a_newline(api: Api) -> None:
    """A SKU holding a line break (%0A on the wire) is routed and found like any other code."""
    body = api.fake.product_body()
    body["items"][0]["externalVendorSku"] = "line\nbreak"
    response = await api.post(PRODUCTS, json=body)
    spid = response.json()["data"]["data"]
    found = await api.get(f"{PRODUCTS}/external-vendor-sku-codes/line%0Abreak")
    assert found.status_code == 200
    assert [p["sellerProductId"] for p in found.json()["data"]] == [spid]


async def test_time_frame_listing_is_limited_to_ten_minutes(api: Api, fake: FakeCoupang) -> None:
    """The time-frame listing finds products created in the window and refuses wider windows."""
    spid = await create_product(api)
    created = fake.vendor().products[spid].created_at
    ok = await api.get(
        f"{PRODUCTS}/time-frame",
        {"vendorId": fake.vendor_id, "createdAtFrom": created, "createdAtTo": created},
    )
    assert [p["sellerProductId"] for p in ok.json()["data"]] == [spid]
    wide = await api.get(
        f"{PRODUCTS}/time-frame",
        {
            "vendorId": fake.vendor_id,
            "createdAtFrom": "2026-01-15T10:00:00",
            "createdAtTo": "2026-01-15T10:10:01",
        },
    )
    assert wide.status_code == 400
    assert wide.json()["message"] == "검색 허용 범위를 초과했습니다. 최대 허용 범위는 10분입니다."


async def test_inflow_status_counts_registered_products(api: Api, fake: FakeCoupang) -> None:
    """inflow-status counts non-deleted products of the vendor."""
    body = (await api.get(f"{PRODUCTS}/inflow-status")).json()
    live = sum(1 for p in fake.vendor().products.values() if p.status != "DELETED")
    assert body["data"] == {
        "vendorId": fake.vendor_id,
        "restricted": False,
        "registeredCount": live,
        "permittedCount": None,
    }
