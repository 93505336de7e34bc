"""inquiries: product and call-center inquiries against the fake (windows, paging, replies)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import AsyncIterator
from typing import Any

import pytest

from coupang_async import BadRequestError, CoupangClient, InvalidInputError, inquiries
from coupang_async.models import (
    CallCenterInquiry,
    CallCenterStatus,
    CounselingStatus,
    InquiryStatus,
    ProductInquiry,
    TransferStatus,
)
from coupang_async.testing import FakeCoupang
from coupang_async.testing._inquiries import InquiryState
from coupang_async.testing._inquiries import inquiries as state_of

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 1, 15)
FROM = TODAY - dt.timedelta(days=29)
PRODUCT = "/onlineInquiries"
CALLS = "/callCenterInquiries"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with a catalogue (inquiries are about its options) and a pinned today."""
    return FakeCoupang(products=20, requests_per_second=None, today=TODAY)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced."""
    async with fake.client(requests_per_second=None) as client:
        yield client


def state(fake: FakeCoupang) -> InquiryState:
    """The fake's inquiries."""
    return state_of(fake.vendor())


def queries(fake: FakeCoupang, suffix: str) -> list[dict[str, str]]:
    """The decoded query of every request to a path ending in ``suffix``."""
    return [dict(r.params) for r in fake.requests if r.path.endswith(suffix)]


def _days(query: dict[str, str]) -> int:
    start = dt.date.fromisoformat(query["inquiryStartAt"])
    return (dt.date.fromisoformat(query["inquiryEndAt"]) - start).days + 1


async def test_a_month_of_product_inquiries_in_7_day_chunks_each_once(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """30 days: five chunks of at most 7 days, paged; every inquiry of the window once, in order."""
    listed = await inquiries.list_product_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, max_per_page=5
    ).to_list()
    expected = [r.doc["inquiryId"] for r in state(fake).products if FROM <= r.at.date() <= TODAY]
    assert [i.inquiry_id for i in listed] == expected
    assert len(expected) > 20
    assert all(isinstance(i, ProductInquiry) for i in listed)
    sent = queries(fake, PRODUCT)
    assert {q["inquiryStartAt"] for q in sent} == {
        str(FROM + dt.timedelta(days=7 * k)) for k in range(5)
    }
    assert max(_days(q) for q in sent) == 7
    assert all(q["vendorId"] == fake.vendor_id and q["answeredType"] == "ALL" for q in sent)
    assert all(q["pageSize"] == "5" for q in sent)
    assert any(q["pageNum"] == "2" for q in sent)
    assert all("/v5/" in r.path for r in fake.requests)


@pytest.mark.parametrize(("answered", "wire"), [(True, "ANSWERED"), (False, "NOANSWER")])
async def test_answered_filter(
    fake: FakeCoupang, client: CoupangClient, answered: bool, wire: str
) -> None:
    """answered=True/False selects ANSWERED / NOANSWER and only such inquiries come back."""
    listed = await inquiries.list_product_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, answered=answered
    ).to_list()
    assert listed
    assert all(i.answered is answered for i in listed)
    assert {q["answeredType"] for q in queries(fake, PRODUCT)} == {wire}


