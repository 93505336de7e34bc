"""Catalogue export against FakeCoupang: content, atomic write, checkpoints, resume, faults."""

from __future__ import annotations

import csv
import io
import logging
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import orjson
import pytest

from coupang_async import (
    CoupangClient,
    InvalidInputError,
    ResponseValidationError,
    ServerError,
    _export_engine,
    converter,
)
from coupang_async.export import (
    CSV_COLUMNS,
    ExportError,
    ExportProgress,
    checkpoint_path,
    export_products,
    partial_path,
)
from coupang_async.models import Product
from coupang_async.testing import FakeCoupang, Fault
from tests.helpers import BASE_URL, FAST_RETRY, make_client

pytestmark = pytest.mark.both_backends

PRODUCTS = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with 120 products (every status, Rocket Growth, hybrids) and no rate limit."""
    return FakeCoupang(products=120, seed=7, requests_per_second=None)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced, retrying without waiting."""
    async with fake.client(requests_per_second=None, retry=FAST_RETRY) as client:
        yield client


def _listed(fake: FakeCoupang, keep: Callable[[Any], bool] = lambda product: True) -> list[Any]:
    vendor = fake.vendor()
    listed = [vendor.products[pid] for pid in vendor.product_ids]
    return [product for product in listed if product.is_marketplace and keep(product)]


def _lines(path: Path) -> list[Any]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Korean text as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _checkpoint(out: Path) -> dict[str, Any]:
    record = _export_engine._load_record(checkpoint_path(out))
    assert record is not None
    return record


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


async def _interrupt_after(pages: int, run: Callable[..., Any], **kwargs: Any) -> None:
    """Run an export and cancel it (as Ctrl-C does) once `pages` pages are written."""
    with anyio.CancelScope() as scope:

        def on_page(progress: ExportProgress) -> None:
            if progress.pages == pages:
                scope.cancel()

        await run(on_page=on_page, **kwargs)
    assert scope.cancelled_caught


# --- content --------------------------------------------------------------------------------------


