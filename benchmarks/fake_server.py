"""The fake gateway's loopback server mode, in its own process, for the benchmarks.

    python -m benchmarks.fake_server --lifetime 900

Prints ``READY <base_url>`` when serving, or ``SKIP <reason>`` (exit 3) without uvicorn (the
fake-server extra). Exits by itself after ``--lifetime`` seconds or when stdin closes. The fake's
rate limit is off (unless --rate), so these cases measure its full stack (signature check
included) without 429s; `case_bulk` measures pacing against the limit (in process).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel

from benchmarks.harness import ACCESS_KEY, SECRET_KEY, VENDOR_ID

#: Products in the fake's catalogue for the per-request cases: small, because each of those
#: cases builds the same fake in its own process to learn valid item ids (`make_fake`). The
#: export walk has a server of its own with a bigger catalogue (runner.SERVER_COMMANDS).
PRODUCTS = 200


def make_fake(rate: float | None = None, products: int = PRODUCTS, *, warnings: bool = True) -> Any:
    """The fake every fake case talks to; a case builds the same one to learn valid item ids.

    `warnings=False` turns its `X-CAG-Warnings` off (near the limit they slow a client by design).
    """
    from coupang_async.testing import FakeCoupang

    return FakeCoupang(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        requests_per_second=rate,
        seed=0,
        products=products,
        request_log_size=1000,  # bounded: the run sends tens of thousands of requests
        warn_ratio=0.9 if warnings else None,  # 0.9 is the fake's default
    )


async def serve(lifetime: float, rate: float | None, products: int, warnings: bool) -> None:
    try:
        import uvicorn  # noqa: F401 - what FakeCoupang.serve() runs on
    except ImportError as exc:
        print(f"SKIP the fake's server needs the fake-server extra ({exc})", flush=True)
        raise SystemExit(3) from None
    fake = make_fake(rate, products, warnings=warnings)
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
    parser.add_argument(
        "--no-warnings", action="store_true", help="no X-CAG-Warnings near the limit"
    )
    args = parser.parse_args(argv)
    anyio.run(serve, args.lifetime, args.rate, args.products, not args.no_warnings)


if __name__ == "__main__":
    main()
