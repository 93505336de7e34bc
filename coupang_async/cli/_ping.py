"""`coupang-async ping`: one signed call, to check keys, IP registration and clock."""

from __future__ import annotations

import json

import click

from coupang_async._envelope import clock_offset
from coupang_async._errors import AuthenticationError, CoupangError, PermissionDeniedError
from coupang_async.cli._common import client_from_env, run_async

__all__ = ["diagnose", "register"]

_INFLOW_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/inflow-status"


def diagnose(error: CoupangError) -> str | None:
    """What a failed ping says about the setup, as far as the gateway's answer allows."""
    if isinstance(error, PermissionDeniedError):
        return (
            "the keys may be fine, but the gateway refuses this machine: its IP address is not"
            " registered for the key in WING, or the caller is blocked for a while"
        )
    if not isinstance(error, AuthenticationError):
        return None
    text = error.message.strip()
    if text.startswith("Specified signature is expired"):
        return "the keys may be fine, but this machine's clock is off"
    if text == "Invalid signature.":
        return "the access key is known, but the secret key does not match it"
    if text.startswith("Unknown error occurred"):
        return "the access key is unknown to the gateway"
    return "the gateway refused the request's credentials"


def register(group: click.Group) -> None:
    """Add the `ping` command to the group."""

    @group.command()
    @click.option("--demo", is_flag=True, help="Use an embedded fake gateway (no keys needed).")
    def ping(demo: bool) -> None:
        """Send one signed request (product registration quota) and print the answer.

        A refusal says which part of the setup to check: the access key, the secret key, this
        machine's clock (with the offset measured from the gateway's answer) or its IP address.
        """
        if demo:
            from coupang_async.testing import FakeCoupang  # only the demo needs the fake

            client = FakeCoupang(products=20).client()
        else:
            client = client_from_env()
        offsets: list[float] = []

        async def call() -> object:
            async with client:
                try:
                    envelope = await client._request_envelope("GET", _INFLOW_PATH)
                except CoupangError as exc:
                    cause = diagnose(exc)
                    if cause is None:
                        raise
                    raise click.ClickException(f"ping failed: {cause}.\n{exc}") from exc
            if envelope.response is not None:
                offset = clock_offset(envelope.response, client._auth_flow.signing_time())
                if offset is not None:
                    offsets.append(offset)
            return envelope.data

        click.echo(json.dumps(run_async(call), ensure_ascii=False, indent=2))
        where = f"; clock offset to the gateway {offsets[0]:+.0f} s" if offsets else ""
        click.echo(f"ok: keys accepted, IP address allowed{where}", err=True)
