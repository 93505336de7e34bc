"""The fake verifies every request like the gateway: signatures, header format, expiry, keys."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from coupang_async.testing import FakeCoupang
from coupang_async.testing._signing import Verifier, parse_authorization
from tests.testing.signer import SP, Api, Clock, authorization

pytestmark = pytest.mark.both_backends

LISTING = f"{SP}/seller-products"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _assert_gateway_401(body: dict[str, object], message: str) -> None:
    assert body["code"] == "ERROR"
    assert body["message"] == message
    assert isinstance(body["transactionId"], str)
    assert UUID.fullmatch(body["transactionId"])


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param([("sellerProductName", "호떡믹스")], id="korean"),
        pytest.param([("sellerProductName", "호떡 믹스")], id="space-as-plus"),
        pytest.param([("sellerProductName", "a+b")], id="plus-as-%2B"),
        pytest.param([("sellerProductName", "a~b")], id="tilde"),
        pytest.param([("manufacture", "")], id="empty-value"),
        pytest.param(
            [
                ("violationTypes", "ATTR"),
                ("violationTypes", "MOTA_V2"),
                ("violationTypeAndOr", "OR"),
            ],
            id="repeated-keys",
        ),
    ],
)
async def test_valid_signatures_are_accepted_for_tricky_queries(
    api: Api, fake: FakeCoupang, extra: list[tuple[str, str]]
) -> None:
    """Signatures over Korean, spaces, +, %2B, ~, repeated keys and empty values verify."""
    response = await api.get(LISTING, [("vendorId", fake.vendor_id), *extra])
    assert response.status_code == 200, response.text
    assert response.json()["code"] == "SUCCESS"


@pytest.mark.parametrize(
    "query",
    [
        "sellerProductName=%ED%98%B8%EB%96%A1&vendorId=A00012345",
        "vendorId=A00012345&sellerProductName=a%20b",
        "vendorId=A00012345&sellerProductName=a%2Bb",
        "vendorId=A00012345&sellerProductName=a~b&manufacture=",
    ],
)
async def test_the_signature_covers_the_exact_query_bytes(
    api: Api, fake: FakeCoupang, query: str
) -> None:
    """Any parameter order and encoding verifies as long as the signed bytes are the sent bytes."""
    response = await api.get(LISTING, query=query)
    assert response.status_code == 200, response.text
    assert fake.requests[-1].query == query


async def test_signature_over_the_decoded_query_is_rejected(api: Api, clock: Clock) -> None:
    """Signing the decoded Korean text instead of its percent-encoding fails as on the gateway."""
    query = "vendorId=A00012345&sellerProductName=" + quote("호떡")
    header = authorization(
        "GET",
        LISTING,
        "vendorId=A00012345&sellerProductName=호떡",
        access_key=api.access_key,
        secret_key=api.secret_key,
        now=clock.datetime,
    )
    response = await api.get(LISTING, query=query, header=header)
    assert response.status_code == 401
    _assert_gateway_401(response.json(), "Invalid signature.")


async def test_partners_style_header_without_spaces_is_accepted(api: Api, clock: Clock) -> None:
    """The ``,``-separated header of the Partners generator verifies too."""
    query = "vendorId=A00012345"
    header = authorization(
        "GET",
        LISTING,
        query,
        access_key=api.access_key,
        secret_key=api.secret_key,
        now=clock.datetime,
        separator=",",
    )
    assert (await api.get(LISTING, query=query, header=header)).status_code == 200


async def test_missing_authorization_header_is_not_authorized(fake: FakeCoupang) -> None:
    """A request without Authorization gets the gateway's "Request is not authorized." body."""
    import httpx

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fake), base_url=fake.base_url
    ) as http:
        response = await http.get(LISTING, params={"vendorId": fake.vendor_id})
    assert response.status_code == 401
    body = response.json()
    _assert_gateway_401(body, "Request is not authorized.")
    assert set(body["messages"]) == {"korean", "english"}


