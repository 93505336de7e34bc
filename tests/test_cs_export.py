"""Revenue and inquiry exports (library and CLI): content, CSV, resume after an error, --demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coupang_async import CoupangClient, InvalidInputError, ServerError, inquiries, settlements
from coupang_async._export_engine import checkpoint_path, partial_path
from coupang_async.cli._app import cli as main
from coupang_async.models import ProductInquiry, RevenueItem, converter
from coupang_async.testing import FakeCoupang, Fault
from coupang_async.testing._settlements import revenue

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 1, 15)
FROM, TO = dt.date(2025, 10, 1), dt.date(2025, 12, 31)
REVENUE = "/v2/providers/openapi/apis/api/v1/revenue-history"


@pytest.fixture
def fake() -> FakeCoupang:
    """A fake with revenue over the months before TODAY."""
    return FakeCoupang(products=30, requests_per_second=None, today=TODAY)


@pytest.fixture
async def client(fake: FakeCoupang) -> AsyncIterator[CoupangClient]:
    """A client wired to the fake, unpaced, without retries' waiting."""
    async with fake.client(requests_per_second=None) as client:
        yield client


async def test_revenue_jsonl_is_the_history_as_sent(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """One row per line, exactly the fake's rows of the window, each once; lossless."""
    out = tmp_path / "revenue.jsonl"
    result = await settlements.export_revenue(client, out, recognized_from=FROM, recognized_to=TO)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == revenue(fake.vendor()).between(FROM, TO)
    assert result.products == len(lines)
    assert result.complete
    for line in lines[:5]:
        assert converter.unstructure(converter.structure(line, RevenueItem)) == line
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()
    assert out.stat().st_mode & 0o777 == 0o600


async def test_revenue_csv_has_a_row_per_option_and_adds_up(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """BOM, header, one row per option; shipping only on an order's first row."""
    out = tmp_path / "revenue.csv"
    result = await settlements.export_revenue(client, out, recognized_from=FROM, recognized_to=TO)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(settlements.REVENUE_COLUMNS)
    expected = revenue(fake.vendor()).between(FROM, TO)
    assert len(rows) == sum(len(r["items"]) for r in expected) == result.rows
    settled = sum(int(row["settlement_amount"]) for row in rows)
    assert settled == sum(i["settlementAmount"] for r in expected for i in r["items"])
    shipping = sum(int(row["delivery_fee_amount"] or 0) for row in rows)
    assert shipping == sum(r["deliveryFee"]["amount"] for r in expected)


async def test_revenue_export_resumes_after_an_error(
    fake: FakeCoupang, client: CoupangClient, tmp_path: Path
) -> None:
    """503s outlasting the retries stop it (checkpoint kept); the re-run finishes identically."""
    reference = tmp_path / "reference.jsonl"
    await settlements.export_revenue(client, reference, recognized_from=FROM, recognized_to=TO)
    fake.faults.add(Fault.server_error(503), method="GET", path=REVENUE, skip=2, times=3)
    out = tmp_path / "revenue.jsonl"
    with pytest.raises(ServerError):
        await settlements.export_revenue(client, out, recognized_from=FROM, recognized_to=TO)
    assert checkpoint_path(out).exists()
    result = await settlements.export_revenue(client, out, recognized_from=FROM, recognized_to=TO)
    assert result.resumed
    assert out.read_bytes() == reference.read_bytes()


async def test_inquiry_exports(fake: FakeCoupang, client: CoupangClient, tmp_path: Path) -> None:
    """Product inquiries to JSONL (typed back losslessly); call-center ones to CSV."""
    window: dict[str, Any] = {"inquired_from": TODAY - dt.timedelta(days=20), "inquired_to": TODAY}
    out = tmp_path / "inquiries.jsonl"
    result = await inquiries.export_inquiries(client, out, **window, answered=False)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    listed = await inquiries.list_product_inquiries(client, **window, answered=False).to_list()
    assert [converter.structure(line, ProductInquiry) for line in lines] == listed
    assert result.products == len(listed)
    calls = tmp_path / "calls.csv"
    await inquiries.export_inquiries(
        client, calls, **window, kind="call-center", status="NO_ANSWER"
    )
    rows = list(csv.DictReader(io.StringIO(calls.read_text(encoding="utf-8-sig"))))
    assert rows
    assert {row["awaits_answer"] for row in rows} == {"true"}
    assert all(row["pending_answer_id"].isdigit() for row in rows)
    with pytest.raises(InvalidInputError) as caught:
        await inquiries.export_inquiries(client, out, **window, kind="call-center", answered=True)
    assert caught.value.field == "answered"
    with pytest.raises(InvalidInputError) as caught:
        await inquiries.export_inquiries(client, tmp_path / "missing" / "x.csv", **window)
    assert caught.value.field == "out"


TRANSFER = ["--status", "transfer"]


def _days_ago(days: int) -> str:
    return str(settlements.today_kst() - dt.timedelta(days=days))


def test_cli_revenue_export_demo(tmp_path: Path) -> None:
    """`revenue export --demo` writes a CSV without keys; bad windows are usage errors."""
    out = tmp_path / "revenue.csv"
    runner = CliRunner()
    args = ["revenue", "export", "--out", str(out), "--from", _days_ago(60), "--to", _days_ago(2)]
    result = runner.invoke(main, [*args, "--demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "exported" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows
    assert {row["sale_type"] for row in rows} <= {"SALE", "REFUND"}
    today = ["revenue", "export", "--out", str(out), "--from", _days_ago(3), "--to", _days_ago(0)]
    refused = runner.invoke(main, [*today, "--demo"])
    assert refused.exit_code == 2
    assert "before today in KST" in refused.output


def test_cli_inquiries_export_demo(tmp_path: Path) -> None:
    """`inquiries export --demo`: product inquiries (unanswered) and call-center ones."""
    runner = CliRunner()
    out = tmp_path / "inquiries.jsonl"
    window = ["--from", _days_ago(14), "--to", _days_ago(1)]
    result = runner.invoke(
        main, ["inquiries", "export", "-o", str(out), *window, "--unanswered", "--demo"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines
    assert all(line["commentDtoList"] == [] for line in lines)
    calls = tmp_path / "calls.csv"
    result = runner.invoke(
        main,
        ["inquiries", "export", "-o", str(calls), *window, "--call-center", *TRANSFER, "--demo"],
    )
    assert result.exit_code == 0, result.output
    assert calls.read_text(encoding="utf-8-sig").startswith("inquiry_id,")
    misuse = runner.invoke(
        main, ["inquiries", "export", "-o", str(calls), *window, "--status", "ANSWER", "--demo"]
    )
    assert misuse.exit_code == 2
