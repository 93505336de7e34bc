"""Order sheets, return requests and exchange requests: numeric ``code``, nextToken paging."""

from __future__ import annotations

from typing import Any

import pytest

from coupang_async.testing import FakeCoupang
from tests.testing.signer import OPENAPI, Api

pytestmark = pytest.mark.both_backends

FROM, TO = "2026-01-09", "2026-01-15"


def _path(fake: FakeCoupang, version: int, resource: str) -> str:
    return f"{OPENAPI}/v{version}/vendors/{fake.vendor_id}/{resource}"


async def _walk(
    api: Api, path: str, params: dict[str, Any] | str
) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    tokens: list[str] = []
    token = ""
    for _ in range(200):  # bounded
        if isinstance(params, str):
            query = params + (f"&nextToken={token}" if token else "")
            response = await api.get(path, query=query)
        else:
            response = await api.get(path, {**params, **({"nextToken": token} if token else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["code"] == 200
        assert body["message"] == "OK"
        rows.extend(body["data"])
        token = body["nextToken"]
        tokens.append(token)
        if token == "":
            return rows, tokens
    raise AssertionError("paging did not end")


async def test_v4_order_sheets_page_to_an_empty_token(api: Api, fake: FakeCoupang) -> None:
    """Day paging walks every FINAL_DELIVERY order of the window once, ending with ``""``."""
    rows, tokens = await _walk(
        api,
        _path(fake, 4, "ordersheets"),
        {"createdAtFrom": FROM, "createdAtTo": TO, "status": "FINAL_DELIVERY", "maxPerPage": 3},
    )
    expected = [
        o["shipmentBoxId"] for o in fake.vendor().orders.rows if o["status"] == "FINAL_DELIVERY"
    ]
    assert [r["shipmentBoxId"] for r in rows] == expected
    assert len(tokens) > 2
    assert tokens[-1] == ""
    order = rows[0]
    assert len(str(order["shipmentBoxId"])) == 18
    assert isinstance(order["shippingPrice"], int)
    assert {"orderId", "orderedAt", "orderer", "receiver", "orderItems", "paidAt", "status"} <= set(
        order
    )
    line = order["orderItems"][0]
    assert {"vendorItemId", "sellerProductId", "shippingCount", "salesPrice", "orderPrice"} <= set(
        line
    )


async def test_order_sheets_default_page_holds_fifty(api: Api, clock: Any) -> None:
    """Without maxPerPage at most 50 orders come back; 51 is refused."""
    fake = FakeCoupang(products=60, seed=4, requests_per_second=None, clock=clock)
    big = Api(fake, clock)
    params = {"createdAtFrom": FROM, "createdAtTo": TO, "status": "FINAL_DELIVERY"}
    body = (await big.get(_path(fake, 4, "ordersheets"), params)).json()
    too_many = await big.get(_path(fake, 4, "ordersheets"), {**params, "maxPerPage": 51})
    await big.aclose()
    assert len(body["data"]) == 50
    assert body["nextToken"] != ""
    assert too_many.status_code == 400
    assert too_many.json() == {
        "code": 400,
        "message": "maxPerPage must be between 1 and 50.",
        "data": None,
    }


async def test_v5_order_sheets_use_offsets_money_objects_and_iso_times(
    api: Api, fake: FakeCoupang
) -> None:
    """v5 takes ``yyyy-MM-dd%2B09:00`` and answers money objects and ISO-8601 with offset."""
    query = (
        f"createdAtFrom={FROM}%2B09:00&createdAtTo={TO}%2B09:00&status=FINAL_DELIVERY&maxPerPage=4"
    )
    rows, _ = await _walk(api, _path(fake, 5, "ordersheets"), query)
    assert rows
    order = rows[0]
    assert order["shippingPrice"]["currencyCode"] == "KRW"
    assert set(order["shippingPrice"]) == {"currencyCode", "units", "nanos"}
    assert order["orderedAt"].endswith("+09:00")
    assert order["orderItems"][0]["salesPrice"]["units"] > 0
    assert order["orderer"]["safeNumber"].startswith("+82 ")
    assert {"shipmentType", "isCod"} <= set(order)


async def test_v5_unencoded_plus_is_refused(api: Api, fake: FakeCoupang) -> None:
    """A raw ``+`` decodes to a space on the gateway, so the v5 date no longer parses."""
    query = f"createdAtFrom={FROM}+09:00&createdAtTo={TO}+09:00&status=ACCEPT"
    response = await api.get(_path(fake, 5, "ordersheets"), query=query)
    assert response.status_code == 400
    assert response.json()["code"] == 400
    assert "%2B09:00" in response.json()["message"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"createdAtFrom": "2025-12-01", "createdAtTo": TO, "status": "ACCEPT"},
            "endTime-startTime range should less than31.",
        ),
        ({"createdAtFrom": FROM, "createdAtTo": TO}, "status is required."),
        (
            {"createdAtFrom": FROM, "createdAtTo": TO, "status": "SHIPPED"},
            "Invalid status: SHIPPED.",
        ),
        ({"createdAtTo": TO, "status": "ACCEPT"}, "createdAtFrom is required."),
        (
            {"createdAtFrom": "2026/01/09", "createdAtTo": TO, "status": "ACCEPT"},
            "Invalid createdAtFrom: '2026/01/09'.",
        ),
        (
            {"createdAtFrom": TO, "createdAtTo": FROM, "status": "ACCEPT"},
            "createdAtTo must not be before createdAtFrom.",
        ),
    ],
)
async def test_invalid_order_sheet_queries_are_400(
    api: Api, fake: FakeCoupang, params: dict[str, str], message: str
) -> None:
    """Bad windows, statuses and dates answer 400 with a numeric ``code``."""
    response = await api.get(_path(fake, 4, "ordersheets"), params)
    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": message, "data": None}


