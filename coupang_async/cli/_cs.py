"""`coupang-async revenue export` and `coupang-async inquiries export`: resumable file exports.

    coupang-async revenue export --out revenue.csv --from 2025-06-01 --to 2025-06-30
    coupang-async inquiries export -o inquiries.jsonl --from 2025-06-01 --to 2025-06-30 --unanswered
    coupang-async inquiries export --out calls.csv --from 2025-06-24 --to 2025-06-30 --call-center

Pages are appended to ``FILE.part`` as they arrive, ``FILE.checkpoint`` records after every page
where to go on, and only a finished export is renamed to FILE: after Ctrl-C or an error, running
the same command again resumes (``--restart`` starts over). Windows of any length are split into
the chunks Coupang accepts (31 days of revenue, 7 days of inquiries). Dates are Korean calendar
days; revenue is served up to yesterday (KST).

Exit codes: 0 done; 1 the API or the file system failed (resumable); 2 bad usage, missing
credentials, or a checkpoint of an export with other options; 130 interrupted (resumable).

Credentials come from COUPANG_ACCESS_KEY, COUPANG_SECRET_KEY, COUPANG_VENDOR_ID (and optionally
COUPANG_BASE_URL). ``--demo`` runs against an embedded FakeCoupang instead (no keys, nothing
leaves the machine).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import anyio
import click

from coupang_async._converter import KST
from coupang_async._cs_export import export_inquiries, export_revenue
from coupang_async._errors import CoupangError, InvalidInputError
from coupang_async._export_engine import (
    ExportError,
    ExportProgress,
    ExportResult,
    checkpoint_path,
    partial_path,
)
from coupang_async.cli._common import client_from_env

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.testing import FakeCoupang

__all__ = ["DEMO_PRODUCTS", "register"]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
#: The embedded demo gateway: FakeCoupang(products=DEMO_PRODUCTS), its data ending yesterday.
DEMO_PRODUCTS: Final = 200
DEMO_BASE_URL: Final = "https://demo.fake-coupang.invalid"

_DATE: Final = click.DateTime(formats=["%Y-%m-%d"])


def register(group: click.Group) -> None:
    """Add the `revenue` and `inquiries` command groups."""
    group.add_command(revenue)
    group.add_command(inquiries)


def _demo_fake() -> FakeCoupang:
    from coupang_async.testing import FakeCoupang  # only the demo needs the fake

    yesterday = dt.datetime.now(KST).date() - dt.timedelta(days=1)
    return FakeCoupang(products=DEMO_PRODUCTS, requests_per_second=None, today=yesterday)


def _client(demo: bool, rate: float | None, what: str) -> CoupangClient:
    if demo:
        fake = _demo_fake()
        today = fake.today
        click.echo(
            f"demo: exporting {what} from an embedded fake gateway ({DEMO_PRODUCTS} generated"
            f" products; orders and inquiries up to {today}, revenue recognised up to"
            f" {today - dt.timedelta(days=1)} over the four months before; nothing leaves this"
            " machine)",
            err=True,
        )
        return fake.client(requests_per_second=rate, base_url=DEMO_BASE_URL)
    return client_from_env(**({} if rate is None else {"requests_per_second": rate}))


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count:,} {word}"
    return f"{count:,} {word[:-1]}ies" if word.endswith("y") else f"{count:,} {word}s"


def _run(
    context: click.Context,
    out: Path,
    noun: str,
    export: Callable[[Callable[[ExportProgress], object]], Awaitable[ExportResult]],
) -> None:
    """Run an export with a progress line on stderr; report and exit like `export`."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.completed:,.0f} " + _plural(2, noun).split(" ", 1)[1]),
        TextColumn("{task.fields[stats]}"),
        console=console,
    )
    task = progress.add_task("export", total=None, stats="starting")
    last: list[ExportProgress] = []

    def on_page(snapshot: ExportProgress) -> None:
        if not last and snapshot.resumed_products:
            console.print(f"resuming: {_plural(snapshot.resumed_products, noun)} already exported")
        last[:] = [snapshot]
        progress.update(task, completed=snapshot.products, stats=_plural(snapshot.pages, "page"))

    code = EXIT_OK
    result: ExportResult | None = None
    try:
        with progress:
            result = anyio.run(export, on_page)
    except KeyboardInterrupt:
        click.echo(f"interrupted: {_saved(out)}", err=True)
        code = EXIT_INTERRUPTED
    except InvalidInputError as exc:
        raise click.UsageError(str(exc)) from exc
    except ExportError as exc:
        click.echo(f"error: {exc}", err=True)
        code = EXIT_USAGE
    except CoupangError as exc:
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        click.echo(_saved(out), err=True)
        code = EXIT_FAILED
    except OSError as exc:
        click.echo(f"error: cannot write {out}: {exc}", err=True)
        click.echo(_saved(out), err=True)
        code = EXIT_FAILED
    if code != EXIT_OK or result is None:
        context.exit(code)
    rows = "" if result.format == "jsonl" else f", {_plural(result.rows, 'row')}"
    click.echo(
        f"exported {_plural(result.products, noun)} ({_plural(result.pages, 'page')}{rows})"
        f" to {result.path}"
    )
    if result.resumed:
        click.echo("(resumed an interrupted export)")