@pytest.mark.parametrize(
    "header",
    [
        "Bearer abc",
        "CEA",
        "CEA algorithm=HmacSHA1, access-key=fake-access-key, signed-date=260115T030000Z, "
        "signature=" + "0" * 64,
        "CEA algorithm=HmacSHA256, access-key=fake-access-key, signed-date=260115T030000Z",
        "CEA algorithm=HmacSHA256, access-key=fake-access-key, signed-date=2026-01-15, "
        "signature=" + "0" * 64,
        "CEA algorithm=HmacSHA256, access-key=fake-access-key, signed-date=261315T030000Z, "
        "signature=" + "0" * 64,
        "CEA algorithm=HmacSHA256, access-key=fake-access-key, signed-date=260115T030000Z, "
        "signature=xyz",
        "CEA algorithm=HmacSHA256, access-key=a, access-key=b, signed-date=260115T030000Z, "
        "signature=" + "0" * 64,
    ],
    ids=[
        "scheme",
        "empty",
        "algorithm",
        "no-signature",
        "iso-date",
        "month-13",
        "not-hex",
        "duplicate-field",
    ],
)
async def test_malformed_headers_are_hmac_format_errors(api: Api, header: str) -> None:
    """Every malformed header answers 401 "HMAC format is invalid."."""
    response = await api.get(LISTING, {"vendorId": "A00012345"}, header=header)
    assert response.status_code == 401
    _assert_gateway_401(response.json(), "HMAC format is invalid.")


async def test_wrong_secret_is_an_invalid_signature(api: Api) -> None:
    """A signature made with another secret answers 401 "Invalid signature."."""
    response = await api.get(LISTING, {"vendorId": "A00012345"}, secret_key="not-the-secret")
    assert response.status_code == 401
    _assert_gateway_401(response.json(), "Invalid signature.")


async def test_uppercase_hex_signature_is_rejected(api: Api, clock: Clock) -> None:
    """The signature must be lowercase hex, as every official sample produces."""
    header = authorization(
        "GET",
        LISTING,
        "vendorId=A00012345",
        access_key=api.access_key,
        secret_key=api.secret_key,
        now=clock.datetime,
    )
    head, _, signature = header.rpartition("=")
    response = await api.get(
        LISTING, query="vendorId=A00012345", header=f"{head}={signature.upper()}"
    )
    assert response.status_code == 401
    _assert_gateway_401(response.json(), "Invalid signature.")


async def test_method_is_part_of_the_signature(api: Api, clock: Clock, fake: FakeCoupang) -> None:
    """A GET signature replayed on a PUT does not verify."""
    vid = fake.vendor_item_ids(writable=True)[0]
    path = f"{SP}/vendor-items/{vid}/sales/stop"
    header = authorization(
        "GET", path, "", access_key=api.access_key, secret_key=api.secret_key, now=clock.datetime
    )
    response = await api.put(path, header=header)
    assert response.status_code == 401
    assert fake.writes(vid) == {}


async def test_unknown_access_key_gets_the_unknown_error_message(api: Api) -> None:
    """An access key the gateway does not know answers 401 with the "Unknown error" text."""
    response = await api.get(LISTING, {"vendorId": "A00012345"}, access_key="who-is-this")
    assert response.status_code == 401
    _assert_gateway_401(
        response.json(),
        "Unknown error occurred, please contact api-gateway channel for the details.",
    )


@pytest.mark.parametrize(("offset", "status"), [(-301, 401), (-300, 200), (299, 200), (301, 401)])
async def test_signed_date_must_be_within_the_allowed_skew(
    api: Api, clock: Clock, offset: int, status: int
) -> None:
    """A signed-date more than 300 s from the fake's clock (either way) is expired."""
    header = authorization(
        "GET",
        LISTING,
        "vendorId=A00012345",
        access_key=api.access_key,
        secret_key=api.secret_key,
        now=clock.datetime + timedelta(seconds=offset),
    )
    response = await api.get(LISTING, query="vendorId=A00012345", header=header)
    assert response.status_code == status
    if status == 401:
        _assert_gateway_401(response.json(), "Specified signature is expired.")


