"""The fault matrix: every fault FakeCoupang injects x each method -> the documented outcome.

Outcomes (DESIGN.md §9): transport failures before the request left are retried for any method;
5xx and failures after it left are retried for GET/PUT/DELETE only, never POST; 429, 403, 4xx,
business errors and bad bodies are raised at once with status, code, message, transaction id.
A reply that trickles in slower than the attempt deadline is a timeout (retried under the same
rules); a body that never ends is cut off at `max_response_bytes` and never retried.

The matrix runs twice: in-process (`httpx.ASGITransport`, where the fake raises the httpx error
a lost connection or a timeout would cause) and over a real loopback socket (`fake.serve()`,
where connections are really closed and replies really late). One difference is inherent, not a
choice: over a socket a connection that closes before the reply cannot be told apart from one
that closed after the request was processed, so a "drop before" is retried only for idempotent
methods there, and a POST raises `APIConnectionError(request_sent=True)` instead of being re-sent.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, cast

import httpx
import pytest

from coupang_async import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    BusinessError,
    CoupangClient,
    CoupangError,
    GatewayTimeoutError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._envelope import Envelope
from coupang_async.testing import FakeCoupang, Fault
from coupang_async.testing._faults import DEFAULT_BUSINESS_ERROR
from coupang_async.testing._server import serve

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

SP = "/v2/providers/seller_api/apis/api/v1/marketplace"
COOLDOWN = 60.0  # the client's default cool-down after a 429


class Scenario:
    """One method against one fresh fake: the call, its path glob and how to see its effect."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.fake = FakeCoupang(products=12, seed=7, requests_per_second=None)
        self.fault: Fault | None = None
        if method in ("GET", "PUT"):
            self.vendor_item_id = self.fake.vendor_item_ids(writable=True)[0]
            self.path = f"{SP}/vendor-items/{self.vendor_item_id}/*"
        elif method == "DELETE":
            self.product_id = self.fake.seller_product_ids(status="SAVED")[0]
            self.path = f"{SP}/seller-products/{self.product_id}"
        else:
            self.path = f"{SP}/seller-products"

    def inject(self, fault: Fault, **rule: Any) -> None:
        """Make the first request of the call fail with `fault` (or as `rule` says)."""
        self.fault = fault
        self.fake.faults.add(fault, method=self.method, path=self.path, **rule)

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

    def processed(self) -> int:
        """Requests of the call that reached the fake's backend (whatever the client saw)."""
        records = self.fake.requests.filter(method=self.method, path=self.path)
        return sum(
            1
            for record in records
            if (record.fault is None and record.status is not None)
            or (record.fault is not None and self.fault is not None and self.fault.processed)
        )

    def applied(self) -> int:
        """How many times the call's write landed in the fake's state."""
        if self.method == "PUT":
            return self.fake.writes(self.vendor_item_id).get("quantity", 0)
        if self.method == "DELETE":
            return self.fake.writes(self.product_id).get("product_delete", 0)
        if self.method == "POST":
            return len(self.fake.seller_product_ids()) - 12
        return 0


@dataclass(frozen=True)
class Raised:
    """An expected exception and the details it must carry."""

    cls: type[CoupangError]
    status: int | None = None  # the HTTP status (of the error, or of its response)
    code: str | None = None
    message: str = ""  # a part of `error.message`
    transaction_id: bool = False


def _server_error(status: int) -> Raised:
    reason = {500: "Internal Server Error", 503: "Service Unavailable", 504: "Gateway Timeout"}
    cls = GatewayTimeoutError if status == 504 else ServerError
    return Raised(cls, status, "ERROR", reason[status], transaction_id=True)