async def test_time_frame_order_sheets_are_not_paged(api: Api, fake: FakeCoupang) -> None:
    """searchType=timeFrame returns the minute window whole, without a nextToken."""
    first = fake.vendor().orders.rows[0]
    minute = first["orderedAt"][:16]
    body = (
        await api.get(
            _path(fake, 4, "ordersheets"),
            {
                "searchType": "timeFrame",
                "createdAtFrom": minute,
                "createdAtTo": minute,
                "status": first["status"],
                "maxPerPage": 1,
            },
        )
    ).json()
    assert "nextToken" not in body
    assert first["shipmentBoxId"] in [o["shipmentBoxId"] for o in body["data"]]


async def test_orders_of_another_vendor_path_are_404(api: Api) -> None:
    """Another vendor id in the order path is a gateway 404."""
    path = f"{OPENAPI}/v4/vendors/A00000001/ordersheets"
    response = await api.get(path, {"createdAtFrom": FROM, "createdAtTo": TO, "status": "ACCEPT"})
    assert response.status_code == 404


async def test_return_requests_page_and_uc_includes_ru(api: Api, fake: FakeCoupang) -> None:
    """status=UC lists unchecked returns and release-stop requests, paged to ``""``."""
    rows, tokens = await _walk(
        api,
        _path(fake, 4, "returnRequests"),
        {"createdAtFrom": FROM, "createdAtTo": TO, "status": "UC", "maxPerPage": 2},
    )
    stored = fake.vendor().return_requests.rows
    expected = [
        r["receiptId"]
        for r in stored
        if r["receiptStatus"] in ("RETURNS_UNCHECKED", "RELEASE_STOP_UNCHECKED")
    ]
    assert [r["receiptId"] for r in rows] == expected
    assert tokens[-1] == ""
    assert {"receiptId", "orderId", "receiptType", "receiptStatus", "returnItems"} <= set(rows[0])


async def test_return_requests_by_order_id_and_cancel_type(api: Api, fake: FakeCoupang) -> None:
    """orderId replaces status; cancelType=CANCEL lists cancellations only; v6 answers too."""
    stored = fake.vendor().return_requests.rows
    target = stored[0]
    by_order = (
        await api.get(
            _path(fake, 6, "returnRequests"),
            {"createdAtFrom": FROM, "createdAtTo": TO, "orderId": target["orderId"]},
        )
    ).json()
    assert [r["orderId"] for r in by_order["data"]] == [
        r["orderId"] for r in stored if r["orderId"] == target["orderId"]
    ]
    cancels = (
        await api.get(
            _path(fake, 4, "returnRequests"),
            {"createdAtFrom": FROM, "createdAtTo": TO, "cancelType": "CANCEL", "maxPerPage": 50},
        )
    ).json()
    assert {r["receiptType"] for r in cancels["data"]} <= {"CANCEL"}
    missing = await api.get(
        _path(fake, 4, "returnRequests"), {"createdAtFrom": FROM, "createdAtTo": TO}
    )
    assert missing.status_code == 400


async def test_exchange_requests_page_with_default_ten(api: Api, clock: Any) -> None:
    """Exchange requests page 10 at a time by default; windows over 7 days are refused."""
    fake = FakeCoupang(products=80, seed=2, requests_per_second=None, clock=clock)
    big = Api(fake, clock)
    path = _path(fake, 4, "exchangeRequests")
    params = {"createdAtFrom": f"{FROM}T00:00:00", "createdAtTo": f"{TO}T23:59:59"}
    first = (await big.get(path, params)).json()
    rows, tokens = await _walk(big, path, params)
    wide = await big.get(
        path, {"createdAtFrom": "2026-01-01T00:00:00", "createdAtTo": f"{TO}T00:00:00"}
    )
    one_status = (await big.get(path, {**params, "status": "SUCCESS", "maxPerPage": 50})).json()
    await big.aclose()
    assert len(fake.vendor().exchange_requests) > 10
    assert len(first["data"]) == 10
    assert [r["exchangeId"] for r in rows] == fake.vendor().exchange_requests.keys
    assert tokens[-1] == ""
    assert wide.status_code == 400
    assert {r["exchangeStatus"] for r in one_status["data"]} <= {"SUCCESS"}
    assert {"exchangeId", "exchangeItemDtoV1s", "collectInformationsDto"} <= set(rows[0])


async def test_time_frame_windows_differ_per_resource(api: Api, fake: FakeCoupang) -> None:
    """Order sheets allow 24 h in minute mode; return requests take the doc's 7-day example."""
    returns = await api.get(
        _path(fake, 6, "returnRequests"),
        {
            "searchType": "timeFrame",
            "createdAtFrom": "2026-01-08T11:00",
            "createdAtTo": "2026-01-15T11:00",
            "status": "UC",
        },
    )
    assert returns.status_code == 200
    assert "nextToken" not in returns.json()
    orders = await api.get(
        _path(fake, 4, "ordersheets"),
        {
            "searchType": "timeFrame",
            "createdAtFrom": "2026-01-14T00:00",
            "createdAtTo": "2026-01-15T00:01",
            "status": "ACCEPT",
        },
    )
    assert orders.status_code == 400
    assert orders.json()["message"] == "The time range should be within 24 hours."
