"""Date windows of the order, return and exchange listings: checked, split, encoded, paged.

The three listings take a creation-time window (``createdAtFrom`` / ``createdAtTo``) that the
gateway caps (31 days of order sheets or returns, 24 hours of minute-mode order sheets, 7 days of
exchanges) and answer with ``nextToken`` paging inside it. Here a window of any length becomes
consecutive chunks that each fit the cap, walked one request per page behind one
`AsyncPaginator`:

    chunk 1 page 1 → chunk 1 page 2 → … → chunk 2 page 1 → … → last page of the last chunk

Inputs (the same for every listing):

* ``datetime.date`` bounds select whole days, both inclusive (Coupang's day mode).
* aware ``datetime.datetime`` bounds select a time range (minute mode, ``searchType=timeFrame``,
  for order sheets and returns; second bounds for exchanges). They are converted to Korean time
  (KST, +09:00: Coupang's clock) and floored to the wire's resolution; both ends are inclusive at
  that resolution (``to`` = 10:05 includes 10:05:59).
* naive datetimes and strings are refused (`InvalidInputError` naming the argument): a naive
  ``datetime.now()`` on a UTC server is nine hours off Coupang's clock, which silently drops or
  repeats orders. Write ``datetime(..., tzinfo=KST)`` (``coupang_async.models.KST``).

Chunks never overlap and leave no gaps: each starts one resolution step (a day, a minute, a
second) after the previous one ends. Days are KST calendar days.

Tokens. A page's ``next_token`` is ``"<chunk start>~<gateway nextToken>"``, e.g.
``"2025-07-01~448537989"`` (the gateway part is empty for the first page of a chunk), so a walk
resumes exactly, in any chunk, by passing it back as ``next_token=`` with the same window. A bare
gateway ``nextToken`` is accepted too when the window is a single chunk.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import quote

import attrs

from coupang_async._converter import KST
from coupang_async._errors import InvalidInputError
from coupang_async._validate import check_int_range, describe
from coupang_async.pagination import AsyncPaginator, Page, normalize_token

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "DEFAULT_EXTENDED_TIMEOUT",
    "Resolution",
    "Window",
    "check_extended_timeout",
    "check_max_per_page",
    "query_path",
    "read_window",
    "windowed_listing",
]

T = TypeVar("T")

#: Seconds the gateway may take for a listing page (sent as ``X-EXTENDED-TIMEOUT``): the
#: gateway's default of 3 s answers 504 on busy days (reference §2).
DEFAULT_EXTENDED_TIMEOUT: Final = 60.0

_SEPARATOR: Final = "~"
_DAY_START: Final = dt.time(0, 0)


class Resolution(enum.Enum):
    """How finely a window's bounds are written on the wire."""

    DAY = (dt.timedelta(days=1), "%Y-%m-%d")
    MINUTE = (dt.timedelta(minutes=1), "%Y-%m-%dT%H:%M")
    SECOND = (dt.timedelta(seconds=1), "%Y-%m-%dT%H:%M:%S")

    @property
    def step(self) -> dt.timedelta:
        """The smallest distance between two bounds."""
        return self.value[0]

    def text(self, value: dt.datetime) -> str:
        """``value`` (naive KST) in the resolution's ISO form, e.g. ``2025-07-01T10:05``."""
        return value.strftime(self.value[1])

    def floor(self, value: dt.datetime) -> dt.datetime:
        """``value`` with everything finer than the resolution dropped."""
        if self is Resolution.DAY:
            return dt.datetime.combine(value.date(), _DAY_START)
        if self is Resolution.MINUTE:
            return value.replace(second=0, microsecond=0)
        return value.replace(microsecond=0)


# -- inputs ---------------------------------------------------------------------------------------


def _bound(name: str, value: object) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError(
                name,
                "is a naive datetime; give it a time zone (e.g. tzinfo=coupang_async.models.KST,"
                " Coupang's clock) or pass a datetime.date for whole days",
                value=value,
            )
        return value
    if isinstance(value, dt.date):
        return value
    raise InvalidInputError(
        name,
        "must be a datetime.date (whole days) or an aware datetime.datetime,"
        f" not {describe(value)}",
        value=value,
    )


