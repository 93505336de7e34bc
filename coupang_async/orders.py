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
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Final, Literal, overload

from coupang_async._bulk_engine import DEFAULT_WINDOW, BulkOperation, run_bulk
from coupang_async._bulk_types import BulkProgress, BulkResult, ItemOutcome, ItemResult
from coupang_async._date_windows import (
    DEFAULT_EXTENDED_TIMEOUT,
    Chunks,
    DateWindows,
    Resolution,
    Window,
    read_window,
)
from coupang_async._envelope import Envelope
from coupang_async._operation import EXTENDED, Operation
from coupang_async._order_flow import (
    Invoice,
    acknowledge_batch,
    check_invoice,
    invoice_batch,
    read_box,
)
from coupang_async._paging import NextToken
from coupang_async._validate import check_choice, check_page_size, check_positive_id, check_version
from coupang_async.models.fulfilment import DeliveryHistory
from coupang_async.models.orders import OrderSheet, OrderSheetV4, OrderStatus

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "MAX_BATCH",
    "MAX_PER_PAGE",
    "MAX_WINDOW_DAYS",
    "Invoice",
    "acknowledge",
    "get_delivery_history",
    "get_order_sheet",
    "get_order_sheets_by_order_id",
    "list_order_sheets",
    "update_invoices",
    "upload_invoices",
]

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
    status: OrderStatus | str,
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
    status: OrderStatus | str,
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
    status: OrderStatus | str,
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

    chunks = Chunks(
        window, encode, lead=[("searchType", "timeFrame")] if is_time else (), paged=not is_time
    )
    query = [("status", order_status)]
    if version == 4:
        return client._list(
            _LIST_ORDER_SHEETS_V4,
            query,
            window=chunks,
            page_size=per_page,
            next_token=next_token,
            max_pages=max_pages,
            extended_timeout=extended_timeout,
        )
    return client._list(
        _LIST_ORDER_SHEETS,
        query,
        window=chunks,
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        extended_timeout=extended_timeout,
    )


# -- single order sheets -------------------------------------------------------------------------

_BY_ORDER: Final = Operation(
    "orders.get_order_sheets_by_order_id",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/{order_id}/ordersheets",
    returns=Envelope,
    version=5,
)
_HISTORY: Final = Operation(
    "orders.get_delivery_history",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}/ordersheets/{shipment_box_id}/history",
    returns=DeliveryHistory,
    version=5,
)


async def get_order_sheet(client: CoupangClient, shipment_box_id: int) -> OrderSheet:
    """One shipment box's order sheet (v5), e.g. to re-read the address after acknowledging.

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/ordersheets/{shipmentBoxId}`

    Raises:
        InvalidInputError: ``shipment_box_id`` is not an id (1..2**63-1); nothing is sent.
        BadRequestError: e.g. "해당 주문이 취소 또는 반품되었습니다." (cancelled or returned).
    """
    return await read_box(client, check_positive_id("shipment_box_id", shipment_box_id))


async def get_order_sheets_by_order_id(client: CoupangClient, order_id: int) -> list[OrderSheet]:
    """Every shipment box of one order (an order splits into one box per bundle).

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/{orderId}/ordersheets`

    The gateway documents a list; an older answer sends one object: both give a list.
    """
    envelope = await client._call(_BY_ORDER, check_positive_id("order_id", order_id))
    if isinstance(envelope.data, dict):
        return [envelope.structure(OrderSheet)]
    sheets: list[OrderSheet] = envelope.structure(list[OrderSheet])
    return sheets


async def get_delivery_history(client: CoupangClient, shipment_box_id: int) -> DeliveryHistory:
    """The status changes of one shipment box, newest first.

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/ordersheets/{shipmentBoxId}/history`
    """
    return await client._call(_HISTORY, check_positive_id("shipment_box_id", shipment_box_id))


# -- batch writes --------------------------------------------------------------------------------

#: Boxes per acknowledgement call (Coupang's documented limit) and invoices per invoice call.
MAX_BATCH: Final = 50
#: Seconds before an item marked ``retryRequired`` is sent again (doubling each time).
_RETRY_WAIT: Final = 0.5


def _box_key(shipment_box_id: int) -> int:
    return shipment_box_id


def _check_box(shipment_box_id: int) -> None:
    check_positive_id("shipment_box_id", shipment_box_id)


async def _ack_write(client: CoupangClient, box_ids: Sequence[int]) -> Sequence[ItemOutcome]:
    return await acknowledge_batch(client, box_ids)


