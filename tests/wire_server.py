"""A tiny loopback HTTP/1.1 server for tests that must see the bytes on the wire.

MockTransport and respx stop above the network transport, so they cannot tell whether a
transport sends exactly the request target httpx signed, or how it reports a connection that
drops after the request went out. This server can: it records each request line as received and
answers by path:

- ``.../drop``: reads the whole request, then closes the connection without answering;
- ``.../status/<code>``: answers ``<code>`` with a gateway-style JSON error body;
- anything else: ``200 {"code": "SUCCESS", "message": "", "data": null}``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
import anyio.abc
from anyio.streams.buffered import BufferedByteReceiveStream


@dataclass
class Received:
    method: str
    target: bytes
    headers: dict[str, str]


@dataclass
class WireServer:
    base_url: str = ""
    received: list[Received] = field(default_factory=list)

    def count(self, method: str, path_part: str) -> int:
        return sum(
            1 for r in self.received if r.method == method and path_part in r.target.decode()
        )


async def _handle(stream: anyio.abc.SocketStream, server: WireServer) -> None:
    reader = BufferedByteReceiveStream(stream)
    async with stream:
        while True:
            try:
                head = await reader.receive_until(b"\r\n\r\n", 65536)
            except (anyio.EndOfStream, anyio.IncompleteRead, anyio.BrokenResourceError):
                return
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = request_line.split(" ", 2)
            headers = {}
            for line in header_lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if length:
                await reader.receive_exactly(length)
            server.received.append(Received(method, target.encode("latin-1"), headers))
            path = target.partition("?")[0]
            if path.endswith("/drop"):
                return  # the request arrived; the answer never comes
            status = 200
            body = b'{"code":"SUCCESS","message":"","data":null}'
            if "/status/" in path:
                status = int(path.rsplit("/", 1)[1])
                body = b'{"code":"ERROR","message":"injected","transactionId":"t-1"}'
            await stream.send(
                b"HTTP/1.1 %d X\r\nContent-Type: application/json;charset=UTF-8\r\n"
                b"Content-Length: %d\r\n\r\n" % (status, len(body)) + body
            )


@asynccontextmanager
async def wire_server() -> AsyncIterator[WireServer]:
    """Serve on 127.0.0.1 (a free port) for the duration of the block."""
    server = WireServer()
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)  # noqa: S610 - not Django
    server.base_url = f"http://127.0.0.1:{port}"

    async def handle(stream: anyio.abc.SocketStream) -> None:
        await _handle(stream, server)

    async with listener, anyio.create_task_group() as group:
        group.start_soon(listener.serve, handle)
        try:
            yield server
        finally:
            group.cancel_scope.cancel()
