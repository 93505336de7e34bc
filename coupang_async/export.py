"""Catalogue export: every product to a JSONL or CSV file, streamed, atomic and resumable.

```python
from coupang_async.export import export_products

result = await export_products(client, "products.jsonl", status="APPROVED")
print(result.products, "products in", result.path)
```

**Streaming.** Pages are written as they arrive; at most two pages are in memory (the one being
written and the next one, fetched meanwhile), so memory stays flat whatever the catalogue size.

**Formats.**

* `jsonl`: one product per line, exactly as the gateway sent it (the listing's summary; the full
  product with `details=True`), UTF-8. Lossless: a line structured with `coupang_async.converter`
  and unstructured again is the same JSON. The summaries are written as received, checked only
  to be JSON objects (an archive must not fail on a field of an unexpected type, and typing
  would cost a third of the client's time per page). With `details=True` a line is what
  `get_product` returns, so it can be structured as a `Product` and sent back with
  `update_product`.
* `csv`: one row per option (vendor item), the columns of `CSV_COLUMNS`, for spreadsheets: UTF-8
  with a byte order mark (Excel then shows Korean text; without it Excel guesses CP949), RFC 4180
  quoting, `\\r\\n` line ends. The regular listing carries no options for marketplace products,
  so without `details` such a product has one row with the option columns empty; the Rocket Growth
  listing (`business_types="rocketGrowth"`) carries its options' ids. `details=True` fetches every
  product (one more request per product) and fills price, stock, SKU and barcode per option.
  CSV rows come from typed items: a field that does not fit raises `ResponseValidationError`
  naming it.

**Atomic.** Data goes to `OUT.part` next to the target; only a finished export is fsynced and
renamed over `OUT`, so `OUT` is never a half-written file (an existing `OUT` stays untouched until
then). A lock on `OUT.part` keeps two exports from writing the same file.

**Resumable.** After every page, `OUT.checkpoint` records the token of the next page together
with the size and CRC-32 of `OUT.part` up to the end of that page. Running the same export again
(after Ctrl-C, a crash or an API error) checks the checkpoint against the partial file, cuts off
anything written after the checkpoint (a page that was half written) and continues from the
recorded token: no product is lost or written twice. A checkpoint made with other options (filters,
format, page size, vendor, gateway) is refused with `ExportError` rather than mixed in; a partial
file that does not match its checkpoint (e.g. after a power cut) is started over. `resume=False`
discards both and starts from scratch.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import logging
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

import anyio
import anyio.lowlevel
import attrs
import httpx
import orjson

from coupang_async import products
from coupang_async._converter import MISSING, converter
from coupang_async._errors import (
    ClientClosedError,
    CoupangError,
    InvalidInputError,
    ResponseValidationError,
)
from coupang_async.models.products import (
    Product,
    ProductItem,
    ProductStatus,
    ProductSummary,
    ProductSummaryItem,
)
from coupang_async.pagination import Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

if sys.platform != "win32":  # POSIX: an advisory lock keeps two exports off one file
    import fcntl

__all__ = [
    "CSV_COLUMNS",
    "ExportError",
    "ExportFormat",
    "ExportProgress",
    "ExportResult",
    "checkpoint_path",
    "export_products",
    "partial_path",
]

logger = logging.getLogger("coupang_async.export")

ExportFormat = Literal["jsonl", "csv"]

#: CSV columns, one row per option. Product columns repeat on each of its options' rows.
CSV_COLUMNS: Final = (
    "seller_product_id",
    "seller_product_name",
    "status",  # the code (APPROVED, ...)
    "status_name",  # the Korean label Coupang sends (승인완료, ...)
    "brand",
    "manufacture",  # details only
    "display_category_code",
    "category_id",
    "product_id",
    "registration_type",  # Rocket Growth listing: NORMAL (hybrid) or RFM (Rocket Growth only)
    "sale_started_at",
    "sale_ended_at",
    "created_at",
    "item_name",
    "seller_product_item_id",
    "vendor_item_id",  # marketplace option id (price, stock and sales changes use it)
    "rocket_growth_vendor_item_id",
    "external_vendor_sku",  # details only, from here on
    "barcode",
    "model_no",
    "sale_price",
    "original_price",
    "stock",  # maximumBuyCount
)

_CHECKPOINT_VERSION: Final = 1
_SYNC_INTERVAL: Final = 1.0  # seconds between fsyncs of the partial file during a run
_READ_CHUNK: Final = 1 << 20


class ExportError(CoupangError):
    """The export cannot go on as asked: its checkpoint belongs to an export with other options,
    or another export is writing the same file. Nothing was changed."""


@attrs.frozen
class ExportProgress:
    """Where an export stands, after each page written (for progress bars).

    Attributes:
        pages: pages in the file so far (pages of an interrupted run that this run resumed
            included).
        products: products in the file so far.
        rows: lines (JSONL) or rows without the header (CSV) in the file so far.
        bytes: size of the partial file.
        resumed_products: products that were already in the file when this run started.
        next_token: the token of the next page (None after the last one).
    """

    pages: int
    products: int
    rows: int
    bytes: int
    resumed_products: int
    next_token: str | None


@attrs.frozen
class ExportResult:
    """A finished export.

    Attributes:
        path: the file written.
        format: "jsonl" or "csv".
        pages, products, rows, bytes: totals of the file (resumed runs included).
        resumed: True when this run continued an interrupted one.
        complete: True when the listing was walked to its end; False when `max_pages` stopped it
            (then `next_token` is where it stopped).
        next_token: the token of the first page not exported (None when complete).
    """

    path: Path
    format: ExportFormat
    pages: int
    products: int
    rows: int
    bytes: int
    resumed: bool
    complete: bool
    next_token: str | None


def partial_path(out: str | os.PathLike[str]) -> Path:
    """Where an export to `out` writes until it is finished: `OUT.part`."""
    path = Path(out)
    return path.with_name(path.name + ".part")


def checkpoint_path(out: str | os.PathLike[str]) -> Path:
    """Where an export to `out` keeps its checkpoint: `OUT.checkpoint`."""
    path = Path(out)
    return path.with_name(path.name + ".checkpoint")


# -- writers ---------------------------------------------------------------------------------------


class _Writer:
    header: bytes = b""
    #: Whether `page` needs the typed summaries (else it gets an empty list for them).
    typed: bool = True

    def page(
        self,
        raw: Sequence[Any],
        summaries: Sequence[ProductSummary],
        full: Sequence[Product] | None,
    ) -> tuple[bytes, int]:
        """The bytes of one page and the number of lines or rows in them.

        `raw` are the listing's items as received, `summaries` the same items typed, `full` the
        full products (details) or None.
        """
        raise NotImplementedError


class _JsonlWriter(_Writer):
    typed = False

    def page(
        self,
        raw: Sequence[Any],
        summaries: Sequence[ProductSummary],
        full: Sequence[Product] | None,
    ) -> tuple[bytes, int]:
        dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
        # Without details, the items as received: by the round-trip law they equal
        # converter.unstructure of the typed summaries, without paying for it.
        objects = raw if full is None else [converter.unstructure(product) for product in full]
        return b"".join([dumps(obj, option=newline) for obj in objects]), len(objects)


def _text(value: object) -> str:
    # StrEnum members (statuses, enums) are their value as text already.
    return "" if value is None or value is MISSING else str(value)


# Fields that need quoting (RFC 4180) hold a separator, a quote or a line break.
# A page is first assembled with control characters between cells and rows; if no field holds a
# separator, a quote, a line break or one of these two (the usual page), a few C-speed scans and
# replaces over the whole page make the CSV, and only other pages go row by row through csv.
# (Substring tests, not the regular expression: on Korean text, stored two bytes a character,
# the regex scans a page in ~115 us, the four `in` tests in ~3 us.)
_CELL: Final = "\x1f"  # unit separator
_ROW: Final = "\x1e"  # record separator
_CELLS_PER_ROW: Final = len(CSV_COLUMNS) - 1


def _plain(text: str) -> bool:
    """No character in `text` that CSV needs to quote."""
    return not ('"' in text or "," in text or "\n" in text or "\r" in text)


class _CsvWriter(_Writer):
    def __init__(self) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(CSV_COLUMNS)
        self.header = b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")

    def page(
        self,
        raw: Sequence[Any],
        summaries: Sequence[ProductSummary],
        full: Sequence[Product] | None,
    ) -> tuple[bytes, int]:
        rows: list[str] = []
        cell = _CELL
        for index, summary in enumerate(summaries):
            head, options = _product_cells(summary, full[index] if full is not None else None)
            prefix = cell.join(head) + cell
            rows.extend([prefix + cell.join(option) for option in options])
        text = _ROW.join(rows)
        if (
            _plain(text)
            and text.count(cell) == len(rows) * _CELLS_PER_ROW
            and text.count(_ROW) == len(rows) - 1
        ):
            text = text.replace(cell, ",").replace(_ROW, "\r\n") + "\r\n" if rows else ""
        else:  # quotes, commas or line breaks in a field (or our separators): row by row
            text = _by_row(rows) or _by_cell(summaries, full)
        return text.encode("utf-8"), len(rows)


def _by_row(rows: list[str]) -> str | None:
    """The CSV of assembled rows, quoting where needed; None if a field holds `_CELL` itself."""
    lines: list[str] = []
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        if row.count(_CELL) != _CELLS_PER_ROW:
            return None  # the row cannot be split back into its cells
        if _plain(row):
            lines.append(row.replace(_CELL, ",") + "\r\n")
        else:  # let csv quote it
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row.split(_CELL))
            lines.append(buffer.getvalue())
    return "".join(lines)


def _by_cell(summaries: Sequence[ProductSummary], full: Sequence[Product] | None) -> str:
    """The CSV of a page whose fields hold our separators: every row through csv."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, summary in enumerate(summaries):
        head, options = _product_cells(summary, full[index] if full is not None else None)
        for option in options:
            writer.writerow(head + option)
    return buffer.getvalue()


