"""A minimal loopback HTTP/1.1 server for ceilings: canned Coupang-shaped JSON, no signature check.

Run by the harness in its own process (so it never competes for the client's CPU):

    python -m benchmarks.raw_server --port 0 --lifetime 900

It prints ``READY <port>`` once listening, answers keep-alive HTTP/1.1 with a hand-written
parser (request line, headers, ``Content-Length`` body; no chunked uploads, which no client here
sends) and exits by itself after ``--lifetime`` seconds or as soon as its stdin closes (the
harness died). Routes, by method and path suffix:

- ``PUT  .../prices/{price}``, ``.../quantities/{n}``, ``.../sales/stop|resume``: the change
  response ``{"code":"SUCCESS","message":...,"data":null}``;
- ``GET  .../inventories``: the inventories response;
- ``GET  .../seller-products`` (listing): a page of ``--page-size`` products (the Rocket Growth
  listing's shape, `benchmarks.pages`) with a ``nextToken`` counting down from ``--pages``
  (``nextToken=<n>`` in the query picks the page; all are made at startup);
- anything else: ``{"code":"SUCCESS","message":"","data":null}``.

With ``--tls-dir DIR`` it serves HTTPS with a throwaway CA (trustme) written to ``DIR/ca.pem``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from typing import Any

import orjson

from benchmarks.pages import listing_page

PRICE_BODY = orjson.dumps({"code": "SUCCESS", "message": "가격 변경을 완료했습니다.", "data": None})
INVENTORY_BODY = orjson.dumps(
    {
        "code": "SUCCESS",
        "message": "",
        "data": {
            "sellerItemId": 3000000000,
            "amountInStock": 120,
            "salePrice": 32000,
            "onSale": True,
        },
    }
)
DEFAULT_BODY = orjson.dumps({"code": "SUCCESS", "message": "", "data": None})
_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nServer: bench-raw\r\n"


def _response(body: bytes, *, close: bool = False) -> bytes:
    connection = b"Connection: close\r\n" if close else b""
    return _HEAD + connection + b"Content-Length: %d\r\n\r\n" % len(body) + body


PRICE = _response(PRICE_BODY)
INVENTORY = _response(INVENTORY_BODY)
DEFAULT = _response(DEFAULT_BODY)


def product_page(token: int, page_size: int) -> bytes:
    """Listing page `token` (counting down to 1): the Rocket Growth listing's shape (reference
    §5.7, `benchmarks.pages.listing_page`), ids distinct on every page, ~80 KB per 100 products."""
    page = listing_page(page_size, seed=token, first=token * page_size)
    page["nextToken"] = str(token - 1) if token > 1 else ""
    return orjson.dumps(page)


class _Server(asyncio.Protocol):
    pages: int = 1000
    page_size: int = 100
    _page_cache: dict[int, bytes] = {}  # noqa: RUF012 - shared by design, one per process

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: Any = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # uvloop's transports are not asyncio.Transport instances

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        out: list[bytes] = []
        close = False
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buffer[:end]
            length = 0
            lower = head.lower()
            at = lower.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = lower.find(b"\r\n", at + 2)
                length = int(lower[at + 17 : stop if stop >= 0 else None])
            total = end + 4 + length
            if len(buffer) < total:
                break
            close = b"\r\nconnection: close" in lower
            request_line = head[: head.find(b"\r\n")] if b"\r\n" in head else head
            out.append(self._answer(request_line, close))
            buffer = buffer[total:]
            if close:
                break
        self.buffer = buffer
        if out and self.transport is not None:
            self.transport.write(b"".join(out))
            if close:
                self.transport.close()

    def _answer(self, request_line: bytes, close: bool) -> bytes:
        method, _, rest = request_line.partition(b" ")
        target = rest.rpartition(b" ")[0]
        path, _, query = target.partition(b"?")
        if method == b"PUT":
            return _response(PRICE_BODY, close=True) if close else PRICE
        if path.endswith(b"/inventories"):
            return _response(INVENTORY_BODY, close=True) if close else INVENTORY
        if path.endswith(b"/seller-products"):
            token = self.pages
            for pair in query.split(b"&"):
                if pair.startswith(b"nextToken=") and pair[10:]:
                    token = int(pair[10:])
            body = self._page_cache.get(token)
            if body is None:
                body = self._page_cache[token] = product_page(token, self.page_size)
            return _response(body, close=close)
        return _response(DEFAULT_BODY, close=True) if close else DEFAULT


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    # The harness holds our stdin open; EOF means it is gone, so we go too.
    try:
        while sys.stdin.buffer.read(1024):
            pass
    except (OSError, ValueError):
        pass
    loop.call_soon_threadsafe(stop.set)


def tls_context(directory: str) -> Any:
    """A throwaway CA and a certificate for 127.0.0.1; the CA goes to `<directory>/ca.pem`."""
    import ssl
    from pathlib import Path

    import trustme

    ca = trustme.CA()
    Path(directory).mkdir(parents=True, exist_ok=True)
    ca.cert_pem.write_to_path(str(Path(directory) / "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


async def serve(port: int, lifetime: float, watch_stdin: bool, tls_dir: str | None) -> None:
    # Every listing page made before READY (~0.4 s for 1,000): the first walk of a run must not
    # pay for making them while the others do not.
    for token in range(1, _Server.pages + 1):
        _Server._page_cache[token] = product_page(token, _Server.page_size)
    loop = asyncio.get_running_loop()
    ssl_context = tls_context(tls_dir) if tls_dir else None
    server = await loop.create_server(_Server, "127.0.0.1", port, backlog=1024, ssl=ssl_context)
    bound = server.sockets[0].getsockname()[1]
    print(f"READY {bound}", flush=True)
    stop = asyncio.Event()
    loop.call_later(lifetime, stop.set)
    if watch_stdin:
        threading.Thread(target=_watch_stdin, args=(loop, stop), daemon=True).start()
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=900.0, help="seconds before exiting")
    parser.add_argument("--pages", type=int, default=1000, help="listing pages per walk")
    parser.add_argument("--page-size", type=int, default=100, help="products per listing page")
    parser.add_argument("--no-stdin-watch", action="store_true")
    parser.add_argument("--tls-dir", help="serve HTTPS; the CA certificate goes to DIR/ca.pem")
    args = parser.parse_args(argv)
    _Server.pages = args.pages
    _Server.page_size = args.page_size
    runner: Any = asyncio.run
    try:  # uvloop keeps the server far from being the bottleneck; plain asyncio works too
        import uvloop

        runner = uvloop.run
    except ImportError:
        pass
    if os.environ.get("BENCH_SERVER_NO_UVLOOP"):
        runner = asyncio.run
    runner(serve(args.port, args.lifetime, not args.no_stdin_watch, args.tls_dir))


if __name__ == "__main__":
    main()