def _saved(out: Path) -> str:
    if not checkpoint_path(out).exists():
        return "nothing was exported yet; run the command again to start over."
    return (
        f"what was exported so far is saved in {partial_path(out)} ({checkpoint_path(out).name}"
        " records where it stopped). Run the same command again to resume, or add --restart."
    )


def _common(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--out",
            "-o",
            required=True,
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            help="The file to write (FILE.part and FILE.checkpoint sit beside it until done).",
        ),
        click.option(
            "--from", "date_from", required=True, type=_DATE, metavar="YYYY-MM-DD",
            help="First day (KST), inclusive.",
        ),
        click.option(
            "--to", "date_to", required=True, type=_DATE, metavar="YYYY-MM-DD",
            help="Last day (KST), inclusive.",
        ),
        click.option(
            "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
            help="jsonl: one item per line as Coupang sent it; csv: for spreadsheets (UTF-8 with"
            " BOM). Default: csv for a .csv file name, else jsonl.",
        ),
        click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many pages."),
        click.option(
            "--rate", type=click.FloatRange(min=0, min_open=True), default=None,
            help="Requests per second (default: the client's 5).",
        ),
        click.option("--restart", is_flag=True, help="Discard an interrupted export; start over."),
        click.option("--demo", is_flag=True, help="Use an embedded fake gateway (no keys needed)."),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


@click.group()
def revenue() -> None:
    """Revenue history (매출내역)."""


@revenue.command("export")
@_common
@click.pass_context
def revenue_export(
    context: click.Context,
    /,
    *,
    out: Path,
    date_from: dt.datetime,
    date_to: dt.datetime,
    fmt: str | None,
    max_pages: int | None,
    rate: float | None,
    restart: bool,
    demo: bool,
) -> None:
    """Export the revenue recognised from --from to --to (KST days) to JSONL or CSV.

    CSV has one row per option of an order. The end must be before today (KST). Run the same
    command again after Ctrl-C or an error to resume.
    """
    client = _client(demo, rate, "revenue")

    async def run(on_page: Callable[[ExportProgress], object]) -> ExportResult:
        async with client:
            return await export_revenue(
                client,
                out,
                recognized_from=date_from.date(),
                recognized_to=date_to.date(),
                format=fmt,  # type: ignore[arg-type]  # click.Choice: "jsonl" | "csv"
                max_pages=max_pages,
                resume=not restart,
                on_page=on_page,
            )

    _run(context, out, "revenue row", run)


@click.group()
def inquiries() -> None:
    """Customer inquiries (상품문의, 고객센터 문의)."""


@inquiries.command("export")
@_common
@click.option(
    "--call-center", is_flag=True, help="Call-center inquiries instead of product inquiries."
)
@click.option(
    "--answered/--unanswered",
    default=None,
    help="Product inquiries: only answered / only unanswered ones (default: all).",
)
@click.option(
    "--status",
    type=click.Choice(["NO_ANSWER", "ANSWER", "TRANSFER"], case_sensitive=False),
    help="Call-center inquiries: only this status (default: all).",
)
@click.pass_context
def inquiries_export(
    context: click.Context,
    /,
    *,
    out: Path,
    date_from: dt.datetime,
    date_to: dt.datetime,
    fmt: str | None,
    max_pages: int | None,
    rate: float | None,
    restart: bool,
    demo: bool,
    call_center: bool,
    answered: bool | None,
    status: str | None,
) -> None:
    """Export the inquiries of --from to --to (KST days) to JSONL or CSV.

    Product inquiries by default (--answered / --unanswered to filter), or --call-center ones
    (--status to filter). Run the same command again after Ctrl-C or an error to resume.
    """
    if call_center and answered is not None:
        raise click.UsageError("--answered/--unanswered apply to product inquiries; use --status")
    if status and not call_center:
        raise click.UsageError("--status applies to --call-center inquiries")
    client = _client(demo, rate, "inquiries")

    async def run(on_page: Callable[[ExportProgress], object]) -> ExportResult:
        async with client:
            return await export_inquiries(
                client,
                out,
                inquired_from=date_from.date(),
                inquired_to=date_to.date(),
                kind="call-center" if call_center else "product",
                answered=answered,
                status=status.upper() if status else None,
                format=fmt,  # type: ignore[arg-type]  # click.Choice: "jsonl" | "csv"
                max_pages=max_pages,
                resume=not restart,
                on_page=on_page,
            )

    _run(context, out, "inquiry", run)
