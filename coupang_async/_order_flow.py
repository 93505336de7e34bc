"""The batched order writes (acknowledgement, invoice upload / update), one call at a time.

Each function sends one call for a batch of inputs and returns one `ItemOutcome` per input, in
the order given, so the bulk engine can run any number of them (chunking, grouping the items of
a box, retrying what the gateway marks ``retryRequired``, one result per input).

Nothing is sent twice by accident:

* A box the gateway refuses as already changed (``INVALID_STATUS`` and the like) is read back;
  it counts as OK only when the order sheet shows the target state (acknowledged: INSTRUCT;
  uploaded: shipped with this very invoice number).
* When the answer is lost after the call may have reached the gateway (a dropped connection, a
  timeout, a 5xx), every box of the call is read back. Applied → OK; visibly not applied → a
  failure marked ``retry_required`` (safe to send again, which the engine does within its
  bounds); the read fails too → UNKNOWN. The call itself is never re-sent blindly (the invoice
  call is a POST; the client never repeats a POST).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import anyio
import attrs

from coupang_async._batch import BatchAnswer, BatchOutcome, read_response_list
from coupang_async._bulk_types import ItemOutcome
from coupang_async._envelope import Envelope, structure_data
from coupang_async._errors import (
    APIConnectionError,
    AuthenticationError,
    BusinessError,
    ClientClosedError,
    CoupangError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._operation import Operation
from coupang_async._validate import MAX_ID, check_bool, check_positive_id, describe, is_int
from coupang_async.models.fulfilment import SimpleResult
from coupang_async.models.orders import OrderSheet, OrderStatus

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "ACKNOWLEDGE",
    "GET_ORDER_SHEET",
    "MAX_ID",
    "UPDATE_INVOICES",
    "UPLOAD_INVOICES",
    "Invoice",
    "acknowledge_batch",
    "check_id",
    "check_invoice",
    "invoice_batch",
    "invoices_for",
    "maybe_applied",
]

_SHIPPED: Final = frozenset(
    {
        OrderStatus.DEPARTURE,
        OrderStatus.DELIVERING,
        OrderStatus.FINAL_DELIVERY,
        OrderStatus.NONE_TRACKING,
    }
)
_OPENAPI: Final = "/v2/providers/openapi/apis/api"
_VENDOR: Final = _OPENAPI + "/v{version}/vendors/{vendor_id}"

GET_ORDER_SHEET: Final = Operation(
    "orders.get_order_sheet",
    "GET",
    _VENDOR + "/ordersheets/{shipment_box_id}",
    returns=OrderSheet,
    version=5,
)
ACKNOWLEDGE: Final = Operation(
    "orders.acknowledge",
    "PUT",
    _VENDOR + "/ordersheets/acknowledgement",
    returns=Envelope,
    version=4,
)
UPLOAD_INVOICES: Final = Operation(
    "orders.upload_invoices", "POST", _VENDOR + "/orders/invoices", returns=Envelope, version=4
)
UPDATE_INVOICES: Final = Operation(
    "orders.update_invoices",
    "POST",
    _VENDOR + "/orders/updateInvoices",
    returns=Envelope,
    version=4,
)

check_id = check_positive_id


@attrs.frozen
class Invoice:
    """A tracking number for one item of a shipment box (송장).

    Every item of a bundled box (합포장) needs its own `Invoice` with the same number; the run
    sends them in the same call. Nothing is checked when it is built: the run checks each one
    and reports a bad one as FAILED with an `InvalidInputError` naming the field.

    Attributes:
        shipment_box_id: the box (18 digits since 2024-11).
        order_id: the order the box belongs to.
        vendor_item_id: the item (option) of the box.
        delivery_company_code: the courier's code (``CJGLS``, ``HANJIN``, ``KDEXP``, ...;
            ``DIRECT`` for the seller's own delivery).
        invoice_number: the tracking number as text (``""`` only when splitting with an
            estimated shipping date).
        split_shipping: ship the order's items in several boxes.
        pre_split_shipped: an item of this order was already shipped separately.
        estimated_shipping_date: for split shipping without a tracking number yet.
    """

    shipment_box_id: int
    order_id: int
    vendor_item_id: int
    delivery_company_code: str
    invoice_number: str
    split_shipping: bool = False
    pre_split_shipped: bool = False
    estimated_shipping_date: dt.date | None = None

    @property
    def key(self) -> tuple[int, int]:
        """``(shipment_box_id, vendor_item_id)``: what one result is about."""
        return (self.shipment_box_id, self.vendor_item_id)


def invoices_for(
    sheet: OrderSheet, delivery_company_code: str, invoice_number: str
) -> list[Invoice]:
    """One `Invoice` per item of a shipment box (cancelled items left out), all with the same
    courier and tracking number: what a bundled box (합포장) needs.

    Raises:
        InvalidInputError: the order sheet lacks its box id, order id or item ids.
    """
    box_id, order_id = sheet.shipment_box_id, sheet.order_id
    if not is_int(box_id) or not is_int(order_id):
        raise InvalidInputError("sheet", "has no shipmentBoxId or orderId")
    items = [
        item.vendor_item_id
        for item in sheet.order_items or ()
        if is_int(item.vendor_item_id) and item.canceled is not True
    ]
    if not items:
        raise InvalidInputError("sheet", f"box {box_id} has no items to ship")
    return [
        Invoice(box_id, order_id, vid, delivery_company_code, invoice_number)
        for vid in items
        if is_int(vid)
    ]


def check_invoice(invoice: Invoice) -> None:
    """`InvalidInputError` naming the first bad field of an invoice (nothing is sent)."""
    check_id("shipment_box_id", invoice.shipment_box_id)
    check_id("order_id", invoice.order_id)
    check_id("vendor_item_id", invoice.vendor_item_id)
    code: object = invoice.delivery_company_code
    if not isinstance(code, str) or not code.strip() or not code.isascii() or len(code) > 30:
        raise InvalidInputError(
            "delivery_company_code",
            f"must be a courier code such as 'CJGLS', not {describe(code)}",
            value=code,
        )
    for name in ("split_shipping", "pre_split_shipped"):
        check_bool(name, getattr(invoice, name))
    date: object = invoice.estimated_shipping_date
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise InvalidInputError(
            "estimated_shipping_date", f"must be a datetime.date or None, not {describe(date)}"
        )
    number: object = invoice.invoice_number
    if not isinstance(number, str):
        raise InvalidInputError(
            "invoice_number",
            f"must be a str (tracking numbers keep leading zeros), not {describe(number)}",
            value=number,
        )
    text = number.strip()
    if not text:
        if not (invoice.split_shipping and date is not None):
            raise InvalidInputError(
                "invoice_number",
                "is empty: only a split shipment with an estimated_shipping_date may omit it",
                value=number,
            )
    elif len(text) > 30 or not all(c.isascii() and (c.isalnum() or c == "-") for c in text):
        raise InvalidInputError(
            "invoice_number", f"must be letters, digits or '-', not {describe(number)}"
        )


def maybe_applied(exc: CoupangError) -> bool:
    """Whether a call that raised `exc` may have been applied all the same (reply lost)."""
    if isinstance(exc, RateLimitError):
        return False
    if isinstance(exc, APIConnectionError):
        return exc.request_sent
    return isinstance(exc, ServerError | ResponseValidationError)


async def read_box(client: CoupangClient, shipment_box_id: int) -> OrderSheet:
    """The order sheet of one box (v5)."""
    return await client._call(GET_ORDER_SHEET, shipment_box_id)


async def _read_boxes(
    client: CoupangClient, box_ids: Sequence[int]
) -> dict[int, OrderSheet | CoupangError]:
    """Read several boxes concurrently (the client paces them); errors are kept per box (a 429
    too: the client's cool-down then stops the run at its next call)."""
    found: dict[int, OrderSheet | CoupangError] = {}

    async def one(box_id: int) -> None:
        try:
            found[box_id] = await read_box(client, box_id)
        except CoupangError as exc:
            found[box_id] = exc

    async with anyio.create_task_group() as group:
        for box_id in dict.fromkeys(box_ids):
            group.start_soon(one, box_id)
    return found


def _status(sheet: OrderSheet) -> str:
    return str(sheet.status) if isinstance(sheet.status, str) else ""


def _answers(envelope: Envelope, keys: Sequence[int]) -> dict[int, BatchOutcome | None]:
    """The per-box answers (None for a box the answer does not mention: read it back)."""
    answer: BatchAnswer = read_response_list(envelope.body, key_field="shipmentBoxId")
    return {
        key: None if outcome.missing else outcome
        for key, outcome in zip(keys, answer.for_keys(keys), strict=True)
    }


def _failure(entry: BatchOutcome) -> ItemOutcome:
    return ItemOutcome.failure(
        entry.result_code, entry.message, retry_required=entry.retry_required
    )


async def _read_back(
    client: CoupangClient,
    box_ids: list[int],
    answers: Mapping[int, BatchOutcome | None],
    applied: Callable[[OrderSheet], bool],
    *,
    note: str,
    retry_while: OrderStatus,
) -> dict[int, ItemOutcome]:
    """Settle boxes the answer refused or left out by reading them back: a box that reads back
    as `applied` is OK (`note` says why), a refused one keeps the gateway's refusal, one the
    answer left out is retried while it still reads back as `retry_while`, and a box that
    cannot be read is UNKNOWN."""
    read = await _read_boxes(client, box_ids)
    outcomes: dict[int, ItemOutcome] = {}
    for box_id in box_ids:
        entry = answers.get(box_id)
        sheet = read[box_id]
        if isinstance(sheet, OrderSheet) and applied(sheet):
            code = entry.result_code if entry is not None and entry.result_code else "OK"
            outcomes[box_id] = ItemOutcome.success(code, note)
        elif entry is not None:
            outcomes[box_id] = _failure(entry)
        elif isinstance(sheet, OrderSheet):
            outcomes[box_id] = ItemOutcome.failure(
                "NOT_IN_ANSWER",
                f"the answer does not mention the box; it reads back as {_status(sheet)}",
                retry_required=_status(sheet) == retry_while,
            )
        else:
            outcomes[box_id] = ItemOutcome.unknown(sheet)
    return outcomes


# -- acknowledgement -----------------------------------------------------------------------------


def _acknowledged(sheet: OrderSheet) -> bool:
    return _status(sheet) == OrderStatus.INSTRUCT


async def acknowledge_batch(client: CoupangClient, box_ids: Sequence[int]) -> list[ItemOutcome]:
    """Acknowledge up to 50 boxes in one call; one outcome per id given, in order."""
    unique = list(dict.fromkeys(box_ids))
    body = {"vendorId": client.vendor_id, "shipmentBoxIds": unique}
    try:
        envelope = await client._call(ACKNOWLEDGE, json=body)
        answers = _answers(envelope, unique)
    except CoupangError as exc:
        if not maybe_applied(exc):
            raise
        return await _settle(client, box_ids, exc, _acknowledged)
    outcomes: dict[int, ItemOutcome] = {}
    to_read: list[int] = []
    for box_id in dict.fromkeys(box_ids):
        entry = answers.get(box_id)
        if entry is not None and entry.ok:
            outcomes[box_id] = ItemOutcome.success(entry.result_code or "OK")
        elif entry is not None and entry.retry_required is True:
            outcomes[box_id] = _failure(entry)
        else:  # refused (perhaps as already acknowledged) or not in the answer: read it back
            to_read.append(box_id)
    if to_read:
        outcomes.update(
            await _read_back(
                client,
                to_read,
                answers,
                _acknowledged,
                note="already acknowledged (read back: INSTRUCT)",
                retry_while=OrderStatus.ACCEPT,
            )
        )
    return [outcomes[box_id] for box_id in box_ids]


async def _settle(
    client: CoupangClient,
    box_ids: Sequence[Any],
    exc: CoupangError,
    applied: Any,
    *,
    not_applied: frozenset[str] = frozenset({OrderStatus.ACCEPT, OrderStatus.INSTRUCT}),
) -> list[ItemOutcome]:
    """Outcomes of a call whose answer was lost: read every box back."""
    read = await _read_boxes(client, list(box_ids))
    outcomes: list[ItemOutcome] = []
    for box_id in box_ids:
        sheet = read[box_id]
        if not isinstance(sheet, OrderSheet):
            outcomes.append(ItemOutcome.unknown(exc))
        elif applied(sheet):
            outcomes.append(ItemOutcome.success("OK", "applied (read back after a lost answer)"))
        elif _status(sheet) in not_applied:
            # Visibly not applied: safe to send again.
            outcomes.append(ItemOutcome.failure(None, str(exc), retry_required=True, error=exc))
        else:
            outcomes.append(
                ItemOutcome.failure(None, f"reads back as {_status(sheet)} after: {exc}", error=exc)
            )
    return outcomes


# -- invoices ------------------------------------------------------------------------------------


def _dto(invoice: Invoice) -> dict[str, Any]:
    date = invoice.estimated_shipping_date
    return {
        "shipmentBoxId": invoice.shipment_box_id,
        "orderId": invoice.order_id,
        "vendorItemId": invoice.vendor_item_id,
        "deliveryCompanyCode": invoice.delivery_company_code.strip(),
        "invoiceNumber": invoice.invoice_number.strip(),
        "splitShipping": invoice.split_shipping,
        "preSplitShipped": invoice.pre_split_shipped,
        "estimatedShippingDate": date.isoformat() if date is not None else "",
    }


def _carries(invoices: Sequence[Invoice]) -> Any:
    """Whether a box reads back as shipped with the number these invoices set."""
    numbers = {invoice.shipment_box_id: invoice.invoice_number.strip() for invoice in invoices}

    def applied(sheet: OrderSheet) -> bool:
        box_id = sheet.shipment_box_id
        return (
            _status(sheet) in _SHIPPED
            and is_int(box_id)
            and sheet.invoice_number == numbers.get(box_id)
        )

    return applied


async def invoice_batch(
    client: CoupangClient, invoices: Sequence[Invoice], *, update: bool
) -> list[ItemOutcome]:
    """Upload (or update) the invoices of whole boxes in one call; one outcome per invoice.

    The gateway answers per box: each invoice gets its box's outcome.
    """
    body = {"vendorId": client.vendor_id, "orderSheetInvoiceApplyDtos": [_dto(i) for i in invoices]}
    boxes = list(dict.fromkeys(invoice.shipment_box_id for invoice in invoices))
    applied = _carries(invoices)
    try:
        envelope = await client._call(UPDATE_INVOICES if update else UPLOAD_INVOICES, json=body)
        answers = _answers(envelope, boxes)
    except CoupangError as exc:
        if not maybe_applied(exc):
            raise
        # Update: any visible state may be "not yet"; only the number tells.
        waiting = frozenset(_SHIPPED) if update else frozenset({OrderStatus.INSTRUCT})
        settled = await _settle(client, boxes, exc, applied, not_applied=waiting)
        by_box = dict(zip(boxes, settled, strict=True))
        return [by_box[invoice.shipment_box_id] for invoice in invoices]
    per_box: dict[int, ItemOutcome] = {}
    to_read: list[int] = []
    for box_id in boxes:
        entry = answers.get(box_id)
        if entry is not None and entry.ok:
            per_box[box_id] = ItemOutcome.success(entry.result_code or "OK")
        elif entry is not None and (entry.retry_required is True or update):
            per_box[box_id] = _failure(entry)
        else:  # e.g. INVALID_STATUS: perhaps this very invoice is already there; read it back
            to_read.append(box_id)
    if to_read:
        per_box.update(
            await _read_back(
                client,
                to_read,
                answers,
                applied,
                note="already uploaded (read back: shipped with this invoice number)",
                retry_while=OrderStatus.INSTRUCT,
            )
        )
    return [per_box[invoice.shipment_box_id] for invoice in invoices]


# -- single writes -------------------------------------------------------------------------------


def payload_of(envelope: Envelope) -> Any:
    """``data`` of an answer; the already-shipped answer has no outer envelope (``{"data":
    {code, message, resultCode, ...}}``): its ``data`` is read the same way."""
    body = envelope.body
    if isinstance(body, dict) and "code" not in body and isinstance(body.get("data"), dict):
        return body["data"]
    return envelope.data


def _never_settled(exc: CoupangError) -> bool:
    """Errors after which reading back cannot change the verdict."""
    return isinstance(
        exc,
        InvalidInputError
        | RateLimitError
        | AuthenticationError
        | PermissionDeniedError
        | NotFoundError
        | ClientClosedError,
    ) or (isinstance(exc, APIConnectionError) and not exc.request_sent)


async def write_once(
    client: CoupangClient,
    op: Operation[Envelope],
    *args: object,
    json: Any,
    confirm: Callable[[], Awaitable[bool]] | None,
) -> Envelope | None:
    """Send one write; the envelope of its answer, or None when it failed in a way that may
    hide success (a lost answer, a refusal as "already done") and reading back (``confirm``)
    shows the target state. Otherwise the error is raised as it came (and a write that could
    not be confirmed keeps its error: a lost answer stays an `APIConnectionError`, which tells
    the caller the outcome is unknown)."""
    try:
        return await client._call(op, *args, json=json)
    except CoupangError as exc:
        if confirm is None or _never_settled(exc):
            raise
        try:
            done = await confirm()
        except CoupangError:
            raise exc from None
        if done:
            return None
        raise


def simple_result(envelope: Envelope | None, confirmed: str) -> SimpleResult:
    """The `SimpleResult` of a write (``confirmed`` when settled by reading back); a ``FAIL``
    answer raises `BusinessError` with the gateway's message."""
    if envelope is None:
        return SimpleResult(result_code="SUCCESS", result_message=confirmed)
    data = payload_of(envelope)
    result: SimpleResult = structure_data(
        data if data is not None else {}, SimpleResult, body=envelope.body
    )
    if not result.succeeded:
        message = result.result_message if isinstance(result.result_message, str) else None
        raise BusinessError(
            message or f"the gateway answered resultCode {result.result_code}",
            response=envelope.response,
            status_code=envelope.response.status_code if envelope.response is not None else 200,
            code=result.result_code if isinstance(result.result_code, str) else None,
            body=envelope.body,
        )
    return result


def check_courier(value: object, field: str = "delivery_company_code") -> str:
    """A courier code (``CJGLS``, ``HANJIN``, ``DIRECT``, ...): short ASCII text."""
    if not isinstance(value, str) or not value.strip() or not value.isascii() or len(value) > 30:
        raise InvalidInputError(
            field, f"must be a courier code such as 'CJGLS', not {describe(value)}", value=value
        )
    return value.strip()


def check_tracking_number(value: object, field: str = "invoice_number") -> str:
    """A tracking number: letters, digits or ``-`` (kept as text: leading zeros matter)."""
    if not isinstance(value, str):
        raise InvalidInputError(
            field, f"must be a str (tracking numbers keep leading zeros), not {describe(value)}"
        )
    text = value.strip()
    if (
        not text
        or len(text) > 30
        or not all(c.isascii() and (c.isalnum() or c == "-") for c in text)
    ):
        raise InvalidInputError(field, f"must be letters, digits or '-', not {describe(value)}")
    return text
