"""Vendor-item routes: inventory, price rules, quantity, original price, sales stop and resume."""

from __future__ import annotations

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import SP, Api, create_product, get_product

pytestmark = pytest.mark.both_backends

ITEMS = f"{SP}/vendor-items"


async def _approved_item(api: Api) -> int:
    """A fresh approved option whose sale price is 10,000 won."""
    spid = await create_product(api, requested=True)
    vendor_item_id = (await get_product(api, spid))["items"][0]["vendorItemId"]
    assert isinstance(vendor_item_id, int)
    return vendor_item_id


async def test_inventory_has_coupangs_fields(api: Api) -> None:
    """GET …/inventories answers sellerItemId, amountInStock, salePrice (integer) and onSale."""
    vid = await _approved_item(api)
    body = (await api.get(f"{ITEMS}/{vid}/inventories")).json()
    assert body["code"] == "SUCCESS"
    assert body["message"] == ""
    data = body["data"]
    assert set(data) == {"sellerItemId", "amountInStock", "salePrice", "onSale"}
    assert data["amountInStock"] == 100
    assert data["salePrice"] == 10000
    assert isinstance(data["salePrice"], int)
    assert data["onSale"] is True


@pytest.mark.parametrize("price", [5000, 5010, 19990, 20000, 10000])
async def test_prices_within_minus_50_plus_100_percent_are_accepted(api: Api, price: int) -> None:
    """From 10,000 won, prices from 5,000 to 20,000 (inclusive) are set as given."""
    vid = await _approved_item(api)
    response = await api.put(f"{ITEMS}/{vid}/prices/{price}")
    assert response.status_code == 200
    assert response.json() == {
        "code": "SUCCESS",
        "message": "가격 변경을 완료했습니다.",
        "data": None,
    }
    inventory = (await api.get(f"{ITEMS}/{vid}/inventories")).json()["data"]
    assert inventory["salePrice"] == price


@pytest.mark.parametrize("price", [4990, 20010])
async def test_prices_outside_the_band_need_force(api: Api, fake: FakeCoupang, price: int) -> None:
    """Beyond −50 %/+100 % the change is refused unless forceSalePriceUpdate=true."""
    vid = await _approved_item(api)
    refused = await api.put(f"{ITEMS}/{vid}/prices/{price}")
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "ERROR",
        "message": f"가격변경에 실패했습니다. [옵션ID[{vid}] : 판매가 변경이 불가능합니다. "
        "변경전 판매가의 최대 50% 인하/최대 100%인상까지 변경가능합니다.]",
        "data": None,
    }
    assert fake.vendor_item(vid).sale_price == 10000  # type: ignore[union-attr]
    not_forced = await api.put(f"{ITEMS}/{vid}/prices/{price}", {"forceSalePriceUpdate": "false"})
    assert not_forced.status_code == 400
    forced = await api.put(f"{ITEMS}/{vid}/prices/{price}", {"forceSalePriceUpdate": "true"})
    assert forced.status_code == 200
    assert fake.vendor_item(vid).sale_price == price  # type: ignore[union-attr]


@pytest.mark.parametrize("price", [10005, 0])
async def test_prices_must_be_positive_10_won_units(api: Api, price: int) -> None:
    """1-won units and zero are refused with the 10-won message, even when forced."""
    vid = await _approved_item(api)
    response = await api.put(f"{ITEMS}/{vid}/prices/{price}", {"forceSalePriceUpdate": "true"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"가격변경에 실패했습니다. [옵션ID[{vid}] : "
        "가격은 최소 10원 단위로 입력가능합니다. (1원단위 입력 불가)]"
    )


async def test_price_changes_are_absolute_and_visible_in_the_product(api: Api) -> None:
    """Two price writes leave the last value, also in GET product (as a decimal)."""
    vid = await _approved_item(api)
    for price in (12000, 13000):
        assert (await api.put(f"{ITEMS}/{vid}/prices/{price}")).status_code == 200
    snapshot = api.fake.vendor_item(vid)
    assert snapshot is not None
    data = await get_product(api, snapshot.seller_product_id)
    assert data["items"][0]["salePrice"] == 13000.0


@pytest.mark.parametrize(("quantity", "status"), [(0, 200), (99999, 200), (100000, 400)])
async def test_quantity_bounds(api: Api, quantity: int, status: int) -> None:
    """Quantities 0–99,999 are set (amountInStock and maximumBuyCount); more is invalid."""
    vid = await _approved_item(api)
    response = await api.put(f"{ITEMS}/{vid}/quantities/{quantity}")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"code": "SUCCESS", "message": "재고 변경을 완료했습니다."}
        inventory = (await api.get(f"{ITEMS}/{vid}/inventories")).json()["data"]
        assert inventory["amountInStock"] == quantity
        snapshot = api.fake.vendor_item(vid)
        assert snapshot is not None
        data = await get_product(api, snapshot.seller_product_id)
        assert data["items"][0]["maximumBuyCount"] == quantity
    else:
        assert response.json()["message"] == "유효하지 않은 재고수량입니다."


