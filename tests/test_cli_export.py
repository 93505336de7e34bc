"""`coupang-async export` through click's CliRunner and as a real process."""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from coupang_async.cli import _export as _cli_export
from coupang_async.cli._app import cli
from coupang_async.export import checkpoint_path, partial_path
from coupang_async.testing import FakeCoupang, Fault
from tests.helpers import FAST_RETRY

PRODUCTS = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products"
ENV_KEYS = ("COUPANG_ACCESS_KEY", "COUPANG_SECRET_KEY", "COUPANG_VENDOR_ID", "COUPANG_BASE_URL")


def _demo_ids() -> list[int]:
    """The products the demo catalogue lists, in order."""
    fake = FakeCoupang(products=_cli_export.DEMO_PRODUCTS, seed=_cli_export.DEMO_SEED)
    vendor = fake.vendor()
    return [pid for pid in vendor.product_ids if vendor.products[pid].is_marketplace]


def _ids(path: Path) -> list[int]:
    return [orjson.loads(line)["sellerProductId"] for line in path.read_bytes().splitlines()]


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["export", *args])


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Coupang credentials in the environment."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCoupang:
    """A fake that the command's real (non-demo) path talks to instead of the environment's."""
    fake = FakeCoupang(products=60, seed=2, requests_per_second=None)

    def client_from_env(**kwargs: Any) -> Any:
        return fake.client(retry=FAST_RETRY, **{"requests_per_second": None, **kwargs})

    monkeypatch.setattr(_cli_export, "client_from_env", client_from_env)
    return fake


