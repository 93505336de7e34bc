"""`coupang-async orders export|acknowledge` and `coupang-async invoices apply`."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from coupang_async.cli import _orders as _cli_orders
from coupang_async.cli._app import cli
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCoupang:
    """The gateway the commands use instead of the real one (as if keys were set)."""
    gateway = FakeCoupang(products=30, seed=4, requests_per_second=None, request_log_size=None)

    def client_from_env(**kwargs: Any) -> Any:
        kwargs.update(requests_per_second=None, retry=FAST_RETRY)
        return gateway.client(**kwargs)

    monkeypatch.setattr(_cli_orders, "client_from_env", client_from_env)
    return gateway


def window(fake: FakeCoupang) -> list[str]:
    return ["--from", str(fake.today - dt.timedelta(days=6)), "--to", str(fake.today)]


def test_export_csv_one_row_per_item_and_resumes(tmp_path: Path, fake: FakeCoupang) -> None:
    """One CSV row per order item; running again after an interruption resumes."""
    fake.place_orders(60)
    fake.place_orders(10, lines=2)  # more than one page (50 order sheets)
    out = tmp_path / "orders.csv"
    result = invoke("orders", "export", "--out", out, *window(fake), "--status", "ACCEPT")
    assert result.exit_code == 0, result.output
    written = rows(out)
    accept = [b for b in fake.vendor().orders.rows if b["status"] == "ACCEPT"]
    assert len(written) == sum(len(b["orderItems"]) for b in accept)
    assert {r["status"] for r in written} == {"ACCEPT"}
    assert len(written[0]["shipment_box_id"]) == 18
    # JSONL: one line per item too; an interrupted export resumes from its checkpoint.
    out = tmp_path / "orders.jsonl"
    fake.faults.add(Fault.server_error(500), method="GET", path="*/ordersheets", skip=1)
    args: list[str | Path] = ["orders", "export", "--out", out, *window(fake), "--status", "ACCEPT"]
    failed = CliRunner().invoke(cli, [str(a) for a in args])
    assert failed.exit_code == 1
    assert (tmp_path / "orders.jsonl.checkpoint").exists()
    fake.faults.clear()
    resumed = invoke(*args)
    assert resumed.exit_code == 0, resumed.output
    assert "(resumed)" in resumed.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == sum(len(b["orderItems"]) for b in accept)
    assert all("orderItem" in line and "orderItems" not in line for line in lines)
    assert len({(x["shipmentBoxId"], x["orderItem"]["vendorItemId"]) for x in lines}) == len(lines)


def test_acknowledge_every_accept_box_of_the_window(tmp_path: Path, fake: FakeCoupang) -> None:
    boxes = fake.place_orders(70)
    out = tmp_path / "ack.csv"
    result = invoke("orders", "acknowledge", *window(fake), "--out", out)
    assert result.exit_code == 0, result.output
    written = rows(out)
    assert {r["status"] for r in written} == {"OK"}
    assert set(boxes) <= {int(r["shipment_box_id"]) for r in written}
    assert {fake.order_status(b) for b in boxes} == {"INSTRUCT"}
    assert (
        "--from and --to are required" in CliRunner().invoke(cli, ["orders", "acknowledge"]).output
    )


def _invoice_file(path: Path, lines: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["shipment_box_id", "delivery_company_code", "invoice_number"])
        writer.writerows(lines)
    return path


def test_invoices_malformed_rows_are_reported_and_nothing_is_sent(
    tmp_path: Path, fake: FakeCoupang
) -> None:
    (box,) = fake.place_orders(1)
    file = _invoice_file(
        tmp_path / "inv.csv",
        [
            [box, "CJGLS", "123456789012"],
            ["abc", "CJGLS", "1"],
            [box, "", "1"],
            [1, "CJGLS", "1 2"],
        ],
    )
    dry = CliRunner().invoke(cli, ["invoices", "apply", str(file), "--dry-run"])
    assert dry.exit_code == 2
    assert "line 3: shipment_box_id" in dry.output
    assert "line 4: delivery_company_code" in dry.output
    assert "line 5: invoice_number" in dry.output
    real = CliRunner().invoke(cli, ["invoices", "apply", str(file)])
    assert real.exit_code == 2
    assert len(fake.requests) == 0
    result_rows = rows(tmp_path / "inv.results.csv")
    assert [r["status"] for r in result_rows] == ["NOT_ATTEMPTED", "FAILED", "FAILED", "FAILED"]
    assert [r["line"] for r in result_rows] == ["2", "3", "4", "5"]


def test_invoices_apply_results_and_retry_file(tmp_path: Path, fake: FakeCoupang) -> None:
    """Bundled boxes get one invoice per item; a box not acknowledged fails (and goes to the
    retry file); rows of an order export with the two columns filled in work as input."""
    ready = fake.place_orders(3, lines=2)
    waiting = fake.place_orders(1)
    invoke("orders", "acknowledge", *window(fake), "--out", tmp_path / "a.csv")
    late = fake.place_orders(1)  # still ACCEPT
    file = _invoice_file(
        tmp_path / "inv.csv",
        [[b, "HANJIN", f"3{b % 10**11:011d}"] for b in [*ready, *waiting, *late]],
    )
    result = invoke("invoices", "apply", file)
    assert result.exit_code == 1, result.output
    written = rows(tmp_path / "inv.results.csv")
    assert [r["status"] for r in written] == ["OK", "OK", "OK", "OK", "FAILED"]
    assert written[-1]["result_code"] == "INVALID_STATUS"
    for box in [*ready, *waiting]:
        assert fake.order_status(box) == "DEPARTURE"
        assert fake.writes(box)["invoice_upload"] == 1
    retry = rows(tmp_path / "inv.retry.csv")
    assert [int(r["shipment_box_id"]) for r in retry] == late
    # Running the whole file again: the shipped boxes read back OK, nothing uploaded twice.
    again = invoke("invoices", "apply", file)
    assert [r["status"] for r in rows(tmp_path / "inv.results.csv")][:4] == ["OK"] * 4
    assert again.exit_code == 1
    assert all(fake.writes(box)["invoice_upload"] == 1 for box in ready)


def test_demo_commands_run_without_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(_cli_orders, "_DEMO_INVOICES", 6)
    monkeypatch.setattr(_cli_orders, "DEMO_ORDERS", 30)
    assert invoke("orders", "export", "--demo", "--out", "o.jsonl", "--rate", "50").exit_code == 0
    ack = invoke("orders", "acknowledge", "--demo", "--rate", "50")
    assert ack.exit_code == 0, ack.output
    applied = invoke("invoices", "apply", "--demo", "--rate", "50")
    assert applied.exit_code == 0, applied.output
    assert "6 rows: 6 OK" in applied.output