def read_window(
    created_at_from: object, created_at_to: object
) -> tuple[dt.datetime, dt.datetime, bool]:
    """Check a window and return ``(from, to, is_time)``: naive KST datetimes (days at midnight).

    ``is_time`` is False for ``date`` bounds (day mode) and True for aware datetimes.

    Raises:
        InvalidInputError: a bound is not a date or an aware datetime, the two are of different
            kinds, or ``created_at_to`` is before ``created_at_from``.
    """
    low = _bound("created_at_from", created_at_from)
    high = _bound("created_at_to", created_at_to)
    is_time = isinstance(low, dt.datetime)
    if is_time != isinstance(high, dt.datetime):
        raise InvalidInputError(
            "created_at_to",
            "must be of the same kind as created_at_from: both datetime.date (whole days) or"
            " both aware datetime.datetime",
            value=created_at_to,
        )
    if isinstance(low, dt.datetime) and isinstance(high, dt.datetime):
        start = low.astimezone(KST).replace(tzinfo=None)
        end = high.astimezone(KST).replace(tzinfo=None)
    else:
        start = dt.datetime.combine(low, _DAY_START)
        end = dt.datetime.combine(high, _DAY_START)
    if end < start:
        raise InvalidInputError(
            "created_at_to",
            f"({created_at_to}) is before created_at_from ({created_at_from})",
            value=created_at_to,
        )
    return start, end, is_time


def check_max_per_page(value: object, *, maximum: int) -> int:
    """``value`` if it is an int in ``1..maximum``, else `InvalidInputError`."""
    return check_int_range("max_per_page", value, 1, maximum)


def check_extended_timeout(value: object) -> float | None:
    """``value`` if it is None or a positive number of seconds, else `InvalidInputError`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(
            "extended_timeout", f"must be seconds or None, not {describe(value)}", value=value
        )
    if value <= 0:
        raise InvalidInputError(
            "extended_timeout", f"must be positive (or None), got {value}", value=value
        )
    return float(value)


# -- windows and chunks ---------------------------------------------------------------------------


@attrs.frozen
class Window:
    """A checked window (naive KST, floored, inclusive) and how it is cut into chunks.

    Attributes:
        start, end: the first and last instant, floored to ``resolution``.
        resolution: how bounds are written (and the step between chunks).
        span: the length of a chunk; None cuts at every KST midnight instead (each chunk then
            lies within one calendar day).
    """

    start: dt.datetime
    end: dt.datetime
    resolution: Resolution
    span: dt.timedelta | None

    @classmethod
    def of(
        cls,
        start: dt.datetime,
        end: dt.datetime,
        resolution: Resolution,
        span: dt.timedelta | None,
    ) -> Window:
        """A window from `read_window`'s bounds, floored to ``resolution``."""
        return cls(resolution.floor(start), resolution.floor(end), resolution, span)

    def chunk_end(self, chunk_start: dt.datetime) -> dt.datetime:
        """The last instant of the chunk that starts at ``chunk_start``."""
        if self.span is None:
            last = dt.datetime.combine(chunk_start.date(), _DAY_START) + (
                dt.timedelta(days=1) - self.resolution.step
            )
        else:
            last = chunk_start + self.span - self.resolution.step
        return min(last, self.end)

    def next_start(self, chunk_start: dt.datetime) -> dt.datetime | None:
        """Where the chunk after the one starting at ``chunk_start`` starts; None after the last."""
        following = self.chunk_end(chunk_start) + self.resolution.step
        return following if following <= self.end else None

    @property
    def single_chunk(self) -> bool:
        """True when the whole window fits in one chunk."""
        return self.next_start(self.start) is None

    def key(self, chunk_start: dt.datetime) -> str:
        """The chunk's name inside tokens (its start in KST, e.g. ``2025-07-01``)."""
        return self.resolution.text(chunk_start)

    def chunk_at(self, key: str) -> dt.datetime | None:
        """The start of the chunk called ``key``, or None if no chunk of this window has it."""
        try:
            start = dt.datetime.strptime(key, self.resolution.value[1])
        except ValueError:
            return None
        if start == self.start:
            return start
        if not self.start < start <= self.end:
            return None
        if self.span is None:
            aligned = start.time() == _DAY_START
        else:
            aligned = (start - self.start) % self.span == dt.timedelta(0)
        return start if aligned else None


# -- the wire -------------------------------------------------------------------------------------


