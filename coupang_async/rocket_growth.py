"""Rocket Growth (로켓그로스) reads: orders Coupang fulfilled for the seller, and warehouse stock.

```python
import datetime as dt
from coupang_async import rocket_growth

async for order in rocket_growth.list_orders(
    client, paid_from=dt.date(2026, 1, 1), paid_to=dt.date(2026, 1, 31)
):
    print(order.order_id, order.paid_at_datetime, [i.price for i in order.order_items or []])

order = await rocket_growth.get_order(client, 70000000000)
async for stock in rocket_growth.list_inventory(client):
    print(stock.vendor_item_id, stock.inventory_details.total_orderable_quantity)
```

`GET /v2/providers/rg_open_api/apis/api/v1/vendors/{vendorId}/rg/orders` (and ``rg/order/{id}``,
``rg/inventory/summaries``). Rocket Growth sales never appear in the marketplace order sheets.

Decisions:

* **50 calls per minute.** Coupang allows these APIs 50 calls a minute per vendor (far below
  the 10 per second of the others). Every call of this module waits for its turn on a per-client
  schedule that starts at most 50 calls in any minute (one every 1.2 s, plus the network
  margin), on top of the client's own pace; a listing's pages are spaced the same way.
* **Dates.** ``paidDateFrom`` / ``paidDateTo`` go out as ``yyyymmdd`` (KST days, both
  included as documented). Windows longer than 30 days are split into 30-day chunks walked one
  after another behind the one paginator; the page tokens name the chunk, so a saved
  ``next_token`` resumes there.
* **Prices.** The listing writes the unit price as ``unitSalesPrice``, the single order as
  ``salesPrice``; `RocketGrowthOrderItem.price` reads either. ``paidAt`` is epoch milliseconds in
  the listing and ISO-8601 in the single order; `RocketGrowthOrder.paid_at_datetime` reads both.
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from typing import TYPE_CHECKING, Any, Final

import anyio

from coupang_async._date_windows import Chunks, DateWindows, Resolution, Window, read_window
from coupang_async._envelope import Envelope
from coupang_async._operation import Operation
from coupang_async._paging import NextToken
from coupang_async._validate import check_max_pages, check_positive_id, check_token
from coupang_async.models.fulfilment import RocketGrowthInventory, RocketGrowthOrder
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "CALLS_PER_MINUTE",
    "MAX_WINDOW_DAYS",
    "get_order",
    "list_inventory",
    "list_orders",
]

#: Coupang's limit for the Rocket Growth APIs, per vendor.
CALLS_PER_MINUTE: Final = 50
#: Days per order-listing request; longer windows are split.
MAX_WINDOW_DAYS: Final = 30
_NETWORK_MARGIN: Final = 0.05
#: Seconds between two Rocket Growth calls of one client.
_INTERVAL: Final = (60.0 + _NETWORK_MARGIN) / CALLS_PER_MINUTE

_RG: Final = "/v2/providers/rg_open_api/apis/api/v{version}/vendors/{vendor_id}/rg"
_LIST_ORDERS: Final = Operation(
    "rocket_growth.list_orders",
    "GET",
    _RG + "/orders",
    returns=RocketGrowthOrder,
    version=1,
    paging=DateWindows(NextToken(size_param=None), "paidDateFrom", "paidDateTo"),
)
_GET_ORDER: Final = Operation(
    "rocket_growth.get_order", "GET", _RG + "/order/{order_id}", returns=Envelope, version=1
)
_LIST_INVENTORY: Final = Operation(
    "rocket_growth.list_inventory",
    "GET",
    _RG + "/inventory/summaries",
    returns=RocketGrowthInventory,
    version=1,
    paging=NextToken(size_param=None),
)


class _Schedule:
    """When the next Rocket Growth call of one client may start (a fixed spacing, no bursts)."""

    def __init__(self) -> None:
        self.lock = anyio.Lock()
        self.next_start = 0.0

    async def wait_turn(self, interval: float) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_start > now:
                await anyio.sleep(self.next_start - now)
                now = time.monotonic()
            self.next_start = max(now, self.next_start) + interval


_SCHEDULES: weakref.WeakKeyDictionary[CoupangClient, _Schedule] = weakref.WeakKeyDictionary()


async def _turn(client: CoupangClient) -> None:
    schedule = _SCHEDULES.get(client)
    if schedule is None:
        schedule = _SCHEDULES[client] = _Schedule()
    await schedule.wait_turn(_INTERVAL)


def _paced(
    client: CoupangClient, start: str | None, build: Any, max_pages: int | None
) -> AsyncPaginator[Any]:
    """A paginator whose every page waits for the client's Rocket Growth turn first."""

    async def fetch(token: str | None) -> Page[Any]:
        await _turn(client)
        page: Page[Any] = await build(token)
        return page

    return AsyncPaginator(fetch, next_token=start, max_pages=max_pages)


