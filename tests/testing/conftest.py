"""Fixtures for the FakeCoupang tests: a fixed clock, a fake, and a signed plain-httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import Api, Clock


@pytest.fixture
def clock() -> Clock:
    """A clock frozen at 2026-01-15T03:00:00Z until a test advances it."""
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeCoupang:
    """A fake with 30 generated products (every status), no rate limit and the test clock."""
    return FakeCoupang(products=30, seed=3, requests_per_second=None, clock=clock)


@pytest.fixture
async def api(fake: FakeCoupang, clock: Clock) -> AsyncIterator[Api]:
    """Plain httpx with the independent signer, wired to ``fake`` in-process."""
    client = Api(fake, clock)
    yield client
    await client.aclose()
