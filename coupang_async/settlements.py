"""Revenue history (매출내역) and settlement histories (지급내역).

```python
import datetime as dt
from coupang_async import settlements

# Every revenue row recognised last month (any window: split into 31-day chunks)
first = dt.date(2025, 6, 1)
async for row in settlements.list_revenue(
    client, recognized_from=first, recognized_to=dt.date(2025, 6, 30)
):
    print(row.order_id, row.sale_type, row.recognition_date, row.settlement_amount)

# The payouts of a recognition month
for payout in await settlements.list_settlements(client, "2025-06"):
    print(payout.settlement_type, payout.settlement_date, payout.final_amount)
```

Decisions:

* **Dates are KST calendar days** (``datetime.date``; datetimes and strings are refused). A
  revenue row's day is its recognition date: delivery or purchase confirmation + 7 days.
* **recognized_to must be before today in KST.** Coupang only serves revenue up to yesterday
  (``dateTo: 전일까지만 조회할 수 있습니다.``); the client refuses a later end date with a clear
  `InvalidInputError` before sending anything (today is taken from the system clock in
  Korea's time zone).
* **Windows are split, not rejected.** The gateway serves at most 31 days per request; a longer
  window is walked as consecutive 31-day chunks behind one paginator (no row twice). Inside a
  chunk the gateway pages with ``token`` + ``hasNext``; the first page of every chunk is sent with
  an empty ``token=`` (the gateway requires the parameter), and the signed query carries it
  exactly as sent. A page's ``next_token`` (``"2025-06-01~<gateway token>"``) resumes the walk
  with the same window.
* **Export.** `export_revenue` writes a window's revenue to a JSONL or CSV file, streamed,
  atomic and resumable (the ``coupang-async revenue export`` command runs it).
* **Settlement histories** answer a bare JSON array (no envelope) with every payout of the
  month: weekly, monthly, reserve, additional. Months after the current KST month are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final, cast

from coupang_async._converter import KST
from coupang_async._cs_export import REVENUE_COLUMNS, export_revenue
from coupang_async._date_windows import Chunks, DateWindows, Resolution, Window
from coupang_async._errors import InvalidInputError
from coupang_async._operation import EXTENDED, Operation
from coupang_async._paging import TokenHasNext
from coupang_async._validate import check_page_size, describe
from coupang_async.models.settlements import RevenueItem, Settlement

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async.pagination import AsyncPaginator

__all__ = [
    "MAX_PER_PAGE",
    "MAX_WINDOW_DAYS",
    "REVENUE_COLUMNS",
    "export_revenue",
    "list_revenue",
    "list_settlements",
]

#: The largest page the gateway serves (and its default).
MAX_PER_PAGE: Final = 50
#: Days per request; longer windows are split into chunks of this many days.
MAX_WINDOW_DAYS: Final = 31

_LIST_REVENUE: Final = Operation(
    "settlements.list_revenue",
    "GET",
    "/v2/providers/openapi/apis/api/v1/revenue-history",
    returns=RevenueItem,
    paging=DateWindows(
        TokenHasNext(), from_param="recognitionDateFrom", to_param="recognitionDateTo"
    ),
    extended_timeout=EXTENDED,
)
_LIST_SETTLEMENTS: Final[Operation[Any]] = Operation(
    "settlements.list_settlements",
    "GET",
    "/v2/providers/marketplace_openapi/apis/api/v1/settlement-histories",
    returns=cast("type[Any]", list[Settlement]),
    extended_timeout=EXTENDED,
)
_YEAR_MONTH: Final = re.compile(r"(\d{4})-(\d{2})")


def today_kst() -> dt.date:
    """Today's date in Korea (Coupang's calendar)."""
    return dt.datetime.now(KST).date()


def _day(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInputError(
            field,
            f"must be a datetime.date (a KST calendar day), not {describe(value)}",
            value=value,
        )
    return value


def list_revenue(
    client: CoupangClient,
    *,
    recognized_from: dt.date,
    recognized_to: dt.date,
    max_per_page: int = MAX_PER_PAGE,
    next_token: str | None = None,
    max_pages: int | None = None,
) -> AsyncPaginator[RevenueItem]:
    """List the revenue recognised in a window of KST days (sales and refunds, per order).

    `GET /v2/providers/openapi/apis/api/v1/revenue-history`

    A plain call: nothing is sent until the paginator is awaited (first page) or iterated.

    Args:
        client: the client.
        recognized_from: first recognition day, inclusive.
        recognized_to: last recognition day, inclusive; must be before today in KST. Any
            length: split into 31-day chunks.
        max_per_page: rows per page, 1..50.
        next_token: resume from a `Page.next_token` of the same listing (same window).
        max_pages: stop after this many pages (None: walk to the end).

    Returns:
        A paginator of `RevenueItem`.

    Raises:
        InvalidInputError: a bad argument (named), e.g. ``recognized_to`` is today or later in
            KST; nothing is sent.
    """
    start = _day("recognized_from", recognized_from)
    end = _day("recognized_to", recognized_to)
    today = today_kst()
    if end >= today:
        raise InvalidInputError(
            "recognized_to",
            f"({end}) must be before today in KST ({today}): Coupang serves revenue up to"
            " yesterday only",
            value=recognized_to,
        )
    if end < start:
        raise InvalidInputError(
            "recognized_to", f"({end}) is before recognized_from ({start})", value=recognized_to
        )
    per_page = check_page_size(max_per_page, MAX_PER_PAGE)
    window = Window.of(
        dt.datetime.combine(start, dt.time()),
        dt.datetime.combine(end, dt.time()),
        Resolution.DAY,
        span=dt.timedelta(days=MAX_WINDOW_DAYS),
    )
    return client._list(
        _LIST_REVENUE,
        window=Chunks(window, Resolution.DAY.text, lead=[("vendorId", client.vendor_id)]),
        page_size=per_page,
        next_token=next_token,
        max_pages=max_pages,
    )


def _year_month(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        match = _YEAR_MONTH.fullmatch(value.strip())
        if match is not None and 1 <= int(match.group(2)) <= 12:
            return match.group(0)
    raise InvalidInputError(
        "year_month",
        f'must be "YYYY-MM" (e.g. "2025-06") or a datetime.date, not {describe(value)}',
        value=value,
    )


async def list_settlements(client: CoupangClient, year_month: str | dt.date) -> list[Settlement]:
    """The payouts of one revenue-recognition month (weekly, monthly, reserve, additional).

    `GET /v2/providers/marketplace_openapi/apis/api/v1/settlement-histories`

    Args:
        client: the client.
        year_month: the month, ``"YYYY-MM"`` or any ``datetime.date`` in it; not after the
            current KST month.

    Returns:
        Every `Settlement` of the month (the gateway answers them all at once).

    Raises:
        InvalidInputError: a bad or future month; nothing is sent.
    """
    month = _year_month(year_month)
    current = today_kst().strftime("%Y-%m")
    if month > current:
        raise InvalidInputError(
            "year_month",
            f"({month}) is after the current month in KST ({current})",
            value=year_month,
        )
    result: list[Settlement] = await client._call(
        _LIST_SETTLEMENTS, query=[("revenueRecognitionYearMonth", month)]
    )
    return result
