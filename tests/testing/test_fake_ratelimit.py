"""Per-vendor rate enforcement: a strict 1-second sliding window, warnings and blocks."""

from __future__ import annotations

import pytest

from coupang_async.testing import FakeCoupang
from coupang_async.testing._ratelimit import SlidingWindow
from tests.testing.signer import SP, Api, Clock

pytestmark = pytest.mark.both_backends

PATH = f"{SP}/seller-products/inflow-status"


async def _statuses(api: Api, count: int) -> list[int]:
    return [(await api.get(PATH)).status_code for _ in range(count)]


async def test_eleventh_request_in_a_second_is_429(clock: Clock) -> None:
    """Ten requests at one instant pass; the eleventh gets 429 until the window moves on."""
    fake = FakeCoupang(clock=clock)
    api = Api(fake, clock)
    assert await _statuses(api, 10) == [200] * 10
    refused = await api.get(PATH)
    clock.advance(1.0)
    again = await api.get(PATH)
    await api.aclose()
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "ERROR"
    assert body["message"] == "Too Many Requests"
    assert "transactionId" in body
    assert "retry-after" not in refused.headers
    assert again.status_code == 200


async def test_the_window_slides(clock: Clock) -> None:
    """Requests every 0.1 s are fine; one more inside the same second is refused."""
    fake = FakeCoupang(clock=clock)
    api = Api(fake, clock)
    start = clock.now
    statuses = []
    for step in range(10):
        clock.now = start + step / 10
        statuses.append((await api.get(PATH)).status_code)
    clock.now = start + 0.95  # ten requests within the last second
    statuses.append((await api.get(PATH)).status_code)
    clock.now = start + 1.0  # the first request has left the window
    statuses.append((await api.get(PATH)).status_code)
    await api.aclose()
    assert statuses == [200] * 10 + [429, 200]


async def test_warnings_header_near_the_limit(clock: Clock) -> None:
    """From 90 % of the budget on, replies carry X-CAG-Warnings."""
    fake = FakeCoupang(clock=clock)
    api = Api(fake, clock)
    responses = [await api.get(PATH) for _ in range(11)]
    await api.aclose()
    flagged = ["x-cag-warnings" in r.headers for r in responses]
    assert flagged == [False] * 8 + [True] * 3
    assert responses[8].headers["x-cag-warnings"] == "throttling: 9/10 requests in 1s"


async def test_warnings_can_be_switched_off(clock: Clock) -> None:
    """``warn_ratio=None`` never sends the warnings header on allowed requests."""
    fake = FakeCoupang(clock=clock, warn_ratio=None)
    api = Api(fake, clock)
    responses = [await api.get(PATH) for _ in range(10)]
    await api.aclose()
    assert not any("x-cag-warnings" in r.headers for r in responses)


async def test_block_period_after_429(clock: Clock) -> None:
    """With ``block_seconds`` the vendor stays refused after a 429, then recovers."""
    fake = FakeCoupang(clock=clock, block_seconds=5)
    api = Api(fake, clock)
    await _statuses(api, 11)
    clock.advance(2)
    blocked = (await api.get(PATH)).status_code
    clock.advance(3)
    free = (await api.get(PATH)).status_code
    await api.aclose()
    assert (blocked, free) == (429, 200)


async def test_rate_limit_can_be_disabled(clock: Clock) -> None:
    """``requests_per_second=None`` never answers 429."""
    fake = FakeCoupang(clock=clock, requests_per_second=None)
    api = Api(fake, clock)
    statuses = await _statuses(api, 40)
    await api.aclose()
    assert set(statuses) == {200}


async def test_budgets_are_per_vendor(clock: Clock) -> None:
    """Another vendor keeps its own budget when the first one is exhausted."""
    fake = FakeCoupang(clock=clock, requests_per_second=2)
    fake.add_vendor("A00022222", access_key="ak2", secret_key="sk2")
    first, second = Api(fake, clock), Api(fake, clock)
    second.access_key, second.secret_key = "ak2", "sk2"
    a = await _statuses(first, 3)
    b = await _statuses(second, 2)
    await first.aclose()
    await second.aclose()
    assert (a, b) == ([200, 200, 429], [200, 200])


async def test_refused_requests_change_nothing(clock: Clock) -> None:
    """A 429 on a price change leaves the price as it was and counts no write."""
    fake = FakeCoupang(clock=clock, products=12, requests_per_second=1)
    api = Api(fake, clock)
    vid = fake.vendor_item_ids(writable=True)[0]
    before = fake.vendor_item(vid)
    assert before is not None
    await api.get(PATH)
    response = await api.put(f"{SP}/vendor-items/{vid}/quantities/1")
    await api.aclose()
    assert response.status_code == 429
    assert fake.vendor_item(vid) == before
    assert fake.writes(vid) == {}


async def test_reset_rate_limits(clock: Clock) -> None:
    """``reset_rate_limits`` empties the window."""
    fake = FakeCoupang(clock=clock, requests_per_second=1)
    api = Api(fake, clock)
    await _statuses(api, 2)
    fake.reset_rate_limits()
    status = (await api.get(PATH)).status_code
    await api.aclose()
    assert status == 200


def test_fractional_rates_widen_the_window() -> None:
    """Below one request per second, one request is admitted per 1/rate seconds."""
    window = SlidingWindow(0.5, warn_ratio=None)
    assert [window.check(t).allowed for t in (0.0, 1.0, 1.99, 2.0)] == [True, False, False, True]


@pytest.mark.parametrize("rate", [0, -1])
def test_invalid_rates_are_rejected(rate: float) -> None:
    """A rate that is not positive is a configuration error."""
    with pytest.raises(ValueError, match="requests_per_second"):
        FakeCoupang(requests_per_second=rate)
