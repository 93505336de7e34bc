"""Customer inquiries: product inquiries (상품문의) and call-center inquiries (고객센터 문의).

```python
import datetime as dt
from coupang_async import inquiries
from coupang_async.models import KST

# Every unanswered product inquiry of the last 30 days (any window: split into 7-day chunks)
today = dt.datetime.now(KST).date()  # Coupang's calendar is Korean time
pending = await inquiries.list_product_inquiries(
    client, inquired_from=today - dt.timedelta(days=30), inquired_to=today, answered=False
).to_list()  # collect first: an answered inquiry leaves this listing and shifts its pages
for inquiry in pending:
    await inquiries.reply_to_product_inquiry(
        client, inquiry.inquiry_id, "안녕하세요.\\n확인 후 안내드립니다.", reply_by="wing-id"
    )

# Call-center inquiries transferred by Coupang's agents: answer the open ones
waiting = await inquiries.list_call_center_inquiries(
    client, inquired_from=today - dt.timedelta(days=6), inquired_to=today, status="NO_ANSWER"
).to_list()
for inquiry in waiting:
    transfer = inquiry.pending_reply()
    if transfer is not None:
        await inquiries.reply_to_call_center_inquiry(
            client, inquiry.inquiry_id, "확인했습니다.", reply_by="wing-id",
            parent_answer_id=transfer.answer_id,
        )
```

Decisions:

* **Versions.** Reads use the current v5 paths (ISO-8601 timestamps with an offset; personal data
  emptied); writes use v4, the only version Coupang serves for them (v5 writes answer 404).
  ``version=4`` on the reads selects the older paths (same fields; ``yyyy-MM-dd HH:mm:ss``
  timestamps).
* **Windows are split, not rejected.** The gateway takes at most 7 days per request
  (``inquiryStartAt`` / ``inquiryEndAt``, KST calendar days, both inclusive). A longer window is
  walked as consecutive 7-day chunks behind one paginator: the chunks never overlap, so each
  inquiry comes once. Bounds are ``datetime.date`` (whole KST days; datetimes are refused).
* **Paging and resuming.** Inside a chunk the gateway pages by page number. A page's
  ``next_token`` names the chunk and the page (``"2025-07-01~3"``): pass it back with the same
  window to resume exactly there. Page numbers are positions, not cursors: inquiries answered
  while you walk a ``answered=False`` listing leave it and the following pages shift. To answer
  while walking, list ``answered=None`` (that listing does not shift when you answer) and skip the
  answered ones, or collect the unanswered ones first (``to_list()``) and answer after.
* **Replies** (both kinds) are 2–1,000 characters, counted on the NFC form (Korean typed on some
  systems arrives decomposed) and in UTF-16 units as Coupang's server counts them (an emoji counts
  two). Line breaks (``\\r\\n``, ``\\r`` or ``\\n``) go out as ``\\n`` inside a proper JSON string;
  other control characters and lone surrogates are refused. The text is sent in NFC form.
  Everything is checked before anything is sent (`InvalidInputError` naming the argument).
* **reply_by / confirm_by** are required: the WING login id of the person answering (a user of
  your seller account in Coupang's seller portal, not the vendor id and not the API key). Coupang
  records it as the author and rejects ids that do not belong to the vendor. There is no default
  on purpose: make it a setting of your application.
* **Not idempotent.** A reply is never re-sent by the client (it is a POST). Sending the same
  reply twice is refused by Coupang (``동일한 답변이 존재합니다.`` for product inquiries; "can't be
  answer" for call-center ones): after a lost reply, read the inquiry back before replying again.
* **Export.** `export_inquiries` writes a window's inquiries to a JSONL or CSV file, streamed,
  atomic and resumable (the ``coupang-async inquiries export`` command runs it).
* Call-center inquiries waiting for your answer carry an agent's transfer message whose
  ``answer_id`` is the ``parent_answer_id`` of the reply (`CallCenterInquiry.pending_reply`).
  Inquiries in ``TRANSFER`` need no answer but a confirmation (`confirm_call_center_inquiry`).
  Unanswered call-center inquiries close themselves after 24 hours.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Final, Literal

from coupang_async._cs_export import (
    CALL_CENTER_COLUMNS,
    PRODUCT_INQUIRY_COLUMNS,
    export_inquiries,
)
from coupang_async._date_windows import Chunks, DateWindows, Resolution, Window
from coupang_async._errors import InvalidInputError
from coupang_async._operation import EXTENDED, Operation
from coupang_async._paging import PageNumber
from coupang_async._validate import (
    check_choice,
    check_page_size,
    check_positive_id,
    check_text,
    check_version,
    describe,
)
from coupang_async.models.inquiries import (
    CallCenterInquiry,
    CallCenterStatus,
    ProductInquiry,
)

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "CALL_CENTER_COLUMNS",
    "MAX_CALL_CENTER_PER_PAGE",
    "MAX_PRODUCT_PER_PAGE",
    "MAX_REPLY_LENGTH",
    "MAX_WINDOW_DAYS",
    "MIN_REPLY_LENGTH",
    "PRODUCT_INQUIRY_COLUMNS",
    "confirm_call_center_inquiry",
    "export_inquiries",
    "get_call_center_inquiry",
    "list_call_center_inquiries",
    "list_product_inquiries",
    "reply_to_call_center_inquiry",
    "reply_to_product_inquiry",
]

#: Days per request; longer windows are split into chunks of this many days.
MAX_WINDOW_DAYS: Final = 7
#: The largest page of product inquiries the gateway serves.
MAX_PRODUCT_PER_PAGE: Final = 50
#: The largest page of call-center inquiries the gateway serves.
MAX_CALL_CENTER_PER_PAGE: Final = 30
#: Bounds of a reply's length (characters of the NFC form, UTF-16 units).
MIN_REPLY_LENGTH: Final = 2
MAX_REPLY_LENGTH: Final = 1000
#: The longest WING login id accepted as ``reply_by`` / ``confirm_by``.
MAX_USER_ID_LENGTH: Final = 100

_CS: Final = "/v2/providers/openapi/apis/api/v{version}/vendors/{vendor_id}"
_CS_V4: Final = "/v2/providers/openapi/apis/api/v4/vendors/{vendor_id}"
_WINDOWS: Final = DateWindows(PageNumber(), from_param="inquiryStartAt", to_param="inquiryEndAt")

_LIST_PRODUCT_INQUIRIES: Final = Operation(
    "inquiries.list_product_inquiries",
    "GET",
    f"{_CS}/onlineInquiries",
    returns=ProductInquiry,
    version=5,
    versions=(4, 5),
    paging=_WINDOWS,
    extended_timeout=EXTENDED,
)
_REPLY_TO_PRODUCT_INQUIRY: Final = Operation(
    "inquiries.reply_to_product_inquiry",
    "POST",
    f"{_CS_V4}/onlineInquiries/{{inquiry_id}}/replies",
    returns=type(None),
)
_LIST_CALL_CENTER_INQUIRIES: Final = Operation(
    "inquiries.list_call_center_inquiries",
    "GET",
    f"{_CS}/callCenterInquiries",
    returns=CallCenterInquiry,
    version=5,
    versions=(4, 5),
    paging=_WINDOWS,
    extended_timeout=EXTENDED,
)
_GET_CALL_CENTER_INQUIRY: Final = Operation(
    "inquiries.get_call_center_inquiry",
    "GET",
    "/v2/providers/openapi/apis/api/v{version}/vendors/callCenterInquiries/{inquiry_id}",
    returns=CallCenterInquiry,
    version=5,
    versions=(4, 5),
)
_REPLY_TO_CALL_CENTER_INQUIRY: Final = Operation(
    "inquiries.reply_to_call_center_inquiry",
    "POST",
    f"{_CS_V4}/callCenterInquiries/{{inquiry_id}}/replies",
    returns=type(None),
)
_CONFIRM_CALL_CENTER_INQUIRY: Final = Operation(
    "inquiries.confirm_call_center_inquiry",
    "POST",
    f"{_CS_V4}/callCenterInquiries/{{inquiry_id}}/confirms",
    returns=type(None),
)

_ANSWERED: Final = {None: "ALL", True: "ANSWERED", False: "NOANSWER"}
_LINE_BREAKS: Final = str.maketrans({"\r": "\n"})


# -- argument checks --------------------------------------------------------------------------


def _day(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInputError(
            field,
            f"must be a datetime.date (the gateway selects whole KST days), not {describe(value)}",
            value=value,
        )
    return value


def _window(inquired_from: object, inquired_to: object) -> Window:
    start = _day("inquired_from", inquired_from)
    end = _day("inquired_to", inquired_to)
    if end < start:
        raise InvalidInputError(
            "inquired_to", f"({end}) is before inquired_from ({start})", value=inquired_to
        )
    return Window.of(
        dt.datetime.combine(start, dt.time()),
        dt.datetime.combine(end, dt.time()),
        Resolution.DAY,
        span=dt.timedelta(days=MAX_WINDOW_DAYS),
    )


def check_reply(field: str, value: object) -> str:
    """A reply's text as it goes out: line breaks as ``\\n``, NFC, 2–1,000 characters.

    Raises:
        InvalidInputError: not a str, blank, too short or too long, a lone surrogate, or a
            control character other than a line break or a tab.
    """
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = check_text(field, value, min_length=MIN_REPLY_LENGTH, max_length=MAX_REPLY_LENGTH)
    text = unicodedata.normalize("NFC", text)
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            raise InvalidInputError(
                field,
                f"contains the control character {char!r}; only line breaks and tabs are allowed",
                value=value,
            )
    units = len(text.encode("utf-16-le")) // 2
    if units > MAX_REPLY_LENGTH:
        raise InvalidInputError(
            field,
            f"is {units} UTF-16 units long (characters outside the BMP, such as emoji, count"
            f" twice); Coupang accepts at most {MAX_REPLY_LENGTH}",
            value=value,
        )
    if len(text.strip()) < MIN_REPLY_LENGTH:
        raise InvalidInputError(
            field, f"must have at least {MIN_REPLY_LENGTH} visible characters", value=value
        )
    return text


def check_user_id(field: str, value: object) -> str:
    """A WING login id (``reply_by``, ``confirm_by``): non-blank, no spaces or controls."""
    text = check_text(
        field,
        value,
        max_length=MAX_USER_ID_LENGTH,
        blank_hint=" (the WING login id of the person answering)",
    )
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in text):
        raise InvalidInputError(
            field, "must be a WING login id: no spaces or control characters", value=value
        )
    return text


# -- product inquiries ------------------------------------------------------------------------


def list_product_inquiries(
    client: CoupangClient,
    *,
    inquired_from: dt.date,
    inquired_to: dt.date,
    answered: bool | None = None,
    max_per_page: int = MAX_PRODUCT_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4, 5] = 5,
) -> AsyncPaginator[ProductInquiry]:
    """List the product inquiries (customers' questions on product pages) of a window.

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/onlineInquiries`

    A plain call: nothing is sent until the paginator is awaited (first page) or iterated.

    Args:
        client: the client.
        inquired_from: first KST day of the window, inclusive.
        inquired_to: last KST day, inclusive. Any length: split into 7-day chunks.
        answered: None for every inquiry, True for answered ones, False for unanswered ones.
        max_per_page: inquiries per page, 1..50.
        next_token: resume from a `Page.next_token` of the same listing (same window).
        max_pages: stop after this many pages (None: walk to the end).
        version: 5 (current, default) or 4.

    Returns:
        A paginator of `ProductInquiry`.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    window = _window(inquired_from, inquired_to)
    if answered is not None and not isinstance(answered, bool):
        raise InvalidInputError(
            "answered", f"must be True, False or None, not {describe(answered)}", value=answered
        )
    per_page = check_page_size(max_per_page, MAX_PRODUCT_PER_PAGE)
    check_version(version, (4, 5))
    query = [("vendorId", client.vendor_id), ("answeredType", _ANSWERED[answered])]
    return client._list(
        _LIST_PRODUCT_INQUIRIES,
        query,
        window=Chunks(window, Resolution.DAY.text),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        version=version,
    )


async def reply_to_product_inquiry(
    client: CoupangClient, inquiry_id: int, content: str, *, reply_by: str
) -> None:
    """Answer a product inquiry.

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/onlineInquiries/{inquiryId}/replies`

    Args:
        client: the client.
        inquiry_id: the inquiry (`ProductInquiry.inquiry_id`).
        content: the answer, 2–1,000 characters; line breaks become ``\\n``.
        reply_by: the WING login id of the person answering (required: Coupang records it as the
            author and refuses ids that do not belong to your seller account).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        BadRequestError: Coupang refused it, e.g. the same answer was already given
            (``동일한 답변이 존재합니다.``), the inquiry was deleted, or ``reply_by`` is wrong.
    """
    ident = check_positive_id("inquiry_id", inquiry_id)
    body = {
        "content": check_reply("content", content),
        "vendorId": client.vendor_id,
        "replyBy": check_user_id("reply_by", reply_by),
    }
    await client._call(_REPLY_TO_PRODUCT_INQUIRY, ident, json=body)


# -- call-center inquiries --------------------------------------------------------------------


def list_call_center_inquiries(
    client: CoupangClient,
    *,
    inquired_from: dt.date,
    inquired_to: dt.date,
    status: CallCenterStatus | str | None = None,
    max_per_page: int = MAX_CALL_CENTER_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
    version: Literal[4, 5] = 5,
) -> AsyncPaginator[CallCenterInquiry]:
    """List the inquiries Coupang's call center transferred to you in a window.

    `GET /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/callCenterInquiries`

    Args:
        client: the client.
        inquired_from: first KST day of the window, inclusive.
        inquired_to: last KST day, inclusive. Any length: split into 7-day chunks.
        status: `CallCenterStatus` (or its value): ``NO_ANSWER`` (waiting for your answer),
            ``ANSWER`` (answered), ``TRANSFER`` (to confirm); None (= ``NONE``) for all.
        max_per_page: inquiries per page, 1..30.
        next_token: resume from a `Page.next_token` of the same listing (same window).
        max_pages: stop after this many pages (None: walk to the end).
        version: 5 (current, default) or 4.

    Returns:
        A paginator of `CallCenterInquiry`.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
    """
    window = _window(inquired_from, inquired_to)
    counseling = "NONE" if status is None else check_choice("status", status, CallCenterStatus)
    per_page = check_page_size(max_per_page, MAX_CALL_CENTER_PER_PAGE)
    check_version(version, (4, 5))
    query = [("vendorId", client.vendor_id), ("partnerCounselingStatus", counseling)]
    return client._list(
        _LIST_CALL_CENTER_INQUIRIES,
        query,
        window=Chunks(window, Resolution.DAY.text),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
        version=version,
    )


async def get_call_center_inquiry(
    client: CoupangClient, inquiry_id: int, *, version: Literal[4, 5] = 5
) -> CallCenterInquiry:
    """One call-center inquiry with its whole thread.

    `GET /v2/providers/openapi/apis/api/v5/vendors/callCenterInquiries/{inquiryId}`

    Coupang may block callers that read single inquiries excessively: prefer the listing.

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        NotFoundError: no such inquiry, or it belongs to another seller.
    """
    ident = check_positive_id("inquiry_id", inquiry_id)
    check_version(version, (4, 5))
    return await client._call(_GET_CALL_CENTER_INQUIRY, ident, version=version)


async def reply_to_call_center_inquiry(
    client: CoupangClient,
    inquiry_id: int,
    content: str,
    *,
    reply_by: str,
    parent_answer_id: int,
) -> None:
    """Answer a call-center inquiry that waits for you (status ``NO_ANSWER``).

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/callCenterInquiries/`
    `{inquiryId}/replies`

    Args:
        client: the client.
        inquiry_id: the inquiry (`CallCenterInquiry.inquiry_id`).
        content: the answer, 2–1,000 characters; line breaks become ``\\n``.
        reply_by: the WING login id of the person answering (required; a user of your seller
            account: Coupang refuses others with ``userId가 올바르지 않습니다``).
        parent_answer_id: the ``answer_id`` of the agent's transfer you answer
            (`CallCenterInquiry.pending_reply`).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        BadRequestError: Coupang refused it, e.g. the inquiry is no longer waiting for an answer
            (answered already, closed by an agent, or 24 hours passed).
    """
    ident = check_positive_id("inquiry_id", inquiry_id)
    body = {
        "vendorId": client.vendor_id,
        "inquiryId": str(ident),
        "content": check_reply("content", content),
        "replyBy": check_user_id("reply_by", reply_by),
        "parentAnswerId": check_positive_id("parent_answer_id", parent_answer_id),
    }
    await client._call(_REPLY_TO_CALL_CENTER_INQUIRY, ident, json=body)


async def confirm_call_center_inquiry(
    client: CoupangClient, inquiry_id: int, *, confirm_by: str
) -> None:
    """Confirm an inquiry Coupang's agents settled and transferred to you (status ``TRANSFER``).

    `POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/callCenterInquiries/`
    `{inquiryId}/confirms`

    Args:
        client: the client.
        inquiry_id: the inquiry.
        confirm_by: the WING login id of the person confirming (required, as ``reply_by``).

    Raises:
        InvalidInputError: a bad argument (named); nothing is sent.
        BadRequestError: Coupang refused it, e.g. already confirmed or closed
            (``상담이 종료된 문의입니다 - 522``), or more than 24 hours passed.
    """
    ident = check_positive_id("inquiry_id", inquiry_id)
    body = {"confirmBy": check_user_id("confirm_by", confirm_by)}
    await client._call(_CONFIRM_CALL_CENTER_INQUIRY, ident, json=body)
