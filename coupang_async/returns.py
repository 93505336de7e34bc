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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from coupang_async._date_windows import (
    DEFAULT_EXTENDED_TIMEOUT,
    Chunks,
    DateWindows,
    Resolution,
    Window,
    read_window,
)
from coupang_async._envelope import Envelope, structure_data
from coupang_async._errors import InvalidInputError, ResponseValidationError
from coupang_async._operation import EXTENDED, Operation
from coupang_async._order_flow import check_courier, check_tracking_number, write_once
from coupang_async._paging import NextToken
from coupang_async._validate import (
    check_choice,
    check_date,
    check_int_range,
    check_page_size,
    check_positive_id,
    check_text,
    check_token,
    check_version,
)
from coupang_async.models.fulfilment import CollectionInvoice, ReturnWithdrawal
from coupang_async.models.returns import (
    CancelType,
    ReceiptStatus,
    ReturnRequest,
    ReturnStatus,
    ReturnStatusCode,
)
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "MAX_PER_PAGE",
    "MAX_WINDOW_DAYS",
    "MAX_WITHDRAWAL_IDS",
    "WITHDRAWAL_WINDOW_DAYS",
    "approve_return",
    "confirm_return_receipt",
    "get_return_request",
    "list_return_requests",
    "list_return_withdrawals",
    "register_collection_invoice",
]

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


# -- one return, and the seller's writes -----------------------------------------------------------

_V: Final = "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}"
_GET_RETURN_REQUEST: Final = Operation(
    "returns.get_return_request",
    "GET",
    _V + "/returnRequests/{receipt_id}",
    returns=Envelope,
    version=6,
    versions=(4, 6),
)
_CONFIRM_RECEIPT: Final = Operation(
    "returns.confirm_return_receipt",
    "PUT",
    _V + "/returnRequests/{receipt_id}/receiveConfirmation",
    returns=Envelope,
    version=4,
)
_APPROVE: Final = Operation(
    "returns.approve_return",
    "PUT",
    _V + "/returnRequests/{receipt_id}/approval",
    returns=Envelope,
    version=4,
)
_WITHDRAWALS: Final = Operation(
    "returns.list_return_withdrawals",
    "GET",
    _V + "/returnWithdrawRequests",
    returns=Envelope,
    version=4,
)
_WITHDRAWALS_BY_ID: Final = Operation(
    "returns.list_return_withdrawals[ids]",
    "POST",
    _V + "/returnWithdrawList",
    returns=list[ReturnWithdrawal],
    version=4,
)
_COLLECTION_INVOICE: Final = Operation(
    "returns.register_collection_invoice",
    "POST",
    _V + "/return-exchange-invoices/manual",
    returns=Envelope,
    version=4,
)
#: Days per withdrawal-history request (both ends included); longer windows are split.
WITHDRAWAL_WINDOW_DAYS: Final = 7
#: Receipt ids per withdrawal lookup by id.
MAX_WITHDRAWAL_IDS: Final = 50
_MAX_COUNT: Final = 2**31 - 1


async def get_return_request(client: CoupangClient, receipt_id: int) -> ReturnRequest:
    """One return or cancel receipt (not a cancel number: Coupang refuses those).

    `GET /v2/providers/openapi/apis/api/v6/vendors/{vendorId}/returnRequests/{receiptId}`

    The gateway answers a one-element list (or, per its spec, an object): both work.

    Raises:
        ResponseValidationError: the answer holds no return.
        BadRequestError: e.g. "취소반품접수내역이 존재하지 않습니다" (unknown or withdrawn).
    """
    envelope = await client._call(_GET_RETURN_REQUEST, check_positive_id("receipt_id", receipt_id))
    data = envelope.data
    if isinstance(data, list):
        if not data:
            raise ResponseValidationError(
                "the answer holds no return request",
                errors=["expected one return request @ $.data"],
                body=envelope.body,
                response=envelope.response,
            )
        data = data[0]
    request: ReturnRequest = structure_data(data, ReturnRequest, body=envelope.body)
    return request


async def _status_of(client: CoupangClient, receipt_id: int) -> str:
    request = await get_return_request(client, receipt_id)
    return request.receipt_status if isinstance(request.receipt_status, str) else ""


