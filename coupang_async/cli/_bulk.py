"""`coupang-async prices apply FILE.csv` and `coupang-async stock apply FILE.csv`.

The file is CSV with a header row naming `vendor_item_id` and `price` (or `quantity`); other
columns are ignored, so a result or retry file written by this command can be fed back in. Header
names are matched ignoring case, `_`, `-` and spaces (`vendorItemId` works). Text may be UTF-8
(with or without BOM) or CP949, the encoding Korean Excel saves CSV in.

What happens:

1. **Every row is checked first**, before anything is sent: whole numbers, ids positive, prices
   positive multiples of 10 won, quantities 0..99999. If any row is malformed, the command lists
   the bad rows by line number, writes the result file (the bad rows FAILED with their error, the
   others NOT_ATTEMPTED), sends nothing and exits with 2. Why not send the good rows: a file
   with bad rows is often a wrong export (shifted columns, wrong sheet), and half-applying it to
   a live storefront is worse than fixing the file and running again, which is cheap because
   every write sets an absolute value.
2. The rows go through `coupang_async.bulk` (paced by `--rate`, at most one write in flight per
   vendor item, a later row for the same item replacing an earlier unsent one, stopping at the
   first 429), with a progress bar on stderr.
3. **The result file** (`--out`, default `FILE.results.csv`) gets one row per input row, in input
   order, written as results come in: `line, vendor_item_id, price|quantity, status, error`.
4. **The retry file** (`--retry-out`, default `FILE.retry.csv`) lists, in the input's format, the
   rows that still need sending: the newest not-applied update of each item (never an older value
   that a later row already applied). Feed it back as FILE to finish the job. Rows Coupang refused
   for good (e.g. a price beyond its +100 % rule, an unknown item) are only in the result file:
   sending them again unchanged cannot succeed (fix them, or use `--force` for a price change).
5. **An unreachable gateway** stops the run after 3 writes in a row got no answer at all
   (connection refused, timeouts), as a 429 does: the rest are NOT_ATTEMPTED and in the retry
   file.

Exit codes: 0 every row applied (or replaced by a later row that was); 1 some rows failed or were
not attempted (e.g. after a 429; see the retry file); 2 bad usage or a malformed file (nothing
sent); 130 interrupted (Ctrl-C) after writing accurate results: rows in flight are UNKNOWN (may
or may not be applied), the rest NOT_ATTEMPTED, and all of them are in the retry file.

`--dry-run` checks the file only (no credentials needed, nothing written). `--demo` runs against
an embedded FakeCoupang (a catalogue of 300 products); without FILE it makes up sample rows.
"""

from __future__ import annotations

import csv
import logging
import re
import tempfile
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import IO, Any, Final, NoReturn

import anyio
import attrs
import click

from coupang_async._client import CoupangClient
from coupang_async._errors import APIConnectionError, InvalidInputError
from coupang_async._validate import check_price as _check_price
from coupang_async._validate import check_quantity as _check_quantity
from coupang_async._validate import check_vendor_item_id as _check_vendor_item_id
from coupang_async.bulk import (
    BulkProgress,
    BulkResult,
    ItemResult,
    ItemStatus,
    PriceUpdate,
    QuantityUpdate,
    update_prices,
    update_quantities,
)
from coupang_async.cli._common import cli_logging, client_from_env

__all__ = ["DEMO_PRODUCTS", "DEMO_SEED", "register"]

EXIT_OK: Final = 0
EXIT_FAILURES: Final = 1
EXIT_INPUT: Final = 2
EXIT_INTERRUPTED: Final = 130

#: The embedded demo gateway: FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED).
DEMO_PRODUCTS: Final = 300
DEMO_SEED: Final = 0
_DEMO_ROWS: Final = 30
_SHOWN_ERRORS: Final = 20
_ENCODINGS: Final = ("utf-8-sig", "cp949")
_WHOLE: Final = re.compile(r"-?[0-9]+")
_ID_COLUMN: Final = "vendor_item_id"
_INTERRUPTED: Final = "not sent: the run was interrupted"
#: Writes in a row without any answer from the gateway after which the run stops.
_CONNECTION_FAILURES: Final = 3
_MALFORMED_FILE: Final = "not sent: the file has malformed rows"

