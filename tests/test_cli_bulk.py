"""`coupang-async prices apply` / `stock apply`: checking first, result and retry files, exit
codes, the demo, and Ctrl-C."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from coupang_async.cli import _bulk as _cli_bulk
from coupang_async.cli._app import cli
from coupang_async.testing import FakeCoupang, Fault

from .helpers import FAST_RETRY, make_client


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a CSV file and return its path."""
    path.write_text(text, encoding=encoding)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file written by the command."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def invoke(*args: str | Path) -> Result:
    """Run the command line in process."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCoupang:
    """A fake gateway that the commands use instead of the real one (as if keys were set)."""
    gateway = FakeCoupang(products=30, seed=21, requests_per_second=None, request_log_size=None)

    def client_from_env(**kwargs: Any) -> Any:
        kwargs.update(requests_per_second=None, retry=FAST_RETRY)
        return gateway.client(**kwargs)

    monkeypatch.setattr(_cli_bulk, "client_from_env", client_from_env)
    return gateway


def test_dry_run_checks_without_credentials(tmp_path: Path) -> None:
    """--dry-run checks every row, needs no keys, sends and writes nothing."""
    file = write(tmp_path / "p.csv", "vendor_item_id,price\n3000000001,12000\n3000000002,13000\n")
    result = invoke("prices", "apply", file, "--dry-run")
    assert result.exit_code == 0
    assert "2 rows, all valid; nothing sent" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_malformed_rows_are_reported_by_line_and_nothing_is_sent(
    tmp_path: Path, fake: FakeCoupang
) -> None:
    """Bad rows are listed with their line numbers, nothing is sent, every row gets a result."""
    vid = fake.vendor_item_ids(writable=True)[0]
    file = write(
        tmp_path / "p.csv",
        "vendor_item_id,price,note\n"
        f"{vid},12000,ok\n"
        "\n"
        f"{vid},12345,one-won units\n"
        "abc,1000,bad id\n"
        f"{vid},,empty\n"
        f"{vid},-10,negative\n"
        f"0,1000,zero id\n"
        f"{vid},1e4,float\n",
    )
    dry = invoke("prices", "apply", file, "--dry-run")
    assert dry.exit_code == 2
    for line, message in [
        (4, "line 4: price: must be in 10-won units"),
        (5, "line 5: vendor_item_id: 'abc' is not a whole number"),
        (6, "line 6: price: is empty"),
        (7, "line 7: price: must be positive"),
        (8, "line 8: vendor_item_id: must be a positive id"),
        (9, "line 9: price: '1e4' is not a whole number"),
    ]:
        assert message in dry.stderr, line
    result = invoke("prices", "apply", file)
    assert result.exit_code == 2
    assert "6 of 7 rows are malformed; nothing sent" in result.stdout
    assert len(fake.requests) == 0
    rows = read_rows(tmp_path / "p.results.csv")
    assert [(r["line"], r["status"]) for r in rows] == [
        ("2", "NOT_ATTEMPTED"),
        ("4", "FAILED"),
        ("5", "FAILED"),
        ("6", "FAILED"),
        ("7", "FAILED"),
        ("8", "FAILED"),
        ("9", "FAILED"),
    ]
    assert rows[1]["error"].startswith("malformed row: price: must be in 10-won units")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("vendor_item_id,cost\n1,10\n", "missing price"),
        ("id,price\n1,10\n", "missing vendor_item_id"),
    ],
)
def test_unusable_files_exit_2(tmp_path: Path, text: str, message: str) -> None:
    """An empty file or one without the needed columns is a usage error (exit 2)."""
    file = write(tmp_path / "p.csv", text)
    result = invoke("prices", "apply", file, "--dry-run")
    assert result.exit_code == 2
    assert message in result.stderr


def test_file_is_required_without_demo() -> None:
    """Without FILE (and without --demo) the command explains and exits with 2."""
    result = invoke("stock", "apply")
    assert result.exit_code == 2
    assert "FILE is required" in result.stderr


def test_missing_credentials_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real run without COUPANG_* variables is a usage error that names them."""
    for name in ("COUPANG_ACCESS_KEY", "COUPANG_SECRET_KEY", "COUPANG_VENDOR_ID"):
        monkeypatch.delenv(name, raising=False)
    file = write(tmp_path / "p.csv", "vendor_item_id,price\n3000000001,12000\n")
    result = CliRunner().invoke(cli, ["prices", "apply", str(file)])
    assert result.exit_code == 2
    assert "COUPANG_ACCESS_KEY" in result.output