async def confirm_return_receipt(client: CoupangClient, receipt_id: int) -> None:
    """The returned goods arrived at the seller (반품상품 입고 확인): RETURNS_UNCHECKED →
    VENDOR_WAREHOUSE_CONFIRM. Quick-refund items are refunded at once.

    `PUT …/v4/vendors/{vendorId}/returnRequests/{receiptId}/receiveConfirmation`

    A refusal or a lost answer is settled by reading the return back: confirmed (or already
    completed) → done; otherwise the error is raised.
    """
    rid = check_positive_id("receipt_id", receipt_id)

    async def confirmed() -> bool:
        return await _status_of(client, rid) in (
            ReceiptStatus.VENDOR_WAREHOUSE_CONFIRM,
            ReceiptStatus.RETURNS_COMPLETED,
        )

    body = {"vendorId": client.vendor_id, "receiptId": rid}
    await write_once(client, _CONFIRM_RECEIPT, rid, json=body, confirm=confirmed)


def _total(request: ReturnRequest) -> int | None:
    if isinstance(request.cancel_count_sum, int):
        return request.cancel_count_sum
    counts = [item.cancel_count for item in request.return_items or ()]
    if counts and all(isinstance(c, int) for c in counts):
        return sum(c for c in counts if isinstance(c, int))
    return None


async def approve_return(
    client: CoupangClient, receipt_id: int | ReturnRequest, cancel_count: int | None = None
) -> None:
    """Approve a return whose goods arrived (반품요청 승인): VENDOR_WAREHOUSE_CONFIRM →
    RETURNS_COMPLETED.

    `PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnRequests/{receiptId}/approval`

    Args:
        receipt_id: the receipt id, or the `ReturnRequest` itself (as listed or read): then
            ``cancel_count`` defaults to its total and a different count is refused before
            anything is sent.
        cancel_count: every unit of the receipt (5 of A and 2 of B is 7); Coupang refuses a
            different number.

    A refusal or a lost answer is settled by reading the return back (RETURNS_COMPLETED →
    done; otherwise the error is raised).
    """
    if isinstance(receipt_id, ReturnRequest):
        request = receipt_id
        rid = check_positive_id("receipt_id", request.receipt_id)
        total = _total(request)
        if cancel_count is None:
            if total is None:
                raise InvalidInputError(
                    "cancel_count", "the return carries no total: pass cancel_count"
                )
            cancel_count = total
        elif total is not None and cancel_count != total:
            raise InvalidInputError(
                "cancel_count",
                f"must be the return's total of {total} units (Coupang approves whole receipts),"
                f" got {cancel_count!r}",
                value=cancel_count,
            )
    else:
        rid = check_positive_id("receipt_id", receipt_id)
        if cancel_count is None:
            raise InvalidInputError(
                "cancel_count", "is required with a receipt id (or pass the ReturnRequest)"
            )
    count = check_int_range("cancel_count", cancel_count, 1, _MAX_COUNT)

    async def completed() -> bool:
        return await _status_of(client, rid) == ReceiptStatus.RETURNS_COMPLETED

    body = {"vendorId": client.vendor_id, "receiptId": rid, "cancelCount": count}
    await write_once(client, _APPROVE, rid, json=body, confirm=completed)


def list_return_withdrawals(
    client: CoupangClient,
    *,
    created_at_from: dt.date | None = None,
    created_at_to: dt.date | None = None,
    receipt_ids: Sequence[int] | None = None,
    max_per_page: int = 100,
    next_token: str | None = None,
) -> AsyncPaginator[ReturnWithdrawal]:
    """Returns the customers withdrew (반품철회): a withdrawn return leaves the return list, so
    keep its receipt id and look here.

    By KST days: `GET …/v4/vendors/{vendorId}/returnWithdrawRequests` (windows longer than 7
    days are split; ``max_per_page`` up to 100). By receipt ids: `POST …/returnWithdrawList`
    (50 ids per call; a read, so it is safe to repeat). Give the days or the ids, not both.

    Tokens: ``"<first day of the chunk>~<page index>"`` (or the chunk number for ids); pass a
    `Page.next_token` back as ``next_token`` to resume.
    """
    per_page = check_page_size(max_per_page, 100)
    token = check_token(next_token)
    if receipt_ids is not None:
        if created_at_from is not None or created_at_to is not None:
            raise InvalidInputError("receipt_ids", "give receipt ids or days, not both")
        if isinstance(receipt_ids, str | bytes) or not isinstance(receipt_ids, Sequence):
            raise InvalidInputError("receipt_ids", "must be a list of receipt ids")
        ids = [check_positive_id("receipt_ids", i) for i in receipt_ids]
        return _withdrawals_by_id(client, ids, token)
    low = check_date("created_at_from", created_at_from)
    high = check_date("created_at_to", created_at_to)
    if high < low:
        raise InvalidInputError("created_at_to", "must not be before created_at_from")
    return _withdrawals_by_day(client, low, high, per_page, token)


