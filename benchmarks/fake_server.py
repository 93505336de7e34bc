"""The fake gateway's loopback server mode, in its own process, for the benchmarks.

    python -m benchmarks.fake_server --lifetime 900

Prints ``READY <base_url>`` when serving, or ``SKIP <reason>`` (exit 3) when this branch has no
`FakeCoupang.serve` yet. Exits by itself after ``--lifetime`` seconds or when stdin closes.
The fake's rate limit is off (unless --rate), so these cases measure its full stack (signature
check included) without 429s; `bench_bulk` measures pacing against the limit.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel

from benchmarks.harness import ACCESS_KEY, SECRET_KEY, VENDOR_ID

#: BENCH_FAKE_AS_SHIPPED=1 measures the fake's server exactly as shipped (see below).
NO_WORKAROUND = bool(os.environ.get("BENCH_FAKE_AS_SHIPPED"))
#: Products in the fake's catalogue (enough for listing walks; kept small so startup is quick).
PRODUCTS = 200


def make_fake(rate: float | None = None, products: int = PRODUCTS) -> Any:
    """The fake every fake case talks to; a case builds the same one to learn valid item ids."""
    from coupang_async.testing import FakeCoupang

    return FakeCoupang(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        requests_per_second=rate,
        seed=0,
        products=products,
        request_log_size=1000,  # bounded: the run sends tens of thousands of requests
    )


def _tcp_nodelay_workaround() -> None:
    """Give the fake's listening socket proto=IPPROTO_TCP so its connections get TCP_NODELAY.

    `FakeCoupang.serve()` binds `socket.socket(family, SOCK_STREAM)`, whose proto is 0; asyncio
    only sets TCP_NODELAY on accepted sockets whose proto is IPPROTO_TCP, so the response body
    (sent after the headers) waits for the client's delayed ACK: ~44 ms per keep-alive request
    (23 requests/s at c=1). Reported to the fake's owners; a no-op once their socket is right.
    """
    import socket

    from coupang_async.testing import _server

    original = _server._bind

    def bind(host: str, port: int) -> socket.socket:
        sock = original(host, port)
        if sock.proto != 0:
            return sock
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())

    _server._bind = bind


async def serve(lifetime: float, rate: float | None, products: int) -> None:
    try:
        from coupang_async.testing import FakeCoupang
    except ImportError as exc:
        print(f"SKIP FakeCoupang is not on this branch ({exc})", flush=True)
        raise SystemExit(3) from None
    if not hasattr(FakeCoupang, "serve"):
        print("SKIP FakeCoupang has no serve() on this branch", flush=True)
        raise SystemExit(3)
    if not NO_WORKAROUND:
        _tcp_nodelay_workaround()
    fake = make_fake(rate, products)
    async with fake.serve(port=0, max_seconds=lifetime) as base_url:
        print(f"READY {base_url}", flush=True)
        with anyio.move_on_after(lifetime):
            stdin_closed = anyio.Event()
            token = anyio.lowlevel.current_token()

            def watch() -> None:
                try:
                    while sys.stdin.buffer.read(1024):
                        pass
                except (OSError, ValueError):
                    pass
                with contextlib.suppress(RuntimeError):  # the loop may already be gone
                    anyio.from_thread.run_sync(stdin_closed.set, token=token)

            threading.Thread(target=watch, daemon=True).start()
            await stdin_closed.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifetime", type=float, default=900.0)
    parser.add_argument("--rate", type=float, default=None, help="the fake's limit (default off)")
    parser.add_argument("--products", type=int, default=PRODUCTS)
    args = parser.parse_args(argv)
    anyio.run(serve, args.lifetime, args.rate, args.products)


if __name__ == "__main__":
    main()