async def test_jsonl_is_every_summary_exactly_as_sent(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """One line per listed product, in listing order, equal to what the gateway sent."""
    out = tmp_path / "products.jsonl"
    result = await export_products(client, out, max_per_page=25)
    expected = [product.summary() for product in _listed(fake)]
    assert _lines(out) == expected
    pages = -(-len(expected) // 25)
    assert (result.products, result.rows, result.pages) == (len(expected), len(expected), pages)
    assert result.complete
    assert result.next_token is None
    assert not result.resumed
    assert result.bytes == out.stat().st_size
    assert _leftovers(out) == []
    assert "한" in out.read_text("utf-8") or "이" in out.read_text(
        "utf-8"
    )  # UTF-8, not \\u escapes


async def test_jsonl_with_details_is_every_full_product(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """With details each line is the whole product as GET returns it, ready for update_product."""
    out = tmp_path / "full.jsonl"
    await export_products(client, out, details=True, status="APPROVED")
    lines = _lines(out)
    listed = _listed(fake, lambda product: product.status == "APPROVED")
    assert lines == [fake.get_product(product.id) for product in listed]
    assert converter.unstructure(converter.structure(lines[0], Product)) == lines[0]


async def test_csv_without_details_one_row_per_product(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """The regular listing has no options: one row per product, option columns empty."""
    out = tmp_path / "products.csv"
    result = await export_products(client, out)
    rows = _csv(out)
    listed = _listed(fake)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [int(row["seller_product_id"]) for row in rows] == [product.id for product in listed]
    first, product = rows[0], listed[0]
    assert first["seller_product_name"] == product.doc["sellerProductName"]
    assert first["status"] == product.status
    assert first["status_name"] == product.doc["statusName"]
    assert first["created_at"] == product.created_at
    assert first["item_name"] == first["vendor_item_id"] == first["sale_price"] == ""
    assert result.rows == len(rows)
    assert result.format == "csv"


async def test_csv_with_details_one_row_per_option(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """With details every option is a row with its ids, price, stock, SKU and barcode."""
    out = tmp_path / "options.csv"
    result = await export_products(client, out, details=True)
    rows = _csv(out)
    expected = [(product, item) for product in _listed(fake) for item in product.items]
    assert len(rows) == len(expected) == result.rows
    assert result.products == len(_listed(fake))
    for row, (product, item) in zip(rows, expected, strict=True):
        doc = item.doc
        assert int(row["seller_product_id"]) == product.id
        assert row["item_name"] == doc["itemName"]
        assert row["seller_product_item_id"] == str(doc["sellerProductItemId"])
        assert row["vendor_item_id"] == (
            "" if doc["vendorItemId"] is None else str(doc["vendorItemId"])
        )
        assert row["sale_price"] == str(int(doc["salePrice"]))  # 13000.0 on the wire, 13000 here
        assert row["stock"] == str(doc["maximumBuyCount"])
        assert row["external_vendor_sku"] == str(doc.get("externalVendorSku") or "")
        assert row["manufacture"] == str(product.doc.get("manufacture") or "")


async def test_csv_rocket_growth_rows_carry_both_channels(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """The Rocket Growth listing gives a row per option with marketplace and Rocket Growth ids."""
    out = tmp_path / "rg.csv"
    await export_products(client, out, business_types="rocketGrowth")
    rows = _csv(out)
    vendor = fake.vendor()
    expected = [
        (vendor.products[pid], item)
        for pid in vendor.product_ids
        if vendor.products[pid].is_rocket_growth
        for item in vendor.products[pid].items
    ]
    assert len(rows) == len(expected)
    for row, (product, item) in zip(rows, expected, strict=True):
        assert row["registration_type"] == product.registration_type
        assert row["item_name"] == item.doc["itemName"]
        rocket = item.rocket_growth or {}
        assert row["rocket_growth_vendor_item_id"] == str(rocket.get("vendorItemId") or "")
        market = item.vendor_item_id if item.marketplace else None
        assert row["vendor_item_id"] == ("" if market is None else str(market))


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
async def test_jsonl_archives_odd_fields_csv_names_them(respx_mock: Any, tmp_path: Path) -> None:
    """JSONL keeps an item whose field has an odd type as sent; CSV names the field and stops."""
    odd = {"sellerProductId": "not a number", "sellerProductName": "이상한 상품", "newField": [1]}
    body = {"code": "SUCCESS", "message": "", "nextToken": "", "data": [odd]}
    respx_mock.get(PRODUCTS).mock(return_value=httpx.Response(200, json=body))
    async with make_client() as client:
        await export_products(client, tmp_path / "odd.jsonl")
        with pytest.raises(ResponseValidationError, match=r"\$\.data\[0\]\.sellerProductId"):
            await export_products(client, tmp_path / "odd.csv")
    assert _lines(tmp_path / "odd.jsonl") == [odd]
    assert not partial_path(tmp_path / "odd.csv").exists()  # nothing recorded: nothing left
    assert not checkpoint_path(tmp_path / "odd.csv").exists()


@pytest.mark.respx(base_url=BASE_URL, assert_all_called=True)
async def test_jsonl_refuses_items_that_are_not_objects(respx_mock: Any, tmp_path: Path) -> None:
    """Even the untyped JSONL path refuses a listing whose items are not JSON objects."""
    body = {"code": "SUCCESS", "message": "", "nextToken": "", "data": [1, 2]}
    respx_mock.get(PRODUCTS).mock(return_value=httpx.Response(200, json=body))
    async with make_client() as client:
        with pytest.raises(ResponseValidationError, match=r"\$\.data\[0\]"):
            await export_products(client, tmp_path / "bad.jsonl")


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("a.csv", None, "csv"),
        ("a.CSV", None, "csv"),
        ("a.jsonl", None, "jsonl"),
        ("a.txt", None, "jsonl"),
        ("a.txt", "csv", "csv"),
    ],
)
async def test_format_from_name_or_argument(
    client: CoupangClient, tmp_path: Path, name: str, given: Any, expected: str
) -> None:
    """The format follows the file name unless given."""
    result = await export_products(client, tmp_path / name, format=given, max_pages=1)
    assert result.format == expected


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"format": "xlsx"}, "format"),
        ({"status": "NOPE"}, "status"),
        ({"seller_product_name": "x" * 21}, "seller_product_name"),
        ({"max_per_page": 101}, "max_per_page"),
        ({"max_pages": 0}, "max_pages"),
        ({"details": "yes"}, "details"),
    ],
)
async def test_bad_arguments_write_and_send_nothing(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path, kwargs: dict[str, Any], field: str
) -> None:
    """Bad arguments raise InvalidInputError before any request or file."""
    with pytest.raises(InvalidInputError) as info:
        await export_products(client, tmp_path / "x.jsonl", **kwargs)
    assert info.value.field == field
    assert len(fake.requests) == 0
    assert _leftovers(tmp_path / "x.jsonl") == []


async def test_missing_directory_is_refused(client: CoupangClient, tmp_path: Path) -> None:
    """An output path in a directory that does not exist is an argument error."""
    with pytest.raises(InvalidInputError, match="does not exist"):
        await export_products(client, tmp_path / "nope" / "x.jsonl")
    with pytest.raises(InvalidInputError, match="is a directory"):
        await export_products(client, tmp_path)


async def test_max_pages_stops_early(client: CoupangClient, tmp_path: Path) -> None:
    """max_pages writes that many pages and reports where the listing would continue."""
    out = tmp_path / "first.jsonl"
    result = await export_products(client, out, max_per_page=10, max_pages=2)
    assert len(_lines(out)) == 20
    assert not result.complete
    assert result.next_token is not None
    assert _leftovers(out) == []


# --- streaming, atomicity -------------------------------------------------------------------------


async def test_streams_one_page_ahead_and_writes_atomically(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """While it runs, at most one page is fetched ahead and the target keeps its old content."""
    out = tmp_path / "products.jsonl"
    out.write_text("the previous export\n")
    seen: list[tuple[int, int, str, int]] = []

    def on_page(progress: ExportProgress) -> None:
        listing_requests = len(fake.requests.filter("GET", PRODUCTS))
        part_size = partial_path(out).stat().st_size
        seen.append((progress.pages, listing_requests, out.read_text(), part_size))
        assert part_size == progress.bytes  # flushed before the progress is reported

    result = await export_products(client, out, max_per_page=10, on_page=on_page)
    assert [pages for pages, *_ in seen] == list(range(1, result.pages + 1))
    assert all(requests <= pages + 1 for pages, requests, *_ in seen)  # never more than 1 ahead
    assert all(text == "the previous export\n" for _, _, text, _ in seen)
    assert len(_lines(out)) == result.products
    assert _leftovers(out) == []


async def test_checkpoint_records_the_last_page(client: CoupangClient, tmp_path: Path) -> None:
    """During the walk the checkpoint names the next page's token and the bytes written."""
    out = tmp_path / "products.jsonl"
    checkpoints: list[dict[str, Any]] = []

    def on_page(progress: ExportProgress) -> None:
        checkpoints.append(_checkpoint(out))

    await export_products(client, out, max_per_page=30, on_page=on_page)
    assert [c["pages"] for c in checkpoints] == [1, 2, 3, 4]
    assert checkpoints[0]["next_token"] is not None
    assert checkpoints[-1]["next_token"] is None
    assert checkpoints[-1]["complete"] is True
    assert checkpoints[-1]["bytes"] == out.stat().st_size
    assert checkpoints[0]["export"]["query"] == {"vendorId": "A00012345", "maxPerPage": 30}


# --- resume ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
async def test_resume_after_cancel_mid_walk(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path, fmt: str
) -> None:
    """Cancelled after 3 pages (as by Ctrl-C), a re-run continues: nothing lost or doubled."""
    reference = tmp_path / f"reference.{fmt}"
    await export_products(client, reference, max_per_page=10)
    out = tmp_path / f"products.{fmt}"
    await _interrupt_after(3, export_products, client=client, out=out, max_per_page=10)
    assert not out.exists()
    saved = _checkpoint(out)
    assert saved["pages"] == 3
    assert partial_path(out).stat().st_size == saved["bytes"]

    before = len(fake.requests)
    resumed: list[ExportProgress] = []
    result = await export_products(client, out, max_per_page=10, on_page=resumed.append)
    assert result.resumed
    assert resumed[0].resumed_products == 30
    first_request = fake.requests[before]
    assert dict(first_request.params)["nextToken"] == saved["next_token"]
    assert out.read_bytes() == reference.read_bytes()
    assert _leftovers(out) == [reference.name]


async def test_resume_cuts_off_a_half_written_page(client: CoupangClient, tmp_path: Path) -> None:
    """Bytes written after the checkpoint (a crash mid-page) are dropped before resuming."""
    reference = tmp_path / "reference.jsonl"
    await export_products(client, reference, max_per_page=10)
    out = tmp_path / "products.jsonl"
    await _interrupt_after(2, export_products, client=client, out=out, max_per_page=10)
    with partial_path(out).open("ab") as part:
        part.write(b'{"sellerProductId": 1, "sellerProductName": "half a li')
    await export_products(client, out, max_per_page=10)
    assert out.read_bytes() == reference.read_bytes()


async def test_resume_after_retries_run_out(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """503s outlasting the retries stop the export with ServerError; the re-run completes it."""
    reference = tmp_path / "reference.jsonl"
    await export_products(client, reference, max_per_page=10)
    fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, skip=4, times=3)
    out = tmp_path / "products.jsonl"
    with pytest.raises(ServerError):  # the error itself, not wrapped in an ExceptionGroup
        await export_products(client, out, max_per_page=10)
    saved = _checkpoint(out)
    assert saved["pages"] == 4
    result = await export_products(client, out, max_per_page=10)
    assert result.resumed
    assert out.read_bytes() == reference.read_bytes()
    ids = [line["sellerProductId"] for line in _lines(out)]
    assert len(ids) == len(set(ids)) == len(_listed(fake))


async def test_details_fault_mid_page_resumes_at_that_page(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """A product that cannot be fetched fails its page; nothing of that page is written."""
    reference = tmp_path / "reference.csv"
    await export_products(client, reference, details=True, max_per_page=20)
    out = tmp_path / "products.csv"
    second_page_product = _listed(fake)[25].id
    fake.faults.add(Fault.server_error(500), path=f"{PRODUCTS}/{second_page_product}", times=3)
    with pytest.raises(ServerError):
        await export_products(client, out, details=True, max_per_page=20)
    assert _checkpoint(out)["pages"] == 1
    await export_products(client, out, details=True, max_per_page=20)
    assert out.read_bytes() == reference.read_bytes()


async def test_checkpoint_of_other_options_is_refused(
    client: CoupangClient, tmp_path: Path
) -> None:
    """An interrupted export is not continued with other filters; resume=False starts over."""
    out = tmp_path / "products.jsonl"
    await _interrupt_after(
        1, export_products, client=client, out=out, status="APPROVED", max_per_page=10
    )
    with pytest.raises(ExportError, match="other options"):
        await export_products(client, out, max_per_page=10)
    with pytest.raises(ExportError):
        await export_products(client, out, status="APPROVED", max_per_page=20)
    result = await export_products(client, out, max_per_page=10, resume=False)
    assert not result.resumed
    assert _leftovers(out) == []


async def test_checkpoint_of_another_gateway_is_refused(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """A checkpoint made against one gateway (the demo's, say) is not continued on another."""
    out = tmp_path / "products.jsonl"
    async with fake.client(requests_per_second=None, base_url="https://demo.invalid") as demo:
        await _interrupt_after(1, export_products, client=demo, out=out, max_per_page=10)
    with pytest.raises(ExportError, match="other options"):
        await export_products(client, out, max_per_page=10)


async def test_partial_file_that_does_not_match_is_started_over(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A partial file changed since its checkpoint is not trusted: the export starts over."""
    reference = tmp_path / "reference.jsonl"
    await export_products(client, reference, max_per_page=10)
    out = tmp_path / "products.jsonl"
    await _interrupt_after(2, export_products, client=client, out=out, max_per_page=10)
    data = bytearray(partial_path(out).read_bytes())
    data[5] ^= 1
    partial_path(out).write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="coupang_async.export"):
        result = await export_products(client, out, max_per_page=10)
    assert "starting over" in caplog.text
    assert not result.resumed
    assert out.read_bytes() == reference.read_bytes()


@pytest.mark.parametrize("damage", ["garbled", "torn"])
async def test_unreadable_checkpoint_is_started_over(
    client: CoupangClient, tmp_path: Path, damage: str
) -> None:
    """A garbled checkpoint, or one whose record fails its CRC (torn), starts over."""
    out = tmp_path / "products.jsonl"
    await _interrupt_after(1, export_products, client=client, out=out, max_per_page=10)
    path = checkpoint_path(out)
    if damage == "garbled":
        path.write_text("{not json")
    else:
        path.write_bytes(path.read_bytes().replace(b'"pages":1', b'"pages":7'))
    assert _export_engine._load_record(path) is None
    result = await export_products(client, out, max_per_page=10)
    assert not result.resumed
    assert len(_lines(out)) == result.products


async def test_crash_after_the_rename_is_recognised(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped between the rename and removing the checkpoint, a re-run sends nothing more."""
    out = tmp_path / "products.jsonl"

    def crash(directory: Path) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(_export_engine, "_sync_directory", crash)
    with pytest.raises(OSError, match="power cut"):
        await export_products(client, out)
    monkeypatch.undo()
    assert out.exists()
    assert checkpoint_path(out).exists()
    finished = out.read_bytes()
    before = len(fake.requests)
    result = await export_products(client, out)
    assert result.resumed
    assert result.products == len(_listed(fake))
    assert len(fake.requests) == before
    assert out.read_bytes() == finished
    assert _leftovers(out) == []


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX")
async def test_two_exports_cannot_write_one_file(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """While another export holds the partial file, a second one is refused and changes nothing."""
    import fcntl

    out = tmp_path / "products.jsonl"
    with partial_path(out).open("a+b") as other:
        other.write(b"the other export's data\n")
        other.flush()
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ExportError, match="another export is writing"):
            await export_products(client, out)
        assert len(fake.requests) == 0
        assert partial_path(out).read_bytes() == b"the other export's data\n"
    result = await export_products(client, out)  # free again
    assert len(_lines(out)) == result.products
