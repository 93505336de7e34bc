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
import re
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, overload

import attrs

from coupang_async._batch import read_cancel
from coupang_async._bulk_engine import DEFAULT_WINDOW, BulkOperation, run_bulk
from coupang_async._bulk_types import (
    BulkProgress,
    BulkResult,
    ItemOutcome,
    ItemResult,
    ItemStatus,
)
from coupang_async._date_windows import (
    DEFAULT_EXTENDED_TIMEOUT,
    Chunks,
    DateWindows,
    Resolution,
    Window,
    read_window,
)
from coupang_async._envelope import Envelope, structure_data
from coupang_async._errors import (
    APIError,
    BadRequestError,
    BusinessError,
    CoupangError,
    InvalidInputError,
)
from coupang_async._operation import EXTENDED, Operation
from coupang_async._order_export import ORDER_CSV_COLUMNS, export_order_sheets
from coupang_async._order_flow import (
    Invoice,
    acknowledge_batch,
    check_courier,
    check_invoice,
    check_tracking_number,
    invoice_batch,
    invoices_for,
    maybe_applied,
    read_box,
    simple_result,
    write_once,
)
from coupang_async._paging import NextToken
from coupang_async._validate import (
    check_choice,
    check_int_range,
    check_page_size,
    check_positive_id,
    check_text,
    check_version,
)
from coupang_async.models.fulfilment import CancelResult, DeliveryHistory, SimpleResult
from coupang_async.models.orders import OrderSheet, OrderSheetV4, OrderStatus, OrderStatusCode

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "CANCEL_REASON_CODES",
    "MAX_BATCH",
    "MAX_PER_PAGE",
    "MAX_WINDOW_DAYS",
    "ORDER_CSV_COLUMNS",
    "CancelItemResult",
    "CancelOutcome",
    "Invoice",
    "acknowledge",
    "cancel_order",
    "complete_long_term_undelivered",
    "export_order_sheets",
    "get_delivery_history",
    "get_order_sheet",
    "get_order_sheets_by_order_id",
    "invoices_for",
    "list_order_sheets",
    "mark_already_shipped",
    "stop_shipment",
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
    return _order_sheet_pages(
        client,
        created_at_from=created_at_from,
        created_at_to=created_at_to,
        status=status,
        max_per_page=max_per_page,
        next_token=next_token,
        max_pages=max_pages,
        version=version,
        extended_timeout=extended_timeout,
        decode=True,
    )


def _order_sheet_pages(
    client: CoupangClient,
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: OrderStatus | str,
    max_per_page: int,
    next_token: str | None,
    max_pages: int | None,
    version: Literal[4, 5],
    extended_timeout: float | None,
    decode: bool,
) -> AsyncPaginator[Any]:
    """`list_order_sheets`; with ``decode=False`` the items stay the gateway's JSON objects."""
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
        decode=decode,
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


# -- single writes -------------------------------------------------------------------------------

_V4: Final = "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}"
_STOP_SHIPMENT: Final = Operation(
    "orders.stop_shipment",
    "PUT",
    _V4 + "/returnRequests/{receipt_id}/stoppedShipment",
    returns=Envelope,
    version=4,
)
_ALREADY_SHIPPED: Final = Operation(
    "orders.mark_already_shipped",
    "PUT",
    _V4 + "/returnRequests/{receipt_id}/completedShipment",
    returns=Envelope,
    version=4,
)
_CANCEL: Final = Operation(
    "orders.cancel_order", "POST", _V4 + "/orders/{order_id}/cancel", returns=Envelope, version=5
)
_LONG_TERM: Final = Operation(
    "orders.complete_long_term_undelivered",
    "POST",
    _V4 + "/completeLongTermUndelivery",
    returns=Envelope,
    version=4,
)
#: Minor cancellation reasons Coupang accepts (``middleCancelCode``): stock sync error, partner
#: site (address) error, price listing error.
CANCEL_REASON_CODES: Final = frozenset({"CCTTER", "CCPNER", "CCPRER"})
_RELEASE_STOPPED: Final = "출고중지"
_ALREADY_OUT: Final = "이미출고"