_NO_OPTION: Final = [""] * 10
_NO_OPTIONS: Final = [_NO_OPTION]
_SIX_EMPTY: Final = _NO_OPTION[:6]
_STATUS_CODES: Final = {status.label: status.value for status in ProductStatus} | {
    status.value: status.value for status in ProductStatus
}


def _product_cells(
    summary: ProductSummary, product: Product | None
) -> tuple[list[str], list[list[str]]]:
    """A product's own cells, and the option cells of each of its rows (at least one)."""
    brand = summary.brand
    if brand is None and product is not None:
        brand = product.brand
    label = summary.status_name
    values = (
        summary.seller_product_id,
        summary.seller_product_name,
        _STATUS_CODES.get(label, label) if isinstance(label, str) else None,  # = summary.status
        label,
        brand,
        product.manufacture if product is not None else None,
        summary.display_category_code,
        summary.category_id,
        summary.product_id,
        summary.registration_type,
        summary.sale_started_at,
        summary.sale_ended_at,
        summary.created_at,
    )
    # Inline rather than _text() per cell: this runs for every product of a CSV export.
    head = ["" if value is None or value is MISSING else str(value) for value in values]
    if product is not None and product.items:
        listed = {item.item_name: item for item in summary.items or () if item.item_name}
        options = [
            _detail_columns(item, listed.get(item.item_name or "")) for item in product.items
        ]
    elif summary.items:
        options = [_listing_columns(item) for item in summary.items]
    else:
        options = _NO_OPTIONS
    return head, options