RATE_LIMITED = Raised(RateLimitError, 429, "ERROR", "Too Many Requests", transaction_id=True)
DENIED = Raised(PermissionDeniedError, 403, None, "Access Denied")
BUSINESS = Raised(BusinessError, 200, "ERROR", DEFAULT_BUSINESS_ERROR)
TRUNCATED = Raised(ResponseValidationError, 200, None, "expected a JSON body")
DROPPED = Raised(APIConnectionError, message="RemoteProtocolError")
TIMED_OUT = Raised(APITimeoutError, message="ReadTimeout")
PAST_DEADLINE = Raised(APITimeoutError, message="attempt deadline")
TOO_LARGE = Raised(ResponseTooLargeError, message="exceeds max_response_bytes")
#: The clients' attempt deadline and size cap: above every other row's needs.
DEADLINE = 1.0
CAP = 2**20
# Coupang's DELETE is not idempotent: a retry finds the product already deleted.
ALREADY_DELETED = Raised(BadRequestError, 400, "ERROR", "삭제가 불가능한 상태")

METHODS = ("GET", "PUT", "DELETE", "POST")
Row = tuple[str, Fault, str, Raised | None, int]


def _common_rows() -> list[Row]:
    """Rows whose outcome is the same in-process and over a socket."""
    rows: list[Row] = []
    for status in (500, 503, 504):
        for method in ("GET", "PUT", "DELETE"):
            rows.append((f"{status}", Fault.server_error(status), method, None, 2))
        rows.append((f"{status}", Fault.server_error(status), "POST", _server_error(status), 1))
    for method in METHODS:
        rows += [
            ("429", Fault.rate_limited(), method, RATE_LIMITED, 1),
            ("html-403", Fault.access_denied(), method, DENIED, 1),
            ("200-error", Fault.business_error(), method, BUSINESS, 1),
            ("truncated-json", Fault.truncated_json(), method, TRUNCATED, 1),
            ("wrong-content-type", Fault.wrong_content_type(), method, None, 1),
        ]
    rows += [
        ("drop-after", Fault.drop_after(), "GET", None, 2),
        ("drop-after", Fault.drop_after(), "PUT", None, 2),
        ("drop-after", Fault.drop_after(), "DELETE", ALREADY_DELETED, 2),
        ("drop-after", Fault.drop_after(), "POST", DROPPED, 1),
        # One byte every 0.25 s never trips a read timeout; the attempt deadline ends it.
        ("trickle", Fault.trickle(0.25), "GET", None, 2),
        ("trickle", Fault.trickle(0.25), "PUT", None, 2),
        ("trickle", Fault.trickle(0.25), "DELETE", ALREADY_DELETED, 2),
        ("trickle", Fault.trickle(0.25), "POST", PAST_DEADLINE, 1),
        *[("endless-body", Fault.endless_body(), m, TOO_LARGE, 1) for m in METHODS],
    ]
    return rows


IN_PROCESS: list[Row] = [
    *_common_rows(),
    # In-process a drop before processing is a ConnectError: the request never left, so even a
    # POST is re-sent.
    *[("drop-before", Fault.drop_before(), m, None, 2) for m in METHODS],
    ("timeout", Fault.timeout(), "GET", None, 2),
    ("timeout", Fault.timeout(), "PUT", None, 2),
    ("timeout", Fault.timeout(), "DELETE", ALREADY_DELETED, 2),
    ("timeout", Fault.timeout(), "POST", TIMED_OUT, 1),
    ("timeout-unprocessed", Fault.timeout(processed=False), "DELETE", None, 2),
    # In-process nothing enforces a timeout: a slow reply is only late.
    *[("slow", Fault.slow(0.01), m, None, 1) for m in METHODS],
]

