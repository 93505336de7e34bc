"""Rocket Growth reads against the fake: orders (30-day chunks, yyyymmdd), one order,
inventory, and the 50-calls-a-minute pace."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator

import pytest

from coupang_async import CoupangClient, InvalidInputError, RateLimitError, rocket_growth
from coupang_async.testing import FakeCoupang
from coupang_async.testing._rocket_growth import ROCKET_GROWTH

from .helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

REAL_INTERVAL = rocket_growth._INTERVAL  # before the fixture below shortens it


@pytest.fixture(autouse=True)
def _short_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 50-a-minute pace would make these tests slow; the spacing itself is tested below."""
    monkeypatch.setattr(rocket_growth, "_INTERVAL", 0.01)


@pytest.fixture
def fake() -> FakeCoupang:
    return FakeCoupang(products=60, seed=2, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        yield client


async def test_orders_over_a_long_window(fake: FakeCoupang, client: CoupangClient) -> None:
    """40 days: two chunks (30 + 10 days) as yyyymmdd; every generated order once, in order."""
    first = fake.today - dt.timedelta(days=39)
    orders = await rocket_growth.list_orders(client, paid_from=first, paid_to=fake.today).to_list()
    expected = [o["orderId"] for o in fake.vendor().state(ROCKET_GROWTH).orders]
    assert [o.order_id for o in orders] == expected
    queries = [r.query_string.decode() for r in fake.requests]
    assert queries[0].startswith(f"paidDateFrom={first:%Y%m%d}&paidDateTo=")
    assert queries[-1].endswith(f"paidDateTo={fake.today:%Y%m%d}") or "nextToken" in queries[-1]
    order = orders[0]
    assert order.paid_at_datetime is not None
    assert (order.order_items or [])[0].price is not None
    with pytest.raises(InvalidInputError, match="paid_to"):
        rocket_growth.list_orders(client, paid_from=fake.today, paid_to=first)


async def test_one_order_and_inventory(fake: FakeCoupang, client: CoupangClient) -> None:
    state = fake.vendor().state(ROCKET_GROWTH)
    stored = state.orders[0]
    order = await rocket_growth.get_order(client, stored["orderId"])
    assert order.order_id == stored["orderId"]
    assert (order.order_items or [])[0].sales_price == stored["orderItems"][0]["unitSalesPrice"]
    listed = await rocket_growth.list_orders(
        client, paid_from=fake.today - dt.timedelta(days=29), paid_to=fake.today
    ).to_list()
    assert order.paid_at_datetime == listed[0].paid_at_datetime
    stock = await rocket_growth.list_inventory(client).to_list()
    assert [s.vendor_item_id for s in stock] == [s["vendorItemId"] for s in state.stock]
    one = await rocket_growth.list_inventory(client, vendor_item_id=stock[0].vendor_item_id)  # type: ignore[arg-type]
    assert [s.vendor_item_id for s in one.items] == [stock[0].vendor_item_id]


async def test_calls_are_spaced(
    fake: FakeCoupang, client: CoupangClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Rocket Growth call of a client starts at least the interval after the previous one
    (50 a minute: 1.2 s; shortened here), pages included."""
    monkeypatch.setattr(rocket_growth, "_INTERVAL", 0.2)
    state = fake.vendor().state(ROCKET_GROWTH)
    await rocket_growth.get_order(client, state.orders[0]["orderId"])
    await rocket_growth.list_inventory(client).to_list()
    await rocket_growth.get_order(client, state.orders[1]["orderId"])
    arrivals = [r.received_at for r in fake.requests]
    assert len(arrivals) == 3
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(arrivals))


def test_the_real_interval_keeps_50_a_minute() -> None:
    """At the real spacing no 60 s window (plus the network margin) holds more than 50 starts."""
    assert rocket_growth.CALLS_PER_MINUTE == 50
    assert 60.0 / REAL_INTERVAL < 50
    assert REAL_INTERVAL < 1.25  # and it does not waste the budget


async def test_the_fake_refuses_a_51st_call_within_a_minute(fake: FakeCoupang) -> None:
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        for _ in range(50):
            await client.get(
                f"/v2/providers/rg_open_api/apis/api/v1/vendors/{fake.vendor_id}/rg/inventory/summaries"
            )
        with pytest.raises(RateLimitError):
            await client.get(
                f"/v2/providers/rg_open_api/apis/api/v1/vendors/{fake.vendor_id}/rg/inventory/summaries"
            )
