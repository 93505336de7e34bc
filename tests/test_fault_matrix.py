"""The fault matrix: every fault FakeCoupang injects x each method -> the documented outcome.

Outcomes (DESIGN.md §9): transport failures before the request left are retried for any method;
5xx and failures after it left are retried for GET/PUT/DELETE only, never POST; 429, 403, 4xx,
business errors and bad bodies are raised at once with status, code, message, transaction id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coupang_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    BusinessError,
    CoupangClient,
    CoupangError,
    GatewayTimeoutError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._envelope import Envelope
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
Call = Callable[[CoupangClient], Any]


class Scenario:
    """One method against one fresh fake: the call, its path glob and how to see its effect."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.fake = FakeCoupang(products=12, seed=7, requests_per_second=None)
        if method in ("GET", "PUT"):
            self.vendor_item_id = self.fake.vendor_item_ids(writable=True)[0]
            self.path = f"{SP}/vendor-items/{self.vendor_item_id}/*"
        elif method == "DELETE":
            self.product_id = self.fake.seller_product_ids(status="SAVED")[0]
            self.path = f"{SP}/seller-products/{self.product_id}"
        else:
            self.path = f"{SP}/seller-products"

    async def call(self, client: CoupangClient) -> Envelope:
        if self.method == "GET":
            target = f"{SP}/vendor-items/{self.vendor_item_id}/inventories"
            return await client._request_envelope("GET", target)
        if self.method == "PUT":
            target = f"{SP}/vendor-items/{self.vendor_item_id}/quantities/77"
            return await client._request_envelope("PUT", target)
        if self.method == "DELETE":
            return await client._request_envelope("DELETE", self.path)
        return await client._request_envelope("POST", self.path, json=self.fake.product_body())

    def sends(self) -> int:
        return len(self.fake.requests.filter(method=self.method, path=self.path))

    def applied(self) -> int:
        """How many times the call's write landed in the fake's state."""
        if self.method == "PUT":
            return self.fake.writes(self.vendor_item_id).get("quantity", 0)
        if self.method == "DELETE":
            return self.fake.writes(self.product_id).get("product_delete", 0)
        if self.method == "POST":
            return len(self.fake.seller_product_ids()) - 12
        return 0


# (fault, method) -> (expected exception or None, requests that reached the fake)
OK = None
MATRIX: list[tuple[str, Fault, str, type[CoupangError] | None, int]] = []
for _status, _error in ((500, ServerError), (503, ServerError), (504, GatewayTimeoutError)):
    for _method in ("GET", "PUT", "DELETE"):
        MATRIX.append((f"{_status}", Fault.server_error(_status), _method, OK, 2))
    MATRIX.append((f"{_status}", Fault.server_error(_status), "POST", _error, 1))
for _method in ("GET", "PUT", "DELETE", "POST"):
    MATRIX += [
        ("429", Fault.rate_limited(), _method, RateLimitError, 1),
        ("html-403", Fault.access_denied(), _method, PermissionDeniedError, 1),
        ("200-error", Fault.business_error(), _method, BusinessError, 1),
        ("truncated-json", Fault.truncated_json(), _method, ResponseValidationError, 1),
        ("wrong-content-type", Fault.wrong_content_type(), _method, OK, 1),
        ("drop-before", Fault.drop_before(), _method, OK, 2),
    ]
MATRIX += [
    ("drop-after", Fault.drop_after(), "GET", OK, 2),
    ("drop-after", Fault.drop_after(), "PUT", OK, 2),
    # Coupang's DELETE is not idempotent: the retry finds the product already deleted.
    ("drop-after", Fault.drop_after(), "DELETE", BadRequestError, 2),
    ("drop-after", Fault.drop_after(), "POST", APIConnectionError, 1),
    ("timeout", Fault.timeout(), "GET", OK, 2),
    ("timeout", Fault.timeout(), "PUT", OK, 2),
    ("timeout", Fault.timeout(), "DELETE", BadRequestError, 2),
    ("timeout", Fault.timeout(), "POST", APITimeoutError, 1),
    ("timeout-unprocessed", Fault.timeout(processed=False), "DELETE", OK, 2),
]


@pytest.mark.parametrize(
    ("fault", "method", "expected", "sends"),
    [pytest.param(f, m, e, s, id=f"{name}-{m}") for name, f, m, e, s in MATRIX],
)
async def test_fault_matrix(
    fault: Fault, method: str, expected: type[CoupangError] | None, sends: int
) -> None:
    """A fault on the first attempt leads to the documented outcome and number of sends."""
    scenario = Scenario(method)
    scenario.fake.faults.add(fault, method=method, path=scenario.path, times=1)
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        if expected is None:
            await scenario.call(client)
        else:
            with pytest.raises(expected) as info:
                await scenario.call(client)
            if isinstance(info.value, APIStatusError | BusinessError):
                assert info.value.status_code in (200, 403, 429, 500, 503, 504, 400)
                assert info.value.message
    assert scenario.sends() == sends
    if method == "POST":
        # Never two products from one create, whatever happened on the wire.
        assert scenario.applied() <= 1
    if method in ("PUT", "DELETE"):
        assert scenario.applied() <= sends


async def test_error_details_from_gateway_bodies() -> None:
    """Status errors carry the gateway's status, code, message and transaction id."""
    scenario = Scenario("POST")
    scenario.fake.faults.add(Fault.server_error(503), method="POST", times=1)
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        with pytest.raises(ServerError) as info:
            await scenario.call(client)
    error = info.value
    assert error.status_code == 503
    assert error.code == "ERROR"
    assert error.message
    assert error.transaction_id
    assert error.transaction_id in str(error)


async def test_business_error_details() -> None:
    """HTTP 200 with code ERROR keeps the code and the backend's message."""
    scenario = Scenario("PUT")
    scenario.fake.faults.add(Fault.business_error("재고 변경에 실패했습니다."), method="PUT")
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        with pytest.raises(BusinessError) as info:
            await scenario.call(client)
    assert info.value.code == "ERROR"
    assert info.value.message == "재고 변경에 실패했습니다."
    assert info.value.status_code == 200


async def test_retries_exhausted_on_persistent_503() -> None:
    """A 503 that never clears is raised after exactly the configured three attempts."""
    scenario = Scenario("GET")
    scenario.fake.faults.add(Fault.server_error(503), method="GET")
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        with pytest.raises(ServerError):
            await scenario.call(client)
    assert scenario.sends() == 3


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
@pytest.mark.parametrize("method", ["GET", "PUT", "POST"])
async def test_slow_reply_past_timeout_on_a_real_socket(method: str) -> None:
    """Over loopback, a reply slower than the client's timeout times out for real.

    GET and PUT are retried and succeed; a POST that timed out is not re-sent.
    """
    import httpx

    scenario = Scenario(method)
    scenario.fake.faults.add(Fault.slow(1.0), method=method, path=scenario.path, times=1)
    async with scenario.fake.serve() as base_url:
        client = scenario.fake.client(
            base_url=base_url,
            transport=None,
            requests_per_second=None,
            retry=FAST_RETRY,
            timeout=httpx.Timeout(0.2),
        )
        async with client:
            if method == "POST":
                with pytest.raises(APITimeoutError):
                    await scenario.call(client)
            else:
                await scenario.call(client)
    assert scenario.sends() == (1 if method == "POST" else 2)
