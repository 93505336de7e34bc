"""The paging styles of Coupang's listings, one strategy class each.

A listing's `Operation` names one of these as ``paging=``; the runner (`CoupangClient._list`)
asks it for each page. To `AsyncPaginator` every token is an opaque string:

* `NextToken`: ``nextToken`` (+ ``maxPerPage``) in the query, the next one at the body's top
  level (products, orders, returns, exchanges). Ends on ``""``, null or absent.
* `PageNumber`: ``pageNum`` (from 1) + ``pageSize``; the body's ``{content, pagination}``
  (in ``data`` or bare) says ``currentPage`` / ``totalPages``. A token is the next page number
  as text. Ends when ``currentPage >= totalPages`` (or the pagination block is missing).
* `TokenHasNext`: ``token`` (sent even on the first page, empty) + ``maxPerPage``; the body's
  ``hasNext`` and ``nextToken`` (settlement revenue). Ends when ``hasNext`` is not true or the
  token is empty.
* `SinglePage`: one response, no paging parameters (e.g. a listing bounded by a short window).
* `coupang_async._date_windows.DateWindows` wraps one of these: a date window of any length
  split into chunks the gateway accepts, each walked with the inner style.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from coupang_async._errors import InvalidInputError, ResponseValidationError
from coupang_async._validate import check_token, describe, is_int
from coupang_async.pagination import Page, normalize_token

if TYPE_CHECKING:
    from coupang_async._envelope import Envelope
    from coupang_async._operation import ListCall

__all__ = ["NextToken", "PageNumber", "Paging", "SinglePage", "TokenHasNext"]

Pairs = list[tuple[str, object]]


class Paging(abc.ABC):
    """A paging style: what a page request adds to the query, and how a page is read."""

    #: The query parameter carrying the page size (None: this style has none).
    size_param: str | None = None

    def start(self, listing: ListCall, next_token: object) -> str | None:
        """The checked token a walk starts from (None: the first page).

        Raises:
            InvalidInputError: the token cannot belong to this listing (before anything is sent).
        """
        return check_token(next_token)

    @abc.abstractmethod
    def request(self, token: str | None, page_size: int | None) -> Pairs:
        """The paging pairs of the request for the page at `token` (None: the first page)."""

    @abc.abstractmethod
    def read(
        self, listing: ListCall, envelope: Envelope, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        """The page's items and the token of the next page (None: this was the last)."""

    async def fetch(self, listing: ListCall, token: str | None) -> Page[Any]:
        """Fetch and read the page at `token`."""
        envelope = await listing.get(self.request(token, listing.page_size))
        items, following = self.read(listing, envelope, token)
        return listing.page(envelope, items, following, token)


def _size(param: str | None, page_size: int | None) -> Pairs:
    if param is None or page_size is None:
        return []
    return [(param, str(page_size))]


@attrs.frozen
class NextToken(Paging):
    """``nextToken`` paging.

    Attributes:
        token_param: the query parameter of the token.
        size_param: the query parameter of the page size.
        token_first: send the token before the page size (the order some endpoints document).
    """

    token_param: str = "nextToken"  # noqa: S105 - a parameter name
    size_param: str | None = "maxPerPage"
    token_first: bool = False

    def request(self, token: str | None, page_size: int | None) -> Pairs:
        size = _size(self.size_param, page_size)
        pair: Pairs = [(self.token_param, token)]
        return pair + size if self.token_first else size + pair

    def read(
        self, listing: ListCall, envelope: Envelope, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        return listing.items(envelope, envelope.data), normalize_token(envelope.next_token)


@attrs.frozen
class PageNumber(Paging):
    """``pageNum`` / ``totalPages`` paging over ``{content, pagination}`` pages.

    Attributes:
        number_param: the query parameter of the page number (counted from 1).
        size_param: the query parameter of the page size.
    """

    number_param: str = "pageNum"
    size_param: str | None = "pageSize"

    def start(self, listing: ListCall, next_token: object) -> str | None:
        if next_token is None:
            return None
        text = normalize_token(next_token) if isinstance(next_token, str) else None
        if text is None or not text.isascii() or not text.isdigit() or int(text) < 1:
            raise InvalidInputError(
                "next_token",
                f"must be a page number as text (a Page.next_token), not {describe(next_token)}",
                value=next_token,
            )
        return None if int(text) == 1 else str(int(text))

    def request(self, token: str | None, page_size: int | None) -> Pairs:
        return [(self.number_param, token or "1"), *_size(self.size_param, page_size)]

    def read(
        self, listing: ListCall, envelope: Envelope, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        data = envelope.data
        if data is None:
            return [], None
        if not isinstance(data, dict):
            raise ResponseValidationError(
                "the response does not fit a {content, pagination} page",
                errors=[f"expected an object, got {type(data).__name__} @ $.data"],
                body=envelope.body,
                response=envelope.response,
            )
        items = listing.items(envelope, data.get("content"), path="$.data.content")
        pagination = data.get("pagination")
        current: object = None
        total: object = None
        if isinstance(pagination, dict):
            current, total = pagination.get("currentPage"), pagination.get("totalPages")
        number = int(token) if token else 1
        if not is_int(current):
            current = number
        if not is_int(total):
            return items, None
        return items, str(current + 1) if current < total else None


@attrs.frozen
class TokenHasNext(Paging):
    """``token`` + ``hasNext`` paging: the token is sent on every page (empty on the first).

    Attributes:
        token_param: the query parameter of the token.
        size_param: the query parameter of the page size.
        has_next_field: the body's flag that another page follows.
        next_field: the body's field with the next token.
    """

    token_param: str = "token"  # noqa: S105 - a parameter name
    size_param: str | None = "maxPerPage"
    has_next_field: str = "hasNext"
    next_field: str = "nextToken"

    def request(self, token: str | None, page_size: int | None) -> Pairs:
        return [(self.token_param, token or ""), *_size(self.size_param, page_size)]

    def read(
        self, listing: ListCall, envelope: Envelope, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        body = envelope.body
        following: str | None = None
        if isinstance(body, dict) and body.get(self.has_next_field) is True:
            following = normalize_token(body.get(self.next_field))
        return listing.items(envelope, envelope.data), following


@attrs.frozen
class SinglePage(Paging):
    """One response holds the whole listing: no paging parameters, no next page."""

    def start(self, listing: ListCall, next_token: object) -> str | None:
        if next_token is not None:
            raise InvalidInputError(
                "next_token", "this listing has a single page; nothing to resume", value=next_token
            )
        return None

    def request(self, token: str | None, page_size: int | None) -> Pairs:
        return []

    def read(
        self, listing: ListCall, envelope: Envelope, token: str | None
    ) -> tuple[Sequence[Any], str | None]:
        return listing.items(envelope, envelope.data), None
