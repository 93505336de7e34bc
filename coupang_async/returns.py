"""Return and cancel requests (반품/취소 요청).

```python
import datetime as dt
from coupang_async import returns
from coupang_async.models import ReturnStatus

# Returns received, not yet checked (UC also lists RU: stop-shipment requests)
async for request in returns.list_return_requests(
    client, created_at_from=dt.date(2025, 7, 1), created_at_to=dt.date(2025, 7, 31), status="UC"
):
    print(request.receipt_id, request.receipt_status, request.cancel_reason_category2)

# Cancellations made while the order was still "paid" (no status, no order id)
cancels = returns.list_return_requests(
    client, created_at_from=day, created_at_to=day, cancel_type="CANCEL"
)
```

`GET /v2/providers/openapi/apis/api/v6/vendors/{vendorId}/returnRequests` (``version=6``, the
default) or ``…/v4/…`` (``version=4``).

Decisions (see also `coupang_async._date_windows`):

* **Version.** v6 is current (Coupang's 2025 notice). The reference has no v6 sample, so
  `ReturnRequest` reads v4 and v6 alike and declares the fields v6 may retype leniently
  (``enclosePrice`` kept as sent, read with `ReturnRequest.enclose_amount`). Dates go out as
  Coupang's v6 example writes them: ``2025-07-15`` (day mode), ``2025-07-15T11:00`` (time mode,
  KST wall time, no offset), the same for v4.
* **What to list.** Exactly one of: ``status`` (`ReturnStatus`: RU, UC, PR, CC), ``order_id``
  (day mode only), or ``cancel_type="CANCEL"`` (cancellations at payment-complete; Coupang says
  to leave status and order id out then). ``status`` and ``order_id`` may be combined.
* **Modes.** ``datetime.date`` bounds → day mode, paged with ``nextToken`` (``max_per_page``
  ≤ 50). Aware ``datetime.datetime`` bounds → time mode (``searchType=timeFrame``): minute
  bounds, no paging (the gateway does not support ``nextToken``, ``maxPerPage`` or ``orderId``
  there). Naive datetimes are refused.
* **Window limits: split, not rejected.** The gateway allows 31 days per request in both modes;
  longer windows are cut into consecutive 31-day chunks behind the one paginator (tokens name
  the chunk, so resuming works). Coupang warns that wide windows may time out: prefer short ones
  on busy accounts.
* **Timeout.** ``extended_timeout`` (default 60 s) sends ``X-EXTENDED-TIMEOUT``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, Literal

from coupang_async._date_windows import (
    DEFAULT_EXTENDED_TIMEOUT,
    Chunks,
    DateWindows,
    Resolution,
    Window,
    read_window,
)
from coupang_async._errors import InvalidInputError
from coupang_async._operation import EXTENDED, Operation
from coupang_async._paging import NextToken
from coupang_async._validate import check_choice, check_page_size, check_positive_id, check_version
from coupang_async.models.returns import CancelType, ReturnRequest, ReturnStatus, ReturnStatusCode

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = ["MAX_PER_PAGE", "MAX_WINDOW_DAYS", "list_return_requests"]

#: The largest page size accepted (the gateway's default is 50 too).
MAX_PER_PAGE: Final = 50
#: Days per request; longer windows are split into chunks of this many days.
MAX_WINDOW_DAYS: Final = 31

_LIST_RETURN_REQUESTS: Final = Operation(
    "returns.list_return_requests",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/returnRequests",
    returns=ReturnRequest,
    version=6,
    versions=(4, 6),
    paging=DateWindows(NextToken()),
    extended_timeout=EXTENDED,
    query_style="coupang",
)


def list_return_requests(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: ReturnStatus | ReturnStatusCode | None = None,
    order_id: int | None = None,
    cancel_type: CancelType | Literal["CANCEL"] | None = None,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4, 6] = 6,
    extended_timeout: float | None = DEFAULT_EXTENDED_TIMEOUT,
) -> AsyncPaginator[ReturnRequest]:
    """List the return and cancel requests received in a window.

    `GET /v2/providers/openapi/apis/api/v6/vendors/{vendorId}/returnRequests`

    A plain call: nothing is sent until the paginator is awaited (first page) or iterated.

    Args:
        client: the client.
        created_at_from: first day (``datetime.date``) or minute (aware ``datetime.datetime``,
            converted to KST) of the window, inclusive.
        created_at_to: last day or minute, inclusive; the same kind as ``created_at_from``.
            Any length: windows over 31 days are split.
        status: `ReturnStatus` code (RU, UC, PR, CC) or None.
        order_id: only this order's requests (day mode only).
        cancel_type: ``"CANCEL"`` lists cancellations at payment-complete; give neither
            ``status`` nor ``order_id`` with it.
        max_per_page: requests per page in day mode, 1..50 (not sent in time mode).
        next_token: resume from a `Page.next_token` of the same listing.
        max_pages: stop after this many pages (None: walk to the end).
        version: 6 (current, default) or 4.
        extended_timeout: seconds the gateway may take per page (``X-EXTENDED-TIMEOUT``);
            None for the gateway's default of 3 s.

    Returns:
        A paginator of `ReturnRequest`.

    Raises:
        InvalidInputError: a bad argument or combination (named); nothing is sent.
    """
    check_version(version, _LIST_RETURN_REQUESTS.versions)
    start, end, is_time = read_window(created_at_from, created_at_to)
    code = None if status is None else check_choice("status", status, ReturnStatus)
    cancel = None if cancel_type is None else check_choice("cancel_type", cancel_type, CancelType)
    order = None if order_id is None else check_positive_id("order_id", order_id)
    if cancel is not None and (code is not None or order is not None):
        raise InvalidInputError(
            "cancel_type",
            "lists cancellations on its own: leave status and order_id out (Coupang's rule)",
            value=cancel_type,
        )
    if code is None and order is None and cancel is None:
        raise InvalidInputError(
            "status", "give a status (RU, UC, PR, CC), an order_id, or cancel_type='CANCEL'"
        )
    if order is not None and is_time:
        raise InvalidInputError(
            "order_id",
            "is not supported with minute windows (searchType=timeFrame); pass datetime.date"
            " bounds to look an order up",
            value=order_id,
        )
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    resolution = Resolution.MINUTE if is_time else Resolution.DAY
    window = Window.of(start, end, resolution, span=dt.timedelta(days=MAX_WINDOW_DAYS))
    return client._list(
        _LIST_RETURN_REQUESTS,
        [("status", code), ("orderId", order), ("cancelType", cancel)],
        window=Chunks.of(window, resolution.text, time_frame=is_time),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        version=version,
        extended_timeout=extended_timeout,
    )
