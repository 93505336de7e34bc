"""In-memory state of the fake: one ``VendorState`` per seller account, raw JSON-like dicts inside.

Products are kept exactly in the shape ``GET …/seller-products/{id}`` returns:
``Product.doc`` is that ``data`` object, including keys the fake does not know (whatever a client
sent is stored and returned, so a client that drops fields shows up in tests). Bookkeeping that is
not part of that document (status code, createdAt, history, sale status, Rocket Growth ids) lives on
``Product`` / ``Item`` next to it.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from coupang_async.testing._signing import Verifier

if TYPE_CHECKING:
    from coupang_async.testing._ratelimit import SlidingWindow
    from coupang_async.testing._routing import Gateway

S = TypeVar("S")

STATUS_NAMES: Final = {
    "IN_REVIEW": "심사중",
    "SAVED": "임시저장",
    "APPROVING": "승인대기중",
    "APPROVED": "승인완료",
    "PARTIAL_APPROVED": "부분승인완료",
    "DENIED": "승인반려",
    "DELETED": "상품삭제",
}
STATUSES: Final = tuple(STATUS_NAMES)
SYSTEM_USER: Final = "쿠팡 셀러 시스템"

# Response-only product fields; the server owns them, whatever a client sends back.
SERVER_PRODUCT_FIELDS: Final = (
    "categoryId",
    "productId",
    "mdId",
    "mdName",
    "statusName",
    "bundlePackingDelivery",
    "exchangeType",
    "contributorType",
)
SERVER_ITEM_FIELDS: Final = ("supplyPrice", "bestPriceGuaranteed3P", "saleAgentCommission")


class Item:
    """One option of a product: its document plus sale status and Rocket Growth ids."""

    __slots__ = ("doc", "marketplace", "on_sale", "rocket_growth")

    def __init__(
        self,
        doc: dict[str, Any],
        *,
        on_sale: bool = True,
        marketplace: bool = True,
        rocket_growth: dict[str, Any] | None = None,
    ) -> None:
        self.doc = doc
        self.on_sale = on_sale
        self.marketplace = marketplace  # False for Rocket-Growth-only options
        self.rocket_growth = rocket_growth  # {"vendorInventoryItemId", "vendorItemId"} or None

    @property
    def vendor_item_id(self) -> int | None:
        """The marketplace vendorItemId (``None`` until approved)."""
        value = self.doc.get("vendorItemId")
        return value if isinstance(value, int) else None

    @property
    def seller_product_item_id(self) -> int:
        """The registered option id."""
        return int(self.doc["sellerProductItemId"])

    def marketplace_summary(self) -> dict[str, Any] | None:
        """``marketPlaceItem`` of the Rocket Growth listing (Coupang's documentation)."""
        if not self.marketplace:
            return None
        return {
            "vendorInventoryItemId": self.seller_product_item_id,
            "vendorItemId": self.vendor_item_id,
        }


class Product:
    """A registered product (``doc`` is the GET ``data`` object) and its bookkeeping."""

    __slots__ = (
        "created_at",
        "doc",
        "history",
        "items",
        "registration_type",
        "status",
        "violations",
    )

    def __init__(
        self,
        doc: dict[str, Any],
        items: list[Item],
        *,
        status: str,
        created_at: str,
        registration_type: str | None = None,
        violations: frozenset[str] = frozenset(),
    ) -> None:
        self.doc = doc
        self.items = items
        self.status = status
        self.created_at = created_at
        self.registration_type = registration_type  # None | "NORMAL" (hybrid) | "RFM" (RG only)
        self.violations = violations
        self.history: list[dict[str, Any]] = []  # oldest first
        doc["statusName"] = STATUS_NAMES[status]

    @property
    def id(self) -> int:
        """The sellerProductId."""
        return int(self.doc["sellerProductId"])

    def set_status(self, status: str) -> None:
        """Change the status code and the Korean ``statusName`` together."""
        self.status = status
        self.doc["statusName"] = STATUS_NAMES[status]

    @property
    def is_marketplace(self) -> bool:
        """Listed by the default product listing (marketplace-only or hybrid)."""
        return self.registration_type != "RFM"

    @property
    def is_rocket_growth(self) -> bool:
        """Listed with ``businessTypes=rocketGrowth`` (Rocket Growth only or hybrid)."""
        return self.registration_type is not None

    def add_history(self, created_at: str, status: str, created_by: str, comment: str) -> None:
        """Append one status-history entry (§5.9 field names: ``status`` not ``statusName``)."""
        self.history.append(
            {"createdAt": created_at, "status": status, "createdBy": created_by, "comment": comment}
        )

    def summary(self) -> dict[str, Any]:
        """A product listing / SKU lookup entry (§5.7, §5.10)."""
        doc = self.doc
        return {
            "sellerProductId": doc["sellerProductId"],
            "sellerProductName": doc.get("sellerProductName"),
            "displayCategoryCode": doc.get("displayCategoryCode"),
            "categoryId": doc.get("categoryId"),
            "productId": doc.get("productId"),
            "vendorId": doc.get("vendorId"),
            "mdId": doc.get("mdId"),
            "mdName": doc.get("mdName"),
            "saleStartedAt": doc.get("saleStartedAt"),
            "saleEndedAt": doc.get("saleEndedAt"),
            "brand": doc.get("brand"),
            "statusName": doc["statusName"],
            "createdAt": self.created_at,
        }

    def rocket_growth_summary(self) -> dict[str, Any]:
        """A listing entry under ``businessTypes=rocketGrowth`` (documented field order)."""
        items = [
            {
                "itemName": item.doc.get("itemName"),
                "marketPlaceItem": item.marketplace_summary(),
                "rocketGrowthItem": dict(item.rocket_growth) if item.rocket_growth else None,
            }
            for item in self.items
        ]
        return {
            "items": items,
            **self.summary(),
            "registrationType": self.registration_type,
        }


class Ids:
    """Allocates ids in Coupang's ranges; each kind grows monotonically by a random stride."""

    __slots__ = (
        "_extra",
        "_rng",
        "_seed",
        "exchange",
        "item",
        "order",
        "product",
        "receipt",
        "seller_product",
        "shipment_box",
        "vendor_item",
    )

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ids:{seed}")
        self._seed = seed
        self._extra: dict[str, list[Any]] = {}
        self.seller_product = 1_000_000_000 + self._rng.randrange(10_000_000)
        self.item = 2_000_000_000 + self._rng.randrange(10_000_000)
        self.vendor_item = 3_000_000_000 + self._rng.randrange(10_000_000)
        self.product = 10_000_000 + self._rng.randrange(1_000_000)
        self.shipment_box = 640_000_000_000_000_000 + self._rng.randrange(10**15)
        self.order = 20_000_000_000_000 + self._rng.randrange(10**11)
        self.receipt = 300_000_000 + self._rng.randrange(10**6)
        self.exchange = 100_000_000 + self._rng.randrange(10**6)

    def next(self, kind: str, *, start: int, stride: int = 1_000) -> int:
        """A new id of a kind the fields above do not cover (inquiry ids, coupon ids, ...).

        The first id of ``kind`` is a little above ``start``; each next one grows by 1 …
        ``stride``. Each kind has its own random sequence (derived from the seed and the name), so
        adding a kind never shifts the ids of the others.
        """
        counter = self._extra.get(kind)
        if counter is None:
            rng = random.Random(f"ids:{self._seed}:{kind}")
            counter = self._extra[kind] = [start, rng]
        value: int = counter[0] + counter[1].randint(1, stride)
        counter[0] = value
        return value

    def _next(self, kind: str, stride: int) -> int:
        value: int = getattr(self, kind) + self._rng.randint(1, stride)
        setattr(self, kind, value)
        return value

    def next_seller_product_id(self, stride: int = 1_000) -> int:
        """A new sellerProductId (about 1e9 … 1.6e10)."""
        return self._next("seller_product", stride)

    def next_item_id(self, stride: int = 1_000) -> int:
        """A new sellerProductItemId."""
        return self._next("item", stride)

    def next_vendor_item_id(self, stride: int = 5_000) -> int:
        """A new vendorItemId (about 3e9 … 9e10)."""
        return self._next("vendor_item", stride)

    def next_product_id(self, stride: int = 2_000) -> int:
        """A new display productId."""
        return self._next("product", stride)

    def next_shipment_box_id(self, stride: int = 10**9) -> int:
        """A new shipmentBoxId (18 digits since 2024-11, Coupang's documentation)."""
        return self._next("shipment_box", stride)

    def next_order_id(self, stride: int = 10**6) -> int:
        """A new orderId (14 digits)."""
        return self._next("order", stride)

    def next_receipt_id(self, stride: int = 50) -> int:
        """A new return receiptId."""
        return self._next("receipt", stride)

    def next_exchange_id(self, stride: int = 50) -> int:
        """A new exchangeId."""
        return self._next("exchange", stride)


class Keyed:
    """A list of dicts kept sorted by one integer key, for keyset (``nextToken``) paging."""

    __slots__ = ("_key", "keys", "rows")

    def __init__(self, key: str) -> None:
        self._key = key
        self.rows: list[dict[str, Any]] = []
        self.keys: list[int] = []

    def add(self, row: dict[str, Any]) -> None:
        """Insert ``row`` at its place (usually the end: ids grow)."""
        key = int(row[self._key])
        index = bisect.bisect_right(self.keys, key)
        self.keys.insert(index, key)
        self.rows.insert(index, row)

    def start(self, key: int) -> int:
        """Index of the first row whose key is >= ``key``."""
        return bisect.bisect_left(self.keys, key)

    def __len__(self) -> int:
        return len(self.rows)


class StateKey(Generic[S]):
    """Names one family's per-vendor state and says how to create it.

    Declare one at module level in the family's module, next to its routes::

        INQUIRIES: Final = StateKey("inquiries", Inquiries.generate)   # (vendor, gateway) -> state

    and read it with ``call.state(INQUIRIES)`` in a handler or ``fake.vendor().state(INQUIRIES)``
    in a test. The factory runs once per vendor: on first use, or when the vendor is added if
    ``eager=True`` (in declaration order, after the product catalogue; use it when the state must
    exist before any request, e.g. generated data that a startup banner counts). A factory that
    generates data should draw from its own ``random.Random`` derived from ``gateway.seed`` and the
    vendor id (and new ids from ``gateway.ids.next(kind, ...)``), so the data does not depend on the
    order in which families are first used.
    """

    __slots__ = ("eager", "factory", "name")

    def __init__(
        self, name: str, factory: Callable[[VendorState, Gateway], S], *, eager: bool = False
    ) -> None:
        if name in _STATE_KEYS:
            msg = f"a per-vendor state named {name!r} is already declared"
            raise ValueError(msg)
        self.name = name
        self.factory = factory
        self.eager = eager
        _STATE_KEYS[name] = self

    def __repr__(self) -> str:
        return f"StateKey({self.name!r})"


_STATE_KEYS: Final[dict[str, StateKey[Any]]] = {}


class VendorState:
    """Everything one seller account owns in the fake.

    The fields below belong to the first families (products, orders, logistics); a new family keeps
    its state in its own object, declared with a ``StateKey`` and read with ``state(key)``.
    """

    def __init__(
        self,
        vendor_id: str,
        access_key: str,
        secret_key: str,
        limiter: SlidingWindow | None,
        gateway: Gateway,
    ) -> None:
        self.gateway = gateway
        self._states: dict[str, Any] = {}
        self.vendor_id = vendor_id
        self.access_key = access_key
        self.verifier = Verifier(secret_key)
        self.limiter = limiter
        self.vendor_name = "(주)페이크상사"
        self.vendor_user_id = "fakeseller"
        self.products: dict[int, Product] = {}
        self.product_ids: list[int] = []  # sorted
        self.vendor_items: dict[int, tuple[Product, Item]] = {}
        self.orders = Keyed("shipmentBoxId")
        self.return_requests = Keyed("receiptId")
        self.exchange_requests = Keyed("exchangeId")
        self.shipping_places: list[dict[str, Any]] = []
        self.return_centers: list[dict[str, Any]] = []

    def state(self, key: StateKey[S]) -> S:
        """This vendor's state of one family, created by ``key.factory`` on first use."""
        try:
            value: S = self._states[key.name]
        except KeyError:
            value = self._states[key.name] = key.factory(self, self.gateway)
        return value

    def create_eager_states(self) -> None:
        """Create every state declared with ``eager=True`` (called when the vendor is added)."""
        for key in tuple(_STATE_KEYS.values()):
            if key.eager:
                self.state(key)

    def add_product(self, product: Product) -> None:
        """Register ``product`` and index its approved marketplace options."""
        pid = product.id
        self.products[pid] = product
        bisect.insort(self.product_ids, pid)
        self.index_items(product)

    def index_items(self, product: Product) -> None:
        """(Re)index the vendorItemIds of ``product``."""
        for item in product.items:
            vid = item.vendor_item_id
            if vid is not None and item.marketplace:
                self.vendor_items[vid] = (product, item)

    def return_center_codes(self) -> set[str]:
        """Codes accepted as ``returnCenterCode``."""
        return {str(c["returnCenterCode"]) for c in self.return_centers}

    def shipping_place_codes(self) -> set[int]:
        """Codes accepted as ``outboundShippingPlaceCode``."""
        return {int(p["outboundShippingPlaceCode"]) for p in self.shipping_places}
