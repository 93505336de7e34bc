"""Outbound shipping places (출고지) and return centers (반품지) (reference §6.3, §6.4).

```python
from coupang_async import logistics

places = await logistics.list_outbound_shipping_places(client).to_list()
usable = [p.outbound_shipping_place_code for p in places if p.usable]

async for center in logistics.list_return_centers(client):
    print(center.return_center_code, center.shipping_place_name, center.deliver_name)
```

Their codes go into a product's ``outboundShippingPlaceCode`` and ``returnCenterCode``.

Decisions:

* **Versions.** Outbound places: ``GET /v2/providers/marketplace_openapi/apis/api/v2/vendor/
  shipping-place/outbound`` (``version=2``, the 2026 docs) or ``…/api/v1/…`` (``version=1``);
  both answer a bare ``{"content": [...], "pagination": {...}}`` with no envelope. (The 2019
  ``openapi v4 outboundShippingCenters`` with an envelope is obsolete and not offered.) Return
  centers: ``GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters``
  (``version=5``, current) or ``…/v4/…``; both answer ``{"code": 200, "data": {"content",
  "pagination"}}``. The same code reads both shapes.
* **Paging.** Page numbers: ``pageNum`` (from 1) and ``pageSize`` (≤ 50, default 50 here so a
  typical seller needs one request). A page's token is the next page number as text (``"2"``);
  the walk stops when ``pagination.currentPage >= pagination.totalPages`` (also when the
  pagination block is missing), so an empty listing is one request and no items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal

from coupang_async._errors import InvalidInputError
from coupang_async._validate import describe
from coupang_async._windows import query_path
from coupang_async.models.logistics import (
    OutboundShippingPlace,
    OutboundShippingPlaceList,
    ReturnCenter,
    ReturnCenterList,
)
from coupang_async.pagination import AsyncPaginator, Page, next_page_number, normalize_token

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = ["MAX_PAGE_SIZE", "list_outbound_shipping_places", "list_return_centers"]

#: The largest ``pageSize`` the gateway accepts.
MAX_PAGE_SIZE: Final = 50


def _check_page_size(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("page_size", f"must be an int, not {describe(value)}", value=value)
    if not 1 <= value <= MAX_PAGE_SIZE:
        raise InvalidInputError(
            "page_size", f"must be between 1 and {MAX_PAGE_SIZE}, got {value}", value=value
        )
    return value


def _first_page(next_token: object) -> int:
    """The page number a walk starts from: 1, or the page a saved token names."""
    if next_token is None:
        return 1
    text = normalize_token(next_token) if isinstance(next_token, str) else None
    if text is None or not text.isascii() or not text.isdigit() or int(text) < 1:
        raise InvalidInputError(
            "next_token",
            f"must be a page number as text (a Page.next_token), not {describe(next_token)}",
            value=next_token,
        )
    return int(text)


def _page_listing(
    client: CoupangClient,
    path: str,
    page_type: type[OutboundShippingPlaceList] | type[ReturnCenterList],
    page_size: object,
    next_token: object,
) -> AsyncPaginator[Any]:
    size = _check_page_size(page_size)
    start = _first_page(next_token)

    async def fetch(token: str | None) -> Page[Any]:
        number = start if token is None else int(token)
        envelope = await client._request_envelope(
            "GET", query_path(path, [("pageNum", str(number)), ("pageSize", str(size))])
        )
        # Outbound places have no envelope (data is the whole body); return centers wrap the
        # same {content, pagination} in data. Either way `data` is that object.
        if envelope.data is None:
            return Page(items=[], next_token=None, token=token, raw=envelope.body)
        listing = envelope.structure(page_type)
        pagination = listing.pagination
        current = pagination.current_page if pagination else None
        total = pagination.total_pages if pagination else None
        return Page(
            items=listing.content or [],
            next_token=next_page_number(current if isinstance(current, int) else number, total),
            token=token,
            raw=envelope.body,
        )

    return AsyncPaginator(fetch, next_token=None if start == 1 else str(start))


def list_outbound_shipping_places(
    client: CoupangClient,
    *,
    page_size: int = MAX_PAGE_SIZE,
    next_token: str | None = None,
    version: Literal[1, 2] = 2,
) -> AsyncPaginator[OutboundShippingPlace]:
    """List the seller's outbound shipping places (출고지).

    `GET /v2/providers/marketplace_openapi/apis/api/v2/vendor/shipping-place/outbound`

    Args:
        client: the client.
        page_size: places per page, 1..50.
        next_token: resume from a `Page.next_token` (a page number as text).
        version: 2 (current, default) or 1; same shape.

    Returns:
        A paginator of `OutboundShippingPlace` (page-number paging).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    if version not in (1, 2) or isinstance(version, bool):
        raise InvalidInputError(
            "version", f"must be 1 or 2, not {describe(version)}", value=version
        )
    path = f"/v2/providers/marketplace_openapi/apis/api/v{version}/vendor/shipping-place/outbound"
    return _page_listing(client, path, OutboundShippingPlaceList, page_size, next_token)


def list_return_centers(
    client: CoupangClient,
    *,
    page_size: int = MAX_PAGE_SIZE,
    next_token: str | None = None,
    version: Literal[4, 5] = 5,
) -> AsyncPaginator[ReturnCenter]:
    """List the seller's return centers (반품지).

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/returnShippingCenters`

    Args:
        client: the client.
        page_size: centers per page, 1..50.
        next_token: resume from a `Page.next_token` (a page number as text).
        version: 5 (current, default) or 4; same shape.

    Returns:
        A paginator of `ReturnCenter` (page-number paging).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    if version not in (4, 5) or isinstance(version, bool):
        raise InvalidInputError(
            "version", f"must be 4 or 5, not {describe(version)}", value=version
        )
    path = (
        f"/v2/providers/openapi/apis/api/v{version}/vendors/{client.vendor_id}"
        "/returnShippingCenters"
    )
    return _page_listing(client, path, ReturnCenterList, page_size, next_token)