async def _receipt_status(client: CoupangClient, receipt_id: int) -> tuple[str, str]:
    from coupang_async.returns import get_return_request  # returns imports this module

    request = await get_return_request(client, receipt_id)
    status = request.receipt_status if isinstance(request.receipt_status, str) else ""
    release = request.release_stop_status if isinstance(request.release_stop_status, str) else ""
    return status, release


async def stop_shipment(client: CoupangClient, receipt_id: int, cancel_count: int) -> SimpleResult:
    """The customer cancelled at INSTRUCT and the goods were not shipped: stop the shipment
    (출고중지완료).

    `PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnRequests/{id}/stoppedShipment`

    Args:
        receipt_id: the cancel receipt (status RELEASE_STOP_UNCHECKED).
        cancel_count: the receipt's total quantity (``cancelCountSum``: 2 of A and 3 of B is 5).

    A refusal after a lost answer (or the client's retry of one) is settled by reading the
    receipt back: stopped → the result says so; otherwise the error is raised.

    Raises:
        BusinessError: the answer's ``resultCode`` is ``FAIL``.
        BadRequestError: e.g. "Product is already returned.", or a cancel count mismatch.
    """
    rid = check_positive_id("receipt_id", receipt_id)
    count = check_int_range("cancel_count", cancel_count, 1, _MAX_COUNT)

    async def stopped() -> bool:
        status, release = await _receipt_status(client, rid)
        return status == "RETURNS_COMPLETED" and _RELEASE_STOPPED in release

    body = {"vendorId": client.vendor_id, "receiptId": rid, "cancelCount": count}
    envelope = await write_once(client, _STOP_SHIPMENT, rid, json=body, confirm=stopped)
    return simple_result(envelope, "confirmed by reading the receipt back: shipment stopped")


async def mark_already_shipped(
    client: CoupangClient, receipt_id: int, delivery_company_code: str, invoice_number: str
) -> SimpleResult:
    """The customer cancelled at INSTRUCT but the goods had left: report them shipped (이미출고);
    the receipt becomes a return.

    `PUT …/v4/vendors/{vendorId}/returnRequests/{receiptId}/completedShipment`

    The documented answer nests ``code`` inside ``data`` (no outer envelope): both forms work.
    """
    rid = check_positive_id("receipt_id", receipt_id)
    courier = check_courier(delivery_company_code)
    number = check_tracking_number(invoice_number)

    async def shipped() -> bool:
        status, release = await _receipt_status(client, rid)
        return status != "RELEASE_STOP_UNCHECKED" and _ALREADY_OUT in release

    body = {
        "vendorId": client.vendor_id,
        "receiptId": rid,
        "deliveryCompanyCode": courier,
        "invoiceNumber": number,
    }
    envelope = await write_once(client, _ALREADY_SHIPPED, rid, json=body, confirm=shipped)
    return simple_result(envelope, "confirmed by reading the receipt back: marked shipped")


_MAX_COUNT: Final = 2**31 - 1
_REASONS: Final = re.compile(r"\[([\d,\s]+)\]\s*<=\s*([^\[\r\n]*)")


@attrs.frozen
class CancelItemResult:
    """The outcome of one vendor item of `cancel_order`.

    Attributes:
        vendor_item_id: the item.
        receipt_count: the units asked to cancel.
        status: OK (cancelled), FAILED (refused: ``error`` says why), UNKNOWN (the answer was
            lost and reading back failed).
        receipt_id: the cancel / stop-shipment receipt it was cancelled under, when known.
        receipt_type: ``CANCEL`` (at ACCEPT) or ``STOP_SHIPMENT`` (at INSTRUCT), when known.
        error: for FAILED, a `BusinessError` with the gateway's reason for this item; for
            UNKNOWN, the error that hid the outcome.
    """

    vendor_item_id: int
    receipt_count: int
    status: ItemStatus
    receipt_id: int | None = None
    receipt_type: str | None = None
    error: CoupangError | None = None

    @property
    def ok(self) -> bool:
        """True when the item was cancelled."""
        return self.status is ItemStatus.OK


