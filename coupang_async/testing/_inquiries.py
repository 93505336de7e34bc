"""Customer inquiries: product inquiries and call-center inquiries, with answers that stick.

Reads are v5 (ISO-8601 timestamps with ``+09:00``), writes v4, as on the real gateway (v5 writes
answer 404 there, so the fake has no v5 write routes; v4 reads are served too, same shapes).

* Listings take ``inquiryStartAt`` / ``inquiryEndAt`` (``yyyy-MM-dd``, KST days, both inclusive,
  at most 7 days apart) and page with ``pageNum`` / ``pageSize`` (≤ 50 product, ≤ 30
  call-center) and ``data.pagination.totalPages``.
* The generated data: over the 30 days ending ``today``, a few product inquiries a day on the
  vendor's options (about a third answered) and call-center inquiries waiting for an answer
  (``NO_ANSWER``), answered (``ANSWER``) and transferred for confirmation (``TRANSFER``).
* Writes change the state: a reply to a product inquiry adds a comment (the same text twice is
  ``동일한 답변이 존재합니다.``); a reply to a call-center inquiry answers the agent's transfer
  (its ``answerId`` must be the ``parentAnswerId``); a confirm closes a transferred inquiry. The
  WING user ids the fake accepts as ``replyBy`` / ``confirmBy`` are ``InquiryState.user_ids``
  (``fakeseller`` and ``cs-agent-1`` by default).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from coupang_async.testing._http import KST, ApiError, Call, Response, ok
from coupang_async.testing._routing import OPENAPI, VENDOR, Gateway, route
from coupang_async.testing._store import StateKey, VendorState

__all__ = ["INQUIRIES", "CallCenterRecord", "InquiryState", "ProductInquiryRecord", "inquiries"]

WINDOW_TOO_WIDE: Final = (
    "time interval needs to be less than or equal to 7 days， pattern should be yyyy-MM-dd"
)
CANT_BE_ANSWERED: Final = (
    "The inquiry can't be answer. It can do only inquiryStatus:progress, "
    "partnerTransferStatus:requestAnswer"
)
CLOSED: Final = "상담이 종료된 문의입니다 - 522"
DUPLICATE_REPLY: Final = "동일한 답변이 존재합니다."
EMPTY_CONTENT: Final = "내용을 입력하세요."
BAD_REPLY_BY: Final = (
    "The value of replyBy (Responder Seller Portal (WING) ID) is incorrect. "
    "Please enter the correct wing ID or vendorId."
)
BAD_LENGTH: Final = "The reply content length should be between 2 ~ 1000"
PARENT_REQUIRED: Final = "The parentAnswerId is required."
BAD_USER: Final = "userId가 올바르지 않습니다 - 520"
DAYS: Final = 30
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

_QUESTIONS: Final = (
    "배송은 언제 되나요?",
    "포장 3천원 입금하였습니다.",
    "사이즈가 정사이즈인가요?\r\n교환 가능한가요?",
    "유통기한이 언제까지인가요?",
    "색상이 사진과 같은가요?",
    "재입고 예정이 있나요?",
)
_CALL_TOPICS: Final = (
    ("배송>배송>배송", "[판매자이관]\n◼문의내용: 배송 일정 문의입니다.\n확인 부탁드립니다.\n"),
    ("반품>반품>반품", "[판매자이관]\n◼문의내용: 고객 상품 반송하였다고 합니다.\n"),
    ("기타문의>기타>전상담사통화요청", "[판매자이관]\n◼문의내용: 판매자 통화 요청입니다.\n"),
)


def _iso(value: dt.datetime) -> str:
    """``2025-11-02T02:40:32+09:00`` (what live v5 answers show)."""
    return value.replace(microsecond=0).isoformat()


def _v4(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def error(message: str, status: int = 400) -> ApiError:
    """The CS family's error body: ``{"code": <status>, "message": ...}``."""
    return ApiError(status, {"code": status, "message": message, "data": None})


