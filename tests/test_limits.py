"""Limits that protect the user: pacing margin, Retry-After, the attempt deadline, the response
size cap, input the wire cannot carry, credentials in the base URL, cross-host redirects.

Where the fault lives in the network (a trickling server, an endless body, arrival jitter) it is
shown both in-process and over a loopback socket; every loop is bounded in count and time.
"""

from __future__ import annotations

import bisect
import email.utils
import logging
import pickle
import random
import time

import anyio
import httpx
import pytest
import respx

import coupang_async
from coupang_async import (
    APIStatusError,
    APITimeoutError,
    ConfigError,
    InMemoryRateLimitStore,
    InvalidInputError,
    RateLimitError,
    ResponseTooLargeError,
    RetryPolicy,
)
from coupang_async._ratelimit import MAX_COOLDOWN, NETWORK_MARGIN, Pacer
from coupang_async.testing import FakeCoupang, Fault
from coupang_async.testing._ratelimit import SlidingWindow

from .helpers import BASE_URL, FAST_RETRY, make_client

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/3000000000/inventories"
SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
OK = {"code": "SUCCESS", "message": "", "data": None}


class VirtualTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await anyio.lowlevel.checkpoint()


# --- pacing margin ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("jitter", [0.01, 0.03, 0.045])
async def test_rate_at_the_limit_arrives_within_the_limit_despite_jitter(
    seed: int, jitter: float
) -> None:
    """Starts paced at exactly the gateway's limit, delayed 0..jitter s each on the way, never
    put more than the limit into any one-second window of the (strict) fake's rate check."""
    clock = VirtualTime()
    pacer = Pacer("A1", 10.0, InMemoryRateLimitStore(clock=clock), clock=clock, sleep=clock.sleep)
    rng = random.Random(seed)
    starts: list[float] = []

    async def one() -> None:
        for _ in range(40):
            await pacer.wait_turn()
            starts.append(clock())

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(one)
    gateway = SlidingWindow(10.0, warn_ratio=None)
    arrivals = sorted(start + rng.uniform(0, jitter) for start in starts)
    refused = sum(not gateway.check(arrival).allowed for arrival in arrivals)
    assert refused == 0
    # The margin costs about 5 % of the nominal pace, no more.
    achieved = (len(starts) - 1) / (starts[-1] - starts[0])
    assert achieved == pytest.approx(10.0 / (1 + NETWORK_MARGIN), rel=0.01)


def test_without_the_margin_jitter_bunches_arrivals_over_the_limit() -> None:
    """The reason for the margin: a schedule of exactly 1/limit meets 429s under 30 ms jitter."""
    rng = random.Random(1)
    gateway = SlidingWindow(10.0, warn_ratio=None)
    arrivals = sorted(k * 0.1 + rng.uniform(0, 0.03) for k in range(400))
    assert sum(not gateway.check(arrival).allowed for arrival in arrivals) > 0


async def _burst_at_the_limit(client: coupang_async.CoupangClient, fake: FakeCoupang) -> int:
    vendor_items = fake.vendor_item_ids()[:4]
    limited = 0

    async def one(index: int) -> None:
        nonlocal limited
        try:
            await client.get(f"{SP}/vendor-items/{vendor_items[index % 4]}/inventories")
        except RateLimitError:
            limited += 1

    async with client, anyio.create_task_group() as group:
        for index in range(24):
            group.start_soon(one, index)
    return limited + sum(1 for record in fake.requests if record.status == 429)


# 0-20 ms of arrival jitter: tens of milliseconds, leaving the rest of the 50 ms margin for a
# shared test machine's event-loop lag (the virtual-time test above covers 45 ms exactly).
JITTER = 0.02


async def test_rate_equal_to_the_fake_limit_with_arrival_jitter_in_process() -> None:
    fake = FakeCoupang(products=4, arrival_jitter=JITTER, warn_ratio=None, seed=3)
    client = fake.client(requests_per_second=10.0, rate_limit_cooldown=0.0)
    assert await _burst_at_the_limit(client, fake) == 0
    assert len(fake.requests) == 24


