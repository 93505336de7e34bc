"""Registered products ("seller products"): read, create, edit, list.

```python
from coupang_async import products

product = await products.get_product(client, 30100307028)
product.items[0].sale_price = 12_000            # edit what you need...
await products.update_product(client, product)   # ...and send the WHOLE object back

async for summary in products.list_products(client, status="APPROVED"):
    print(summary.seller_product_id, summary.seller_product_name)
```

Paths live under `/v2/providers/seller_api/apis/api/v1/marketplace` (written `…` below).

**Editing is get → change → update.** A full update replaces the product with the body it is
given, so a field missing from the body is deleted on Coupang's side. `update_product` sends
`converter.unstructure(product)`: every field `get_product` received, known to this library or
not, exactly as received, with only your edits changed (see the README). Delivery and return
settings change without re-approval through `partial_update_product`. Price, stock and sale status
of approved options change through `coupang_async.vendor_items`, not through an update.

**Creating is never retried.** The client never re-sends a POST after it went out (a second
create would register a duplicate product). When `create_product` fails without an answer
(`APITimeoutError`, `APIConnectionError` with `request_sent`, `ServerError`), the product may or
may not exist: look it up before creating again, as Coupang's FAQ advises:

```python
try:
    seller_product_id = await products.create_product(client, body)
except (APIConnectionError, ServerError) as exc:
    if isinstance(exc, APIConnectionError) and not exc.request_sent:
        raise                                    # never reached Coupang: safe to send again
    found = await products.find_created_product(client, body)
    if found is None:
        ...   # not (yet) there: check again a little later, then create again
    seller_product_id = found.seller_product_id
```

This works when each new product carries an `externalVendorSku` on its options that no other
product uses (your own SKU, or your database id).

**Arguments are checked before anything is sent**; a bad one raises `InvalidInputError` naming
it: ids are positive ints, `seller_product_name` filters are 1..20 characters, `max_per_page`
1..100, `created_at` a `datetime.date`, time frames aware `datetime`s at most 10 minutes apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from coupang_async._converter import KST, WireModel, converter, format_timestamp
from coupang_async._envelope import Envelope
from coupang_async._errors import InvalidInputError, ResponseValidationError
from coupang_async._operation import Operation
from coupang_async._paging import NextToken, SinglePage
from coupang_async._validate import (
    check_aware_datetime,
    check_choices,
    check_date,
    check_max_pages,
    check_page_size,
    check_positive_id,
    check_text,
    check_token,
    describe,
    is_int,
)
from coupang_async.models.products import (
    InflowStatus,
    PartialProductUpdate,
    Product,
    ProductStatus,
    ProductStatusCode,
    ProductSummary,
    StatusHistoryEntry,
)

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "BUSINESS_TYPES",
    "CREATE_TIMEOUT",
    "MAX_NAME_FILTER_LENGTH",
    "MAX_PER_PAGE",
    "MAX_PRODUCT_NAME_LENGTH",
    "TIME_FRAME_LIMIT",
    "VIOLATION_TYPES",
    "BusinessType",
    "create_product",
    "delete_product",
    "find_created_product",
    "get_inflow_status",
    "get_partial_product",
    "get_product",
    "get_product_by_external_sku",
    "list_products",
    "list_products_by_time_frame",
    "list_status_history",
    "partial_update_product",
    "request_approval",
    "update_product",
]

_SP: Final = "/v2/providers/seller_api/apis/api/v1/marketplace"
_PRODUCTS: Final = f"{_SP}/seller-products"

#: The largest page the listing serves (its default is 10; we ask for the largest).
MAX_PER_PAGE: Final = 100
#: The listing's `sellerProductName` filter takes at most 20 characters.
MAX_NAME_FILTER_LENGTH: Final = 20
#: `sellerProductName` of a product: at most 100 characters.
MAX_PRODUCT_NAME_LENGTH: Final = 100
#: The widest window the time-frame listing accepts.
TIME_FRAME_LIMIT: Final = dt.timedelta(minutes=10)
#: Seconds the gateway may take for a create (`X-EXTENDED-TIMEOUT`; Coupang's guide uses 90 s).
CREATE_TIMEOUT: Final = 90.0

#: Values of the listing's `businessTypes` filter.
BusinessType = Literal["rocketGrowth"]
BUSINESS_TYPES: Final[frozenset[str]] = frozenset({"rocketGrowth"})
#: Values of the listing's `violationTypes` filter.
VIOLATION_TYPES: Final[frozenset[str]] = frozenset({"NO_VA_V2", "MOTA_V2", "ATTR"})

_ONE: Final = f"{_PRODUCTS}/{{seller_product_id}}"
_NONE = type(None)

# The operations of this module (the tests walk every declared operation).
_GET_PRODUCT: Final = Operation("products.get_product", "GET", _ONE, returns=Product)
_CREATE_PRODUCT: Final = Operation(
    "products.create_product", "POST", _PRODUCTS, returns=Envelope, extended_timeout=CREATE_TIMEOUT
)
_UPDATE_PRODUCT: Final = Operation("products.update_product", "PUT", _PRODUCTS, returns=Envelope)
_GET_PARTIAL_PRODUCT: Final = Operation(
    "products.get_partial_product", "GET", f"{_ONE}/partial", returns=PartialProductUpdate
)
_PARTIAL_UPDATE_PRODUCT: Final = Operation(
    "products.partial_update_product", "PUT", f"{_ONE}/partial", returns=_NONE
)
_DELETE_PRODUCT: Final = Operation("products.delete_product", "DELETE", _ONE, returns=_NONE)
_REQUEST_APPROVAL: Final = Operation(
    "products.request_approval", "PUT", f"{_ONE}/approvals", returns=_NONE
)
_GET_PRODUCT_BY_EXTERNAL_SKU: Final = Operation(
    "products.get_product_by_external_sku",
    "GET",
    f"{_PRODUCTS}/external-vendor-sku-codes/{{code}}",
    returns=list[ProductSummary],
)
_GET_INFLOW_STATUS: Final = Operation(
    "products.get_inflow_status", "GET", f"{_PRODUCTS}/inflow-status", returns=InflowStatus
)
_LIST_PRODUCTS: Final = Operation(
    "products.list_products", "GET", _PRODUCTS, returns=ProductSummary, paging=NextToken()
)
_LIST_STATUS_HISTORY: Final = Operation(
    "products.list_status_history",
    "GET",
    f"{_ONE}/histories",
    returns=StatusHistoryEntry,
    paging=NextToken(token_first=True),
)
_LIST_PRODUCTS_BY_TIME_FRAME: Final = Operation(
    "products.list_products_by_time_frame",
    "GET",
    f"{_PRODUCTS}/time-frame",
    returns=ProductSummary,
    paging=SinglePage(),
)


# -- argument checks -------------------------------------------------------------------------------


def _check_id(value: object, field: str) -> int:
    """`value` if it is a positive int (never a bool or a string)."""
    return check_positive_id(field, value)


def _check_text(
    value: object, field: str, *, max_length: int | None = None, is_filter: bool = True
) -> str:
    """`value` if it is a non-blank string of at most `max_length` characters (NFC)."""
    hint = " (pass None to leave the filter out)" if is_filter else ""
    return check_text(field, value, max_length=max_length, blank_hint=hint)


# The export reads the walk's cap with the same check.
_check_max_pages = check_max_pages


def _check_status(value: object) -> str:
    """A status filter as the code the listing takes (APPROVED, ...)."""
    if isinstance(value, ProductStatus):
        return value.value
    if isinstance(value, str):
        parsed = ProductStatus.parse(value.strip().upper() if value.isascii() else value)
        if isinstance(parsed, ProductStatus):
            return parsed.value
    codes = ", ".join(status.value for status in ProductStatus)
    raise InvalidInputError(
        "status",
        f"must be a ProductStatus or one of {codes} (or its Korean label), got {value!r}",
        value=value,
    )


def _snake_case_keys(body: Mapping[str, Any], model: type[WireModel]) -> list[str]:
    """Keys of `body` that are Python attribute names of `model` rather than wire keys."""
    names = {field.name for field in attrs.fields(model) if "_" in field.name}
    return [key for key in body if key in names]


def _as_body(value: object, model: type[WireModel], field: str) -> dict[str, Any]:
    """A request body from a model instance (unstructured) or a mapping (shallow copy)."""
    if isinstance(value, model):
        body: Any = converter.unstructure(value)
        return dict(body)
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise InvalidInputError(field, "must have string keys", value=value)
        wrong = _snake_case_keys(value, model)
        if wrong:
            raise InvalidInputError(
                field,
                f"has Python attribute names as keys ({', '.join(wrong)}); a mapping is sent "
                f"as is and needs Coupang's wire keys (camelCase), or pass a {model.__name__}",
                value=value,
            )
        return dict(value)
    raise InvalidInputError(
        field, f"must be a {model.__name__} or a mapping, not {describe(value)}", value=value
    )


def _wire_id(value: object) -> int | None:
    """A body's id as an int: the wire allows numbers and numeric strings."""
    if is_int(value):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return int(value.strip())
    return None