@dataclass(slots=True)
class ProductInquiryRecord:
    """One product inquiry (``doc`` is the v5 listing's item) and when it was asked."""

    at: dt.datetime
    doc: dict[str, Any]

    @property
    def answered(self) -> bool:
        """True when it has at least one comment."""
        return bool(self.doc["commentDtoList"])


@dataclass(slots=True)
class CallCenterRecord:
    """One call-center inquiry; ``bucket`` is its ``partnerCounselingStatus`` filter value."""

    at: dt.datetime
    doc: dict[str, Any]
    bucket: str  # NO_ANSWER | ANSWER | TRANSFER | CLOSED

    def pending(self) -> dict[str, Any] | None:
        """The agent's reply waiting for the seller (answer or confirm), if still open."""
        if self.doc["inquiryStatus"] != "progress":
            return None
        for reply in reversed(self.doc["replies"]):
            if reply.get("partnerTransferStatus") == "requestAnswer":
                return reply  # type: ignore[no-any-return]
        return None


@dataclass
class InquiryState:
    """One vendor's inquiries (generated once, then changed by the write routes)."""

    products: list[ProductInquiryRecord] = field(default_factory=list)
    calls: list[CallCenterRecord] = field(default_factory=list)
    user_ids: set[str] = field(default_factory=set)
    _next_id: int = 0

    # -- generation ---------------------------------------------------------------------------

    @classmethod
    def generate(
        cls,
        *,
        vendor_id: str,
        user_id: str,
        vendor_items: list[tuple[int, int, int, int, str]],
        seed: int,
        today: dt.date,
        per_day: int = 3,
    ) -> InquiryState:
        """Deterministic inquiries over the ``DAYS`` days ending ``today``.

        ``vendor_items``: ``(vendorItemId, productId, sellerProductId, sellerItemId, name)`` of
        the options customers ask about (synthetic ids are used when there are none).
        """
        rng = random.Random(f"inquiries:{seed}:{vendor_id}")
        state = cls(user_ids={user_id, "cs-agent-1"})
        state._next_id = 39_000_000 + rng.randrange(1_000_000)
        options = vendor_items or [
            (4_855_652_221 + i, 231_526_161 + i, 786_583_589 + i, 1_891_732_488 + i, "상품")
            for i in range(5)
        ]
        start = dt.datetime.combine(today - dt.timedelta(days=DAYS - 1), dt.time(0), tzinfo=KST)
        for day in range(DAYS):
            for _ in range(rng.randint(max(per_day - 2, 0), per_day + 2)):
                at = start + dt.timedelta(days=day, seconds=rng.randrange(86_400))
                vid, pid, spid, sid, _name = rng.choice(options)
                record = state.add_product_inquiry(
                    at, vid, pid, spid, sid, rng.choice(_QUESTIONS), rng=rng
                )
                if rng.random() < 1 / 3:
                    state._comment(record, "고객님 안녕하세요. 확인 후 안내드리겠습니다.", at)
            for _ in range(rng.randint(0, 2)):
                at = start + dt.timedelta(days=day, seconds=rng.randrange(86_400))
                vid, _pid, _spid, _sid, name = rng.choice(options)
                bucket = rng.choices(("NO_ANSWER", "ANSWER", "TRANSFER"), (3, 2, 1))[0]
                state.add_call_center_inquiry(at, vid, name, bucket, rng=rng)
        state.products.sort(key=lambda r: r.at)
        state.calls.sort(key=lambda r: r.at)
        return state

    def _id(self, rng: random.Random | None = None) -> int:
        self._next_id += (rng or random).randint(1, 5_000)
        return self._next_id

    def add_product_inquiry(
        self,
        at: dt.datetime,
        vendor_item_id: int,
        product_id: int,
        seller_product_id: int,
        seller_item_id: int,
        content: str,
        *,
        rng: random.Random | None = None,
    ) -> ProductInquiryRecord:
        """Add an unanswered product inquiry asked at ``at`` (aware)."""
        order = 19_000_000_000_000 + (rng or random).randrange(10**11)
        record = ProductInquiryRecord(
            at.astimezone(KST),
            {
                "inquiryId": self._id(rng),
                "productId": product_id,
                "sellerProductId": seller_product_id,
                "sellerItemId": seller_item_id,
                "vendorItemId": vendor_item_id,
                "content": content,
                "inquiryAt": _iso(at.astimezone(KST)),
                "orderIds": [order] if (rng or random).random() < 0.5 else [],
                "buyerEmail": "",
                "commentDtoList": [],
            },
        )
        self.products.append(record)
        return record

    def add_call_center_inquiry(
        self,
        at: dt.datetime,
        vendor_item_id: int,
        item_name: str,
        bucket: str = "NO_ANSWER",
        *,
        rng: random.Random | None = None,
    ) -> CallCenterRecord:
        """Add a call-center inquiry in ``bucket`` (NO_ANSWER, ANSWER or TRANSFER)."""
        r = rng or random
        kst = at.astimezone(KST)
        category, text = r.choice(_CALL_TOPICS)
        transfer = {
            "receptionistName": "쿠팡상담사",
            "receptionist": "10000058",
            "replyAt": _iso(kst),
            "content": text,
            "answerId": 1_027_000_000 + self._id(rng),
            "parentAnswerId": None,
            "partnerTransferStatus": "requestAnswer",
            "partnerTransferCompleteReason": "NONE",
            "answerType": "csAgent",
            "needAnswer": bucket == "NO_ANSWER",
        }
        doc: dict[str, Any] = {
            "inquiryId": 1_015_000_000 + self._id(rng),
            "csPartnerCounselingStatus": "requestAnswer",
            "inquiryStatus": "progress",
            "vendorItemId": [vendor_item_id],
            "itemName": item_name,
            "content": "상담이력",
            "answeredAt": None,
            "replies": [transfer],
            "inquiryAt": _iso(kst),
            "buyerEmail": "",
            "buyerPhone": "+82(10)****-" + f"{r.randrange(10_000):04d}",
            "orderId": 10_000_000_000_000 + r.randrange(10**11),
            "orderDate": _iso(kst - dt.timedelta(days=2)),
            "receiptCategory": category,
            "saleStartedAt": "2017-12-12",
            "saleEndedAt": "2099-12-30",
        }
        record = CallCenterRecord(kst, doc, bucket)
        if bucket == "ANSWER":
            self._answer(record, transfer, "안녕하세요, 확인 후 처리하였습니다.", "fakeseller", kst)
        self.calls.append(record)
        return record

    # -- changes --------------------------------------------------------------------------------

    def _comment(self, record: ProductInquiryRecord, content: str, at: dt.datetime) -> None:
        record.doc["commentDtoList"].append(
            {
                "inquiryCommentId": 36_000_000 + self._id(),
                "inquiryId": record.doc["inquiryId"],
                "content": content,
                "inquiryCommentAt": _iso(at.astimezone(KST)),
            }
        )

    def _answer(
        self,
        record: CallCenterRecord,
        parent: dict[str, Any],
        content: str,
        user: str,
        at: dt.datetime,
    ) -> None:
        stamp = _iso(at)
        parent["partnerTransferStatus"] = "answered"
        parent["needAnswer"] = False
        record.doc["replies"].append(
            {
                "receptionistName": "(주)페이크상사",
                "receptionist": user,
                "replyAt": stamp,
                # Coupang stores seller replies with CRLF line breaks.
                "content": content.replace("\n", "\r\n"),
                "answerId": 1_027_000_000 + self._id(),
                "parentAnswerId": parent["answerId"],
                "partnerTransferStatus": None,
                "partnerTransferCompleteReason": "NONE",
                "answerType": "vendor",
                "needAnswer": False,
            }
        )
        record.doc["csPartnerCounselingStatus"] = "answered"
        record.doc["answeredAt"] = stamp
        record.bucket = "ANSWER"

    def product_inquiry(self, inquiry_id: int) -> ProductInquiryRecord | None:
        """The product inquiry with this id."""
        for record in self.products:
            if record.doc["inquiryId"] == inquiry_id:
                return record
        return None

    def call_center_inquiry(self, inquiry_id: int) -> CallCenterRecord | None:
        """The call-center inquiry with this id."""
        for record in self.calls:
            if record.doc["inquiryId"] == inquiry_id:
                return record
        return None

    def unanswered_product_inquiries(self) -> list[int]:
        """Ids of the product inquiries without an answer."""
        return [r.doc["inquiryId"] for r in self.products if not r.answered]


