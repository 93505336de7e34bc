"""Revenue history (매출내역) and settlement histories (지급내역), generated from delivered orders.

* ``GET /v2/providers/openapi/apis/api/v1/revenue-history``: one ``SALE`` row per delivered
  order of the vendor (``status`` FINAL_DELIVERY: the listed order sheets of the last week and
  a history of older deliveries over the ``HISTORY_DAYS`` days before them, which exist only as
  revenue), recognised 7 days after delivery, plus a
  ``REFUND`` row (negative amounts) for about one in ten of them, recognised 3 days later. Query
  ``vendorId``, ``recognitionDateFrom`` / ``recognitionDateTo`` (``yyyy-MM-dd``, at most 31 days,
  ``recognitionDateTo`` before today in KST by the fake's clock), ``token`` (required, empty on the
  first page) and ``maxPerPage`` (1–50, default 50). Answer ``{code, message, data, hasNext,
  nextToken}``; the token is opaque (here ``<recognitionDate>.<orderId>.<saleType>`` of the next
  row, so paging stays stable).
* ``GET /v2/providers/marketplace_openapi/apis/api/v1/settlement-histories``: the payouts of one
  recognition month as a bare JSON array: a ``WEEKLY`` row per week with revenue (70 % paid) and
  a ``RESERVE`` row (the other 30 %).

Extra rows for tests: ``revenue(vendor).add(row)`` with a wire dict.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import random
import re
from typing import Any, Final

from coupang_async.testing._http import KST, ApiError, Call, Response, ok
from coupang_async.testing._routing import MARKETPLACE_OPENAPI, OPENAPI, Gateway, route
from coupang_async.testing._store import StateKey, VendorState

__all__ = ["REVENUE", "RevenueState", "revenue"]

ONLY_UNTIL_YESTERDAY: Final = "dateTo: 전일까지만 조회할 수 있습니다."
RANGE_TOO_WIDE: Final = "dateFrom, dateTo: 1달 이내의 범위로만 조회가능합니다."
TOKEN_MISSING: Final = "Required String parameter 'token' is not present"  # noqa: S105
VENDOR_MISSING: Final = "Required String parameter 'vendorId' is not present"
BAD_TOKEN: Final = "token: Invalid format. 첫 페이지 호출 시에는 비워두세요."  # noqa: S105
BAD_MONTH: Final = "Invalid revenueRecognitionYearMonth format (yyyy-MM)"
FUTURE_MONTH: Final = "해당월까지만 조회할 수 있습니다."
MAX_DAYS: Final = 31
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH: Final = re.compile(r"\d{4}-\d{2}")
_TOKEN: Final = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d+)\.(SALE|REFUND)")


def _error(message: str, status: int = 400) -> ApiError:
    return ApiError(status, {"code": status, "message": message, "data": None})


def _key(row: dict[str, Any]) -> tuple[str, int, str]:
    return (str(row["recognitionDate"]), int(row["orderId"]), str(row["saleType"]))


class RevenueState:
    """One vendor's revenue rows, sorted by (recognitionDate, orderId, saleType)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.keys: list[tuple[str, int, str]] = []

    def add(self, row: dict[str, Any]) -> None:
        """Add a wire row (``recognitionDate``, ``orderId`` and ``saleType`` are required)."""
        key = _key(row)
        index = bisect.bisect_left(self.keys, key)
        self.keys.insert(index, key)
        self.rows.insert(index, row)

    def between(self, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        """The rows recognised from ``start`` to ``end`` (both inclusive)."""
        low = bisect.bisect_left(self.keys, (start.isoformat(), -1, ""))
        high = bisect.bisect_left(self.keys, ((end + dt.timedelta(days=1)).isoformat(), -1, ""))
        return self.rows[low:high]

    @classmethod
    def from_orders(cls, orders: list[dict[str, Any]], rng: random.Random) -> RevenueState:
        """Revenue of the delivered orders (see the module docstring)."""
        state = cls()
        for order in orders:
            delivered = order.get("deliveredDate")
            if order.get("status") != "FINAL_DELIVERY" or not delivered:
                continue
            day = dt.date.fromisoformat(str(delivered)[:10])
            sale = _row(order, "SALE", day + dt.timedelta(days=7))
            state.add(sale)
            if rng.random() < 0.1:
                state.add(_row(order, "REFUND", day + dt.timedelta(days=10)))
        return state


def _row(order: dict[str, Any], sale_type: str, recognized: dt.date) -> dict[str, Any]:
    sign = -1 if sale_type == "REFUND" else 1
    items = []
    for item in order.get("orderItems") or ():
        price = int(item.get("orderPrice") or 0) * sign
        fee = price * 8 // 100
        vat = fee // 10
        items.append(
            {
                "taxType": "TAX",
                "productId": item.get("productId"),
                "productName": item.get("sellerProductName"),
                "vendorItemId": item.get("vendorItemId"),
                "vendorItemName": item.get("vendorItemName"),
                "salePrice": price,
                "quantity": int(item.get("shippingCount") or 0) * sign,
                "coupangDiscountCoupon": 0,
                "discountCouponPolicyAgreement": True,
                "saleAmount": price,
                "sellerDiscountCoupon": 0,
                "downloadableCoupon": 0,
                "serviceFee": fee,
                "serviceFeeVat": vat,
                "serviceFeeRatio": 8,
                "settlementAmount": price - fee - vat,
                "couranteeFeeRatio": 0,
                "couranteeFee": 0,
                "couranteeFeeVat": 0,
                "externalSellerSkuCode": item.get("externalVendorSkuCode") or "",
                "storeFeeDiscount": 0,
                "storeFeeDiscountVat": 0,
            }
        )
    shipping = int(order.get("shippingPrice") or 0) * sign
    fee = shipping * 3 // 100
    settled = recognized + dt.timedelta(days=15)
    return {
        "orderId": order["orderId"],
        "saleType": sale_type,
        "saleDate": str(order.get("paidAt") or order.get("orderedAt"))[:10],
        "recognitionDate": recognized.isoformat(),
        "settlementDate": settled.isoformat(),
        "finalSettlementDate": (settled + dt.timedelta(days=30)).isoformat(),
        "deliveryFee": {
            "amount": shipping,
            "fee": fee,
            "feeVat": fee // 10,
            "feeRatio": 3,
            "settlementAmount": None,
            "baseAmount": shipping,
            "baseFee": fee,
            "baseFeeVat": fee // 10,
            "remoteAmount": 0,
            "remoteFee": 0,
            "remoteFeeVat": 0,
        },
        "items": items,
    }


HISTORY_DAYS: Final = 120


def _history(vendor: VendorState, gateway: Gateway, rng: random.Random) -> list[dict[str, Any]]:
    """Delivered orders of the ``HISTORY_DAYS`` days before the generated order week.

    The fake's order listings hold only the last week; revenue needs older deliveries. These
    orders exist only as revenue (they are not listed as order sheets): a few a day on the
    vendor's approved options, ids from their own sequence.
    """
    pool = [
        (product, item)
        for product, item in vendor.vendor_items.values()
        if product.status == "APPROVED"
    ]
    if not pool:
        return []
    pool.sort(key=lambda pair: pair[1].vendor_item_id or 0)
    per_day = max(1, len(pool) // 25)
    first = gateway.today - dt.timedelta(days=HISTORY_DAYS + 7)
    orders: list[dict[str, Any]] = []
    for offset in range(HISTORY_DAYS):
        day = first + dt.timedelta(days=offset)
        for _ in range(rng.randint(0, 2 * per_day)):
            lines = []
            for product, item in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))):
                count = rng.choice((1, 1, 2))
                price = int(item.doc.get("salePrice") or 0)
                lines.append(
                    {
                        "productId": product.doc.get("productId"),
                        "sellerProductName": product.doc.get("sellerProductName"),
                        "vendorItemId": item.vendor_item_id,
                        "vendorItemName": f"{product.doc.get('sellerProductName')}, "
                        f"{item.doc.get('itemName')}",
                        "shippingCount": count,
                        "orderPrice": price * count,
                        "externalVendorSkuCode": item.doc.get("externalVendorSku"),
                    }
                )
            paid = day - dt.timedelta(days=rng.randint(1, 3))
            orders.append(
                {
                    "orderId": gateway.ids.next(
                        "revenue-order", start=19_000_000_000_000, stride=10**6
                    ),
                    "status": "FINAL_DELIVERY",
                    "paidAt": f"{paid.isoformat()}T10:00:00",
                    "deliveredDate": f"{day.isoformat()} 18:00:00",
                    "shippingPrice": rng.choice((0, 0, 2500, 3000)),
                    "orderItems": lines,
                }
            )
    return orders