def _withdrawals_by_id(
    client: CoupangClient, ids: list[int], token: str | None
) -> AsyncPaginator[ReturnWithdrawal]:
    chunks = [ids[i : i + MAX_WITHDRAWAL_IDS] for i in range(0, len(ids), MAX_WITHDRAWAL_IDS)]
    if token is not None and not (token.isdigit() and int(token) < max(len(chunks), 1)):
        raise InvalidInputError("next_token", f"is not a token of this listing: {token!r}")

    async def fetch(at: str | None) -> Page[ReturnWithdrawal]:
        index = int(at) if at else 0
        items: list[ReturnWithdrawal] = []
        if index < len(chunks):
            items = await client._call(_WITHDRAWALS_BY_ID, json={"cancelIds": chunks[index]})
        following = str(index + 1) if index + 1 < len(chunks) else None
        return Page(items=items, next_token=following, token=at)

    return AsyncPaginator(fetch, next_token=token)


def _withdrawals_by_day(
    client: CoupangClient, low: dt.date, high: dt.date, per_page: int, token: str | None
) -> AsyncPaginator[ReturnWithdrawal]:
    span = dt.timedelta(days=WITHDRAWAL_WINDOW_DAYS - 1)
    if token is not None:
        day_text, _, index_text = token.partition("~")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            day = None
        if day is None or not index_text.isdigit() or not low <= day <= high:
            raise InvalidInputError("next_token", f"is not a token of this listing: {token!r}")

    async def fetch(at: str | None) -> Page[ReturnWithdrawal]:
        start, index = low, 1
        if at:
            day_text, _, index_text = at.partition("~")
            start, index = dt.date.fromisoformat(day_text), int(index_text)
        end = min(start + span, high)
        query = {
            "dateFrom": start.isoformat(),
            "dateTo": end.isoformat(),
            "pageIndex": index,
            "sizePerPage": per_page,
        }
        envelope = await client._call(_WITHDRAWALS, query=query)
        items: list[ReturnWithdrawal] = envelope.structure(list[ReturnWithdrawal])
        more = envelope.body.get("nextPageIndex") if isinstance(envelope.body, dict) else None
        following: str | None = None
        if more not in (None, "") and str(more).isdigit():
            following = f"{start.isoformat()}~{int(str(more))}"
        elif end < high:
            following = f"{(end + dt.timedelta(days=1)).isoformat()}~1"
        return Page(items=items, next_token=following, token=at, raw=envelope.body)

    return AsyncPaginator(fetch, next_token=token)


async def register_collection_invoice(
    client: CoupangClient,
    receipt_id: int,
    delivery_company_code: str,
    invoice_number: str,
    *,
    kind: Literal["RETURN", "EXCHANGE"] = "RETURN",
    reg_number: str | None = None,
) -> CollectionInvoice:
    """Register the pick-up waybill of a return (or an exchange) collected without Coupang's
    automatic pick-up (회수 송장 등록).

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/return-exchange-invoices/manual`

    Args:
        receipt_id: the return's receipt id (RETURNS_UNCHECKED), or the exchange id with
            ``kind="EXCHANGE"``.
        reg_number: the courier's pick-up number, if any.

    The call is a POST and is never re-sent: after a lost answer a return is read back and,
    when it carries this waybill, the waybill is returned (without the gateway's ids);
    otherwise the error is raised (the outcome is unknown).
    """
    rid = check_positive_id("receipt_id", receipt_id)
    courier = check_courier(delivery_company_code)
    number = check_tracking_number(invoice_number)
    delivery = check_choice("kind", kind, {"RETURN", "EXCHANGE"})
    reg = None if reg_number is None else check_text("reg_number", reg_number, max_length=50)

    async def registered() -> bool:
        if delivery != "RETURN":
            return False
        request = await get_return_request(client, rid)
        return any(
            d.delivery_invoice_no == number and d.delivery_company_code == courier
            for d in request.return_deliveries or ()
        )

    body = {
        "returnExchangeDeliveryType": delivery,
        "receiptId": rid,
        "deliveryCompanyCode": courier,
        "invoiceNumber": number,
        "regNumber": reg,
    }
    envelope = await write_once(client, _COLLECTION_INVOICE, json=body, confirm=registered)
    if envelope is None:
        return CollectionInvoice(
            return_exchange_delivery_type=delivery,
            receipt_id=rid,
            delivery_company_code=courier,
            invoice_number=number,
            reg_number=reg,
        )
    invoice: CollectionInvoice = envelope.structure(CollectionInvoice)
    return invoice