def _generate(vendor: VendorState, gateway: Gateway) -> InquiryState:
    options = [
        (
            vid,
            int(product.doc.get("productId") or 0),
            product.id,
            item.seller_product_item_id,
            str(item.doc.get("itemName") or product.doc.get("sellerProductName") or ""),
        )
        for vid, (product, item) in sorted(vendor.vendor_items.items())
        if product.status == "APPROVED"
    ]
    return InquiryState.generate(
        vendor_id=vendor.vendor_id,
        user_id=vendor.vendor_user_id,
        vendor_items=options,
        seed=gateway.seed,
        today=gateway.today,
    )


#: The per-vendor inquiries (``fake.vendor().state(INQUIRIES)`` in tests).
INQUIRIES: Final = StateKey("inquiries", _generate)


def inquiries(vendor: VendorState) -> InquiryState:
    """The inquiries of one vendor of the fake (for tests: ``inquiries(fake.vendor())``)."""
    return vendor.state(INQUIRIES)


# -- request parsing --------------------------------------------------------------------------


def _window(call: Call) -> tuple[dt.date, dt.date] | None:
    query = call.query
    low, high = query.get("inquiryStartAt"), query.get("inquiryEndAt")
    if low is None and high is None:
        return None
    if not low or not high or not _DAY.fullmatch(low) or not _DAY.fullmatch(high):
        raise error(WINDOW_TOO_WIDE)
    try:
        start, end = dt.date.fromisoformat(low), dt.date.fromisoformat(high)
    except ValueError:
        raise error(WINDOW_TOO_WIDE) from None
    if end < start or (end - start).days > 7:
        raise error(WINDOW_TOO_WIDE)
    return start, end


