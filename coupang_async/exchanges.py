"""Exchange requests (교환요청).

```python
import datetime as dt
from coupang_async import exchanges

async for exchange in exchanges.list_exchange_requests(
    client, created_at_from=dt.date(2025, 7, 1), created_at_to=dt.date(2025, 7, 31)
):
    print(exchange.exchange_id, exchange.exchange_status, exchange.reason_code_text)
```

`GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/exchangeRequests` (v4 is the only
version: still current in the 2026 docs).

Decisions (see also `coupang_async._date_windows`):

* **Dates on the wire.** ``yyyy-MM-ddTHH:mm:ss`` in KST (``2025-07-15T13:00:00``).
  ``datetime.date`` bounds mean whole days (from 00:00:00 of the first to 23:59:59 of the last);
  aware ``datetime.datetime`` bounds are converted to KST and floored to the second, both ends
  inclusive. Naive datetimes are refused.
* **Window limit: split, not rejected.** The gateway allows 7 days per request; longer windows
  are cut into consecutive 7-day chunks (each ends one second before the next starts) behind the
  one paginator, with tokens that name the chunk so resuming works.
* **Paging.** ``nextToken``; ``max_per_page`` defaults to 10, the gateway's default (its maximum
  is not documented; 50, the cap of Coupang's other order listings, is the most this accepts).
* **Timeout.** ``extended_timeout`` (default 60 s) sends ``X-EXTENDED-TIMEOUT``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

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
from coupang_async._validate import check_choice, check_page_size, check_positive_id
from coupang_async.models.exchanges import ExchangeRequest, ExchangeStatus, ExchangeStatusCode

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "MAX_WINDOW_DAYS", "list_exchange_requests"]

#: The gateway's default page size.
DEFAULT_PER_PAGE: Final = 10
#: The largest page size accepted here.
MAX_PER_PAGE: Final = 50
#: Days per request; longer windows are split into chunks of this length.
MAX_WINDOW_DAYS: Final = 7

_LIST_EXCHANGE_REQUESTS: Final = Operation(
    "exchanges.list_exchange_requests",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/exchangeRequests",
    returns=ExchangeRequest,
    version=4,
    paging=DateWindows(NextToken()),
    extended_timeout=EXTENDED,
    query_style="coupang",
)


def list_exchange_requests(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: ExchangeStatus | ExchangeStatusCode | None = None,
    order_id: int | None = None,
    max_per_page: int = DEFAULT_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    extended_timeout: float | None = DEFAULT_EXTENDED_TIMEOUT,
) -> AsyncPaginator[ExchangeRequest]:
    """List the exchange requests received in a window.

    `GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/exchangeRequests`

    A plain call: nothing is sent until the paginator is awaited (first page) or iterated.

    Args:
        client: the client.
        created_at_from: first day (``datetime.date``) or instant (aware
            ``datetime.datetime``, converted to KST) of the window, inclusive.
        created_at_to: last day or instant, inclusive; the same kind as ``created_at_from``.
            Any length: windows over 7 days are split.
        status: only this `ExchangeStatus`; None lists every status.
        order_id: only this order's exchanges.
        max_per_page: exchanges per page, 1..50 (default 10).
        next_token: resume from a `Page.next_token` of the same listing.
        max_pages: stop after this many pages (None: walk to the end).
        extended_timeout: seconds the gateway may take per page (``X-EXTENDED-TIMEOUT``);
            None for the gateway's default of 3 s.

    Returns:
        A paginator of `ExchangeRequest`.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    start, end, is_time = read_window(created_at_from, created_at_to)
    if not is_time:  # whole days: through the last second of the last day
        end += dt.timedelta(days=1) - Resolution.SECOND.step
    code = None if status is None else check_choice("status", status, ExchangeStatus)
    order = None if order_id is None else check_positive_id("order_id", order_id)
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    window = Window.of(start, end, Resolution.SECOND, span=dt.timedelta(days=MAX_WINDOW_DAYS))
    return client._list(
        _LIST_EXCHANGE_REQUESTS,
        [("status", code), ("orderId", order)],
        window=Chunks(window, Resolution.SECOND.text),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        extended_timeout=extended_timeout,
    )
