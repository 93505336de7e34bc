"""`coupang-async export --out FILE`: the catalogue to JSONL or CSV, resumable, with progress.

What happens (details in `coupang_async.export`):

1. The product listing is walked page by page (100 products a page, 20 with `--details`, which
   fetches every product in full; paced like every client call) and each page is appended to
   `FILE.part` as it arrives; memory stays flat.
2. After every page `FILE.checkpoint` records how far the export got. Ctrl-C (or a crash, or an API
   error after the client's retries) leaves both files; running the same command again resumes
   where the last complete page ended: no product is lost or written twice. `--restart` discards
   them and starts over.
3. Only a finished export is renamed to FILE, so FILE is never half written.

Progress (pages, products, rate, and an ETA when the total is known: for an unfiltered export the
registration quota's product count is the estimate) goes to stderr; the summary to stdout.

Exit codes: 0 done; 1 the API or the file system failed (the checkpoint is kept: run the command
again to resume); 2 bad usage, missing credentials, or a checkpoint of an export with other
options; 130 interrupted (Ctrl-C), checkpoint kept.

Credentials come from COUPANG_ACCESS_KEY, COUPANG_SECRET_KEY, COUPANG_VENDOR_ID (and optionally
COUPANG_BASE_URL), never from flags. `--demo` exports from an embedded FakeCoupang with a
catalogue of 300 generated products instead (no keys, nothing leaves the machine).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import anyio
import click

from coupang_async._errors import CoupangError, InvalidInputError
from coupang_async.cli._common import cli_logging, client_from_env
from coupang_async.export import (
    ExportError,
    ExportProgress,
    ExportResult,
    checkpoint_path,
    export_products,
    partial_path,
)
from coupang_async.models.products import ProductStatus
from coupang_async.products import MAX_PER_PAGE, get_inflow_status, list_products

if TYPE_CHECKING:
    from rich.progress import Progress

    from coupang_async._client import CoupangClient

__all__ = ["DEMO_PRODUCTS", "DEMO_SEED", "register"]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

#: The embedded demo gateway: FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED).
DEMO_PRODUCTS: Final = 300
DEMO_SEED: Final = 0
DEMO_BASE_URL: Final = "https://demo.fake-coupang.invalid"
#: The default page size with --details: each product costs a request of its own.
DETAILS_PER_PAGE: Final = 20


def register(group: click.Group) -> None:
    """Add the `export` command to the group."""
    group.add_command(export)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class _Display:
    """The progress bar and what the messages need to know about the run."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("export", total=None, stats="starting")
        self.last: ExportProgress | None = None
        self.started = time.monotonic()
        self.estimate: int | None = None

    def set_estimate(self, estimate: int | None) -> None:
        self.estimate = estimate
        if estimate:
            self.progress.update(self.task, total=estimate)

    def on_page(self, snapshot: ExportProgress) -> None:
        if self.last is None and snapshot.resumed_products:
            self.progress.console.print(
                f"resuming: {_plural(snapshot.resumed_products, 'product')} already exported"
            )
            self.progress.update(self.task, completed=snapshot.resumed_products)
        self.last = snapshot
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (snapshot.products - snapshot.resumed_products) / elapsed
        total = None
        if self.estimate:
            total = max(self.estimate, snapshot.products)
        self.progress.update(
            self.task,
            completed=snapshot.products,
            total=total,
            stats=f"{_plural(snapshot.pages, 'page')} · {rate:,.0f} products/s",
        )

    def finish(self, result: ExportResult) -> None:
        self.progress.update(
            self.task, completed=result.products, total=result.products, description="done"
        )


async def _estimate(client: CoupangClient, filtered: bool, cap: int | None) -> int | None:
    """The product count to expect, when it can be known without walking: for an unfiltered
    export, the registration quota's count (deleted products excluded, so a lower bound)."""
    if filtered:
        return cap
    try:
        registered = (await get_inflow_status(client)).registered_count
    except CoupangError:
        return cap
    if not isinstance(registered, int):
        return cap
    return registered if cap is None else min(registered, cap)