async def test_resume_from_a_saved_token_in_a_later_chunk(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A token names the chunk and the page: resuming yields exactly the rest of the walk."""
    pager = inquiries.list_product_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, max_per_page=4
    )
    pages = [page async for page in pager.pages()]
    everything = [i.inquiry_id for p in pages for i in p.items]
    middle = len(pages) // 2
    token = pages[middle].next_token
    assert token is not None
    assert "~" in token
    resumed = await inquiries.list_product_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, max_per_page=4, next_token=token
    ).to_list()
    done = sum(len(p.items) for p in pages[: middle + 1])
    assert [i.inquiry_id for i in resumed] == everything[done:]


async def test_bad_windows_and_arguments_send_nothing(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """Datetimes, strings, reversed windows, big pages and foreign tokens are refused locally."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cases = [
        ({"inquired_from": now, "inquired_to": TODAY}, "inquired_from"),
        ({"inquired_from": FROM, "inquired_to": "2026-01-15"}, "inquired_to"),
        ({"inquired_from": TODAY, "inquired_to": FROM}, "inquired_to"),
        ({"inquired_from": FROM, "inquired_to": TODAY, "max_per_page": 51}, "max_per_page"),
        ({"inquired_from": FROM, "inquired_to": TODAY, "answered": "yes"}, "answered"),
        ({"inquired_from": FROM, "inquired_to": TODAY, "answered": [True]}, "answered"),
        ({"inquired_from": FROM, "inquired_to": TODAY, "answered": 1}, "answered"),
        ({"inquired_from": FROM, "inquired_to": TODAY, "next_token": "2020-01-01~2"}, "next_token"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInputError) as caught:
            inquiries.list_product_inquiries(client, **kwargs)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(InvalidInputError) as caught:
        inquiries.list_call_center_inquiries(
            client, inquired_from=FROM, inquired_to=TODAY, status="UNANSWERED"
        )
    assert caught.value.field == "status"
    with pytest.raises(InvalidInputError) as caught:
        inquiries.list_call_center_inquiries(
            client, inquired_from=FROM, inquired_to=TODAY, max_per_page=31
        )
    assert caught.value.field == "max_per_page"
    assert len(fake.requests) == 0


async def test_reply_to_a_product_inquiry_goes_out_as_json_with_newlines(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """CRLF and CR become \\n escapes inside a JSON string; the fake records the answer once."""
    target = state(fake).unanswered_product_inquiries()[0]
    text = "안녕하세요\r\n블랙색상이 주문량이 많아 입고 지연중입니다.\r19일 입고예정입니다."
    await inquiries.reply_to_product_inquiry(client, target, text, reply_by="fakeseller")
    request = fake.requests.last
    assert request is not None
    assert request.path.endswith(f"/v4/vendors/{fake.vendor_id}/onlineInquiries/{target}/replies")
    assert b"\r" not in request.body
    assert b"\n" not in request.body  # line breaks travel as the two characters \ and n
    body = json.loads(request.body)
    assert list(body) == ["content", "vendorId", "replyBy"]
    assert (
        body["content"]
        == "안녕하세요\n블랙색상이 주문량이 많아 입고 지연중입니다.\n19일 입고예정입니다."
    )
    assert body["vendorId"] == fake.vendor_id
    record = state(fake).product_inquiry(target)
    assert record is not None
    assert [c["content"] for c in record.doc["commentDtoList"]] == [body["content"]]
    with pytest.raises(BadRequestError, match="동일한 답변이 존재합니다"):
        await inquiries.reply_to_product_inquiry(client, target, text, reply_by="fakeseller")
    listed = await inquiries.list_product_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, answered=False
    ).to_list()
    assert target not in [i.inquiry_id for i in listed]


async def test_reply_by_must_be_a_wing_user_of_the_vendor(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """A WING id the vendor does not have is Coupang's 400 (the fake knows fakeseller)."""
    target = state(fake).unanswered_product_inquiries()[0]
    with pytest.raises(BadRequestError, match="replyBy"):
        await inquiries.reply_to_product_inquiry(client, target, "감사합니다", reply_by="stranger")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("가", "at least 2"),
        ("가" * 1001, "at most 1000"),
        ("😀" * 501, "UTF-16"),
        ("잘\x00못", "control character"),
        ("잘\x1b[0m못", "control character"),
        ("잘\ud800못", "surrogate"),
        (12345, "string"),
    ],
)
async def test_reply_text_is_checked_before_sending(
    fake: FakeCoupang, client: CoupangClient, content: object, reason: str
) -> None:
    """Length (NFC, UTF-16 units), control characters and surrogates: refused, nothing sent."""
    with pytest.raises(InvalidInputError, match=reason) as caught:
        await inquiries.reply_to_product_inquiry(client, 1, content, reply_by="fakeseller")  # type: ignore[arg-type]
    assert caught.value.field == "content"
    with pytest.raises(InvalidInputError, match=reason):
        await inquiries.reply_to_call_center_inquiry(
            client,
            1,
            content,  # type: ignore[arg-type]
            reply_by="fakeseller",
            parent_answer_id=1,
        )
    assert len(fake.requests) == 0


