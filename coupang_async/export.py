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

**Repeated tokens.** The checkpoint also keeps every token already walked. When the gateway hands
out a token a second time, the page that carried it is not written and the export raises
`PaginationError`; the checkpoint stays on the page before, so running again retries that page
and never writes a page (or a product) twice, however often the gateway repeats itself.

**Private and tidy.** `OUT.part` and `OUT.checkpoint` are created with mode 0600. An export that
fails before its first page is written (wrong keys, say) leaves neither behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import anyio
import orjson

from coupang_async import products
from coupang_async._converter import MISSING, converter
from coupang_async._errors import ClientClosedError, InvalidInputError, ResponseValidationError
from coupang_async._export_engine import (
    ExportError,
    ExportFormat,
    ExportProgress,
    ExportResult,
    ExportSource,
    checkpoint_path,
    export_pages,
    partial_path,
)
from coupang_async._validate import check_bool
from coupang_async.models.products import (
    Product,
    ProductItem,
    ProductStatus,
    ProductSummary,
    ProductSummaryItem,
)
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from collections.abc import Callable

    from coupang_async._client import CoupangClient

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


# -- writers ---------------------------------------------------------------------------------------


class _Writer:
    """A page writer for the catalogue (see `coupang_async._export_engine.PageWriter`).

    The page's items are the listing's items as received; with `details`, what the page was
    prepared into is a pair: the items typed and the full products.
    """

    header: bytes = b""

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        raise NotImplementedError


class _JsonlWriter(_Writer):
    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        if prepared is None:
            _objects(page)
            return self.lines(page.items, None)
        return self.lines(page.items, prepared[1])

    def lines(self, raw: Sequence[Any], full: Sequence[Product] | None) -> tuple[bytes, int]:
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

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        if prepared is None:
            return self.rows(_typed(page), None)
        summaries, full = prepared
        return self.rows(summaries, full)

    def rows(
        self, summaries: Sequence[ProductSummary], full: Sequence[Product] | None
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


# -- the export ----------------------------------------------------------------------------------


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
        if spid <= 0:
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
    check_bool("details", details)
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

    def pages(start: str | None, most: int | None) -> AsyncPaginator[Any]:
        return products._raw_listing_pager(client, query, start, most)

    async def prepare(page: Page[Any]) -> tuple[list[ProductSummary], list[Product]]:
        summaries = _typed(page)
        return summaries, await _details(client, summaries)

    source = ExportSource(
        pages=pages,
        identity={
            "gateway": str(client.base_url),
            "query": query,
            "format": fmt,
            "details": details,
        },
        prepare=prepare if details else None,
    )
    writer = _CsvWriter() if fmt == "csv" else _JsonlWriter()
    return await export_pages(
        client, path, fmt, source, writer, max_pages=max_pages, resume=resume, on_page=on_page
    )