@pytest.mark.asyncio_only
async def test_rate_equal_to_the_fake_limit_with_arrival_jitter_over_a_socket() -> None:
    fake = FakeCoupang(products=4, arrival_jitter=JITTER, warn_ratio=None, seed=4)
    async with fake.serve(max_seconds=30) as base_url:
        client = fake.client(
            base_url=base_url,
            transport=None,
            requests_per_second=10.0,
            rate_limit_cooldown=0.0,
        )
        assert await _burst_at_the_limit(client, fake) == 0
    assert len(fake.requests) == 24


async def test_store_refuses_more_than_limit_in_the_window() -> None:
    clock = VirtualTime()
    store = InMemoryRateLimitStore(clock=clock)
    window = 1 + NETWORK_MARGIN
    admitted = []
    for _ in range(200):
        wait = await store.try_start("A1", 0.0, 3, window)
        if wait == 0:
            admitted.append(clock())
        else:
            clock.now += wait
    ordered = sorted(admitted)
    most = max(bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered))
    assert most == 3


# --- Retry-After -----------------------------------------------------------------------------


def _http_date(seconds_ahead: float) -> str:
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (" 300 ", 300.0),
        ("5", 60.0),  # shorter than the default: the default holds
        ("10000", MAX_COOLDOWN),  # capped
        ("inf", 60.0),
        ("nan", 60.0),
        ("-30", 60.0),
        ("soon", 60.0),
        ("", 60.0),
        ("Wed, 99 Foo 2026 00:00:00 GMT", 60.0),
    ],
)
async def test_retry_after_sets_the_cooldown(header: str, expected: float) -> None:
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(
            return_value=httpx.Response(429, headers={"Retry-After": header})
        )
        async with make_client(rate_limit_cooldown=60.0) as client:
            with pytest.raises(RateLimitError) as caught:
                await client.get(PATH)
            left = await client._pacer.cooldown_left()
            with pytest.raises(RateLimitError) as refused:
                await client.get(PATH)
    assert route.call_count == 1
    assert caught.value.retry_after == pytest.approx(expected, abs=1.0)
    assert left == pytest.approx(expected, abs=1.0)
    assert refused.value.local is True


async def test_retry_after_as_an_http_date() -> None:
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(
            return_value=httpx.Response(429, headers={"Retry-After": _http_date(300)})
        )
        async with make_client(rate_limit_cooldown=60.0) as client:
            with pytest.raises(RateLimitError) as caught:
                await client.get(PATH)
    assert caught.value.retry_after == pytest.approx(300, abs=3)


async def test_retry_after_from_the_fake_over_the_client() -> None:
    fake = FakeCoupang()
    fake.faults.add(Fault.rate_limited(retry_after=180), times=1)
    async with fake.client(requests_per_second=None) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get(PATH)
        assert await client._pacer.cooldown_left() == pytest.approx(180, abs=1)
    assert caught.value.retry_after == pytest.approx(180, abs=1)


# --- attempt deadline ------------------------------------------------------------------------


def _price_path(fake: FakeCoupang) -> str:
    item = fake.vendor_item_ids(writable=True)[0]
    return f"{SP}/vendor-items/{item}/prices/{fake.vendor_item(item).sale_price + 10}"  # type: ignore[union-attr]


async def test_trickling_reply_fails_at_the_deadline_in_process() -> None:
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.trickle(0.05), method="GET")
    async with fake.client(requests_per_second=None, attempt_deadline=0.3, retry=FAST_RETRY) as c:
        with anyio.fail_after(10), pytest.raises(APITimeoutError) as caught:
            await c.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")
    assert "deadline" in str(caught.value)
    assert len(fake.requests) == 3  # a GET is retried like any timeout


@pytest.mark.asyncio_only
async def test_trickling_server_fails_at_the_deadline_over_a_socket() -> None:
    """One byte every 0.2 s never trips a 1 s read timeout; the 0.6 s deadline still ends it,
    and a POST after the request went out is not sent again."""
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.trickle(0.2))
    async with fake.serve(max_seconds=30) as base_url:
        client = fake.client(
            base_url=base_url,
            transport=None,
            requests_per_second=None,
            timeout=httpx.Timeout(1.0),
            attempt_deadline=0.6,
            retry=FAST_RETRY,
        )
        async with client:
            started = time.monotonic()
            with anyio.fail_after(10), pytest.raises(APITimeoutError):
                await client.post(f"{SP}/seller-products", json=fake.product_body())
            elapsed = time.monotonic() - started
    assert len(fake.requests) == 1
    assert elapsed < 5  # bounded: far below what the trickle would take (minutes)