async def test_decomposed_korean_counts_as_composed(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """1,000 syllables typed decomposed (2–3 code points each) pass, and go out in NFC."""
    target = state(fake).unanswered_product_inquiries()[0]
    text = unicodedata.normalize("NFD", "한" * 1000)
    assert len(text) > 1000
    await inquiries.reply_to_product_inquiry(client, target, text, reply_by="fakeseller")
    request = fake.requests.last
    assert request is not None
    assert json.loads(request.body)["content"] == "한" * 1000


@pytest.mark.parametrize("reply_by", ["", " ", "two words", "x\n", None, 7])
async def test_reply_by_and_ids_are_checked(
    fake: FakeCoupang, client: CoupangClient, reply_by: object
) -> None:
    """reply_by / confirm_by: a WING login id; ids: positive ints; nothing sent otherwise."""
    with pytest.raises(InvalidInputError) as caught:
        await inquiries.reply_to_product_inquiry(client, 1, "감사합니다", reply_by=reply_by)  # type: ignore[arg-type]
    assert caught.value.field == "reply_by"
    with pytest.raises(InvalidInputError) as caught:
        await inquiries.confirm_call_center_inquiry(client, 1, confirm_by=reply_by)  # type: ignore[arg-type]
    assert caught.value.field == "confirm_by"
    for bad in (0, -1, 2**63, "1", True):
        with pytest.raises(InvalidInputError) as caught:
            await inquiries.get_call_center_inquiry(client, bad)  # type: ignore[arg-type]
        assert caught.value.field == "inquiry_id"
    with pytest.raises(InvalidInputError) as caught:
        await inquiries.reply_to_call_center_inquiry(
            client, 1, "감사합니다", reply_by="fakeseller", parent_answer_id=0
        )
    assert caught.value.field == "parent_answer_id"
    assert len(fake.requests) == 0


async def test_answer_an_open_call_center_inquiry(fake: FakeCoupang, client: CoupangClient) -> None:
    """NO_ANSWER inquiries carry the agent's transfer; answering it moves the inquiry to ANSWER."""
    window: dict[str, Any] = {"inquired_from": FROM, "inquired_to": TODAY}
    waiting = await inquiries.list_call_center_inquiries(
        client, **window, status=CallCenterStatus.NO_ANSWER
    ).to_list()
    assert waiting
    assert {q["partnerCounselingStatus"] for q in queries(fake, CALLS)} == {"NO_ANSWER"}
    inquiry = waiting[0]
    assert isinstance(inquiry, CallCenterInquiry)
    assert inquiry.cs_partner_counseling_status is CounselingStatus.REQUEST_ANSWER
    transfer = inquiry.pending_reply()
    assert transfer is not None
    assert transfer.partner_transfer_status is TransferStatus.REQUEST_ANSWER
    await inquiries.reply_to_call_center_inquiry(
        client,
        inquiry.inquiry_id or 0,
        "안녕하세요.\n입고 확인 후 환불 처리하겠습니다.",
        reply_by="fakeseller",
        parent_answer_id=transfer.answer_id or 0,
    )
    body = json.loads(fake.requests.last.body)  # type: ignore[union-attr]
    assert body == {
        "vendorId": fake.vendor_id,
        "inquiryId": str(inquiry.inquiry_id),
        "content": "안녕하세요.\n입고 확인 후 환불 처리하겠습니다.",
        "replyBy": "fakeseller",
        "parentAnswerId": transfer.answer_id,
    }
    again = await inquiries.get_call_center_inquiry(client, inquiry.inquiry_id or 0)
    assert again.cs_partner_counseling_status is CounselingStatus.ANSWERED
    assert again.pending_reply() is None
    replies = again.replies or []
    assert replies[-1].parent_answer_id == transfer.answer_id
    assert replies[-1].content == "안녕하세요.\r\n입고 확인 후 환불 처리하겠습니다."
    assert fake.requests.last is not None
    assert "/v5/vendors/callCenterInquiries/" in fake.requests.last.path
    with pytest.raises(BadRequestError, match="can't be answer"):
        await inquiries.reply_to_call_center_inquiry(
            client,
            inquiry.inquiry_id or 0,
            "한번 더",
            reply_by="fakeseller",
            parent_answer_id=transfer.answer_id or 0,
        )
    answered = await inquiries.list_call_center_inquiries(
        client, **window, status="ANSWER"
    ).to_list()
    assert inquiry.inquiry_id in [i.inquiry_id for i in answered]


async def test_confirm_a_transferred_call_center_inquiry(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """TRANSFER inquiries are confirmed (no answer); a second confirm is Coupang's 522."""
    transferred = await inquiries.list_call_center_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, status="TRANSFER"
    ).to_list()
    assert transferred
    target = transferred[0].inquiry_id or 0
    await inquiries.confirm_call_center_inquiry(client, target, confirm_by="fakeseller")
    assert json.loads(fake.requests.last.body) == {"confirmBy": "fakeseller"}  # type: ignore[union-attr]
    assert fake.requests.last is not None
    assert fake.requests.last.path.endswith(f"/callCenterInquiries/{target}/confirms")
    closed = await inquiries.get_call_center_inquiry(client, target)
    assert closed.inquiry_status is InquiryStatus.COMPLETE
    with pytest.raises(BadRequestError, match="522"):
        await inquiries.confirm_call_center_inquiry(client, target, confirm_by="fakeseller")


async def test_every_call_center_inquiry_once_and_v4_reads(
    fake: FakeCoupang, client: CoupangClient
) -> None:
    """status=None lists all (NONE) across chunks of 7 days; version=4 reads the older paths."""
    everything = await inquiries.list_call_center_inquiries(
        client, inquired_from=FROM, inquired_to=TODAY, max_per_page=3
    ).to_list()
    assert [i.inquiry_id for i in everything] == [r.doc["inquiryId"] for r in state(fake).calls]
    assert {q["partnerCounselingStatus"] for q in queries(fake, CALLS)} == {"NONE"}
    old = await inquiries.list_call_center_inquiries(
        client, inquired_from=TODAY - dt.timedelta(days=6), inquired_to=TODAY, version=4
    ).to_list()
    assert fake.requests.last is not None
    assert "/v4/" in fake.requests.last.path
    for inquiry in old:
        assert inquiry.inquiry_at
        assert "T" not in inquiry.inquiry_at  # v4: "yyyy-MM-dd HH:mm:ss"


async def test_unknown_call_center_inquiry_is_not_found(client: CoupangClient) -> None:
    """The single read of an unknown id is Coupang's 404."""
    from coupang_async import NotFoundError

    with pytest.raises(NotFoundError, match="Inquiry not found"):
        await inquiries.get_call_center_inquiry(client, 1)


@pytest.mark.asyncio_only  # fake.serve() runs uvicorn
async def test_over_a_real_socket(fake: FakeCoupang) -> None:
    """Listing across chunks, a reply and revenue paging work over a loopback server, paced."""
    from coupang_async import settlements

    async with (
        fake.serve() as base_url,
        fake.client(base_url=base_url, transport=None, requests_per_second=50) as client,
    ):
        pending = await inquiries.list_product_inquiries(
            client, inquired_from=FROM, inquired_to=TODAY, answered=False
        ).to_list()
        assert pending
        await inquiries.reply_to_product_inquiry(
            client,
            pending[0].inquiry_id or 0,
            "확인했습니다.\n감사합니다.",
            reply_by="fakeseller",
        )
        rows = await settlements.list_revenue(
            client,
            recognized_from=TODAY - dt.timedelta(days=40),
            recognized_to=TODAY - dt.timedelta(days=1),
            max_per_page=10,
        ).to_list()
    assert rows
    record = state(fake).product_inquiry(pending[0].inquiry_id or 0)
    assert record is not None
    assert record.answered
    assert fake.requests.last is not None
    assert fake.requests.last.headers["host"].startswith("127.0.0.1:")
