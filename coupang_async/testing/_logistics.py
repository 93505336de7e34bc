"""Outbound shipping places and return centers (as documented): ``pageNum`` / ``pageSize``.

The two differ in envelope, faithfully:

* outbound shipping places (``marketplace_openapi`` v1 and v2): **no envelope**, the top level is
  ``{"content": [...], "pagination": {...}}``;
* return centers (``openapi`` v4 and v5): ``{"code": 200, "message": "SUCCESS",
  "data": {"content": [...], "pagination": {...}}}``.

``pagination`` is ``{currentPage, totalPages, totalElements, countPerPage}`` with ``countPerPage``
equal to the requested page size; a client stops when ``currentPage >= totalPages``.
"""

from __future__ import annotations

from typing import Any, Final

from coupang_async.testing._http import Call, Response, ok, openapi_error, parse_int
from coupang_async.testing._routing import MARKETPLACE_OPENAPI, OPENAPI, VENDOR, route

MAX_PAGE_SIZE: Final = 50


def _pages(call: Call, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    page = parse_int(call.query.get("pageNum"), default=1)
    size = parse_int(call.query.get("pageSize"), default=10)
    if page is None or page < 1:
        raise openapi_error("pageNum must be 1 or greater.")  # fake's wording
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise openapi_error(f"pageSize must be between 1 and {MAX_PAGE_SIZE}.")  # fake's wording
    total = len(rows)
    content = rows[(page - 1) * size : page * size]
    pagination = {
        "currentPage": page,
        "totalPages": (total + size - 1) // size,
        "totalElements": total,
        "countPerPage": size,
    }
    return content, pagination


@route("GET", rf"{MARKETPLACE_OPENAPI}/v(?P<version>[12])/vendor/shipping-place/outbound")
def list_outbound_shipping_places(call: Call) -> Response:
    """GET /v2/providers/marketplace_openapi/apis/api/v1|v2/vendor/shipping-place/outbound."""
    query = call.query
    places = call.vendor.shipping_places
    codes = query.get("placeCodes")
    names = query.get("placeNames")
    if codes or names:
        wanted_codes: set[int] = set()
        for code in (codes or "").split(","):
            if code.strip():
                parsed = parse_int(code.strip(), default=0)
                if parsed is None:
                    raise openapi_error(f"Invalid placeCodes: {codes}.")  # fake's wording
                wanted_codes.add(parsed)
        wanted_names = {n.strip() for n in (names or "").split(",") if n.strip()}
        content = [
            p
            for p in places
            if p["outboundShippingPlaceCode"] in wanted_codes
            or p["shippingPlaceName"] in wanted_names
        ]
        pagination = {
            "currentPage": 1,
            "totalPages": 1 if content else 0,
            "totalElements": len(content),
            "countPerPage": len(content),
        }
        return ok({"content": content, "pagination": pagination})
    if query.get("pageNum") is None:
        raise openapi_error("pageNum is required.")  # fake's wording
    content, pagination = _pages(call, places)
    return ok({"content": content, "pagination": pagination})


@route("GET", rf"{OPENAPI}/v(?P<version>[45]){VENDOR}/returnShippingCenters")
def list_return_centers(call: Call) -> Response:
    """GET /v2/providers/openapi/apis/api/v4|v5/vendors/{vendorId}/returnShippingCenters."""
    content, pagination = _pages(call, call.vendor.return_centers)
    return ok(
        {
            "code": 200,
            "message": "SUCCESS",
            "data": {"content": content, "pagination": pagination},
        }
    )