logger = logging.getLogger("coupang_async.cli")


@attrs.frozen
class _Kind:
    """What one command updates."""

    group: str  # the command group: prices / stock
    column: str  # the value column: price / quantity
    check: Callable[[object], int]
    make: Callable[[int, int], Any]
    run: Callable[..., Awaitable[BulkResult[Any]]]


_PRICES: Final = _Kind("prices", "price", _check_price, PriceUpdate, update_prices)
_STOCK: Final = _Kind("stock", "quantity", _check_quantity, QuantityUpdate, update_quantities)


class _FileError(Exception):
    """The file cannot be used at all (missing, unreadable, no such column)."""


def _normalize(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).lower()


def _detect_encoding(path: Path) -> str:
    for encoding in _ENCODINGS:
        try:
            with path.open(encoding=encoding, newline="") as handle:
                while handle.read(1 << 20):
                    pass
        except UnicodeDecodeError:
            continue
        except OSError as exc:
            raise _FileError(f"{path}: {exc.strerror or exc}") from exc
        return encoding
    raise _FileError(f"{path}: not UTF-8 or CP949 text")


@attrs.frozen
class _Row:
    """One data row: its line, and the update or why there is none."""

    line: int
    update: Any | None
    error: str | None


def _parse(fields: list[str], id_index: int, value_index: int, kind: _Kind) -> Any:
    """The update of one row; raises InvalidInputError naming the bad field."""
    parsed: list[int] = []
    for name, index, check in (
        (_ID_COLUMN, id_index, _check_vendor_item_id),
        (kind.column, value_index, kind.check),
    ):
        raw = fields[index].strip() if index < len(fields) else ""
        if not raw:
            raise InvalidInputError(name, "is empty")
        if not _WHOLE.fullmatch(raw):
            raise InvalidInputError(name, f"{raw!r} is not a whole number", value=raw)
        parsed.append(check(int(raw)))
    return kind.make(parsed[0], parsed[1])


