"""Customer inquiries: product inquiries (상품별 고객문의) and call-center inquiries.

Lossless per the recipe in `coupang_async._converter`: unknown keys are kept, ``null`` stays
``null`` and absent keys stay absent, so a listing page written back is byte-for-byte the page read.

* Timestamps stay text: the current listings send ISO-8601 with an offset
  (``2025-11-02T02:40:32+09:00``, sometimes with microseconds), the older ones
  ``2015-05-27 09:38:32`` (Korean time). `coupang_async.models.parse_timestamp` reads every form.
* `CallCenterInquiry.vendor_item_ids` is a list: Coupang's tables call it a number but every
  sample sends an array. A single number is read as a one-element list (and written back as the
  number it was).
* Status values are lower camel case in the responses (``requestAnswer``) but UPPER_SNAKE in the
  listing's filter (``NO_ANSWER``): `CallCenterStatus` is the filter, `CounselingStatus` and
  `TransferStatus` are the response values.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Final

import attrs

from coupang_async._converter import (
    MISSING,
    Codec,
    Maybe,
    WireModel,
    WireTypeError,
    wire,
)
from coupang_async._converter._codecs import _parse_int
from coupang_async.models.logistics import Pagination

__all__ = [
    "AnswerType",
    "CallCenterInquiry",
    "CallCenterInquiryList",
    "CallCenterReply",
    "CallCenterStatus",
    "CounselingStatus",
    "InquiryComment",
    "InquiryReply",
    "InquiryStatus",
    "ProductInquiry",
    "ProductInquiryList",
    "TransferCompleteReason",
    "TransferStatus",
]


class CallCenterStatus(enum.StrEnum):
    """The ``status=`` filter of `list_call_center_inquiries` (``partnerCounselingStatus``)."""

    #: Every inquiry (전체).
    NONE = "NONE"
    #: Answered by the seller (답변완료).
    ANSWER = "ANSWER"
    #: Waiting for the seller's answer (미답변): reply with `reply_to_call_center_inquiry`.
    NO_ANSWER = "NO_ANSWER"
    #: Settled by Coupang's agents and transferred (미확인): confirm with
    #: `confirm_call_center_inquiry`; no answer is needed.
    TRANSFER = "TRANSFER"


class InquiryStatus(enum.StrEnum):
    """``inquiryStatus`` of a call-center inquiry."""

    PROGRESS = "progress"
    COMPLETE = "complete"


class CounselingStatus(enum.StrEnum):
    """``csPartnerCounselingStatus``: whether the seller still has to answer."""

    REQUEST_ANSWER = "requestAnswer"
    ANSWERED = "answered"


class TransferStatus(enum.StrEnum):
    """``replies[].partnerTransferStatus``."""

    NONE = "none"
    #: This reply (an agent's transfer) waits for the seller's answer; its ``answerId`` is the
    #: ``parent_answer_id`` of the answer.
    REQUEST_ANSWER = "requestAnswer"
    ANSWERED = "answered"


class TransferCompleteReason(enum.StrEnum):
    """``replies[].partnerTransferCompleteReason``."""

    NONE = "NONE"
    #: Closed by Coupang ex officio (직권처리).
    DISPUTE_PROCESS = "DISPUTE_PROCESS"
    #: Confirmed by the seller (판매자확인).
    DISPUTE_PROCESS_COMPLETE = "DISPUTE_PROCESS_COMPLETE"
    #: Transfer cancelled (이관취소).
    CANCEL = "CANCEL"


class AnswerType(enum.StrEnum):
    """``replies[].answerType``: who wrote the reply."""

    CS_AGENT = "csAgent"
    VENDOR = "vendor"


def _parse_id_list(value: Any) -> list[int]:
    if isinstance(value, list):
        return [_parse_int(item) for item in value]
    if isinstance(value, dict):
        raise WireTypeError("expected an array of integers, got an object")
    return [_parse_int(value)]


def _dump_id_list(value: Any) -> Any:
    return list(value)


#: ``vendorItemId`` of call-center inquiries: an array of ids, or (per the tables) one number.
_ID_LIST: Final[Codec] = Codec(
    name="an array of integers", fast=(), parse=_parse_id_list, dump=_dump_id_list
)


@attrs.define(kw_only=True, repr=False)
class InquiryComment(WireModel):
    """One answer to a product inquiry (``commentDtoList[]``); there is no author field."""

    inquiry_comment_id: Maybe[int] = MISSING
    inquiry_id: Maybe[int] = MISSING
    content: Maybe[str] = MISSING
    inquiry_comment_at: Maybe[str] = MISSING


@attrs.define(kw_only=True, repr=False)
class ProductInquiry(WireModel):
    """A customer's question on a product page (상품별 고객문의)."""

    inquiry_id: Maybe[int] = MISSING
    product_id: Maybe[int] = MISSING
    seller_product_id: Maybe[int] = MISSING
    seller_item_id: Maybe[int] = MISSING
    vendor_item_id: Maybe[int] = MISSING
    #: The question (may contain ``\r\n``).
    content: Maybe[str] = MISSING
    inquiry_at: Maybe[str] = MISSING
    order_ids: Maybe[list[int]] = MISSING
    #: Always ``""`` now (Coupang empties it and drops it from 2026-03-15).
    buyer_email: Maybe[str] = MISSING
    #: The answers so far (``commentDtoList``).
    comments: Annotated[Maybe[list[InquiryComment]], wire("commentDtoList")] = MISSING

    @property
    def answered(self) -> bool:
        """True when the inquiry has at least one answer."""
        return bool(self.comments)


