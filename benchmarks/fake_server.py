"""The fake gateway's loopback server mode, in its own process, for the benchmarks.

    python -m benchmarks.fake_server --lifetime 900

Prints ``READY <base_url>`` when serving, or ``SKIP <reason>`` (exit 3) when this branch has no
`FakeCoupang.serve` yet. Exits by itself after ``--lifetime`` seconds or when stdin closes.
Pacing in the fake is set far above anything a client here reaches, so these cases measure the
fake's full stack (signature check included) without 429s; `bench_bulk` measures the pace.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading

import anyio
import anyio.from_thread

from benchmarks.harness import ACCESS_KEY, SECRET_KEY, VENDOR_ID

#: Products in the fake's catalogue (enough for listing walks; kept small so startup is quick).
PRODUCTS = 200


async def serve(lifetime: float, rate: float, products: int) -> None:
    try:
        from coupang_async.testing import FakeCoupang  # type: ignore[attr-defined]
    except ImportError as exc:
        print(f"SKIP FakeCoupang is not on this branch ({exc})", flush=True)
        raise SystemExit(3) from None
    if not hasattr(FakeCoupang, "serve"):
        print("SKIP FakeCoupang has no serve() on this branch", flush=True)
        raise SystemExit(3)
    fake = FakeCoupang(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        requests_per_second=rate,
        seed=0,
        products=products,
    )
    async with fake.serve(port=0) as base_url:
        print(f"READY {base_url}", flush=True)
        with anyio.move_on_after(lifetime):
            stdin_closed = anyio.Event()

            def watch() -> None:
                try:
                    while sys.stdin.buffer.read(1024):
                        pass
                except (OSError, ValueError):
                    pass
                with contextlib.suppress(RuntimeError):  # the loop may already be gone
                    anyio.from_thread.run_sync(stdin_closed.set, token=token)

            token = anyio.lowlevel.current_token()
            threading.Thread(target=watch, daemon=True).start()
            await stdin_closed.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifetime", type=float, default=900.0)
    parser.add_argument("--rate", type=float, default=1e9, help="the fake's requests/s limit")
    parser.add_argument("--products", type=int, default=PRODUCTS)
    args = parser.parse_args(argv)
    anyio.run(serve, args.lifetime, args.rate, args.products)


if __name__ == "__main__":
    main()
