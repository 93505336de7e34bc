"""The fake driven through the library: ``fake.client()`` is a CoupangClient wired in-process."""

from __future__ import annotations

from typing import Any

import pytest

from coupang_async import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    BusinessError,
    CoupangClient,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from coupang_async.testing import FakeCoupang, Fault
from tests.helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
PRODUCTS = f"{SP}/seller-products"


def _client(fake: FakeCoupang, **kwargs: Any) -> CoupangClient:
    options: dict[str, Any] = {"requests_per_second": None, "retry": FAST_RETRY}
    options.update(kwargs)
    return fake.client(**options)


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake on the real clock (the client signs with wall time), no rate limit."""
    return FakeCoupang(products=20, seed=2, requests_per_second=None)


async def test_library_signatures_verify_for_tricky_queries(fake: FakeCoupang) -> None:
    """The library's signer and the fake's independent verifier agree (asyncio and trio)."""
    params = [
        ("vendorId", fake.vendor_id),
        ("sellerProductName", "호떡 믹스+~"),
        ("manufacture", ""),
        ("violationTypes", "ATTR"),
        ("violationTypes", "MOTA_V2"),
        ("violationTypeAndOr", "OR"),
    ]
    async with _client(fake) as client:
        response = await client.get(PRODUCTS, params=tuple(params))
    assert response.status_code == 200
    record = fake.requests.last
    assert record is not None
    assert record.vendor_id == fake.vendor_id
    assert record.headers["x-requested-by"] == fake.vendor_id
    assert record.headers["user-agent"].startswith("coupang")


async def test_writes_through_the_client_change_the_fake(fake: FakeCoupang) -> None:
    """A price change sent by the client is visible in the fake's state and counters."""
    vid = fake.vendor_item_ids(writable=True)[0]
    snapshot = fake.vendor_item(vid)
    assert snapshot is not None
    new_price = snapshot.sale_price + 100
    async with _client(fake) as client:
        response = await client.put(f"{SP}/vendor-items/{vid}/prices/{new_price}")
    assert response.json()["message"] == "가격 변경을 완료했습니다."
    assert fake.vendor_item(vid).sale_price == new_price  # type: ignore[union-attr]
    assert fake.writes(vid) == {"price": 1}


async def test_create_and_read_back(fake: FakeCoupang) -> None:
    """A create through the client answers the nested envelope; GET returns the product."""
    async with _client(fake) as client:
        created = await client.post(PRODUCTS, json=fake.product_body(requested=True))
        spid = created.json()["data"]["data"]
        product = (await client.get(f"{PRODUCTS}/{spid}")).json()["data"]
    assert product["statusName"] == "승인완료"


async def test_wrong_secret_is_an_authentication_error(fake: FakeCoupang) -> None:
    """The gateway's 401 body becomes AuthenticationError with its message and transaction id."""
    async with _client(fake, secret_key="wrong-secret") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get(f"{PRODUCTS}/inflow-status")
    assert caught.value.message == "Invalid signature."
    assert caught.value.transaction_id


async def test_business_rules_surface_as_bad_requests(fake: FakeCoupang) -> None:
    """A price outside the band is a BadRequestError carrying Coupang's Korean message."""
    vid = fake.vendor_item_ids(writable=True)[0]
    async with _client(fake) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.put(f"{SP}/vendor-items/{vid}/prices/10")
    assert "가격변경에 실패했습니다" in (caught.value.message or "")


async def test_other_vendor_path_is_not_found(fake: FakeCoupang) -> None:
    """Another vendor's id in the path is a NotFoundError."""
    async with _client(fake) as client:
        with pytest.raises(NotFoundError):
            await client.get(
                "/v2/providers/openapi/apis/api/v5/vendors/A00000002/returnShippingCenters",
                params={"pageNum": 1},
            )


async def test_a_503_on_get_is_retried(fake: FakeCoupang) -> None:
    """One injected 503 on a GET is retried and the call succeeds."""
    fake.faults.add(Fault.server_error(503), method="GET", times=1)
    async with _client(fake) as client:
        response = await client.get(f"{PRODUCTS}/inflow-status")
    assert response.status_code == 200
    assert [r.status for r in fake.requests] == [503, 200]


async def test_persistent_5xx_gives_up_with_server_error(fake: FakeCoupang) -> None:
    """When every attempt fails the client raises ServerError after its attempts."""
    fake.faults.add(Fault.server_error(500))
    async with _client(fake) as client:
        with pytest.raises(ServerError):
            await client.get(f"{PRODUCTS}/inflow-status")
    assert len(fake.requests) == FAST_RETRY.attempts


async def test_dropped_put_is_retried_and_lands_once_in_value(fake: FakeCoupang) -> None:
    """A PUT dropped after processing is re-sent; writes are absolute, so the value is right."""
    vid = fake.vendor_item_ids(writable=True)[0]
    fake.faults.add(Fault.drop_after(), method="PUT", times=1)
    async with _client(fake) as client:
        await client.put(f"{SP}/vendor-items/{vid}/quantities/42")
    assert fake.vendor_item(vid).quantity == 42  # type: ignore[union-attr]
    assert fake.writes(vid) == {"quantity": 2}


async def test_dropped_create_is_not_resent(fake: FakeCoupang) -> None:
    """A POST dropped after processing is never re-sent: the product exists exactly once."""
    fake.faults.add(Fault.drop_after(), method="POST", times=1)
    body = fake.product_body(sellerProductName="타임아웃 상품")
    async with _client(fake) as client:
        with pytest.raises(APIConnectionError):
            await client.post(PRODUCTS, json=body)
        found = (await client.get(f"{PRODUCTS}/external-vendor-sku-codes/0001")).json()["data"]
    assert [p["sellerProductName"] for p in found] == ["타임아웃 상품"]
    assert len(fake.requests.filter(method="POST")) == 1


async def test_create_that_never_left_is_retried(fake: FakeCoupang) -> None:
    """A POST that failed before reaching the server is safe to resend and lands once."""
    fake.faults.add(Fault.drop_before(), method="POST", times=1)
    async with _client(fake) as client:
        await client.post(PRODUCTS, json=fake.product_body())
    assert len(fake.requests.filter(method="POST")) == 2
    created = [w for (_, kind), w in fake.write_counts.items() if kind == "product_create"]
    assert created == [1]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.rate_limited(), RateLimitError),
        (Fault.access_denied(), PermissionDeniedError),
        (Fault.business_error("실패"), BusinessError),
    ],
)
async def test_faults_map_to_the_libraries_errors(
    fake: FakeCoupang, fault: Fault, error: type[Exception]
) -> None:
    """429, the HTML 403 and HTTP 200 with code ERROR become the matching exceptions, unretried."""
    fake.faults.add(fault)
    async with _client(fake) as client:
        with pytest.raises(error):
            await client.get(f"{PRODUCTS}/inflow-status")
    assert len(fake.requests) == 1


async def test_client_pacing_stays_under_the_fakes_limit() -> None:
    """A client paced at 8/s never trips the fake's 10/s limit; warnings slow it further."""
    fake = FakeCoupang(requests_per_second=10, warn_ratio=0.5)
    async with _client(fake, requests_per_second=8.0) as client:
        statuses = [(await client.get(f"{PRODUCTS}/inflow-status")).status_code for _ in range(9)]
        pace = client.requests_per_second
    assert statuses == [200] * 9
    assert pace is not None
    assert pace < 8.0