_ACKNOWLEDGE: Final = BulkOperation(
    name="shipment box id",
    key=_box_key,
    check=_check_box,
    write_batch=_ack_write,
    batch_size=MAX_BATCH,
    retry_wait=_RETRY_WAIT,
)


def _invoice_key(invoice: Invoice) -> tuple[int, int]:
    return invoice.key


def _invoice_group(invoice: Invoice) -> int:
    return invoice.shipment_box_id


async def _upload(client: CoupangClient, invoices: Sequence[Invoice]) -> Sequence[ItemOutcome]:
    return await invoice_batch(client, invoices, update=False)


async def _update(client: CoupangClient, invoices: Sequence[Invoice]) -> Sequence[ItemOutcome]:
    return await invoice_batch(client, invoices, update=True)


def _invoice_operation(update: bool) -> BulkOperation[Invoice]:
    return BulkOperation(
        name="invoice",
        key=_invoice_key,
        check=check_invoice,
        write_batch=_update if update else _upload,
        batch_size=MAX_BATCH,
        group=_invoice_group,
        input_type=Invoice,
        retry_wait=_RETRY_WAIT,
    )


_UPLOAD: Final = _invoice_operation(False)
_UPDATE: Final = _invoice_operation(True)


async def acknowledge(
    client: CoupangClient,
    shipment_box_ids: Iterable[int] | AsyncIterable[int],
    *,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[int]], object] | None = None,
    into: BulkResult[int] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[int]:
    """Acknowledge paid orders (발주확인, ACCEPT → INSTRUCT), 50 boxes per call.

    `PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/ordersheets/acknowledgement`

    One `ItemResult` per id, in input order (``.key`` is the id; ``.result_code`` and
    ``.retry_required`` are the gateway's per-box answer). A box the gateway refuses because it
    is no longer ACCEPT is OK only when reading it back shows INSTRUCT; boxes marked
    ``retryRequired`` are sent again within the run (a few times, paced); the others are FAILED
    with the gateway's code and message. The same id twice: the earlier is SUPERSEDED if it was
    not sent yet, else both end OK. A lost answer is settled by reading the boxes back (UNKNOWN
    only when that read fails too). A partial success is never an exception.

    Args:
        client: the client; its pace and ``max_concurrency`` set the speed.
        shipment_box_ids: any iterable or async iterable of ids, read lazily.
        window, progress, on_result, into, stop_after_connection_failures: as for
            `coupang_async.bulk.update_prices`.

    Returns:
        The `BulkResult` (``result.updates_to_retry()`` lists the ids to run again).
    """
    return await run_bulk(
        client,
        shipment_box_ids,
        _ACKNOWLEDGE,
        argument="shipment_box_ids",
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )


async def upload_invoices(
    client: CoupangClient,
    invoices: Iterable[Invoice] | AsyncIterable[Invoice],
    *,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[Invoice]], object] | None = None,
    into: BulkResult[Invoice] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[Invoice]:
    """Register tracking numbers (송장 업로드, INSTRUCT → DEPARTURE), whole boxes per call.

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/orders/invoices`

    Give one `Invoice` per item of each box. The items of one box always travel in the same
    call (the gateway answers per box; each item gets its box's outcome); calls carry at most
    50 invoices, except a single box with more items. ``.key`` of a result is
    ``(shipment_box_id, vendor_item_id)``. The call is a POST and is never re-sent after a lost
    answer: the boxes are read back, an applied box is OK, a visibly untouched one is sent
    again (within the run's bounds), UNKNOWN only when the read fails too. A box refused as no
    longer INSTRUCT is OK only when it reads back shipped with this very number. Invoices
    marked ``retryRequired`` are retried; other refusals are FAILED with the gateway's code
    (e.g. ``DUPLICATE_INVOICE_NUMBER``, ``NOT_FOUND_VENDOR_ITEM``).

    Args: as for `acknowledge`, with `Invoice` inputs.
    """
    return await run_bulk(
        client,
        invoices,
        _UPLOAD,
        argument="invoices",
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )


async def update_invoices(
    client: CoupangClient,
    invoices: Iterable[Invoice] | AsyncIterable[Invoice],
    *,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[Invoice]], object] | None = None,
    into: BulkResult[Invoice] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[Invoice]:
    """Correct the tracking numbers of shipped boxes (송장 업데이트; back to DEPARTURE).

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/orders/updateInvoices`

    Allowed in DEPARTURE, DELIVERING, FINAL_DELIVERY and NONE_TRACKING; every item of the box
    must be given. Same guarantees as `upload_invoices`.
    """
    return await run_bulk(
        client,
        invoices,
        _UPDATE,
        argument="invoices",
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )
