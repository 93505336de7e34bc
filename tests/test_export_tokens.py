"""Export against a gateway that repeats or cycles its `nextToken`: never a product written
twice, a repeated token never a resume point, and reruns that cannot progress do not grow
`OUT.part` (in-process, and over a real loopback socket)."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs

import httpx
import orjson
import pytest

from coupang_async import AuthenticationError, CoupangClient, PaginationError
from coupang_async._export_engine import _load_record
from coupang_async.export import checkpoint_path, export_products, partial_path
from coupang_async.testing import FakeCoupang
from coupang_async.testing._server import serve
from tests.helpers import FAST_RETRY

pytestmark = pytest.mark.both_backends

PER_PAGE = 10
PRODUCTS = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"

# Given the token that asked for a page and the token the gateway meant to answer, the token
# the gateway really answers.
Rewrite = Callable[[str | None, str], str]


class TokenGateway:
    """The fake, with the listing's `nextToken` rewritten by `rewrite` (None: left alone)."""

    def __init__(self, fake: FakeCoupang, *, server: bool) -> None:
        self.fake = fake
        self.rewrite: Rewrite | None = None
        self.asked: list[str | None] = []
        inner = fake.server_app if server else fake

        # A plain coroutine function: uvicorn takes a bound method for an ASGI 2 app.
        async def app(
            scope: MutableMapping[str, Any],
            receive: Callable[[], Any],
            send: Callable[[MutableMapping[str, Any]], Any],
        ) -> None:
            if scope["type"] != "http" or scope["path"] != PRODUCTS:
                await inner(scope, receive, send)
                return
            query = parse_qs(scope["query_string"].decode())
            asked = query.get("nextToken", [None])[0]
            self.asked.append(asked)
            start: dict[str, Any] = {}
            body = bytearray()

            async def capture(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                data = bytes(body)
                if self.rewrite is not None and start.get("status") == 200:
                    decoded = orjson.loads(data)
                    if decoded.get("nextToken"):
                        decoded["nextToken"] = self.rewrite(asked, decoded["nextToken"])
                    data = orjson.dumps(decoded)
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(data)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": data})

            await inner(scope, receive, capture)

        self.app = app
        self.server_app = app  # for serve()


def fresh_fake() -> FakeCoupang:
    return FakeCoupang(products=120, seed=7, requests_per_second=None)


def tokens_of(fake: FakeCoupang) -> list[str]:
    """The tokens of pages 2, 3, ... of an unfiltered listing with PER_PAGE per page."""
    vendor = fake.vendor()
    listed = [vendor.products[pid] for pid in vendor.product_ids]
    ids = [product.id for product in listed if product.is_marketplace]
    return [str(pid) for pid in ids[PER_PAGE::PER_PAGE]]


def ids_in(path: Path) -> list[int]:
    return [orjson.loads(line)["sellerProductId"] for line in path.read_bytes().splitlines()]


def duplicates(path: Path) -> int:
    return sum(n - 1 for n in Counter(ids_in(path)).values())


async def export(client: CoupangClient, out: Path) -> Any:
    return await export_products(client, out, max_per_page=PER_PAGE)


async def check_repeated_once(
    client_of: Callable[[], CoupangClient], gateway: TokenGateway, tmp_path: Path
) -> None:
    tokens = tokens_of(gateway.fake)  # tokens[0] fetches page 2, tokens[1] page 3, ...
    fired: list[bool] = []

    def once(asked: str | None, meant: str) -> str:
        if asked == tokens[1] and not fired:  # page 3 answers with page 2's token, once
            fired.append(True)
            return tokens[0]
        return meant

    gateway.rewrite = once
    out = tmp_path / "products.jsonl"
    async with client_of() as client:
        with pytest.raises(PaginationError):
            await export(client, out)
        saved = _load_record(checkpoint_path(out))
        assert saved is not None
        assert saved["next_token"] == tokens[1]  # the page that carried the repeat, not the repeat
        assert saved["walked"] == [tokens[0]]
        assert saved["pages"] == 2
        assert duplicates(partial_path(out)) == 0
        result = await export(client, out)
    assert result.complete
    assert result.resumed
    expected = len(tokens) * PER_PAGE + PER_PAGE
    assert duplicates(out) == 0
    assert len(ids_in(out)) == result.products == expected


async def test_a_token_repeated_once_never_duplicates_a_product(tmp_path: Path) -> None:
    gateway = TokenGateway(fresh_fake(), server=False)

    def client_of() -> CoupangClient:
        transport = httpx.ASGITransport(app=gateway.app)
        return gateway.fake.client(transport=transport, requests_per_second=None, retry=FAST_RETRY)

    await check_repeated_once(client_of, gateway, tmp_path)


@pytest.mark.parametrize("period", [1, 2, 3])
async def test_token_cycles_never_grow_the_partial_file(tmp_path: Path, period: int) -> None:
    """A gateway stuck in a cycle of `period` pages: every rerun stops at the same page, the
    partial file does not grow, holds no product twice; once the gateway heals, the export
    finishes with every product exactly once."""
    gateway = TokenGateway(fresh_fake(), server=False)
    tokens = tokens_of(gateway.fake)
    last = tokens[3 + period - 1]

    def cycle(asked: str | None, meant: str) -> str:
        return tokens[3] if asked == last else meant  # ... t3 -> t4 -> ... -> last -> t3 ...

    gateway.rewrite = cycle
    out = tmp_path / "products.jsonl"
    sizes = []
    async with gateway.fake.client(
        transport=httpx.ASGITransport(app=gateway.app), requests_per_second=None, retry=FAST_RETRY
    ) as client:
        for _ in range(4):
            with pytest.raises(PaginationError):
                await export(client, out)
            sizes.append(partial_path(out).stat().st_size)
            assert duplicates(partial_path(out)) == 0
        assert len(set(sizes)) == 1, sizes
        saved = _load_record(checkpoint_path(out))
        assert saved is not None
        assert saved["next_token"] == last
        gateway.rewrite = None  # the gateway heals
        result = await export(client, out)
    assert result.complete
    assert duplicates(out) == 0
    assert len(ids_in(out)) == (len(tokens) + 1) * PER_PAGE


async def test_partial_file_and_checkpoint_are_the_users_only(tmp_path: Path) -> None:
    """Mode 0600, also when an earlier version left them 0644."""
    gateway = TokenGateway(fresh_fake(), server=False)
    tokens = tokens_of(gateway.fake)
    gateway.rewrite = lambda asked, meant: tokens[0] if asked == tokens[2] else meant
    out = tmp_path / "products.jsonl"
    async with gateway.fake.client(
        transport=httpx.ASGITransport(app=gateway.app), requests_per_second=None, retry=FAST_RETRY
    ) as client:
        with pytest.raises(PaginationError):
            await export(client, out)
        for path in (partial_path(out), checkpoint_path(out)):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            path.chmod(0o644)
        with pytest.raises(PaginationError):
            await export(client, out)
        for path in (partial_path(out), checkpoint_path(out)):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.asyncio_only  # uvicorn needs asyncio
async def test_a_token_repeated_once_over_a_socket(tmp_path: Path) -> None:
    gateway = TokenGateway(fresh_fake(), server=True)
    async with serve(cast(FakeCoupang, gateway)) as base_url:

        def client_of() -> CoupangClient:
            return gateway.fake.client(
                base_url=base_url, transport=None, requests_per_second=None, retry=FAST_RETRY
            )

        await check_repeated_once(client_of, gateway, tmp_path)


async def test_an_export_refused_at_the_first_page_leaves_no_files(tmp_path: Path) -> None:
    """Wrong keys: the export fails before writing anything and leaves no OUT.part behind."""
    fake = fresh_fake()
    out = tmp_path / "products.csv"
    async with fake.client(
        secret_key="not-the-secret", requests_per_second=None, retry=FAST_RETRY
    ) as client:
        with pytest.raises(AuthenticationError):
            await export_products(client, out)
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()
    assert not out.exists()
