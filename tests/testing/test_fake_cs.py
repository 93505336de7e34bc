"""The fake's customer-service, settlement and coupon routes answer like Coupang's gateway:
the documented shapes and error messages, for requests a client library would not send."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from coupang_async import BadRequestError, CoupangClient, NotFoundError, ServerError
from coupang_async.testing import FakeCoupang
from coupang_async.testing._coupons import coupons
from coupang_async.testing._inquiries import WINDOW_TOO_WIDE, inquiries
from coupang_async.testing._settlements import ONLY_UNTIL_YESTERDAY, RANGE_TOO_WIDE, TOKEN_MISSING

pytestmark = pytest.mark.both_backends

VENDOR = "A00012345"
CS = f"/v2/providers/openapi/apis/api/v5/vendors/{VENDOR}"
REVENUE = "/v2/providers/openapi/apis/api/v1/revenue-history"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with data ending 2026-01-15."""
    return FakeCoupang(products=10, requests_per_second=None, today=dt.date(2026, 1, 15))


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client without retries of 5xx (the fake's 500s are final)."""
    from coupang_async import RetryPolicy

    async with fake.client(requests_per_second=None, retry=RetryPolicy.disabled()) as client:
        yield client


async def test_inquiry_listing_errors(client: CoupangClient) -> None:
    """More than 7 days, or no dates: Coupang's message (with its full-width comma)."""
    query = {"vendorId": VENDOR, "answeredType": "ALL"}
    with pytest.raises(BadRequestError) as caught:
        await client.get(
            f"{CS}/onlineInquiries",
            params={**query, "inquiryStartAt": "2026-01-01", "inquiryEndAt": "2026-01-09"},
        )
    assert caught.value.message == WINDOW_TOO_WIDE
    assert "，" in WINDOW_TOO_WIDE
    with pytest.raises(BadRequestError, match="7 days"):
        await client.get(f"{CS}/onlineInquiries", params=query)
    ok = await client.get(
        f"{CS}/onlineInquiries",
        params={**query, "inquiryStartAt": "2026-01-01", "inquiryEndAt": "2026-01-08"},
    )
    body = ok.json()
    assert body["code"] == 200
    assert set(body["data"]) == {"content", "pagination"}
    with pytest.raises(BadRequestError, match="pageSize"):
        await client.get(
            f"{CS}/callCenterInquiries",
            params={"partnerCounselingStatus": "NONE", "vendorItemId": "1", "pageSize": "31"},
        )


async def test_writes_exist_on_v4_only_and_raw_newlines_are_refused(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """v5 reply routes are 404 (as live); a hand-built body with a raw CR is Jackson's 400."""
    target = inquiries(fake.vendor()).unanswered_product_inquiries()[0]
    body = {"content": "안녕하세요", "vendorId": VENDOR, "replyBy": "fakeseller"}
    with pytest.raises(NotFoundError):
        await client.post(f"{CS}/onlineInquiries/{target}/replies", json=body)
    v4 = f"/v2/providers/openapi/apis/api/v4/vendors/{VENDOR}/onlineInquiries/{target}/replies"
    raw = '{"content": "안녕\r하세요", "vendorId": "A00012345", "replyBy": "fakeseller"}'
    with pytest.raises(BadRequestError, match="CTRL-CHAR, code 13"):
        await client.post(v4, content=raw.encode())
    answer = await client.post(v4, json=body)
    assert answer.json() == {"code": "200", "message": "OK"}


async def test_revenue_errors(client: CoupangClient) -> None:
    """token is required (even empty); at most 31 days; up to yesterday only."""
    base = {
        "vendorId": VENDOR,
        "recognitionDateFrom": "2025-10-01",
        "recognitionDateTo": "2025-10-31",
    }
    with pytest.raises(BadRequestError) as caught:
        await client.get(REVENUE, params=base)
    assert caught.value.message == TOKEN_MISSING
    with pytest.raises(BadRequestError) as caught:
        await client.get(REVENUE, params={**base, "recognitionDateTo": "2025-11-01", "token": ""})
    assert caught.value.message == RANGE_TOO_WIDE
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
    with pytest.raises(BadRequestError) as caught:
        await client.get(
            REVENUE,
            params={
                **base,
                "recognitionDateFrom": str(today),
                "recognitionDateTo": str(today),
                "token": "",
            },
        )
    assert caught.value.message == ONLY_UNTIL_YESTERDAY
    page = (await client.get(REVENUE, params={**base, "token": "", "maxPerPage": "2"})).json()
    assert set(page) == {"code", "message", "data", "hasNext", "nextToken"}
    assert page["hasNext"] is True
    assert isinstance(page["nextToken"], str)
    assert page["nextToken"]


async def test_coupon_request_status_and_unknown_ids(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Unknown downloadable jobs are 500 "시스템 오류"; expiring an unknown coupon is a 500 too."""
    with pytest.raises(ServerError, match="시스템 오류"):
        await client.get(
            "/v2/providers/marketplace_openapi/apis/api/v1/coupons/transactionStatus",
            params={"requestTransactionId": "et5_1"},
        )
    with pytest.raises(ServerError, match="There is no coupon to expire"):
        await client.post(
            "/v2/providers/marketplace_openapi/apis/api/v1/coupons/expire",
            json={"expireCouponList": [{"couponId": "1", "reason": "expired", "userId": "x"}]},
        )
    contracts = await client.get(f"/v2/providers/fms/apis/api/v2/vendors/{VENDOR}/contract/list")
    (contract,) = contracts.json()["data"]["content"]
    assert contract["vendorContractId"] == -1
    assert contract["contractId"] == coupons(fake.vendor()).contracts[0]["contractId"]


def test_fake_server_banner_says_where_inquiries_and_revenue_are(fake: FakeCoupang) -> None:
    """The fake-server banner names the first day of inquiries and of listable revenue."""
    from coupang_async.cli._fake import banner

    last = banner(fake, 10)[-1]
    assert last.startswith("# inquiries from 2025-12-17; revenue recognised from 2025-09-17")
    first_row = revenue_rows(fake)[0]
    assert first_row >= "2025-09-17"


def revenue_rows(fake: FakeCoupang) -> list[str]:
    """The recognition dates of the fake's revenue rows, in order."""
    from coupang_async.testing._settlements import revenue

    return [key[0] for key in revenue(fake.vendor()).keys]