def test_a_run_writes_one_result_per_row_and_a_retry_file(
    tmp_path: Path, fake: FakeCoupang
) -> None:
    """A run applies the rows, reports each in order, and lists only what still needs sending."""
    a, b, c = fake.vendor_item_ids(writable=True)[:3]
    price = {v: fake.vendor_item(v).sale_price for v in (a, b, c)}  # type: ignore[union-attr]
    file = write(
        tmp_path / "prices.csv",
        "Vendor Item ID,Price\n"
        f"{a},{price[a] + 10}\n"
        f"{b},{price[b] * 10}\n"  # beyond +100 %: the gateway refuses it
        f"{a},{price[a] + 20}\n"  # replaces line 2
        "3999999999,1000\n"  # unknown to the gateway
        f"{c},{price[c] - 10}\n",
    )
    result = invoke("prices", "apply", file)
    assert result.exit_code == 1
    rows = read_rows(tmp_path / "prices.results.csv")
    assert [(r["line"], r["status"]) for r in rows] == [
        ("2", "SUPERSEDED"),
        ("3", "FAILED"),
        ("4", "OK"),
        ("5", "FAILED"),
        ("6", "OK"),
    ]
    assert rows[0]["error"] == "replaced by line 4 (a later row for the same item)"
    assert "BadRequestError" in rows[1]["error"]
    assert rows[2]["price"] == str(price[a] + 20)
    assert fake.vendor_item(a).sale_price == price[a] + 20  # type: ignore[union-attr]
    assert fake.vendor_item(c).sale_price == price[c] - 10  # type: ignore[union-attr]
    # Both failures were refused for good: re-sending them unchanged cannot succeed, so they
    # are in the result file only, and there is no retry file.
    assert not (tmp_path / "prices.retry.csv").exists()
    assert "5 rows: 2 OK, 2 FAILED, 1 SUPERSEDED" in result.stdout
    assert "refused by Coupang: 2 rows" in result.stderr
    assert "to retry" not in result.stdout
    fixed = write(tmp_path / "fixed.csv", f"vendor_item_id,price\n{b},{price[b] * 10}\n")
    forced = invoke("prices", "apply", fixed, "--force", "--out", tmp_path / "r2.csv")
    assert forced.exit_code == 0  # with --force the big change is applied
    assert fake.vendor_item(b).sale_price == price[b] * 10  # type: ignore[union-attr]


def test_a_clean_run_exits_0_and_removes_a_stale_retry_file(
    tmp_path: Path, fake: FakeCoupang
) -> None:
    """When every row is applied the exit code is 0 and no retry file is left behind."""
    vids = fake.vendor_item_ids(writable=True)[:5]
    file = write(
        tmp_path / "stock.csv",
        "vendor_item_id,quantity\n" + "".join(f"{v},{i}\n" for i, v in enumerate(vids)),
    )
    write(tmp_path / "stock.retry.csv", "vendor_item_id,quantity\n1,1\n")
    result = invoke("stock", "apply", file, "--verify")
    assert result.exit_code == 0
    assert not (tmp_path / "stock.retry.csv").exists()
    assert [r["status"] for r in read_rows(tmp_path / "stock.results.csv")] == ["OK"] * 5
    assert [fake.vendor_item(v).quantity for v in vids] == [0, 1, 2, 3, 4]  # type: ignore[union-attr]


def test_a_429_stops_and_the_retry_file_finishes_the_job(
    tmp_path: Path, fake: FakeCoupang, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a 429 the rest is NOT_ATTEMPTED; running the retry file later applies all of it."""
    vids = fake.vendor_item_ids(writable=True)[:20]
    fake.faults.add(Fault.rate_limited(), method="PUT", skip=7, times=1)
    file = write(
        tmp_path / "stock.csv",
        "vendor_item_id,quantity\n" + "".join(f"{v},{100 + i}\n" for i, v in enumerate(vids)),
    )
    result = invoke("stock", "apply", file)
    assert result.exit_code == 1
    assert "stopped after a 429" in result.stderr
    statuses = [r["status"] for r in read_rows(tmp_path / "stock.results.csv")]
    assert len(statuses) == 20
    assert "NOT_ATTEMPTED" in statuses
    again = invoke("stock", "apply", tmp_path / "stock.retry.csv", "--out", tmp_path / "again.csv")
    assert again.exit_code == 0
    assert [fake.vendor_item(v).quantity for v in vids] == [100 + i for i in range(20)]  # type: ignore[union-attr]


def test_cp949_file_with_korean_columns(tmp_path: Path, fake: FakeCoupang) -> None:
    """A CSV saved by Korean Excel (CP949, extra Korean columns) is read correctly."""
    vid = fake.vendor_item_ids(writable=True)[0]
    file = write(
        tmp_path / "재고.csv", f"상품명,vendorItemId,수량\n양말,{vid},5\n", encoding="cp949"
    )
    bad = invoke("stock", "apply", file, "--dry-run")
    assert bad.exit_code == 2  # no "quantity" column: 수량 is not guessed
    file = write(
        tmp_path / "재고.csv", f"상품명,vendorItemId,quantity\n양말,{vid},5\n", encoding="cp949"
    )
    result = invoke("stock", "apply", file)
    assert result.exit_code == 0
    assert fake.vendor_item(vid).quantity == 5  # type: ignore[union-attr]


def test_output_must_not_overwrite_the_input(tmp_path: Path, fake: FakeCoupang) -> None:
    """--out pointing at FILE is refused before anything is sent."""
    file = write(tmp_path / "p.csv", "vendor_item_id,price\n3000000001,12000\n")
    result = invoke("prices", "apply", file, "--out", file)
    assert result.exit_code == 2
    assert len(fake.requests) == 0


def test_demo_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--demo makes up sample rows for the embedded catalogue and applies them."""
    monkeypatch.setattr(_cli_bulk, "_DEMO_ROWS", 4)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["stock", "apply", "--demo", "--rate", "8"])
    assert result.exit_code == 0, result.output
    assert "5 rows: 4 OK, 1 SUPERSEDED" in result.stdout
    (folder,) = tmp_path.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["demo-stock.csv", "demo-stock.results.csv"]


