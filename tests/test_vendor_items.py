"""vendor_items: paths, the force flag, local validation, the inventory model, error mapping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

from coupang_async import (
    BadRequestError,
    BusinessError,
    CoupangClient,
    InvalidInputError,
    ResponseValidationError,
    converter,
    vendor_items,
)
from coupang_async.models import VendorItemInventory

from .helpers import BASE_URL, make_client, parse_authorization, verify_on_server

pytestmark = pytest.mark.both_backends

PREFIX = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items"
VID = 3000000000


def _ok(message: str = "", data: Any = None) -> httpx.Response:
    return httpx.Response(200, json={"code": "SUCCESS", "message": message, "data": data})


Call = Callable[[CoupangClient], Awaitable[object]]

WRITES: list[tuple[str, Call, str]] = [
    ("price", lambda c: vendor_items.update_price(c, VID, 32_000), f"/{VID}/prices/32000"),
    ("quantity", lambda c: vendor_items.update_quantity(c, VID, 120), f"/{VID}/quantities/120"),
    (
        "original",
        lambda c: vendor_items.update_original_price(c, VID, 40_000),
        f"/{VID}/original-prices/40000",
    ),
    ("stop", lambda c: vendor_items.stop_sales(c, VID), f"/{VID}/sales/stop"),
    ("resume", lambda c: vendor_items.resume_sales(c, VID), f"/{VID}/sales/resume"),
]


@pytest.mark.parametrize(("name", "call", "path"), WRITES, ids=[w[0] for w in WRITES])
async def test_write_paths_are_signed_puts(name: str, call: Call, path: str) -> None:
    """Each write is one signed PUT to its documented path, without a body or query."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.put(PREFIX + path).mock(return_value=_ok("변경을 완료했습니다."))
        async with make_client() as client:
            assert await call(client) is None
    request = route.calls.last.request
    assert request.url.query == b""
    assert request.content == b""
    assert verify_on_server(request.url.raw_path, "PUT", request.headers["Authorization"])
    assert parse_authorization(request.headers["Authorization"])["access_key"]


async def test_force_sends_force_sale_price_update() -> None:
    """force=True adds forceSalePriceUpdate=true to the query, and the signature covers it."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.put(f"{PREFIX}/{VID}/prices/99000").mock(return_value=_ok())
        async with make_client() as client:
            await vendor_items.update_price(client, VID, 99_000, force=True)
    request = route.calls.last.request
    assert request.url.query == b"forceSalePriceUpdate=true"
    assert verify_on_server(request.url.raw_path, "PUT", request.headers["Authorization"])


async def test_get_inventory_returns_the_lossless_model() -> None:
    """get_inventory structures the documented sample and keeps unknown keys for the round trip."""
    data = {
        "sellerItemId": VID,
        "amountInStock": 0,
        "salePrice": 32000.0,
        "onSale": True,
        "bestPriceGuaranteed3P": False,
        "somethingNew": {"x": 1},
    }
    with respx.mock(base_url=BASE_URL) as router:
        router.get(f"{PREFIX}/{VID}/inventories").mock(return_value=_ok(data=data))
        async with make_client() as client:
            inventory = await vendor_items.get_inventory(client, VID)
    assert isinstance(inventory, VendorItemInventory)
    assert (inventory.seller_item_id, inventory.amount_in_stock) == (VID, 0)
    assert type(inventory.sale_price) is int
    assert inventory.sale_price == 32000
    assert inventory.on_sale is True
    assert converter.unstructure(inventory) == data


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([], "$.data"),
        ({"salePrice": 100.5}, "$.data.salePrice"),
        ({"amountInStock": "many"}, "$.data.amountInStock"),
    ],
)
async def test_get_inventory_rejects_bad_shapes_naming_the_field(data: object, where: str) -> None:
    """A body that does not fit raises ResponseValidationError naming the field's path."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(f"{PREFIX}/{VID}/inventories").mock(return_value=_ok(data=data))
        async with make_client() as client:
            with pytest.raises(ResponseValidationError) as caught:
                await vendor_items.get_inventory(client, VID)
    assert any(where in message for message in caught.value.errors), caught.value.errors


