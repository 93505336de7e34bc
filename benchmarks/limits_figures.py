"""The figures of the limits (pacing, deadline, size cap) outside the harness, one at a time.

    python -m benchmarks.limits_figures pace        # 120 GETs at 9.5/s vs the CLI's fake-server
    python -m benchmarks.limits_figures trickle     # POST vs a server trickling 1 byte / TRICKLE s
    python -m benchmarks.limits_figures trickle60   # the same with the default 60 s deadline
    python -m benchmarks.limits_figures endless     # an endless chunked body, default 64 MiB cap
    python -m benchmarks.limits_figures endless1    # the same with a 1 MiB cap

Environment: TRICKLE (seconds between bytes, default 2.0). Everything runs over loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx

from coupang_async import APITimeoutError, CoupangClient, RateLimitError, ResponseTooLargeError
from coupang_async.testing import FakeCoupang, Fault

TRICKLE = float(os.environ.get("TRICKLE", "2.0"))
SP = "/v2/providers/seller_api/apis/api/v1/marketplace"


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return 0.0


async def trickle(deadline: float, read_timeout: float) -> None:
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.trickle(TRICKLE))
    async with (
        fake.serve(max_seconds=200) as url,
        fake.client(
            base_url=url,
            transport=None,
            requests_per_second=None,
            timeout=httpx.Timeout(read_timeout),
            attempt_deadline=deadline,
        ) as client,
    ):
        started = time.monotonic()
        try:
            await client.post(f"{SP}/seller-products", json=fake.product_body())
        except APITimeoutError:
            print(
                f"trickle 1 byte/{TRICKLE} s, POST, timeout={read_timeout}, deadline={deadline}:"
                f" APITimeoutError after {time.monotonic() - started:.2f} s,"
                f" sends={len(fake.requests)}"
            )


async def endless(cap: int = 64 * 2**20) -> None:
    fake = FakeCoupang(products=2, requests_per_second=None)
    fake.faults.add(Fault.endless_body())
    async with (
        fake.serve(max_seconds=200) as url,
        fake.client(
            base_url=url, transport=None, requests_per_second=None, max_response_bytes=cap
        ) as client,
    ):
        before = peak_rss_mb()
        started = time.monotonic()
        try:
            await client.get(f"{SP}/seller-products/{fake.seller_product_ids()[0]}")
        except ResponseTooLargeError:
            after = peak_rss_mb()
            print(
                f"endless chunked body, max_response_bytes={cap}: ResponseTooLargeError after"
                f" {time.monotonic() - started:.2f} s; peak RSS {before:.0f} MB -> {after:.0f} MB"
                f" (+{after - before:.0f} MB, the server in this process included)"
            )


async def fake_server_pace() -> None:
    command = os.path.join(os.path.dirname(sys.executable), "coupang-async")
    with subprocess.Popen(  # noqa: ASYNC220 - started once, before anything is measured
        [command, "fake-server", "--max-seconds", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        assert server.stdout is not None
        env = dict(server.stdout.readline().strip().partition("=")[::2] for _ in range(4))
        vids = FakeCoupang(products=200, seed=0).vendor_item_ids()  # the server's catalogue
        starts: list[float] = []

        async def hook(request: httpx.Request) -> None:
            starts.append(time.monotonic())

        limited = 0
        gate = asyncio.Semaphore(8)
        client = CoupangClient.from_env(
            env, requests_per_second=9.5, event_hooks={"request": [hook]}
        )

        async def one(i: int) -> None:
            nonlocal limited
            async with gate:
                try:
                    await client.get(f"{SP}/vendor-items/{vids[i % len(vids)]}/inventories")
                except RateLimitError:
                    limited += 1

        async with client:
            await asyncio.gather(*(one(i) for i in range(120)))
            final = client.requests_per_second or 0.0
        server.terminate()
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    print(
        "default fake-server (limit 10/s, warnings from 90 %), client 9.5/s, 120 GETs over"
        f" loopback: {rate:.2f}/s = {rate / 10:.3f} of the limit, 429s: {limited},"
        f" pace at the end {final:.2f}/s"
    )


async def main(which: list[str]) -> None:
    if "pace" in which:
        await fake_server_pace()
    if "trickle" in which:
        await trickle(2.0, 2.0)
    if "trickle60" in which:
        await trickle(60.0, 2.0)
    if "endless" in which:
        await endless()
    if "endless1" in which:
        await endless(2**20)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
