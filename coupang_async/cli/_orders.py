"""`coupang-async orders export|acknowledge` and `coupang-async invoices apply FILE.csv`.

``orders export --out FILE --from DATE --to DATE [--status S]``: the order sheets of a window to
JSONL or CSV, one line or row per order item, resumable (``FILE.part`` and ``FILE.checkpoint``
sit beside it until it is done; run the same command again after an interruption).

``orders acknowledge --from DATE --to DATE``: every ACCEPT order sheet of the window is
acknowledged (ACCEPT → INSTRUCT), 50 boxes per call; one line per box goes to ``--out`` (default
``acknowledged-FROM-TO.csv``).

``invoices apply FILE.csv``: tracking numbers per shipment box. The CSV has a header naming
``shipment_box_id``, ``delivery_company_code`` and ``invoice_number`` (other columns are
ignored, so the CSV of ``orders export`` works once those two are filled in; rows of one box
must then agree). Every row is checked first: if any is malformed, the bad rows are listed by
line number and nothing is sent (exit 2). Then each box is read (its order id and items), every
item gets the box's invoice, and the invoices are uploaded (a box's items in one call, 50 per
call). ``FILE.results.csv`` gets one row per input row (line, box, courier, number, status,
result code, error); ``FILE.retry.csv`` the rows still to do, in the input's format.

Exit codes: 0 all done, 1 some not done (see the output files), 2 bad usage or a malformed file
(nothing sent), 130 interrupted. ``--dry-run`` only checks the file. ``--demo`` runs against an
embedded FakeCoupang with generated orders (no keys, nothing leaves the machine).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any, Final, NoReturn

import anyio
import attrs
import click

from coupang_async._client import CoupangClient
from coupang_async._errors import CoupangError, InvalidInputError
from coupang_async._export_engine import ExportError
from coupang_async._order_flow import check_courier, check_tracking_number
from coupang_async._validate import check_positive_id
from coupang_async.bulk import BulkResult, ItemResult, ItemStatus
from coupang_async.cli._common import client_from_env
from coupang_async.models.orders import OrderSheet, OrderStatus
from coupang_async.orders import (
    Invoice,
    acknowledge,
    export_order_sheets,
    get_order_sheet,
    invoices_for,
    list_order_sheets,
    upload_invoices,
)

__all__ = ["DEMO_ORDERS", "DEMO_PRODUCTS", "DEMO_SEED", "register"]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_INPUT: Final = 2
EXIT_INTERRUPTED: Final = 130

#: The embedded demo gateway: FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED) plus
#: DEMO_ORDERS freshly paid orders.
DEMO_PRODUCTS: Final = 300
DEMO_SEED: Final = 0
DEMO_ORDERS: Final = 120
_DEMO_INVOICES: Final = 40
_SHOWN_ERRORS: Final = 20
_ENCODINGS: Final = ("utf-8-sig", "cp949")
_COLUMNS: Final = ("shipment_box_id", "delivery_company_code", "invoice_number")
_MALFORMED_FILE: Final = "not sent: the file has malformed rows"


def register(group: click.Group) -> None:
    """Add `orders export`, `orders acknowledge` and `invoices apply` to the group."""
    group.add_command(orders_group)
    group.add_command(invoices_group)


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    click.get_current_context().exit(EXIT_INPUT)


def _demo_fake() -> Any:
    from coupang_async.testing import FakeCoupang  # only the demo needs the fake

    fake = FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED)
    fake.place_orders(DEMO_ORDERS - 20)
    fake.place_orders(20, lines=2)  # bundled boxes: two items, one waybill
    return fake


def _window(
    fake: Any, start: dt.datetime | None, end: dt.datetime | None
) -> tuple[dt.date, dt.date]:
    if start is not None and end is not None:
        return start.date(), end.date()
    if fake is not None and start is None and end is None:
        today: dt.date = fake.today
        return today - dt.timedelta(days=6), today
    _fail("--from and --to are required (YYYY-MM-DD, KST days, both included)")


def _client(fake: Any, rate: float) -> CoupangClient:
    if fake is not None:
        client: CoupangClient = fake.client(requests_per_second=rate)
        return client
    return client_from_env(requests_per_second=rate)


_DATE: Final = click.DateTime(formats=["%Y-%m-%d"])
_RATE: Final = click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Requests per second (Coupang blocks a vendor above about 10).",
)
_DEMO: Final = click.option(
    "--demo", is_flag=True, help="Use an embedded fake gateway with generated orders."
)


@click.group(name="orders", help="Order sheets: export them, acknowledge new ones.")
def orders_group() -> None:
    pass


@click.group(name="invoices", help="Tracking numbers (송장) for shipment boxes.")
def invoices_group() -> None:
    pass


# -- orders export -------------------------------------------------------------------------------


@orders_group.command(name="export")
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (FILE.part and FILE.checkpoint sit beside it until it is done).",
)
@click.option("--from", "start", type=_DATE, help="First KST day (YYYY-MM-DD).")
@click.option("--to", "end", type=_DATE, help="Last KST day, included.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in OrderStatus]),
    default="ACCEPT",
    show_default=True,
    help="The one status to export.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="Default: csv for a .csv file name, else jsonl.",
)
@click.option("--restart", is_flag=True, help="Discard an interrupted export and start over.")
@_DEMO
@_RATE
@click.pass_context
def export_command(
    context: click.Context,
    /,
    out: Path,
    start: dt.datetime | None,
    end: dt.datetime | None,
    status: str,
    fmt: str | None,
    restart: bool,
    demo: bool,
    rate: float,
) -> None:
    """Export the order sheets of a window, one line or row per order item (resumable)."""
    fake = _demo_fake() if demo else None
    low, high = _window(fake, start, end)
    client = _client(fake, rate)

    async def main() -> Any:
        async with client:
            return await export_order_sheets(
                client,
                out,
                created_at_from=low,
                created_at_to=high,
                status=OrderStatus(status),
                format=fmt,  # type: ignore[arg-type]
                resume=not restart,
            )

    try:
        result = anyio.run(main)
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command again to resume.", err=True)
        context.exit(EXIT_INTERRUPTED)
    except (InvalidInputError, ExportError) as exc:
        _fail(str(exc))
    except CoupangError as exc:
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        click.echo("the checkpoint is kept: run the same command again to resume.", err=True)
        context.exit(EXIT_FAILED)
    resumed = " (resumed)" if result.resumed else ""
    click.echo(
        f"{result.path}: {result.products} order sheets, {result.rows} items, "
        f"{result.pages} pages{resumed}"
    )


# -- orders acknowledge --------------------------------------------------------------------------


@orders_group.command(name="acknowledge")
@click.option("--from", "start", type=_DATE, help="First KST day (YYYY-MM-DD).")
@click.option("--to", "end", type=_DATE, help="Last KST day, included.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Result CSV, one row per box (default: acknowledged-FROM-TO.csv).",
)
@_DEMO
@_RATE
@click.pass_context
def acknowledge_command(
    context: click.Context,
    /,
    start: dt.datetime | None,
    end: dt.datetime | None,
    out: Path | None,
    demo: bool,
    rate: float,
) -> None:
    """Acknowledge every ACCEPT order sheet of a window (ACCEPT → INSTRUCT), 50 per call."""
    fake = _demo_fake() if demo else None
    low, high = _window(fake, start, end)
    out = out or Path(f"acknowledged-{low.isoformat()}-{high.isoformat()}.csv")
    if not out.parent.is_dir():
        _fail(f"cannot write {out}: no directory {out.parent}")
    client = _client(fake, rate)

    async def main() -> BulkResult[int]:
        async with client:
            sheets = list_order_sheets(
                client, created_at_from=low, created_at_to=high, status=OrderStatus.ACCEPT
            )

            async def box_ids() -> Any:
                async for sheet in sheets:
                    if isinstance(sheet.shipment_box_id, int):
                        yield sheet.shipment_box_id

            return await acknowledge(client, box_ids(), stop_after_connection_failures=3)

    try:
        result = anyio.run(main)
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command again (acknowledged boxes are skipped).")
        context.exit(EXIT_INTERRUPTED)
    except CoupangError as exc:
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        context.exit(EXIT_FAILED)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["shipment_box_id", "status", "result_code", "error"])
        for item in result.results:
            writer.writerow([item.key, item.status.value, item.result_code or "", _error(item)])
    click.echo(f"{low}..{high}: {result.summary().replace('updates', 'boxes')}")
    click.echo(f"results: {out}")
    context.exit(EXIT_OK if result.ok else EXIT_FAILED)


def _error(item: ItemResult[Any]) -> str:
    if item.error is None:
        return ""
    return f"{type(item.error).__name__}: {item.error}"


# -- invoices apply ------------------------------------------------------------------------------


class _FileError(Exception):
    """The file cannot be used at all."""


@attrs.frozen
class _Row:
    line: int
    box: int | None
    courier: str
    number: str
    error: str | None
    raw: tuple[str, str, str]


def _normalize(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).lower()


def _encoding(path: Path) -> str:
    for encoding in _ENCODINGS:
        try:
            path.read_text(encoding=encoding)
        except UnicodeDecodeError:
            continue
        except OSError as exc:
            raise _FileError(f"{path}: {exc.strerror or exc}") from exc
        return encoding
    raise _FileError(f"{path}: not UTF-8 or CP949 text")


def _read(path: Path) -> list[_Row]:
    """Every data row, checked (bad rows carry their error); blank lines skipped."""
    rows: list[_Row] = []
    with path.open(encoding=_encoding(path), newline="") as handle:
        reader = csv.reader(handle)
        columns: list[int] | None = None
        for fields in reader:
            line = reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if columns is None:
                names = [_normalize(field) for field in fields]
                missing = [c for c in _COLUMNS if _normalize(c) not in names]
                if missing:
                    raise _FileError(
                        f"{path}: line {line} should be a header naming {', '.join(_COLUMNS)};"
                        f" missing {', '.join(missing)}"
                    )
                columns = [names.index(_normalize(c)) for c in _COLUMNS]
                continue
            raw = tuple(fields[i].strip() if i < len(fields) else "" for i in columns)
            box_text, courier, number = raw
            try:
                if not box_text.isascii() or not box_text.isdigit():
                    raise InvalidInputError("shipment_box_id", f"{box_text!r} is not an id")
                box = check_positive_id("shipment_box_id", int(box_text))
                courier = check_courier(courier)
                number = check_tracking_number(number)
            except InvalidInputError as exc:
                rows.append(_Row(line, None, courier, number, str(exc), (raw[0], raw[1], raw[2])))
                continue
            rows.append(_Row(line, box, courier, number, None, (raw[0], raw[1], raw[2])))
    if columns is None:
        raise _FileError(f"{path}: empty file (expected a header: {','.join(_COLUMNS)})")
    # Rows of one box (an order export has one per item) must agree.
    seen: dict[int, _Row] = {}
    checked: list[_Row] = []
    for row in rows:
        first = seen.setdefault(row.box, row) if row.box is not None else row
        if row.error is None and (first.courier, first.number) != (row.courier, row.number):
            row = attrs.evolve(
                row,
                error=f"shipment_box_id: box {row.box} has another courier or number on line"
                f" {first.line}",
            )
        checked.append(row)
    return checked


def _write_results(path: Path, rows: list[_Row], outcome: dict[int, tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", *_COLUMNS, "status", "result_code", "error"])
        for row in rows:
            if row.error is not None:
                status, code, error = ItemStatus.FAILED.value, "", f"malformed row: {row.error}"
            elif row.box is None or row.box not in outcome:
                status, code, error = ItemStatus.NOT_ATTEMPTED.value, "", _MALFORMED_FILE
            else:
                status, code, error = outcome[row.box]
            writer.writerow([row.line, *row.raw, status, code, error])


def _demo_file(folder: Path, fake: Any, boxes: list[int]) -> Path:
    path = folder / "demo-invoices.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_COLUMNS)
        for box in boxes:
            writer.writerow([box, "CJGLS", f"5{box % 10**11:011d}"])
    return path


@invoices_group.command(name="apply")
@click.argument(
    "file", required=False, type=click.Path(dir_okay=False, path_type=Path, exists=True)
)
@click.option("--dry-run", is_flag=True, help="Check the file only; send nothing.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Result CSV (default: FILE.results.csv).",
)
@click.option(
    "--retry-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of the rows still to do (default: FILE.retry.csv).",
)
@_DEMO
@_RATE
@click.pass_context
def apply_command(
    context: click.Context,
    /,
    file: Path | None,
    dry_run: bool,
    out: Path | None,
    retry_out: Path | None,
    demo: bool,
    rate: float,
) -> None:
    """Upload tracking numbers from FILE (header: shipment_box_id,delivery_company_code,
    invoice_number). Malformed rows are listed by line and nothing is sent; FILE.results.csv
    gets one row per input row, FILE.retry.csv the rows still to do."""
    fake = _demo_fake() if demo else None
    if file is None and fake is None:
        _fail("FILE is required (or use --demo to try a sample)")
    if file is None:
        boxes = _demo_boxes(fake)
        file = _demo_file(Path(tempfile.mkdtemp(prefix="coupang-demo-")), fake, boxes)
        click.echo(f"demo: {len(boxes)} acknowledged boxes to ship, listed in {file}", err=True)
    try:
        rows = _read(file)
    except _FileError as exc:
        _fail(str(exc))
    bad = [row for row in rows if row.error is not None]
    for row in bad[:_SHOWN_ERRORS]:
        click.echo(f"line {row.line}: {row.error}", err=True)
    if len(bad) > _SHOWN_ERRORS:
        click.echo(f"... and {len(bad) - _SHOWN_ERRORS} more malformed rows", err=True)
    if dry_run:
        state = f"{len(bad)} malformed" if bad else "all valid"
        click.echo(f"{file}: {len(rows)} rows, {state}; nothing sent (--dry-run)")
        context.exit(EXIT_INPUT if bad else EXIT_OK)

    out = out or file.with_name(f"{file.stem}.results.csv")
    retry_out = retry_out or file.with_name(f"{file.stem}.retry.csv")
    if file.resolve() in (out.resolve(), retry_out.resolve()):
        _fail("--out and --retry-out must not overwrite the input file")
    for path in (out, retry_out):
        if not path.parent.is_dir():
            _fail(f"cannot write {path}: no directory {path.parent}")
    if bad:
        _write_results(out, rows, {})
        click.echo(
            f"{file}: {len(bad)} of {len(rows)} rows are malformed; nothing sent. "
            f"Fix them and run again (every row: {out})"
        )
        context.exit(EXIT_INPUT)

    client = _client(fake, rate)
    outcome: dict[int, tuple[str, str, str]] = {}
    interrupted = False
    try:
        anyio.run(_apply, client, rows, outcome)
    except KeyboardInterrupt:
        interrupted = True
    except CoupangError as exc:
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
    _write_results(out, rows, outcome)
    todo = [r for r in rows if r.box is None or outcome.get(r.box, ("",))[0] != "OK"]
    if todo:
        with retry_out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(_COLUMNS)
            for row in todo:
                writer.writerow(row.raw)
    elif retry_out.exists():
        retry_out.unlink()  # a stale one from an earlier run would mislead
    counts: dict[str, int] = {}
    for row in rows:
        status = outcome.get(row.box or 0, (ItemStatus.NOT_ATTEMPTED.value,))[0]
        counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    click.echo(f"{file}: {len(rows)} rows: {summary}")
    click.echo(f"results: {out}")
    if todo:
        click.echo(
            f"to retry: {retry_out} ({len(todo)} rows): coupang-async invoices apply {retry_out}"
        )
    if interrupted:
        click.echo("interrupted: results are accurate up to here.", err=True)
        context.exit(EXIT_INTERRUPTED)
    context.exit(EXIT_FAILED if todo else EXIT_OK)


def _demo_boxes(fake: Any) -> list[int]:
    """Acknowledge some of the demo's new orders in the fake (so they can ship); their boxes."""
    from coupang_async.testing._fulfilment import find_box, set_status, state_of

    vendor = fake.vendor()
    state = state_of(vendor)
    boxes = [
        int(box["shipmentBoxId"])
        for box in vendor.orders.rows
        if box["status"] == "ACCEPT" and int(box["shipmentBoxId"]) in state.history
    ][:_DEMO_INVOICES]
    for box in boxes:
        found = find_box(vendor, box)
        if found is not None:
            set_status(state, found, "INSTRUCT", fake.clock())
    return boxes


