"""CoupangClient on httpx 0.28 or on httpx2 (aliased), for the httpx2 decision in README.md.

    python -m benchmarks.raw_server --port 8765 &            # the raw server
    python -m benchmarks.httpx2_probe http://127.0.0.1:8765 [--httpx2] [--total 1500]

`--httpx2` calls `httpx2.alias_httpx()` first, so `import httpx` (and httpcore) resolve to the
fork, as a user trying it would. Prints CPU µs per PUT for `http_backend="httpx"` and
`"auto"` (aiohttp when installed) at c=1, 8 and 64, one fresh client per row. Run it in
alternation (httpx, httpx2, httpx2, httpx) in fresh processes; it is not part of the harness
because the alias must come before anything imports httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--httpx2", action="store_true")
    parser.add_argument("--total", type=int, default=1500)
    args = parser.parse_args()
    if args.httpx2:
        import httpx2

        httpx2.alias_httpx()
    import httpx

    from benchmarks.clients import coupang_client, httpx_sender
    from benchmarks.harness import measure_requests

    async def run() -> dict[str, float]:
        rows: dict[str, float] = {}
        for backend in ("httpx", "auto"):
            for c in (1, 8, 64):
                async with coupang_client(args.url, c, http_backend=backend) as client:
                    metrics = await measure_requests(
                        httpx_sender(client, "PUT"),
                        total=args.total,
                        concurrency=c,
                        warmup=200,
                    )
                    rows[f"{client.http_backend}.c{c}"] = round(metrics["cpu_us_per_req"], 1)
        return rows

    rows = asyncio.run(run())
    print(json.dumps({"httpx": httpx.__version__, **rows}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
