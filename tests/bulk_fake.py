"""A tiny stand-in for the vendor-item routes, for fine-grained bulk tests.

FakeCoupang (coupang_async.testing) is the full gateway; this one is small enough to steer
request by request: a hook runs before each request is processed (to block it on an event, fail
it, or drop it) and another after (to lose the reply of an applied write). It records every
request, every applied write, and how many requests for one vendor item were in flight at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import attrs
import httpx

from coupang_async import CoupangClient

from .helpers import make_client

PREFIX = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items"
_ROUTE = re.compile(
    re.escape(PREFIX)
    + r"/(?P<vid>\d+)/(?P<what>inventories|prices|quantities|original-prices|sales)"
    + r"(?:/(?P<arg>[^/]+))?$"
)


@attrs.define
class Item:
    """State of one vendor item."""

    price: int = 10_000
    quantity: int = 10
    on_sale: bool = True
    original_price: int = 0


@attrs.frozen
class Call:
    """One request as the gateway saw it."""

    seq: int
    method: str
    vendor_item_id: int | None
    kind: str  # "inventories", "prices", "quantities", "original-prices", "sales"
    value: Any  # price / quantity / "stop" / "resume"; None for reads
    query: str


Hook = Callable[[Call], Awaitable[httpx.Response | None]]


def ok(message: str = "", data: Any = None) -> httpx.Response:
    """A seller_api success envelope."""
    return httpx.Response(200, json={"code": "SUCCESS", "message": message, "data": data})


def error(status: int, message: str) -> httpx.Response:
    """A seller_api error envelope."""
    return httpx.Response(status, json={"code": "ERROR", "message": message, "data": None})


class MiniGateway:
    """The vendor-item routes over `httpx.MockTransport`, with hooks and counters.

    Attributes:
        items: vendor item id -> state; unknown ids are answered 400 like Coupang does.
        calls: every request that reached the gateway, in arrival order.
        writes: every applied write as (vendor_item_id, kind, value), in order.
        max_in_flight_per_item: the most requests for one vendor item handled at once.
        before: awaited with each call before it is processed; a response it returns is sent
            instead (nothing applied); it may raise an httpx error (connection lost, nothing
            applied) or block.
        after: awaited after a write was applied; a response it returns replaces the real one;
            it may raise (the reply is lost although the write was applied).
    """

    def __init__(self, ids: range | list[int] = range(1, 101), **defaults: Any) -> None:
        self.items: dict[int, Item] = {vid: Item(**defaults) for vid in ids}
        self.calls: list[Call] = []
        self.writes: list[tuple[int, str, Any]] = []
        self.in_flight: Counter[int] = Counter()
        self.max_in_flight_per_item = 0
        self.before: Hook | None = None
        self.after: Hook | None = None

    def client(self, **overrides: Any) -> CoupangClient:
        """A test client (no pacing, instant retries) wired to this gateway."""
        return make_client(transport=httpx.MockTransport(self.handle), **overrides)

    def writes_of(self, vendor_item_id: int) -> list[Any]:
        """The values written to one item, in order."""
        return [value for vid, _, value in self.writes if vid == vendor_item_id]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """The MockTransport handler."""
        match = _ROUTE.match(request.url.path)
        if match is None:
            return error(404, "Not Found")
        vid = int(match["vid"])
        kind = match["what"]
        arg = match["arg"]
        value: Any = None
        if kind != "inventories":
            value = arg if kind == "sales" else int(arg or "0")
        call = Call(
            seq=len(self.calls),
            method=request.method,
            vendor_item_id=vid,
            kind=kind,
            value=value,
            query=request.url.query.decode(),
        )
        self.calls.append(call)
        self.in_flight[vid] += 1
        self.max_in_flight_per_item = max(self.max_in_flight_per_item, self.in_flight[vid])
        try:
            await anyio.lowlevel.checkpoint()  # let other requests interleave
            if self.before is not None:
                replaced = await self.before(call)
                if replaced is not None:
                    return replaced
            response = self._process(call)
            if self.after is not None and call.kind != "inventories" and response.is_success:
                replaced = await self.after(call)
                if replaced is not None:
                    return replaced
            return response
        finally:
            self.in_flight[vid] -= 1

    def _process(self, call: Call) -> httpx.Response:
        vid = call.vendor_item_id
        assert vid is not None
        item = self.items.get(vid)
        if item is None:
            return error(400, f"유효하지 않은 ID입니다. [{vid}]")
        if call.kind == "inventories":
            data = {
                "sellerItemId": vid,
                "amountInStock": item.quantity,
                "salePrice": item.price,
                "onSale": item.on_sale,
            }
            return ok(data=data)
        if call.method != "PUT":
            return error(405, "Method Not Allowed")
        if call.kind == "prices":
            force = "forceSalePriceUpdate=true" in call.query
            if not force and not item.price // 2 <= call.value <= item.price * 2:
                return error(
                    400,
                    f"가격변경에 실패했습니다. [옵션ID[{vid}] : 판매가 변경이 불가능합니다. "
                    "변경전 판매가의 최대 50% 인하/최대 100%인상까지 변경가능합니다.]",
                )
            item.price = call.value
        elif call.kind == "quantities":
            item.quantity = call.value
        elif call.kind == "original-prices":
            item.original_price = call.value
        else:
            item.on_sale = call.value == "resume"
        self.writes.append((vid, call.kind, call.value))
        return ok("변경을 완료했습니다.")


_VID_IN_PATH = re.compile(re.escape(PREFIX) + r"/(\d+)/")


@attrs.frozen
class Exchange:
    """One request through a `Probe` and what came back (status None: it raised)."""

    seq: int
    method: str
    path: str
    vendor_item_id: int | None
    status: int | None
    arrived_after_429: bool


class Probe(httpx.AsyncBaseTransport):
    """Wraps a transport (e.g. FakeCoupang's ASGITransport) to watch and steer requests.

    It yields to the event loop around each request so concurrent requests really overlap,
    counts requests per vendor item in flight, notes whether a request started after the client
    had taken in a 429 (its cool-down had begun: `watch(client)`; without a client, after a 429
    answer had passed through here), and can hold chosen requests until released.

    Attributes:
        exchanges: every request that finished (answered or raised), in completion order.
        max_in_flight_per_item: the most requests for one vendor item in flight at once.
        hold: awaited with each request before it is passed on (to block it).
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[Exchange] = []
        self.in_flight: Counter[int] = Counter()
        self.max_in_flight_per_item = 0
        self.seen_429 = False
        self.hold: Callable[[httpx.Request], Awaitable[None]] | None = None
        self.client: CoupangClient | None = None
        self._seq = 0

    def watch(self, client: CoupangClient) -> CoupangClient:
        """Judge "after a 429" by `client`'s cool-down (what the client knows), and return it.

        A 429 answer passing through here reaches the client a few scheduling rounds later;
        requests the client let go in between were sent before it could know.
        """
        self.client = client
        return client

    async def aclose(self) -> None:
        """Close the wrapped transport (its pooled connections) with the client."""
        await self.inner.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Pass the request on, watching it."""
        match = _VID_IN_PATH.match(request.url.path)
        vid = int(match[1]) if match else None
        seq = self._seq
        self._seq += 1
        if self.client is None:
            after_429 = self.seen_429
        else:
            after_429 = await self.client._pacer.cooldown_left() > 0
        status: int | None = None
        if vid is not None:
            self.in_flight[vid] += 1
            self.max_in_flight_per_item = max(self.max_in_flight_per_item, self.in_flight[vid])
        try:
            await anyio.lowlevel.checkpoint()
            if self.hold is not None:
                await self.hold(request)
            response = await self.inner.handle_async_request(request)
            status = response.status_code
            await anyio.lowlevel.checkpoint()
            if status == 429:
                self.seen_429 = True  # the client sees it from here on
            return response
        finally:
            if vid is not None:
                self.in_flight[vid] -= 1
            self.exchanges.append(
                Exchange(seq, request.method, request.url.path, vid, status, after_429)
            )