@pytest.mark.parametrize(("price", "status"), [(0, 200), (15000, 200), (15005, 400)])
async def test_original_price_rules(api: Api, price: int, status: int) -> None:
    """The original (discount base) price may be 0 and must be in 10-won units."""
    vid = await _approved_item(api)
    response = await api.put(f"{ITEMS}/{vid}/original-prices/{price}")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {
            "code": "SUCCESS",
            "message": "할인율 기준가격이 변경되었습니다.",
            "data": None,
        }
        assert api.fake.vendor_item(vid).original_price == price  # type: ignore[union-attr]


async def test_stop_and_resume_sales(api: Api) -> None:
    """Stop and resume flip onSale with Coupang's messages (no ``data`` key)."""
    vid = await _approved_item(api)
    stop = await api.put(f"{ITEMS}/{vid}/sales/stop")
    assert stop.json() == {"code": "SUCCESS", "message": "판매 중지 처리되었습니다."}
    assert (await api.get(f"{ITEMS}/{vid}/inventories")).json()["data"]["onSale"] is False
    resume = await api.put(f"{ITEMS}/{vid}/sales/resume")
    assert resume.json() == {"code": "SUCCESS", "message": "판매가 재개되었습니다."}
    assert (await api.get(f"{ITEMS}/{vid}/inventories")).json()["data"]["onSale"] is True


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        ("가격변경", "prices/12000"),
        ("재고변경", "quantities/5"),
        ("판매중지", "sales/stop"),
        ("판매재개", "sales/resume"),
        ("할인율 기준가격 변경", "original-prices/20000"),
    ],
)
async def test_unknown_vendor_items_are_invalid_ids(api: Api, operation: str, path: str) -> None:
    """Writes to an id that is not an approved option of this vendor are refused."""
    response = await api.put(f"{ITEMS}/123/{path}")
    assert response.status_code == 400
    assert (
        response.json()["message"]
        == f"{operation}에 실패했습니다. [옵션ID[123] : 유효하지 않은 ID입니다.]"
    )


async def test_deleted_products_cannot_change(api: Api, fake: FakeCoupang) -> None:
    """Options of a deleted product refuse writes but still report their inventory."""
    spid = fake.seller_product_ids("DELETED")[0]
    vid = next(
        item.vendor_item_id
        for item in fake.vendor().products[spid].items
        if item.vendor_item_id is not None
    )
    response = await api.put(f"{ITEMS}/{vid}/prices/12000")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"가격변경에 실패했습니다. [옵션ID[{vid}] : 삭제된 상품은 변경이 불가능합니다.]"
    )
    assert (await api.get(f"{ITEMS}/{vid}/inventories")).status_code == 200


async def test_rocket_growth_only_options_are_not_marketplace_items(
    api: Api, fake: FakeCoupang
) -> None:
    """A Rocket Growth vendorItemId is not addressable through the marketplace item APIs."""
    product = next(p for p in fake.vendor().products.values() if p.registration_type == "RFM")
    rg_id = next(
        i.rocket_growth["vendorItemId"]
        for i in product.items
        if i.rocket_growth and i.rocket_growth["vendorItemId"]
    )
    response = await api.get(f"{ITEMS}/{rg_id}/inventories")
    assert response.status_code == 400
    assert response.json()["message"] == "유효하지 않은 ID입니다."


async def test_write_counters_count_successful_writes_only(api: Api, fake: FakeCoupang) -> None:
    """``fake.writes`` counts each applied write by kind; refused writes are not counted."""
    vid = await _approved_item(api)
    await api.put(f"{ITEMS}/{vid}/prices/11000")
    await api.put(f"{ITEMS}/{vid}/prices/11000")
    await api.put(f"{ITEMS}/{vid}/prices/99999990")  # refused: out of band
    await api.put(f"{ITEMS}/{vid}/quantities/7")
    await api.put(f"{ITEMS}/{vid}/sales/stop")
    await api.put(f"{ITEMS}/{vid}/sales/resume")
    assert fake.writes(vid) == {"price": 2, "quantity": 1, "sales_stop": 1, "sales_resume": 1}
    assert fake.write_counts[(vid, "price")] == 2