@attrs.frozen
class CancelOutcome:
    """What `cancel_order` did: one `CancelItemResult` per vendor item asked, in that order.

    Attributes:
        order_id: the order.
        results: per item.
        message: the gateway's message (it lists the reasons of failed items).
        answer: the gateway's ``data`` (None when the outcome was settled by reading back).
    """

    order_id: int
    results: list[CancelItemResult]
    message: str | None = None
    answer: CancelResult | None = None

    @property
    def ok(self) -> bool:
        """True when every item was cancelled."""
        return all(result.ok for result in self.results)

    @property
    def failed_vendor_item_ids(self) -> list[int]:
        """The items that were not cancelled (FAILED or UNKNOWN)."""
        return [r.vendor_item_id for r in self.results if not r.ok]


def _reasons(message: str | None) -> dict[int, str]:
    found: dict[int, str] = {}
    for ids, reason in _REASONS.findall(message or ""):
        for text in ids.split(","):
            if text.strip().isdigit():
                found[int(text)] = reason.strip()
    return found


async def cancel_order(
    client: CoupangClient,
    order_id: int,
    vendor_item_ids: Sequence[int],
    receipt_counts: Sequence[int],
    *,
    user_id: str,
    reason_code: str = "CCTTER",
    reason: str = "CANERR",
) -> CancelOutcome:
    """Cancel items of an order at ACCEPT (immediate cancel) or INSTRUCT (stop shipment).

    `POST /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/orders/{orderId}/cancel`

    Partial success is per item, never an exception: the items Coupang refuses are FAILED
    with its reason (e.g. "취소 가능한 개수보다 요청한 개수가 더 많습니다."), including when every
    item fails (the gateway then answers ``code "400"``). Cancelling lowers the seller's score.
    If one order has several shipment boxes, Coupang asks for one call per box.

    The call is a POST and is never re-sent: after a lost answer the order is read back; an
    item whose cancelled count reaches the count asked (or a fully cancelled order) is OK,
    the others FAILED with the error; UNKNOWN when reading back fails too.

    Args:
        order_id: the order.
        vendor_item_ids: the items to cancel, paired by position with...
        receipt_counts: ...the units of each (each > 0).
        user_id: the seller's WING login id (it must belong to the vendor).
        reason_code: ``CCTTER`` (stock sync error, default), ``CCPNER`` (partner site /
            address error) or ``CCPRER`` (price listing error).
        reason: the major reason category; Coupang takes only ``CANERR``.
    """
    order = check_positive_id("order_id", order_id)
    if isinstance(vendor_item_ids, str | bytes) or not isinstance(vendor_item_ids, Sequence):
        raise InvalidInputError("vendor_item_ids", "must be a list of vendor item ids")
    if isinstance(receipt_counts, str | bytes) or not isinstance(receipt_counts, Sequence):
        raise InvalidInputError("receipt_counts", "must be a list of counts")
    items = [check_positive_id("vendor_item_ids", v) for v in vendor_item_ids]
    counts = [check_int_range("receipt_counts", c, 1, _MAX_COUNT) for c in receipt_counts]
    if not items:
        raise InvalidInputError("vendor_item_ids", "must name at least one item")
    if len(counts) != len(items):
        raise InvalidInputError(
            "receipt_counts",
            f"must have one count per vendor item ({len(items)}), got {len(counts)}",
        )
    if len(set(items)) != len(items):
        raise InvalidInputError("vendor_item_ids", "names an item twice: add up its counts")
    user = check_text("user_id", user_id, max_length=100)
    middle = check_choice("reason_code", reason_code, CANCEL_REASON_CODES)
    big = check_choice("reason", reason, {"CANERR"})
    body = {
        "orderId": order,
        "vendorItemIds": items,
        "receiptCounts": counts,
        "bigCancelCode": big,
        "middleCancelCode": middle,
        "vendorId": client.vendor_id,
        "userId": user,
    }
    try:
        envelope: Envelope | APIError = await client._call(_CANCEL, order, json=body)
    except (BusinessError, BadRequestError) as exc:
        if not isinstance(exc.body, dict) or not isinstance(exc.body.get("data"), dict):
            raise
        envelope = exc  # every item failed: the answer still lists them
    except CoupangError as exc:
        if not maybe_applied(exc):
            raise
        return await _settle_cancel(client, order, items, counts, exc)
    source = envelope if isinstance(envelope, APIError) else envelope.body
    answer = read_cancel(source)
    whole = envelope.body
    message = whole.get("message") if isinstance(whole, dict) else None
    message = message if isinstance(message, str) else None
    reasons = _reasons(message)
    data = whole.get("data") if isinstance(whole, dict) else None
    model: CancelResult | None = (
        structure_data(data, CancelResult, body=whole) if isinstance(data, dict) else None
    )
    receipt_types = {}
    for receipt in model.receipts if model is not None else ():
        for vid in receipt.vendor_item_ids or ():
            receipt_types[vid] = receipt.receipt_type
    results = []
    for vid, count, outcome in zip(items, counts, answer.for_keys(items), strict=True):
        if outcome.ok:
            kind = receipt_types.get(vid)
            results.append(
                CancelItemResult(
                    vid,
                    count,
                    ItemStatus.OK,
                    receipt_id=outcome.receipt_id,
                    receipt_type=kind if isinstance(kind, str) else outcome.result_code,
                )
            )
        else:
            why = reasons.get(vid) or outcome.message or "not cancelled"
            error = BusinessError(why, response=None, status_code=200, code=outcome.result_code)
            results.append(CancelItemResult(vid, count, ItemStatus.FAILED, error=error))
    return CancelOutcome(order, results, message, model)


