"""One worker process of `case_redis`: bulk stock updates through a budget shared in Redis.

    python -m benchmarks.redis_worker BASE_URL REDIS_URL KEY_PREFIX RATE START_AT VENDOR_ITEM_ID...

Opens its connections with one paced read, waits until the wall-clock time START_AT (so that
every worker begins together, a second or more later), then runs
`bulk.update_quantities` for the given items with its own `CoupangClient` paced at RATE through
`RedisRateLimitStore(REDIS_URL, key_prefix=KEY_PREFIX)`, and prints one JSON line: the wall
time and status of every response, and the bulk result's counts.
"""

from __future__ import annotations

import json
import sys
import time

import anyio
import httpx

from benchmarks.harness import ACCESS_KEY, SECRET_KEY, VENDOR_ID
from coupang_async import CoupangClient, ItemStatus, QuantityUpdate, bulk, vendor_items
from coupang_async.redis import RedisRateLimitStore


async def main(
    base_url: str, redis_url: str, prefix: str, rate: float, start_at: float, ids: list[int]
) -> None:
    responses: list[tuple[float, int]] = []

    async def note(response: httpx.Response) -> None:
        responses.append((time.time(), response.status_code))

    store = RedisRateLimitStore(redis_url, key_prefix=prefix)
    async with CoupangClient(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        base_url=base_url,
        requests_per_second=rate,
        rate_limit_store=store,
        event_hooks={"response": [note]},
    ) as client:
        # Connections open before the start (to the gateway and to Redis), as in case_pace:
        # one paced read through the shared budget, well before the workers start together.
        await vendor_items.get_inventory(client, ids[0])
        responses.clear()
        await anyio.sleep(max(0.0, start_at - time.time()))
        result = await bulk.update_quantities(
            client, (QuantityUpdate(vid, i % 1000) for i, vid in enumerate(ids))
        )
    counts = {status.name: result.counts[status] for status in ItemStatus}
    print(json.dumps({"responses": responses, "counts": counts}), flush=True)


if __name__ == "__main__":
    base, redis, prefix, rate, start_at, *vids = sys.argv[1:]
    anyio.run(main, base, redis, prefix, float(rate), float(start_at), [int(v) for v in vids])