# Over a socket: a reply later than the client's read timeout (LATE seconds vs READ_TIMEOUT).
LATE = 1.5
READ_TIMEOUT = 0.5  # far above a loopback reply, even on a loaded machine
OVER_SOCKET: list[Row] = [
    *_common_rows(),
    # The connection closes after the status line: indistinguishable from a drop after.
    ("drop-before", Fault.drop_before(), "GET", None, 2),
    ("drop-before", Fault.drop_before(), "PUT", None, 2),
    ("drop-before", Fault.drop_before(), "DELETE", None, 2),
    ("drop-before", Fault.drop_before(), "POST", DROPPED, 1),
    ("slow", Fault.slow(LATE), "GET", None, 2),
    ("slow", Fault.slow(LATE), "PUT", None, 2),
    ("slow", Fault.slow(LATE), "DELETE", ALREADY_DELETED, 2),
    ("slow", Fault.slow(LATE), "POST", TIMED_OUT, 1),
    ("timeout", Fault.timeout(seconds=LATE), "PUT", None, 2),
    ("timeout", Fault.timeout(seconds=LATE), "POST", TIMED_OUT, 1),
    ("timeout-unprocessed", Fault.timeout(processed=False, seconds=LATE), "DELETE", None, 2),
    ("timeout-unprocessed", Fault.timeout(processed=False, seconds=LATE), "POST", TIMED_OUT, 1),
]


def _params(rows: list[Row]) -> list[Any]:
    return [pytest.param(f, m, e, s, id=f"{name}-{m}") for name, f, m, e, s in rows]


def check_error(error: CoupangError, expected: Raised, method: str) -> None:
    """The error is exactly the expected class and carries the expected details."""
    assert type(error) is expected.cls, repr(error)
    assert isinstance(error, APIError)
    # Every message names the call it came from.
    assert error.request is not None
    assert error.request.method == method
    assert str(error).startswith(f"{method} {error.request.url.path}: ")
    assert expected.message in error.message
    if isinstance(error, APIStatusError | BusinessError):
        assert error.status_code == expected.status
        assert error.code == expected.code
        assert bool(error.transaction_id) is expected.transaction_id
        if error.transaction_id:
            assert f"(transactionId {error.transaction_id})" in str(error)
    if isinstance(error, RateLimitError):
        assert error.retry_after is not None
        assert error.retry_after >= COOLDOWN
        assert not error.local
    if isinstance(error, ResponseValidationError):
        assert error.response is not None
        assert error.response.status_code == expected.status
        assert isinstance(error.body, str)  # the broken body is kept, as text
    if isinstance(error, APIConnectionError):
        # It happened after the request was written: re-sending a POST could create twice.
        assert error.request_sent
        # An httpx transport error, or the attempt deadline (anyio's TimeoutError).
        assert isinstance(error.__cause__, httpx.TransportError | TimeoutError)


async def run_row(
    scenario: Scenario, client: CoupangClient, expected: Raised | None, sends: int
) -> None:
    """Run the call through `client` and check outcome, sends and what the fake applied."""
    async with client:
        if expected is None:
            await scenario.call(client)
        else:
            with pytest.raises(CoupangError) as info:
                await scenario.call(client)
            check_error(info.value, expected, scenario.method)
    assert scenario.sends() == sends
    if scenario.method == "POST":
        # Never two products from one create, whatever happened on the wire.
        assert scenario.processed() <= 1
        assert scenario.applied() <= 1
    if scenario.method in ("PUT", "DELETE"):
        assert scenario.applied() <= scenario.processed() <= sends


@pytest.mark.parametrize(("fault", "method", "expected", "sends"), _params(IN_PROCESS))
async def test_fault_matrix(fault: Fault, method: str, expected: Raised | None, sends: int) -> None:
    """In-process, a fault on the first attempt leads to the documented outcome and sends."""
    scenario = Scenario(method)
    scenario.inject(fault, times=1)
    client = scenario.fake.client(
        requests_per_second=None,
        retry=FAST_RETRY,
        attempt_deadline=DEADLINE,
        max_response_bytes=CAP,
    )
    await run_row(scenario, client, expected, sends)


class Switch:
    """One loopback server for the whole module, serving whichever fake the current test uses
    (starting and stopping uvicorn per test would cost more than the tests themselves)."""

    def __init__(self) -> None:
        self.fake: FakeCoupang | None = None

        # A plain coroutine function: uvicorn takes a bound method for an ASGI 2 app.
        async def app(
            scope: MutableMapping[str, Any],
            receive: Callable[[], Any],
            send: Callable[[MutableMapping[str, Any]], Any],
        ) -> None:
            assert self.fake is not None
            await self.fake.server_app(scope, receive, send)

        self.server_app = app


@pytest.fixture(scope="module")
async def switch() -> AsyncIterator[tuple[Switch, str]]:
    """A loopback server (uvicorn, as `fake.serve()` runs it) and its base URL."""
    target = Switch()
    async with serve(cast(FakeCoupang, target)) as base_url:
        yield target, base_url


@pytest.mark.asyncio_only  # uvicorn needs asyncio
@pytest.mark.parametrize(("fault", "method", "expected", "sends"), _params(OVER_SOCKET))
async def test_fault_matrix_over_a_socket(
    switch: tuple[Switch, str], fault: Fault, method: str, expected: Raised | None, sends: int
) -> None:
    """Over a real loopback socket, a fault on the first attempt leads to the documented
    outcome: dropped connections really close, late replies really time out."""
    target, base_url = switch
    scenario = Scenario(method)
    target.fake = scenario.fake
    scenario.inject(fault, times=1)
    client = scenario.fake.client(
        base_url=base_url,
        transport=None,
        requests_per_second=None,
        retry=FAST_RETRY,
        # Generous except for the read, which the late replies must outlast.
        timeout=httpx.Timeout(5.0, read=READ_TIMEOUT),
        attempt_deadline=DEADLINE,
        max_response_bytes=CAP,
    )
    await run_row(scenario, client, expected, sends)


@pytest.mark.parametrize("method", METHODS)
async def test_refused_connection_is_retried_for_every_method(method: str) -> None:
    """A refused connection never reached the server, so every method, POST included, is tried
    the full three times, then raises APIConnectionError(request_sent=False)."""
    with socket.socket() as placeholder:  # a port nobody listens on once closed
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    attempts: list[httpx.Request] = []

    async def count(request: httpx.Request) -> None:
        attempts.append(request)

    scenario = Scenario(method)
    client = scenario.fake.client(
        base_url=f"http://127.0.0.1:{port}",
        transport=None,
        requests_per_second=None,
        retry=FAST_RETRY,
        event_hooks={"request": [count]},
    )
    async with client:
        with pytest.raises(APIConnectionError) as info:
            await scenario.call(client)
    error = info.value
    assert type(error) is APIConnectionError
    assert not error.request_sent
    assert "ConnectError" in error.message
    assert str(error).startswith(f"{method} /v2/")
    assert len(attempts) == 3
    assert len(scenario.fake.requests) == 0


async def test_error_details_from_gateway_bodies() -> None:
    """Status errors carry the gateway's status, code, message and transaction id."""
    scenario = Scenario("POST")
    scenario.inject(Fault.server_error(503), times=1)
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
    scenario.inject(Fault.business_error("재고 변경에 실패했습니다."))
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        with pytest.raises(BusinessError) as info:
            await scenario.call(client)
    assert info.value.code == "ERROR"
    assert info.value.message == "재고 변경에 실패했습니다."
    assert info.value.status_code == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_retries_exhausted_on_persistent_503(method: str) -> None:
    """A 503 that never clears is raised after exactly the configured three attempts, with the
    last attempt's details."""
    scenario = Scenario(method)
    scenario.inject(Fault.server_error(503))
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        with pytest.raises(ServerError) as info:
            await scenario.call(client)
    check_error(info.value, _server_error(503), method)
    assert scenario.sends() == 3
    assert scenario.applied() == 0


async def test_a_processed_504_on_a_put_is_retried_to_the_same_value() -> None:
    """A 504 after the backend applied a PUT is retried; every attempt writes the same absolute
    value, so the item ends at exactly that value."""
    scenario = Scenario("PUT")
    scenario.inject(Fault.server_error(504, processed=True), times=2)
    async with scenario.fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        await scenario.call(client)
    assert scenario.sends() == 3
    assert scenario.applied() == 3
    snapshot = scenario.fake.vendor_item(scenario.vendor_item_id)
    assert snapshot is not None
    assert snapshot.quantity == 77
