import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

import anyio

from coupang_async import CoupangClient, ItemStatus, QuantityUpdate, bulk, vendor_items
from coupang_async.redis import RedisRateLimitStore
from coupang_async.testing import FakeCoupang

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
fake = FakeCoupang(products=40, seed=3, requests_per_second=10)  # a gateway that counts per vendor


def open_client() -> CoupangClient:
    """Every process builds its client alike: same Redis, same vendor id, so one budget."""
    store = RedisRateLimitStore(REDIS_URL, key_prefix="coupang-async:", fallback_share=0.25)
    # The real API: CoupangClient.from_env(requests_per_second=10, rate_limit_store=store, ...)
    return fake.client(requests_per_second=8, max_concurrency=2, rate_limit_store=store)


# The web app. With FastAPI: app = FastAPI(lifespan=lifespan) and
# app.put("/stock/{vendor_item_id}")(set_stock); nothing below needs FastAPI itself.
clients: dict[str, CoupangClient] = {}


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    async with open_client() as client:  # opens (and closes) the Redis connection too
        clients["coupang"] = client
        yield


async def set_stock(vendor_item_id: int, quantity: int) -> dict[str, int]:
    await vendor_items.update_quantity(clients["coupang"], vendor_item_id, quantity)
    return {"vendor_item_id": vendor_item_id, "quantity": quantity}


# A worker process (run as many as you like): its own client, the same shared budget.
async def worker(vendor_item_ids: list[int]) -> int:
    async with open_client() as client:
        updates = (QuantityUpdate(vendor_item_id, 5) for vendor_item_id in vendor_item_ids)
        result = await bulk.update_quantities(client, updates)
    return result.counts[ItemStatus.OK]


async def main() -> None:
    ids = fake.vendor_item_ids(writable=True)[:30]
    applied: list[int] = []

    async def run_worker(part: list[int]) -> None:
        applied.append(await worker(part))

    # Here the app and two workers share one event loop; in production they are separate
    # processes (or machines), and the budget is shared all the same.
    async with lifespan(app=None), anyio.create_task_group() as group:
        group.start_soon(run_worker, ids[:12])
        group.start_soon(run_worker, ids[12:24])
        for vendor_item_id in ids[24:]:  # requests to the app meanwhile
            await set_stock(vendor_item_id, 7)
            applied.append(1)
    refused = sum(1 for request in fake.requests if request.status == 429)
    print(sum(applied), "updates applied,", refused, "refused by the gateway")


anyio.run(main)