def _generate(vendor: VendorState, gateway: Gateway) -> RevenueState:
    rng = random.Random(f"revenue:{gateway.seed}:{vendor.vendor_id}")
    orders = _history(vendor, gateway, rng) + list(vendor.orders.rows)
    return RevenueState.from_orders(orders, rng)


#: The per-vendor revenue rows (``fake.vendor().state(REVENUE)`` in tests).
REVENUE: Final = StateKey("revenue", _generate)


def revenue(vendor: VendorState) -> RevenueState:
    """The revenue rows of one vendor of the fake."""
    return vendor.state(REVENUE)


def _date(call: Call, name: str) -> dt.date:
    text = call.query.get(name)
    if text is None:
        raise _error(f"Required String parameter '{name}' is not present")
    try:
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _error(f"{name}: Invalid format. 'yyyy-MM-dd' 형식을 사용하세요.") from None


@route("GET", rf"{OPENAPI}/v1/revenue-history")
def list_revenue_history(call: Call) -> Response:
    """GET /v2/providers/openapi/apis/api/v1/revenue-history."""
    query = call.query
    vendor_id = query.get("vendorId")
    if not vendor_id:
        raise _error(VENDOR_MISSING)
    if vendor_id != call.vendor.vendor_id:
        raise _error("The vendorId doesn't match the one got from api-gateway.")
    start = _date(call, "recognitionDateFrom")
    end = _date(call, "recognitionDateTo")
    if "token" not in query:
        raise _error(TOKEN_MISSING)
    today = dt.datetime.fromtimestamp(call.now, KST).date()
    if end >= today:
        raise _error(ONLY_UNTIL_YESTERDAY)
    if end < start or (end - start).days >= MAX_DAYS:
        raise _error(RANGE_TOO_WIDE)
    size_text = query.get("maxPerPage") or "50"
    if not size_text.isascii() or not size_text.isdigit() or not 1 <= int(size_text) <= 50:
        raise _error("maxPerPage: 1~50 사이의 값을 입력하세요.")  # fake's wording
    size = int(size_text)
    rows = call.state(REVENUE).between(start, end)
    token = query.get("token") or ""
    first = 0
    if token:
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise _error(BAD_TOKEN)
        wanted = (match.group(1), int(match.group(2)), match.group(3))
        first = bisect.bisect_left([_key(r) for r in rows], wanted)
    page = rows[first : first + size]
    following = rows[first + size] if first + size < len(rows) else None
    next_token = "" if following is None else "{}.{}.{}".format(*_key(following))
    return ok(
        {
            "code": 200,
            "message": "OK",
            "data": page,
            "hasNext": following is not None,
            "nextToken": next_token,
        }
    )


