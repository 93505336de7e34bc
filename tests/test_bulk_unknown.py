"""A write whose outcome the client cannot know is UNKNOWN, never FAILED: a 5xx (processed or
not: the client cannot tell), a connection dropped after the write was sent, a timeout after
it was sent, an unreadable 2xx body. A write refused for good (a 4xx, a business error) or one
that never left (connection refused) is FAILED. In-process and over a loopback socket."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from coupang_async import (
    APIConnectionError,
    CoupangClient,
    ItemStatus,
    PriceUpdate,
    bulk,
)
from coupang_async.testing import FakeCoupang, Fault
from tests.helpers import FAST_RETRY, make_client

pytestmark = pytest.mark.both_backends

UNKNOWABLE = [
    pytest.param(Fault.server_error(502, processed=True), True, id="502-after-processing"),
    pytest.param(Fault.server_error(503), False, id="503"),
    pytest.param(Fault.drop_after(), True, id="dropped-after-the-write"),
    pytest.param(Fault.timeout(processed=True, seconds=3.0), True, id="timeout-after-send"),
    pytest.param(Fault.truncated_json(), True, id="unreadable-2xx"),
]
REFUSED = [
    pytest.param(Fault.access_denied(), id="403"),
    pytest.param(Fault.business_error(), id="business-error"),
]


async def run_three(fake: FakeCoupang, client: CoupangClient, fault: Fault) -> list[ItemStatus]:
    """Three price updates (10 won up); every attempt of the middle one meets `fault`."""
    vids = fake.vendor_item_ids(writable=True)[:3]
    fake.faults.add(fault, method="PUT", path=re.compile(rf"/vendor-items/{vids[1]}/prices/"))
    updates = [PriceUpdate(vid, price_of(fake, vid) + 10) for vid in vids]
    async with client:
        result = await bulk.update_prices(client, updates)
    return [r.status for r in result.results]


def fresh() -> FakeCoupang:
    return FakeCoupang(products=20, seed=5, requests_per_second=None)


def price_of(fake: FakeCoupang, vid: int) -> int:
    item = fake.vendor_item(vid)
    assert item is not None
    return item.sale_price


def applied(fake: FakeCoupang) -> bool:
    """The middle update landed (its item's price moved from the fresh fake's)."""
    vid = fake.vendor_item_ids(writable=True)[1]
    return price_of(fake, vid) == price_of(fresh(), vid) + 10


@pytest.mark.parametrize(("fault", "processed"), UNKNOWABLE)
async def test_unknowable_outcomes_are_unknown_in_process(fault: Fault, processed: bool) -> None:
    fake = fresh()
    client = fake.client(requests_per_second=None, retry=FAST_RETRY)
    statuses = await run_three(fake, client, fault)
    assert statuses == [ItemStatus.OK, ItemStatus.UNKNOWN, ItemStatus.OK]
    assert applied(fake) is processed


@pytest.mark.parametrize("fault", REFUSED)
async def test_refusals_are_failed_in_process(fault: Fault) -> None:
    fake = fresh()
    client = fake.client(requests_per_second=None, retry=FAST_RETRY)
    statuses = await run_three(fake, client, fault)
    assert statuses == [ItemStatus.OK, ItemStatus.FAILED, ItemStatus.OK]
    assert not applied(fake)


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeCoupang, str]]:
    fake = fresh()
    async with fake.serve() as base_url:
        yield fake, base_url


@pytest.mark.asyncio_only  # uvicorn needs asyncio
@pytest.mark.parametrize(("fault", "processed"), UNKNOWABLE)
async def test_unknowable_outcomes_are_unknown_over_a_socket(
    served: tuple[FakeCoupang, str], fault: Fault, processed: bool
) -> None:
    fake, base_url = served
    client = fake.client(
        base_url=base_url,
        transport=None,
        requests_per_second=None,
        retry=FAST_RETRY,
        timeout=httpx.Timeout(0.5),
    )
    statuses = await run_three(fake, client, fault)
    assert statuses == [ItemStatus.OK, ItemStatus.UNKNOWN, ItemStatus.OK]
    assert applied(fake) is processed


@pytest.mark.asyncio_only  # uvicorn needs asyncio
@pytest.mark.parametrize("fault", REFUSED)
async def test_refusals_are_failed_over_a_socket(
    served: tuple[FakeCoupang, str], fault: Fault
) -> None:
    fake, base_url = served
    client = fake.client(base_url=base_url, transport=None, requests_per_second=None)
    statuses = await run_three(fake, client, fault)
    assert statuses == [ItemStatus.OK, ItemStatus.FAILED, ItemStatus.OK]


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_a_refused_connection_is_failed_and_stops_the_run_when_asked() -> None:
    """Nothing listens: every write FAILED (never sent), and with
    `stop_after_connection_failures=3` the run stops after three, the rest NOT_ATTEMPTED."""
    client = make_client(base_url=f"http://127.0.0.1:{dead_port()}", max_concurrency=1)
    updates = [PriceUpdate(1_000_000 + n, 10_000) for n in range(10)]
    async with client:
        result = await bulk.update_prices(client, updates, stop_after_connection_failures=3)
    statuses = [r.status for r in result.results]
    assert statuses == [ItemStatus.FAILED] * 3 + [ItemStatus.NOT_ATTEMPTED] * 7
    assert isinstance(result.stop_reason, APIConnectionError)
    assert result.stopped_by is None
    assert all(r.error is result.stop_reason for r in result.results[3:])
    retry = result.updates_to_retry()
    assert retry == updates  # all of them can be re-run