@attrs.define(kw_only=True, repr=False)
class ProductInquiryList(WireModel):
    """One page of product inquiries (the ``data`` of the listing)."""

    content: Maybe[list[ProductInquiry]] = MISSING
    pagination: Maybe[Pagination] = MISSING


@attrs.define(kw_only=True, repr=False)
class CallCenterReply(WireModel):
    """One message in a call-center inquiry's thread (an agent's or the seller's)."""

    answer_id: Maybe[int] = MISSING
    #: ``0`` or ``null`` on top-level messages.
    parent_answer_id: Maybe[int] = MISSING
    partner_transfer_status: Maybe[TransferStatus | str] = MISSING
    partner_transfer_complete_reason: Maybe[TransferCompleteReason | str] = MISSING
    answer_type: Maybe[AnswerType | str] = MISSING
    need_answer: Maybe[bool] = MISSING
    receptionist_name: Maybe[str] = MISSING
    receptionist: Maybe[str] = MISSING
    reply_at: Maybe[str] = MISSING
    content: Maybe[str] = MISSING

    @property
    def awaits_answer(self) -> bool:
        """True for an agent's transfer that waits for the seller's answer."""
        return self.partner_transfer_status == TransferStatus.REQUEST_ANSWER


@attrs.define(kw_only=True, repr=False)
class CallCenterInquiry(WireModel):
    """An inquiry that Coupang's call center transferred to the seller (쿠팡 고객센터 문의)."""

    inquiry_id: Maybe[int] = MISSING
    cs_partner_counseling_status: Maybe[CounselingStatus | str] = MISSING
    inquiry_status: Maybe[InquiryStatus | str] = MISSING
    #: The options concerned (``vendorItemId``; an array on the wire).
    vendor_item_ids: Annotated[Maybe[list[int]], wire("vendorItemId"), _ID_LIST] = MISSING
    item_name: Maybe[str] = MISSING
    content: Maybe[str] = MISSING
    answered_at: Maybe[str] = MISSING
    replies: Maybe[list[CallCenterReply]] = MISSING
    inquiry_at: Maybe[str] = MISSING
    buyer_email: Maybe[str] = MISSING
    buyer_phone: Maybe[str] = MISSING
    order_id: Maybe[int] = MISSING
    order_date: Maybe[str] = MISSING
    #: Korean category path, e.g. ``배송>배송>배송``.
    receipt_category: Maybe[str] = MISSING
    #: ``yyyy-MM-dd``.
    sale_started_at: Maybe[str] = MISSING
    sale_ended_at: Maybe[str] = MISSING

    def pending_reply(self) -> CallCenterReply | None:
        """The agent's transfer waiting for an answer (its ``answer_id`` is the
        ``parent_answer_id`` to reply to), or None."""
        for reply in reversed(self.replies or ()):
            if reply.awaits_answer:
                return reply
        return None


@attrs.define(kw_only=True, repr=False)
class CallCenterInquiryList(WireModel):
    """One page of call-center inquiries (the ``data`` of the listing)."""

    content: Maybe[list[CallCenterInquiry]] = MISSING
    pagination: Maybe[Pagination] = MISSING


@attrs.define(kw_only=True, repr=False)
class InquiryReply(WireModel):
    """The body of a reply to a product or call-center inquiry (the client builds it).

    Product inquiries take ``content``, ``vendorId`` and ``replyBy``; call-center inquiries also
    ``inquiryId`` (a string) and ``parentAnswerId``.
    """

    vendor_id: Maybe[str] = MISSING
    inquiry_id: Maybe[str] = MISSING
    #: Line breaks as ``\n`` (a JSON escape on the wire, never a raw control character).
    content: Maybe[str] = MISSING
    #: The WING login id of the person answering.
    reply_by: Maybe[str] = MISSING
    parent_answer_id: Maybe[int] = MISSING
