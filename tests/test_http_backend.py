"""`http_backend=` and `share_pool_with=`: which transport a client runs on, and pools shared
between clients that keep their own rate budgets."""

from __future__ import annotations

import ssl
from typing import Any

import anyio
import httpx
import pytest

from coupang_async import ConfigError, CoupangClient
from coupang_async import _backend as backend
from coupang_async._aiohttp_transport import AiohttpTransport

from .helpers import make_client, verify_on_server
from .leaks import pool_of
from .wire_server import wire_server

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"

pytestmark = pytest.mark.both_backends


@pytest.fixture
def auto_prefers_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "AUTO_PREFERS_AIOHTTP", True)


@pytest.mark.parametrize("value", ["aiohttp", "", "HTTPX", None, 1])
def test_unknown_backend_is_a_config_error(value: Any) -> None:
    with pytest.raises(ConfigError) as info:
        make_client(http_backend=value)
    assert "http_backend" in str(info.value)


@pytest.mark.usefixtures("auto_prefers_aiohttp")
def test_auto_picks_aiohttp_when_installed() -> None:
    client = make_client(base_url="http://127.0.0.1:9")
    assert client.http_backend == "aiohttp"
    assert isinstance(client._transport, AiohttpTransport)


@pytest.mark.usefixtures("auto_prefers_aiohttp")
@pytest.mark.parametrize(
    "kwargs",
    [{"http_backend": "httpx"}, {"http2": False}, {"proxy": None}, {"mounts": {}}],
)
def test_httpx_forced_or_needed(kwargs: dict[str, Any]) -> None:
    """ "httpx" forces httpx's transport, and so do options only httpx's transport honours."""
    client = make_client(base_url="http://127.0.0.1:9", **kwargs)
    assert client.http_backend == "httpx"
    assert isinstance(client._transport, httpx.AsyncHTTPTransport)


@pytest.mark.usefixtures("auto_prefers_aiohttp")
def test_explicit_transport_wins() -> None:
    own = httpx.MockTransport(lambda request: httpx.Response(200))
    client = make_client(transport=own)
    assert client.http_backend == "transport"
    assert client._transport is own


def test_auto_without_the_extra_is_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "AUTO_PREFERS_AIOHTTP", True)
    monkeypatch.setattr(backend, "speed_extra_installed", lambda: False)
    assert make_client(base_url="http://127.0.0.1:9").http_backend == "httpx"


@pytest.mark.usefixtures("auto_prefers_aiohttp")
async def test_aiohttp_backend_on_either_loop() -> None:
    """On asyncio the request goes through aiohttp; on trio through httpx's own transport.
    Either way the server verifies the signature from the bytes it received."""
    async with wire_server() as server, make_client(base_url=server.base_url) as client:
        assert client.http_backend == "aiohttp"
        response = await client.get(PATH, params={"createdAt": "2025-07-15+09:00", "q": "~ a"})
        assert response.status_code == 200
    (received,) = server.received
    assert verify_on_server(received.target, "GET", received.headers["authorization"])