def settlements_of(state: RevenueState, month: str) -> list[dict[str, Any]]:
    """The payouts of a recognition month (``yyyy-MM``), derived from the revenue rows."""
    year, number = int(month[:4]), int(month[5:7])
    first = dt.date(year, number, 1)
    last = dt.date(year, number, calendar.monthrange(year, number)[1])
    result: list[dict[str, Any]] = []
    total_target = 0
    total_sale = 0
    total_fee = 0
    week_start = first
    while week_start <= last:
        week_end = min(week_start + dt.timedelta(days=6 - week_start.weekday()), last)
        rows = state.between(week_start, week_end)
        sale = sum(int(i["saleAmount"]) for r in rows for i in r["items"]) + sum(
            int(r["deliveryFee"]["amount"]) for r in rows
        )
        fee = sum(int(i["serviceFee"]) + int(i["serviceFeeVat"]) for r in rows for i in r["items"])
        if rows:
            target = sale - fee
            total_target += target
            total_sale += sale
            total_fee += fee
            result.append(
                _settlement(
                    "WEEKLY",
                    week_end + dt.timedelta(days=11),
                    month,
                    week_start,
                    week_end,
                    sale,
                    fee,
                    target,
                    target * 7 // 10,
                )
            )
        week_start = week_end + dt.timedelta(days=1)
    if result:
        paid = sum(int(r["settlementAmount"]) for r in result)
        result.append(
            _settlement(
                "RESERVE",
                last + dt.timedelta(days=45),
                month,
                first,
                last,
                total_sale,
                total_fee,
                total_target,
                total_target - paid,
            )
        )
    return result


def _settlement(
    kind: str,
    day: dt.date,
    month: str,
    start: dt.date,
    end: dt.date,
    sale: int,
    fee: int,
    target: int,
    amount: int,
) -> dict[str, Any]:
    return {
        "settlementType": kind,
        "settlementDate": day.isoformat(),
        "revenueRecognitionYearMonth": month,
        "revenueRecognitionDateFrom": start.isoformat(),
        "revenueRecognitionDateTo": end.isoformat(),
        "totalSale": sale,
        "serviceFee": fee,
        "settlementTargetAmount": target,
        "settlementAmount": amount,
        "lastAmount": target - amount if kind == "WEEKLY" else 0,
        "pendingReleasedAmount": 0,
        "sellerDiscountCoupon": 0,
        "downloadableCoupon": 0,
        "dedicatedDeliveryAmount": 0,
        "sellerServiceFee": 0,
        "couranteeFee": 0,
        "couranteeCustomerReward": 0,
        "deductionAmount": 0,
        "debtOfLastWeek": 0,
        "finalAmount": amount,
        "bankAccountHolder": "(주)페이크상사",
        "bankName": "**은행",
        "bankAccount": "110123****",
        "status": "DONE",
        "storeFeeDiscount": 0,
    }


@route("GET", rf"{MARKETPLACE_OPENAPI}/v1/settlement-histories")
def list_settlement_histories(call: Call) -> Response:
    """GET /v2/providers/marketplace_openapi/apis/api/v1/settlement-histories (bare array)."""
    month = call.query.get("revenueRecognitionYearMonth")
    if month is None:
        raise _error("Required String parameter 'revenueRecognitionYearMonth' is not present")
    if not _MONTH.fullmatch(month) or not 1 <= int(month[5:7]) <= 12:
        raise _error(BAD_MONTH)
    now = dt.datetime.fromtimestamp(call.now, KST).date()
    if month > now.strftime("%Y-%m"):
        raise _error(FUTURE_MONTH)
    return ok(settlements_of(call.state(REVENUE), month))
