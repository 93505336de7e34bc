"""The operation layer: declarations, `_call`, `_list` and each paging strategy on the wire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import httpx
import orjson
import pytest

from coupang_async import InvalidInputError, RetryPolicy
from coupang_async._date_windows import Chunks, DateWindows, Resolution, Window
from coupang_async._envelope import Envelope
from coupang_async._operation import EXTENDED, Operation, operations
from coupang_async._paging import NextToken, PageNumber, SinglePage, TokenHasNext
from coupang_async.models.products import VendorItemInventory

from .helpers import VENDOR_ID, make_client

pytestmark = pytest.mark.both_backends


@attrs.frozen
class Row:
    """A test item type."""

    id: int


_PREFIX = "/test/v{version}/vendors/{vendor_id}"
GET_ONE = Operation(
    "test.get_one", "GET", _PREFIX + "/things/{thing}/{name}", returns=dict, version=1
)
NOTHING = Operation("test.nothing", "PUT", "/test/nothing", returns=type(None))
RAW = Operation("test.raw", "POST", "/test/raw", returns=Envelope, extended_timeout=90.0)
BY_TOKEN = Operation("test.by_token", "GET", "/test/tokens", returns=Row, paging=NextToken())
BY_NUMBER = Operation("test.by_number", "GET", "/test/numbers", returns=Row, paging=PageNumber())
BY_HAS_NEXT = Operation(
    "test.by_has_next", "GET", "/test/revenue", returns=Row, paging=TokenHasNext()
)
INVENTORY = Operation("test.inventory", "GET", "/test/inv", returns=VendorItemInventory)
SINGLE = Operation("test.single", "GET", "/test/single", returns=Row, paging=SinglePage())
WINDOWED = Operation(
    "test.windowed",
    "GET",
    "/test/windowed",
    returns=Row,
    paging=DateWindows(NextToken()),
    extended_timeout=EXTENDED,
    query_style="coupang",
)
VERSIONED = Operation(
    "test.versioned", "GET", _PREFIX + "/v", returns=dict, version=5, versions=(4, 5)
)

Handler = Callable[[httpx.Request], dict[str, Any]]


def _client(answer: Handler, seen: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=orjson.dumps(answer(request)))

    return make_client(transport=httpx.MockTransport(handler), retry=RetryPolicy.disabled())


def _query(request: httpx.Request) -> str:
    return request.url.query.decode()


def test_declarations_register_once_and_are_listed() -> None:
    """Every declaration is listed by name; a second one with the same name is refused."""
    names = [op.name for op in operations()]
    assert "test.get_one" in names
    assert "vendor_items.get_inventory" in names
    assert GET_ONE.path_fields == ("thing", "name")
    with pytest.raises(ValueError, match="declared twice"):
        Operation("test.get_one", "GET", "/x", returns=dict)
    with pytest.raises(ValueError, match="no version"):
        Operation("test.unversioned", "GET", "/v{version}/x", returns=dict)


async def test_call_fills_the_path_and_reads_the_payload() -> None:
    """Path arguments are encoded as segments; vendor id and version filled in."""
    seen: list[httpx.Request] = []
    async with _client(lambda r: {"code": "SUCCESS", "data": {"a": 1}}, seen) as client:
        result = await client._call(GET_ONE, 7, "a b/..", query={"x": None, "y": "1"})
        await client._call(VERSIONED, version=4)
        with pytest.raises(InvalidInputError, match="version"):
            await client._call(VERSIONED, version=6)
        with pytest.raises(TypeError, match="path arguments"):
            await client._call(GET_ONE, 7)
    assert result == {"a": 1}
    assert seen[0].url.raw_path == f"/test/v1/vendors/{VENDOR_ID}/things/7/a%20b%2F..?y=1".encode()
    assert seen[1].url.path == f"/test/v4/vendors/{VENDOR_ID}/v"


async def test_call_without_payload_and_with_the_envelope() -> None:
    """returns=NoneType ignores the body; returns=Envelope hands it over; timeout class sent."""
    seen: list[httpx.Request] = []
    async with _client(lambda r: {"code": "200", "data": {"responseCode": 0}}, seen) as client:
        assert await client._call(NOTHING) is None
        envelope = await client._call(RAW, json={"k": 1})
        await client._call(RAW, extended_timeout=None)
    assert envelope.data == {"responseCode": 0}
    assert "x-extended-timeout" not in seen[0].headers
    assert seen[1].headers["x-extended-timeout"] == "90000"
    assert seen[1].content == b'{"k":1}'
    assert "x-extended-timeout" not in seen[2].headers


async def test_call_structures_models() -> None:
    """A model declared as `returns` comes back typed."""
    op = INVENTORY
    body = {
        "code": "SUCCESS",
        "data": {"sellerItemId": 1, "amountInStock": 3, "salePrice": 1000, "onSale": True},
    }
    async with _client(lambda r: body, []) as client:
        inventory = await client._call(op)
    assert inventory.amount_in_stock == 3


async def test_next_token_paging() -> None:
    """nextToken until empty; page size sent; max_pages caps; int tokens accepted."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> dict[str, Any]:
        token = int(request.url.params.get("nextToken", "0"))
        return {"code": "SUCCESS", "data": [{"id": token}], "nextToken": "" if token else "1"}

    async with _client(answer, seen) as client:
        rows = await client._list(BY_TOKEN, {"f": "x"}, page_size=5).to_list()
        pages = [p async for p in client._list(BY_TOKEN, max_pages=1).pages()]
        resumed = await client._list(BY_TOKEN, next_token=1).to_list()
    assert rows == [Row(0), Row(1)]
    assert [_query(r) for r in seen[:2]] == ["f=x&maxPerPage=5", "f=x&maxPerPage=5&nextToken=1"]
    assert len(pages) == 1
    assert pages[0].next_token == "1"
    assert resumed == [Row(1)]


