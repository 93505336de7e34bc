"""The generic paginator: laziness, walking, resuming, stopping, and the repeated-token guard."""

from __future__ import annotations

import pytest

from coupang_async import AsyncPaginator, InvalidInputError, Page, PaginationError
from coupang_async.pagination import next_page_number, normalize_token

pytestmark = pytest.mark.both_backends


class FakeListing:
    """Pages of consecutive ints; tokens are page numbers as text, like the product listing."""

    def __init__(self, pages: int, per_page: int = 3, last_token: object = "") -> None:
        self.pages = pages
        self.per_page = per_page
        self.last_token = last_token
        self.requested: list[str | None] = []

    async def fetch(self, token: str | None) -> Page[int]:
        self.requested.append(token)
        number = int(token) if token else 1
        start = (number - 1) * self.per_page
        raw_next: object = str(number + 1) if number < self.pages else self.last_token
        return Page(
            items=list(range(start, start + self.per_page)),
            next_token=normalize_token(raw_next),
            token=token,
        )


async def test_nothing_sent_until_used() -> None:
    """Creating a paginator sends nothing."""
    listing = FakeListing(3)
    AsyncPaginator(listing.fetch)
    assert listing.requested == []


async def test_await_gives_first_page() -> None:
    """Awaiting the paginator fetches only the first page."""
    listing = FakeListing(3)
    page = await AsyncPaginator(listing.fetch)
    assert page.items == [0, 1, 2]
    assert page.next_token == "2"
    assert page.has_next_page
    assert listing.requested == [None]


async def test_async_for_walks_every_item_lazily() -> None:
    """Iterating yields every item of every page, fetching pages only as needed."""
    listing = FakeListing(4)
    pager = AsyncPaginator(listing.fetch)
    seen = []
    async for item in pager:
        seen.append(item)
        if item == 4:
            assert listing.requested == [None, "2"]
    assert seen == list(range(12))
    assert listing.requested == [None, "2", "3", "4"]


async def test_pages_and_resume_from_token() -> None:
    """pages() yields pages; a new paginator started from a saved token resumes there."""
    listing = FakeListing(5)
    saved = None
    async for page in AsyncPaginator(listing.fetch).pages():
        if page.token == "2":
            saved = page.next_token
            break
    assert saved == "3"
    rest = [item async for item in AsyncPaginator(listing.fetch, next_token=saved)]
    assert rest == list(range(6, 15))


@pytest.mark.parametrize("last_token", ["", None, "  "])
async def test_stops_on_empty_or_missing_token(last_token: object) -> None:
    """An empty, null or blank nextToken ends the walk."""
    listing = FakeListing(2, last_token=last_token)
    items = await AsyncPaginator(listing.fetch).to_list()
    assert items == list(range(6))
    assert listing.requested == [None, "2"]


async def test_repeated_token_raises() -> None:
    """A token the gateway already gave raises PaginationError instead of looping."""

    async def stuck(token: str | None) -> Page[int]:
        return Page(items=[1], next_token="7", token=token)

    pager = AsyncPaginator(stuck)
    with pytest.raises(PaginationError, match="'7' again"):
        await pager.to_list()


async def test_token_equal_to_start_token_raises() -> None:
    """Resuming from a token that points back to itself is caught too."""

    async def loop(token: str | None) -> Page[int]:
        return Page(items=[], next_token="5", token=token)

    with pytest.raises(PaginationError):
        await AsyncPaginator(loop, next_token="5").to_list()


async def test_max_pages_caps_the_walk() -> None:
    """max_pages stops after that many pages without error."""
    listing = FakeListing(10)
    pages = [page async for page in AsyncPaginator(listing.fetch, max_pages=3).pages()]
    assert [page.token for page in pages] == [None, "2", "3"]


@pytest.mark.parametrize("bad", [0, -1, True, "2", 1.5])
def test_max_pages_validated(bad: object) -> None:
    """A non-positive max_pages is rejected at construction."""
    with pytest.raises(InvalidInputError, match="max_pages"):
        AsyncPaginator(FakeListing(1).fetch, max_pages=bad)  # type: ignore[arg-type]


async def test_each_iteration_restarts() -> None:
    """Two iterations of one paginator each walk from the start."""
    listing = FakeListing(2)
    pager = AsyncPaginator(listing.fetch)
    assert await pager.to_list() == await pager.to_list()
    assert listing.requested == [None, "2", None, "2"]


def test_page_number_tokens() -> None:
    """Page-number paging yields the next number until the last page."""
    assert next_page_number(1, 3) == "2"
    assert next_page_number("2", "3") == "3"
    assert next_page_number(3, 3) is None
    assert next_page_number(1, 0) is None
    assert next_page_number(None, 3) is None


def test_normalize_token() -> None:
    """Numeric tokens become text, blank ones None."""
    assert normalize_token(30100307028) == "30100307028"
    assert normalize_token(" 30100307028") == "30100307028"
    assert normalize_token("") is None
    assert normalize_token(None) is None


async def test_page_with_repeated_token_is_still_delivered() -> None:
    """The page that carries a repeated token is yielded before the walk fails."""

    async def fetch(token: str | None) -> Page[int]:
        return Page(items=[int(token or 0)], next_token="1", token=token)

    received: list[int] = []

    async def consume() -> None:
        async for item in AsyncPaginator(fetch):
            received.append(item)

    with pytest.raises(PaginationError):
        await consume()
    assert received == [0, 1]


async def test_break_out_of_walk_leaves_nothing_behind() -> None:
    """Leaving a walk early needs no cleanup and raises no warning (also under trio)."""
    listing = FakeListing(50)
    async for page in AsyncPaginator(listing.fetch).pages():
        if page.token == "3":
            break
    async for item in AsyncPaginator(listing.fetch):
        if item == 10:
            break
    assert listing.requested == [None, "2", "3", None, "2", "3", "4"]