def _listing_columns(item: ProductSummaryItem) -> list[str]:
    market, rocket = item.market_place_item, item.rocket_growth_item
    name = item.item_name
    return [
        "" if name is None or name is MISSING else str(name),
        _text(market.seller_product_item_id) if market else "",
        _text(market.vendor_item_id) if market else "",
        _text(rocket.vendor_item_id) if rocket else "",
        *_SIX_EMPTY,
    ]


def _detail_columns(item: ProductItem, listed: ProductSummaryItem | None) -> list[str]:
    rocket = listed.rocket_growth_item if listed is not None else None
    t = _text
    return [
        t(item.item_name),
        t(item.seller_product_item_id),
        t(item.vendor_item_id),
        t(rocket.vendor_item_id) if rocket else "",
        t(item.external_vendor_sku),
        t(item.barcode),
        t(item.model_no),
        t(item.sale_price),
        t(item.original_price),
        t(item.maximum_buy_count),
    ]


# -- checkpoint ----------------------------------------------------------------------------------


@attrs.define
class _State:
    pages: int = 0
    products: int = 0
    rows: int = 0
    bytes: int = 0
    crc: int = 0
    next_token: str | None = None
    complete: bool = False


def _crc_of(handle: IO[bytes], size: int) -> int | None:
    """CRC-32 of the first `size` bytes, or None when the file is shorter."""
    handle.seek(0)
    crc, left = 0, size
    while left:
        chunk = handle.read(min(left, _READ_CHUNK))
        if not chunk:
            return None
        crc = zlib.crc32(chunk, crc)
        left -= len(chunk)
    return crc