def test_ctrl_c_writes_accurate_results_and_exits_130(tmp_path: Path) -> None:
    """SIGINT mid-run: exit 130, one result row per input row, all not applied in the retry file."""
    demo = FakeCoupang(products=_cli_bulk.DEMO_PRODUCTS, seed=_cli_bulk.DEMO_SEED)
    vids = demo.vendor_item_ids(writable=True)[:120]
    file = write(
        tmp_path / "stock.csv",
        "vendor_item_id,quantity\n" + "".join(f"{v},{7 + i}\n" for i, v in enumerate(vids)),
    )
    results = tmp_path / "stock.results.csv"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A shell starts background jobs with SIGINT ignored, and children inherit that; restore the
    # default so Ctrl-C works in the child however this test suite was started.
    script = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from coupang_async.cli import main; main()"
    )
    command = [sys.executable, "-c", script]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [*command, "stock", "apply", str(file), "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        for _ in range(600):  # bounded wait (up to 60 s) for a few rows to be applied
            if results.exists() and len(results.read_text().splitlines()) >= 4:
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    rows = read_rows(results)
    assert [int(r["line"]) for r in rows] == list(range(2, 122))
    statuses = [r["status"] for r in rows]
    applied = statuses.count("OK")
    assert applied >= 3
    assert statuses[:applied] == ["OK"] * applied
    assert set(statuses[applied:]) <= {"UNKNOWN", "NOT_ATTEMPTED"}
    retry = read_rows(tmp_path / "stock.retry.csv")
    assert [int(r["vendor_item_id"]) for r in retry] == vids[applied:]
    assert b"interrupted" in stderr


def test_an_unwritable_output_is_a_usage_error(tmp_path: Path, fake: FakeCoupang) -> None:
    """An --out in a missing directory is refused before anything is sent."""
    file = write(tmp_path / "p.csv", "vendor_item_id,price\n3000000001,12000\n")
    result = invoke("prices", "apply", file, "--out", tmp_path / "nowhere" / "r.csv")
    assert result.exit_code == 2
    assert "no directory" in result.stderr
    assert len(fake.requests) == 0


def test_a_single_row_file(tmp_path: Path, fake: FakeCoupang) -> None:
    """One row: one result row, and a summary in the singular."""
    vid = fake.vendor_item_ids(writable=True)[0]
    file = write(tmp_path / "one.csv", f"vendor_item_id,quantity\n{vid},3\n")
    result = invoke("stock", "apply", file)
    assert result.exit_code == 0
    assert f"{file}: 1 row: 1 OK" in result.stdout
    assert [r["status"] for r in read_rows(tmp_path / "one.results.csv")] == ["OK"]


def test_an_unreachable_gateway_stops_after_a_few_connection_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listens on the base URL's port: after 3 writes in a row got no answer the run
    stops (the rest NOT_ATTEMPTED), and every row is in the retry file."""
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def client_from_env(**kwargs: Any) -> Any:
        return make_client(base_url=f"http://127.0.0.1:{port}", max_concurrency=1, **kwargs)

    monkeypatch.setattr(_cli_bulk, "client_from_env", client_from_env)
    rows = "".join(f"{3_000_000_000 + n},{10_000 + 10 * n}\n" for n in range(45))
    file = write(tmp_path / "prices.csv", "vendor_item_id,price\n" + rows)
    result = invoke("prices", "apply", file)
    assert result.exit_code == 1
    statuses = [r["status"] for r in read_rows(tmp_path / "prices.results.csv")]
    assert statuses == ["FAILED"] * 3 + ["NOT_ATTEMPTED"] * 42
    assert "stopped after 3 writes in a row got no answer" in result.stderr
    retry = read_rows(tmp_path / "prices.retry.csv")
    assert len(retry) == 45
