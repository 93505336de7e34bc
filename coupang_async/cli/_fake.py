"""`coupang-async fake-server`: FakeCoupang as a real loopback HTTP server from the shell.

It prints the connection settings as ``NAME=value`` lines (the variables ``CoupangClient.from_env``
reads), so another process or language can pick them up, then serves until Ctrl-C or
``--max-seconds``::

    $ coupang-async fake-server --port 0 --products 200 [--today 2026-01-15]
    COUPANG_BASE_URL=http://127.0.0.1:53117
    COUPANG_ACCESS_KEY=fake-access-key
    COUPANG_SECRET_KEY=fake-secret-key
    COUPANG_VENDOR_ID=A00012345
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import anyio
import click

if TYPE_CHECKING:
    from coupang_async.testing import FakeCoupang

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add the `fake-server` command to the group."""
    group.add_command(fake_server)


@click.command("fake-server")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=0, show_default=True, help="Port; 0 picks a free one.")
@click.option("--products", default=200, show_default=True, help="Products to generate.")
@click.option("--seed", default=0, show_default=True, help="Seed of the generated data.")
@click.option(
    "--rate",
    default=10.0,
    show_default=True,
    help="Requests per second per vendor before 429; 0 turns the limit off.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date generated data ends on, YYYY-MM-DD (default: today in Korea).",
)
@click.option(
    "--max-seconds",
    type=float,
    default=None,
    help="Stop after this many seconds (default: run until Ctrl-C).",
)
def fake_server(
    host: str,
    port: int,
    products: int,
    seed: int,
    rate: float,
    today: dt.datetime | None,
    max_seconds: float | None,
) -> None:
    """Serve an in-memory fake of Coupang's gateway on a loopback port (no keys needed)."""
    try:
        import uvicorn  # noqa: F401 - what FakeCoupang.serve() runs on
    except ImportError:
        raise click.ClickException(
            "the fake server needs uvicorn: pip install 'coupang-async[fake-server]'"
        ) from None
    from coupang_async.testing import FakeCoupang  # imported late: only this command needs it

    if products < 0 or rate < 0 or (max_seconds is not None and max_seconds < 0):
        raise click.BadParameter("--products, --rate and --max-seconds must not be negative")
    fake = FakeCoupang(
        products=products,
        seed=seed,
        requests_per_second=rate or None,
        today=today.date() if today is not None else None,
    )

    async def run() -> None:
        async with fake.serve(host, port) as base_url:
            for name, value in (
                ("COUPANG_BASE_URL", base_url),
                ("COUPANG_ACCESS_KEY", fake.access_key),
                ("COUPANG_SECRET_KEY", fake.secret_key),
                ("COUPANG_VENDOR_ID", fake.vendor_id),
            ):
                click.echo(f"{name}={value}")
            for line in banner(fake, products):
                click.echo(line, err=True)
            if max_seconds is None:
                await anyio.sleep_forever()
            else:
                await anyio.sleep(max_seconds)

    try:
        anyio.run(run)
    except KeyboardInterrupt:
        click.echo("# stopped", err=True)


def banner(fake: FakeCoupang, products: int) -> list[str]:
    """What the server holds: how many products a plain listing returns and why, and the dates."""
    listable = len(fake.listable_product_ids())
    rocket_only = products - listable
    lines = [f"# serving {products} products: {listable} listable with the default listing"]
    if rocket_only:
        lines.append(
            f"# ({rocket_only} are Rocket Growth only: they are listed with"
            " businessTypes=rocketGrowth, as on Coupang)"
        )
    from coupang_async.testing._catalogue import ORDER_DAYS

    first = fake.today - dt.timedelta(days=ORDER_DAYS - 1)
    lines.append(
        f"# data dated up to {fake.today.isoformat()} (KST): orders, returns and exchanges from"
        f" {first.isoformat()}; --today pins the date. Ctrl-C stops"
    )
    return lines
