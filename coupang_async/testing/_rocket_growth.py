"""Rocket Growth reads (``rg_open_api``): orders and inventory of the vendor's Rocket Growth items.

Generated per vendor from the catalogue's Rocket Growth options (RFM and hybrid products): a few
orders a day over the 30 days ending ``today`` and one stock line per option. Answers carry a
numeric ``code`` 200 and ``message`` "SUCCESS"; the listing writes ``paidAt`` as epoch
milliseconds text and the unit price as ``unitSalesPrice``, the single order ISO-8601 and
``salesPrice`` (as Coupang's samples do). These APIs allow 50 calls a minute per vendor: the 51st
within any 60 s is answered 429.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from typing import TYPE_CHECKING, Any, Final

from coupang_async.testing._http import KST, Call, Response, json_response, ok, openapi_error
from coupang_async.testing._routing import VENDOR, Gateway, route
from coupang_async.testing._store import StateKey

if TYPE_CHECKING:
    from coupang_async.testing._store import VendorState

__all__ = ["CALLS_PER_MINUTE", "ROCKET_GROWTH", "RocketGrowth"]

CALLS_PER_MINUTE: Final = 50
PAGE_SIZE: Final = 50
_RG: Final = rf"/v2/providers/rg_open_api/apis/api/v1{VENDOR}/rg"
_BAD_PARAMS: Final = (
    "요청에 매개변수가 누락되었거나 매개변수가 유효하지 않아 구문 분석할 수 없습니다."
)
_MAX_DAYS: Final = 30


class RocketGrowth:
    """A vendor's Rocket Growth orders (by paid time) and stock, and its call window."""

    def __init__(self, orders: list[dict[str, Any]], stock: list[dict[str, Any]]) -> None:
        self.orders = orders
        self.stock = stock
        self.calls: deque[float] = deque()

    @classmethod
    def generate(cls, vendor: VendorState, gateway: Gateway) -> RocketGrowth:
        rng = random.Random(f"rocket_growth:{gateway.seed}:{vendor.vendor_id}")
        options = [
            (product, item)
            for pid in vendor.product_ids
            for product in (vendor.products[pid],)
            if product.is_rocket_growth
            for item in product.items
            if item.rocket_growth and isinstance(item.rocket_growth.get("vendorItemId"), int)
        ]
        stock = [
            {
                "vendorId": vendor.vendor_id,
                "vendorItemId": item.rocket_growth["vendorItemId"],  # type: ignore[index]
                "externalSkuId": 10_000_000 + index,
                "inventoryDetails": {"totalOrderableQuantity": rng.randrange(0, 200)},
                "salesCountMap": {"SALES_COUNT_LAST_THIRTY_DAYS": rng.randrange(0, 60)},
            }
            for index, (_, item) in enumerate(options)
        ]
        orders: list[dict[str, Any]] = []
        if options:
            first = gateway.today - dt.timedelta(days=_MAX_DAYS - 1)
            order_id = 70_000_000_000 + rng.randrange(10**6)
            for day in range(_MAX_DAYS):
                date = first + dt.timedelta(days=day)
                for _ in range(rng.randrange(1, 4)):
                    order_id += rng.randrange(1, 1000)
                    paid = dt.datetime.combine(date, dt.time(0), KST) + dt.timedelta(
                        seconds=rng.randrange(86_400)
                    )
                    lines = rng.sample(options, min(len(options), rng.choice((1, 1, 2))))
                    orders.append(
                        {
                            "vendorId": vendor.vendor_id,
                            "orderId": order_id,
                            "paidAt": str(int(paid.timestamp() * 1000)),
                            "orderItems": [
                                {
                                    "vendorItemId": item.rocket_growth["vendorItemId"],  # type: ignore[index]
                                    "productName": f"{product.doc.get('sellerProductName')}, "
                                    f"{item.doc.get('itemName')}",
                                    "salesQuantity": rng.choice((1, 1, 2)),
                                    "unitSalesPrice": int(item.doc.get("salePrice") or 10_000),
                                    "currency": "KRW",
                                }
                                for product, item in lines
                            ],
                        }
                    )
            orders.sort(key=lambda order: int(order["paidAt"]))
        return cls(orders, stock)


