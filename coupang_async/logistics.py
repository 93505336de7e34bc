"""Outbound shipping places (출고지) and return centers (반품지).

```python
from coupang_async import logistics

places = await logistics.list_outbound_shipping_places(client).to_list()
usable = [p.outbound_shipping_place_code for p in places if p.usable]

async for center in logistics.list_return_centers(client):
    print(center.return_center_code, center.shipping_place_name, center.deliver_name)
```

Their codes go into a product's ``outboundShippingPlaceCode`` and ``returnCenterCode``.

Creating and updating them (`create_outbound_shipping_place`, `update_outbound_shipping_place`,
`create_return_center`, `update_return_center`) takes a `ShippingPlaceRequest`:

```python
from coupang_async.models import PlaceAddress, ShippingPlaceRequest

place = ShippingPlaceRequest(
    user_id="wing-id",
    shipping_place_name="상품출고지 2",
    place_addresses=[
        PlaceAddress(address_type="JIBUN", country_code="KR", company_contact_number="02-1234-5678",
                     return_zip_code="10516", return_address="경기도 파주시 탄현면 월롱산로",
                     return_address_detail="294-58"),
    ],
)
code = await logistics.create_outbound_shipping_place(client, place)
```

Decisions:

* **Versions.** Outbound places: ``GET /v2/providers/marketplace_openapi/apis/api/v2/vendor/
  shipping-place/outbound`` (``version=2``, the 2026 docs) or ``…/api/v1/…`` (``version=1``);
  both answer a bare ``{"content": [...], "pagination": {...}}`` with no envelope. (The 2019
  ``openapi v4 outboundShippingCenters`` with an envelope is obsolete and not offered.) Return
  centers: ``GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters``
  (``version=5``, current) or ``…/v4/…``; both answer ``{"code": 200, "data": {"content",
  "pagination"}}``. The same code reads both shapes.
* **Writes** use the current v5 paths. Coupang answers ``{"code": "200", "data": {"resultCode":
  "SUCCESS" | "FAIL", "resultMessage": ...}}``: the outcome is judged on ``resultCode``
  (a ``FAIL`` inside an HTTP 200 is a `BusinessError` with Coupang's message), not only on the
  HTTP status. The fields Coupang documents limits for are checked before sending
  (`InvalidInputError` naming the field, e.g. ``place.place_addresses[0].return_zip_code``):
  the name (≤ 50 characters), phone numbers (``xx-yyy-zzzz``, 11–14 characters with the dashes),
  zip codes (5–6 digits), address lengths (150 / 200), country codes (2 letters), a ROADNAME
  address only next to a JIBUN one, one remote-area entry per courier (fees ≥ 0; the upper
  limits differ between Coupang's pages, so the gateway judges them), and for return centers
  the courier (HYUNDAI, KGB, EPOST, HANJIN, CJGLS, ILYANG), its contract number (and the
  customer number EPOST needs) and the twelve contracted rates (> 0). ``vendorId`` is filled in.
* **Creates are not idempotent** and never re-sent by the client: Coupang refuses a second
  place with the same name or address. After a lost reply, look the place up by name before
  creating it again. Updates replace the structure sent; the courier and contract of a return
  center and the domestic/overseas flag of a place cannot change (create a new one).
* **Paging.** Page numbers: ``pageNum`` (from 1) and ``pageSize`` (``max_per_page``, ≤ 50,
  default 50 here so a typical seller needs one request; ``page_size=`` is its deprecated
  spelling). A page's token is the next page number as text (``"2"``);
  the walk stops when ``pagination.currentPage >= pagination.totalPages`` (also when the
  pagination block is missing), so an empty listing is one request and no items.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from coupang_async._converter import MISSING as MISSING_VALUE
from coupang_async._converter import converter
from coupang_async._envelope import Envelope, structure_data
from coupang_async._errors import BusinessError, InvalidInputError, ResponseValidationError
from coupang_async._operation import Operation
from coupang_async._paging import PageNumber
from coupang_async._validate import (
    check_bool,
    check_int_range,
    check_page_size,
    check_positive_id,
    check_text,
    check_version,
    deprecated_alias,
    describe,
)
from coupang_async.models.logistics import (
    GoodsflowInfo,
    OutboundShippingPlace,
    PlaceAddress,
    RemoteInfo,
    ReturnCenter,
    ShippingPlaceRequest,
    ShippingPlaceResult,
)

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "MAX_PAGE_SIZE",
    "MAX_PER_PAGE",
    "RETURN_COURIERS",
    "create_outbound_shipping_place",
    "create_return_center",
    "list_outbound_shipping_places",
    "list_return_centers",
    "update_outbound_shipping_place",
    "update_return_center",
]

T = TypeVar("T")

#: The largest ``pageSize`` the gateway accepts.
MAX_PER_PAGE: Final = 50
#: The former name of `MAX_PER_PAGE`.
MAX_PAGE_SIZE: Final = MAX_PER_PAGE

_LIST_OUTBOUND_SHIPPING_PLACES: Final = Operation(
    "logistics.list_outbound_shipping_places",
    "GET",
    "/v2/providers/marketplace_openapi/apis/api/v{version}/vendor/shipping-place/outbound",
    returns=OutboundShippingPlace,
    version=2,
    versions=(1, 2),
    paging=PageNumber(),
)
_LIST_RETURN_CENTERS: Final = Operation(
    "logistics.list_return_centers",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/returnShippingCenters",
    returns=ReturnCenter,
    version=5,
    versions=(4, 5),
    paging=PageNumber(),
)


def _listing(
    client: CoupangClient,
    op: Operation[T],
    max_per_page: object,
    page_size: object,
    next_token: object,
    max_pages: object,
    version: int,
) -> AsyncPaginator[T]:
    check_version(version, op.versions)
    value = deprecated_alias("page_size", page_size, "max_per_page", max_per_page, MAX_PER_PAGE)
    field = "max_per_page" if page_size is None else "page_size"
    return client._list(
        op,
        page_size=check_page_size(value, MAX_PER_PAGE, field),
        next_token=next_token,
        max_pages=max_pages,
        version=version,
    )


def list_outbound_shipping_places(
    client: CoupangClient,
    *,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[1, 2] = 2,
    page_size: int | None = None,
) -> AsyncPaginator[OutboundShippingPlace]:
    """List the seller's outbound shipping places (출고지).

    `GET /v2/providers/marketplace_openapi/apis/api/v2/vendor/shipping-place/outbound`

    Args:
        client: the client.
        max_per_page: places per page, 1..50 (sent as ``pageSize``).
        next_token: resume from a `Page.next_token` (a page number as text).
        max_pages: stop after this many pages (None: walk to the end).
        version: 2 (current, default) or 1; same shape.
        page_size: deprecated spelling of ``max_per_page``.

    Returns:
        A paginator of `OutboundShippingPlace` (page-number paging).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    return _listing(
        client,
        _LIST_OUTBOUND_SHIPPING_PLACES,
        max_per_page,
        page_size,
        next_token,
        max_pages,
        version,
    )