BAD_ARGUMENTS: list[tuple[Call, str]] = [
    (lambda c: vendor_items.update_price(c, VID, 12_345), "price"),
    (lambda c: vendor_items.update_price(c, VID, 0), "price"),
    (lambda c: vendor_items.update_price(c, VID, -10), "price"),
    (lambda c: vendor_items.update_price(c, VID, True), "price"),
    (lambda c: vendor_items.update_price(c, VID, 1000.0), "price"),  # type: ignore[arg-type]
    (lambda c: vendor_items.update_price(c, VID, "1000"), "price"),  # type: ignore[arg-type]
    (lambda c: vendor_items.update_price(c, VID, 1000, force=1), "force"),  # type: ignore[arg-type]
    (lambda c: vendor_items.update_price(c, 0, 1000), "vendor_item_id"),
    (lambda c: vendor_items.update_price(c, -5, 1000), "vendor_item_id"),
    (lambda c: vendor_items.update_price(c, "300", 1000), "vendor_item_id"),  # type: ignore[arg-type]
    (lambda c: vendor_items.update_quantity(c, VID, -1), "quantity"),
    (lambda c: vendor_items.update_quantity(c, VID, 100_000), "quantity"),
    (lambda c: vendor_items.update_quantity(c, VID, False), "quantity"),
    (lambda c: vendor_items.update_original_price(c, VID, 15), "price"),
    (lambda c: vendor_items.update_original_price(c, VID, -10), "price"),
    (lambda c: vendor_items.stop_sales(c, None), "vendor_item_id"),  # type: ignore[arg-type]
    (lambda c: vendor_items.resume_sales(c, 1.5), "vendor_item_id"),  # type: ignore[arg-type]
    (lambda c: vendor_items.get_inventory(c, 0), "vendor_item_id"),
]


@pytest.mark.parametrize(("call", "field"), BAD_ARGUMENTS)
async def test_bad_arguments_raise_before_sending(call: Call, field: str) -> None:
    """Bad ids, prices and quantities raise InvalidInputError naming the field; nothing is sent."""
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True) as router:
        async with make_client() as client:
            with pytest.raises(InvalidInputError) as caught:
                await call(client)
        assert router.calls.call_count == 0
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


async def test_edges_are_accepted() -> None:
    """Quantity 0 and 99999, original price 0 and the smallest price (10 won) are valid."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.put(url__startswith=BASE_URL + PREFIX).mock(return_value=_ok())
        async with make_client() as client:
            await vendor_items.update_quantity(client, VID, 0)
            await vendor_items.update_quantity(client, VID, 99_999)
            await vendor_items.update_original_price(client, VID, 0)
            await vendor_items.update_price(client, VID, 10)
    assert [call.request.url.path.rsplit("/", 2)[1:] for call in route.calls] == [
        ["quantities", "0"],
        ["quantities", "99999"],
        ["original-prices", "0"],
        ["prices", "10"],
    ]


async def test_price_guard_answer_is_a_bad_request_with_coupangs_message() -> None:
    """Coupang's -50 %..+100 % refusal arrives as BadRequestError carrying its Korean message."""
    message = "가격변경에 실패했습니다. [옵션ID[3000000000] : 판매가 변경이 불가능합니다.]"
    with respx.mock(base_url=BASE_URL) as router:
        router.put(f"{PREFIX}/{VID}/prices/100000").mock(
            return_value=httpx.Response(400, json={"code": "ERROR", "message": message})
        )
        async with make_client() as client:
            with pytest.raises(BadRequestError) as caught:
                await vendor_items.update_price(client, VID, 100_000)
    assert caught.value.message == message


async def test_http_200_with_error_code_is_a_business_error() -> None:
    """A 200 whose envelope says ERROR is not mistaken for success."""
    with respx.mock(base_url=BASE_URL) as router:
        router.put(f"{PREFIX}/{VID}/sales/stop").mock(
            return_value=httpx.Response(
                200, json={"code": "ERROR", "message": "판매중지에 실패했습니다."}
            )
        )
        async with make_client() as client:
            with pytest.raises(BusinessError):
                await vendor_items.stop_sales(client, VID)


async def test_503_on_a_write_is_retried() -> None:
    """A price PUT that got a 503 is re-sent (absolute writes are idempotent)."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.put(f"{PREFIX}/{VID}/prices/12000").mock(
            side_effect=[httpx.Response(503), _ok()]
        )
        async with make_client() as client:
            await vendor_items.update_price(client, VID, 12_000)
    assert route.call_count == 2