def test_demo_exports_the_catalogue(tmp_path: Path) -> None:
    """`export --demo --out FILE` writes every demo product once and says so on stdout."""
    out = tmp_path / "products.jsonl"
    result = _invoke("--demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    ids = _demo_ids()
    assert _ids(out) == ids
    assert f"exported {len(ids)} products (3 pages) to {out}" in result.stdout
    assert "demo:" in result.stderr
    assert "stamina" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["products.jsonl"]


def test_demo_csv_with_details(tmp_path: Path) -> None:
    """--format csv --details: a row per option with prices, 20 products a page by default."""
    out = tmp_path / "products.txt"
    result = _invoke(
        "--demo", "--out", str(out), "--format", "csv", "--details", "--status", "approved"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows
    assert {row["status"] for row in rows} == {"APPROVED"}
    assert all(row["sale_price"].isdigit() for row in rows)
    assert f"{len(rows)} rows" in result.stdout
    products = len({row["seller_product_id"] for row in rows})
    assert f"exported {products} products ({-(-products // 20)} pages, " in result.stdout


def test_max_pages_is_reported(tmp_path: Path) -> None:
    """--max-pages stops early and the summary says more products follow."""
    out = tmp_path / "first.jsonl"
    result = _invoke("--demo", "--out", str(out), "--per-page", "10", "--max-pages", "2")
    assert result.exit_code == 0, result.output
    assert len(_ids(out)) == 20
    assert "more products follow" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--per-page", "0"], "--per-page"),
        (["--name", "x" * 21], "at most 20 characters"),
        (["--created-at", "27/06/2024"], "--created-at"),
        (["--status", "NOPE"], "--status"),
        (["--format", "xlsx"], "--format"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    """Bad options exit with 2 and a message naming the problem; nothing is written."""
    result = _invoke("--demo", "--out", str(tmp_path / "x.jsonl"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_out_is_required() -> None:
    """Without --out the command exits 2."""
    result = _invoke("--demo")
    assert result.exit_code == 2
    assert "--out" in result.stderr


@pytest.mark.usefixtures("no_credentials")
def test_credentials_come_from_the_environment(tmp_path: Path) -> None:
    """Without the environment variables it exits 2 naming the first missing one."""
    result = _invoke("--out", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 2
    assert "COUPANG_ACCESS_KEY" in result.stderr
    assert "--demo" in result.stderr


def test_api_error_exits_1_and_resumes(fake: FakeCoupang, tmp_path: Path) -> None:
    """An API error after retries exits 1 keeping the checkpoint; running again finishes."""
    out = tmp_path / "products.jsonl"
    fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, skip=2, times=3)
    failed = _invoke("--out", str(out), "--per-page", "10")
    assert failed.exit_code == 1
    assert "ServerError" in failed.stderr
    assert "20 products are saved" in failed.stderr
    assert "Run the same command again to resume" in failed.stderr
    assert checkpoint_path(out).exists()

    resumed = _invoke("--out", str(out), "--per-page", "10")
    assert resumed.exit_code == 0, resumed.output
    assert "resumed an interrupted export" in resumed.stdout
    vendor = fake.vendor()
    assert _ids(out) == [pid for pid in vendor.product_ids if vendor.products[pid].is_marketplace]


def test_error_before_any_page(fake: FakeCoupang, tmp_path: Path) -> None:
    """When the first page already fails, the message says nothing was exported."""
    fake.faults.add(Fault.access_denied(), method="GET", path=PRODUCTS)
    result = _invoke("--out", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "PermissionDeniedError" in result.stderr
    assert "nothing was exported yet" in result.stderr


def test_other_options_than_the_checkpoint_exit_2(fake: FakeCoupang, tmp_path: Path) -> None:
    """Resuming with other filters is refused with exit 2; --restart starts over."""
    out = tmp_path / "products.jsonl"
    fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, skip=1, times=3)
    assert _invoke("--out", str(out), "--per-page", "5").exit_code == 1
    refused = _invoke("--out", str(out), "--per-page", "5", "--status", "APPROVED")
    assert refused.exit_code == 2
    assert "--restart" in refused.stderr
    restarted = _invoke("--out", str(out), "--per-page", "5", "--status", "APPROVED", "--restart")
    assert restarted.exit_code == 0, restarted.output
    assert "resumed" not in restarted.stdout


def test_verbose_shows_retries(
    fake: FakeCoupang, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retry notices are hidden by default and shown with -v."""
    # As in a fresh process: pytest's own log capture is not what the command configures around.
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, times=1)
    quiet = _invoke("--out", str(tmp_path / "a.jsonl"))
    assert quiet.exit_code == 0
    assert "retry" not in quiet.stderr
    fake.faults.add(Fault.server_error(503), method="GET", path=PRODUCTS, times=1)
    loud = _invoke("--out", str(tmp_path / "b.jsonl"), "-v")
    assert loud.exit_code == 0
    assert "retry" in loud.stderr


# --- real processes -------------------------------------------------------------------------------


def _command() -> list[str]:
    script = shutil.which("coupang-async", path=str(Path(sys.executable).parent))
    if script is None:  # pragma: no cover - depends on the install
        pytest.skip("the coupang-async console script is not installed")
    return [script]


def _wait_for(condition: Any, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:  # pragma: no cover - a hung process
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_ctrl_c_in_a_real_process_then_resume(tmp_path: Path) -> None:
    """Ctrl-C exits 130 with the checkpoint kept; the same command again completes the file."""
    out = tmp_path / "products.jsonl"
    args = [*_command(), "export", "--demo", "--out", str(out), "--per-page", "5"]
    with subprocess.Popen(  # noqa: S603 - our own console script
        [*args, "--rate", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            _wait_for(lambda: checkpoint_path(out).exists(), "the first checkpoint")
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 130, stderr
    assert "interrupted:" in stderr
    assert "Run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    assert partial_path(out).exists()

    finished = subprocess.run(  # noqa: S603 - our own console script
        args, capture_output=True, text=True, timeout=60, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert "resumed an interrupted export" in finished.stdout
    assert _ids(out) == _demo_ids()


def test_real_process_reads_credentials_from_the_environment(tmp_path: Path) -> None:
    """Against `coupang-async fake-server`, the keys come only from COUPANG_* variables."""
    out = tmp_path / "products.csv"
    with subprocess.Popen(  # noqa: S603 - our own console script
        [*_command(), "fake-server", "--port", "0", "--products", "40", "--rate", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            env = {k: v for k, v in os.environ.items() if not k.startswith("COUPANG_")}
            for _ in ENV_KEYS:
                name, _, value = server.stdout.readline().strip().partition("=")
                env[name] = value
            assert set(ENV_KEYS) <= set(env)
            done = subprocess.run(  # noqa: S603 - our own console script
                [*_command(), "export", "--out", str(out)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        finally:
            server.terminate()
    assert done.returncode == 0, done.stderr
    assert "exported" in done.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbfseller_product_id,")


def test_an_export_refused_for_its_keys_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrong secret key: exit 1 with the error, and no FILE.part or checkpoint left behind."""
    fake = FakeCoupang(products=10, seed=2, requests_per_second=None)

    def client_from_env(**kwargs: Any) -> Any:
        options = {"requests_per_second": None, **kwargs, "secret_key": "not-the-secret"}
        return fake.client(retry=FAST_RETRY, **options)

    monkeypatch.setattr(_cli_export, "client_from_env", client_from_env)
    out = tmp_path / "products.jsonl"
    result = _invoke("--out", str(out))
    assert result.exit_code == 1
    assert "AuthenticationError" in result.output or "401" in result.output
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()
    assert not out.exists()