def _fill_vendor_id(body: dict[str, Any], client: CoupangClient, field: str) -> None:
    """Set `vendorId` when absent; refuse another vendor's id (the gateway would refuse it too)."""
    vendor_id = body.get("vendorId")
    if vendor_id is None:
        body["vendorId"] = client.vendor_id
    elif vendor_id != client.vendor_id:
        raise InvalidInputError(
            f"{field}.vendorId",
            f"is {vendor_id!r} but this client acts for {client.vendor_id!r}",
            value=vendor_id,
        )


def _check_items(body: Mapping[str, Any], field: str) -> None:
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise InvalidInputError(
            f"{field}.items",
            "must be a non-empty list of options (an update without them would delete them)",
            value=items,
        )


# -- response helpers ------------------------------------------------------------------------------


def _int_data(envelope: Envelope, what: str) -> int:
    value = _wire_id(envelope.data)
    if value is None:
        raise ResponseValidationError(
            f"the response does not carry {what}",
            errors=[f"expected {what} (an integer) @ $.data"],
            body=envelope.body,
            response=envelope.response,
        )
    return value


def _structure_list(envelope: Envelope, tp: type[Any]) -> list[Any]:
    if envelope.data is None:  # an empty result may come as null
        return []
    items: list[Any] = envelope.structure(list[tp])  # type: ignore[valid-type]
    return items