def _yyyymmdd(value: dt.datetime) -> str:
    return value.strftime("%Y%m%d")


def list_orders(
    client: CoupangClient,
    *,
    paid_from: dt.date,
    paid_to: dt.date,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[RocketGrowthOrder]:
    """Rocket Growth orders paid in a window of KST days (both included).

    `GET /v2/providers/rg_open_api/apis/api/v1/vendors/{vendorId}/rg/orders`

    A plain call: nothing is sent until the paginator is awaited or iterated. Any window length
    (split into 30-day chunks); paced to 50 calls a minute.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    start, end, is_time = read_window(
        paid_from, paid_to, from_field="paid_from", to_field="paid_to"
    )
    if is_time:
        from coupang_async._errors import InvalidInputError

        raise InvalidInputError("paid_from", "must be a datetime.date (Coupang takes days)")
    window = Window.of(start, end, Resolution.DAY, span=dt.timedelta(days=MAX_WINDOW_DAYS))
    chunks = Chunks(window, _yyyymmdd)
    check_max_pages(max_pages)
    first = client._list(_LIST_ORDERS, window=chunks, next_token=next_token)  # checks the token

    async def build(token: str | None) -> Page[RocketGrowthOrder]:
        pager = client._list(_LIST_ORDERS, window=chunks, next_token=token)
        return await pager

    return _paced(client, first.start_token, build, max_pages)


async def get_order(client: CoupangClient, order_id: int) -> RocketGrowthOrder:
    """One Rocket Growth order.

    `GET /v2/providers/rg_open_api/apis/api/v1/vendors/{vendorId}/rg/order/{orderId}`

    The answer's ``data`` is one object (documented as a list: a one-element list works too).
    Paced to 50 calls a minute with the other Rocket Growth calls.
    """
    order = check_positive_id("order_id", order_id)
    await _turn(client)
    envelope = await client._call(_GET_ORDER, order)
    if isinstance(envelope.data, list) and envelope.data:
        from coupang_async._envelope import structure_data

        found: RocketGrowthOrder = structure_data(
            envelope.data[0], RocketGrowthOrder, body=envelope.body
        )
        return found
    result: RocketGrowthOrder = envelope.structure(RocketGrowthOrder)
    return result


def list_inventory(
    client: CoupangClient,
    *,
    vendor_item_id: int | None = None,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[RocketGrowthInventory]:
    """Stock and 30-day sales of Rocket Growth items in Coupang's warehouses.

    `GET /v2/providers/rg_open_api/apis/api/v1/vendors/{vendorId}/rg/inventory/summaries`

    Args:
        vendor_item_id: only this item (then the gateway answers one page).
        next_token: resume from a `Page.next_token` of the same listing.
        max_pages: stop after this many pages.
    """
    item = None if vendor_item_id is None else check_positive_id("vendor_item_id", vendor_item_id)
    start = check_token(next_token)
    check_max_pages(max_pages)
    query = [("vendorItemId", item)]

    async def build(token: str | None) -> Page[RocketGrowthInventory]:
        pager = client._list(_LIST_INVENTORY, query, next_token=token)
        return await pager

    return _paced(client, start, build, max_pages)
