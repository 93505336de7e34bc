"""What reaches a real socket: signing fidelity and failure reporting, per network transport.

These run over loopback with whatever transport `make_client` selects (httpx's by default;
`COUPANG_TEST_TRANSPORT=aiohttp` for the httpx-aiohttp transport). A transport qualifies only if
the server can verify every signature from the bytes it received, and if a connection that drops
after the request went out is reported as such, so a POST is never sent twice.
"""

from __future__ import annotations

import anyio
import httpx
import pytest

from coupang_async import APIConnectionError, APIStatusError, ServerError

from .helpers import make_client, verify_on_server
from .test_auth import TRICKY_PARAMS
from .wire_server import wire_server

PRODUCTS_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize("params", TRICKY_PARAMS)
async def test_signature_verifies_on_the_received_bytes(params: object) -> None:
    """The server recomputes the signature from the request target it received, byte for byte."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        await client.get(PRODUCTS_PATH, params=params)  # type: ignore[arg-type]
    (received,) = server.received
    assert verify_on_server(received.target, "GET", received.headers["authorization"])


@pytest.mark.parametrize(
    "raw_query",
    ["q=a+b", "q=a%2Bb", "q=%7E", "q=~", "a=1&a=2", "a=&b=", "createdAtFrom=2025-07-15%2B09:00"],
)
async def test_preencoded_query_reaches_the_wire_verbatim(raw_query: str) -> None:
    """A query already encoded in the URL is sent exactly as given, so its signature holds."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        await client.get(f"{PRODUCTS_PATH}?{raw_query}")
    (received,) = server.received
    assert received.target == f"{PRODUCTS_PATH}?{raw_query}".encode()
    assert verify_on_server(received.target, "GET", received.headers["authorization"])


async def test_post_dropped_after_sending_is_not_resent() -> None:
    """A POST whose connection drops after the server read it is reported as sent, never re-sent."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.post(f"{PRODUCTS_PATH}/drop", json={"sellerProductName": "x"})
    assert server.count("POST", "/drop") == 1
    assert info.value.request_sent is True


async def test_put_dropped_after_sending_is_retried() -> None:
    """An idempotent PUT whose connection drops is retried (3 attempts by default)."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        with pytest.raises(APIConnectionError):
            await client.put(f"{PRODUCTS_PATH}/drop")
    assert server.count("PUT", "/drop") == 3


async def test_refused_connection_is_not_sent_and_retried() -> None:
    """Nothing listening: the request never left, so it is retried even for a POST."""
    async with wire_server() as server:
        base_url = server.base_url  # closed when the block ends: the port refuses
    async with make_client(base_url=base_url) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.post(PRODUCTS_PATH, json={})
    assert info.value.request_sent is False


async def test_status_errors_are_classified_from_the_wire() -> None:
    """A 503 with a gateway JSON body becomes ServerError with the body's fields, after retries."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        with pytest.raises(ServerError) as info:
            await client.get(f"{PRODUCTS_PATH}/status/503")
        response = await client.put(f"{PRODUCTS_PATH}/ok", content=b"{}")
    assert isinstance(info.value, APIStatusError)
    assert info.value.transaction_id == "t-1"
    assert server.count("GET", "/status/503") == 3
    assert response.status_code == 200
    assert response.json() == {"code": "SUCCESS", "message": "", "data": None}


async def test_many_concurrent_requests_share_the_pool() -> None:
    """Concurrent requests over real sockets all arrive and all verify."""
    async with (
        wire_server() as server,
        make_client(base_url=server.base_url) as client,
        anyio.create_task_group() as group,
    ):
        for i in range(40):
            group.start_soon(client.get, f"{PRODUCTS_PATH}/{i}")
    assert len(server.received) == 40
    assert all(
        verify_on_server(r.target, "GET", r.headers["authorization"]) for r in server.received
    )
    assert isinstance(client, httpx.AsyncClient)