@click.command()
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write (FILE.part and FILE.checkpoint sit beside it until it is done).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="jsonl: one product per line, as Coupang sent it. csv: one row per option, for "
    "spreadsheets (UTF-8 with BOM). Default: csv for a .csv file name, else jsonl.",
)
@click.option(
    "--status",
    type=click.Choice([status.value for status in ProductStatus], case_sensitive=False),
    help="Only products in this status.",
)
@click.option("--name", help="Only products whose name starts with this (at most 20 characters).")
@click.option("--manufacture", help="Only products of this manufacturer.")
@click.option(
    "--created-at",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only products registered on this day (YYYY-MM-DD, Korean time).",
)
@click.option(
    "--rocket-growth", is_flag=True, help="Rocket Growth and hybrid products only, with their ids."
)
@click.option(
    "--details",
    is_flag=True,
    help="Fetch every product in full (one more request per product): price, stock, SKU and "
    "barcode per option.",
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many pages.")
@click.option(
    "--per-page",
    type=click.IntRange(1, 100),
    default=None,
    help="Products per listing page (default 100; 20 with --details, so that progress and "
    "checkpoints come every 20 products rather than every 100 detail requests).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Requests per second (default: the client's 5; Coupang blocks vendors above 10).",
)
@click.option(
    "--restart", is_flag=True, help="Discard an interrupted export's checkpoint; start over."
)
@click.option("--demo", is_flag=True, help="Export from an embedded fake gateway (no keys needed).")
@click.option("-v", "--verbose", count=True, help="Show retries (-v) and every request (-vv).")
@click.pass_context
def export(
    context: click.Context,
    /,
    *,
    out: Path,
    fmt: str | None,
    status: str | None,
    name: str | None,
    manufacture: str | None,
    created_at: dt.datetime | None,
    rocket_growth: bool,
    details: bool,
    max_pages: int | None,
    per_page: int | None,
    rate: float | None,
    restart: bool,
    demo: bool,
    verbose: int,
) -> None:
    """Export the product catalogue to a JSONL or CSV file, resuming an interrupted export.

    Run the same command again after Ctrl-C or an error to continue where it stopped.
    Credentials come from COUPANG_ACCESS_KEY, COUPANG_SECRET_KEY and COUPANG_VENDOR_ID.

    Exit codes: 0 done, 1 API or file error (resumable), 2 usage, 130 interrupted (resumable).
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

    if demo:
        from coupang_async.testing import FakeCoupang  # only the demo needs the fake

        fake = FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED, requests_per_second=None)
        # Its own host name: a checkpoint of the demo can never be resumed against Coupang.
        client = fake.client(requests_per_second=rate, base_url=DEMO_BASE_URL)
        rocket_only = sum(
            product.registration_type == "RFM" for product in fake.vendor().products.values()
        )
        click.echo(
            f"demo: exporting from an embedded fake gateway ({DEMO_PRODUCTS} generated products,"
            f" {rocket_only} of them Rocket Growth only, which only --rocket-growth lists;"
            " nothing leaves this machine)",
            err=True,
        )
    else:
        client = client_from_env(**({} if rate is None else {"requests_per_second": rate}))

    if per_page is None:
        per_page = DETAILS_PER_PAGE if details else MAX_PER_PAGE
    filters: dict[str, Any] = {
        "status": status.upper() if status else None,
        "seller_product_name": name,
        "manufacture": manufacture,
        "created_at": created_at.date() if created_at else None,
        "business_types": "rocketGrowth" if rocket_growth else None,
    }
    filtered = any(value is not None for value in filters.values())
    try:  # check the filters before anything is sent (the call itself sends nothing)
        list_products(client, **filters, max_per_page=per_page)
    except InvalidInputError as exc:
        raise click.UsageError(str(exc)) from exc
    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} products"),
        TextColumn("{task.fields[stats]}"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    display = _Display(progress)

    async def run() -> ExportResult:
        async with client:
            estimate = await _estimate(client, filtered, max_pages and max_pages * per_page)
            display.set_estimate(estimate)
            result = await export_products(
                client,
                out,
                format=fmt,  # type: ignore[arg-type]  # click.Choice: "jsonl" | "csv"
                details=details,
                max_per_page=per_page,
                max_pages=max_pages,
                resume=not restart,
                on_page=display.on_page,
                **filters,
            )
            display.finish(result)
            return result

    started = time.monotonic()
    code = EXIT_OK
    with cli_logging(console, verbose):
        try:
            with progress:
                result = anyio.run(run)
        except KeyboardInterrupt:
            click.echo(f"interrupted: {_saved(display, out)}", err=True)
            code = EXIT_INTERRUPTED
        except InvalidInputError as exc:
            raise click.UsageError(str(exc)) from exc
        except ExportError as exc:
            click.echo(f"Error: {exc}", err=True)
            code = EXIT_USAGE
        except CoupangError as exc:
            click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
            click.echo(_saved(display, out), err=True)
            code = EXIT_FAILED
        except OSError as exc:
            click.echo(f"Error: cannot write {out}: {exc}", err=True)
            click.echo(_saved(display, out), err=True)
            code = EXIT_FAILED
    if code != EXIT_OK:
        context.exit(code)
    seconds = time.monotonic() - started
    took = f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
    rows = "" if result.format == "jsonl" else f", {_plural(result.rows, 'row')}"
    click.echo(
        f"exported {_plural(result.products, 'product')} ({_plural(result.pages, 'page')}{rows})"
        f" to {result.path} in {took}"
    )
    if result.resumed:
        click.echo("(resumed an interrupted export)")
    if not result.complete:
        click.echo(
            f"stopped after {_plural(result.pages, 'page')} (--max-pages); more products follow"
        )


def _saved(display: _Display, out: Path) -> str:
    """What is kept after an interruption or error, and how to go on."""
    if not checkpoint_path(out).exists():
        return "nothing was exported yet; run the command again to start over."
    done = display.last.products if display.last else None
    kept = f"{_plural(done, 'product')} are" if done is not None else "the products so far are"
    return (
        f"{kept} saved in {partial_path(out)} ({checkpoint_path(out).name} records where it "
        "stopped). Run the same command again to resume, or add --restart to start over."
    )