def list_return_centers(
    client: CoupangClient,
    *,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4, 5] = 5,
    page_size: int | None = None,
) -> AsyncPaginator[ReturnCenter]:
    """List the seller's return centers (반품지).

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters`

    Args:
        client: the client.
        max_per_page: centers per page, 1..50 (sent as ``pageSize``).
        next_token: resume from a `Page.next_token` (a page number as text).
        max_pages: stop after this many pages (None: walk to the end).
        version: 5 (current, default) or 4; same shape.
        page_size: deprecated spelling of ``max_per_page``.

    Returns:
        A paginator of `ReturnCenter` (page-number paging).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    return _listing(
        client, _LIST_RETURN_CENTERS, max_per_page, page_size, next_token, max_pages, version
    )


# -- writes -------------------------------------------------------------------------------------

#: The couriers Coupang accepts for a return center's pick-up contract.
RETURN_COURIERS: Final = frozenset({"HYUNDAI", "KGB", "EPOST", "HANJIN", "CJGLS", "ILYANG"})
_FEES: Final = tuple(
    f"{prefix}_{weight}"
    for prefix in ("vendor_credit_fee", "vendor_cash_fee", "consumer_cash_fee", "return_fee")
    for weight in ("05kg", "10kg", "20kg")
)
_PHONE: Final = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
_ZIP: Final = re.compile(r"\d{5,6}")
_CODE: Final = re.compile(r"[1-9]\d{0,18}")
_V5: Final = "/v2/providers/openapi/apis/api/v5/vendors/{vendor_id}"

_CREATE_OUTBOUND: Final = Operation(
    "logistics.create_outbound_shipping_place",
    "POST",
    f"{_V5}/outboundShippingCenters",
    returns=Envelope,
)
_UPDATE_OUTBOUND: Final = Operation(
    "logistics.update_outbound_shipping_place",
    "PUT",
    f"{_V5}/outboundShippingCenters/{{outbound_shipping_place_code}}",
    returns=Envelope,
)
_CREATE_RETURN_CENTER: Final = Operation(
    "logistics.create_return_center", "POST", f"{_V5}/returnShippingCenters", returns=Envelope
)
_UPDATE_RETURN_CENTER: Final = Operation(
    "logistics.update_return_center",
    "PUT",
    f"{_V5}/returnShippingCenters/{{return_center_code}}",
    returns=Envelope,
)


def _optional_text(field: str, value: object, max_length: int) -> None:
    if value is None or value == "":
        return
    check_text(field, value, max_length=max_length)


def _check_address(field: str, address: object, *, outbound: bool) -> str:
    if not isinstance(address, PlaceAddress):
        raise InvalidInputError(
            field, f"must be a PlaceAddress, not {describe(address)}", value=address
        )
    kind = address.address_type
    if kind not in ("JIBUN", "ROADNAME", "OVERSEA"):
        raise InvalidInputError(
            f"{field}.address_type",
            f"must be JIBUN, ROADNAME or OVERSEA, not {describe(kind)}",
            value=kind,
        )
    country = address.country_code
    if (outbound or country) and (
        not isinstance(country, str) or len(country) != 2 or not country.isalpha()
    ):
        raise InvalidInputError(
            f"{field}.country_code",
            f"must be a 2-letter country code (KR), not {describe(country)}",
            value=country,
        )
    for name, required in (("company_contact_number", True), ("phone_number2", False)):
        phone = getattr(address, name)
        if not phone and not required:
            continue
        if not isinstance(phone, str) or not _PHONE.fullmatch(phone) or not 11 <= len(phone) <= 14:
            raise InvalidInputError(
                f"{field}.{name}",
                "must look like 02-1234-5678 (2-4, 3-4 and 4 digits; 11 to 14 characters with the"
                f" dashes), not {describe(phone)}",
                value=phone,
            )
    zip_code = address.return_zip_code
    if not isinstance(zip_code, str) or not _ZIP.fullmatch(zip_code):
        raise InvalidInputError(
            f"{field}.return_zip_code",
            f"must be 5 or 6 digits (a str), not {describe(zip_code)}",
            value=zip_code,
        )
    check_text(f"{field}.return_address", address.return_address, max_length=150)
    _optional_text(f"{field}.return_address_detail", address.return_address_detail, 200)
    return str(kind)


def _check_remote_infos(infos: object) -> None:
    if not infos:  # absent, null or empty
        return
    if not isinstance(infos, list):
        raise InvalidInputError(
            "place.remote_infos", f"must be a list, not {describe(infos)}", value=infos
        )
    couriers: set[str] = set()
    for index, info in enumerate(infos):
        field = f"place.remote_infos[{index}]"
        if not isinstance(info, RemoteInfo):
            raise InvalidInputError(
                field, f"must be a RemoteInfo, not {describe(info)}", value=info
            )
        courier = check_text(f"{field}.delivery_code", info.delivery_code)
        if courier in couriers and info.usable is not False:
            raise InvalidInputError(
                f"{field}.delivery_code",
                f"names {courier} twice (one entry per courier)",
                value=courier,
            )
        couriers.add(courier)
        for name in ("jeju_fee", "not_jeju_fee"):
            fee = getattr(info, name)
            if fee is not None and fee is not MISSING_VALUE:
                check_int_range(f"{field}.{name}", fee, 0, 10**7)


def _check_goodsflow(goods: object, *, create: bool) -> None:
    field = "center.goodsflow_info_open_api_dto"
    if not goods:
        if create:
            raise InvalidInputError(
                field, "is required: the courier contract and its rates", value=goods
            )
        return
    if not isinstance(goods, GoodsflowInfo):
        raise InvalidInputError(
            field, f"must be a GoodsflowInfo, not {describe(goods)}", value=goods
        )
    if create:
        courier = goods.deliver_code
        if courier not in RETURN_COURIERS:
            raise InvalidInputError(
                f"{field}.deliver_code",
                f"must be one of {', '.join(sorted(RETURN_COURIERS))}, not {describe(courier)}",
                value=courier,
            )
        check_text(f"{field}.contract_number", goods.contract_number)
        if courier == "EPOST":
            check_text(
                f"{field}.contract_customer_number",
                goods.contract_customer_number,
                blank_hint=" (EPOST needs the contract customer number)",
            )
    for name in _FEES:
        fee = getattr(goods, name)
        if (fee is None or fee is MISSING_VALUE) and not create:
            continue
        check_int_range(f"{field}.{name}", fee, 1, 10**7)


def _body(
    client: CoupangClient, request: object, *, argument: str, outbound: bool, create: bool
) -> dict[str, Any]:
    if not isinstance(request, ShippingPlaceRequest):
        raise InvalidInputError(
            argument, f"must be a ShippingPlaceRequest, not {describe(request)}", value=request
        )
    if request.vendor_id and request.vendor_id != client.vendor_id:
        raise InvalidInputError(
            f"{argument}.vendor_id",
            f"must be this client's vendor id ({client.vendor_id}) or left out",
            value=request.vendor_id,
        )
    check_text(
        f"{argument}.user_id", request.user_id, max_length=100, blank_hint=" (a WING login id)"
    )
    if create or request.shipping_place_name:
        check_text(f"{argument}.shipping_place_name", request.shipping_place_name, max_length=50)
    for name in ("usable", "global_"):
        value = getattr(request, name)
        if value is not None and value is not MISSING_VALUE:
            check_bool(f"{argument}.{name}", value)
    addresses = request.place_addresses
    if not isinstance(addresses, list) or not addresses:
        raise InvalidInputError(
            f"{argument}.place_addresses", "must hold at least one PlaceAddress", value=addresses
        )
    kinds = [
        _check_address(f"{argument}.place_addresses[{i}]", a, outbound=outbound)
        for i, a in enumerate(addresses)
    ]
    if "ROADNAME" in kinds and "JIBUN" not in kinds:
        raise InvalidInputError(
            f"{argument}.place_addresses",
            "has a ROADNAME address without a JIBUN one: Coupang wants both (or send the road-name"
            " address alone with address_type JIBUN)",
            value=addresses,
        )
    if outbound:
        _check_remote_infos(request.remote_infos)
    else:
        _check_goodsflow(request.goodsflow_info_open_api_dto, create=create)
    body: dict[str, Any] = converter.unstructure(request)
    body["vendorId"] = client.vendor_id
    return body


def _result(envelope: Envelope, what: str) -> str:
    """``data.resultMessage`` of a SUCCESS; a FAIL (or anything else) is a `BusinessError`."""
    result: ShippingPlaceResult = structure_data(
        envelope.data, ShippingPlaceResult, body=envelope.body, response=envelope.response
    )
    if result.result_code != "SUCCESS":
        response = envelope.response
        raise BusinessError(
            f"Coupang refused the {what}: {result.result_message or result.result_code}",
            response=response,
            status_code=response.status_code if response is not None else 200,
            code=str(result.result_code),
            body=envelope.body,
        )
    return str(result.result_message or "")


def _new_code(envelope: Envelope, text: str) -> str:
    if not _CODE.fullmatch(text.strip()):
        raise ResponseValidationError(
            "the create answer carries no code",
            errors=[f"expected a numeric code, got {describe(text)} @ $.data.resultMessage"],
            body=envelope.body,
            response=envelope.response,
        )
    return text.strip()


async def create_outbound_shipping_place(client: CoupangClient, place: ShippingPlaceRequest) -> int:
    """Create an outbound shipping place (출고지); its new code.

    `POST /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/outboundShippingCenters`

    Args:
        client: the client.
        place: ``user_id`` (WING login id), ``shipping_place_name`` (≤ 50 characters, unique),
            ``place_addresses`` (with ``country_code``), optionally ``usable``, ``global_``
            (overseas; cannot change later) and ``remote_infos``.

    Returns:
        The new ``outboundShippingPlaceCode``.

    Raises:
        InvalidInputError: a bad field (named); nothing is sent.
        BusinessError: Coupang answered ``resultCode: FAIL`` (e.g. the name or address exists).
    """
    body = _body(client, place, argument="place", outbound=True, create=True)
    envelope = await client._call(_CREATE_OUTBOUND, json=body)
    return int(_new_code(envelope, _result(envelope, "outbound shipping place")))


async def update_outbound_shipping_place(
    client: CoupangClient, outbound_shipping_place_code: int, place: ShippingPlaceRequest
) -> None:
    """Update an outbound shipping place (the structure sent replaces the stored one).

    `PUT /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/outboundShippingCenters/{code}`

    ``remote_infos`` entries without ``remote_info_id`` add a courier; with it and
    ``usable=False`` they delete one. Coupang's read API caches places for about an hour.

    Raises:
        InvalidInputError: a bad field (named); nothing is sent.
        BusinessError: Coupang answered ``resultCode: FAIL``.
    """
    code = check_positive_id("outbound_shipping_place_code", outbound_shipping_place_code)
    body = _body(client, place, argument="place", outbound=True, create=False)
    body["outboundShippingPlaceCode"] = code
    envelope = await client._call(_UPDATE_OUTBOUND, code, json=body)
    _result(envelope, "outbound shipping place update")


async def create_return_center(client: CoupangClient, center: ShippingPlaceRequest) -> str:
    """Create a return center (반품지) with its courier pick-up contract; its new code.

    `POST /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters`

    Args:
        client: the client.
        center: ``user_id``, ``shipping_place_name``, ``place_addresses`` and
            ``goodsflow_info_open_api_dto`` (`GoodsflowInfo`: the courier, the contract number,
            the contract customer number for EPOST and the twelve contracted rates in won).

    Returns:
        The new ``returnCenterCode`` (a string of digits, as products carry it).

    Raises:
        InvalidInputError: a bad field (named); nothing is sent.
        BusinessError: Coupang answered ``resultCode: FAIL`` (e.g. the same name and address
            exist already).
    """
    body = _body(client, center, argument="center", outbound=False, create=True)
    envelope = await client._call(_CREATE_RETURN_CENTER, json=body)
    return _new_code(envelope, _result(envelope, "return center"))


def _return_center_code(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(check_positive_id("return_center_code", value))
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value
    raise InvalidInputError(
        "return_center_code",
        f"must be a code of digits (str or int), not {describe(value)}",
        value=value,
    )


async def update_return_center(
    client: CoupangClient, return_center_code: str | int, center: ShippingPlaceRequest
) -> None:
    """Update a return center: its name, addresses, usability and contracted rates.

    `PUT /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters/{code}`

    The courier, the contract number and the contract customer number cannot change (create a
    new return center and repoint the products instead).

    Raises:
        InvalidInputError: a bad field (named); nothing is sent.
        BusinessError: Coupang answered ``resultCode: FAIL``.
    """
    code = _return_center_code(return_center_code)
    body = _body(client, center, argument="center", outbound=False, create=False)
    body["returnCenterCode"] = code
    envelope = await client._call(_UPDATE_RETURN_CENTER, code, json=body)
    _result(envelope, "return center update")
