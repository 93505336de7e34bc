"""Logistics writes: create and update outbound shipping places and return centers (v5 and v4).

Answers ``{"code": "200", "message": "SUCCESS", "data": {"resultCode": "SUCCESS",
"resultMessage": …}}`` (the new code as a string on creates, ``Modify successfully`` on updates).
A rule the body breaks is an HTTP 400 with Coupang's message; a duplicate (same name, or same
address) is answered like Coupang's gateway does for it: HTTP 200 whose ``data.resultCode`` is
``FAIL`` (so a client must judge the result code inside the body, not only the HTTP status).
Created places and centers appear in the listings at once (the real outbound listing is cached
for about an hour).
"""

from __future__ import annotations

import re
from typing import Any, Final

from coupang_async.testing._http import Call, Response, ok, openapi_error
from coupang_async.testing._routing import OPENAPI, VENDOR, route

RETURN_COURIERS: Final = frozenset({"HYUNDAI", "KGB", "EPOST", "HANJIN", "CJGLS", "ILYANG"})
_PHONE: Final = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
_ZIP: Final = re.compile(r"\d{5,6}")
_FEES: Final = tuple(
    f"{prefix}{weight}"
    for prefix in ("vendorCreditFee", "vendorCashFee", "consumerCashFee", "returnFee")
    for weight in ("05kg", "10kg", "20kg")
)
_BASE: Final = rf"{OPENAPI}/v(?P<version>[45]){VENDOR}"


def _result(code: str, message: str) -> Response:
    return ok(
        {
            "code": "200",
            "message": "SUCCESS",
            "data": {"resultCode": code, "resultMessage": message},
        }
    )


def _bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    return value in (True, "true", "TRUE", "True")


def _common(call: Call, body: Any, *, countries: bool) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        raise openapi_error("params are not allowed null...")
    if body.get("vendorId") != call.vendor.vendor_id:
        raise openapi_error("params's vendorId not equals gateway's vendorId!")
    if not body.get("userId"):
        raise openapi_error("params are not allowed null...")
    name = body.get("shippingPlaceName")
    if name is not None and (not isinstance(name, str) or len(name) > 50):
        raise openapi_error(
            "The max length of the shipping place name is 50, please input the correct length name"
        )
    addresses = body.get("placeAddresses")
    if not isinstance(addresses, list) or not addresses:
        raise openapi_error("The address detail info can't be null(placeAddress)")
    for address in addresses:
        if not isinstance(address, dict):
            raise openapi_error("The address detail info can't be null(placeAddress)")
        if not address.get("companyContactNumber"):
            raise openapi_error("Must input the default phone number(phoneNumber1)")
        for key in ("companyContactNumber", "phoneNumber2"):
            phone = address.get(key)
            if phone and (not _PHONE.fullmatch(str(phone)) or not 11 <= len(str(phone)) <= 14):
                raise openapi_error(
                    "The format of phone number is invalid, min length is 11 and max length is"
                    " 14 include the character '-'"
                )
        if not address.get("returnAddress"):
            raise openapi_error("Must input the default address(address1)")
        if not _ZIP.fullmatch(str(address.get("returnZipCode") or "")):
            raise openapi_error(
                "The format of postal code is invalid, it can only be number, min length is 5 and"
                " max length is 6"
            )
        if countries and len(str(address.get("countryCode") or "")) != 2:
            raise openapi_error(
                "The length of country code is 2, please input correct length country code"
            )
    return addresses


def _address_key(addresses: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((str(a.get("returnZipCode")), str(a.get("returnAddressDetail"))) for a in addresses)
    )


@route("POST", rf"{_BASE}/outboundShippingCenters")
def create_outbound_shipping_place(call: Call) -> Response:
    """POST …/v5/vendors/{vendorId}/outboundShippingCenters."""
    body = call.json()
    addresses = _common(call, body, countries=True)
    name = body.get("shippingPlaceName")
    if not name:
        raise openapi_error("params are not allowed null...")
    places = call.vendor.shipping_places
    if any(p["shippingPlaceName"] == name for p in places) or any(
        _address_key(p["placeAddresses"]) == _address_key(addresses) for p in places
    ):
        return _result("FAIL", "이미 등록된 정보가 존재합니다.")
    code = max((int(p["outboundShippingPlaceCode"]) for p in places), default=74000) + 17
    places.append(
        {
            "outboundShippingPlaceCode": code,
            "shippingPlaceName": name,
            "createDate": call.kst_now().strftime("%Y/%m/%d"),
            "placeAddresses": addresses,
            "remoteInfos": [
                {"remoteInfoId": code * 10 + i, "usable": True, **info}
                for i, info in enumerate(body.get("remoteInfos") or ())
            ],
            "usable": _bool(body.get("usable"), default=True),
        }
    )
    call.gateway.count_write(code, "outbound_create")
    return _result("SUCCESS", str(code))


