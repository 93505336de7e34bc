"""CEA HMAC signing: vectors from the vendor's own algorithm, and what reaches the wire."""

from __future__ import annotations

import logging
import urllib.parse
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from coupang_async import ConfigError, CoupangAuth

from .helpers import (
    ACCESS_KEY,
    BASE_URL,
    FIXED_NOW,
    SECRET_KEY,
    make_client,
    parse_authorization,
    seed_signature,
    verify_on_server,
)

pytestmark = pytest.mark.both_backends

RETURNS_PATH = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/returnRequests"
PRODUCTS_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"


def _sign(method: str, url: str, clock_value: datetime = FIXED_NOW) -> str:
    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY, clock=lambda: clock_value)
    request = httpx.Request(method, url)
    flow = auth.auth_flow(request)
    signed = next(flow)
    return signed.headers["Authorization"]


def test_seed_return_requests_vector() -> None:
    """The seed's returnRequests call signs to what the seed's own code computes."""
    query = urllib.parse.urlencode(
        {"createdAtFrom": "2018-08-08", "createdAtTo": "2018-08-08", "status": "UC"}
    )
    header = _sign("GET", f"{BASE_URL}{RETURNS_PATH}?{query}")
    expected = seed_signature(SECRET_KEY, "180809T010203Z", "GET", RETURNS_PATH, query)
    assert header == (
        f"CEA algorithm=HmacSHA256, access-key={ACCESS_KEY}, "
        f"signed-date=180809T010203Z, signature={expected}"
    )


def test_reference_message_vector() -> None:
    """The reference's constructed vector: the message is date+method+path+query verbatim."""
    path = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/returnRequests"
    query = "createdAtFrom=2018-08-09&createdAtTo=2018-08-09&status=UC"
    header = _sign("GET", f"{BASE_URL}{path}?{query}")
    message = f"180809T010203ZGET{path}{query}"
    assert message == (
        "180809T010203ZGET/v2/providers/openapi/apis/api/v4/vendors/A00012345/returnRequests"
        "createdAtFrom=2018-08-09&createdAtTo=2018-08-09&status=UC"
    )
    assert parse_authorization(header)["signature"] == seed_signature(
        SECRET_KEY, "180809T010203Z", "GET", path, query
    )


def test_korean_seller_product_name_vector() -> None:
    """A Korean sellerProductName query signs over its percent-encoded UTF-8 bytes."""
    query = urllib.parse.urlencode(
        {"vendorId": "A00012345", "sellerProductName": "테스트 상품 호떡믹스", "maxPerPage": 100}
    )
    assert "%ED%85%8C" in query  # the vector really exercises non-ASCII encoding
    header = _sign("GET", f"{BASE_URL}{PRODUCTS_PATH}?{query}")
    assert parse_authorization(header)["signature"] == seed_signature(
        SECRET_KEY, "180809T010203Z", "GET", PRODUCTS_PATH, query
    )


def test_post_without_query_signs_path_only() -> None:
    """A POST with no query signs date+method+path, as the seed's create-product sample does."""
    header = _sign("POST", f"{BASE_URL}{PRODUCTS_PATH}")
    assert parse_authorization(header)["signature"] == seed_signature(
        SECRET_KEY, "180809T010203Z", "POST", PRODUCTS_PATH, ""
    )


def test_signed_date_is_utc_whatever_the_clock_zone() -> None:
    """A clock in KST (+09:00) signs the same UTC date as the equivalent UTC clock."""
    kst = FIXED_NOW.astimezone(timezone(timedelta(hours=9)))
    assert parse_authorization(_sign("GET", f"{BASE_URL}/x", kst))["signed_date"] == (
        "180809T010203Z"
    )


def test_naive_clock_is_rejected() -> None:
    """A clock returning a naive datetime is a ConfigError, not a wrong signature."""
    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY, clock=lambda: datetime(2018, 8, 9))
    with pytest.raises(ConfigError, match="clock"):
        next(auth.auth_flow(httpx.Request("GET", f"{BASE_URL}/x")))


