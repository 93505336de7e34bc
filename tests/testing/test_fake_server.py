"""Loopback server mode (``fake.serve()``) and the ``fake-server`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import click
import httpx
import pytest
from click.testing import CliRunner

from coupang_async.cli import _fake as _cli_fake
from coupang_async.testing import FakeCoupang, Fault
from tests.testing.signer import SP, Api, Clock

INFLOW = f"{SP}/seller-products/inflow-status"


@asynccontextmanager
async def _served(fake: FakeCoupang, clock: Clock, **kwargs: float) -> AsyncIterator[Api]:
    async with fake.serve() as base_url:
        api = Api(fake, clock, base_url=base_url, **kwargs)
        try:
            yield api
        finally:
            await api.aclose()


@pytest.fixture
def live(clock: Clock) -> FakeCoupang:
    """A fake for server tests (its clock is the test clock, so signatures stay fresh)."""
    return FakeCoupang(products=12, seed=1, requests_per_second=None, clock=clock)


async def test_serve_answers_signed_requests_and_stops(live: FakeCoupang, clock: Clock) -> None:
    """A real loopback server answers a signed request, then refuses connections after exit."""
    async with live.serve() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        api = Api(live, clock, base_url=base_url)
        response = await api.get(INFLOW)
        await api.aclose()
    assert response.status_code == 200
    assert response.json()["data"]["vendorId"] == live.vendor_id
    assert live.requests.last is not None
    assert live.requests.last.headers["host"].startswith("127.0.0.1:")
    async with httpx.AsyncClient(timeout=2) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(base_url + INFLOW)


async def test_server_mode_really_drops_connections(live: FakeCoupang, clock: Clock) -> None:
    """Drop faults close the socket: before keeps the state, after changes it."""
    vid = live.vendor_item_ids(writable=True)[0]
    before = live.vendor_item(vid)
    assert before is not None
    live.faults.add(Fault.drop_before(), times=1)
    live.faults.add(Fault.drop_after(), times=1)
    async with _served(live, clock) as api:
        with pytest.raises(httpx.RemoteProtocolError):
            await api.put(f"{SP}/vendor-items/{vid}/quantities/1")
        unchanged = live.vendor_item(vid)
        with pytest.raises(httpx.RemoteProtocolError):
            await api.put(f"{SP}/vendor-items/{vid}/quantities/2")
        after = live.vendor_item(vid)
        ok = await api.get(INFLOW)
    assert unchanged == before
    assert after is not None
    assert after.quantity == 2
    assert ok.status_code == 200


async def test_server_mode_timeout_is_a_real_delay(live: FakeCoupang, clock: Clock) -> None:
    """A timeout fault in server mode holds the reply, so the client's read timeout fires."""
    vid = live.vendor_item_ids(writable=True)[0]
    live.faults.add(Fault.timeout(seconds=2.0), times=1)
    # Only the read may time out: a busy machine can be slow to connect, which is not the point.
    async with _served(live, clock, read_timeout=0.3) as api:
        with pytest.raises(httpx.ReadTimeout):
            await api.put(f"{SP}/vendor-items/{vid}/quantities/3")
    snapshot = live.vendor_item(vid)
    assert snapshot is not None
    assert snapshot.quantity == 3


async def test_server_mode_html_and_errors(live: FakeCoupang, clock: Clock) -> None:
    """Response faults travel over the wire unchanged (HTML 403, truncated JSON)."""
    live.faults.add(Fault.access_denied(), times=1)
    live.faults.add(Fault.truncated_json(), times=1)
    async with _served(live, clock) as api:
        denied = await api.get(INFLOW)
        cut = await api.get(INFLOW)
    assert denied.status_code == 403
    assert "Access Denied" in denied.text
    assert cut.status_code == 200
    assert len(cut.content) == int(cut.headers["content-length"])


async def test_max_seconds_stops_the_server_by_itself(live: FakeCoupang) -> None:
    """With ``max_seconds`` the server shuts down even while the block is still open."""
    async with live.serve(max_seconds=0.1) as base_url, httpx.AsyncClient(timeout=1) as http:
        stopped = False
        for _ in range(100):  # bounded: up to ~5 s
            try:
                # A fresh connection each time: a kept-alive one would fail differently.
                await http.get(base_url + INFLOW, headers={"Connection": "close"})
            except httpx.TransportError:  # refused, or closed under us while shutting down
                stopped = True
                break
            await anyio.sleep(0.05)
    assert stopped


@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_serve_needs_asyncio(live: FakeCoupang) -> None:
    """uvicorn runs on asyncio only; under trio ``serve`` says so."""
    with pytest.raises(RuntimeError, match="asyncio"):
        async with live.serve():
            pass


def test_cli_prints_the_connection_settings() -> None:
    """``fake-server`` prints base URL, keys and vendor id as NAME=value lines, then stops."""
    group = click.Group()
    _cli_fake.register(group)
    result = CliRunner().invoke(
        group, ["fake-server", "--products", "3", "--max-seconds", "0", "--rate", "0"]
    )
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert lines["COUPANG_BASE_URL"].startswith("http://127.0.0.1:")
    assert lines["COUPANG_ACCESS_KEY"] == "fake-access-key"
    assert lines["COUPANG_SECRET_KEY"] == "fake-secret-key"
    assert lines["COUPANG_VENDOR_ID"] == "A00012345"


def test_cli_rejects_negative_values() -> None:
    """Negative counts are usage errors."""
    group = click.Group()
    _cli_fake.register(group)
    result = CliRunner().invoke(group, ["fake-server", "--products", "-1"])
    assert result.exit_code == 2


_CHILD = """
import click
from coupang_async.cli import _fake as _cli_fake
group = click.Group()
_cli_fake.register(group)
group(["fake-server", "--products", "5", "--max-seconds", "30"])
"""


def test_cli_server_serves_another_process() -> None:
    """Another process reads the printed settings and gets a signed answer from the server."""
    from coupang_async import CoupangClient

    # The child stops by itself after --max-seconds, so every blocking read below ends.
    process = subprocess.Popen(  # noqa: S603 - fixed argv: this interpreter and a literal script
        [sys.executable, "-c", _CHILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        settings: dict[str, str] = {}
        while len(settings) < 4:
            line = process.stdout.readline()
            assert line, "fake-server exited early"
            name, _, value = line.strip().partition("=")
            settings[name] = value

        async def ask() -> object:
            async with CoupangClient.from_env(settings, requests_per_second=None) as client:
                return (await client.get(INFLOW)).json()["data"]["vendorId"]

        assert anyio.run(ask) == "A00012345"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


async def test_accepted_connections_get_tcp_nodelay() -> None:
    """The server socket is made so that asyncio sets TCP_NODELAY on every accepted connection."""
    import asyncio
    import socket

    from coupang_async.testing import _server

    sock = _server._bind("127.0.0.1", 0)
    flags: list[int] = []
    seen = asyncio.Event()

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = writer.get_extra_info("socket")
        flags.append(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        seen.set()
        writer.close()

    server = await asyncio.start_server(accepted, sock=sock)
    async with server:
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        await asyncio.wait_for(seen.wait(), timeout=10)
        writer.close()
    assert flags == [1]
