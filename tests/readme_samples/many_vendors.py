import anyio
import httpx

from coupang_async import CoupangClient, vendor_items
from coupang_async.testing import FakeCoupang

fake = FakeCoupang(products=12, seed=5)  # stands in for the gateway (one seller's keys here)


def vendor_client(base_url: str, pool_owner: CoupangClient | None = None) -> CoupangClient:
    # The real API: CoupangClient(access_key=..., secret_key=..., vendor_id=...,
    #     requests_per_second=5, share_pool_with=pool_owner), one per seller.
    if pool_owner is None:  # the first client owns the pool: size it for all of them
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
        return fake.client(base_url=base_url, transport=None, limits=limits)
    return fake.client(base_url=base_url, transport=None, share_pool_with=pool_owner)


async def main() -> None:
    async with fake.serve() as base_url:  # a loopback server, so a real connection pool
        first = vendor_client(base_url)
        clients = [first] + [vendor_client(base_url, first) for _ in range(3)]
        ids = fake.vendor_item_ids()
        quantities: list[int] = []

        async def check(client: CoupangClient, vendor_item_id: int) -> None:
            inventory = await vendor_items.get_inventory(client, vendor_item_id)
            quantities.append(inventory.amount_in_stock)

        async with anyio.create_task_group() as group:
            for n, client in enumerate(clients):  # each client paces itself (5/s by default)
                group.start_soon(check, client, ids[n])
        for client in clients:  # the pool closes with the last client that uses it
            await client.aclose()
        print(f"{len(quantities)} vendors served over one pool ({first.http_backend} backend)")


if __name__ == "__main__":
    anyio.run(main)