def _load_record(path: Path) -> dict[str, Any] | None:
    """The checkpoint's record, or None when there is none or it is torn or garbled."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    line, _, _ = raw.partition(b"\n")
    payload, _, check = line.rpartition(b"\t")
    try:
        if int(check, 16) != zlib.crc32(payload):
            return None
        record = orjson.loads(payload)
    except (ValueError, orjson.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _read_checkpoint(path: Path, identity: dict[str, Any]) -> _State | None:
    """The saved state, None if there is none or it is unusable; ExportError on a mismatch."""
    if not path.exists() or path.stat().st_size == 0:
        return None  # none, or created by a run stopped before its first page was recorded
    saved = _load_record(path)
    if saved is None or saved.get("version") != _CHECKPOINT_VERSION:
        logger.warning("ignoring the unreadable checkpoint %s; starting over", path)
        return None
    if saved.get("export") != identity:
        raise ExportError(
            f"{path} belongs to an export with other options ({_describe(saved.get('export'))}; "
            f"now {_describe(identity)}). Run it again with the same options to resume, or "
            "start over (resume=False, --restart)."
        )
    try:
        return _State(
            pages=int(saved["pages"]),
            products=int(saved["products"]),
            rows=int(saved["rows"]),
            bytes=int(saved["bytes"]),
            crc=int(saved["crc32"]),
            next_token=saved["next_token"],
            complete=bool(saved["complete"]),
        )
    except (KeyError, TypeError, ValueError):
        logger.warning("ignoring the malformed checkpoint %s; starting over", path)
        return None


def _describe(identity: object) -> str:
    if not isinstance(identity, dict):
        return repr(identity)
    query = identity.get("query") or {}
    parts = [f"{k}={v}" for k, v in query.items() if k != "vendorId"]
    parts.insert(0, f"vendor {query.get('vendorId')}")
    parts.append(f"format={identity.get('format')}")
    if identity.get("details"):
        parts.append("details")
    return ", ".join(parts)


class _CheckpointFile:
    """The checkpoint, rewritten in place after every page (one `pwrite`, microseconds).

    One line: the JSON record, a tab, the record's CRC-32 in hex. A record torn by a crash fails
    its CRC and is ignored (the export then starts over); a rename per page would cost a hundred
    times more.
    """

    def __init__(self, path: Path, identity: dict[str, Any]) -> None:
        self.path = path
        self.identity = identity
        self._fd = -1  # opened at the first write: no checkpoint before the first page
        self._length = 0

    def write(self, state: _State) -> None:
        if self._fd < 0:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            self._length = os.fstat(self._fd).st_size
        payload = orjson.dumps(
            {
                "version": _CHECKPOINT_VERSION,
                "export": self.identity,
                "pages": state.pages,
                "products": state.products,
                "rows": state.rows,
                "bytes": state.bytes,
                "crc32": state.crc,
                "next_token": state.next_token,
                "complete": state.complete,
            }
        )
        record = payload + b"\t" + f"{zlib.crc32(payload):08x}".encode() + b"\n"
        if sys.platform == "win32":  # pragma: no cover - no pwrite there
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, record)
        else:
            os.pwrite(self._fd, record, 0)
        if len(record) < self._length:
            os.ftruncate(self._fd, len(record))
        self._length = len(record)

    def sync(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _sync_directory(path: Path) -> None:
    # Makes the rename durable; not possible on every platform (Windows), harmless to skip there.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _lock(handle: IO[bytes], path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - no advisory locks there
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise ExportError(f"another export is writing {path}; wait for it or stop it") from None


# -- the export ----------------------------------------------------------------------------------


@attrs.frozen
class _Batch:
    page: Page[Any]  # the items as received; `raw` is the Envelope
    summaries: list[ProductSummary] | None  # typed already (details), else typed by the writer
    full: list[Product] | None
    next_sent: anyio.Event  # set once the request for the next page is on the wire


#: The event to set when the request being sent is on the wire (the export's producer task
#: sets it around each listing fetch; see `_walk`).
_SENDING_PAGE: ContextVar[anyio.Event | None] = ContextVar(
    "coupang_async_export_sending_page", default=None
)
#: Turns the writer gives the producer, at most, before writing a page (see `_walk`).
_HANDOFF_TURNS: Final = 8
_SENT: Final = ".send_request_body.complete"  # httpcore's trace event (http11. or http2.)


async def _note_page_request(request: httpx.Request) -> None:
    """An httpx request hook (it runs right before the transport) for the export's run: asks
    httpcore, through its `trace` extension, to tell when the listing request is on the wire."""
    event = _SENDING_PAGE.get()
    if event is None:
        return
    previous = request.extensions.get("trace")

    async def trace(name: str, info: dict[str, Any]) -> None:
        if name.endswith(_SENT):
            event.set()
        if previous is not None:
            await previous(name, info)

    request.extensions["trace"] = trace


def _typed(page: Page[Any]) -> list[ProductSummary]:
    """The page's items as ProductSummary (ResponseValidationError naming bad fields)."""
    return products._structure_list(page.raw, ProductSummary)


