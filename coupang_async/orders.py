"""Order sheets (발주서): the orders to ship.

```python
import datetime as dt
from coupang_async import orders
from coupang_async.models import KST, OrderStatus

# Whole KST days, paged with nextToken (any length: split into 31-day chunks)
async for sheet in orders.list_order_sheets(
    client,
    created_at_from=dt.date(2025, 7, 1),
    created_at_to=dt.date(2025, 7, 15),
    status=OrderStatus.ACCEPT,
):
    print(sheet.shipment_box_id, sheet.order_id, sheet.shipping_price.amount)

# A time range (searchType=timeFrame, one response per KST day, no paging)
now = dt.datetime.now(KST)
recent = await orders.list_order_sheets(
    client, created_at_from=now - dt.timedelta(minutes=10), created_at_to=now, status="ACCEPT"
).to_list()
```

`GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/ordersheets` (``version=5``, the
default) or ``…/v4/…`` (``version=4``, for accounts still on it).

Decisions (see also `coupang_async._date_windows`):

* **Version.** v5 is current (Coupang's 2025 notice); it answers `OrderSheet` with money as
  `Money` objects and ISO-8601 timestamps with offsets. ``version=4`` answers `OrderSheetV4`
  (money as whole won, zone-less timestamps); the static type follows the literal you pass.
* **Dates on the wire.** v5: ``createdAtFrom=2025-07-15%2B09:00`` (day mode) and
  ``2025-07-29T00:01%2B09:00`` (time mode): the ``+`` of the offset percent-encoded, as the
  gateway requires (a raw ``+`` reads as a space), and signed over exactly those bytes. v4:
  ``2025-07-15`` / ``2025-07-29T00:01`` (KST wall time). Time bounds are converted to KST.
* **Modes.** ``datetime.date`` bounds → day mode: whole days, both inclusive, paged with
  ``nextToken`` (``max_per_page`` ≤ 50). Aware ``datetime.datetime`` bounds → time mode
  (``searchType=timeFrame``): minute bounds, both inclusive, one unpaged response per chunk
  (``max_per_page`` is not sent: the gateway does not take it there). Naive datetimes are refused.
* **Window limits: split, not rejected.** Day mode allows 31 days per request ("endTime-startTime
  range should less than31."), time mode 24 hours within a day. A longer window is cut into
  consecutive chunks (31 KST days; or each KST calendar day) walked one after another behind the
  one paginator, so "all orders of the quarter" is one call; the page tokens name the chunk, so
  a saved ``next_token`` resumes in the right chunk. Chunks never overlap, so no order is listed
  twice. (Coupang advises ~10-minute windows for minute queries on busy accounts: pass those
  bounds yourself.)
* **Timeout.** Listing pages are heavy; ``extended_timeout`` (default 60 s) sends
  ``X-EXTENDED-TIMEOUT`` so the gateway waits longer than its 3 s default instead of answering
  504. ``None`` leaves the header out.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final, Literal, overload

from coupang_async._date_windows import (
    DEFAULT_EXTENDED_TIMEOUT,
    Chunks,
    DateWindows,
    Resolution,
    Window,
    read_window,
)
from coupang_async._operation import EXTENDED, Operation
from coupang_async._paging import NextToken
from coupang_async._validate import check_choice, check_page_size, check_version
from coupang_async.models.orders import OrderSheet, OrderSheetV4, OrderStatus, OrderStatusCode

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = ["MAX_PER_PAGE", "MAX_WINDOW_DAYS", "list_order_sheets"]

#: The largest page the gateway serves (and its default).
MAX_PER_PAGE: Final = 50
#: Days per day-mode request; longer windows are split into chunks of this many days.
MAX_WINDOW_DAYS: Final = 31

_OFFSET: Final = "+09:00"
_SHEETS: Final = "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/ordersheets"
_WINDOWS: Final = DateWindows(NextToken())

_LIST_ORDER_SHEETS: Final = Operation(
    "orders.list_order_sheets",
    "GET",
    _SHEETS,
    returns=OrderSheet,
    version=5,
    paging=_WINDOWS,
    extended_timeout=EXTENDED,
    query_style="coupang",
)
_LIST_ORDER_SHEETS_V4: Final = Operation(
    "orders.list_order_sheets[v4]",
    "GET",
    _SHEETS,
    returns=OrderSheetV4,
    version=4,
    paging=_WINDOWS,
    extended_timeout=EXTENDED,
    query_style="coupang",
)


@overload
def list_order_sheets(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: OrderStatus | OrderStatusCode,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[5] = 5,
    extended_timeout: float | None = DEFAULT_EXTENDED_TIMEOUT,
) -> AsyncPaginator[OrderSheet]: ...
@overload
def list_order_sheets(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: OrderStatus | OrderStatusCode,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4],
    extended_timeout: float | None = DEFAULT_EXTENDED_TIMEOUT,
) -> AsyncPaginator[OrderSheetV4]: ...
def list_order_sheets(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: OrderStatus | OrderStatusCode,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4, 5] = 5,
    extended_timeout: float | None = DEFAULT_EXTENDED_TIMEOUT,
) -> AsyncPaginator[OrderSheet] | AsyncPaginator[OrderSheetV4]:
    """List the order sheets created in a window, in one status.

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/ordersheets`

    A plain call: nothing is sent until the paginator is awaited (first page) or iterated.

    Args:
        client: the client.
        created_at_from: first day (``datetime.date``) or first minute (aware
            ``datetime.datetime``, converted to KST) of the window, inclusive.
        created_at_to: last day or minute, inclusive; the same kind as ``created_at_from``.
            Any length: windows over the gateway's limit are split (module docstring).
        status: the one status to list (`OrderStatus` or its string value).
        max_per_page: orders per page in day mode, 1..50 (not sent in time mode).
        next_token: resume from a `Page.next_token` of the same listing.
        max_pages: stop after this many pages (None: walk to the end).
        version: 5 (current, default) or 4.
        extended_timeout: seconds the gateway may take per page (``X-EXTENDED-TIMEOUT``);
            None for the gateway's default of 3 s.

    Returns:
        A paginator of `OrderSheet` (v5) or `OrderSheetV4` (v4).

    Raises:
        InvalidInputError: a bad argument (named), e.g. a naive datetime; nothing is sent.
    """
    check_version(version, (4, 5))
    start, end, is_time = read_window(created_at_from, created_at_to)
    order_status = check_choice("status", status, OrderStatus)
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    if is_time:
        window = Window.of(start, end, Resolution.MINUTE, span=None)  # one KST day per chunk
    else:
        window = Window.of(start, end, Resolution.DAY, span=dt.timedelta(days=MAX_WINDOW_DAYS))
    resolution = window.resolution

    def encode(value: dt.datetime) -> str:
        text = resolution.text(value)
        return text + _OFFSET if version == 5 else text

    op: Operation[Any] = _LIST_ORDER_SHEETS_V4 if version == 4 else _LIST_ORDER_SHEETS
    return client._list(
        op,
        [("status", order_status)],
        window=Chunks.of(window, encode, time_frame=is_time),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        extended_timeout=extended_timeout,
    )
