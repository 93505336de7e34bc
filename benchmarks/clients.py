"""The clients the HTTP cases compare, built the same way for every server.

Every request function takes the request index `i` and sends one call; all of them send the same
bytes on the wire apart from the Authorization header (static for the bare baselines).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from benchmarks.harness import (
    ACCESS_KEY,
    INVENTORY_PATH,
    PRICE_PATH,
    SECRET_KEY,
    VENDOR_ID,
)
from benchmarks.vendor_sample import seed_authorization, seed_request

#: A syntactically valid CEA header, computed once: what "a static header" costs.
STATIC_AUTHORIZATION = seed_authorization("GET", "/", "", ACCESS_KEY, SECRET_KEY)
#: Headers CoupangClient sends on every request, for the bare baselines to send too.
COMMON_HEADERS = {
    "X-Requested-By": VENDOR_ID,
    "Content-Type": "application/json;charset=UTF-8",
    "Accept": "application/json",
}

Sender = Callable[[int], Awaitable[object]]


Target = Callable[[str, int], str]


def target(method: str, i: int) -> str:
    """Path and query of request `i` (distinct vendor items, as a bulk run would send)."""
    item = 3_000_000_000 + i
    if method == "PUT":
        return PRICE_PATH.format(item=item, price=10_000 + 10 * (i % 100)) + (
            "?forceSalePriceUpdate=false"
        )
    return INVENTORY_PATH.format(item=item)


def items_target(items: list[tuple[int, int]]) -> Target:
    """Like `target`, over real (vendor item id, sale price) pairs: the fake checks both."""

    def pick(method: str, i: int) -> str:
        item, price = items[i % len(items)]
        if method == "PUT":
            # Alternate between the price and 10 won more: always inside the +-50 % guard.
            return PRICE_PATH.format(item=item, price=price + 10 * ((i // len(items)) % 2))
        return INVENTORY_PATH.format(item=item)

    return pick


def coupang_client(
    base_url: str, concurrency: int, requests_per_second: float | None = None, **kwargs: Any
) -> Any:
    from coupang_async import CoupangClient

    return CoupangClient(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        base_url=base_url,
        requests_per_second=requests_per_second,
        max_concurrency=concurrency,
        **kwargs,
    )


def bare_httpx_client(base_url: str, concurrency: int, **kwargs: Any) -> httpx.AsyncClient:
    """httpx as a hand-rolled client would use it: a static auth header, the same Limits."""
    return httpx.AsyncClient(
        base_url=base_url,
        headers={"Authorization": STATIC_AUTHORIZATION, **COMMON_HEADERS},
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        **kwargs,
    )


def httpx_sender(client: httpx.AsyncClient, method: str, to: Target = target) -> Sender:
    async def send(i: int) -> object:
        response = await client.request(method, to(method, i))
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        return response

    return send


def aiohttp_session(concurrency: int) -> Any:
    """aiohttp with the same connection bound and a signing middleware (aiohttp >= 3.12)."""
    import aiohttp
    import yarl

    from coupang_async import CoupangAuth

    auth = CoupangAuth(ACCESS_KEY, SECRET_KEY)

    async def sign(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        url: yarl.URL = request.url
        raw = url.raw_path_qs.encode("ascii")
        request.headers["Authorization"] = auth.authorization(request.method, raw)
        return await handler(request)

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency),
        headers=COMMON_HEADERS,
        middlewares=(sign,),
    )


def aiohttp_sender(session: Any, base_url: str, method: str, to: Target = target) -> Sender:
    async def send(i: int) -> object:
        async with session.request(method, base_url + to(method, i)) as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
            return body

    return send


def vendor_call(base_url: str, method: str, i: int, context: Any = None) -> str:
    """One call in the vendor sample's style: fresh connection, sample signing, urllib."""
    path, _, query = target(method, i).partition("?")
    return seed_request(base_url, method, path, query, ACCESS_KEY, SECRET_KEY, context)


def signed_httpx_client(base_url: str, concurrency: int, **kwargs: Any) -> httpx.AsyncClient:
    """Bare httpx signing each request with CoupangAuth: a lean client a fake would accept."""
    from coupang_async import CoupangAuth

    return httpx.AsyncClient(
        base_url=base_url,
        headers=COMMON_HEADERS,
        auth=CoupangAuth(ACCESS_KEY, SECRET_KEY),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        **kwargs,
    )