def _objects(page: Page[Any]) -> list[ProductSummary]:
    """For the lossless JSONL: only check that the items are JSON objects, typing nothing.

    An archive of what the gateway sent must not fail on a field of an unexpected type, and the
    typing would cost a third of the client's time per page.
    """
    envelope = page.raw
    data = envelope.data
    if data is not None and not isinstance(data, list):
        raise ResponseValidationError(
            "the listing's data is not a list",
            errors=["expected a list @ $.data"],
            body=envelope.body,
            response=envelope.response,
        )
    for index, item in enumerate(page.items):
        if not isinstance(item, dict):
            raise ResponseValidationError(
                "a listed product is not a JSON object",
                errors=[f"expected an object @ $.data[{index}]"],
                body=envelope.body,
                response=envelope.response,
            )
    return []


async def _details(client: CoupangClient, summaries: Sequence[ProductSummary]) -> list[Product]:
    """Every summary's full product, in order (concurrent; the client bounds and paces)."""
    ids: list[int] = []
    for index, summary in enumerate(summaries):
        spid = summary.seller_product_id
        if not isinstance(spid, int) or spid <= 0:
            raise ResponseValidationError(
                "a listed product has no sellerProductId",
                errors=[f"expected a positive integer @ $.data[{index}].sellerProductId"],
                body=converter.unstructure(summary),
            )
        ids.append(spid)
    results: list[Product | None] = [None] * len(ids)
    errors: list[Exception] = []

    async def fetch(index: int, spid: int) -> None:
        try:
            results[index] = await products.get_product(client, spid)
        except Exception as exc:  # handed to the caller below, never lost in a group
            errors.append(exc)
            group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for index, spid in enumerate(ids):
            group.start_soon(fetch, index, spid)
    if errors:
        raise errors[0]
    return [product for product in results if product is not None]