def query_path(path: str, params: Sequence[tuple[str, str | None]]) -> str:
    """``path?query`` with the query percent-encoded the way Coupang documents it.

    Only what must be escaped is: ``+`` becomes ``%2B`` (a raw ``+`` reads as a space on the
    gateway) while ``:`` stays, so dates go out as ``2025-07-15%2B09:00`` exactly as in Coupang's
    examples. The client signs these very bytes. Pairs whose value is None are left out.
    """
    query = "&".join(
        f"{quote(key, safe='')}={quote(value, safe=':')}"
        for key, value in params
        if value is not None
    )
    return f"{path}?{query}" if query else path


@attrs.frozen
class _Position:
    chunk_start: dt.datetime
    gateway_token: str | None


def windowed_listing(
    client: CoupangClient,
    *,
    path: str,
    item_type: Any,
    window: Window,
    encode: Callable[[dt.datetime], str],
    params: Sequence[tuple[str, str | None]] = (),
    time_frame: bool = False,
    paged: bool = True,
    max_per_page: int | None = None,
    next_token: str | None = None,
    extended_timeout: float | None = None,
) -> AsyncPaginator[Any]:
    """A paginator over every chunk of ``window``, one request per page.

    Args:
        client: the client.
        path: the listing's path (vendor id substituted).
        item_type: what ``data`` structures as, e.g. ``list[OrderSheet]``.
        window: the checked window.
        encode: a chunk bound (naive KST) as the wire wants it.
        params: the listing's other query parameters (status, order id, ...), after the dates.
        time_frame: send ``searchType=timeFrame`` first.
        paged: the listing pages with ``nextToken`` (False: one response per chunk).
        max_per_page: sent as ``maxPerPage`` on paged listings.
        next_token: resume from a token of this listing (see the module docstring).
        extended_timeout: seconds for ``X-EXTENDED-TIMEOUT`` (None: the gateway's default).

    Raises:
        InvalidInputError: ``next_token`` does not belong to this window (raised at once).
    """

    def locate(token: str | None) -> _Position:
        if token is None:
            return _Position(window.start, None)
        key, separator, gateway = token.partition(_SEPARATOR)
        if not separator:
            if paged and window.single_chunk:
                return _Position(window.start, token)  # a bare gateway nextToken
            raise InvalidInputError(
                "next_token",
                "is not a token of this listing; pass a Page.next_token it returned",
                value=token,
            )
        start = window.chunk_at(key)
        if start is None:
            raise InvalidInputError(
                "next_token",
                f"names a chunk ({key!r}) outside this window; resume with the same"
                " created_at_from / created_at_to that produced it",
                value=token,
            )
        if gateway and not paged:
            raise InvalidInputError(
                "next_token", "carries a page token, but this listing is not paged", value=token
            )
        return _Position(start, gateway or None)

    def token_of(chunk_start: dt.datetime, gateway_token: str | None) -> str:
        return f"{window.key(chunk_start)}{_SEPARATOR}{gateway_token or ''}"

    async def fetch(token: str | None) -> Page[Any]:
        position = locate(token)
        chunk_start = position.chunk_start
        pairs: list[tuple[str, str | None]] = []
        if time_frame:
            pairs.append(("searchType", "timeFrame"))
        pairs.append(("createdAtFrom", encode(chunk_start)))
        pairs.append(("createdAtTo", encode(window.chunk_end(chunk_start))))
        pairs.extend(params)
        if paged:
            pairs.append(("maxPerPage", None if max_per_page is None else str(max_per_page)))
            pairs.append(("nextToken", position.gateway_token))
        envelope = await client._request_envelope(
            "GET", query_path(path, pairs), extended_timeout=extended_timeout
        )
        items = [] if envelope.data is None else envelope.structure(item_type)
        gateway_next = normalize_token(envelope.next_token) if paged else None
        following: str | None
        if gateway_next is not None:
            following = token_of(chunk_start, gateway_next)
        else:
            next_chunk = window.next_start(chunk_start)
            following = None if next_chunk is None else token_of(next_chunk, None)
        return Page(items=items, next_token=following, token=token, raw=envelope.body)

    start_token = normalize_token(next_token) if isinstance(next_token, str) else next_token
    if start_token is not None and not isinstance(start_token, str):
        raise InvalidInputError(
            "next_token", f"must be a str or None, not {describe(next_token)}", value=next_token
        )
    locate(start_token)  # a foreign token fails here, before anything is sent
    return AsyncPaginator(fetch, next_token=start_token)