ROCKET_GROWTH: Final = StateKey("rocket_growth", RocketGrowth.generate)


def _admit(call: Call) -> RocketGrowth:
    """The state, after counting this call against 50 a minute (429 beyond)."""
    state = call.state(ROCKET_GROWTH)
    while state.calls and state.calls[0] <= call.now - 60.0:
        state.calls.popleft()
    if len(state.calls) >= CALLS_PER_MINUTE:
        from coupang_async.testing._http import ApiError

        raise ApiError(429, {"code": 429, "message": "Too Many Requests", "data": None})
    state.calls.append(call.now)
    return state


def _day(text: str | None) -> dt.date:
    if not text or len(text) != 8 or not text.isdigit():
        raise openapi_error(_BAD_PARAMS)
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise openapi_error(_BAD_PARAMS) from None


def _page(rows: list[dict[str, Any]], token: str | None) -> tuple[list[dict[str, Any]], str]:
    start = 0
    if token:
        if not token.isdigit():
            raise openapi_error(_BAD_PARAMS)
        start = int(token)
    page = rows[start : start + PAGE_SIZE]
    following = start + PAGE_SIZE
    return page, str(following) if following < len(rows) else ""


@route("GET", rf"{_RG}/orders")
def list_orders(call: Call) -> Response:
    """GET …/rg/orders?paidDateFrom=yyyymmdd&paidDateTo=yyyymmdd[&nextToken=]."""
    state = _admit(call)
    low, high = _day(call.query.get("paidDateFrom")), _day(call.query.get("paidDateTo"))
    if high < low or (high - low).days >= _MAX_DAYS:
        raise openapi_error(_BAD_PARAMS)
    start = int(dt.datetime.combine(low, dt.time(0), KST).timestamp() * 1000)
    end = int(dt.datetime.combine(high + dt.timedelta(days=1), dt.time(0), KST).timestamp() * 1000)
    rows = [o for o in state.orders if start <= int(o["paidAt"]) < end]
    page, token = _page(rows, call.query.get("nextToken"))
    return ok({"code": 200, "message": "SUCCESS", "data": page, "nextToken": token})


@route("GET", rf"{_RG}/order/(?P<orderId>\d+)")
def get_order(call: Call) -> Response:
    """GET …/rg/order/{orderId}: one object, ISO ``paidAt``, ``salesPrice``."""
    state = _admit(call)
    order_id = call.int_param("orderId")
    for order in state.orders:
        if order["orderId"] == order_id:
            paid = dt.datetime.fromtimestamp(int(order["paidAt"]) / 1000, dt.UTC)
            items = [
                {
                    "vendorItemId": item["vendorItemId"],
                    "productName": item["productName"],
                    "salesQuantity": item["salesQuantity"],
                    "salesPrice": item["unitSalesPrice"],
                    "currency": item["currency"],
                }
                for item in order["orderItems"]
            ]
            data = {
                "vendorId": order["vendorId"],
                "orderId": order_id,
                "paidAt": paid.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "orderItems": items,
            }
            return ok({"code": 200, "message": "SUCCESS", "data": data})
    raise openapi_error("주문 번호가 잘못되었습니다.")


@route("GET", rf"{_RG}/inventory/summaries")
def list_inventory(call: Call) -> Response:
    """GET …/rg/inventory/summaries[?vendorItemId=][&nextToken=]."""
    state = _admit(call)
    wanted = call.query.get("vendorItemId")
    if wanted:
        if not wanted.isdigit():
            return json_response(
                400,
                {
                    "code": 400,
                    "message": "Request has missing or invalid parameters and cannot be parsed.",
                    "data": None,
                },
            )
        rows = [s for s in state.stock if s["vendorItemId"] == int(wanted)]
        return ok({"code": 200, "message": "SUCCESS", "data": rows, "nextToken": ""})
    page, token = _page(state.stock, call.query.get("nextToken"))
    return ok({"code": 200, "message": "SUCCESS", "data": page, "nextToken": token})
