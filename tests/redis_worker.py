"""One worker process of the multi-process tests: stock updates through a shared Redis budget.

    python -m tests.redis_worker BASE_URL REDIS_URL KEY_PREFIX RATE BACKEND VENDOR_ITEM_ID...

Sends one update per vendor item id with its own `CoupangClient` (test keys) paced at RATE
through `RedisRateLimitStore(REDIS_URL, key_prefix=KEY_PREFIX)`, on BACKEND (asyncio or trio),
and prints one line per update: "ok" or the error's class name.
"""

from __future__ import annotations

import sys

import anyio

from coupang_async import CoupangClient, CoupangError, RetryPolicy, vendor_items
from coupang_async.redis import RedisRateLimitStore

from .helpers import ACCESS_KEY, SECRET_KEY, VENDOR_ID


async def main(base_url: str, redis_url: str, prefix: str, rate: float, ids: list[int]) -> None:
    store = RedisRateLimitStore(redis_url, key_prefix=prefix)
    async with CoupangClient(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        base_url=base_url,
        requests_per_second=rate,
        retry=RetryPolicy(attempts=1),
        rate_limit_store=store,
    ) as client:
        for vid in ids:
            try:
                await vendor_items.update_quantity(client, vid, 7)
            except CoupangError as exc:
                print(type(exc).__name__, flush=True)  # noqa: T201 - the test reads it
            else:
                print("ok", flush=True)  # noqa: T201


if __name__ == "__main__":
    base, redis_url, prefix, rate, backend, *vids = sys.argv[1:]
    anyio.run(main, base, redis_url, prefix, float(rate), [int(v) for v in vids], backend=backend)