# -- one product -----------------------------------------------------------------------------------


async def get_product(client: CoupangClient, seller_product_id: int) -> Product:
    """Get a registered product with all its options.

    `GET …/seller-products/{sellerProductId}`

    Args:
        client: the client.
        seller_product_id: the registered product's id.

    Returns:
        The product, lossless: `update_product` sends back every field it carries.

    Raises:
        InvalidInputError: `seller_product_id` is not a positive int.
        BadRequestError: no such product (Coupang answers 400 "존재하지 않는 …").
    """
    return await client._call(_GET_PRODUCT, _check_id(seller_product_id, "seller_product_id"))


async def create_product(
    client: CoupangClient,
    product: Product | Mapping[str, Any],
    *,
    extended_timeout: float | None = CREATE_TIMEOUT,
) -> int:
    """Register a new product (saved, or saved and sent for approval when `requested` is true).

    `POST …/seller-products`

    Sent exactly once: the client never retries a POST that went out. See the module docstring
    for what to do after a timeout (`find_created_product`).

    Args:
        client: the client.
        product: the body, as a `Product` or a mapping with Coupang's wire keys.
            `vendorId` is filled in from the client when absent.
        extended_timeout: seconds the gateway may take (`X-EXTENDED-TIMEOUT`; creates are slow,
            the default gateway timeout is 3 s); None for the client's default.

    Returns:
        The new `sellerProductId`.

    Raises:
        InvalidInputError: the body is not a Product or mapping, has a `sellerProductId` (that
            is an update), another vendor's `vendorId`, no `sellerProductName` or one longer than
            100 characters, or no options.
        BadRequestError: Coupang rejected the body (its Korean message says why).
    """
    body = _as_body(product, Product, "product")
    if body.get("sellerProductId") is not None:
        raise InvalidInputError(
            "product.sellerProductId",
            "is set; a create makes a new product (use update_product to change this one, or "
            "clear the id to register a copy)",
            value=body["sellerProductId"],
        )
    _check_text(
        body.get("sellerProductName"),
        "product.sellerProductName",
        max_length=MAX_PRODUCT_NAME_LENGTH,
        is_filter=False,
    )
    _check_items(body, "product")
    _fill_vendor_id(body, client, "product")
    envelope = await client._call(_CREATE_PRODUCT, json=body, extended_timeout=extended_timeout)
    return _int_data(envelope, "the new sellerProductId")


