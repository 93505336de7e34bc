"""Retries: which failures are re-sent, how often, and that each attempt is re-signed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx

from coupang_async import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    BusinessError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)

from .helpers import BASE_URL, make_client, parse_authorization

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/3000000000/prices/12000"
IDEMPOTENT = ["GET", "PUT", "DELETE"]


def _ok() -> httpx.Response:
    return httpx.Response(200, json={"code": "SUCCESS", "message": "", "data": None})


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_5xx_retried_for_idempotent_methods(method: str, status: int) -> None:
    """A 5xx on GET/PUT/DELETE is retried and then succeeds."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.route(method=method, path=PATH).mock(
            side_effect=[httpx.Response(status), _ok()]
        )
        async with make_client() as client:
            response = await client.request(method, PATH)
    assert response.status_code == 200
    assert route.call_count == 2


@pytest.mark.parametrize("method", IDEMPOTENT)
async def test_5xx_gives_up_after_three_attempts(method: str) -> None:
    """Three 503s in a row raise ServerError after exactly three attempts (the default)."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.route(method=method, path=PATH).mock(return_value=httpx.Response(503))
        async with make_client() as client:
            with pytest.raises(ServerError):
                await client.request(method, PATH)
    assert route.call_count == 3


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500),
        httpx.Response(503),
        httpx.Response(504),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("reset"),
        httpx.WriteTimeout("stalled"),
    ],
    ids=["500", "503", "504", "read-timeout", "dropped", "read-error", "write-timeout"],
)
async def test_post_never_resent_after_it_went_out(failure: httpx.Response | Exception) -> None:
    """A POST that may have reached Coupang is never sent twice (a create could double)."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.post(PATH).mock(side_effect=[failure, _ok()])
        async with make_client() as client:
            with pytest.raises((ServerError, APIConnectionError)):
                await client.post(PATH, json={"sellerProductName": "x"})
    assert route.call_count == 1


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("syn lost"), httpx.PoolTimeout("busy")],
    ids=["connect-error", "connect-timeout", "pool-timeout"],
)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST"])
async def test_unsent_requests_retried_for_any_method(method: str, failure: Exception) -> None:
    """When the request never left (connect errors, pool timeout) any method is retried."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.route(method=method, path=PATH).mock(side_effect=[failure, _ok()])
        async with make_client() as client:
            response = await client.request(method, PATH)
    assert response.status_code == 200
    assert route.call_count == 2


@pytest.mark.parametrize("method", IDEMPOTENT)
async def test_read_timeout_retried_for_idempotent(method: str) -> None:
    """A read timeout on an idempotent call is retried."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.route(method=method, path=PATH).mock(
            side_effect=[httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), _ok()]
        )
        async with make_client() as client:
            await client.request(method, PATH)
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(400, json={"code": "ERROR", "message": "bad"}), BadRequestError),
        (httpx.Response(403, text="<title>Access Denied</title>"), PermissionDeniedError),
        (httpx.Response(429), RateLimitError),
        (httpx.Response(200, json={"code": "ERROR", "message": "x"}), BusinessError),
    ],
    ids=["400", "403", "429", "200-error"],
)
async def test_never_retried(response: httpx.Response, error: type[Exception]) -> None:
    """4xx, 403 blocks, 429 and business errors are raised on the first attempt."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(side_effect=[response, _ok()])
        async with make_client() as client:
            with pytest.raises(error):
                await client.get(PATH)
    assert route.call_count == 1


async def test_each_attempt_is_resigned_with_fresh_date() -> None:
    """Two attempts carry different signed-dates when the clock moves between them."""
    ticks: Iterator[datetime] = (
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=n) for n in range(100)
    )
    with respx.mock(base_url=BASE_URL) as router:
        route = router.put(PATH).mock(side_effect=[httpx.Response(503), _ok()])
        async with make_client(clock=lambda: next(ticks)) as client:
            await client.put(PATH)
    dates = [
        parse_authorization(call.request.headers["Authorization"])["signed_date"]
        for call in route.calls
    ]
    assert dates == ["240101T000000Z", "240101T000001Z"]


async def test_retry_after_is_honoured_within_cap() -> None:
    """A 503 with Retry-After (within the cap) is retried; one above the cap uses the backoff."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(
            side_effect=[httpx.Response(503, headers={"Retry-After": "0.01"}), _ok()]
        )
        async with make_client() as client:
            await client.get(PATH)
    assert route.call_count == 2
    policy = RetryPolicy(retry_after_max=1.0)
    request = httpx.Request("GET", BASE_URL + PATH)
    within = ServerError(
        "x",
        response=httpx.Response(503, headers={"Retry-After": "0.5"}, request=request),
        status_code=503,
    )
    beyond = ServerError(
        "x",
        response=httpx.Response(503, headers={"Retry-After": "120"}, request=request),
        status_code=503,
    )
    assert policy.decide("GET", within) == 0.5
    assert policy.decide("GET", beyond) is True


async def test_disabled_policy_sends_once() -> None:
    """RetryPolicy.disabled() sends exactly once even for retryable failures."""
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(side_effect=[httpx.Response(503), _ok()])
        async with make_client(retry=RetryPolicy.disabled()) as client:
            with pytest.raises(ServerError):
                await client.get(PATH)
    assert route.call_count == 1


async def test_attempts_setting_is_respected() -> None:
    """attempts=5 allows four retries."""
    policy = RetryPolicy(attempts=5, wait_initial=0, wait_max=0, wait_jitter=0)
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(side_effect=[httpx.ConnectError("x")] * 4 + [_ok()])
        async with make_client(retry=policy) as client:
            await client.get(PATH)
    assert route.call_count == 5


async def test_timeout_error_after_all_attempts_is_typed() -> None:
    """Exhausted retries surface the last typed error, with the httpx cause attached."""
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(side_effect=httpx.ReadTimeout("slow"))
        async with make_client() as client:
            with pytest.raises(APITimeoutError) as info:
                await client.get(PATH)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
