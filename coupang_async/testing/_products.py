"""Product routes (``seller_api``, Coupang's documentation).

Life cycle in the fake (documented choices where Coupang's docs are silent):

* create with ``requested: false`` → SAVED (임시저장); ``requested: true`` → approval requested.
* an approval request (``PUT …/approvals`` from SAVED, or ``requested: true``) → APPROVED at once
  with vendorItemIds issued when ``auto_approve`` is on (default), else APPROVING (승인대기중) until
  a test calls ``fake.set_product_status()``.
* full update: allowed in SAVED, APPROVED, PARTIAL_APPROVED and DENIED; refused in APPROVING,
  IN_REVIEW and DELETED. For options that already have a vendorItemId, ``salePrice``,
  ``originalPrice`` and ``maximumBuyCount`` in the body are ignored (documented: "after approval …
  cannot be changed through the update API"); removing such an option is a 400. New options of an
  approved product are approved at once under ``auto_approve``, else the product goes to APPROVING.
  An update of a SAVED / DENIED product leaves it SAVED unless it says ``requested: true``.
* delete: refused while APPROVING, when already DELETED, or while any approved option is on sale;
  the product stays readable with status DELETED (상품삭제).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final

import orjson

from coupang_async.testing._categories import CATEGORIES, UNKNOWN_CATEGORY, predict
from coupang_async.testing._http import (
    Call,
    Response,
    format_dt,
    ok,
    parse_int,
    seller_error,
)
from coupang_async.testing._routing import SELLER_API, route
from coupang_async.testing._store import (
    SERVER_ITEM_FIELDS,
    SERVER_PRODUCT_FIELDS,
    STATUS_NAMES,
    SYSTEM_USER,
    Item,
    Product,
    VendorState,
)

if TYPE_CHECKING:
    from coupang_async.testing._routing import Gateway

MAX_QUANTITY: Final = 99_999
_DATETIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

_TOP_ENUMS: Final = {
    "deliveryMethod": frozenset(
        {
            "SEQUENCIAL",
            "COLD_FRESH",
            "MAKE_ORDER",
            "AGENT_BUY",
            "VENDOR_DIRECT",
            "INSTRUCTURE",
            "MAKE_ORDER_DIRECT",
        }
    ),
    "deliveryChargeType": frozenset(
        {
            "FREE",
            "NOT_FREE",
            "CHARGE_RECEIVED",
            "CONDITIONAL_FREE",
            "FREE_DELIVERY_OVER_9800",
            "FREE_DELIVERY_OVER_19800",
            "FREE_DELIVERY_OVER_30000",
        }
    ),
    "remoteAreaDeliverable": frozenset({"Y", "N"}),
    "unionDeliveryType": frozenset({"UNION_DELIVERY", "NOT_UNION_DELIVERY"}),
    "returnChargeVendor": frozenset({"Y", "N"}),
}
_ITEM_ENUMS: Final = {
    "adultOnly": frozenset({"ADULT_ONLY", "EVERYONE"}),
    "taxType": frozenset({"TAX", "FREE"}),
    "parallelImported": frozenset({"PARALLEL_IMPORTED", "NOT_PARALLEL_IMPORTED"}),
    "overseasPurchased": frozenset({"OVERSEAS_PURCHASED", "NOT_OVERSEAS_PURCHASED"}),
    "offerCondition": frozenset({"NEW", "REFURBISHED", "USED_BEST", "USED_GOOD", "USED_NORMAL"}),
}
_ITEM_DEFAULTS: Final = {
    "maximumBuyForPerson": 0,
    "maximumBuyForPersonPeriod": 1,
    "outboundShippingTimeDay": 1,
    "unitCount": 1,
    "adultOnly": "EVERYONE",
    "taxType": "TAX",
    "parallelImported": "NOT_PARALLEL_IMPORTED",
    "overseasPurchased": "NOT_OVERSEAS_PURCHASED",
    "pccNeeded": False,
    "offerCondition": "NEW",
}
_TOP_INTS: Final = ("displayCategoryCode", "outboundShippingPlaceCode")
_TOP_MONEY: Final = (
    "deliveryCharge",
    "freeShipOverAmount",
    "deliveryChargeOnReturn",
    "returnCharge",
)
_ITEM_INTS: Final = (
    "maximumBuyCount",
    "maximumBuyForPerson",
    "outboundShippingTimeDay",
    "maximumBuyForPersonPeriod",
    "unitCount",
)
_ITEM_MONEY: Final = ("originalPrice", "salePrice")
_ITEM_BOOLS: Final = ("pccNeeded", "emptyBarcode")
_REQUIRED_TOP: Final = (
    "sellerProductName",
    "vendorId",
    "saleStartedAt",
    "saleEndedAt",
    "deliveryMethod",
    "deliveryCompanyCode",
    "deliveryChargeType",
    "returnCenterCode",
)
_REQUIRED_ITEM: Final = ("itemName", "originalPrice", "salePrice", "maximumBuyCount")
# Fields of the partial update (Coupang's documentation); the last two live on every item.
_PARTIAL_TOP: Final = (
    "companyContactNumber",
    "deliveryCharge",
    "deliveryChargeOnReturn",
    "deliveryChargeType",
    "deliveryCompanyCode",
    "deliveryMethod",
    "extraInfoMessage",
    "freeShipOverAmount",
    "outboundShippingPlaceCode",
    "remoteAreaDeliverable",
    "returnAddress",
    "returnAddressDetail",
    "returnCenterCode",
    "returnCharge",
    "returnChargeName",
    "returnZipCode",
    "unionDeliveryType",
)
_DEFAULT_SAME_DAY: Final = {
    "active": False,
    "cutOffTimeHour": 0,
    "cutOffTimeMinute": 0,
    "cutOffTimeZone": "KR",
}
VIOLATION_TYPES: Final = frozenset({"NO_VA_V2", "MOTA_V2", "ATTR"})

# Documented messages; the fake's own wording is marked where a message is invented.
NOT_FOUND: Final = "존재하지 않는 등록상품아이디 [{id}]입니다."
ID_REQUIRED: Final = "업체상품아이디를 반드시 입력해주세요."
ID_MISMATCH: Final = "업체상품아이디를 다시 확인해주세요."
DELETED_PRODUCT: Final = "삭제된 상품은 변경이 불가능합니다."
APPROVING_PRODUCT: Final = "승인 대기중 상품은 수정할 수 없습니다."
CREATING_PRODUCT: Final = "생성이 진행중인 상품은 수정할 수 없습니다."
BAD_RETURN_CENTER: Final = "올바른 반품지 센터코드를 입력 하세요."
MANDATORY_ATTRIBUTE: Final = "카테고리의 필수 속성이 존재하지 않습니다."
NOTICE_MISMATCH: Final = (
    "입력된 상품필수 고지정보[{notice}]가 카테고리[{category}]에서 제공하는 것과 다릅니다."
)
APPROVED_ITEM_REMOVED: Final = "vendorItem로 생성된 아이템은 삭제가 불가능합니다."
NOT_DELETABLE: Final = (
    "업체상품[{id}]이 없거나 삭제가 불가능한 상태입니다. "
    "삭제는 '저장중', '임시저장' 상태에서만 가능합니다."
)
NOT_APPROVABLE: Final = "인벤토리({id})는 승인요청 상태가 아닙니다."
PRICE_UNIT: Final = "가격은 최소 10원 단위로 입력가능합니다. (1원단위 입력 불가)"
BAD_QUANTITY: Final = "유효하지 않은 재고수량입니다."
VENDOR_REQUIRED: Final = "업체코드는 반드시 입력되어야 합니다."
CREATED_AT_FORMAT: Final = "Format of createdAt is `yyyy-MM-dd`"
TIME_FRAME_TOO_WIDE: Final = "검색 허용 범위를 초과했습니다. 최대 허용 범위는 10분입니다."
FREE_OVER_19800: Final = (
    "배송비 종류가 19800이상 무료배송이면 조건부무료가 19800원, 초도배송비가 0원 입니다."
)
_PRODUCTS: Final = f"{SELLER_API}/seller-products"
_SPID: Final = rf"{_PRODUCTS}/(?P<spid>\d+)"


def _bad_value(path: str) -> Exception:
    # Coupang reports a JSON line ("입력값에 오류가 있습니다. line: 123"); the fake names the field.
    return seller_error(f"입력값에 오류가 있습니다. [{path}]")


def _missing(path: str) -> Exception:
    return seller_error(f"필수 입력값이 누락되었습니다. [{path}]")  # fake's wording


def _as_int(value: Any, path: str) -> int:
    if isinstance(value, bool):
        raise _bad_value(path)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _bad_value(path)


def _as_money(value: Any, path: str) -> float:
    if isinstance(value, bool):
        raise _bad_value(path)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise _bad_value(path)


def _as_bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _bad_value(path)


def _coerce(
    obj: dict[str, Any],
    ints: tuple[str, ...],
    money: tuple[str, ...],
    bools: tuple[str, ...],
    prefix: str,
) -> None:
    """Coupang accepts numbers and booleans sent as strings (documented) and stores them typed."""
    for key in ints:
        if obj.get(key) is not None:
            obj[key] = _as_int(obj[key], prefix + key)
    for key in money:
        if obj.get(key) is not None:
            obj[key] = _as_money(obj[key], prefix + key)
    for key in bools:
        if obj.get(key) is not None:
            obj[key] = _as_bool(obj[key], prefix + key)


def _check_enums(obj: dict[str, Any], enums: dict[str, frozenset[str]], prefix: str) -> None:
    for key, allowed in enums.items():
        value = obj.get(key)
        if value is not None and value not in allowed:
            raise _bad_value(prefix + key)


def _check_delivery(doc: dict[str, Any], vendor: VendorState) -> None:
    """Return center, outbound place and fee rules shared by create, update and partial update."""
    center = doc.get("returnCenterCode")
    if center is not None and str(center) not in vendor.return_center_codes() | {
        "NO_RETURN_CENTERCODE"
    }:
        raise seller_error(BAD_RETURN_CENTER)
    place = doc.get("outboundShippingPlaceCode")
    if place is None and doc.get("unionDeliveryType") == "UNION_DELIVERY":
        raise seller_error("묶음배송 상품은 출고지 코드를 입력해야 합니다.")  # fake's wording
    if place is not None and place not in vendor.shipping_place_codes():
        raise seller_error(f"출고지 코드[{place}]를 확인해 주세요.")  # fake's wording
    if doc.get("deliveryChargeType") == "FREE_DELIVERY_OVER_19800" and (
        doc.get("freeShipOverAmount") not in (None, 19800)
        or doc.get("deliveryChargeOnReturn") not in (None, 0)
    ):
        raise seller_error(FREE_OVER_19800)
    if doc.get("deliveryChargeType") == "CONDITIONAL_FREE" and not doc.get("freeShipOverAmount"):
        raise seller_error(
            "조건부 무료배송은 무료배송 기준금액을 입력해야 합니다."
        )  # fake's wording


def _check_price(value: float, path: str, *, positive: bool) -> None:
    if not value.is_integer() or int(value) % 10 or value < 0 or (positive and value == 0):
        if value <= 0 and positive:
            raise seller_error(f"판매가는 0원보다 커야 합니다. [{path}]")  # fake's wording
        raise seller_error(PRICE_UNIT)


def _normalise_body(call: Call, body: Any) -> dict[str, Any]:
    """Validate a create / full-update body and return a typed copy (unknown keys kept)."""
    if not isinstance(body, dict):
        raise seller_error("입력값에 오류가 있습니다. line: 1")
    doc: dict[str, Any] = orjson.loads(orjson.dumps(body))  # deep copy, JSON types only
    for key in _REQUIRED_TOP:
        if doc.get(key) in (None, ""):
            raise _missing(key)
    if doc["vendorId"] != call.vendor.vendor_id:
        raise seller_error(
            f"판매자 ID[{doc['vendorId']}]가 인증 정보와 일치하지 않습니다."
        )  # fake's
    name = doc["sellerProductName"]
    if not isinstance(name, str) or len(name) > 100:
        raise seller_error("등록상품명은 최대 100자까지 입력가능합니다.")  # fake's wording
    display = doc.get("displayProductName")
    if display is not None and (not isinstance(display, str) or len(display) > 100):
        raise seller_error("노출상품명은 최대 100자까지 입력가능합니다.")  # fake's wording
    for key in ("saleStartedAt", "saleEndedAt"):
        value = doc[key]
        if not isinstance(value, str) or not _DATETIME.fullmatch(value):
            raise _bad_value(key)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _bad_value(key) from None
        if parsed.year > 2099:
            raise _bad_value(key)
    if doc["saleEndedAt"] < doc["saleStartedAt"]:
        raise seller_error("판매종료일은 판매시작일 이후여야 합니다.")  # fake's wording
    _coerce(doc, _TOP_INTS, _TOP_MONEY, ("requested",), "")
    _check_enums(doc, _TOP_ENUMS, "")
    if doc.get("displayCategoryCode") is None:  # omitted: Coupang matches a category itself
        guessed = predict(name) or next(iter(CATEGORIES.values()))
        doc["displayCategoryCode"] = guessed.code
    category_code = doc["displayCategoryCode"]
    category = CATEGORIES.get(category_code)
    if category is None:
        raise seller_error(UNKNOWN_CATEGORY.format(code=category_code))
    _check_delivery(doc, call.vendor)

    items = doc.get("items")
    if not isinstance(items, list) or not items:
        raise _missing("items")
    names: set[str] = set()
    for index, item in enumerate(items):
        prefix = f"items[{index}]."
        if not isinstance(item, dict):
            raise _bad_value(f"items[{index}]")
        for key in _REQUIRED_ITEM:
            if item.get(key) in (None, ""):
                raise _missing(prefix + key)
        _coerce(item, _ITEM_INTS, _ITEM_MONEY, _ITEM_BOOLS, prefix)
        if item.get("sellerProductItemId") is not None:
            item["sellerProductItemId"] = _as_int(
                item["sellerProductItemId"], prefix + "sellerProductItemId"
            )
        if item.get("vendorItemId") is not None:
            item["vendorItemId"] = _as_int(item["vendorItemId"], prefix + "vendorItemId")
        _check_enums(item, _ITEM_ENUMS, prefix)
        item_name = item["itemName"]
        if not isinstance(item_name, str) or len(item_name) > 150:
            raise _bad_value(prefix + "itemName")
        if item_name in names:
            raise seller_error(f"옵션명[{item_name}]이 중복되었습니다.")  # fake's wording
        names.add(item_name)
        _check_price(item["salePrice"], prefix + "salePrice", positive=True)
        _check_price(item["originalPrice"], prefix + "originalPrice", positive=False)
        if not 0 <= item["maximumBuyCount"] <= MAX_QUANTITY:
            raise seller_error(BAD_QUANTITY)
        images = item.get("images")
        if not isinstance(images, list) or not any(
            isinstance(i, dict) and i.get("imageType") == "REPRESENTATION" for i in images
        ):
            raise seller_error("대표이미지(REPRESENTATION)는 반드시 등록해야 합니다.")  # fake's
        attributes = item.get("attributes") or []
        given = {
            a.get("attributeTypeName")
            for a in attributes
            if isinstance(a, dict) and a.get("attributeValueName") not in (None, "")
        }
        if any(required not in given for required in category.mandatory_attributes):
            raise seller_error(MANDATORY_ATTRIBUTE)
        for notice in item.get("notices") or []:
            notice_name = notice.get("noticeCategoryName") if isinstance(notice, dict) else None
            if notice_name != category.notice:
                raise seller_error(
                    NOTICE_MISMATCH.format(notice=notice_name, category=category.name)
                )
        for key, value in _ITEM_DEFAULTS.items():
            item.setdefault(key, value)
    return doc


def _new_item_doc(call: Call, item: dict[str, Any]) -> dict[str, Any]:
    sale = item["salePrice"]
    doc: dict[str, Any] = {
        "sellerProductItemId": call.gateway.ids.next_item_id(),
        "vendorItemId": None,
    }
    doc.update((k, v) for k, v in item.items() if k not in ("sellerProductItemId", "vendorItemId"))
    doc["supplyPrice"] = float(round(sale * 0.857 / 10) * 10)
    doc.setdefault("bestPriceGuaranteed3P", False)
    doc["saleAgentCommission"] = 10.0
    return doc


def approve(gateway: Gateway, vendor: VendorState, product: Product, stamp: str) -> None:
    """Issue vendorItemIds (and a display productId) and mark the product approved."""
    ids = gateway.ids
    for item in product.items:
        if item.marketplace and item.doc.get("vendorItemId") is None:
            item.doc["vendorItemId"] = ids.next_vendor_item_id()
        if item.rocket_growth is not None and item.rocket_growth.get("vendorItemId") is None:
            item.rocket_growth["vendorItemId"] = ids.next_vendor_item_id()
    doc = product.doc
    if doc.get("productId") is None:
        doc["productId"] = ids.next_product_id()
    if doc.get("mdId") is None:
        doc["mdId"] = "fakemd@"
    product.set_status("APPROVED")
    product.add_history(stamp, "승인대기중", SYSTEM_USER, "승인 관련 정보 생성 중")
    product.add_history(stamp, STATUS_NAMES["APPROVED"], SYSTEM_USER, "승인완료 - Items 생성 완료")
    vendor.index_items(product)


def _request_approval(call: Call, product: Product, stamp: str) -> None:
    product.add_history(stamp, "승인요청", call.vendor.vendor_name, "판매자 승인요청")
    if call.gateway.auto_approve:
        approve(call.gateway, call.vendor, product, stamp)
    else:
        product.set_status("APPROVING")
        product.add_history(stamp, STATUS_NAMES["APPROVING"], SYSTEM_USER, "승인 관련 정보 생성 중")


def _nested(data: Any) -> Response:
    """The create / update envelope: an outer string ``"200"`` around an OpenApiResult (§4.2)."""
    return ok(
        {"code": "200", "message": "", "data": {"code": "SUCCESS", "message": "", "data": data}}
    )


def _product(call: Call, seller_product_id: int) -> Product:
    product = call.vendor.products.get(seller_product_id)
    if product is None:
        raise seller_error(NOT_FOUND.format(id=seller_product_id))
    return product


# --- routes -------------------------------------------------------------------------------------


@route("POST", _PRODUCTS)
def create_product(call: Call) -> Response:
    """POST …/seller-products."""
    doc = _normalise_body(call, call.json())
    stamp = format_dt(call.kst_now())
    spid = call.gateway.ids.next_seller_product_id()
    category = CATEGORIES[doc["displayCategoryCode"]]
    items = [Item(_new_item_doc(call, item)) for item in doc["items"]]
    product_doc: dict[str, Any] = {"sellerProductId": spid}
    product_doc.update((k, v) for k, v in doc.items() if k != "sellerProductId")
    product_doc["items"] = [item.doc for item in items]
    product_doc.update(
        categoryId=category.category_id,
        productId=None,
        mdId=None,
        mdName=None,
        bundlePackingDelivery=None,
        exchangeType="AFTER",
        contributorType="API_SELLER",
    )
    product_doc.setdefault("requiredDocuments", [])
    product = Product(product_doc, items, status="SAVED", created_at=stamp)
    product.add_history(stamp, STATUS_NAMES["SAVED"], call.vendor.vendor_name, "판매자 임시저장")
    call.vendor.add_product(product)
    if doc.get("requested"):
        _request_approval(call, product, stamp)
    call.gateway.count_write(spid, "product_create")
    return _nested(spid)


@route("GET", _SPID)
def get_product(call: Call) -> Response:
    """GET …/seller-products/{sellerProductId}."""
    product = _product(call, call.int_param("spid"))
    return ok({"code": "SUCCESS", "message": "", "data": product.doc})


@route("PUT", _PRODUCTS)
def update_product(call: Call) -> Response:
    """PUT …/seller-products (full body, Coupang's documentation)."""
    body = call.json()
    if not isinstance(body, dict):
        raise seller_error("입력값에 오류가 있습니다. line: 1")
    if body.get("sellerProductId") in (None, ""):
        raise seller_error(ID_REQUIRED)
    spid = _as_int(body["sellerProductId"], "sellerProductId")
    product = _product(call, spid)
    _check_editable(product, allow_in_review=False)
    doc = _normalise_body(call, body)
    if doc["displayCategoryCode"] != product.doc.get("displayCategoryCode"):
        raise seller_error("등록된 상품의 노출카테고리는 변경할 수 없습니다.")  # fake's wording
    existing = {item.seller_product_item_id: item for item in product.items}
    kept: set[int] = set()
    new_items: list[Item] = []
    for index, item_body in enumerate(doc["items"]):
        item_id = item_body.get("sellerProductItemId")
        if item_id is None:
            new_items.append(Item(_new_item_doc(call, item_body)))
            continue
        old = existing.get(item_id)
        if old is None or item_id in kept:
            raise seller_error(f"옵션ID[{item_id}]를 확인해 주세요.")  # fake's wording
        vendor_item_id = item_body.get("vendorItemId")
        if vendor_item_id is not None and vendor_item_id != old.vendor_item_id:
            raise _bad_value(f"items[{index}].vendorItemId")
        kept.add(item_id)
        new_doc = dict(item_body)
        new_doc["vendorItemId"] = old.doc.get("vendorItemId")
        for key in SERVER_ITEM_FIELDS:
            if key in old.doc:
                new_doc[key] = old.doc[key]
        # offerCondition cannot change after creation; price, stock and original price of
        # approved options change only through the vendor-item APIs (the update keeps them).
        frozen: tuple[str, ...] = ("offerCondition",)
        if old.vendor_item_id is not None:
            frozen = ("offerCondition", "salePrice", "originalPrice", "maximumBuyCount")
        for key in frozen:
            if key in old.doc:
                new_doc[key] = old.doc[key]
        old.doc = new_doc
        new_items.append(old)
    for item_id, old in existing.items():
        if item_id not in kept and old.vendor_item_id is not None:
            raise seller_error(APPROVED_ITEM_REMOVED)
    new_doc_top: dict[str, Any] = {"sellerProductId": spid}
    new_doc_top.update((k, v) for k, v in doc.items() if k != "sellerProductId")
    for key in SERVER_PRODUCT_FIELDS:
        if key in product.doc:
            new_doc_top[key] = product.doc[key]
    new_doc_top["items"] = [item.doc for item in new_items]
    product.doc = new_doc_top
    product.items = new_items
    stamp = format_dt(call.kst_now())
    product.add_history(
        stamp, product.doc["statusName"], call.vendor.vendor_name, "판매자 상품 수정"
    )
    if product.status in ("SAVED", "DENIED"):
        product.set_status("SAVED")
        if doc.get("requested"):
            _request_approval(call, product, stamp)
    elif any(item.marketplace and item.vendor_item_id is None for item in product.items):
        if call.gateway.auto_approve:
            approve(call.gateway, call.vendor, product, stamp)
        else:
            product.set_status("APPROVING")
    call.vendor.index_items(product)
    call.gateway.count_write(spid, "product_update")
    return _nested(spid)


def _check_editable(product: Product, *, allow_in_review: bool) -> None:
    if product.status == "DELETED":
        raise seller_error(DELETED_PRODUCT)
    if product.status == "APPROVING":
        raise seller_error(APPROVING_PRODUCT)
    if product.status == "IN_REVIEW" and not allow_in_review:
        raise seller_error(CREATING_PRODUCT)


@route("PUT", rf"{_SPID}/partial")
def partial_update(call: Call) -> Response:
    """PUT …/seller-products/{sellerProductId}/partial (no approval needed)."""
    body = call.json()
    if not isinstance(body, dict):
        raise seller_error("입력값에 오류가 있습니다. line: 1")
    if body.get("sellerProductId") in (None, ""):
        raise seller_error(ID_REQUIRED)
    spid = call.int_param("spid")
    if _as_int(body["sellerProductId"], "sellerProductId") != spid:
        raise seller_error(ID_MISMATCH)
    product = _product(call, spid)
    _check_editable(product, allow_in_review=False)
    changes = {k: body[k] for k in _PARTIAL_TOP if k in body}
    _coerce(changes, ("outboundShippingPlaceCode",), _TOP_MONEY, (), "")
    _check_enums(changes, _TOP_ENUMS, "")
    item_changes = {k: body[k] for k in ("outboundShippingTimeDay", "pccNeeded") if k in body}
    _coerce(item_changes, ("outboundShippingTimeDay",), (), ("pccNeeded",), "")
    same_day = body.get("sameDayShipping")
    if same_day is not None:
        if not isinstance(same_day, dict) or not isinstance(same_day.get("active"), bool):
            raise _bad_value("sameDayShipping")
        hour = same_day.get("cutOffTimeHour")
        if same_day["active"] and not (isinstance(hour, int) and 10 <= hour <= 23):
            raise _bad_value("sameDayShipping.cutOffTimeHour")
        changes["sameDayShipping"] = same_day
    _check_delivery({**product.doc, **changes}, call.vendor)
    product.doc.update(changes)
    for item in product.items:
        item.doc.update(item_changes)
    stamp = format_dt(call.kst_now())
    product.add_history(
        stamp, product.doc["statusName"], call.vendor.vendor_name, "판매자 상품 부분 수정"
    )
    call.gateway.count_write(spid, "product_partial_update")
    return _nested(spid)


@route("GET", rf"{_SPID}/partial")
def get_partial(call: Call) -> Response:
    """GET …/seller-products/{sellerProductId}/partial (delivery and return fields)."""
    product = _product(call, call.int_param("spid"))
    doc = product.doc
    data: dict[str, Any] = {"sellerProductId": product.id}
    for key in _PARTIAL_TOP:
        data[key] = doc.get(key)
    first = product.items[0].doc if product.items else {}
    data["outboundShippingTimeDay"] = first.get("outboundShippingTimeDay")
    data["pccNeeded"] = first.get("pccNeeded")
    data["sameDayShipping"] = doc.get("sameDayShipping", _DEFAULT_SAME_DAY)
    return ok({"code": "SUCCESS", "message": "", "data": data})


@route("DELETE", _SPID)
def delete_product(call: Call) -> Response:
    """DELETE …/seller-products/{sellerProductId}."""
    spid = call.int_param("spid")
    product = call.vendor.products.get(spid)
    if (
        product is None
        or product.status in ("APPROVING", "DELETED")
        or any(item.on_sale and item.vendor_item_id is not None for item in product.items)
    ):
        raise seller_error(NOT_DELETABLE.format(id=spid))
    product.set_status("DELETED")
    for item in product.items:
        item.on_sale = False
    product.add_history(
        format_dt(call.kst_now()),
        STATUS_NAMES["DELETED"],
        call.vendor.vendor_name,
        "판매자 상품 삭제",
    )
    call.gateway.count_write(spid, "product_delete")
    return ok({"code": "SUCCESS", "message": "삭제되었습니다", "data": str(spid)})


@route("PUT", rf"{_SPID}/approvals")
def request_approval(call: Call) -> Response:
    """PUT …/seller-products/{sellerProductId}/approvals (only from SAVED)."""
    spid = call.int_param("spid")
    product = call.vendor.products.get(spid)
    if product is None or product.status != "SAVED":
        raise seller_error(NOT_APPROVABLE.format(id=spid))
    _request_approval(call, product, format_dt(call.kst_now()))
    call.gateway.count_write(spid, "product_approval")
    message = (
        f"{spid} 승인 요청되었습니다. "
        "승인 내용에 문제가 있을 경우 승인 요청이 처리되지 않을 수 있습니다."
    )
    return ok({"code": "SUCCESS", "message": message, "data": str(spid)})


def _check_vendor_query(call: Call) -> None:
    vendor_id = call.query.get("vendorId")
    if not vendor_id:
        raise seller_error(VENDOR_REQUIRED)
    if vendor_id != call.vendor.vendor_id:
        raise seller_error(f"판매자 ID[{vendor_id}]가 인증 정보와 일치하지 않습니다.")  # fake's


@route("GET", _PRODUCTS)
def list_products(call: Call) -> Response:
    """GET …/seller-products (nextToken paging, every documented filter).

    ``nextToken`` is the sellerProductId of the first product of the next page (products are
    ordered by id, oldest first), so paging is stable while products are created or deleted;
    ``1`` or no token starts at the beginning, ``""`` marks the last page.
    """
    query = call.query
    _check_vendor_query(call)
    token = query.get("nextToken")
    start = 0 if not token else parse_int(token, default=0)
    if start is None:
        raise seller_error("nextToken 값이 올바르지 않습니다.")  # fake's wording
    per_page = parse_int(query.get("maxPerPage"), default=10)
    if per_page is None or not 1 <= per_page <= 100:
        raise seller_error("maxPerPage는 1~100 사이의 숫자여야 합니다.")  # fake's wording
    status = query.get("status") or None
    if status is not None and status not in STATUS_NAMES:
        raise seller_error(f"유효하지 않은 상품 상태입니다. [{status}]")  # fake's wording
    name = query.get("sellerProductName") or None
    if name is not None and len(name) > 20:
        raise seller_error("등록상품명은 20자 이내로 입력해주세요.")  # fake's wording
    seller_product_id: int | None = None
    raw_id = query.get("sellerProductId")
    if raw_id:
        seller_product_id = parse_int(raw_id, default=0)
        if seller_product_id is None:
            raise _bad_value("sellerProductId")
    manufacture = query.get("manufacture") or None
    created_at = query.get("createdAt") or None
    if created_at is not None:
        if not _DATE.fullmatch(created_at):
            raise seller_error(CREATED_AT_FORMAT)
        try:
            dt.date.fromisoformat(created_at)
        except ValueError:
            raise seller_error(CREATED_AT_FORMAT) from None
    business = query.get("businessTypes") or None
    if business is not None and business != "rocketGrowth":
        raise seller_error(f"유효하지 않은 businessTypes입니다. [{business}]")  # fake's wording
    violations = frozenset(query.get_all("violationTypes")) - {""}
    if not violations <= VIOLATION_TYPES:
        raise seller_error("유효하지 않은 violationTypes입니다.")  # fake's wording
    and_or = query.get("violationTypeAndOr") or None
    if len(violations) >= 2 and and_or not in ("AND", "OR"):
        raise seller_error(
            "violationTypes가 2개 이상이면 violationTypeAndOr(AND/OR)를 입력해야 합니다."
        )
    rocket = business is not None

    def keep(product: Product) -> bool:
        if (product.is_rocket_growth if rocket else product.is_marketplace) is False:
            return False
        doc = product.doc
        if status is not None and product.status != status:
            return False
        if seller_product_id is not None and product.id != seller_product_id:
            return False
        if name is not None and not str(doc.get("sellerProductName", "")).startswith(name):
            return False
        if manufacture is not None and doc.get("manufacture") != manufacture:
            return False
        if created_at is not None and not product.created_at.startswith(created_at):
            return False
        if violations:
            if and_or == "AND":
                return violations <= product.violations
            return bool(violations & product.violations)
        return True

    vendor = call.vendor
    ids = vendor.product_ids
    index = bisect.bisect_left(ids, start)
    page: list[Product] = []
    next_token = ""
    while index < len(ids):
        product = vendor.products[ids[index]]
        index += 1
        if keep(product):
            if len(page) == per_page:
                next_token = str(product.id)
                break
            page.append(product)
    render = Product.rocket_growth_summary if rocket else Product.summary
    return ok(
        {
            "code": "SUCCESS",
            "message": "",
            "nextToken": next_token,
            "data": [render(product) for product in page],
        }
    )


@route("GET", f"{_PRODUCTS}/time-frame")
def list_time_frame(call: Call) -> Response:
    """GET …/seller-products/time-frame (window of at most 10 minutes, no paging)."""
    _check_vendor_query(call)
    bounds = []
    for key in ("createdAtFrom", "createdAtTo"):
        value = call.query.get(key)
        if value is None:
            raise _missing(key)
        if not _DATETIME.fullmatch(value):
            raise _bad_value(key)
        try:
            bounds.append(dt.datetime.fromisoformat(value))
        except ValueError:
            raise _bad_value(key) from None
    low, high = bounds
    if high < low or (high - low) > dt.timedelta(minutes=10):
        raise seller_error(TIME_FRAME_TOO_WIDE)
    low_s, high_s = format_dt(low), format_dt(high)
    data = [
        p.summary()
        for p in call.vendor.products.values()
        if p.is_marketplace and low_s <= p.created_at <= high_s
    ]
    return ok({"code": "SUCCESS", "message": "", "data": data})


@route("GET", rf"{_SPID}/histories")
def list_histories(call: Call) -> Response:
    """GET …/seller-products/{sellerProductId}/histories (page-number nextToken, ``code`` "200")."""
    product = _product(call, call.int_param("spid"))
    page = parse_int(call.query.get("nextToken"), default=1)
    per_page = parse_int(call.query.get("maxPerPage"), default=10)
    if page is None or page < 1:
        raise seller_error("nextToken 값이 올바르지 않습니다.")  # fake's wording
    if per_page is None or not 1 <= per_page <= 100:
        raise seller_error("maxPerPage는 1~100 사이의 숫자여야 합니다.")  # fake's wording
    newest_first = product.history[::-1]
    start = (page - 1) * per_page
    chunk = newest_first[start : start + per_page]
    next_token = str(page + 1) if start + per_page < len(newest_first) else ""
    return ok({"code": "200", "message": "", "nextToken": next_token, "data": chunk})


# The code is one percent-encoded segment on the wire; routes see the decoded path, where an
# encoded "/" (SKUs may contain one) is a plain slash: the code is the whole rest.
@route("GET", rf"{_PRODUCTS}/external-vendor-sku-codes/(?P<code>.+)")
def by_external_sku(call: Call) -> Response:
    """GET …/seller-products/external-vendor-sku-codes/{externalVendorSkuCode} (summaries)."""
    code = call.params["code"]
    data = [
        product.summary()
        for product in call.vendor.products.values()
        if any(str(item.doc.get("externalVendorSku")) == code for item in product.items)
    ]
    return ok({"code": "SUCCESS", "message": "", "data": data})


@route("GET", f"{_PRODUCTS}/inflow-status")
def inflow_status(call: Call) -> Response:
    """GET …/seller-products/inflow-status (registration quota)."""
    vendor = call.vendor
    registered = sum(1 for p in vendor.products.values() if p.status != "DELETED")
    return ok(
        {
            "code": "SUCCESS",
            "message": "",
            "data": {
                "vendorId": vendor.vendor_id,
                "restricted": False,
                "registeredCount": registered,
                "permittedCount": None,
            },
        }
    )