def _rows(path: Path, encoding: str, kind: _Kind) -> Iterator[_Row]:
    """Every data row of the file, parsed; blank lines are skipped."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        columns: tuple[int, int] | None = None
        last_line = 0
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if columns is None:
                names = [_normalize(field) for field in fields]
                wanted = (_normalize(_ID_COLUMN), _normalize(kind.column))
                missing = [
                    name for name in (_ID_COLUMN, kind.column) if _normalize(name) not in names
                ]
                if missing:
                    found = ", ".join(field.strip() for field in fields)
                    raise _FileError(
                        f"{path}: line {line} should be a header naming {_ID_COLUMN} and "
                        f"{kind.column}; missing {', '.join(missing)} (found: {found})"
                    )
                columns = (names.index(wanted[0]), names.index(wanted[1]))
                continue
            try:
                yield _Row(line, _parse(fields, columns[0], columns[1], kind), None)
            except InvalidInputError as exc:
                yield _Row(line, None, str(exc))
        if columns is None:
            raise _FileError(f"{path}: empty file (expected a header: {_ID_COLUMN},{kind.column})")


@attrs.define
class _Scan:
    """The first pass over the file."""

    encoding: str
    rows: int = 0
    bad: int = 0
    shown: list[str] = attrs.field(factory=list)


def _scan(path: Path, kind: _Kind) -> _Scan:
    scan = _Scan(_detect_encoding(path))
    for row in _rows(path, scan.encoding, kind):
        scan.rows += 1
        if row.error is not None:
            scan.bad += 1
            if len(scan.shown) < _SHOWN_ERRORS:
                scan.shown.append(f"line {row.line}: {row.error}")
    return scan


class _Writer:
    """The result CSV, one row per input row, flushed as it goes."""

    def __init__(self, handle: IO[str], kind: _Kind) -> None:
        self._handle = handle
        self._csv = csv.writer(handle)
        self._kind = kind
        self._csv.writerow(["line", _ID_COLUMN, kind.column, "status", "error"])
        handle.flush()

    def write(self, line: int, update: Any, status: ItemStatus | str, error: str) -> None:
        value = getattr(update, self._kind.column, "")
        vid = getattr(update, "vendor_item_id", "")
        self._csv.writerow([line, vid, value, str(status), error])
        self._handle.flush()


def _retry_file(path: Path, kind: _Kind, updates: list[Any], tail: list[Any]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_ID_COLUMN, kind.column])
        for update in (*updates, *tail):
            writer.writerow([update.vendor_item_id, getattr(update, kind.column)])


def _describe(result: ItemResult[Any], lines: deque[int]) -> str:
    """The error column of one result (`lines[0]` is the line after this result's)."""
    status, error = result.status, result.error
    if status is ItemStatus.SUPERSEDED and result.superseded_by is not None:
        offset = result.superseded_by - result.index - 1
        later = lines[offset] if 0 <= offset < len(lines) else "?"
        return f"replaced by line {later} (a later row for the same item)"
    if status is ItemStatus.UNKNOWN:
        return "interrupted while in flight: may or may not be applied (safe to send again)"
    if status is ItemStatus.NOT_ATTEMPTED:
        if error is not None:
            return "not sent: the run stopped after a 429 from Coupang; send it again later"
        return _INTERRUPTED
    if error is not None:
        return f"{type(error).__name__}: {error}"
    return ""


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    click.get_current_context().exit(EXIT_INPUT)


def _tens(won: float) -> int:
    return max(10, int(round(won, -1)))


def _demo_sample(folder: Path, kind: _Kind, fake: Any) -> Path:
    """A sample file for the demo catalogue: a later row replacing an earlier one, and (for
    prices) one change beyond Coupang's +100 % guard, which the gateway refuses."""
    ids = fake.vendor_item_ids(writable=True)[: _DEMO_ROWS + 1]
    path = folder / f"demo-{kind.group}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_ID_COLUMN, kind.column])
        for vid in ids[:_DEMO_ROWS]:
            item = fake.vendor_item(vid)
            if kind is _PRICES:
                writer.writerow([vid, _tens(item.sale_price * 1.1)])
            else:
                writer.writerow([vid, (item.quantity + 5) % 100_000])
        if kind is _PRICES:
            writer.writerow([ids[0], _tens(fake.vendor_item(ids[0]).sale_price * 1.05)])
            writer.writerow([ids[-1], fake.vendor_item(ids[-1]).sale_price * 10])
        else:
            writer.writerow([ids[0], 0])
    return path


def _run_command(
    kind: _Kind,
    file: Path | None,
    *,
    dry_run: bool,
    demo: bool,
    force: bool,
    verify: bool,
    out: Path | None,
    retry_out: Path | None,
    rate: float,
    verbose: int = 0,
) -> int:
    fake: Any = None
    if demo:
        from coupang_async.testing import FakeCoupang  # only the demo needs the fake

        fake = FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED)
        if file is None:
            file = _demo_sample(Path(tempfile.mkdtemp(prefix="coupang-demo-")), kind, fake)
            click.echo(f"demo: sample rows for the demo catalogue in {file}", err=True)
    if file is None:
        _fail("FILE is required (or use --demo to try a sample)")
    try:
        scan = _scan(file, kind)
    except _FileError as exc:
        _fail(str(exc))
    for message in scan.shown:
        click.echo(message, err=True)
    if scan.bad > len(scan.shown):
        click.echo(f"... and {scan.bad - len(scan.shown)} more malformed rows", err=True)

    if dry_run:
        if scan.bad:
            click.echo(f"{file}: {scan.rows} rows, {scan.bad} malformed; nothing sent (--dry-run)")
            return EXIT_INPUT
        click.echo(f"{file}: {scan.rows} rows, all valid; nothing sent (--dry-run)")
        return EXIT_OK

    out = out or file.with_name(f"{file.stem}.results.csv")
    retry_out = retry_out or file.with_name(f"{file.stem}.retry.csv")
    if file.resolve() in (out.resolve(), retry_out.resolve()):
        _fail("--out and --retry-out must not overwrite the input file")
    for path in (out, retry_out):
        if not path.parent.is_dir():
            _fail(f"cannot write {path}: no directory {path.parent}")
    if scan.bad:
        _report_malformed(file, scan, kind, out)
        click.echo(
            f"{file}: {scan.bad} of {scan.rows} rows are malformed; nothing sent. "
            f"Fix them and run again (every row: {out})"
        )
        return EXIT_INPUT

    if fake is not None:
        client = fake.client(requests_per_second=rate)
    else:
        client = client_from_env(requests_per_second=rate)
    return _apply(
        kind,
        file,
        scan,
        client,
        force=force,
        verify=verify,
        out=out,
        retry=retry_out,
        verbose=verbose,
    )