def _format_of(path: Path, value: object) -> ExportFormat:
    if value is None:
        return "csv" if path.suffix.lower() == ".csv" else "jsonl"
    if value == "jsonl":
        return "jsonl"
    if value == "csv":
        return "csv"
    raise InvalidInputError("format", f"must be 'jsonl' or 'csv', got {value!r}", value=value)


async def export_products(
    client: CoupangClient,
    out: str | os.PathLike[str],
    *,
    format: ExportFormat | None = None,
    status: ProductStatus | str | None = None,
    seller_product_name: str | None = None,
    seller_product_id: int | None = None,
    manufacture: str | None = None,
    created_at: dt.date | None = None,
    business_types: products.BusinessType | Iterable[products.BusinessType] | None = None,
    details: bool = False,
    max_per_page: int = products.MAX_PER_PAGE,
    max_pages: int | None = None,
    resume: bool = True,
    on_page: Callable[[ExportProgress], object] | None = None,
) -> ExportResult:
    """Export the vendor's products (the listing, with its filters) to `out`.

    `GET …/seller-products` page by page (and `GET …/seller-products/{id}` per product with
    `details=True`); see the module docstring for formats, atomicity and resuming.

    Args:
        client: the client (its pace applies: 5 pages/s by default).
        out: the file to write; `OUT.part` and `OUT.checkpoint` are kept beside it meanwhile.
        format: "jsonl" or "csv"; by default "csv" for a `.csv` file name, else "jsonl".
        status: a listing filter (see `products.list_products`, like the five below).
        seller_product_name: a listing filter.
        seller_product_id: a listing filter.
        manufacture: a listing filter.
        created_at: a listing filter.
        business_types: a listing filter.
        details: fetch every product in full (one request per product): JSONL lines become
            whole products, CSV rows get price, stock, SKU and barcode per option.
        max_per_page: products per listing page, 1..100.
        max_pages: stop after this many pages in the file (resumed ones included).
        resume: continue an interrupted export of the same options (default); False starts over.
        on_page: called after each page is safely written, with an `ExportProgress`.

    Returns:
        An `ExportResult` with the totals.

    Raises:
        InvalidInputError: a bad argument (nothing is sent or written).
        ExportError: the checkpoint belongs to other options, or another export holds the file.
        ClientClosedError: the client is closed (nothing is written).
        CoupangError: the API failed (after the client's retries); the checkpoint is kept, so
            calling again resumes.
        OSError: the file cannot be written; the checkpoint is kept.
    """
    path = Path(out)
    fmt = _format_of(path, format)
    if not isinstance(details, bool):
        raise InvalidInputError("details", f"must be True or False, got {details!r}", value=details)
    query = products._listing_query(
        client,
        status=status,
        seller_product_name=seller_product_name,
        seller_product_id=seller_product_id,
        manufacture=manufacture,
        created_at=created_at,
        business_types=business_types,
        violation_types=None,
        violation_type_and_or=None,
        max_per_page=max_per_page,
    )
    products._check_max_pages(max_pages)
    if client.is_closed:  # before any file is touched
        raise ClientClosedError
    if await anyio.to_thread.run_sync(path.is_dir):
        raise InvalidInputError("out", f"{path} is a directory", value=out)
    if not await anyio.to_thread.run_sync(path.parent.is_dir):
        raise InvalidInputError("out", f"the directory {path.parent} does not exist", value=out)
    files = _Files(
        path=path,
        part=partial_path(path),
        checkpoint=checkpoint_path(path),
        identity={
            "gateway": str(client.base_url),
            "query": query,
            "format": fmt,
            "details": details,
        },
        writer=_CsvWriter() if fmt == "csv" else _JsonlWriter(),
    )
    # File work (a checksum over a big partial file, fsync, rename) runs in a worker thread;
    # shielded, so that a cancellation cannot strand an open, locked file.
    with anyio.CancelScope(shield=True):
        opened = await anyio.to_thread.run_sync(files.open, resume)
    if isinstance(opened, _State):  # the last run had finished already
        return _result(path, fmt, opened, resumed=True)
    output, state, resumed = opened
    try:
        await anyio.lowlevel.checkpoint()  # a cancellation that came while the thread worked
        if not state.complete and max_pages is not None and state.pages >= max_pages:
            state.complete = True
        if not state.complete:
            await _walk(
                _Run(client, query, files, state, output, max_pages),
                details=details,
                on_page=on_page,
            )
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(files.finish, output)
    finally:
        output.close()  # flushes what was written; the checkpoint says how much of it counts
    return _result(path, fmt, state, resumed=resumed)