async def test_max_clock_skew_is_configurable(clock: Clock) -> None:
    """``max_clock_skew`` narrows the accepted window."""
    fake = FakeCoupang(clock=clock, max_clock_skew=10, requests_per_second=None)
    api = Api(fake, clock)
    clock.advance(0)
    header = authorization(
        "GET",
        LISTING,
        "vendorId=A00012345",
        access_key=api.access_key,
        secret_key=api.secret_key,
        now=clock.datetime - timedelta(seconds=11),
    )
    response = await api.get(LISTING, query="vendorId=A00012345", header=header)
    await api.aclose()
    assert response.json()["message"] == "Specified signature is expired."


async def test_unknown_path_is_404_after_authentication(api: Api) -> None:
    """An unknown path answers the gateway's 404; an unsigned one still gets 401 first."""
    response = await api.get(f"{SP}/no-such-thing")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "ERROR"
    assert body["message"] == "Not Found"
    unsigned = await api.get(f"{SP}/no-such-thing", header="Bearer x")
    assert unsigned.status_code == 401


async def test_unknown_method_on_a_known_path_is_404(api: Api, fake: FakeCoupang) -> None:
    """PATCH on the product path is not an API: 404."""
    pid = fake.seller_product_ids()[0]
    response = await api.call("PATCH", f"{SP}/seller-products/{pid}")
    assert response.status_code == 404


async def test_other_vendors_id_in_the_path_is_404(api: Api) -> None:
    """Another vendor's id in an openapi path answers 404 (reference §3)."""
    response = await api.get(
        "/v2/providers/openapi/apis/api/v5/vendors/A00099999/returnShippingCenters",
        {"pageNum": 1},
    )
    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


async def test_each_vendor_signs_with_its_own_keys(fake: FakeCoupang, clock: Clock) -> None:
    """A second account authenticates with its own keys and cannot read the first one's data."""
    other = fake.add_vendor("A00077777", access_key="other-ak", secret_key="other-sk", products=3)
    api = Api(fake, clock)
    api.access_key, api.secret_key = "other-ak", "other-sk"
    mine = other.product_ids[0]
    theirs = fake.seller_product_ids()[0]
    ok = await api.get(f"{SP}/seller-products/{mine}")
    foreign = await api.get(f"{SP}/seller-products/{theirs}")
    await api.aclose()
    assert ok.status_code == 200
    assert ok.json()["data"]["vendorId"] == "A00077777"
    assert foreign.status_code == 400
    assert foreign.json()["message"] == f"존재하지 않는 등록상품아이디 [{theirs}]입니다."


def test_verifier_matches_the_reference_test_vector() -> None:
    """The fake's verifier reproduces the reference §1 message for the constructed vector."""
    import hashlib
    import hmac

    path = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/returnRequests"
    query = "createdAtFrom=2018-08-09&createdAtTo=2018-08-09&status=UC"
    message = "180809T010203ZGET" + path + query
    expected = hmac.new(b"secret", message.encode(), hashlib.sha256).hexdigest()
    assert Verifier("secret").expected("180809T010203Z", "GET", path.encode(), query.encode()) == (
        expected
    )


def test_header_parser_rejects_empty_values_and_extra_fields() -> None:
    """Fields must be exactly algorithm, access-key, signed-date and signature, none empty."""
    good = (
        "CEA algorithm=HmacSHA256, access-key=k, signed-date=180809T010203Z, signature=" + "a" * 64
    )
    assert parse_authorization(good) is not None
    assert parse_authorization(good.replace("access-key=k", "access-key=")) is None
    assert parse_authorization(good + ", extra=1") is None
    assert parse_authorization(good.replace("180809", "180230")) is None  # 30 February
