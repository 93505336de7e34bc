"""The per-request fast path: no work or waiting that is not needed (see benchmarks/README.md).

These tests pin behaviour the benchmarks found to matter; they measure no time.
"""

from __future__ import annotations

import functools

import anyio
import httpx
import pytest

from tests.helpers import make_client

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/1/inventories"

pytestmark = pytest.mark.both_backends


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"code": "SUCCESS", "data": {"amountInStock": 1}})


async def test_uncontended_send_does_not_yield_to_the_loop() -> None:
    """A request that finds a free slot goes straight on: the concurrency bound adds no yield.

    (CapacityLimiter.acquire always yields once; at c=8 against a loopback server those extra
    scheduling rounds cost ~40 % more CPU per request than bare httpx.)
    """
    ran = False

    async def sibling() -> None:
        nonlocal ran
        ran = True

    async with make_client(transport=httpx.MockTransport(_ok)) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(sibling)
            # MockTransport never yields; if send() did, the sibling would run first.
            for _ in range(3):
                await client.get(PATH)
                assert not ran
        assert ran


async def test_waiters_are_served_in_arrival_order() -> None:
    """With every slot taken, waiting requests start in the order they arrived."""
    started: list[int] = []
    gate = anyio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        started.append(int(request.url.params["n"]))
        if len(started) == 1:
            await gate.wait()
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), max_concurrency=1)
    async with client, anyio.create_task_group() as group:
        for n in range(5):
            group.start_soon(functools.partial(client.get, PATH, params={"n": n}))
            await anyio.sleep(0.001)
        gate.set()
    assert started == [0, 1, 2, 3, 4]


async def test_cancelled_waiter_leaves_the_bound_intact() -> None:
    """A request cancelled while waiting for a slot takes no slot and frees none."""
    in_flight = 0
    peak = 0
    gate = anyio.Event()
    both_in = anyio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if in_flight == 2:
            both_in.set()
        await gate.wait()
        in_flight -= 1
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), max_concurrency=2)
    async with client, anyio.create_task_group() as group:
        group.start_soon(client.get, PATH)
        group.start_soon(client.get, PATH)
        await both_in.wait()
        with anyio.move_on_after(0.01) as scope:
            await client.get(PATH)  # no slot free: waits, then is cancelled
        assert scope.cancelled_caught
        for _ in range(6):
            group.start_soon(client.get, PATH)
        await anyio.sleep(0.01)
        gate.set()
    assert peak == 2


async def test_common_requests_skip_httpx_send_yet_keep_what_it_does(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The client sends a plain request itself (`_send_directly`), and the response is what
    httpx's `send()` would give: signed, cookies kept, `elapsed` set, the `httpx` log line."""

    async def not_called(*args: object, **kwargs: object) -> httpx.Response:
        raise AssertionError("went through httpx.AsyncClient.send")

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"].startswith("CEA algorithm=HmacSHA256")
        return httpx.Response(
            200,
            headers={"Set-Cookie": "AWSALB=abc; Path=/"},
            json={"code": "SUCCESS", "data": {"amountInStock": 1}},
        )

    monkeypatch.setattr(httpx.AsyncClient, "send", not_called)
    caplog.set_level("INFO", logger="httpx")
    async with make_client(transport=httpx.MockTransport(answer)) as client:
        response = await client.get(PATH)
        assert response.json()["data"]["amountInStock"] == 1
        assert response.elapsed.total_seconds() >= 0
        assert client.cookies["AWSALB"] == "abc"
    assert any("HTTP Request: GET" in record.getMessage() for record in caplog.records)


async def test_event_hooks_take_httpx_path_and_run() -> None:
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(request.method)

    async with make_client(
        transport=httpx.MockTransport(_ok), event_hooks={"request": [on_request]}
    ) as client:
        await client.get(PATH)
    assert seen == ["GET"]