class _Output:
    """The open partial file and checkpoint of a run."""

    def __init__(self, handle: IO[bytes], checkpoint: _CheckpointFile) -> None:
        self.handle = handle
        self.checkpoint = checkpoint

    def save(self, data: bytes, state: _State) -> None:
        """Append a page's data, then record the state that includes it."""
        self.handle.write(data)
        self.handle.flush()
        self.checkpoint.write(state)

    def sync(self) -> None:
        os.fsync(self.handle.fileno())
        self.checkpoint.sync()

    def close(self) -> None:
        """Flush and close (idempotent); the checkpoint says how much of the data counts."""
        self.checkpoint.close()
        self.handle.close()


@attrs.frozen
class _Files:
    """The target, its partial file and checkpoint, and the blocking work on them."""

    path: Path
    part: Path
    checkpoint: Path
    identity: dict[str, Any]
    writer: _Writer

    def open(self, resume: bool) -> tuple[_Output, _State, bool] | _State:
        """Open and lock the partial file and put it in the state the checkpoint describes.

        Returns the open files, the state to continue from and whether it resumes; or only the
        state when the previous run had already finished and renamed its file.
        """
        # Open without truncating, lock, and only then look at what an earlier run left.
        handle = open(self.part, "a+b")  # noqa: SIM115 - returned open, closed by the caller
        try:
            _lock(handle, self.part)
            state = _read_checkpoint(self.checkpoint, self.identity) if resume else None
            if state is not None and self._already_finished(state, handle):
                # The last run renamed its file but stopped before removing the checkpoint.
                handle.close()
                self.part.unlink(missing_ok=True)
                self.checkpoint.unlink(missing_ok=True)
                return state
            if state is not None and _crc_of(handle, state.bytes) != state.crc:
                logger.warning(
                    "%s does not match %s (changed or cut short since); starting over",
                    self.part,
                    self.checkpoint,
                )
                state = None
            resumed = state is not None
            if state is not None:
                handle.truncate(state.bytes)  # drop what was written after the checkpoint
            else:
                self.checkpoint.unlink(missing_ok=True)
                header = self.writer.header
                handle.truncate(0)
                handle.write(header)
                handle.flush()
                state = _State(bytes=len(header), crc=zlib.crc32(header))
            return _Output(handle, _CheckpointFile(self.checkpoint, self.identity)), state, resumed
        except BaseException:
            handle.close()
            raise

    def _already_finished(self, state: _State, handle: IO[bytes]) -> bool:
        if not state.complete or _size(handle) != 0:
            return False
        try:
            with self.path.open("rb") as finished:
                return (
                    _size(finished) == state.bytes and _crc_of(finished, state.bytes) == state.crc
                )
        except OSError:
            return False

    def finish(self, output: _Output) -> None:
        """Make the partial file durable, rename it over the target, drop the checkpoint."""
        output.handle.flush()
        os.fsync(output.handle.fileno())
        output.close()
        os.replace(self.part, self.path)
        _sync_directory(self.path.parent)
        self.checkpoint.unlink(missing_ok=True)


def _size(handle: IO[bytes]) -> int:
    return os.fstat(handle.fileno()).st_size


def _result(path: Path, fmt: ExportFormat, state: _State, *, resumed: bool) -> ExportResult:
    return ExportResult(
        path=path,
        format=fmt,
        pages=state.pages,
        products=state.products,
        rows=state.rows,
        bytes=state.bytes,
        resumed=resumed,
        complete=state.next_token is None,
        next_token=state.next_token,
    )


