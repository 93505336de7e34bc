"""Order sheets, return / cancel requests and exchange requests (``openapi``).

All three answer ``{"code": 200, "message": "OK", "data": [...], "nextToken": …}`` with a numeric
``code`` and a top-level ``nextToken`` that is ``""`` on the last page. The token is opaque to
clients; in the fake it is the id (shipmentBoxId / receiptId / exchangeId) of the first row of the
next page, so paging stays stable while rows are added.

Versions: ordersheets v4 (dates ``yyyy-MM-dd``, money as numbers) and v5 (dates
``yyyy-MM-dd+09:00`` — the ``+`` must be sent as ``%2B`` — money as
``{currencyCode, units, nanos}``, ISO-8601 timestamps with offset, E.164-style phone numbers);
returnRequests v4 and v6 (the fake serves v6 with the v4 shapes: the v6 changes are not
documented in the reference); exchangeRequests v4. ``searchType=timeFrame`` switches
ordersheets and returnRequests to minute bounds without paging (``nextToken`` / ``maxPerPage``
are ignored, no ``nextToken`` in the reply).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from coupang_async.testing._http import KST, Call, Response, ok, openapi_error, parse_int
from coupang_async.testing._routing import OPENAPI, VENDOR, route
from coupang_async.testing._store import Keyed

ORDER_STATUSES: Final = frozenset(
    {"ACCEPT", "INSTRUCT", "DEPARTURE", "DELIVERING", "FINAL_DELIVERY", "NONE_TRACKING"}
)
RETURN_STATUSES: Final = {
    "UC": frozenset({"RETURNS_UNCHECKED", "RELEASE_STOP_UNCHECKED"}),  # RU items also show as UC
    "RU": frozenset({"RELEASE_STOP_UNCHECKED"}),
    "PR": frozenset({"REQUEST_COUPANG_CHECK"}),
    "CC": frozenset({"RETURNS_COMPLETED"}),
}
EXCHANGE_STATUSES: Final = frozenset({"RECEIPT", "PROGRESS", "SUCCESS", "REJECT", "CANCEL"})
RANGE_TOO_WIDE: Final = "endTime-startTime range should less than31."
_OFFSET: Final = re.compile(r"(.*?)([+-]\d{2}:\d{2})")
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MINUTE: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_SECOND: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def _bound(call: Call, name: str, pattern: re.Pattern[str], *, offset: bool) -> dt.datetime:
    """A ``createdAtFrom`` / ``createdAtTo`` value as naive KST time."""
    value = call.query.get(name)
    if not value:
        raise openapi_error(f"{name} is required.")  # fake's wording
    zone: dt.tzinfo | None = None
    text = value
    if offset:
        match = _OFFSET.fullmatch(value)
        if match is None:
            # Typically a "+" sent unencoded, which the gateway decodes to a space.
            raise openapi_error(f"Invalid {name}: {value!r} (expected e.g. 2025-07-15%2B09:00).")
        text = match.group(1)
        zone = dt.datetime.strptime(match.group(2).replace(":", ""), "%z").tzinfo
    if not pattern.fullmatch(text):
        raise openapi_error(f"Invalid {name}: {value!r}.")  # fake's wording
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise openapi_error(f"Invalid {name}: {value!r}.") from None
    if zone is not None and pattern is not _DAY:
        parsed = parsed.replace(tzinfo=zone).astimezone(KST).replace(tzinfo=None)
    return parsed


def _window(
    call: Call,
    *,
    pattern: re.Pattern[str],
    offset: bool,
    max_span: dt.timedelta,
    too_wide: str,
) -> tuple[str, str]:
    """Inclusive ``createdAt`` bounds as sortable ``yyyy-MM-ddTHH:mm:ss`` strings."""
    low = _bound(call, "createdAtFrom", pattern, offset=offset)
    high = _bound(call, "createdAtTo", pattern, offset=offset)
    if high < low:
        raise openapi_error("createdAtTo must not be before createdAtFrom.")  # fake's wording
    if high - low > max_span:
        raise openapi_error(too_wide)
    if pattern is _DAY:
        high = high.replace(hour=23, minute=59, second=59)
    elif pattern is _MINUTE:
        high = high.replace(second=59)
    return low.strftime("%Y-%m-%dT%H:%M:%S"), high.strftime("%Y-%m-%dT%H:%M:%S")


_DAYS_31: Final = dt.timedelta(days=31)
_HOURS_24_MESSAGE: Final = "The time range should be within 24 hours."  # fake's wording


def _page(
    call: Call,
    rows: Keyed,
    keep: Callable[[dict[str, Any]], bool],
    *,
    default_size: int,
    max_size: int = 50,
) -> tuple[list[dict[str, Any]], str]:
    token = call.query.get("nextToken")
    start = parse_int(token, default=0) if token else 0
    if start is None:
        raise openapi_error("Invalid nextToken.")  # fake's wording
    size = parse_int(call.query.get("maxPerPage"), default=default_size)
    if size is None or not 1 <= size <= max_size:
        raise openapi_error(f"maxPerPage must be between 1 and {max_size}.")  # fake's wording
    found: list[dict[str, Any]] = []
    next_token = ""
    keys, data = rows.keys, rows.rows
    for index in range(rows.start(start), len(data)):
        row = data[index]
        if keep(row):
            if len(found) == size:
                next_token = str(keys[index])
                break
            found.append(row)
    return found, next_token


def _all(rows: Keyed, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    return [row for row in rows.rows if keep(row)]


# --- order sheets ---------------------------------------------------------------------------------


def _money(value: Any) -> Any:
    if value is None:
        return None
    return {"currencyCode": "KRW", "units": int(value), "nanos": 0}


def _iso(value: Any, micros: int) -> Any:
    """v4 ``yyyy-MM-ddTHH:mm:ss`` / ``yyyy-MM-dd HH:mm:ss`` → v5 ISO-8601 with micros and offset."""
    if not value:
        return value
    return f"{str(value).replace(' ', 'T')}.{micros:06d}+09:00"


def _phone(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith("0"):
        return value
    return "+82 " + value[1:]


def order_v5(order: dict[str, Any]) -> dict[str, Any]:
    """Render a stored (v4-shaped) order sheet the way v5 returns it (Coupang's documentation)."""
    micros = int(order["orderId"]) % 1_000_000
    out = dict(order)
    for key in ("orderedAt", "paidAt", "inTrasitDateTime", "deliveredDate"):
        out[key] = _iso(order.get(key), micros)
    for key in ("shippingPrice", "remotePrice"):
        out[key] = _money(order.get(key))
    out["orderer"] = {**order["orderer"], "safeNumber": _phone(order["orderer"].get("safeNumber"))}
    out["receiver"] = {
        **order["receiver"],
        "safeNumber": _phone(order["receiver"].get("safeNumber")),
    }
    items = []
    for item in order["orderItems"]:
        converted = dict(item)
        for key in ("salesPrice", "orderPrice", "discountPrice"):
            converted[key] = _money(item.get(key))
        converted["instantCouponDiscount"] = _money(0)
        converted["downloadableCouponDiscount"] = _money(0)
        converted["coupangDiscount"] = _money(0)
        converted["confirmDate"] = _iso(item.get("confirmDate"), micros)
        items.append(converted)
    out["orderItems"] = items
    out.setdefault("shipmentType", "THIRD_PARTY")
    out.setdefault("isCod", False)
    out.setdefault("extraProperties", {"sameDayShipping": "false", "cutOffTimeHour": "0"})
    return out


@route("GET", rf"{OPENAPI}/v(?P<version>[45]){VENDOR}/ordersheets")
def list_order_sheets(call: Call) -> Response:
    """GET …/v4|v5/vendors/{vendorId}/ordersheets."""
    v5 = call.params["version"] == "5"
    time_frame = call.query.get("searchType") == "timeFrame"
    if time_frame:  # minute bounds within one day (Coupang's documentation)
        low, high = _window(
            call,
            pattern=_MINUTE,
            offset=v5,
            max_span=dt.timedelta(hours=24),
            too_wide=_HOURS_24_MESSAGE,
        )
    else:
        low, high = _window(
            call, pattern=_DAY, offset=v5, max_span=_DAYS_31, too_wide=RANGE_TOO_WIDE
        )
    status = call.query.get("status")
    if not status:
        raise openapi_error("status is required.")  # fake's wording
    if status not in ORDER_STATUSES:
        raise openapi_error(f"Invalid status: {status}.")  # fake's wording

    def keep(order: dict[str, Any]) -> bool:
        return bool(order["status"] == status and low <= order["orderedAt"] <= high)

    render = order_v5 if v5 else _identity
    if time_frame:
        rows = _all(call.vendor.orders, keep)
        return ok({"code": 200, "message": "OK", "data": [render(r) for r in rows]})
    rows, next_token = _page(call, call.vendor.orders, keep, default_size=50)
    return ok(
        {"code": 200, "message": "OK", "data": [render(r) for r in rows], "nextToken": next_token}
    )


def _identity(row: dict[str, Any]) -> dict[str, Any]:
    return row


# --- return / cancel requests ---------------------------------------------------------------------


@route("GET", rf"{OPENAPI}/v(?P<version>[46]){VENDOR}/returnRequests")
def list_return_requests(call: Call) -> Response:
    """GET …/v4|v6/vendors/{vendorId}/returnRequests."""
    query = call.query
    time_frame = query.get("searchType") == "timeFrame"
    # Day or minute bounds, at most 31 days either way (Coupang's documentation).
    low, high = _window(
        call,
        pattern=_MINUTE if time_frame else _DAY,
        offset=False,
        max_span=_DAYS_31,
        too_wide=RANGE_TOO_WIDE,
    )
    status = query.get("status") or None
    cancel_only = query.get("cancelType") == "CANCEL"
    order_id: int | None = None
    if query.get("orderId") and not time_frame:
        order_id = parse_int(query.get("orderId"), default=0)
        if order_id is None:
            raise openapi_error("Invalid orderId.")  # fake's wording
    if status is None and order_id is None and not cancel_only:
        raise openapi_error("status or orderId is required.")  # fake's wording
    if status is not None and status not in RETURN_STATUSES:
        raise openapi_error(f"Invalid status: {status}.")  # fake's wording
    receipts = RETURN_STATUSES[status] if status else None

    def keep(row: dict[str, Any]) -> bool:
        if not low <= row["createdAt"] <= high:
            return False
        if receipts is not None and row["receiptStatus"] not in receipts:
            return False
        if cancel_only and row["receiptType"] != "CANCEL":
            return False
        return order_id is None or row["orderId"] == order_id

    if time_frame:
        rows = _all(call.vendor.return_requests, keep)
        return ok({"code": 200, "message": "OK", "data": [_public(r) for r in rows]})
    rows, next_token = _page(call, call.vendor.return_requests, keep, default_size=50)
    return ok(
        {"code": 200, "message": "OK", "data": [_public(r) for r in rows], "nextToken": next_token}
    )


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row without the fake's bookkeeping keys (``_status``), as the gateway sends it."""
    return {key: value for key, value in row.items() if not key.startswith("_")}


# --- exchange requests ----------------------------------------------------------------------------


@route("GET", f"{OPENAPI}/v4{VENDOR}/exchangeRequests")
def list_exchange_requests(call: Call) -> Response:
    """GET …/v4/vendors/{vendorId}/exchangeRequests (window of at most 7 days)."""
    low, high = _window(
        call,
        pattern=_SECOND,
        offset=False,
        max_span=dt.timedelta(days=7),
        too_wide="조회 기간은 최대 7일입니다.",  # fake's wording
    )
    status = call.query.get("status") or None
    if status is not None and status not in EXCHANGE_STATUSES:
        raise openapi_error(f"Invalid status: {status}.")  # fake's wording
    order_id: int | None = None
    if call.query.get("orderId"):
        order_id = parse_int(call.query.get("orderId"), default=0)
        if order_id is None:
            raise openapi_error("Invalid orderId.")  # fake's wording

    def keep(row: dict[str, Any]) -> bool:
        if not low <= row["createdAt"] <= high:
            return False
        if status is not None and row["exchangeStatus"] != status:
            return False
        return order_id is None or row["orderId"] == order_id

    rows, next_token = _page(call, call.vendor.exchange_requests, keep, default_size=10)
    return ok({"code": 200, "message": "OK", "data": rows, "nextToken": next_token})
