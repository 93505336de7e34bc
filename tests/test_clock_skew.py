"""Clock skew, end to end: the fake's real stale-signature check against an injected clock.

The gateway refuses a `signed-date` too far from its own clock with 401 "Specified signature is
expired." (reference/coupang-api.md §1.1, §4.4); the client must say that the machine's clock is
the likely cause, and must not retry (a re-signed retry carries the same wrong clock).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coupang_async import AuthenticationError, CoupangError, vendor_items
from coupang_async.testing import FakeCoupang

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

NOW = datetime(2025, 7, 15, 3, 0, 0, tzinfo=UTC)
SKEW_LIMIT = 300.0  # the fake's default max_clock_skew, seconds


def _fake() -> FakeCoupang:
    """A fake whose own clock stands still at NOW."""
    return FakeCoupang(products=3, seed=41, requests_per_second=None, clock=NOW.timestamp)


async def _read_with_clock(fake: FakeCoupang, client_now: datetime) -> CoupangError | None:
    vid = fake.vendor_item_ids(writable=True)[0]
    client = fake.client(requests_per_second=None, retry=FAST_RETRY, clock=lambda: client_now)
    async with client:
        try:
            await vendor_items.get_inventory(client, vid)
        except CoupangError as exc:
            return exc
    return None


@pytest.mark.parametrize(
    "skew", [timedelta(minutes=6), -timedelta(minutes=6), timedelta(hours=9), -timedelta(days=1)]
)
async def test_stale_signature_says_check_the_clock(skew: timedelta) -> None:
    """A machine clock off by more than the gateway allows (ahead or behind, or a local time
    zone mistaken for UTC) raises AuthenticationError telling the user to check the clock."""
    fake = _fake()
    error = await _read_with_clock(fake, NOW + skew)
    assert type(error) is AuthenticationError
    assert error.status_code == 401
    assert error.code == "ERROR"
    assert error.transaction_id
    assert error.message.startswith("Specified signature is expired.")
    assert "system clock" in error.message
    assert "system clock" in str(error)
    # Not retried: every attempt would be signed with the same wrong clock.
    assert len(fake.requests) == 1
    record = fake.requests.last
    assert record is not None
    assert record.status == 401


@pytest.mark.parametrize("skew", [timedelta(0), timedelta(seconds=299), -timedelta(seconds=299)])
async def test_small_skew_is_accepted(skew: timedelta) -> None:
    """Within the gateway's tolerance the same call succeeds."""
    assert await _read_with_clock(_fake(), NOW + skew) is None


async def test_other_401s_do_not_blame_the_clock() -> None:
    """An unknown access key is a 401 too, but its message does not mention the clock."""
    fake = _fake()
    client = fake.client(
        access_key="another-access-key",
        requests_per_second=None,
        retry=FAST_RETRY,
        clock=lambda: NOW,
    )
    async with client:
        with pytest.raises(AuthenticationError) as info:
            await vendor_items.get_inventory(client, fake.vendor_item_ids()[0])
    assert "clock" not in info.value.message
    assert info.value.message.startswith("Unknown error occurred")
    assert len(fake.requests) == 1
