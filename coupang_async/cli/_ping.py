"""`coupang-async ping`: one signed call, to check keys, IP registration and clock."""

from __future__ import annotations

import json

import click

from coupang_async import products
from coupang_async._converter import converter
from coupang_async.cli._common import client_from_env, run_async

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add the `ping` command to the group."""

    @group.command()
    @click.option("--demo", is_flag=True, help="Use an embedded fake gateway (no keys needed).")
    def ping(demo: bool) -> None:
        """Send one signed request (product registration quota) and print the answer."""
        if demo:
            from coupang_async.testing import FakeCoupang  # only the demo needs the fake

            client = FakeCoupang(products=20).client()
        else:
            client = client_from_env()

        async def call() -> object:
            async with client:
                status = await products.get_inflow_status(client)
            return converter.unstructure(status)  # lossless: exactly the data received

        click.echo(json.dumps(run_async(call), ensure_ascii=False, indent=2))