def _paging(call: Call, maximum: int) -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        text = call.query.get(name)
        if text is None or text == "":
            return default
        if not text.isascii() or not text.isdigit():
            raise error(f"{name} must be a number.")  # fake's wording
        return int(text)

    page = number("pageNum", 1)
    size = number("pageSize", 10)
    if page < 1:
        raise error("pageNum must be 1 or greater.")  # fake's wording
    if not 1 <= size <= maximum:
        raise error(f"pageSize must be between 1 and {maximum}.")  # fake's wording
    return page, size


def _check_vendor(call: Call) -> None:
    given = call.query.get("vendorId")
    if given is not None and given != call.vendor.vendor_id:
        raise error("Invalid vendor ID")


def _page(items: list[dict[str, Any]], page: int, size: int) -> dict[str, Any]:
    total = len(items)
    return {
        "content": items[(page - 1) * size : page * size],
        "pagination": {
            "currentPage": page,
            "totalPages": (total + size - 1) // size,
            "totalElements": total,
            "countPerPage": size,
        },
    }


def _v4_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The v4 spelling of an item: ``yyyy-MM-dd HH:mm:ss`` timestamps, string code."""
    copied: dict[str, Any] = orjson.loads(orjson.dumps(doc))
    for key in ("inquiryAt", "answeredAt", "orderDate"):
        if isinstance(copied.get(key), str):
            copied[key] = _v4(dt.datetime.fromisoformat(copied[key]))
    return copied


def _body(call: Call) -> dict[str, Any]:
    if not call.body:
        raise error(EMPTY_CONTENT)
    try:
        body = orjson.loads(call.body)
    except orjson.JSONDecodeError:
        # What Coupang's Jackson says about a raw CR or LF inside a JSON string.
        code = 13 if b"\r" in call.body else 10
        raise error(
            f"Could not read JSON: Illegal unquoted character ((CTRL-CHAR, code {code})): "
            "has to be escaped using backslash to be included in string value"
        ) from None
    if not isinstance(body, dict):
        raise error("Could not read JSON: expected an object")  # fake's wording
    return body


# -- handlers -----------------------------------------------------------------------------------

_CS: Final = f"{OPENAPI}/v(?P<version>[45]){VENDOR}"
_CS_V4: Final = f"{OPENAPI}/v4{VENDOR}"


@route("GET", rf"{_CS}/onlineInquiries")
def list_product_inquiries(call: Call) -> Response:
    """GET …/v5|v4/vendors/{vendorId}/onlineInquiries."""
    state = call.state(INQUIRIES)
    _check_vendor(call)
    answered = call.query.get("answeredType")
    if answered not in ("ALL", "ANSWERED", "NOANSWER"):
        raise error("answeredType must be one of ALL, ANSWERED, NOANSWER.")  # fake's wording
    window = _window(call)
    if window is None:
        raise error(WINDOW_TOO_WIDE)
    page, size = _paging(call, 50)
    start, end = window
    rows = [
        r.doc
        for r in state.products
        if start <= r.at.date() <= end
        and (answered == "ALL" or (answered == "ANSWERED") == r.answered)
    ]
    if call.params.get("version") == "4":
        rows = [_v4_doc(r) for r in rows]
    return ok({"code": 200, "message": "OK", "data": _page(rows, page, size)})


@route("GET", rf"{_CS}/callCenterInquiries")
def list_call_center_inquiries(call: Call) -> Response:
    """GET …/v5|v4/vendors/{vendorId}/callCenterInquiries."""
    state = call.state(INQUIRIES)
    _check_vendor(call)
    status = call.query.get("partnerCounselingStatus")
    if status not in ("NONE", "ANSWER", "NO_ANSWER", "TRANSFER"):
        raise error(
            "partnerCounselingStatus must be one of NONE, ANSWER, NO_ANSWER, TRANSFER."
        )  # fake's wording
    window = _window(call)
    vendor_item = call.query.get("vendorItemId")
    order = call.query.get("orderId")
    if window is None and not vendor_item:
        raise error(WINDOW_TOO_WIDE)
    page, size = _paging(call, 30)
    rows = []
    for record in state.calls:
        if window is not None and not window[0] <= record.at.date() <= window[1]:
            continue
        if status != "NONE" and record.bucket != status:
            continue
        if vendor_item and int(vendor_item) not in record.doc["vendorItemId"]:
            continue
        if order and str(record.doc["orderId"]) != order:
            continue
        rows.append(record.doc if call.params.get("version") != "4" else _v4_doc(record.doc))
    return ok({"code": 200, "message": "OK", "data": _page(rows, page, size)})


@route("GET", rf"{OPENAPI}/v(?P<version>[45])/vendors/callCenterInquiries/(?P<inquiryId>[^/]+)")
def get_call_center_inquiry(call: Call) -> Response:
    """GET …/v5|v4/vendors/callCenterInquiries/{inquiryId}."""
    state = call.state(INQUIRIES)
    text = call.params["inquiryId"]
    if not text.isascii() or not text.isdigit():
        raise error(f"Invalid format inquiryId : {text}")
    record = state.call_center_inquiry(int(text))
    if record is None:
        raise error("Inquiry not found", 404)
    doc = record.doc if call.params.get("version") != "4" else _v4_doc(record.doc)
    return ok({"code": 200, "message": "OK", "data": doc})


@route("POST", rf"{_CS_V4}/onlineInquiries/(?P<inquiryId>\d+)/replies")
def reply_to_product_inquiry(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/onlineInquiries/{inquiryId}/replies."""
    state = call.state(INQUIRIES)
    body = _body(call)
    record = state.product_inquiry(int(call.params["inquiryId"]))
    if record is None:
        raise error("삭제된 상품문의에는 더 이상 답변할 수 없습니다.")
    content = body.get("content")
    if not isinstance(content, str) or not content.strip():
        raise error(EMPTY_CONTENT)
    if body.get("vendorId") != call.vendor.vendor_id:
        raise error("Invalid vendor ID")
    reply_by = body.get("replyBy")
    if reply_by not in state.user_ids and reply_by != call.vendor.vendor_id:
        raise error(BAD_REPLY_BY)
    if any(c["content"] == content for c in record.doc["commentDtoList"]):
        raise error(DUPLICATE_REPLY)
    state._comment(record, content, dt.datetime.fromtimestamp(call.now, KST))
    return ok({"code": "200", "message": "OK"})


