"""returns.list_return_requests: FakeCoupang (paging, windows, filters) and respx (wire bytes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from coupang_async.testing import FakeCoupang

from .testing.signer import OPENAPI, Api, Clock


@pytest.mark.parametrize("search", [{}, {"searchType": "timeFrame"}])
async def test_fake_return_requests_carry_no_bookkeeping_keys(search: dict[str, str]) -> None:
    """The fake answers return requests without its internal ``_status`` key, in both modes."""
    clock = Clock()
    fake = FakeCoupang(products=30, seed=3, requests_per_second=None, clock=clock)
    api = Api(fake, clock)
    dates = (
        {"createdAtFrom": "2026-01-09T00:00", "createdAtTo": "2026-01-15T23:59"}
        if search
        else {"createdAtFrom": "2026-01-09", "createdAtTo": "2026-01-15"}
    )
    params: dict[str, Any] = {**search, **dates, "status": "UC"}
    body = (await api.get(f"{OPENAPI}/v6/vendors/{fake.vendor_id}/returnRequests", params)).json()
    await api.aclose()
    assert body["data"]
    assert all(not key.startswith("_") for row in body["data"] for key in row)
    assert dt.date(2026, 1, 9) <= dt.date.fromisoformat(body["data"][0]["createdAt"][:10])