async def _settle_cancel(
    client: CoupangClient, order: int, items: list[int], counts: list[int], exc: CoupangError
) -> CancelOutcome:
    try:
        sheets = await get_order_sheets_by_order_id(client, order)
    except BadRequestError as read_error:
        if "취소" not in (read_error.message or ""):  # not "cancelled or returned"
            unknown = [
                CancelItemResult(v, c, ItemStatus.UNKNOWN, error=exc)
                for v, c in zip(items, counts, strict=True)
            ]
            return CancelOutcome(order, unknown, str(exc))
        done = [CancelItemResult(v, c, ItemStatus.OK) for v, c in zip(items, counts, strict=True)]
        return CancelOutcome(order, done, "the whole order reads back as cancelled")
    except CoupangError:
        unknown = [
            CancelItemResult(v, c, ItemStatus.UNKNOWN, error=exc)
            for v, c in zip(items, counts, strict=True)
        ]
        return CancelOutcome(order, unknown, str(exc))
    cancelled: dict[int, int] = {}
    for sheet in sheets:
        for line in sheet.order_items or ():
            if isinstance(line.vendor_item_id, int):
                count = line.cancel_count if isinstance(line.cancel_count, int) else 0
                if line.canceled is True and isinstance(line.shipping_count, int):
                    count = max(count, line.shipping_count)
                cancelled[line.vendor_item_id] = count
    results = [
        CancelItemResult(v, c, ItemStatus.OK)
        if cancelled.get(v, 0) >= c
        else CancelItemResult(v, c, ItemStatus.FAILED, error=exc)
        for v, c in zip(items, counts, strict=True)
    ]
    return CancelOutcome(order, results, "settled by reading the order back after a lost answer")


async def complete_long_term_undelivered(
    client: CoupangClient, shipment_box_id: int, invoice_number: str
) -> bool:
    """Mark a box delivered whose tracking never completed (장기미배송 배송완료): only boxes in
    DEPARTURE or DELIVERING at least 30 days after shipping; the seller bears disputes.

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/completeLongTermUndelivery`

    Returns the gateway's verdict (``data``: true). A lost answer is settled by reading the box
    back (FINAL_DELIVERY → True); the call is never re-sent.
    """
    box_id = check_positive_id("shipment_box_id", shipment_box_id)
    number = check_tracking_number(invoice_number)

    async def delivered() -> bool:
        sheet = await read_box(client, box_id)
        return sheet.status == OrderStatus.FINAL_DELIVERY

    body = {"shipmentBoxId": box_id, "invoiceNumber": number}
    envelope = await write_once(client, _LONG_TERM, json=body, confirm=delivered)
    if envelope is None:
        return True
    return envelope.data is True
