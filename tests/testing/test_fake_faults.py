"""Fault injection: every kind, rule matching (method, path, count, skip, probability), state."""

from __future__ import annotations

import re

import httpx
import orjson
import pytest

from coupang_async.testing import FakeCoupang, Fault, FaultKind
from tests.testing.signer import SP, Api, Clock

pytestmark = pytest.mark.both_backends

INFLOW = f"{SP}/seller-products/inflow-status"


def _quantity_path(vid: int, quantity: int) -> str:
    return f"{SP}/vendor-items/{vid}/quantities/{quantity}"


@pytest.fixture
def vid(fake: FakeCoupang) -> int:
    """An approved option of a live product."""
    return fake.vendor_item_ids(writable=True)[0]


def _quantity(fake: FakeCoupang, vid: int) -> int:
    snapshot = fake.vendor_item(vid)
    assert snapshot is not None
    return snapshot.quantity


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_server_errors_are_not_processed_by_default(
    api: Api, fake: FakeCoupang, vid: int, status: int
) -> None:
    """A 5xx fault answers a gateway-style JSON body and leaves the state untouched."""
    before = _quantity(fake, vid)
    fake.faults.add(Fault.server_error(status))
    response = await api.put(_quantity_path(vid, 1))
    assert response.status_code == status
    body = response.json()
    assert body["code"] == "ERROR"
    assert isinstance(body["transactionId"], str)
    assert _quantity(fake, vid) == before
    assert fake.requests.last is not None
    assert fake.requests.last.fault is FaultKind.SERVER_ERROR


async def test_processed_504_changes_state_although_the_client_sees_an_error(
    api: Api, fake: FakeCoupang, vid: int
) -> None:
    """``processed=True`` models a backend that finished while the gateway timed out."""
    fake.faults.add(Fault.server_error(504, processed=True))
    response = await api.put(_quantity_path(vid, 3))
    assert response.status_code == 504
    assert _quantity(fake, vid) == 3
    assert fake.writes(vid) == {"quantity": 1}


async def test_server_error_with_a_custom_body(api: Api, fake: FakeCoupang) -> None:
    """A server-error fault can send any body (here plain text)."""
    fake.faults.add(Fault.server_error(500, body=b"upstream exploded"))
    response = await api.get(INFLOW)
    assert response.status_code == 500
    assert response.text == "upstream exploded"


async def test_rate_limited_fault(api: Api, fake: FakeCoupang) -> None:
    """A 429 fault has the rate limiter's body and, only if asked, Retry-After."""
    fake.faults.add(Fault.rate_limited(), times=1)
    fake.faults.add(Fault.rate_limited(retry_after=30), times=1)
    plain = await api.get(INFLOW)
    with_header = await api.get(INFLOW)
    assert plain.status_code == with_header.status_code == 429
    assert plain.json()["message"] == "Too Many Requests"
    assert "retry-after" not in plain.headers
    assert with_header.headers["retry-after"] == "30"


async def test_access_denied_is_the_html_block_page(api: Api, fake: FakeCoupang) -> None:
    """The 403 fault sends the CDN's HTML "Access Denied" page naming the path."""
    fake.faults.add(Fault.access_denied())
    response = await api.get(INFLOW)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "<TITLE>Access Denied</TITLE>" in response.text
    assert f'"http://api-gateway.coupang.com{INFLOW}"' in response.text


async def test_business_error_is_http_200_with_code_error(
    api: Api, fake: FakeCoupang, vid: int
) -> None:
    """HTTP 200 whose envelope says ERROR; not processed unless asked."""
    before = _quantity(fake, vid)
    fake.faults.add(Fault.business_error("처리 실패"))
    response = await api.put(_quantity_path(vid, 9))
    assert response.status_code == 200
    assert response.json() == {"code": "ERROR", "message": "처리 실패", "data": None}
    assert _quantity(fake, vid) == before


async def test_truncated_json_is_processed_then_cut(api: Api, fake: FakeCoupang, vid: int) -> None:
    """The write happens; the client receives half a JSON document with a matching length."""
    fake.faults.add(Fault.truncated_json())
    response = await api.put(_quantity_path(vid, 11))
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(response.content)
    assert _quantity(fake, vid) == 11


async def test_wrong_content_type_keeps_the_body(api: Api, fake: FakeCoupang) -> None:
    """The body is the real JSON, labelled as HTML."""
    fake.faults.add(Fault.wrong_content_type())
    response = await api.get(INFLOW)
    assert response.headers["content-type"] == "text/html;charset=UTF-8"
    assert response.json()["code"] == "SUCCESS"


async def test_drop_before_raises_connect_error_without_processing(
    api: Api, fake: FakeCoupang, vid: int
) -> None:
    """In-process, a connection that never reached the server is an httpx.ConnectError."""
    before = _quantity(fake, vid)
    fake.faults.add(Fault.drop_before())
    with pytest.raises(httpx.ConnectError):
        await api.put(_quantity_path(vid, 2))
    assert _quantity(fake, vid) == before
    record = fake.requests.last
    assert record is not None
    assert record.status is None
    assert record.fault is FaultKind.DROP_BEFORE


