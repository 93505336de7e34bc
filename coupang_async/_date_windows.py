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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from coupang_async._converter import KST
from coupang_async._errors import InvalidInputError
from coupang_async._operation import EXTENDED
from coupang_async._paging import Paging, Pairs
from coupang_async._validate import check_aware_datetime, check_token, describe
from coupang_async.pagination import Page

if TYPE_CHECKING:
    from coupang_async._operation import ListCall

__all__ = [
    "DEFAULT_EXTENDED_TIMEOUT",
    "Chunks",
    "DateWindows",
    "Resolution",
    "Window",
    "read_window",
]

#: Seconds the gateway may take for a listing page (sent as ``X-EXTENDED-TIMEOUT``): the
#: gateway's default of 3 s answers 504 on busy days.
DEFAULT_EXTENDED_TIMEOUT: Final = EXTENDED

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
        return check_aware_datetime(name, value)
    if isinstance(value, dt.date):
        return value
    raise InvalidInputError(
        name,
        "must be a datetime.date (whole days) or an aware datetime.datetime,"
        f" not {describe(value)}",
        value=value,
    )


def read_window(
    created_at_from: object,
    created_at_to: object,
    *,
    from_field: str = "created_at_from",
    to_field: str = "created_at_to",
) -> tuple[dt.datetime, dt.datetime, bool]:
    """Check a window and return ``(from, to, is_time)``: naive KST datetimes (days at midnight).

    ``is_time`` is False for ``date`` bounds (day mode) and True for aware datetimes.

    Raises:
        InvalidInputError: a bound is not a date or an aware datetime, the two are of different
            kinds, or ``created_at_to`` is before ``created_at_from``.
    """
    low = _bound(from_field, created_at_from)
    high = _bound(to_field, created_at_to)
    is_time = isinstance(low, dt.datetime)
    if is_time != isinstance(high, dt.datetime):
        raise InvalidInputError(
            to_field,
            f"must be of the same kind as {from_field}: both datetime.date (whole days) or"
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
            to_field,
            f"({created_at_to}) is before {from_field} ({created_at_from})",
            value=created_at_to,
        )
    return start, end, is_time


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


# -- the paging strategy --------------------------------------------------------------------------


@attrs.frozen
class Chunks:
    """A call's window as `DateWindows` walks it (pass it as ``window=`` to `CoupangClient._list`).

    Attributes:
        window: the checked window.
        encode: a chunk bound (naive KST) as the wire wants it.
        lead: pairs sent first on every page (e.g. ``("searchType", "timeFrame")``).
        paged: False: one response per chunk, the inner paging's parameters are not sent.
    """

    window: Window
    encode: Callable[[dt.datetime], str]
    lead: Sequence[tuple[str, object]] = ()
    paged: bool = True

    @classmethod
    def of(
        cls, window: Window, encode: Callable[[dt.datetime], str], *, time_frame: bool = False
    ) -> Chunks:
        """Day mode (paged), or with `time_frame` the gateway's minute mode: ``searchType=
        timeFrame`` sent first and one unpaged response per chunk (orders, returns)."""
        if time_frame:
            return cls(window, encode, lead=(("searchType", "timeFrame"),), paged=False)
        return cls(window, encode)


@attrs.frozen
class _Position:
    chunk_start: dt.datetime
    gateway_token: str | None


@attrs.frozen
class DateWindows(Paging):
    """A date window of any length, split into chunks the gateway accepts, each walked with the
    `inner` paging style (see the module docstring for the tokens).

    The window comes with each call (`Chunks`, as ``window=``). The query of a page is the lead
    pairs, the chunk's bounds, the listing's own query, then the inner style's pairs.

    Attributes:
        inner: the paging style within a chunk.
        from_param, to_param: the query parameters of the chunk's bounds.
    """

    inner: Paging
    from_param: str = "createdAtFrom"
    to_param: str = "createdAtTo"

    @property
    def size_param(self) -> str | None:  # type: ignore[override]
        """The inner style's page-size parameter."""
        return self.inner.size_param

    def start(self, listing: ListCall, next_token: object) -> str | None:
        if next_token is not None and not isinstance(next_token, str):
            raise InvalidInputError(
                "next_token", f"must be a str or None, not {describe(next_token)}", value=next_token
            )
        token = check_token(next_token)
        self._locate(listing.window, token)  # a foreign token fails here, before anything is sent
        return token

    def request(self, token: str | None, page_size: int | None) -> Pairs:
        return self.inner.request(token, page_size)

    def read(
        self, listing: ListCall, envelope: Any, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        return self.inner.read(listing, envelope, token)

    def _locate(self, chunks: Chunks, token: str | None) -> _Position:
        window = chunks.window
        if token is None:
            return _Position(window.start, None)
        key, separator, gateway = token.partition(_SEPARATOR)
        if not separator:
            if chunks.paged and window.single_chunk:
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
                " window bounds that produced it",
                value=token,
            )
        if gateway and not chunks.paged:
            raise InvalidInputError(
                "next_token", "carries a page token, but this listing is not paged", value=token
            )
        return _Position(start, gateway or None)

    async def fetch(self, listing: ListCall, token: str | None) -> Page[Any]:
        chunks: Chunks = listing.window
        window = chunks.window
        position = self._locate(chunks, token)
        chunk_start = position.chunk_start
        lead: Pairs = [
            *chunks.lead,
            (self.from_param, chunks.encode(chunk_start)),
            (self.to_param, chunks.encode(window.chunk_end(chunk_start))),
        ]
        if chunks.paged:
            pairs = self.inner.request(position.gateway_token, listing.page_size)
            envelope = await listing.get(pairs, lead=lead)
            items, gateway_next = self.inner.read(listing, envelope, position.gateway_token)
        else:
            envelope = await listing.get((), lead=lead)
            items, gateway_next = listing.items(envelope, envelope.data), None
        following: str | None
        if gateway_next is not None:
            following = f"{window.key(chunk_start)}{_SEPARATOR}{gateway_next}"
        else:
            next_chunk = window.next_start(chunk_start)
            following = None if next_chunk is None else f"{window.key(next_chunk)}{_SEPARATOR}"
        return listing.page(envelope, items, following, token)
