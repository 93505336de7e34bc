"""Single-product calls against FakeCoupang: every call's effect is checked in the fake's state."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from coupang_async import (
    BadRequestError,
    CoupangClient,
    InvalidInputError,
    ServerError,
    converter,
)
from coupang_async import products as p
from coupang_async.models import (
    KST,
    MISSING,
    PartialProductUpdate,
    Product,
    ProductStatus,
    SameDayShipping,
)
from coupang_async.testing import FakeCoupang, Fault, RecordedRequest
from tests.helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
PRODUCTS = f"{SP}/seller-products"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 40 products in every status and no rate limit."""
    return FakeCoupang(products=40, seed=5, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced, retrying without waiting."""
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        yield client


def _differences(a: Any, b: Any, path: str = "$") -> list[str]:
    """Paths where two JSON values differ (keys, values and JSON types)."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                found.append(f"{path}.{key}")
            else:
                found.extend(_differences(a[key], b[key], f"{path}.{key}"))
        return sorted(found)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [path]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _differences(x, y, f"{path}[{i}]")]
    same = a == b and type(a) is type(b)
    return [] if same else [path]


def _first(fake: FakeCoupang, status: str) -> int:
    return fake.seller_product_ids(status)[0]


def _last(fake: FakeCoupang) -> RecordedRequest:
    request = fake.requests.last
    assert request is not None
    return request


def _stored(fake: FakeCoupang, spid: int | Any) -> dict[str, Any]:
    product = fake.get_product(spid)
    assert product is not None
    return product


# --- get / update: the round trip -----------------------------------------------------------------