async def update_product(client: CoupangClient, product: Product | Mapping[str, Any]) -> int:
    """Replace a product with `product` (changes to approved products need re-approval).

    `PUT …/seller-products`

    Get the product, change it, send it back whole: the body is exactly
    `converter.unstructure(product)`, so every field received (even fields this library does not
    know) goes back unchanged. An option left out of `items` is deleted (only options that were
    never approved can be). Sale price, stock and original price of approved options are changed
    through `coupang_async.vendor_items` instead.

    Args:
        client: the client.
        product: the whole product (from `get_product`), or a mapping with wire keys.
            `vendorId` is filled in from the client when absent.

    Returns:
        The `sellerProductId`.

    Raises:
        InvalidInputError: no positive `sellerProductId`, another vendor's `vendorId`, or no
            options.
        BadRequestError: Coupang refused (e.g. "승인 대기중 상품은 수정할 수 없습니다." while the
            product awaits approval).
    """
    body = _as_body(product, Product, "product")
    raw_id = body.get("sellerProductId")
    spid = _wire_id(raw_id)
    if spid is None or spid <= 0:
        raise InvalidInputError(
            "product.sellerProductId",
            f"must be the product's positive id (get the product first), got {raw_id!r}",
            value=raw_id,
        )
    _check_items(body, "product")
    _fill_vendor_id(body, client, "product")
    envelope = await client._call(_UPDATE_PRODUCT, json=body)
    return _int_data(envelope, "the sellerProductId")


async def get_partial_product(
    client: CoupangClient, seller_product_id: int
) -> PartialProductUpdate:
    """Get a product's delivery and return settings (the fields of a partial update).

    `GET …/seller-products/{sellerProductId}/partial`

    Raises:
        InvalidInputError: `seller_product_id` is not a positive int.
    """
    spid = _check_id(seller_product_id, "seller_product_id")
    return await client._call(_GET_PARTIAL_PRODUCT, spid)


