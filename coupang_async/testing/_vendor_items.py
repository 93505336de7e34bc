"""Vendor-item (option) routes: inventory, price, quantity, original price, sales stop / resume.

Reference §5.12. Every change sets an absolute value and works only on options that have a
vendorItemId (issued on approval) and belong to a product that is not deleted. Rules:

* price: > 0, in 10-won units; without ``forceSalePriceUpdate=true`` the new price must lie within
  −50 % … +100 % of the current one (both bounds inclusive).
* quantity: 0 … 99 999 (the fake's bound; Coupang only documents "유효하지 않은 재고수량입니다.").
* original price (할인율 기준가): >= 0, in 10-won units.

Errors are HTTP 400 ``{"code":"ERROR","message":…,"data":null}`` with Coupang's wording
``"<operation>에 실패했습니다. [옵션ID[<id>] : <reason>]"``.
"""

from __future__ import annotations

from typing import Final

from coupang_async.testing._http import Call, Response, ok, seller_error
from coupang_async.testing._products import BAD_QUANTITY, MAX_QUANTITY, PRICE_UNIT
from coupang_async.testing._routing import SELLER_API, route
from coupang_async.testing._store import Item, Product

_PRICE_RANGE: Final = (
    "판매가 변경이 불가능합니다. 변경전 판매가의 최대 50% 인하/최대 100%인상까지 변경가능합니다."
)
_INVALID_ID: Final = "유효하지 않은 ID입니다."
_DELETED: Final = "삭제된 상품은 변경이 불가능합니다."
_VID: Final = rf"{SELLER_API}/vendor-items/(?P<vid>\d+)"


def _failed(operation: str, vendor_item_id: int, reason: str) -> Exception:
    return seller_error(f"{operation}에 실패했습니다. [옵션ID[{vendor_item_id}] : {reason}]")


def _writable(call: Call, operation: str) -> tuple[int, Product, Item]:
    vendor_item_id = call.int_param("vid")
    entry = call.vendor.vendor_items.get(vendor_item_id)
    if entry is None:
        raise _failed(operation, vendor_item_id, _INVALID_ID)
    product, item = entry
    if product.status == "DELETED":
        raise _failed(operation, vendor_item_id, _DELETED)
    return vendor_item_id, product, item


@route("GET", rf"{_VID}/inventories")
def get_inventory(call: Call) -> Response:
    """GET …/vendor-items/{vendorItemId}/inventories."""
    vendor_item_id = call.int_param("vid")
    entry = call.vendor.vendor_items.get(vendor_item_id)
    if entry is None:
        raise seller_error(_INVALID_ID)
    _, item = entry
    doc = item.doc
    return ok(
        {
            "code": "SUCCESS",
            "message": "",
            "data": {
                "sellerItemId": doc["sellerProductItemId"],
                "amountInStock": doc.get("maximumBuyCount"),
                "salePrice": int(doc["salePrice"]),
                "onSale": item.on_sale,
            },
        }
    )


@route("PUT", rf"{_VID}/prices/(?P<price>\d+)")
def update_price(call: Call) -> Response:
    """PUT …/vendor-items/{vendorItemId}/prices/{price}[?forceSalePriceUpdate=true]."""
    vendor_item_id, _, item = _writable(call, "가격변경")
    price = call.int_param("price")
    if price <= 0 or price % 10:
        raise _failed("가격변경", vendor_item_id, PRICE_UNIT)
    force = (call.query.get("forceSalePriceUpdate") or "").lower() == "true"
    current = int(item.doc["salePrice"])
    if not force and not (2 * price >= current and price <= 2 * current):
        raise _failed("가격변경", vendor_item_id, _PRICE_RANGE)
    item.doc["salePrice"] = float(price)
    call.gateway.count_write(vendor_item_id, "price")
    return ok({"code": "SUCCESS", "message": "가격 변경을 완료했습니다.", "data": None})


@route("PUT", rf"{_VID}/quantities/(?P<quantity>\d+)")
def update_quantity(call: Call) -> Response:
    """PUT …/vendor-items/{vendorItemId}/quantities/{quantity}."""
    vendor_item_id, _, item = _writable(call, "재고변경")
    quantity = call.int_param("quantity")
    if not 0 <= quantity <= MAX_QUANTITY:
        raise seller_error(BAD_QUANTITY)
    item.doc["maximumBuyCount"] = quantity
    call.gateway.count_write(vendor_item_id, "quantity")
    return ok({"code": "SUCCESS", "message": "재고 변경을 완료했습니다."})


@route("PUT", rf"{_VID}/original-prices/(?P<price>\d+)")
def update_original_price(call: Call) -> Response:
    """PUT …/vendor-items/{vendorItemId}/original-prices/{originalPrice}."""
    vendor_item_id, _, item = _writable(call, "할인율 기준가격 변경")
    price = call.int_param("price")
    if price % 10:
        raise _failed("할인율 기준가격 변경", vendor_item_id, PRICE_UNIT)
    item.doc["originalPrice"] = float(price)
    call.gateway.count_write(vendor_item_id, "original_price")
    return ok({"code": "SUCCESS", "message": "할인율 기준가격이 변경되었습니다.", "data": None})


@route("PUT", rf"{_VID}/sales/stop")
def stop_sales(call: Call) -> Response:
    """PUT …/vendor-items/{vendorItemId}/sales/stop."""
    vendor_item_id, _, item = _writable(call, "판매중지")
    item.on_sale = False
    call.gateway.count_write(vendor_item_id, "sales_stop")
    return ok({"code": "SUCCESS", "message": "판매 중지 처리되었습니다."})


@route("PUT", rf"{_VID}/sales/resume")
def resume_sales(call: Call) -> Response:
    """PUT …/vendor-items/{vendorItemId}/sales/resume."""
    vendor_item_id, _, item = _writable(call, "판매재개")
    item.on_sale = True
    call.gateway.count_write(vendor_item_id, "sales_resume")
    return ok({"code": "SUCCESS", "message": "판매가 재개되었습니다."})
