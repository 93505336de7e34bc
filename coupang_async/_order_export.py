"""Export of order sheets: one JSONL line or CSV row per order item, streamed and resumable.

Built on the generic export engine (atomic ``OUT.part`` renamed when finished, a checkpoint
after every page, resumed by running the same export again). A line or row is one item of one
shipment box, so a spreadsheet can sum quantities and a script can ship item by item.

* ``jsonl``: the order sheet as the gateway sent it, with ``orderItems`` replaced by the one
  item under ``orderItem`` (everything else kept exactly, unknown keys included).
* ``csv``: the columns of `ORDER_CSV_COLUMNS`, UTF-8 with a byte order mark (for Excel),
  RFC 4180 quoting. Money (v5 ``{currencyCode, units, nanos}``) is written as its amount.
  The first three columns plus ``delivery_company_code`` and ``invoice_number`` are exactly the
  input of ``coupang-async invoices apply``: fill the last two in and feed the file back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import anyio
import orjson

from coupang_async._converter import MISSING
from coupang_async._errors import InvalidInputError
from coupang_async._export_engine import (
    ExportFormat,
    ExportProgress,
    ExportResult,
    ExportSource,
    export_pages,
)
from coupang_async.models.orders import Money, OrderStatus, OrderStatusCode
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from collections.abc import Callable

    from coupang_async._client import CoupangClient

__all__ = ["ORDER_CSV_COLUMNS", "export_order_sheets"]

#: CSV columns, one row per order item.
ORDER_CSV_COLUMNS: Final = (
    "shipment_box_id",
    "order_id",
    "vendor_item_id",
    "delivery_company_code",  # empty: for `invoices apply`
    "invoice_number",  # the box's invoice number once shipped
    "status",
    "ordered_at",
    "paid_at",
    "vendor_item_name",
    "seller_product_id",
    "seller_product_name",
    "seller_product_item_name",
    "external_vendor_sku_code",
    "shipping_count",
    "cancel_count",
    "hold_count_for_cancel",
    "sales_price",
    "order_price",
    "estimated_shipping_date",
    "receiver_name",
    "receiver_post_code",
    "receiver_addr1",
    "receiver_addr2",
    "parcel_print_message",
    "delivery_company_name",
)


def _cell(value: Any) -> str:
    if value is None or value is MISSING:
        return ""
    if isinstance(value, dict) and "units" in value:  # v5 money
        amount = Money(
            currency_code=value.get("currencyCode"),
            units=value.get("units") if isinstance(value.get("units"), int) else None,
            nanos=value.get("nanos") if isinstance(value.get("nanos"), int) else 0,
        ).amount
        return "" if amount is None else str(amount)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _items(sheet: Any) -> list[dict[str, Any]]:
    items = sheet.get("orderItems") if isinstance(sheet, dict) else None
    found: list[dict[str, Any]] = [item for item in items or () if isinstance(item, dict)]
    return found or [{}]  # a sheet without items still gets its line


class _JsonlWriter:
    header = b""

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        lines: list[bytes] = []
        for sheet in page.items:
            if not isinstance(sheet, dict):
                continue
            base = {key: value for key, value in sheet.items() if key != "orderItems"}
            lines.extend(orjson.dumps({**base, "orderItem": item}) for item in _items(sheet))
        return b"".join(line + b"\n" for line in lines), len(lines)


class _CsvWriter:
    header = ("\ufeff" + ",".join(ORDER_CSV_COLUMNS) + "\r\n").encode("utf-8")

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        rows = 0
        for sheet in page.items:
            if not isinstance(sheet, dict):
                continue
            found = sheet.get("receiver")
            receiver: dict[str, Any] = found if isinstance(found, dict) else {}
            for item in _items(sheet):
                writer.writerow(
                    [
                        _cell(sheet.get("shipmentBoxId")),
                        _cell(sheet.get("orderId")),
                        _cell(item.get("vendorItemId")),
                        "",
                        _cell(sheet.get("invoiceNumber")),
                        _cell(sheet.get("status")),
                        _cell(sheet.get("orderedAt")),
                        _cell(sheet.get("paidAt")),
                        _cell(item.get("vendorItemName")),
                        _cell(item.get("sellerProductId")),
                        _cell(item.get("sellerProductName")),
                        _cell(item.get("sellerProductItemName")),
                        _cell(item.get("externalVendorSkuCode")),
                        _cell(item.get("shippingCount")),
                        _cell(item.get("cancelCount")),
                        _cell(item.get("holdCountForCancel")),
                        _cell(item.get("salesPrice")),
                        _cell(item.get("orderPrice")),
                        _cell(item.get("estimatedShippingDate")),
                        _cell(receiver.get("name")),
                        _cell(receiver.get("postCode")),
                        _cell(receiver.get("addr1")),
                        _cell(receiver.get("addr2")),
                        _cell(sheet.get("parcelPrintMessage")),
                        _cell(sheet.get("deliveryCompanyName")),
                    ]
                )
                rows += 1
        return buffer.getvalue().encode("utf-8"), rows


def _format_of(path: Path, value: object) -> ExportFormat:
    if value is None:
        return "csv" if path.suffix.lower() == ".csv" else "jsonl"
    if value in ("jsonl", "csv"):
        return value
    raise InvalidInputError("format", f"must be 'jsonl' or 'csv', not {value!r}", value=value)


async def export_order_sheets(
    client: CoupangClient,
    out: str | os.PathLike[str],
    *,
    created_at_from: dt.date,
    created_at_to: dt.date,
    status: OrderStatus | OrderStatusCode,
    format: ExportFormat | None = None,
    max_pages: int | None = None,
    resume: bool = True,
    on_page: Callable[[ExportProgress], object] | None = None,
) -> ExportResult:
    """Export the order sheets of a window and status to ``out``, one line or row per item.

    Args:
        out: the file (``.csv`` → CSV unless ``format`` says otherwise; else JSONL).
        created_at_from, created_at_to, status: as for `coupang_async.orders.list_order_sheets`
            (any window length; it is split as the gateway requires).
        format: ``"jsonl"`` or ``"csv"``.
        max_pages: stop after this many pages (the result's ``next_token`` says where).
        resume: continue an interrupted export of the same window and status (default);
            False starts over.
        on_page: called after every page written, with an `ExportProgress` (its ``products``
            counts order sheets).

    Returns:
        The `ExportResult` (``products`` = order sheets, ``rows`` = lines or rows written).

    Raises:
        InvalidInputError: a bad argument; nothing is written.
        ExportError: the checkpoint belongs to another export (other window, status or format).
    """
    from coupang_async.orders import _order_sheet_pages, list_order_sheets

    path = Path(out)
    fmt = _format_of(path, format)
    # Checked now (the paginator validates its arguments when built).
    list_order_sheets(
        client, created_at_from=created_at_from, created_at_to=created_at_to, status=status
    )
    if await anyio.to_thread.run_sync(path.is_dir):
        raise InvalidInputError("out", f"{path} is a directory", value=out)
    if not await anyio.to_thread.run_sync(path.parent.is_dir):
        raise InvalidInputError("out", f"the directory {path.parent} does not exist", value=out)

    def pages(start: str | None, most: int | None) -> AsyncPaginator[Any]:
        pager: AsyncPaginator[Any] = _order_sheet_pages(
            client,
            created_at_from=created_at_from,
            created_at_to=created_at_to,
            status=status,
            max_per_page=50,
            next_token=start,
            max_pages=most,
            version=5,
            extended_timeout=60.0,
            decode=False,
        )
        return pager

    source = ExportSource(
        pages=pages,
        identity={
            "gateway": str(client.base_url),
            "vendor": client.vendor_id,
            "listing": "ordersheets",
            "from": created_at_from.isoformat(),
            "to": created_at_to.isoformat(),
            "status": str(status),
            "format": fmt,
        },
    )
    writer = _CsvWriter() if fmt == "csv" else _JsonlWriter()
    return await export_pages(
        client, path, fmt, source, writer, max_pages=max_pages, resume=resume, on_page=on_page
    )
