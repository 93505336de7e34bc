"""Property tests: whatever Unicode goes into a query or a path segment, the request the client
sends verifies on FakeCoupang's independent signature check, and the values arrive intact.

In-process (asyncio and trio) with many examples; over a real loopback socket (uvicorn parses
the request line itself) with a few.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coupang_async import CoupangClient, products
from coupang_async.testing import FakeCoupang

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
INFLOW = f"{SP}/seller-products/inflow-status"

RESERVED = [*"&=+%#?/~ ;,:@$!'()*[]\\\"<>{}|^`", "%2B", "%20", "%%", "%zz", "+09:00"]
KOREAN_AND_EMOJI = ["한글", "상품명", "호떡 믹스", "😀", "👨‍👩‍👧", "🇰🇷", "ａ", "é", "\u200b", "\t"]
CHARS = st.one_of(
    st.sampled_from(RESERVED),
    st.sampled_from(KOREAN_AND_EMOJI),
    # Any code point a str can be sent with (lone surrogates cannot be encoded at all).
    st.characters(exclude_categories=["Cs"]),
)
VALUES = st.lists(CHARS, max_size=8).map("".join)
KEYS = st.one_of(st.sampled_from(["status", "q", "vendorId", ""]), VALUES)
# Lists of pairs: keys repeat (sampled from a small pool), values may be empty.
PARAMS = st.lists(st.tuples(KEYS, VALUES), max_size=6)
# Raw queries written straight into the URL: no "#" (it would start a fragment) and no control
# characters (httpx refuses a URL with those: InvalidURL, before anything is signed or sent).
RAW_QUERIES = st.lists(
    st.one_of(
        st.sampled_from([*RESERVED, "&", "="]),
        st.characters(exclude_categories=("Cs", "Cc")),
    ),
    max_size=20,
).map(lambda parts: "".join(parts).replace("#", ""))

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FEW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# One fake for the module: its state is never changed by these tests except product names and
# SKUs, which each example sets before reading.
FAKE = FakeCoupang(products=3, seed=31, requests_per_second=None, request_log_size=1)


def _client(**kwargs: Any) -> CoupangClient:
    options: dict[str, Any] = {"requests_per_second": None, "retry": FAST_RETRY}
    options.update(kwargs)
    return FAKE.client(**options)


async def _check_params(client: CoupangClient, params: list[tuple[str, str]]) -> None:
    response = await client.get(INFLOW, params=tuple(params))
    assert response.status_code == 200, response.text  # a bad signature is a 401
    record = FAKE.requests.last
    assert record is not None
    assert record.vendor_id == FAKE.vendor_id  # authenticated
    assert record.query_string == response.request.url.query  # the bytes signed are the bytes
    # Nothing lost or changed on the way: the gateway decodes exactly what was given (httpx
    # groups repeated keys together; the values of each key keep their order).
    received = parse_qsl(record.query_string.decode("ascii"), keep_blank_values=True)
    assert _by_key(received) == _by_key(params)


def _by_key(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


@SETTINGS
@given(params=PARAMS)
@example(params=[("q", "a+b"), ("q", "a%2Bb"), ("q", "~"), ("q", "")])
@example(params=[("createdAtFrom", "2025-07-15+09:00"), ("sellerProductName", "호떡 믹스")])
@example(params=[("q", "&=+%#?/~"), ("", "x"), ("q", " ")])
@example(params=[("emoji", "😀👨‍👩‍👧🇰🇷")])
async def test_arbitrary_query_values_verify(params: list[tuple[str, str]]) -> None:
    """Any Unicode keys and values (reserved characters, repeats, empties) verify and arrive
    unchanged."""
    async with _client() as client:
        await _check_params(client, params)


@SETTINGS
@given(raw=RAW_QUERIES)
@example(raw="q=a+b&q=a%2Bb&q=%7E&q=~&a=&=")
@example(raw="%%zz%2")
async def test_raw_queries_in_the_url_verify(raw: str) -> None:
    """A query written into the URL by hand is sent and signed as httpx puts it on the wire."""
    async with _client() as client:
        response = await client.get(f"{INFLOW}?{raw}")
    assert response.status_code == 200, response.text
    record = FAKE.requests.last
    assert record is not None
    assert record.query_string == response.request.url.query


# The listing takes names of 1..20 characters, not blank (a blank filter is an InvalidInputError).
NAMES = st.lists(CHARS, min_size=1, max_size=20).map("".join).filter(lambda s: 0 < len(s) <= 20)
NAMES = NAMES.filter(str.strip)


@SETTINGS
@given(name=NAMES)
@example(name="호떡 믹스+~")
@example(name="a&b=c#d?e/f%g")
async def test_listing_filter_by_any_name_finds_the_product(name: str) -> None:
    """`list_products(seller_product_name=...)` with any name signs, and the fake's filter
    receives the name intact (it finds the product renamed to it)."""
    product_id = FAKE.seller_product_ids()[0]
    FAKE.vendor().products[product_id].doc["sellerProductName"] = name
    async with _client() as client:
        page = await products.list_products(client, seller_product_name=name)
    assert product_id in [summary.seller_product_id for summary in page.items]


SKUS = st.lists(CHARS, min_size=1, max_size=12).map("".join)


@SETTINGS
@given(code=SKUS)
@example(code=".")
@example(code="..")
@example(code="a/b?c#d%e")
@example(code="한글 SKU+1")
@example(code="\n")  # the fake's route once failed to match a decoded newline
async def test_external_sku_lookup_with_any_code(code: str) -> None:
    """A SKU code is one percent-encoded path segment: any code signs and finds its product."""
    product_id = FAKE.seller_product_ids()[1]
    FAKE.vendor().products[product_id].items[0].doc["externalVendorSku"] = code
    async with _client() as client:
        found = await products.get_product_by_external_sku(client, code)
    assert product_id in [summary.seller_product_id for summary in found]


# --- over a real socket -------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def served() -> AsyncIterator[str]:
    """FAKE behind a real loopback server; yields its base URL."""
    async with FAKE.serve() as base_url:
        yield base_url


@pytest.mark.asyncio_only  # uvicorn needs asyncio
@FEW
@given(params=PARAMS)
@example(params=[("q", "&=+%#?/~"), ("", "x"), ("q", " "), ("q", "한글😀")])
async def test_arbitrary_query_values_verify_over_a_socket(
    served: str, params: list[tuple[str, str]]
) -> None:
    """Over a real socket too, any Unicode query verifies and arrives unchanged."""
    async with _client(base_url=served, transport=None, timeout=httpx.Timeout(10.0)) as client:
        await _check_params(client, params)


@pytest.mark.asyncio_only  # uvicorn needs asyncio
@FEW
@given(code=SKUS)
@example(code="a/b?c#d%e 한글")
async def test_external_sku_lookup_over_a_socket(served: str, code: str) -> None:
    """Over a real socket, any SKU code signs and finds its product."""
    product_id = FAKE.seller_product_ids()[1]
    FAKE.vendor().products[product_id].items[0].doc["externalVendorSku"] = code
    async with _client(base_url=served, transport=None, timeout=httpx.Timeout(10.0)) as client:
        found = await products.get_product_by_external_sku(client, code)
    assert product_id in [summary.seller_product_id for summary in found]