async def test_drop_after_raises_protocol_error_after_processing(
    api: Api, fake: FakeCoupang, vid: int
) -> None:
    """The write is applied, then the client loses the connection (RemoteProtocolError)."""
    fake.faults.add(Fault.drop_after())
    with pytest.raises(httpx.RemoteProtocolError):
        await api.put(_quantity_path(vid, 4))
    assert _quantity(fake, vid) == 4
    assert fake.writes(vid) == {"quantity": 1}


@pytest.mark.parametrize(("processed", "expected"), [(True, 6), (False, None)])
async def test_timeout_raises_read_timeout(
    api: Api, fake: FakeCoupang, vid: int, processed: bool, expected: int | None
) -> None:
    """In-process a timeout is an immediate httpx.ReadTimeout, with or without processing."""
    before = _quantity(fake, vid)
    fake.faults.add(Fault.timeout(processed=processed))
    with pytest.raises(httpx.ReadTimeout):
        await api.put(_quantity_path(vid, 6))
    assert _quantity(fake, vid) == (expected if expected is not None else before)


async def test_slow_reply_still_answers(api: Api, fake: FakeCoupang) -> None:
    """A slow fault delays the reply but delivers it unchanged."""
    fake.faults.add(Fault.slow(0.01))
    response = await api.get(INFLOW)
    assert response.status_code == 200
    assert fake.requests.last is not None
    assert fake.requests.last.fault is FaultKind.SLOW


async def test_unprocessed_faults_come_before_authentication(api: Api, fake: FakeCoupang) -> None:
    """An outage answers 503 even to a badly signed request (the gateway is down)."""
    fake.faults.add(Fault.server_error(503))
    response = await api.get(INFLOW, header="Bearer nonsense")
    assert response.status_code == 503


async def test_rules_match_method_glob_and_regex(api: Api, fake: FakeCoupang, vid: int) -> None:
    """Method, glob and regex filters choose which requests a rule hits."""
    fake.faults.add(Fault.server_error(503), method="put", path="*/quantities/*")
    fake.faults.add(Fault.server_error(500), path=re.compile(r"/inflow-status$"))
    assert (await api.put(_quantity_path(vid, 1))).status_code == 503
    assert (await api.put(f"{SP}/vendor-items/{vid}/sales/stop")).status_code == 200
    assert (await api.get(INFLOW)).status_code == 500
    assert (await api.get(f"{SP}/vendor-items/{vid}/inventories")).status_code == 200


async def test_times_and_skip(api: Api, fake: FakeCoupang) -> None:
    """``skip`` lets the first matches through, ``times`` caps how often the rule fires."""
    rule = fake.faults.add(Fault.server_error(503), skip=1, times=2)
    statuses = [(await api.get(INFLOW)).status_code for _ in range(5)]
    assert statuses == [200, 503, 503, 200, 200]
    assert (rule.matched, rule.fired, rule.exhausted) == (5, 2, True)


async def test_probability_is_reproducible_with_a_seed(clock: Clock) -> None:
    """Two fakes with the same rule seed fail the same requests; p=0 and p=1 are exact."""
    patterns = []
    for _ in range(2):
        fake = FakeCoupang(clock=clock, requests_per_second=None)
        fake.faults.add(Fault.server_error(503), probability=0.5, seed=42)
        api = Api(fake, clock)
        patterns.append([(await api.get(INFLOW)).status_code for _ in range(30)])
        await api.aclose()
    assert patterns[0] == patterns[1]
    assert set(patterns[0]) == {200, 503}
    fake = FakeCoupang(clock=clock, requests_per_second=None)
    never = fake.faults.add(Fault.server_error(503), probability=0.0)
    api = Api(fake, clock)
    assert {(await api.get(INFLOW)).status_code for _ in range(5)} == {200}
    never.remove()
    fake.faults.add(Fault.server_error(503), probability=1.0)
    assert {(await api.get(INFLOW)).status_code for _ in range(5)} == {503}
    await api.aclose()


async def test_first_matching_rule_wins_and_rules_can_be_removed(
    api: Api, fake: FakeCoupang
) -> None:
    """Rules apply in order; a rule used as a context manager and ``clear`` remove them."""
    with fake.faults.add(Fault.server_error(502)):
        fake.faults.add(Fault.server_error(503))
        assert (await api.get(INFLOW)).status_code == 502
    assert (await api.get(INFLOW)).status_code == 503
    fake.faults.clear()
    assert not fake.faults
    assert (await api.get(INFLOW)).status_code == 200


def test_fault_arguments_are_validated(fake: FakeCoupang) -> None:
    """Impossible faults and rules raise ValueError at once."""
    with pytest.raises(ValueError, match="5xx"):
        Fault.server_error(404)
    with pytest.raises(ValueError, match="seconds"):
        Fault.slow(-1)
    with pytest.raises(ValueError, match="probability"):
        fake.faults.add(Fault.drop_after(), probability=1.5)
    with pytest.raises(ValueError, match="times"):
        fake.faults.add(Fault.drop_after(), times=-1)
