"""Lazy pagination over every paging style Coupang uses, behind one interface.

```python
pager = products.list_products(client, status="APPROVED")  # plain call; nothing sent yet
page = await pager                   # the first page: page.items, page.next_token
async for product in pager: ...      # every item, one page in memory at a time
async for page in pager.pages(): ... # page by page (e.g. to checkpoint page.next_token)
products.list_products(client, next_token=saved)           # resume where a walk stopped
```

Each listing supplies one coroutine, `fetch(token) -> Page[T]`, that knows its own style (the
endpoints get it from their paging strategy: `nextToken`, page numbers with `totalPages`,
`token` + `hasNext`, date windows split into chunks). To the paginator a token is an opaque
string: the `nextToken` as sent by Coupang, or the next page number as text. `None` asks for
the first page.

A walk stops when a page's `next_token` is None (the endpoint maps `""`, null and a missing
token to None), and raises `PaginationError` when the gateway hands back a token it already
gave, instead of looping forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from coupang_async._errors import InvalidInputError, PaginationError

__all__ = ["AsyncPaginator", "Page", "next_page_number", "normalize_token"]

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: the page's items, typed.
        next_token: the token of the following page (pass it as `next_token=` to resume);
            None on the last page.
        token: the token that fetched this page (None for the first page).
        raw: the decoded response body, for fields the typed items do not carry.
    """

    items: Sequence[T]
    next_token: str | None
    token: str | None = None
    raw: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def has_next_page(self) -> bool:
        """True when another page follows."""
        return self.next_token is not None

    def __len__(self) -> int:
        return len(self.items)


def normalize_token(value: object) -> str | None:
    """A gateway `nextToken` as a token: None for `""`, null, or absent (the last page)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def next_page_number(current_page: object, total_pages: object) -> str | None:
    """The token for page-number paging: the next page number, or None after the last."""
    try:
        current = int(current_page)  # type: ignore[call-overload]
        total = int(total_pages)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return str(current + 1) if current < total else None


FetchPage = Callable[[str | None], Awaitable[Page[T]]]


# The walks are plain iterator classes rather than async generators: a caller may `break` out of
# a walk at any page, and an abandoned async generator needs `aclose()` (trio warns when one is
# garbage collected unfinished). These hold no resources, so abandoning them is always safe.


class _PageWalk(Generic[T]):
    def __init__(self, fetch: FetchPage[T], start: str | None, max_pages: int | None) -> None:
        self._fetch = fetch
        self._token = start
        self._seen: set[str] = set() if start is None else {start}
        self._max_pages = max_pages
        self._fetched = 0
        self._done = False
        self._pending_error: PaginationError | None = None

    def __aiter__(self) -> _PageWalk[T]:
        return self

    async def __anext__(self) -> Page[T]:
        if self._pending_error is not None:
            raise self._pending_error
        if self._done:
            raise StopAsyncIteration
        page = await self._fetch(self._token)
        self._fetched += 1
        token = page.next_token
        if token is None or (self._max_pages is not None and self._fetched >= self._max_pages):
            self._done = True
        elif token in self._seen:
            # This page is good data; the walk fails when asked for the page after it.
            self._pending_error = PaginationError(
                f"the gateway returned nextToken {token!r} again after {self._fetched} pages;"
                " stopping instead of looping"
            )
        else:
            self._seen.add(token)
            self._token = token
        return page


class _ItemWalk(Generic[T]):
    def __init__(self, pages: _PageWalk[T]) -> None:
        self._pages = pages
        self._items: Iterator[T] = iter(())

    def __aiter__(self) -> _ItemWalk[T]:
        return self

    async def __anext__(self) -> T:
        while True:
            for item in self._items:
                return item
            page = await self._pages.__anext__()  # StopAsyncIteration ends the walk
            self._items = iter(page.items)


class AsyncPaginator(Generic[T]):
    """Walks a paged listing lazily. Nothing is sent until it is awaited or iterated.

    Args:
        fetch: fetches the page for a token (None = first page).
        next_token: start from this token instead of the first page (resume).
        max_pages: stop after this many pages (None = all).

    Each `await`, `async for` or `pages()` starts a fresh walk from the starting token.
    """

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        next_token: str | None = None,
        max_pages: int | None = None,
    ) -> None:
        given: object = max_pages  # checked at run time: callers may not be type-checked
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, int) or given < 1
        ):
            raise InvalidInputError(
                "max_pages", f"must be a positive int or None, got {max_pages!r}", value=max_pages
            )
        self._fetch = fetch
        self._start = normalize_token(next_token)
        self._max_pages = max_pages

    @property
    def start_token(self) -> str | None:
        """The token the walk starts from (None = the first page)."""
        return self._start

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._fetch(self._start).__await__()

    def pages(self) -> AsyncIterator[Page[T]]:
        """Iterate page after page until the last one (or `max_pages`)."""
        return _PageWalk(self._fetch, self._start, self._max_pages)

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemWalk(_PageWalk(self._fetch, self._start, self._max_pages))

    async def to_list(self) -> list[T]:
        """Every item of every page in one list (mind the memory on big catalogues)."""
        return [item async for item in self]