async def test_page_number_paging() -> None:
    """pageNum counts up to totalPages; data may be bare or enveloped."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> dict[str, Any]:
        number = int(request.url.params["pageNum"])
        page = {"content": [{"id": number}], "pagination": {"currentPage": number, "totalPages": 3}}
        return page if number == 1 else {"code": 200, "data": page}

    async with _client(answer, seen) as client:
        rows = await client._list(BY_NUMBER, page_size=1).to_list()
        rest = await client._list(BY_NUMBER, next_token="3").to_list()
        with pytest.raises(InvalidInputError, match="next_token"):
            client._list(BY_NUMBER, next_token="zero")
    assert rows == [Row(1), Row(2), Row(3)]
    assert rest == [Row(3)]
    assert _query(seen[0]) == "pageNum=1&pageSize=1"


async def test_token_has_next_paging() -> None:
    """token= is sent empty on the first page; the walk ends when hasNext is false."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> dict[str, Any]:
        token = request.url.params["token"]
        more = token == ""
        return {"code": 200, "data": [{"id": len(token)}], "hasNext": more, "nextToken": "ab"}

    async with _client(answer, seen) as client:
        rows = await client._list(BY_HAS_NEXT, page_size=50).to_list()
    assert rows == [Row(0), Row(2)]
    assert [_query(r) for r in seen] == ["token=&maxPerPage=50", "token=ab&maxPerPage=50"]


async def test_single_page() -> None:
    """One request, no paging parameters; resuming is refused."""
    seen: list[httpx.Request] = []
    async with _client(lambda r: {"code": "SUCCESS", "data": [{"id": 1}]}, seen) as client:
        assert await client._list(SINGLE, {"a": "1"}).to_list() == [Row(1)]
        with pytest.raises(InvalidInputError, match="next_token"):
            client._list(SINGLE, next_token="2")
    assert _query(seen[0]) == "a=1"


async def test_date_windows_wrap_next_token() -> None:
    """Chunks in order, the inner nextToken inside each, Coupang's query encoding."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> dict[str, Any]:
        more = "nextToken" not in request.url.params
        return {"code": 200, "data": [{"id": len(seen)}], "nextToken": "t" if more else ""}

    start = dt.datetime(2025, 7, 1)
    window = Window.of(start, start + dt.timedelta(days=2), Resolution.DAY, dt.timedelta(days=2))
    chunks = Chunks(window, lambda d: Resolution.DAY.text(d) + "+09:00")
    async with _client(answer, seen) as client:
        rows = await client._list(WINDOWED, [("status", "A")], window=chunks, page_size=9).to_list()
        with pytest.raises(InvalidInputError, match="next_token"):
            client._list(WINDOWED, window=chunks, next_token="2024-01-01~")
    assert len(rows) == 4
    assert [_query(r) for r in seen] == [
        "createdAtFrom=2025-07-01%2B09:00&createdAtTo=2025-07-02%2B09:00&status=A&maxPerPage=9",
        "createdAtFrom=2025-07-01%2B09:00&createdAtTo=2025-07-02%2B09:00&status=A&maxPerPage=9"
        "&nextToken=t",
        "createdAtFrom=2025-07-03%2B09:00&createdAtTo=2025-07-03%2B09:00&status=A&maxPerPage=9",
        "createdAtFrom=2025-07-03%2B09:00&createdAtTo=2025-07-03%2B09:00&status=A&maxPerPage=9"
        "&nextToken=t",
    ]
    assert seen[0].headers["x-extended-timeout"] == "60000"


async def test_list_refuses_bad_caps_and_single_calls() -> None:
    """max_pages is checked at once (InvalidInputError); a single call cannot be listed."""
    async with _client(lambda r: {}, []) as client:
        with pytest.raises(InvalidInputError, match="max_pages"):
            client._list(BY_TOKEN, max_pages=0)
        with pytest.raises(TypeError, match="not a listing"):
            client._list(GET_ONE)