@route("POST", rf"{_CS_V4}/callCenterInquiries/(?P<inquiryId>\d+)/replies")
def reply_to_call_center_inquiry(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/callCenterInquiries/{inquiryId}/replies."""
    state = call.state(INQUIRIES)
    body = _body(call)
    record = state.call_center_inquiry(int(call.params["inquiryId"]))
    if record is None:
        raise error("Inquiry not found", 404)
    if body.get("vendorId") != call.vendor.vendor_id:
        raise error("Invalid vendor ID")
    if str(body.get("inquiryId")) != call.params["inquiryId"]:
        raise error("inquiryId does not match the path.")  # fake's wording
    content = body.get("content")
    if not isinstance(content, str) or not 2 <= len(content) <= 1000:
        raise error(BAD_LENGTH)
    if body.get("replyBy") not in state.user_ids:
        raise error(BAD_USER)
    parent_id = body.get("parentAnswerId")
    if parent_id is None or parent_id == "":
        raise error(PARENT_REQUIRED)
    if record.doc["inquiryStatus"] != "progress":
        raise error(CLOSED)
    pending = record.pending()
    if pending is None or record.bucket != "NO_ANSWER":
        raise error(CANT_BE_ANSWERED)
    if str(parent_id) != str(pending["answerId"]):
        raise error(f"The parentAnswerId {parent_id} is not the transfer to answer.")  # fake's
    state._answer(
        record, pending, content, str(body["replyBy"]), dt.datetime.fromtimestamp(call.now, KST)
    )
    return ok({"code": "200", "message": "OK"})


@route("POST", rf"{_CS_V4}/callCenterInquiries/(?P<inquiryId>\d+)/confirms")
def confirm_call_center_inquiry(call: Call) -> Response:
    """POST …/v4/vendors/{vendorId}/callCenterInquiries/{inquiryId}/confirms."""
    state = call.state(INQUIRIES)
    body = _body(call)
    record = state.call_center_inquiry(int(call.params["inquiryId"]))
    if record is None:
        raise error("Inquiry not found", 404)
    if body.get("confirmBy") not in state.user_ids:
        raise error(BAD_USER)
    if record.doc["inquiryStatus"] != "progress":
        raise error(CLOSED)
    pending = record.pending()
    if pending is None or record.bucket != "TRANSFER":
        raise error(CANT_BE_ANSWERED)
    pending["partnerTransferStatus"] = "answered"
    pending["partnerTransferCompleteReason"] = "DISPUTE_PROCESS_COMPLETE"
    record.doc["inquiryStatus"] = "complete"
    record.doc["csPartnerCounselingStatus"] = "answered"
    record.bucket = "CLOSED"
    return ok({"code": "200", "message": "OK"})