@pytest.mark.parametrize("value", [0, -1, float("inf"), float("nan"), "60", True])
def test_attempt_deadline_is_validated(value: object) -> None:
    with pytest.raises(ConfigError, match="attempt_deadline"):
        make_client(attempt_deadline=value)


@pytest.mark.parametrize("value", [0, -5, 1.5, "64", True, None])
def test_max_response_bytes_is_validated(value: object) -> None:
    with pytest.raises(ConfigError, match="max_response_bytes"):
        make_client(max_response_bytes=value)


# --- response size cap -----------------------------------------------------------------------


async def test_body_over_the_cap_is_refused_by_its_content_length() -> None:
    with respx.mock(base_url=BASE_URL) as router:
        route = router.get(PATH).mock(return_value=httpx.Response(200, content=b" " * 5000))
        async with make_client(max_response_bytes=4096) as client:
            with pytest.raises(ResponseTooLargeError) as caught:
                await client.get(PATH)
    assert route.call_count == 1  # never retried
    assert caught.value.max_bytes == 4096
    assert caught.value.declared == 5000
    assert isinstance(caught.value, coupang_async.APIError)


async def test_body_at_the_cap_is_read() -> None:
    body = b'{"code":"SUCCESS","data":"' + b"x" * 100 + b'"}'
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(200, content=body))
        async with make_client(max_response_bytes=len(body)) as client:
            response = await client.get(PATH)
    assert response.content == body


async def test_endless_body_is_cut_off_in_process() -> None:
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.endless_body(in_process_bytes=3 * 2**20))
    async with fake.client(requests_per_second=None, max_response_bytes=2**20) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")
    assert len(fake.requests) == 1


@pytest.mark.asyncio_only
async def test_endless_chunked_body_is_cut_off_over_a_socket() -> None:
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.endless_body(), times=1)
    async with fake.serve(max_seconds=30) as base_url:
        client = fake.client(
            base_url=base_url, transport=None, requests_per_second=None, max_response_bytes=2**20
        )
        async with client:
            with anyio.fail_after(15), pytest.raises(ResponseTooLargeError):
                await client.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")
            # The connection was dropped, not poisoned: the next call works.
            response = await client.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")
    assert response.status_code == 200


# --- input the wire cannot carry -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"price": float("nan")}, "json.price"),
        ({"items": [{"price": float("inf")}]}, "json.items[0].price"),
        ({"id": 2**63}, "json.id"),
        ({"id": -(2**63) - 1}, "json.id"),
        ({"id": 2**64 * 10}, "json.id"),
        ({"name": "a\ud800b"}, "json.name"),
        ([1, 2, -float("inf")], "json[2]"),
    ],
)
async def test_bodies_the_wire_cannot_carry_are_refused(body: object, field: str) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        route = router.post(PATH).mock(return_value=httpx.Response(200, json=OK))
        async with make_client() as client:
            with pytest.raises(InvalidInputError) as caught:
                await client.post(PATH, json=body)
            with pytest.raises(InvalidInputError):
                await client._request_envelope("PUT", PATH, json=body)
    assert caught.value.field == field
    assert route.call_count == 0


async def test_largest_int64_still_goes_through() -> None:
    with respx.mock(base_url=BASE_URL) as router:
        route = router.post(PATH).mock(return_value=httpx.Response(200, json=OK))
        async with make_client() as client:
            await client.post(PATH, json={"id": 2**63 - 1, "price": 1.5})
    assert route.calls.last.request.content == b'{"id":9223372036854775807,"price":1.5}'


@pytest.mark.parametrize(
    ("value", "size_word"),
    [("가" * 21_000, "unusable"), ("x" * 9_000, "bytes long")],
)
async def test_over_long_query_values_are_refused(value: str, size_word: str) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        route = router.get(PATH).mock(return_value=httpx.Response(200, json=OK))
        async with make_client() as client:
            with pytest.raises(InvalidInputError) as caught:
                await client.get(PATH, params={"short": "1", "name": value})
    assert caught.value.field == "params['name']"
    assert size_word in str(caught.value)
    assert route.call_count == 0