def _report_malformed(file: Path, scan: _Scan, kind: _Kind, out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = _Writer(handle, kind)
        for row in _rows(file, scan.encoding, kind):
            if row.error is not None:
                writer.write(row.line, None, ItemStatus.FAILED, f"malformed row: {row.error}")
            else:
                writer.write(row.line, row.update, ItemStatus.NOT_ATTEMPTED, _MALFORMED_FILE)


def _apply(
    kind: _Kind,
    file: Path,
    scan: _Scan,
    client: CoupangClient,
    *,
    force: bool,
    verify: bool,
    out: Path,
    retry: Path,
    verbose: int = 0,
) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    lines: deque[int] = deque()
    changed_since_scan: dict[int, str] = {}

    def updates() -> Iterator[Any]:
        for row in _rows(file, scan.encoding, kind):
            lines.append(row.line)
            if row.error is not None:  # the file changed after the first pass
                changed_since_scan[row.line] = row.error
            yield row.update

    source = updates()
    result: BulkResult[Any] = BulkResult(keep="failures")
    interrupted = False
    options: dict[str, Any] = {
        "verify": verify,
        "stop_after_connection_failures": _CONNECTION_FAILURES,
    }
    if kind is _PRICES:
        options["force"] = force

    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stats]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    task = progress.add_task(f"{kind.group}", total=scan.rows, stats="")

    def on_progress(snapshot: BulkProgress) -> None:
        stats = f"ok {snapshot.ok}"
        for name, count in (
            ("failed", snapshot.failed),
            ("replaced", snapshot.superseded),
            ("not sent", snapshot.not_attempted),
            ("unknown", snapshot.unknown),
        ):
            if count:
                stats += f" · {name} {count}"
        progress.update(task, completed=snapshot.done, stats=stats)

    try:
        handle = out.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    # Warnings (a 429, a pace change) above the progress bar; retries only with -v.
    with cli_logging(console, verbose), handle, progress:
        writer = _Writer(handle, kind)

        def on_result(item: ItemResult[Any]) -> None:
            line = lines.popleft()
            text = changed_since_scan.pop(line, None)
            if text is not None:
                text = f"malformed row (changed after the check): {text}"
            writer.write(line, item.update, item.status, text or _describe(item, lines))

        async def main() -> None:
            async with client:
                await kind.run(
                    client,
                    source,
                    progress=on_progress,
                    on_result=on_result,
                    into=result,
                    **options,
                )

        try:
            anyio.run(main)
        except KeyboardInterrupt:
            interrupted = True
        except OSError as exc:  # the result file could not be written: the run was stopped
            click.echo(
                f"Error: writing {out} failed ({exc.strerror or exc}); the run was stopped"
                " and its last rows are missing from the file",
                err=True,
            )
            return EXIT_FAILURES
        # Rows never read (after Ctrl-C): not sent, and still to be sent.
        unread: list[Any] = []
        for update in source:
            line = lines.popleft()
            writer.write(line, update, ItemStatus.NOT_ATTEMPTED, _INTERRUPTED)
            if update is not None:
                unread.append(update)

    # Only what a re-run can fix: rows the gateway refused for good stay in the result file.
    retry_rows = result.updates_to_retry(include_refused=False)
    refused = sum(1 for item in result.results if item.refused)
    if retry_rows or unread:
        _retry_file(retry, kind, retry_rows, unread)
    elif retry.exists():
        retry.unlink()  # a stale one from an earlier run would mislead
    rows = result.total + len(unread)
    per_status = dict(result.counts)
    per_status[ItemStatus.NOT_ATTEMPTED] += len(unread)  # rows never read: not sent either
    counts = [f"{count} {status.value}" for status, count in per_status.items() if count]
    summary = f"{rows} row{'s' if rows != 1 else ''}" + (f": {', '.join(counts)}" if counts else "")
    click.echo(f"{file}: {summary}")
    click.echo(f"results: {out}")
    if retry_rows or unread:
        count = len(retry_rows) + len(unread)
        click.echo(
            f"to retry: {retry} ({count} row{'s' if count != 1 else ''}): "
            f"coupang-async {kind.group} apply {retry}"
        )
    if refused:
        click.echo(
            f"refused by Coupang: {refused} row{'s' if refused != 1 else ''} (see {out});"
            " sending them again unchanged cannot succeed, so they are not in the retry file",
            err=True,
        )
    if isinstance(result.stop_reason, APIConnectionError):
        click.echo(
            f"stopped after {_CONNECTION_FAILURES} writes in a row got no answer from"
            f" {client.base_url} ({result.stop_reason.message}); the rest were not sent."
            " Check the network or COUPANG_BASE_URL, then run the retry file.",
            err=True,
        )
    if result.stopped_by is not None:
        click.echo(
            "stopped after a 429: Coupang blocks a vendor for minutes after one; "
            "wait before sending the rest.",
            err=True,
        )
    if interrupted:
        click.echo("interrupted: results are accurate up to here.", err=True)
        return EXIT_INTERRUPTED
    return EXIT_OK if result.ok else EXIT_FAILURES