async def _apply(
    client: CoupangClient, rows: list[_Row], outcome: dict[int, tuple[str, str, str]]
) -> None:
    """Read every box (order id and items), then upload one invoice per item."""
    wanted = {row.box: row for row in rows if row.box is not None}
    sheets: dict[int, OrderSheet] = {}
    async with client:

        async def read(box: int) -> None:
            try:
                sheets[box] = await get_order_sheet(client, box)
            except CoupangError as exc:
                outcome[box] = (ItemStatus.FAILED.value, "", f"reading the box: {exc}")

        async with anyio.create_task_group() as group:
            for box in wanted:
                group.start_soon(read, box)
        invoices: list[Invoice] = []
        for box, sheet in sheets.items():
            row = wanted[box]
            try:
                invoices.extend(invoices_for(sheet, row.courier, row.number))
            except InvalidInputError as exc:
                outcome[box] = (ItemStatus.FAILED.value, "", str(exc))
        if not invoices:
            return
        result = await upload_invoices(client, invoices, stop_after_connection_failures=3)
    per_box: dict[int, list[ItemResult[Invoice]]] = {}
    for item in result.results:
        per_box.setdefault(item.update.shipment_box_id, []).append(item)
    for box, results in per_box.items():
        worst = next((r for r in results if r.status is not ItemStatus.OK), results[0])
        outcome[box] = (worst.status.value, worst.result_code or "", _error(worst))
