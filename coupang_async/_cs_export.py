"""Exports of the revenue history and of customer inquiries to JSONL or CSV (resumable).

Built on the export engine (`coupang_async._export_engine`): pages are appended to ``OUT.part``
as they arrive, a checkpoint after every page records where to go on (the chunked listings'
tokens name the chunk and the page, so a resumed export continues in the right window), and only
a finished export is renamed to ``OUT``. A checkpoint of an export with other options (window,
filters, format, vendor, gateway) is refused rather than mixed in.

* JSONL: one item per line, as Coupang sent it (lossless: a line structured with
  `coupang_async.converter` and unstructured again is the same JSON).
* CSV: UTF-8 with a byte order mark (Excel shows Korean text), RFC 4180 quoting, ``\\r\\n`` line
  ends. Revenue: one row per option of an order (the shipping fee on the order's first row only,
  so columns add up); inquiries: one row per inquiry with its latest answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import anyio
import orjson

from coupang_async._converter import MISSING, converter
from coupang_async._errors import ClientClosedError, InvalidInputError
from coupang_async._export_engine import (
    ExportFormat,
    ExportProgress,
    ExportResult,
    ExportSource,
    export_pages,
)
from coupang_async._validate import check_max_pages, describe
from coupang_async.models.inquiries import CallCenterInquiry, ProductInquiry
from coupang_async.models.settlements import RevenueItem, RevenueLine
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "CALL_CENTER_COLUMNS",
    "PRODUCT_INQUIRY_COLUMNS",
    "REVENUE_COLUMNS",
    "export_inquiries",
    "export_revenue",
]

REVENUE_COLUMNS: Final = (
    "order_id",
    "sale_type",
    "sale_date",
    "recognition_date",
    "settlement_date",
    "final_settlement_date",
    "vendor_item_id",
    "vendor_item_name",
    "product_id",
    "product_name",
    "external_seller_sku_code",
    "tax_type",
    "quantity",
    "sale_price",
    "sale_amount",
    "coupang_discount_coupon",
    "seller_discount_coupon",
    "downloadable_coupon",
    "service_fee",
    "service_fee_vat",
    "service_fee_ratio",
    "settlement_amount",
    "delivery_fee_amount",
    "delivery_fee_fee",
    "delivery_fee_fee_vat",
)
PRODUCT_INQUIRY_COLUMNS: Final = (
    "inquiry_id",
    "inquiry_at",
    "vendor_item_id",
    "seller_product_id",
    "product_id",
    "order_ids",
    "content",
    "answered",
    "answers",
    "last_answer",
    "last_answer_at",
)
CALL_CENTER_COLUMNS: Final = (
    "inquiry_id",
    "inquiry_at",
    "inquiry_status",
    "counseling_status",
    "vendor_item_ids",
    "item_name",
    "order_id",
    "receipt_category",
    "awaits_answer",
    "pending_answer_id",
    "last_reply",
    "last_reply_at",
)

Rows = Callable[[Any], list[list[str]]]


def _text(value: object) -> str:
    return "" if value is None or value is MISSING else str(value)


class _JsonlWriter:
    header: bytes = b""

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        option = orjson.OPT_APPEND_NEWLINE
        lines = [orjson.dumps(converter.unstructure(item), option=option) for item in page.items]
        return b"".join(lines), len(lines)


class _CsvWriter:
    def __init__(self, columns: Sequence[str], rows: Rows) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(columns)
        self.header = b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
        self._rows = rows

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        count = 0
        for item in page.items:
            for row in self._rows(item):
                writer.writerow(row)
                count += 1
        return buffer.getvalue().encode("utf-8"), count


def _revenue_rows(item: RevenueItem) -> list[list[str]]:
    head = [
        _text(item.order_id),
        _text(item.sale_type),
        _text(item.sale_date),
        _text(item.recognition_date),
        _text(item.settlement_date),
        _text(item.final_settlement_date),
    ]
    fee = item.delivery_fee or None
    shipping = [_text(fee.amount), _text(fee.fee), _text(fee.fee_vat)] if fee else ["", "", ""]
    lines: list[RevenueLine | None] = list(item.items or ()) or [None]
    rows = []
    for index, line in enumerate(lines):
        cells = (
            [
                _text(line.vendor_item_id),
                _text(line.vendor_item_name),
                _text(line.product_id),
                _text(line.product_name),
                _text(line.external_seller_sku_code),
                _text(line.tax_type),
                _text(line.quantity),
                _text(line.sale_price),
                _text(line.sale_amount),
                _text(line.coupang_discount_coupon),
                _text(line.seller_discount_coupon),
                _text(line.downloadable_coupon),
                _text(line.service_fee),
                _text(line.service_fee_vat),
                _text(line.service_fee_ratio),
                _text(line.settlement_amount),
            ]
            if line is not None
            else [""] * 16
        )
        rows.append(head + cells + (shipping if index == 0 else ["", "", ""]))
    return rows


def _product_inquiry_rows(item: ProductInquiry) -> list[list[str]]:
    comments = item.comments or []
    last = comments[-1] if comments else None
    return [
        [
            _text(item.inquiry_id),
            _text(item.inquiry_at),
            _text(item.vendor_item_id),
            _text(item.seller_product_id),
            _text(item.product_id),
            " ".join(str(i) for i in item.order_ids or ()),
            _text(item.content),
            "true" if item.answered else "false",
            str(len(comments)),
            _text(last.content) if last else "",
            _text(last.inquiry_comment_at) if last else "",
        ]
    ]


def _call_center_rows(item: CallCenterInquiry) -> list[list[str]]:
    replies = item.replies or []
    last = replies[-1] if replies else None
    pending = item.pending_reply()
    return [
        [
            _text(item.inquiry_id),
            _text(item.inquiry_at),
            _text(item.inquiry_status),
            _text(item.cs_partner_counseling_status),
            " ".join(str(i) for i in item.vendor_item_ids or ()),
            _text(item.item_name),
            _text(item.order_id),
            _text(item.receipt_category),
            "true" if pending is not None else "false",
            _text(pending.answer_id) if pending is not None else "",
            _text(last.content) if last else "",
            _text(last.reply_at) if last else "",
        ]
    ]


def _format(path: Path, value: object) -> ExportFormat:
    if value is None:
        return "csv" if path.suffix.lower() == ".csv" else "jsonl"
    if value not in ("jsonl", "csv"):
        raise InvalidInputError(
            "format", f'must be "jsonl" or "csv", not {describe(value)}', value=value
        )
    return "csv" if value == "csv" else "jsonl"


async def _check_out(out: object) -> Path:
    if not isinstance(out, str | os.PathLike):
        raise InvalidInputError("out", f"must be a path, not {describe(out)}", value=out)
    path = Path(out)
    if await anyio.to_thread.run_sync(path.is_dir):
        raise InvalidInputError("out", f"{path} is a directory", value=out)
    if not await anyio.to_thread.run_sync(path.parent.is_dir):
        raise InvalidInputError("out", f"the directory {path.parent} does not exist", value=out)
    return path


async def _run(
    client: CoupangClient,
    path: Path,
    fmt: ExportFormat,
    listing: str,
    query: dict[str, Any],
    pages: Callable[[str | None, int | None], AsyncPaginator[Any]],
    writer: Any,
    *,
    max_pages: object,
    resume: bool,
    on_page: Callable[[ExportProgress], object] | None,
) -> ExportResult:
    most = check_max_pages(max_pages)
    pages(None, most)  # checks the listing's arguments before any file is touched
    if client.is_closed:
        raise ClientClosedError
    source = ExportSource(
        pages=pages,
        identity={
            "gateway": str(client.base_url),
            "listing": listing,
            "query": {"vendorId": client.vendor_id, **query},
            "format": fmt,
        },
    )
    return await export_pages(
        client, path, fmt, source, writer, max_pages=most, resume=resume, on_page=on_page
    )


async def export_revenue(
    client: CoupangClient,
    out: str | os.PathLike[str],
    *,
    recognized_from: dt.date,
    recognized_to: dt.date,
    format: ExportFormat | None = None,
    max_pages: int | None = None,
    resume: bool = True,
    on_page: Callable[[ExportProgress], object] | None = None,
) -> ExportResult:
    """Export the revenue history of a window (KST days) to a JSONL or CSV file.

    Streams page by page, resumes an interrupted export of the same window, and writes ``out``
    only when finished (see `coupang_async.settlements.list_revenue` for the window rules: the
    end must be before today in KST; any length, split into 31-day chunks).

    Args:
        client: the client.
        out: the file; ``out.part`` and ``out.checkpoint`` sit beside it until it is done.
        recognized_from: the first recognition day, inclusive.
        recognized_to: the last recognition day, inclusive (before today in KST).
        format: ``"jsonl"`` (one row of the history per line, as sent) or ``"csv"`` (one row per
            option, `REVENUE_COLUMNS`); default by the file name (``.csv`` → CSV).
        max_pages: stop after this many pages (None: all).
        resume: False discards an interrupted export's files and starts over.
        on_page: called with an `ExportProgress` after every page written
            (``products`` counts the revenue rows).

    Returns:
        The `ExportResult`.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent or written.
        ExportError: the checkpoint belongs to an export with other options.
    """
    from coupang_async.settlements import MAX_PER_PAGE, list_revenue

    path = await _check_out(out)
    fmt = _format(path, format)

    def pages(start: str | None, most: int | None) -> AsyncPaginator[Any]:
        return list_revenue(
            client,
            recognized_from=recognized_from,
            recognized_to=recognized_to,
            max_per_page=MAX_PER_PAGE,
            next_token=start,
            max_pages=most,
        )

    writer = _CsvWriter(REVENUE_COLUMNS, _revenue_rows) if fmt == "csv" else _JsonlWriter()
    query = {"recognitionDateFrom": str(recognized_from), "recognitionDateTo": str(recognized_to)}
    return await _run(
        client, path, fmt, "revenue", query, pages, writer,
        max_pages=max_pages, resume=resume, on_page=on_page,
    )  # fmt: skip


async def export_inquiries(
    client: CoupangClient,
    out: str | os.PathLike[str],
    *,
    inquired_from: dt.date,
    inquired_to: dt.date,
    kind: Literal["product", "call-center"] = "product",
    answered: bool | None = None,
    status: str | None = None,
    format: ExportFormat | None = None,
    max_pages: int | None = None,
    resume: bool = True,
    on_page: Callable[[ExportProgress], object] | None = None,
) -> ExportResult:
    """Export the product inquiries (or call-center inquiries) of a window to JSONL or CSV.

    Args:
        client: the client.
        out: the file; ``out.part`` and ``out.checkpoint`` sit beside it until it is done.
        inquired_from: the first KST day, inclusive.
        inquired_to: the last KST day, inclusive (any length of window).
        kind: ``"product"`` (product inquiries) or ``"call-center"``.
        answered: product inquiries only: None all, True answered, False unanswered.
        status: call-center inquiries only: ``NO_ANSWER``, ``ANSWER``, ``TRANSFER`` (None: all).
        format: ``"jsonl"`` or ``"csv"`` (`PRODUCT_INQUIRY_COLUMNS` / `CALL_CENTER_COLUMNS`);
            default by the file name.
        max_pages: stop after this many pages (None: all).
        resume: False discards an interrupted export's files and starts over.
        on_page: called with an `ExportProgress` after every page written.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent or written.
        ExportError: the checkpoint belongs to an export with other options.
    """
    from coupang_async import inquiries

    path = await _check_out(out)
    fmt = _format(path, format)
    if kind == "product":
        if status is not None:
            raise InvalidInputError("status", "applies to call-center inquiries only", value=status)

        def pages(start: str | None, most: int | None) -> AsyncPaginator[Any]:
            return inquiries.list_product_inquiries(
                client,
                inquired_from=inquired_from,
                inquired_to=inquired_to,
                answered=answered,
                next_token=start,
                max_pages=most,
            )

        columns: Sequence[str] = PRODUCT_INQUIRY_COLUMNS
        rows: Rows = _product_inquiry_rows
        query: dict[str, Any] = {"answered": answered}
    elif kind == "call-center":
        if answered is not None:
            raise InvalidInputError(
                "answered", "applies to product inquiries only (use status=)", value=answered
            )

        def pages(start: str | None, most: int | None) -> AsyncPaginator[Any]:
            return inquiries.list_call_center_inquiries(
                client,
                inquired_from=inquired_from,
                inquired_to=inquired_to,
                status=status,
                next_token=start,
                max_pages=most,
            )

        columns, rows = CALL_CENTER_COLUMNS, _call_center_rows
        query = {"status": status}
    else:
        raise InvalidInputError(
            "kind", f'must be "product" or "call-center", not {describe(kind)}', value=kind
        )
    query.update(inquiryStartAt=str(inquired_from), inquiryEndAt=str(inquired_to))
    writer = _CsvWriter(columns, rows) if fmt == "csv" else _JsonlWriter()
    return await _run(
        client, path, fmt, f"inquiries:{kind}", query, pages, writer,
        max_pages=max_pages, resume=resume, on_page=on_page,
    )  # fmt: skip