async def test_lone_surrogate_in_a_query_value_is_refused() -> None:
    async with make_client() as client:
        with pytest.raises(InvalidInputError) as caught:
            await client.get(PATH, params={"name": "\udc80"})
    assert caught.value.field == "params['name']"


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"])
async def test_line_breaks_in_header_values_are_refused_before_sending(value: str) -> None:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        route = router.get(PATH).mock(return_value=httpx.Response(200, json=OK))
        async with make_client(retry=RetryPolicy()) as client:
            with pytest.raises(InvalidInputError) as caught:
                await client.get(PATH, headers={"X-Trace": value})
    assert caught.value.field == "headers"
    assert "X-Injected" not in str(caught.value)
    assert route.call_count == 0


def test_line_breaks_in_constructor_headers_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="headers"):
        make_client(headers={"X-Trace": "a\r\nb"})


# --- credentials in the base URL, redirects --------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://user:hunter2@127.0.0.1:8080", "https://hunter2@api-gateway.coupang.com"]
)
def test_base_url_with_userinfo_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="base_url") as caught:
        make_client(base_url=url)
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value)


async def test_cross_host_redirect_is_refused() -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(BASE_URL + PATH).mock(
            return_value=httpx.Response(302, headers={"Location": "https://evil.example/steal"})
        )
        elsewhere = router.get("https://evil.example/steal").mock(
            return_value=httpx.Response(200, json=OK)
        )
        async with make_client(follow_redirects=True) as client:
            with pytest.raises(APIStatusError, match="another host") as caught:
                await client.get(PATH)
    assert elsewhere.call_count == 0
    assert caught.value.status_code == 302


async def test_same_host_redirect_is_still_followed() -> None:
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(return_value=httpx.Response(307, headers={"Location": PATH + "/x"}))
        target = router.get(PATH + "/x").mock(return_value=httpx.Response(200, json=OK))
        async with make_client(follow_redirects=True) as client:
            response = await client.get(PATH)
    assert response.status_code == 200
    assert target.calls.last.request.headers["X-Requested-By"] == "A00012345"


# --- logs: each event once -------------------------------------------------------------------


async def test_a_burst_of_429s_logs_its_cooldown_once(caplog: pytest.LogCaptureFixture) -> None:
    arrived = 0
    release = anyio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal arrived
        arrived += 1
        if arrived == 25:
            release.set()
        await release.wait()
        return httpx.Response(429, headers={"X-CAG-Warnings": "throttling"})

    caplog.set_level(logging.DEBUG, logger="coupang_async")
    client = make_client(transport=httpx.MockTransport(handler), max_concurrency=25)

    async def one() -> None:
        with pytest.raises(RateLimitError):
            await client.get(PATH)

    async with client, anyio.create_task_group() as group:
        for _ in range(25):
            group.start_soon(one)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in warnings] == ["coupang_async.pacing", "coupang_async"]
    assert sum("429 from Coupang" in r.getMessage() for r in warnings) == 1
    assert sum("pace lowered" in r.getMessage() for r in warnings) == 1


async def test_retries_log_through_coupang_async_retry_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with respx.mock(base_url=BASE_URL) as router:
        router.get(PATH).mock(
            side_effect=[httpx.Response(503), httpx.Response(503), httpx.Response(200, json=OK)]
        )
        async with make_client(retry=FAST_RETRY) as client:
            await client.get(PATH)
    assert not [record for record in caplog.records if record.name.startswith("stamina")]
    retries = [r for r in caplog.records if r.name == "coupang_async.retry"]
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO]
    assert "ServerError" in retries[0].getMessage()


# --- public names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["RateLimitError", "ResponseTooLargeError", "BulkUpdateError", "VerificationError"],
)
def test_public_exceptions_show_their_public_module(name: str) -> None:
    cls = getattr(coupang_async, name)
    assert cls.__module__ == "coupang_async"
    assert pickle.loads(pickle.dumps(cls)) is cls  # noqa: S301 - our own bytes