async def partial_update_product(
    client: CoupangClient,
    seller_product_id: int,
    changes: PartialProductUpdate | Mapping[str, Any],
) -> None:
    """Change delivery and return settings without re-approval.

    `PUT …/seller-products/{sellerProductId}/partial`

    Only the fields set in `changes` are sent (delivery charges and type, courier,
    return center and address, outbound place and days, same-day shipping, ...).

    Args:
        client: the client.
        seller_product_id: the product's id.
        changes: a `PartialProductUpdate`, or a mapping with wire keys
            (`{"deliveryCharge": 2500}`). `sellerProductId` is set to `seller_product_id`.

    Raises:
        InvalidInputError: a bad id, a `sellerProductId` in `changes` that differs from
            `seller_product_id`, or nothing to change.
        BadRequestError: Coupang refused (e.g. while the product awaits approval).
    """
    spid = _check_id(seller_product_id, "seller_product_id")
    body = _as_body(changes, PartialProductUpdate, "changes")
    given = body.get("sellerProductId")
    if given is not None and _wire_id(given) != spid:
        raise InvalidInputError(
            "changes.sellerProductId",
            f"is {given!r} but seller_product_id is {spid}; they must be the same product",
            value=given,
        )
    if not any(key != "sellerProductId" for key in body):
        raise InvalidInputError("changes", "has nothing to change", value=changes)
    # The body must carry the path's id; written first, as in Coupang's examples.
    body = {"sellerProductId": spid if given is None else given, **body}
    await client._call(_PARTIAL_UPDATE_PRODUCT, spid, json=body)


async def delete_product(client: CoupangClient, seller_product_id: int) -> None:
    """Delete a product.

    `DELETE …/seller-products/{sellerProductId}`

    Coupang deletes only products that are not awaiting approval and whose options are all
    stopped (`vendor_items.stop_sales`); the product stays readable with status DELETED.

    Raises:
        InvalidInputError: `seller_product_id` is not a positive int.
        BadRequestError: not deletable now ("… 삭제가 불가능한 상태입니다.").
    """
    await client._call(_DELETE_PRODUCT, _check_id(seller_product_id, "seller_product_id"))


async def request_approval(client: CoupangClient, seller_product_id: int) -> None:
    """Send a saved product (status SAVED) for approval.

    `PUT …/seller-products/{sellerProductId}/approvals`

    Raises:
        InvalidInputError: `seller_product_id` is not a positive int.
        BadRequestError: the product is not in a state that allows it
            ("인벤토리(…)는 승인요청 상태가 아닙니다.").
    """
    await client._call(_REQUEST_APPROVAL, _check_id(seller_product_id, "seller_product_id"))


async def get_product_by_external_sku(client: CoupangClient, code: str) -> list[ProductSummary]:
    """The products with an option whose `externalVendorSku` is `code` (one code, many products).

    `GET …/seller-products/external-vendor-sku-codes/{externalVendorSkuCode}`

    The code is percent-encoded as one path segment, so Korean text, spaces, `/`, `?`, `#` and
    `%` are safe.

    Raises:
        InvalidInputError: `code` is not a non-empty string.
    """
    given: object = code  # checked at run time: callers may not be type-checked
    if not isinstance(given, str) or not given:
        raise InvalidInputError("code", f"must be a non-empty string, not {code!r}", value=code)
    return await client._call(_GET_PRODUCT_BY_EXTERNAL_SKU, code)


async def find_created_product(
    client: CoupangClient, product: Product | Mapping[str, Any]
) -> ProductSummary | None:
    """After a create that ended without an answer: the product it registered, if any.

    Looks up the first `externalVendorSku` of the body's options and returns the newest product
    with that SKU and the body's `sellerProductName`, or None. Make the SKU unique to the new
    product and the answer is unambiguous.

    `GET …/seller-products/external-vendor-sku-codes/{externalVendorSkuCode}`

    Raises:
        InvalidInputError: the body has no option with an `externalVendorSku`.
    """
    body = _as_body(product, Product, "product")
    items = body.get("items")
    skus = [
        str(item["externalVendorSku"])
        for item in (items if isinstance(items, list) else ())
        if isinstance(item, Mapping) and item.get("externalVendorSku") not in (None, "")
    ]
    if not skus:
        raise InvalidInputError(
            "product.items",
            "have no externalVendorSku: give each new product's options a SKU of their own so "
            "that a create without an answer can be looked up",
        )
    name = body.get("sellerProductName")
    found = [
        summary
        for summary in await get_product_by_external_sku(client, skus[0])
        if name is None or summary.seller_product_name == name
    ]
    if not found:
        return None
    return max(found, key=lambda s: (s.created_at or "", s.seller_product_id or 0))


