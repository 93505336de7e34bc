"""Property tests: no response body, however broken, escapes as anything but a CoupangError,
through the client and through every endpoint function."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coupang_async import (
    CoupangClient,
    CoupangError,
    PriceUpdate,
    RetryPolicy,
    bulk,
    logistics,
    orders,
    products,
)

from .helpers import make_client
from .operations import Row, all_rows

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/1"
STATUSES = st.sampled_from([200, 201, 204, 302, 400, 401, 403, 404, 410, 429, 500, 503, 504])
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json;charset=UTF-8",
        "text/html",
        "text/plain; charset=bogus-charset",
        "application/octet-stream",
        "",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["code", "message", "data", "nextToken", "transactionId", "messages"])
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


async def _exercise(status: int, content: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers)

    client = make_client(transport=httpx.MockTransport(handler), retry=RetryPolicy.disabled())
    async with client:
        with contextlib.suppress(CoupangError):
            await client.get(PATH)
        try:
            await client._request_envelope("GET", PATH)
        except CoupangError as exc:
            str(exc), repr(exc)  # rendering the error must not fail either


@SETTINGS
@given(status=STATUSES, content=st.binary(max_size=300), content_type=CONTENT_TYPES)
async def test_arbitrary_bytes(status: int, content: bytes, content_type: str) -> None:
    """Arbitrary body bytes under any status and content type raise only CoupangErrors."""
    await _exercise(status, content, content_type)


@SETTINGS
@given(status=STATUSES, body=JSON_VALUES)
@example(status=200, body={"code": "²"})
@example(status=200, body={"code": "200", "data": {"code": "٣٤٥"}})
async def test_arbitrary_json(status: int, body: Any) -> None:
    """Arbitrary JSON (envelope-like keys included) under any status raises only CoupangErrors."""
    await _exercise(status, orjson.dumps(body), "application/json")


# --- every endpoint function, whatever the body --------------------------------------------------

DAY = dt.date(2025, 7, 15)
NOW = dt.datetime(2025, 7, 15, 12, 0, tzinfo=dt.UTC)
Endpoint = Callable[[CoupangClient], Awaitable[Any]]


def _row_call(row: Row) -> Endpoint:
    return lambda c: row.call(c, 1)


# Every declared operation (its row in tests/operations/), plus what is not one operation.
ENDPOINTS: dict[str, Endpoint] = {
    **{row.op: _row_call(row) for row in all_rows()},
    "list_products_all_pages": lambda c: products.list_products(c).to_list(),
    "list_status_history_all_pages": lambda c: products.list_status_history(c, 1).to_list(),
    "list_order_sheets_all_pages": lambda c: orders.list_order_sheets(
        c, created_at_from=DAY, created_at_to=DAY, status="ACCEPT"
    ).to_list(),
    "list_outbound_shipping_places_all_pages": lambda c: logistics.list_outbound_shipping_places(
        c
    ).to_list(),
    "bulk_update_prices": lambda c: bulk.update_prices(c, [PriceUpdate(1, 1000)]),
}
# Keys the models and envelopes look for, so bodies often get past the first checks.
WIRE_KEYS = st.sampled_from(
    [
        "code", "message", "data", "nextToken", "content", "pagination", "currentPage",
        "totalPages", "sellerProductId", "items", "vendorItemId", "salePrice", "amountInStock",
        "onSale", "orderId", "shipmentBoxId", "orderItems", "orderedAt", "paidAt", "status",
        "createdAt", "attributes", "noticeCategories", "images", "returnItems", "receiptId",
        "exchangeId", "outboundShippingPlaceCode", "returnCenterCode", "placeAddresses",
        "shippingPrice", "units", "currencyCode", "predictedCategoryId", "statusName",
    ]
)  # fmt: skip
WIRE_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["SUCCESS", "ERROR", "200", "2025-07-15T12:00:00", "2025-07-15", "KRW"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(WIRE_KEYS | st.text(max_size=4), children, max_size=6)
    ),
    max_leaves=25,
)
ENVELOPES = st.one_of(
    WIRE_JSON,
    st.fixed_dictionaries(
        {"code": st.sampled_from(["SUCCESS", 200, "200"]), "data": WIRE_JSON},
        optional={"message": st.text(max_size=5), "nextToken": st.sampled_from(["", "2", None])},
    ),
)


@SETTINGS
@given(name=st.sampled_from(sorted(ENDPOINTS)), body=ENVELOPES)
async def test_every_endpoint_survives_any_json(name: str, body: Any) -> None:
    """Any JSON body, envelope-shaped or not, makes each endpoint function return its typed
    result or raise a CoupangError, never anything else (KeyError, TypeError, ...)."""
    content = orjson.dumps(body)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})

    client = make_client(transport=httpx.MockTransport(handler), retry=RetryPolicy.disabled())
    async with client:
        try:
            result = await ENDPOINTS[name](client)
        except CoupangError as exc:
            str(exc), repr(exc)
        else:
            repr(result)  # a typed result renders too