async def test_get_product_is_the_gateway_document(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """get_product gives a typed Product whose unstructured form is exactly the stored document."""
    spid = _first(fake, "APPROVED")
    product = await p.get_product(client, spid)
    assert isinstance(product, Product)
    assert product.seller_product_id == spid
    assert product.status is ProductStatus.APPROVED
    assert converter.unstructure(product) == fake.get_product(spid)


async def test_edit_one_price_then_update_changes_only_that_price(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """get → edit one sale price → update_product: the fake's product equals the original but it."""
    spid = _first(fake, "SAVED")
    original = fake.get_product(spid)
    assert original is not None
    product = await p.get_product(client, spid)
    assert product.items
    old_price = product.items[0].sale_price
    assert isinstance(old_price, int)
    product.items[0].sale_price = old_price + 1_000

    assert await p.update_product(client, product) == spid

    sent = fake.requests.last
    assert sent is not None
    assert (sent.method, sent.path) == ("PUT", PRODUCTS)
    # The body is every field received, byte-for-byte in JSON types, except the edit.
    assert _differences(sent.json(), original) == ["$.items[0].salePrice"]
    stored = fake.get_product(spid)
    assert stored is not None
    expected = copy.deepcopy(original)
    expected["items"][0]["salePrice"] = old_price + 1_000
    assert stored == expected


async def test_update_sends_back_fields_the_library_does_not_know(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Unknown keys at every level survive get → update unchanged (nothing is dropped)."""
    spid = _first(fake, "APPROVED")
    stored = fake.vendor().products[spid]
    stored.doc["futureTopLevel"] = {"nested": [1, None, "가"]}
    stored.items[0].doc["futureItemField"] = None
    original = fake.get_product(spid)

    product = await p.get_product(client, spid)
    product.display_product_name = "새 이름"
    await p.update_product(client, product)

    body = _last(fake).json()
    assert _differences(body, original) == ["$.displayProductName"]
    after = fake.get_product(spid)
    assert after is not None
    assert after["futureTopLevel"] == {"nested": [1, None, "가"]}
    assert after["items"][0]["futureItemField"] is None


async def test_update_accepts_a_mapping_and_fills_vendor_id(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A plain dict body is sent as given, with vendorId filled in when absent."""
    spid = _first(fake, "SAVED")
    body = fake.get_product(spid)
    assert body is not None
    del body["vendorId"]
    body["sellerProductName"] = "사전 형태로 수정"
    assert await p.update_product(client, body) == spid
    assert _last(fake).json()["vendorId"] == fake.vendor_id
    assert _stored(fake, spid)["sellerProductName"] == "사전 형태로 수정"
    assert "vendorId" not in body  # the caller's mapping is not modified


async def test_update_refused_while_awaiting_approval(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Coupang's refusal to edit a product awaiting approval comes back as BadRequestError."""
    spid = _first(fake, "APPROVING")
    product = await p.get_product(client, spid)
    with pytest.raises(BadRequestError, match="승인 대기중"):
        await p.update_product(client, product)


# --- create ---------------------------------------------------------------------------------------


async def test_create_from_a_dict_fills_vendor_id_and_extends_the_timeout(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """create_product returns the new id, fills vendorId and asks for the extended timeout."""
    body = fake.product_body()
    del body["vendorId"]
    spid = await p.create_product(client, body)
    sent = fake.requests.last
    assert sent is not None
    assert sent.method == "POST"
    assert sent.headers["x-extended-timeout"] == "90000"
    assert sent.json()["vendorId"] == fake.vendor_id
    assert fake.product_status(spid) == "SAVED"
    assert _stored(fake, spid)["sellerProductName"] == body["sellerProductName"]


async def test_create_from_a_product_model(fake: FakeCoupang, client: CoupangClient) -> None:
    """A Product built from a body (strings for numbers included) creates the same product."""
    product = converter.structure(fake.product_body(requested=True), Product)
    spid = await p.create_product(client, product)
    assert fake.product_status(spid) == "APPROVED"  # requested: true → sent for approval
    assert _last(fake).json() == fake.product_body(requested=True)


async def test_create_is_sent_once_and_found_by_sku_after_a_lost_answer(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A create whose answer is lost is not re-sent; find_created_product finds what it made."""
    body = fake.product_body()
    body["items"][0]["externalVendorSku"] = "ORDER-7f3a 신상/1"
    fake.faults.add(Fault.server_error(503, processed=True), method="POST", times=1)
    with pytest.raises(ServerError):
        await p.create_product(client, body)
    assert len(fake.requests.filter("POST")) == 1  # never retried

    found = await p.find_created_product(client, body)
    assert found is not None
    assert found.seller_product_name == body["sellerProductName"]
    spid = found.seller_product_id
    assert isinstance(spid, int)
    assert fake.product_status(spid) == "SAVED"
    assert fake.writes(spid) == {"product_create": 1}


async def test_find_created_product_none_when_nothing_was_made(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Nothing registered under the body's SKU and name: None (safe to create again)."""
    body = fake.product_body()
    body["items"][0]["externalVendorSku"] = "never-created"
    assert await p.find_created_product(client, body) is None


async def test_find_created_product_needs_a_sku(client: CoupangClient) -> None:
    """A body without any externalVendorSku cannot be looked up: a clear local error."""
    body = {"sellerProductName": "x", "items": [{"itemName": "a"}]}
    with pytest.raises(InvalidInputError, match="externalVendorSku") as info:
        await p.find_created_product(client, body)
    assert info.value.field == "product.items"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sellerProductId": 123}, "product.sellerProductId"),
        ({"vendorId": "A00099999"}, "product.vendorId"),
        ({"sellerProductName": ""}, "product.sellerProductName"),
        ({"sellerProductName": "가" * 101}, "product.sellerProductName"),
        ({"items": []}, "product.items"),
    ],
)
async def test_create_checks_the_body_locally(
    fake: FakeCoupang, client: CoupangClient, change: dict[str, Any], field: str
) -> None:
    """Bodies that cannot be a create are refused before anything is sent."""
    body = {**fake.product_body(), **change}
    with pytest.raises(InvalidInputError) as info:
        await p.create_product(client, body)
    assert info.value.field == field
    assert len(fake.requests) == 0


async def test_create_rejects_python_attribute_names(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A mapping with snake_case attribute names is refused (it would be sent as garbage keys)."""
    with pytest.raises(InvalidInputError, match="seller_product_name"):
        await p.create_product(client, {"seller_product_name": "x", "items": [{}]})
    with pytest.raises(InvalidInputError, match="must be a Product or a mapping"):
        await p.create_product(client, ["not", "a", "body"])  # type: ignore[arg-type]
    assert len(fake.requests) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sellerProductId": None}, "product.sellerProductId"),
        ({"sellerProductId": 0}, "product.sellerProductId"),
        ({"sellerProductId": "abc"}, "product.sellerProductId"),
        ({"vendorId": "A00099999"}, "product.vendorId"),
        ({"items": None}, "product.items"),
    ],
)
async def test_update_checks_the_body_locally(
    fake: FakeCoupang, client: CoupangClient, change: dict[str, Any], field: str
) -> None:
    """An update without its id or options, or for another vendor, is refused before sending."""
    body = {**_stored(fake, _first(fake, "SAVED")), **change}
    with pytest.raises(InvalidInputError) as info:
        await p.update_product(client, body)
    assert info.value.field == field
    assert len(fake.requests) == 0


# --- partial update, delete, approval -------------------------------------------------------------


async def test_partial_update_with_a_model(fake: FakeCoupang, client: CoupangClient) -> None:
    """Only the set fields and the path's sellerProductId are sent; the fake applies them."""
    spid = _first(fake, "APPROVED")
    changes = PartialProductUpdate(
        delivery_charge_type="CONDITIONAL_FREE",
        delivery_charge=2500,
        free_ship_over_amount=30000,
        same_day_shipping=SameDayShipping(
            active=True, cut_off_time_hour=14, cut_off_time_minute=0, cut_off_time_zone="KR"
        ),
    )
    await p.partial_update_product(client, spid, changes)
    sent = fake.requests.last
    assert sent is not None
    assert sent.path == f"{PRODUCTS}/{spid}/partial"
    assert sent.json() == {
        "sellerProductId": spid,
        "deliveryChargeType": "CONDITIONAL_FREE",
        "deliveryCharge": 2500,
        "freeShipOverAmount": 30000,
        "sameDayShipping": {
            "active": True,
            "cutOffTimeHour": 14,
            "cutOffTimeMinute": 0,
            "cutOffTimeZone": "KR",
        },
    }
    stored = fake.get_product(spid)
    assert stored is not None
    assert (stored["deliveryChargeType"], stored["freeShipOverAmount"]) == (
        "CONDITIONAL_FREE",
        30000,
    )
    settings = await p.get_partial_product(client, spid)
    assert settings.seller_product_id == spid
    assert settings.delivery_charge == 2500
    assert settings.same_day_shipping
    assert settings.same_day_shipping.cut_off_time_hour == 14


async def test_partial_update_with_a_mapping(fake: FakeCoupang, client: CoupangClient) -> None:
    """A mapping of wire keys is sent with the path's id added first."""
    spid = _first(fake, "APPROVED")
    await p.partial_update_product(client, spid, {"returnCharge": 3000})
    assert _last(fake).json() == {"sellerProductId": spid, "returnCharge": 3000}
    assert _stored(fake, spid)["returnCharge"] == 3000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sellerProductId": 1, "returnCharge": 3000}, "changes.sellerProductId"),
        ({}, "changes"),
        (PartialProductUpdate(), "changes"),
        ({"return_charge": 3000}, "changes"),
        ("returnCharge=3000", "changes"),
    ],
)
async def test_partial_update_checks_locally(
    fake: FakeCoupang, client: CoupangClient, changes: Any, field: str
) -> None:
    """A mismatched id, nothing to change, snake_case keys or a non-mapping are refused."""
    with pytest.raises(InvalidInputError) as info:
        await p.partial_update_product(client, _first(fake, "APPROVED"), changes)
    assert info.value.field == field
    assert len(fake.requests) == 0


async def test_partial_update_accepts_its_own_id_in_the_body(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A body that already names the same product (even as a string) is fine."""
    spid = _first(fake, "APPROVED")
    await p.partial_update_product(client, spid, {"sellerProductId": str(spid), "returnCharge": 10})
    assert _last(fake).json()["sellerProductId"] == str(spid)


async def test_delete_follows_coupangs_rules(fake: FakeCoupang, client: CoupangClient) -> None:
    """An approved product on sale cannot be deleted; once its options are stopped it can."""
    spid = _first(fake, "APPROVED")
    with pytest.raises(BadRequestError, match="삭제가 불가능한"):
        await p.delete_product(client, spid)
    product = await p.get_product(client, spid)
    for item in product.items or ():
        await client.put(f"{SP}/vendor-items/{item.vendor_item_id}/sales/stop")
    await p.delete_product(client, spid)
    assert fake.product_status(spid) == "DELETED"
    with pytest.raises(BadRequestError):
        await p.delete_product(client, spid)  # already deleted


async def test_delete_a_saved_product(fake: FakeCoupang, client: CoupangClient) -> None:
    """A saved (never approved) product is deleted at once."""
    spid = _first(fake, "SAVED")
    await p.delete_product(client, spid)
    assert fake.product_status(spid) == "DELETED"
    assert fake.writes(spid) == {"product_delete": 1}


async def test_request_approval_from_saved_only(fake: FakeCoupang, client: CoupangClient) -> None:
    """A saved product goes for approval (the fake approves at once); an approved one cannot."""
    spid = _first(fake, "SAVED")
    await p.request_approval(client, spid)
    assert fake.product_status(spid) == "APPROVED"
    assert _last(fake).path == f"{PRODUCTS}/{spid}/approvals"
    with pytest.raises(BadRequestError, match="승인요청 상태가 아닙니다"):
        await p.request_approval(client, spid)


async def test_status_history_pages(fake: FakeCoupang, client: CoupangClient) -> None:
    """The history paginator walks every entry, newest first, in pages of max_per_page."""
    spid = _first(fake, "SAVED")
    await p.request_approval(client, spid)
    stored = list(reversed(fake.vendor().products[spid].history))
    pager = p.list_status_history(client, spid, max_per_page=2)
    pages = [page async for page in pager.pages()]
    assert len(pages) == (len(stored) + 1) // 2
    entries = [entry for page in pages for entry in page.items]
    assert [converter.unstructure(entry) for entry in entries] == stored
    assert entries[0].status is ProductStatus.APPROVED
    assert _last(fake).params == [("nextToken", str(len(pages))), ("maxPerPage", "2")]


# --- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sku", "segment"),
    [
        ("한글 SKU/1", b"%ED%95%9C%EA%B8%80%20SKU%2F1"),
        ("a+b%2F?#", b"a%2Bb%252F%3F%23"),
        ("..", b"%2E%2E"),
        ("0001", b"0001"),
    ],
)
async def test_external_sku_is_one_encoded_segment(
    fake: FakeCoupang, client: CoupangClient, sku: str, segment: bytes
) -> None:
    """SKUs with Korean text, spaces, slashes, %, ? and dots are found as one path segment."""
    body = fake.product_body()
    body["items"][0]["externalVendorSku"] = sku
    spid = await p.create_product(client, body)
    found = await p.get_product_by_external_sku(client, sku)
    assert [summary.seller_product_id for summary in found] == [spid]
    assert _last(fake).raw_path == f"{PRODUCTS}/external-vendor-sku-codes/".encode() + segment


async def test_external_sku_unknown_is_empty(client: CoupangClient) -> None:
    """An unknown SKU gives an empty list, not an error."""
    assert await p.get_product_by_external_sku(client, "nope") == []


async def test_inflow_status(fake: FakeCoupang, client: CoupangClient) -> None:
    """The registration quota counts the vendor's products that are not deleted."""
    status = await p.get_inflow_status(client)
    assert status.vendor_id == fake.vendor_id
    assert status.registered_count == 40 - len(fake.seller_product_ids("DELETED"))
    assert status.restricted is False
    assert status.permitted_count is None


async def test_time_frame_listing(fake: FakeCoupang, client: CoupangClient) -> None:
    """Products created inside a 10-minute window are listed; the query is in KST to the second."""
    spid = await p.create_product(client, fake.product_body())
    created = dt.datetime.fromisoformat(fake.vendor().products[spid].created_at).replace(tzinfo=KST)
    start = created.astimezone(dt.UTC) - dt.timedelta(minutes=5, microseconds=1)
    page = await p.list_products_by_time_frame(
        client, created_at_from=start, created_at_to=start + dt.timedelta(minutes=10)
    )
    assert [s.seller_product_id for s in page.items] == [spid]
    assert page.next_token is None
    params = dict(_last(fake).params)
    assert params["createdAtFrom"] == (created - dt.timedelta(minutes=5, seconds=1)).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        (
            dt.datetime(2024, 1, 1, 10, 0),
            dt.datetime(2024, 1, 1, 10, 5),
            "created_at_from",
            "aware",
        ),
        (
            dt.datetime(2024, 1, 1, 10, 0, tzinfo=KST),
            dt.datetime(2024, 1, 1, 10, 10, 1, tzinfo=KST),
            "created_at_to",
            "10 minutes",
        ),
        (
            dt.datetime(2024, 1, 1, 10, 0, tzinfo=KST),
            dt.datetime(2024, 1, 1, 9, 59, tzinfo=KST),
            "created_at_to",
            "before",
        ),
        ("2024-01-01T10:00:00", dt.datetime(2024, 1, 1, tzinfo=KST), "created_at_from", "datetime"),
    ],
)
async def test_time_frame_checks_locally(
    client: CoupangClient, low: Any, high: Any, field: str, message: str
) -> None:
    """Naive datetimes, strings, reversed or wider-than-10-minute windows are refused at once."""
    with pytest.raises(InvalidInputError, match=message) as info:
        p.list_products_by_time_frame(client, created_at_from=low, created_at_to=high)
    assert info.value.field == field


# --- ids are checked before sending ---------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -5, True, "1007862222", 1.0, None])
@pytest.mark.parametrize(
    "call",
    [
        p.get_product,
        p.delete_product,
        p.request_approval,
        p.get_partial_product,
        lambda client, spid: p.partial_update_product(client, spid, {"returnCharge": 1}),
    ],
)
async def test_ids_checked_before_sending(
    fake: FakeCoupang, client: CoupangClient, call: Any, bad: Any
) -> None:
    """Zero, negative, bool, string, float and None ids raise InvalidInputError; nothing is sent."""
    with pytest.raises(InvalidInputError) as info:
        await call(client, bad)
    assert info.value.field == "seller_product_id"
    assert info.value.value == bad
    assert len(fake.requests) == 0


@pytest.mark.parametrize("bad", ["", None, 123])
async def test_external_sku_checked(client: CoupangClient, bad: Any) -> None:
    """An empty or non-string SKU is refused locally."""
    with pytest.raises(InvalidInputError, match="non-empty string"):
        await p.get_product_by_external_sku(client, bad)


def test_missing_is_the_default_of_unset_fields() -> None:
    """A PartialProductUpdate built in Python sends only what was set (MISSING stays absent)."""
    changes = PartialProductUpdate(return_charge=1)
    assert changes.delivery_charge is MISSING
    assert converter.unstructure(changes) == {"returnCharge": 1}
