"""Outbound shipping places (출고지) and return centers (반품지).

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
* **Paging.** Page numbers: ``pageNum`` (from 1) and ``pageSize`` (``max_per_page``, ≤ 50,
  default 50 here so a typical seller needs one request; ``page_size=`` is its deprecated
  spelling). A page's token is the next page number as text (``"2"``);
  the walk stops when ``pagination.currentPage >= pagination.totalPages`` (also when the
  pagination block is missing), so an empty listing is one request and no items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, TypeVar

from coupang_async._operation import Operation
from coupang_async._paging import PageNumber
from coupang_async._validate import check_page_size, check_version, deprecated_alias
from coupang_async.models.logistics import OutboundShippingPlace, ReturnCenter

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = ["MAX_PAGE_SIZE", "MAX_PER_PAGE", "list_outbound_shipping_places", "list_return_centers"]

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