@attrs.frozen
class _Run:
    client: CoupangClient
    query: dict[str, Any]
    files: _Files
    state: _State
    output: _Output
    max_pages: int | None


async def _walk(
    run: _Run, *, details: bool, on_page: Callable[[ExportProgress], object] | None
) -> None:
    """Fetch (one page ahead) and write pages until the end; the state follows every page."""
    client, state, output, max_pages = run.client, run.state, run.output, run.max_pages
    writer = run.files.writer
    pager = products._raw_listing_pager(
        client,
        run.query,
        state.next_token,
        None if max_pages is None else max_pages - state.pages,
    )
    resumed_products = state.products
    sender, receiver = anyio.create_memory_object_stream[_Batch](0)
    fetch_failure: list[Exception] = []

    async def produce() -> None:
        # Fetches page N+1 while page N is typed and written: the typing, writing and the wait
        # for the gateway overlap. Failures go to the writer's side, to be raised there.
        async with sender:
            try:
                pages = pager.pages()
                sent = anyio.Event()
                while True:
                    token = _SENDING_PAGE.set(sent)
                    try:
                        page = await anext(pages)
                    except StopAsyncIteration:
                        break
                    finally:
                        _SENDING_PAGE.reset(token)
                    summaries = full = None
                    if details:
                        summaries = _typed(page)
                        full = await _details(client, summaries)
                    sent = anyio.Event()  # the next page's
                    await sender.send(_Batch(page, summaries, full, sent))
                    # Not kept while the next page is fetched and decoded: freed as soon as it
                    # is written, rather than promoted by the garbage collector (see below).
                    del page, summaries, full
            except Exception as exc:
                fetch_failure.append(exc)

    write_failure: Exception | None = None
    last_sync = time.monotonic()
    hooks = client.event_hooks["request"]
    hooks.append(_note_page_request)
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(produce)
            try:
                async with receiver:
                    async for batch in receiver:
                        # The next page's request only goes out when the producer next runs
                        # (httpx and httpcore yield to the loop on the way), and writing a page
                        # never yields: give it its turns first, until the request is on the
                        # wire (httpcore's trace) or at most _HANDOFF_TURNS (it may be waiting
                        # for the pace or a retry, or the transport may not trace). Otherwise
                        # the gateway would only start on page N+1 once page N was written.
                        for _ in range(_HANDOFF_TURNS):
                            if batch.next_sent.is_set():
                                break
                            await anyio.lowlevel.checkpoint()
                        summaries = batch.summaries
                        if summaries is None:
                            summaries = _typed(batch.page) if writer.typed else _objects(batch.page)
                        data, rows = writer.page(batch.page.items, summaries, batch.full)
                        state.bytes += len(data)
                        state.crc = zlib.crc32(data, state.crc)
                        state.pages += 1
                        state.products += len(batch.page.items)
                        state.rows += rows
                        state.next_token = batch.page.next_token
                        state.complete = state.next_token is None or (
                            max_pages is not None and state.pages >= max_pages
                        )
                        output.save(data, state)
                        if time.monotonic() - last_sync >= _SYNC_INTERVAL:
                            await anyio.to_thread.run_sync(output.sync)
                            last_sync = time.monotonic()
                        if on_page is not None:
                            on_page(
                                ExportProgress(
                                    pages=state.pages,
                                    products=state.products,
                                    rows=state.rows,
                                    bytes=state.bytes,
                                    resumed_products=resumed_products,
                                    next_token=state.next_token,
                                )
                            )
                        # Drop the page (its items, typed summaries and data) before waiting for the
                        # next one: otherwise two pages are alive while the next is decoded, and the
                        # collections its objects trigger promote the written one (~0.2 ms a page).
                        del batch, summaries, data
            except Exception as exc:  # raised below, outside the task group (no ExceptionGroup)
                write_failure = exc
                group.cancel_scope.cancel()
    finally:
        if _note_page_request in hooks:  # one per run; concurrent exports each added their own
            hooks.remove(_note_page_request)
    if write_failure is not None:
        raise write_failure
    if fetch_failure:
        raise fetch_failure[0]
