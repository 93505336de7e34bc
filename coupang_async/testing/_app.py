"""``FakeCoupang``: the ASGI app and the gateway pipeline (routes live beside their handlers).

Every request goes through the same steps, like the real gateway:

1. it is recorded in ``fake.requests``;
2. an injected fault that does not let the request through (``processed=False``) answers now;
3. the ``Authorization`` header is verified (401 with the gateway's JSON otherwise);
4. the vendor's rate budget is checked (429; ``X-CAG-Warnings`` near the limit);
5. the route is found (404 for an unknown path or another vendor's id in the path) and handled;
6. a fault that lets the request through (``processed=True``) changes or loses the reply.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, MutableMapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import anyio
import httpx
import orjson

from coupang_async.testing import (
    _categories,
    _coupons,
    _display_categories,
    _fulfilment,
    _inquiries,
    _logistics,
    _orders,
    _products,
    _rocket_growth,
    _settlements,
    _shipping_places,
    _vendor_items,
)
from coupang_async.testing._catalogue import generate
from coupang_async.testing._faults import (
    REASONS,
    STREAMED,
    Fault,
    FaultKind,
    Faults,
    access_denied_page,
    gateway_body,
    send_streamed,
)
from coupang_async.testing._http import (
    JSON_CONTENT_TYPE,
    KST,
    ApiError,
    Call,
    Response,
    format_dt,
    json_response,
)
from coupang_async.testing._log import RecordedRequest, RequestLog
from coupang_async.testing._ratelimit import SlidingWindow
from coupang_async.testing._routing import Route, routes
from coupang_async.testing._samples import product_body
from coupang_async.testing._signing import (
    EXPIRED_SIGNATURE,
    INVALID_FORMAT,
    INVALID_SIGNATURE,
    NOT_AUTHORIZED,
    NOT_AUTHORIZED_MESSAGES,
    UNKNOWN_ERROR,
    parse_authorization,
)
from coupang_async.testing._store import STATUS_NAMES, Ids, VendorState

if TYPE_CHECKING:
    from coupang_async import CoupangClient

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]

DEFAULT_ACCESS_KEY: Final = "fake-access-key"
DEFAULT_SECRET_KEY: Final = "fake-secret-key"  # noqa: S105 - a fake key, printed on purpose
DEFAULT_VENDOR_ID: Final = "A00012345"
BASE_URL: Final = "https://api-gateway.coupang.com"
RATE_LIMIT_MESSAGE: Final = "Too Many Requests"
NOT_FOUND_MESSAGE: Final = "Not Found"
_VENDOR_ID: Final = re.compile(r"[A-Z]\d+")

# The route families: importing a module registers the routes declared beside its handlers
# (``@route`` in ``_routing``). The order here is the order routes of equal priority are tried in.
FAMILIES: Final = (
    _vendor_items,
    _products,
    _categories,
    _orders,
    _fulfilment,
    _rocket_growth,
    _logistics,
    _inquiries,
    _settlements,
    _coupons,
    _shipping_places,
    _display_categories,
)
_FAMILY_NAMES: Final = tuple(family.__name__ for family in FAMILIES)
_table_cache: list[tuple[int, dict[str, tuple[Route, ...]]]] = []


def _route_table() -> dict[str, tuple[Route, ...]]:
    """The routes by method in matching order (rebuilt only when a route was added since)."""
    count = len(routes)
    if not _table_cache or _table_cache[0][0] != count:
        _table_cache[:] = [(count, routes.table(_FAMILY_NAMES))]
    return _table_cache[0][1]


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """The current state of one vendor item (option), read without HTTP."""

    vendor_item_id: int
    seller_product_id: int
    seller_product_item_id: int
    item_name: str
    sale_price: int
    original_price: int
    quantity: int
    on_sale: bool
    product_status: str


class _Drop(Exception):
    """Internal: the reply must not reach the client (server mode closes the connection)."""


class FakeCoupang:
    """An in-process fake of Coupang's API gateway and seller API (an ASGI 3 app).

    Args:
        access_key: the access key of the account the fake knows (``FakeCoupang()`` works with
            the defaults; more accounts with ``add_vendor``).
        secret_key: that account's secret key.
        vendor_id: that account's vendor id.
        requests_per_second: per-vendor limit: more than this many requests within any 1.0 s
            window are refused with 429. ``None`` turns rate limiting off.
        block_seconds: after a 429 the vendor stays blocked this long (Coupang: minutes; default 0
            so an accidental 429 does not stall a test suite).
        warn_ratio: once this share of the budget is used in the current window, replies carry
            ``X-CAG-Warnings``; ``None`` never.
        max_clock_skew: seconds a ``signed-date`` may differ from the fake's clock before the
            request is refused as expired (Coupang documents no number; default 5 minutes).
        seed: makes the generated data (and transaction ids) reproducible.
        products: how many products to generate for the primary vendor (see ``_catalogue``).
        orders: orders to generate over the 7 days ending ``today`` (default: 2 × products).
        shipping_places: how many outbound shipping places the vendor has (>= 1 keeps the
            official create sample valid: code 74010 comes first).
        return_centers: how many return centers the vendor has (>= 1 keeps the official sample
            valid: code 1000274592 comes first).
        today: the KST date the generated data ends on (orders over the 7 days up to it, products
            over the two years before it). Default: the date of ``clock()`` in Korea, so data is
            dated around the real today (or the injected clock's day). Tests that look at dates
            pin it (``today=dt.date(2026, 1, 15)``) or inject a clock.
        auto_approve: approval requests succeed at once (vendorItemIds issued); when False the
            product waits in APPROVING until ``set_product_status()``.
        clock: returns the current POSIX time; used for signature expiry, the rate window and
            timestamps of created data. Tests inject a fake clock; default ``time.time``.
        request_log_size: how many requests ``requests`` keeps (``None``: all, 0: none).
        arrival_jitter: each request reaches the gateway's checks (rate window included) a random
            0 to ``arrival_jitter`` seconds after it arrived, as network jitter would delay it;
            0 (the default) for none. Drawn from a generator seeded with ``seed``.
    """

    base_url: Final = BASE_URL

    def __init__(
        self,
        *,
        access_key: str = DEFAULT_ACCESS_KEY,
        secret_key: str = DEFAULT_SECRET_KEY,
        vendor_id: str = DEFAULT_VENDOR_ID,
        requests_per_second: float | None = 10.0,
        block_seconds: float = 0.0,
        warn_ratio: float | None = 0.9,
        max_clock_skew: float = 300.0,
        seed: int = 0,
        products: int = 0,
        orders: int | None = None,
        shipping_places: int = 3,
        return_centers: int = 2,
        today: dt.date | None = None,
        auto_approve: bool = True,
        clock: Callable[[], float] | None = None,
        request_log_size: int | None = 10_000,
        arrival_jitter: float = 0.0,
    ) -> None:
        if requests_per_second is not None and not requests_per_second > 0:
            msg = f"requests_per_second must be > 0 or None, got {requests_per_second!r}"
            raise ValueError(msg)
        if warn_ratio is not None and not 0 < warn_ratio <= 1:
            msg = f"warn_ratio must be within (0, 1] or None, got {warn_ratio!r}"
            raise ValueError(msg)
        if max_clock_skew < 0:
            msg = f"max_clock_skew must be >= 0, got {max_clock_skew!r}"
            raise ValueError(msg)
        if request_log_size is not None and request_log_size < 0:
            msg = f"request_log_size must be >= 0 or None, got {request_log_size!r}"
            raise ValueError(msg)
        if not 0 <= arrival_jitter < 60:
            msg = f"arrival_jitter must be within [0, 60) seconds, got {arrival_jitter!r}"
            raise ValueError(msg)
        self.arrival_jitter = arrival_jitter
        self._jitter = random.Random(f"jitter:{seed}")
        self.seed = seed
        self.clock: Callable[[], float] = clock if clock is not None else time.time
        self.today = (
            today if today is not None else dt.datetime.fromtimestamp(self.clock(), KST).date()
        )
        self.requests_per_second = requests_per_second
        self.block_seconds = block_seconds
        self.warn_ratio = warn_ratio
        self.max_clock_skew = max_clock_skew
        self.auto_approve = auto_approve
        self.ids = Ids(seed)
        self.faults = Faults()
        self.requests = RequestLog(request_log_size)
        self.write_counts: Counter[tuple[int, str]] = Counter()
        self._txn = random.Random(f"txn:{seed}")
        self._vendors: dict[str, VendorState] = {}
        self._by_access_key: dict[str, VendorState] = {}
        self._routes: dict[str, tuple[Route, ...]] = _route_table()
        self._primary = self.add_vendor(
            vendor_id,
            access_key=access_key,
            secret_key=secret_key,
            products=products,
            orders=orders,
            shipping_places=shipping_places,
            return_centers=return_centers,
        )
        self._secret_key = secret_key

    # --- accounts -------------------------------------------------------------------------------

    def add_vendor(
        self,
        vendor_id: str,
        *,
        access_key: str,
        secret_key: str,
        products: int = 0,
        orders: int | None = None,
        shipping_places: int = 3,
        return_centers: int = 2,
    ) -> VendorState:
        """Add another seller account (its own keys, data and rate budget); returns its state."""
        if not _VENDOR_ID.fullmatch(vendor_id):
            msg = f"vendor_id must look like 'A00012345', got {vendor_id!r}"
            raise ValueError(msg)
        for name, value in (("access_key", access_key), ("secret_key", secret_key)):
            if not value or "," in value or value != value.strip():
                msg = f"{name} must be a non-empty string without commas or outer spaces"
                raise ValueError(msg)
        if vendor_id in self._vendors or access_key in self._by_access_key:
            msg = f"vendor {vendor_id!r} or its access key is already registered"
            raise ValueError(msg)
        if products < 0 or (orders is not None and orders < 0):
            msg = "products and orders must be >= 0"
            raise ValueError(msg)
        if shipping_places < 0 or return_centers < 0:
            msg = "shipping_places and return_centers must be >= 0"
            raise ValueError(msg)
        limiter = (
            SlidingWindow(
                self.requests_per_second,
                block_seconds=self.block_seconds,
                warn_ratio=self.warn_ratio,
            )
            if self.requests_per_second is not None
            else None
        )
        vendor = VendorState(vendor_id, access_key, secret_key, limiter, self)
        generate(
            vendor,
            self.ids,
            seed=self.seed,
            products=products,
            orders=orders,
            shipping_places=shipping_places,
            return_centers=return_centers,
            today=self.today,
        )
        vendor.create_eager_states()
        self._vendors[vendor_id] = vendor
        self._by_access_key[access_key] = vendor
        return vendor

    @property
    def access_key(self) -> str:
        """The primary account's access key."""
        return self._primary.access_key

    @property
    def secret_key(self) -> str:
        """The primary account's secret key (a fake one: safe to print)."""
        return self._secret_key

    @property
    def vendor_id(self) -> str:
        """The primary account's vendor id."""
        return self._primary.vendor_id

    def vendor(self, vendor_id: str | None = None) -> VendorState:
        """The state of one account (the primary one by default)."""
        return self._primary if vendor_id is None else self._vendors[vendor_id]

    # --- state for tests (no HTTP) --------------------------------------------------------------

    def get_product(self, seller_product_id: int) -> dict[str, Any] | None:
        """A copy of the product exactly as ``GET …/seller-products/{id}`` returns its ``data``."""
        for vendor in self._vendors.values():
            product = vendor.products.get(seller_product_id)
            if product is not None:
                copied: dict[str, Any] = orjson.loads(orjson.dumps(product.doc))
                return copied
        return None

    def product_status(self, seller_product_id: int) -> str | None:
        """The status code (APPROVED, SAVED, …) of a product, or ``None`` if unknown."""
        for vendor in self._vendors.values():
            product = vendor.products.get(seller_product_id)
            if product is not None:
                return product.status
        return None

    def set_product_status(self, seller_product_id: int, status: str) -> None:
        """Move a product to ``status`` as Coupang's reviewers would.

        APPROVED issues vendorItemIds to options that have none; other statuses only relabel.
        """
        if status not in STATUS_NAMES:
            msg = f"unknown status {status!r}; expected one of {sorted(STATUS_NAMES)}"
            raise ValueError(msg)
        for vendor in self._vendors.values():
            product = vendor.products.get(seller_product_id)
            if product is None:
                continue
            stamp = format_dt(dt.datetime.fromtimestamp(self.clock(), KST).replace(tzinfo=None))
            if status == "APPROVED":
                _products.approve(self, vendor, product, stamp)
            else:
                product.set_status(status)
                product.add_history(stamp, STATUS_NAMES[status], "쿠팡 셀러 시스템", "상태 변경")
            return
        raise KeyError(seller_product_id)

    def vendor_item(self, vendor_item_id: int) -> ItemSnapshot | None:
        """Price, quantity and sale status of an approved option, or ``None`` if unknown."""
        for vendor in self._vendors.values():
            entry = vendor.vendor_items.get(vendor_item_id)
            if entry is not None:
                product, item = entry
                doc = item.doc
                return ItemSnapshot(
                    vendor_item_id=vendor_item_id,
                    seller_product_id=product.id,
                    seller_product_item_id=item.seller_product_item_id,
                    item_name=str(doc.get("itemName")),
                    sale_price=int(doc["salePrice"]),
                    original_price=int(doc.get("originalPrice") or 0),
                    quantity=int(doc.get("maximumBuyCount") or 0),
                    on_sale=item.on_sale,
                    product_status=product.status,
                )
        return None

    def seller_product_ids(self, status: str | None = None) -> list[int]:
        """The primary vendor's sellerProductIds (ascending), optionally of one status."""
        products = self._primary.products
        return [pid for pid in self._primary.product_ids if status in (None, products[pid].status)]

    def listable_product_ids(self) -> list[int]:
        """The primary vendor's products that the default listing returns (ascending).

        Rocket-Growth-only products (``registrationType`` RFM) are listed only with
        ``businessTypes=rocketGrowth``, as on Coupang; every other product is listed, whatever
        its status.
        """
        products = self._primary.products
        return [pid for pid in self._primary.product_ids if products[pid].is_marketplace]

    def vendor_item_ids(self, *, writable: bool = False) -> list[int]:
        """The primary vendor's marketplace vendorItemIds (ascending).

        ``writable=True`` keeps only those whose product is not deleted (price, quantity and sales
        changes succeed on them).
        """
        return sorted(
            vid
            for vid, (product, _) in self._primary.vendor_items.items()
            if not writable or product.status != "DELETED"
        )

    def product_body(self, **overrides: Any) -> dict[str, Any]:
        """A valid create body (Coupang's own sample) for the primary vendor; keys overridable."""
        return product_body(self.vendor_id, **overrides)

    def count_write(self, object_id: int, kind: str) -> None:
        """Count one successful write (used by the routes)."""
        self.write_counts[(object_id, kind)] += 1

    def writes(self, object_id: int) -> dict[str, int]:
        """Successful writes to one vendor item or product, by kind.

        Vendor items: ``price``, ``quantity``, ``original_price``, ``sales_stop``,
        ``sales_resume``. Products: ``product_create``, ``product_update``,
        ``product_partial_update``, ``product_delete``, ``product_approval``.
        """
        return {kind: n for (oid, kind), n in self.write_counts.items() if oid == object_id}

    def reset_rate_limits(self) -> None:
        """Clear every vendor's rate window and block."""
        for vendor in self._vendors.values():
            if vendor.limiter is not None:
                vendor.limiter.reset()

    # --- the order flow (state machine; see ``_fulfilment``) -------------------------------------

    def _fulfilment_state(self, vendor: VendorState) -> _fulfilment.FulfilmentState:
        return vendor.state(_fulfilment.FULFILMENT)

    def place_orders(
        self,
        count: int,
        *,
        vendor_item_ids: list[int] | None = None,
        lines: int = 1,
        ordered_at: dt.datetime | None = None,
        vendor_id: str | None = None,
    ) -> list[int]:
        """Customers pay for ``count`` new orders: ACCEPT order sheets, one shipment box each.

        Each order has ``lines`` lines (a bundled box when > 1) picked from ``vendor_item_ids``
        (default: every approved option on sale). ``orderedAt`` is ``ordered_at`` (default 09:00
        KST on ``today``) plus one second per order placed so far. Returns the shipment box ids.
        """
        if count < 0 or lines < 1:
            msg = "count must be >= 0 and lines >= 1"
            raise ValueError(msg)
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        return _fulfilment.place_orders(
            vendor,
            self.ids,
            count,
            today=self.today,
            items=vendor_item_ids,
            lines=lines,
            ordered_at=ordered_at,
            now=self.clock(),
        )

    def shipment_box_ids(
        self, status: str | None = None, vendor_id: str | None = None
    ) -> list[int]:
        """The shipment boxes of an account (ascending), optionally only those in ``status``
        (``ACCEPT`` … ``FINAL_DELIVERY``; cancelled boxes are left out)."""
        vendor = self.vendor(vendor_id)
        cancelled = self._fulfilment_state(vendor).cancelled
        return [
            int(box["shipmentBoxId"])
            for box in vendor.orders.rows
            if status in (None, box["status"]) and int(box["shipmentBoxId"]) not in cancelled
        ]

    def order_sheet(self, shipment_box_id: int, vendor_id: str | None = None) -> dict[str, Any]:
        """A copy of a stored order sheet (v4 shape), read without HTTP (KeyError if unknown)."""
        box = _fulfilment.find_box(self.vendor(vendor_id), shipment_box_id)
        if box is None:
            raise KeyError(shipment_box_id)
        copied: dict[str, Any] = orjson.loads(orjson.dumps(box))
        return copied

    def order_status(self, shipment_box_id: int, vendor_id: str | None = None) -> str:
        """A box's status (``ACCEPT`` … ``FINAL_DELIVERY``, or ``CANCELLED`` once cancelled)."""
        vendor = self.vendor(vendor_id)
        box = _fulfilment.find_box(vendor, shipment_box_id)
        if box is None:
            raise KeyError(shipment_box_id)
        if shipment_box_id in self._fulfilment_state(vendor).cancelled:
            return "CANCELLED"
        return str(box["status"])

    def advance_deliveries(self, vendor_id: str | None = None) -> int:
        """The couriers move: DEPARTURE → DELIVERING, DELIVERING → FINAL_DELIVERY (one step for
        every box placed with `place_orders`). Returns how many boxes moved."""
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        return _fulfilment.advance_deliveries(vendor, self.clock())

    def request_cancel(self, shipment_box_id: int, vendor_id: str | None = None) -> int:
        """The customer cancels a box: at ACCEPT at once, at INSTRUCT as a stop-shipment request
        (RELEASE_STOP_UNCHECKED) for the seller to settle. Returns the receipt id."""
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        return _fulfilment.request_cancel(vendor, self.ids, shipment_box_id, self.clock())

    def request_return(self, shipment_box_id: int, vendor_id: str | None = None) -> int:
        """The customer asks to return a shipped box (RETURNS_UNCHECKED). Returns the receipt id."""
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        return _fulfilment.request_return(vendor, self.ids, shipment_box_id, self.clock())

    def withdraw_return(self, receipt_id: int, vendor_id: str | None = None) -> None:
        """The customer withdraws a return: it leaves the return list; a withdrawal is recorded."""
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        _fulfilment.withdraw_return(vendor, receipt_id, self.clock())

    def request_exchange(self, shipment_box_id: int, vendor_id: str | None = None) -> int:
        """The customer asks to exchange a delivered box (RECEIPT). Returns the exchange id."""
        vendor = self.vendor(vendor_id)
        self._fulfilment_state(vendor)
        return _fulfilment.request_exchange(vendor, self.ids, shipment_box_id, self.clock())

    def return_request(self, receipt_id: int, vendor_id: str | None = None) -> dict[str, Any]:
        """A copy of a stored return / cancel receipt (KeyError if unknown or withdrawn)."""
        rows = self.vendor(vendor_id).return_requests
        index = rows.start(receipt_id)
        if index >= len(rows.keys) or rows.keys[index] != receipt_id:
            raise KeyError(receipt_id)
        copied: dict[str, Any] = orjson.loads(orjson.dumps(rows.rows[index]))
        return {k: v for k, v in copied.items() if not k.startswith("_")}

    def exchange_request(self, exchange_id: int, vendor_id: str | None = None) -> dict[str, Any]:
        """A copy of a stored exchange request (KeyError if unknown)."""
        rows = self.vendor(vendor_id).exchange_requests
        index = rows.start(exchange_id)
        if index >= len(rows.keys) or rows.keys[index] != exchange_id:
            raise KeyError(exchange_id)
        copied: dict[str, Any] = orjson.loads(orjson.dumps(rows.rows[index]))
        return copied

    def fail_box(
        self,
        shipment_box_id: int,
        result_code: str = "UNDEFINED_ERROR_OCCUR",
        *,
        times: int = 1,
        vendor_id: str | None = None,
    ) -> None:
        """The next ``times`` batch writes (acknowledgement, invoices) that include this box
        answer it with ``result_code`` (``retryRequired`` as Coupang documents for that code:
        true for ``UNDEFINED_ERROR_OCCUR``) and leave it unchanged."""
        if result_code not in _fulfilment.RETRY_REQUIRED or result_code == "OK":
            msg = f"unknown result code {result_code!r}"
            raise ValueError(msg)
        state = self._fulfilment_state(self.vendor(vendor_id))
        state.item_failures.setdefault(shipment_box_id, []).extend([result_code] * times)

    def fulfilment_log(self, vendor_id: str | None = None) -> list[_fulfilment.FulfilmentWrite]:
        """Every order-flow state change made by requests, oldest first (see `FulfilmentWrite`)."""
        return list(self._fulfilment_state(self.vendor(vendor_id)).log)

    # --- wiring ---------------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> CoupangClient:
        """A ``CoupangClient`` for the primary account, talking to this fake in-process.

        Keyword arguments go to ``CoupangClient`` and override the defaults (keys, vendor id,
        ``base_url`` and an ``httpx.ASGITransport`` for this app); tests often pass
        ``requests_per_second=None``.
        """
        from coupang_async import CoupangClient  # lazy: the fake must not need the client

        options: dict[str, Any] = {
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "vendor_id": self.vendor_id,
            "base_url": BASE_URL,
            "transport": httpx.ASGITransport(app=self),
        }
        options.update(kwargs)
        return CoupangClient(**options)

    def serve(
        self, host: str = "127.0.0.1", port: int = 0, *, max_seconds: float | None = None
    ) -> AbstractAsyncContextManager[str]:
        """Run the fake as a real loopback HTTP server (uvicorn) while the context is open.

        ``async with fake.serve() as base_url:`` yields ``http://127.0.0.1:<port>``; the server
        stops when the block exits, or after ``max_seconds`` if given. Needs the ``fake-server``
        extra (uvicorn) and asyncio.
        """
        from coupang_async.testing._server import serve

        return serve(self, host, port, max_seconds=max_seconds)

    @property
    def server_app(self) -> Callable[[Scope, Receive, Send], Any]:
        """This fake as an ASGI app for a real server: dropped connections really close.

        (``FakeCoupang`` itself raises httpx exceptions for dropped connections and timeouts,
        which is what an in-process ``httpx.ASGITransport`` client needs.)
        """

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await self._handle(scope, receive, send, server=True)

        return app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handle(scope, receive, send, server=False)

    # --- the pipeline ---------------------------------------------------------------------------

    def _transaction_id(self) -> str:
        return str(uuid.UUID(int=self._txn.getrandbits(128), version=4))

    def _gateway(self, status: int, message: str, **extra: Any) -> Response:
        response = json_response(status, gateway_body(message, self._transaction_id(), **extra))
        # The gateway's Date (on its own clock): what a client measures its clock offset by.
        response.headers.append(
            (b"date", email.utils.formatdate(self.clock(), usegmt=True).encode())
        )
        return response

    async def _handle(self, scope: Scope, receive: Receive, send: Send, *, server: bool) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: not part of the API
            return
        method: str = scope["method"]
        path: str = scope["path"]
        raw_path: bytes = scope.get("raw_path") or path.encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        body = await _read_body(receive)
        if self.arrival_jitter:
            await anyio.sleep(self._jitter.uniform(0.0, self.arrival_jitter))
        now = self.clock()
        record = RecordedRequest(method, path, raw_path, query, scope["headers"], body, now)
        if self.requests.enabled:
            self.requests.append(record)

        fault = self.faults.pick(method, path) if self.faults else None
        try:
            if fault is None:
                response = self._process(record, now)
            else:
                record.fault = fault.kind
                response = await self._faulty(record, now, fault, server=server)
        except _Drop:
            await _abort(send)
            return
        record.status = response.status
        if fault is not None and fault.kind in STREAMED:
            extra = [(b"content-type", response.content_type), *response.headers]
            await send_streamed(
                send, receive, fault, response.status, response.body, extra, server=server
            )
            return
        headers = [
            (b"content-type", response.content_type),
            (b"content-length", str(len(response.body)).encode("ascii")),
            *response.headers,
        ]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _faulty(
        self, record: RecordedRequest, now: float, fault: Fault, *, server: bool
    ) -> Response:
        kind = fault.kind
        if not fault.processed:
            if kind is FaultKind.DROP_BEFORE:
                if server:
                    raise _Drop
                msg = "FakeCoupang: connection failed before the request was processed (fault)"
                raise httpx.ConnectError(msg)
            if kind is FaultKind.TIMEOUT:
                if not server:
                    msg = "FakeCoupang: no reply in time, request not processed (fault)"
                    raise httpx.ReadTimeout(msg)
                await anyio.sleep(fault.delay)
                return self._gateway(504, REASONS[504])
            return self._fault_response(record, fault)

        response = self._process(record, now)
        if kind is FaultKind.DROP_AFTER:
            if server:
                raise _Drop
            msg = "FakeCoupang: connection dropped after the request was processed (fault)"
            raise httpx.RemoteProtocolError(msg)
        if kind is FaultKind.TIMEOUT:
            if not server:
                msg = "FakeCoupang: no reply in time, request was processed (fault)"
                raise httpx.ReadTimeout(msg)
            await anyio.sleep(fault.delay)
            return response
        if kind is FaultKind.SLOW or kind in STREAMED:  # streamed ones are sent in pieces later
            if kind is FaultKind.SLOW:
                await anyio.sleep(fault.delay)
            return response
        if kind is FaultKind.TRUNCATED_JSON:
            response.body = response.body[: len(response.body) // 2]
            return response
        if kind is FaultKind.WRONG_CONTENT_TYPE:
            response.content_type = fault.content_type.encode("latin-1")
            return response
        return self._fault_response(record, fault)

    def _fault_response(self, record: RecordedRequest, fault: Fault) -> Response:
        kind = fault.kind
        if kind is FaultKind.ACCESS_DENIED:
            return Response(403, access_denied_page(record.path), b"text/html")
        if kind is FaultKind.RATE_LIMITED:
            response = self._gateway(429, RATE_LIMIT_MESSAGE)
            if fault.retry_after is not None:
                response.headers.append((b"retry-after", f"{fault.retry_after:g}".encode()))
            return response
        if kind is FaultKind.BUSINESS_ERROR:
            return json_response(200, {"code": "ERROR", "message": fault.message, "data": None})
        # SERVER_ERROR
        if fault.body is not None:
            return Response(fault.status, fault.body, fault.content_type.encode("latin-1"))
        return self._gateway(fault.status, REASONS.get(fault.status, "Server Error"))

    def _process(self, record: RecordedRequest, now: float) -> Response:
        """Authenticate, throttle, route and handle one request."""
        authorization = None
        for name, value in record.raw_headers:
            if name == b"authorization":
                authorization = value.decode("latin-1")
                break
        if authorization is None:
            return self._gateway(401, NOT_AUTHORIZED, messages=dict(NOT_AUTHORIZED_MESSAGES))
        credentials = parse_authorization(authorization)
        if credentials is None:
            return self._gateway(401, INVALID_FORMAT)
        vendor = self._by_access_key.get(credentials.access_key)
        if vendor is None:
            return self._gateway(401, UNKNOWN_ERROR)
        if abs(now - credentials.signed_at) > self.max_clock_skew:
            return self._gateway(401, EXPIRED_SIGNATURE)
        if not vendor.verifier.verify(
            credentials, record.method, record.raw_path, record.query_string
        ):
            return self._gateway(401, INVALID_SIGNATURE)
        record.vendor_id = vendor.vendor_id

        warning: tuple[bytes, bytes] | None = None
        limiter = vendor.limiter
        if limiter is not None:
            decision = limiter.check(now)
            if decision.warn:
                text = (
                    f"throttling: {decision.used}/{decision.capacity} requests in "
                    f"{limiter.window:g}s"
                )
                warning = (b"x-cag-warnings", text.encode("ascii"))
            if not decision.allowed:
                response = self._gateway(429, RATE_LIMIT_MESSAGE)
                response.headers.append(warning or (b"x-cag-warnings", b"throttling: blocked"))
                return response

        response = self._route(record, vendor, now)
        if warning is not None:
            response.headers.append(warning)
        return response

    def _route(self, record: RecordedRequest, vendor: VendorState, now: float) -> Response:
        for declared in self._routes.get(record.method, ()):
            found = declared.matcher(record.path)
            if found is None:
                continue
            params = found.groupdict()
            if params.get("vendorId", vendor.vendor_id) != vendor.vendor_id:
                break  # another vendor's id in the path: the gateway answers 404
            call = Call(self, vendor, record.method, params, record.query_string, record.body, now)
            try:
                return declared.handler(call)
            except ApiError as error:
                return json_response(error.status, error.payload)
        return self._gateway(404, NOT_FOUND_MESSAGE)

    def __repr__(self) -> str:
        return (
            f"FakeCoupang(vendor_id={self.vendor_id!r}, access_key={self.access_key!r}, "
            f"products={len(self._primary.products)}, vendors={len(self._vendors)})"
        )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _abort(send: Send) -> None:
    """Server mode: start a reply and stop, so the server closes the connection mid-response."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", JSON_CONTENT_TYPE), (b"content-length", b"1024")],
        }
    )


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
