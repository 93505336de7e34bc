"""The click command group behind `coupang-async`; each command lives in its own module."""

from __future__ import annotations

import click

from coupang_async._version import __version__
from coupang_async.cli import _bulk as _cli_bulk
from coupang_async.cli import _cs as _cli_cs
from coupang_async.cli import _export as _cli_export
from coupang_async.cli import _fake as _cli_fake
from coupang_async.cli import _orders as _cli_orders
from coupang_async.cli import _ping as _cli_ping

__all__ = ["cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coupang-async")
def cli() -> None:
    """Coupang seller Open API from the shell.

    Credentials come from the environment (COUPANG_ACCESS_KEY, COUPANG_SECRET_KEY,
    COUPANG_VENDOR_ID, optionally COUPANG_BASE_URL), never from flags that would land in shell
    history. Every command takes --demo to run against an embedded fake gateway instead.
    """


for _module in (_cli_ping, _cli_export, _cli_bulk, _cli_orders, _cli_cs, _cli_fake):
    _module.register(cli)
