"""Profile one HTTP case in-process against a raw server it starts itself.

    python -m benchmarks.profile_client --client ours --method PUT -c 8 [--pyinstrument]

Prints the top functions by cumulative and own time (cProfile), or a pyinstrument tree. Used
to find per-request work in the client core; not part of the timed suite.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import subprocess
import sys

from benchmarks.clients import bare_httpx_client, coupang_client, httpx_sender
from benchmarks.harness import drive


async def workload(base_url: str, client_kind: str, method: str, c: int, total: int) -> None:
    factory = coupang_client if client_kind == "ours" else bare_httpx_client
    async with factory(base_url, c) as client:
        send = httpx_sender(client, method)
        await drive(send, 300, c)
        profiler: object
        if ARGS.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0001, async_mode="disabled")
            profiler.start()  # type: ignore[attr-defined]
            await drive(send, total, c)
            profiler.stop()  # type: ignore[attr-defined]
            print(profiler.output_text(unicode=True, color=False, show_all=False))  # type: ignore[attr-defined]
        else:
            prof = cProfile.Profile()
            prof.enable()
            await drive(send, total, c)
            prof.disable()
            stats = pstats.Stats(prof).strip_dirs()
            print(f"--- {client_kind} {method} c={c}: {total} requests ---")
            stats.sort_stats("tottime").print_stats(ARGS.top)
            stats.sort_stats("cumulative").print_stats(ARGS.top)


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", choices=["ours", "bare"], default="ours")
    parser.add_argument("--method", default="PUT")
    parser.add_argument("-c", type=int, default=1)
    parser.add_argument("-n", type=int, default=3000)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--pyinstrument", action="store_true")
    ARGS = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.raw_server", "--lifetime", "300"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = server.stdout.readline().split()[1]
        asyncio.run(workload(f"http://127.0.0.1:{port}", ARGS.client, ARGS.method, ARGS.c, ARGS.n))
    finally:
        server.terminate()
        server.wait(timeout=10)


ARGS: argparse.Namespace

if __name__ == "__main__":
    main()