@pytest.mark.parametrize("http_backend", ["auto", "httpx"])
async def test_shared_pool_separate_budgets(
    http_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients sharing one connection pool keep their own rate budgets; the pool stays open
    until the last of them closes."""
    monkeypatch.setattr(backend, "AUTO_PREFERS_AIOHTTP", True)
    async with wire_server() as server:
        owner = make_client(base_url=server.base_url, http_backend=http_backend)
        others = [
            make_client(base_url=server.base_url, vendor_id=f"A0000000{i}", share_pool_with=owner)
            for i in range(3)
        ]
        assert all(other.http_backend == "shared" for other in others)
        assert all(other._transport is owner._transport for other in others)
        assert len({id(client._pacer) for client in (owner, *others)}) == 4
        async with owner:
            for other in others:
                async with other:
                    await other.get(f"{PATH}/{other.vendor_id}")
            # Three clients closed; the owner's pool still serves.
            response = await owner.get(f"{PATH}/owner")
            assert response.status_code == 200
        assert pool_of(owner).connections == []
    vendors = sorted(r.headers["x-requested-by"] for r in server.received)
    assert vendors == ["A00000000", "A00000001", "A00000002", "A00012345"]
    assert all(
        verify_on_server(r.target, "GET", r.headers["authorization"]) for r in server.received
    )


async def test_shared_pool_concurrent_clients() -> None:
    """Many clients on one pool, concurrently: every request arrives and verifies."""
    async with wire_server() as server:
        owner = make_client(base_url=server.base_url)
        clients = [owner] + [
            make_client(base_url=server.base_url, share_pool_with=owner) for _ in range(9)
        ]
        async with anyio.create_task_group() as group:
            for client in clients:
                for i in range(3):
                    group.start_soon(client.get, f"{PATH}/{i}")
        for client in clients:
            await client.aclose()
        assert all(client.is_closed for client in clients)
    assert len(server.received) == 30


@pytest.mark.parametrize(
    ("make_owner", "reason"),
    [
        (lambda: object(), "must be a CoupangClient"),
        (lambda: make_client(base_url="http://other.example"), "another base_url"),
    ],
)
def test_share_pool_with_checks(make_owner: Any, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_client(share_pool_with=make_owner())
    assert info.value.field == "share_pool_with"
    assert reason in str(info.value)


def test_share_pool_with_refuses_a_transport_too() -> None:
    owner = make_client()
    with pytest.raises(ConfigError, match="transport"):
        make_client(
            share_pool_with=owner, transport=httpx.MockTransport(lambda r: httpx.Response(200))
        )


async def test_share_pool_with_a_closed_client() -> None:
    owner = make_client()
    await owner.aclose()
    with pytest.raises(ConfigError, match="closed"):
        make_client(share_pool_with=owner)


def test_is_a_coupang_client() -> None:
    owner = make_client()
    assert isinstance(make_client(share_pool_with=owner), CoupangClient)


@pytest.mark.usefixtures("auto_prefers_aiohttp")
async def test_aiohttp_limits_follow_max_concurrency() -> None:
    """On the aiohttp transport too, the pool holds as many connections as may be in flight."""
    async with (
        wire_server() as server,
        make_client(base_url=server.base_url, max_concurrency=24) as client,
    ):
        await client.get(PATH)
        transport = client._transport
        assert isinstance(transport, AiohttpTransport)
        if transport._connector is not None:  # trio runs use httpx's transport instead
            assert transport._connector.limit == 24


@pytest.mark.usefixtures("auto_prefers_aiohttp")
def test_aiohttp_clients_share_one_ssl_context() -> None:
    """The aiohttp transport gets the same shared SSL context (http and https, per trust_env);
    a caller's own verify= is used as given."""
    own = ssl.create_default_context()
    https, plain = make_client(), make_client(base_url="http://127.0.0.1:8080")
    no_env = [make_client(trust_env=False) for _ in range(2)]
    mine = make_client(verify=own)
    contexts = [c._transport._verify for c in (https, plain, *no_env, mine)]  # type: ignore[attr-defined]
    assert isinstance(contexts[0], ssl.SSLContext)
    assert contexts[0] is contexts[1]
    assert contexts[2] is contexts[3] is not contexts[0]
    assert contexts[4] is own


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/a/b?x=1&y=%20&t=%2B09%3A00",
        "https://api-gateway.coupang.com/v2/x",
        "http://[::1]:9000/a%20b?",
        "http://localhost:80/",
        "https://gateway.example:443",
        "http://gateway.example:81/p%7E?q=~",
    ],
)
def test_the_aiohttp_target_is_httpx_url_text(url: str) -> None:
    """The text aiohttp is handed (with `encoded=True`) is httpx's URL exactly: the signed
    path and query bytes, nothing re-quoted or normalised."""
    from coupang_async._aiohttp_transport import _target_text

    parsed = httpx.URL(url)
    expected = f"{parsed.scheme}://{parsed.netloc.decode()}{parsed.raw_path.decode()}"
    assert _target_text(parsed) == expected