async def get_inflow_status(client: CoupangClient) -> InflowStatus:
    """The vendor's registration quota: registered products, the limit, whether creating is off.

    `GET …/seller-products/inflow-status`
    """
    return await client._call(_GET_INFLOW_STATUS)


# -- listings --------------------------------------------------------------------------------------


def list_products(
    client: CoupangClient,
    *,
    status: ProductStatus | ProductStatusCode | None = None,
    seller_product_name: str | None = None,
    seller_product_id: int | None = None,
    manufacture: str | None = None,
    created_at: dt.date | None = None,
    business_types: BusinessType | Iterable[BusinessType] | None = None,
    violation_types: str | Iterable[str] | None = None,
    violation_type_and_or: Literal["AND", "OR"] | None = None,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[ProductSummary]:
    """Walk the vendor's products, page by page (nextToken paging). Nothing is sent until used.

    `GET …/seller-products?vendorId=&nextToken=&maxPerPage=&status=&…`

    ```python
    pager = products.list_products(client, status=ProductStatus.APPROVED)
    page = await pager                     # the first page
    async for summary in pager: ...        # every product, one page in memory at a time
    products.list_products(client, status="APPROVED", next_token=page.next_token)  # resume
    ```

    Args:
        client: the client.
        status: only products in this status (a `ProductStatus`, its code or its Korean label).
        seller_product_name: only products whose name starts with this (1..20 characters).
        seller_product_id: only this product.
        manufacture: only products of this manufacturer.
        created_at: only products registered on this day (a `datetime.date`, Korean time).
        business_types: "rocketGrowth": Rocket Growth and hybrid products only, with the ids of
            each option in both channels (`ProductSummary.items`).
        violation_types: only products flagged with these listing violations (NO_VA_V2,
            MOTA_V2, ATTR).
        violation_type_and_or: "AND" or "OR"; required with two or more violation types.
        max_per_page: products per page, 1..100 (default 100: fewest requests).
        next_token: resume from this token (a `Page.next_token` of an earlier walk).
        max_pages: stop after this many pages.

    Raises:
        InvalidInputError: at once, for a bad argument (nothing is sent).
        PaginationError: during the walk, when the gateway repeats a token.
    """
    params = _listing_query(
        client,
        status=status,
        seller_product_name=seller_product_name,
        seller_product_id=seller_product_id,
        manufacture=manufacture,
        created_at=created_at,
        business_types=business_types,
        violation_types=violation_types,
        violation_type_and_or=violation_type_and_or,
        max_per_page=max_per_page,
    )
    return client._list(_LIST_PRODUCTS, params, next_token=next_token, max_pages=max_pages)


def _listing_query(
    client: CoupangClient,
    *,
    status: object,
    seller_product_name: object,
    seller_product_id: object,
    manufacture: object,
    created_at: object,
    business_types: object,
    violation_types: object,
    violation_type_and_or: object,
    max_per_page: object,
) -> dict[str, Any]:
    """The listing's query (without nextToken), every argument checked (also used by export)."""
    params: dict[str, Any] = {"vendorId": client.vendor_id}
    if status is not None:
        params["status"] = _check_status(status)
    if seller_product_name is not None:
        params["sellerProductName"] = _check_text(
            seller_product_name, "seller_product_name", max_length=MAX_NAME_FILTER_LENGTH
        )
    if seller_product_id is not None:
        params["sellerProductId"] = _check_id(seller_product_id, "seller_product_id")
    if manufacture is not None:
        params["manufacture"] = _check_text(manufacture, "manufacture")
    if created_at is not None:
        params["createdAt"] = check_date("created_at", created_at).isoformat()
    if business_types is not None:
        params["businessTypes"] = check_choices("business_types", business_types, BUSINESS_TYPES)
    if violation_types is not None:
        violations = check_choices("violation_types", violation_types, VIOLATION_TYPES)
        params["violationTypes"] = violations
        if len(violations) >= 2 and violation_type_and_or is None:
            raise InvalidInputError(
                "violation_type_and_or",
                "must be 'AND' or 'OR' when two or more violation types are given",
            )
    if violation_type_and_or is not None:
        if violation_type_and_or not in ("AND", "OR"):
            raise InvalidInputError(
                "violation_type_and_or",
                f"must be 'AND' or 'OR', got {violation_type_and_or!r}",
                value=violation_type_and_or,
            )
        params["violationTypeAndOr"] = violation_type_and_or
    params["maxPerPage"] = check_page_size(max_per_page, MAX_PER_PAGE)
    return params


def _raw_listing_pager(
    client: CoupangClient, params: dict[str, Any], start: str | None, max_pages: int | None
) -> AsyncPaginator[Any]:
    """The listing walk for an already checked query with the items as received (not yet
    typed) and the `Envelope` as `Page.raw`, for the export: it structures them (with
    `_structure_list`) while the next page is on its way."""
    return client._list(_LIST_PRODUCTS, params, next_token=start, max_pages=max_pages, decode=False)


def list_status_history(
    client: CoupangClient,
    seller_product_id: int,
    *,
    max_per_page: int = 10,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[StatusHistoryEntry]:
    """Walk a product's status history, newest first (nextToken paging).

    `GET …/seller-products/{sellerProductId}/histories?nextToken=&maxPerPage=`

    Args:
        client: the client.
        seller_product_id: the product's id.
        max_per_page: entries per page, 1..100 (Coupang's default is 10).
        next_token: resume from this token.
        max_pages: stop after this many pages.

    Raises:
        InvalidInputError: at once, for a bad argument.
    """
    spid = _check_id(seller_product_id, "seller_product_id")
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    start = check_token(next_token)
    return client._list(
        _LIST_STATUS_HISTORY,
        args=(spid,),
        page_size=per_page,
        next_token=start,
        max_pages=max_pages,
    )


def list_products_by_time_frame(
    client: CoupangClient, *, created_at_from: dt.datetime, created_at_to: dt.datetime
) -> AsyncPaginator[ProductSummary]:
    """The products registered within a window of at most 10 minutes (one page, no paging).

    `GET …/seller-products/time-frame?vendorId=&createdAtFrom=&createdAtTo=`

    ```python
    page = await products.list_products_by_time_frame(
        client, created_at_from=start, created_at_to=start + timedelta(minutes=10)
    )
    ```

    Args:
        client: the client.
        created_at_from: the window's start, an aware datetime (sent in Korean time, to the
            second).
        created_at_to: the window's end, at most 10 minutes after the start.

    Raises:
        InvalidInputError: naive datetimes, an end before the start, or a window over 10 minutes.
    """
    low = check_aware_datetime("created_at_from", created_at_from).astimezone(KST)
    high = check_aware_datetime("created_at_to", created_at_to).astimezone(KST)
    low, high = low.replace(microsecond=0), high.replace(microsecond=0)
    if high < low:
        raise InvalidInputError(
            "created_at_to", f"must not be before created_at_from ({low})", value=created_at_to
        )
    if high - low > TIME_FRAME_LIMIT:
        raise InvalidInputError(
            "created_at_to",
            f"is {high - low} after created_at_from; Coupang allows at most 10 minutes",
            value=created_at_to,
        )
    params = {
        "vendorId": client.vendor_id,
        "createdAtFrom": format_timestamp(low),
        "createdAtTo": format_timestamp(high),
    }

    return client._list(_LIST_PRODUCTS_BY_TIME_FRAME, params)