_APPLY_HELP: Final = """Set the {noun} listed in FILE (CSV with a header: vendor_item_id,{column}).

Every row is checked first; if any is malformed, the bad rows are listed by line number and
nothing is sent (exit 2). Then the rows are sent at --rate requests per second, at most one write
per item at a time, a later row for an item replacing an earlier unsent one, stopping at the first
429. FILE.results.csv gets one row per input row (line, vendor_item_id, {column}, status, error)
as results come in; FILE.retry.csv lists the rows still to send (feed it back as FILE).

Exit codes: 0 all applied, 1 some not applied (see the retry file), 2 bad usage or malformed
file, 130 interrupted (results written and accurate).
"""


def register(group: click.Group) -> None:
    """Add `prices apply` and `stock apply` to the group."""
    for kind in (_PRICES, _STOCK):
        group.add_command(_make_group(kind))


def _make_group(kind: _Kind) -> click.Group:
    noun = "sale prices" if kind is _PRICES else "stock levels"

    @click.group(name=kind.group, help=f"Bulk changes of {noun}.")
    def commands() -> None:
        pass

    @commands.command(name="apply", help=_APPLY_HELP.format(noun=noun, column=kind.column))
    @click.argument(
        "file", required=False, type=click.Path(dir_okay=False, path_type=Path, exists=True)
    )
    @click.option("--dry-run", is_flag=True, help="Check the file only; send nothing.")
    @click.option("--demo", is_flag=True, help="Use an embedded fake gateway (no keys needed).")
    @click.option("--verify", is_flag=True, help="Read every changed item back and compare.")
    @click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Result CSV (default: FILE.results.csv).",
    )
    @click.option(
        "--retry-out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="CSV of the rows still to send (default: FILE.retry.csv).",
    )
    @click.option(
        "--rate",
        type=click.FloatRange(min=0, min_open=True),
        default=5.0,
        show_default=True,
        help="Requests per second (Coupang blocks a vendor above about 10).",
    )
    @click.option("-v", "--verbose", count=True, help="Show retries (-v) and every request (-vv).")
    @click.pass_context
    def apply(context: click.Context, /, *, force: bool = False, **options: Any) -> None:
        context.exit(_run_command(kind, force=force, **options))

    if kind is _PRICES:
        click.option(
            "--force",
            is_flag=True,
            help="Allow changes beyond -50 %..+100 % of the current price.",
        )(apply)
    return commands