@route("PUT", rf"{_BASE}/outboundShippingCenters/(?P<code>\d+)")
def update_outbound_shipping_place(call: Call) -> Response:
    """PUT …/v5/vendors/{vendorId}/outboundShippingCenters/{outboundShippingPlaceCode}."""
    body = call.json()
    addresses = _common(call, body, countries=True)
    code = call.int_param("code")
    if str(body.get("outboundShippingPlaceCode")) != str(code):
        raise openapi_error("The shippingPlaceId doesn't match~")
    place = next(
        (p for p in call.vendor.shipping_places if p["outboundShippingPlaceCode"] == code), None
    )
    if place is None:
        raise openapi_error(f"The shipping place {code} does not exist.")  # fake's wording
    if body.get("global") is not None and _bool(body.get("global"), default=False):
        return _result("FAIL", "국내/해외 출고지 구분은 변경할 수 없습니다.")  # fake's wording
    if body.get("shippingPlaceName"):
        place["shippingPlaceName"] = body["shippingPlaceName"]
    place["placeAddresses"] = addresses
    if body.get("usable") is not None:
        place["usable"] = _bool(body["usable"], default=True)
    infos = {i["remoteInfoId"]: i for i in place.get("remoteInfos") or ()}
    for info in body.get("remoteInfos") or ():
        ident = info.get("remoteInfoId")
        if ident is None:
            new_id = max(infos, default=code * 10) + 1
            infos[new_id] = {"remoteInfoId": new_id, "usable": True, **info}
        elif ident in infos:
            if info.get("usable") is False:
                del infos[ident]
            else:
                infos[ident].update(info)
    place["remoteInfos"] = list(infos.values())
    call.gateway.count_write(code, "outbound_update")
    return _result("SUCCESS", "Modify successfully")


def _fees(call: Call, goods: Any, *, create: bool) -> dict[str, Any]:
    if not isinstance(goods, dict):
        raise openapi_error("params are not allowed null...")
    if create:
        if goods.get("deliverCode") not in RETURN_COURIERS:
            raise openapi_error(f"Invalid deliverCode: {goods.get('deliverCode')}")  # fake's
        if not goods.get("contractNumber"):
            raise openapi_error("params are not allowed null...")
        if goods["deliverCode"] == "EPOST" and not goods.get("contractCustomerNumber"):
            raise openapi_error("서버 에러 (알 수 없는 에러 / 신규 에러)", 500)
    for key in _FEES:
        value = goods.get(key)
        try:
            ok_value = value is not None and int(value) > 0
        except (TypeError, ValueError):
            ok_value = False
        if not ok_value and (create or value is not None):
            raise openapi_error(f"{key} must be greater than 0.")  # fake's wording
    return goods


@route("POST", rf"{_BASE}/returnShippingCenters")
def create_return_center(call: Call) -> Response:
    """POST …/v5/vendors/{vendorId}/returnShippingCenters."""
    body = call.json()
    addresses = _common(call, body, countries=False)
    name = body.get("shippingPlaceName")
    if not name:
        raise openapi_error("params are not allowed null...")
    goods = _fees(call, body.get("goodsflowInfoOpenApiDto"), create=True)
    centers = call.vendor.return_centers
    if any(
        c["shippingPlaceName"] == name
        and _address_key(c["placeAddresses"]) == _address_key(addresses)
        for c in centers
    ):
        return _result("FAIL", "이미 등록된 정보가 존재합니다.")
    code = max((int(c["returnCenterCode"]) for c in centers), default=1_000_274_000) + 1_303
    center: dict[str, Any] = {
        "vendorId": call.vendor.vendor_id,
        "returnCenterCode": str(code),
        "shippingPlaceName": name,
        "deliverCode": goods["deliverCode"],
        "deliverName": goods.get("deliverName") or goods["deliverCode"],
        "goodsflowStatus": "승인완료",
        "errorMessage": "",
        "createdAt": int(call.now * 1000),
    }
    for key in _FEES:
        center[key] = int(goods[key])
    center["usable"] = True
    center["placeAddresses"] = addresses
    centers.append(center)
    call.gateway.count_write(code, "return_center_create")
    return _result("SUCCESS", str(code))


@route("PUT", rf"{_BASE}/returnShippingCenters/(?P<code>\d+)")
def update_return_center(call: Call) -> Response:
    """PUT …/v5/vendors/{vendorId}/returnShippingCenters/{returnCenterCode}."""
    body = call.json()
    addresses = _common(call, body, countries=False)
    code = call.params["code"]
    if str(body.get("returnCenterCode")) != code:
        raise openapi_error("The returnCenterCode doesn't match~")  # fake's wording
    center = next((c for c in call.vendor.return_centers if c["returnCenterCode"] == code), None)
    if center is None:
        raise openapi_error(f"The return center {code} does not exist.")  # fake's wording
    goods = body.get("goodsflowInfoOpenApiDto")
    if goods is not None:
        goods = _fees(call, goods, create=False)
        for key in ("deliverCode", "contractNumber", "contractCustomerNumber"):
            if goods.get(key) not in (None, center.get(key)):
                return _result("FAIL", "택배사 및 계약 정보는 변경할 수 없습니다.")  # fake's
        for key in _FEES:
            if goods.get(key) is not None:
                center[key] = int(goods[key])
    if body.get("shippingPlaceName"):
        center["shippingPlaceName"] = body["shippingPlaceName"]
    if body.get("usable") is not None:
        center["usable"] = _bool(body["usable"], default=True)
    center["placeAddresses"] = addresses
    call.gateway.count_write(int(code), "return_center_update")
    return _result("SUCCESS", "Modify successfully")