def test_system_clock_signed_date_format() -> None:
    """Without an injected clock the signed date is the current UTC time, seconds precision."""
    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY)
    stamp = auth.signed_date()
    parsed = datetime.strptime(stamp, "%y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - parsed).total_seconds()) < 5


TRICKY_PARAMS = [
    pytest.param({"sellerProductName": "한글 상품명"}, id="korean-and-space"),
    pytest.param({"q": "a+b"}, id="plus"),
    pytest.param({"q": "a%2Bb"}, id="literal-percent-2B"),
    pytest.param({"q": "~tilde~"}, id="tilde"),
    pytest.param([("status", "UC"), ("status", "RU")], id="repeated-keys"),
    pytest.param({"empty": "", "x": "1"}, id="empty-value"),
    pytest.param({"createdAtFrom": "2025-07-15+09:00"}, id="offset"),
    pytest.param({"q": "😀 & = ? / #"}, id="reserved-and-emoji"),
]


@pytest.mark.parametrize("params", TRICKY_PARAMS)
async def test_wire_bytes_verify_on_server(params: object) -> None:
    """Whatever httpx puts on the wire for tricky params, the server recomputes the signature."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": "SUCCESS", "message": "", "data": None})

    async with make_client(transport=httpx.MockTransport(handler)) as client:
        await client.get(PRODUCTS_PATH, params=params)  # type: ignore[arg-type]
    (request,) = seen
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])


@pytest.mark.parametrize(
    "raw_query",
    ["q=a+b", "q=a%2Bb", "q=%7E", "q=~", "a=1&a=2", "a=&b=", "createdAtFrom=2025-07-15%2B09:00"],
)
async def test_preencoded_query_is_signed_verbatim(raw_query: str) -> None:
    """A query already encoded in the URL is sent and signed byte for byte as given."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": "SUCCESS"})

    async with make_client(transport=httpx.MockTransport(handler)) as client:
        await client.get(f"{PRODUCTS_PATH}?{raw_query}")
    (request,) = seen
    assert request.url.raw_path == f"{PRODUCTS_PATH}?{raw_query}".encode()
    assert verify_on_server(request.url.raw_path, "GET", request.headers["Authorization"])


def test_repr_masks_access_key_and_hides_secret() -> None:
    """The auth object's repr masks the access key and never contains the secret."""
    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY)
    text = repr(auth) + repr(vars(auth))
    assert SECRET_KEY not in text
    assert ACCESS_KEY not in repr(auth)
    assert "0a1b" in repr(auth)


def test_repr_of_an_auth_whose_construction_failed() -> None:
    """An auth whose __init__ raised part-way (as a traceback with locals shows it) still has a
    repr instead of raising AttributeError."""
    import traceback

    assert repr(CoupangAuth.__new__(CoupangAuth)) == "CoupangAuth(not initialised)"
    with pytest.raises(ConfigError) as info:
        CoupangAuth("bad,key", SECRET_KEY)
    shown = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    assert "self = CoupangAuth(" in "".join(shown.format())


@pytest.mark.parametrize(
    ("access_key", "secret_key", "field"),
    [
        ("", SECRET_KEY, "access_key"),
        (ACCESS_KEY, "", "secret_key"),
        (None, SECRET_KEY, "access_key"),
        (ACCESS_KEY, 12345, "secret_key"),
        ("  ", SECRET_KEY, "access_key"),
        (f" {ACCESS_KEY}", SECRET_KEY, "access_key"),
        ("key,with,commas", SECRET_KEY, "access_key"),
    ],
)
def test_bad_keys_are_config_errors(access_key: object, secret_key: object, field: str) -> None:
    """Empty, non-string, padded or comma-laden keys fail at construction, naming the field."""
    with pytest.raises(ConfigError) as info:
        CoupangAuth(access_key, secret_key)  # type: ignore[arg-type]
    assert info.value.field == field
    assert SECRET_KEY not in str(info.value)


async def test_secret_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    """With debug logging on for httpx, httpcore and the library, no log line has the secret."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"code": "SUCCESS"})

    with caplog.at_level(logging.DEBUG):
        async with make_client(transport=httpx.MockTransport(handler)) as client:
            await client.get(PRODUCTS_PATH, params={"a": "b"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert SECRET_KEY not in text
    assert ACCESS_KEY not in text
