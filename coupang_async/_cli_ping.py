"""`coupang-async ping`: one signed call, to check keys, IP registration and clock."""

from __future__ import annotations

import hashlib
import hmac
import json

import click
import httpx

from coupang_async._cli_common import client_from_env, run_async
from coupang_async._client import CoupangClient

__all__ = ["register"]

_DEMO_KEYS = ("demo-access-key", "demo-secret-key", "A00012345")


_INFLOW_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/inflow-status"


def _demo_gateway(request: httpx.Request) -> httpx.Response:
    """A one-route stand-in gateway that checks the signature the way Coupang does."""
    authorization = request.headers.get("Authorization", "")
    fields = dict(
        part.split("=", 1) for part in authorization.removeprefix("CEA ").split(", ") if "=" in part
    )
    path, _, query = request.url.raw_path.decode("ascii").partition("?")
    message = fields.get("signed-date", "") + request.method + path + query
    expected = hmac.new(_DEMO_KEYS[1].encode(), message.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields.get("signature", "")):
        return httpx.Response(401, json={"code": "ERROR", "message": "Invalid signature."})
    data = {"vendorId": _DEMO_KEYS[2], "restricted": False, "registeredCount": 321}
    return httpx.Response(200, json={"code": "SUCCESS", "message": "", "data": data})


def register(group: click.Group) -> None:
    """Add the `ping` command to the group."""

    @group.command()
    @click.option("--demo", is_flag=True, help="Use an in-process stand-in gateway (no keys).")
    def ping(demo: bool) -> None:
        """Send one signed request (product registration quota) and print the answer."""
        if demo:
            client = CoupangClient(
                access_key=_DEMO_KEYS[0],
                secret_key=_DEMO_KEYS[1],
                vendor_id=_DEMO_KEYS[2],
                transport=httpx.MockTransport(_demo_gateway),
            )
        else:
            client = client_from_env()

        async def call() -> object:
            async with client:
                envelope = await client._request_envelope("GET", _INFLOW_PATH)
            return envelope.data

        click.echo(json.dumps(run_async(call), ensure_ascii=False, indent=2))
