"""The command line's side of the limits: quiet retries, `ping` telling auth failures apart, the
fake server without its extra, one spelling of "Error:"."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coupang_async import AuthenticationError, CoupangError, PermissionDeniedError
from coupang_async.cli._app import cli
from coupang_async.cli._bulk import DEMO_PRODUCTS, DEMO_SEED
from coupang_async.cli._ping import diagnose
from coupang_async.testing import FakeCoupang, Fault

INFLOW = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/inflow-status"

# A process that configured no logging runs `prices apply --demo` on FILE against the demo fake
# with one transient fault (a 503 on the first PUT, retried) and ARGS.
_SCRIPT = textwrap.dedent(
    """
    import sys
    import coupang_async.testing as testing

    RATE_LIMIT = float(sys.argv.pop(1)) if sys.argv[1] != "none" else sys.argv.pop(1) and None
    from coupang_async.testing import Fault

    class Faulty(testing.FakeCoupang):
        def __init__(self, **kwargs):
            super().__init__(requests_per_second=RATE_LIMIT, **kwargs)
            self.faults.add(Fault.server_error(503), method="PUT", times=1)

    testing.FakeCoupang = Faulty
    from coupang_async.cli import main
    main(["prices", "apply", "--demo", *sys.argv[1:]])
    """
)


def _rows_file(tmp_path: Path, rows: int) -> Path:
    fake = FakeCoupang(products=DEMO_PRODUCTS, seed=DEMO_SEED)
    lines = ["vendor_item_id,price"]
    for vid in fake.vendor_item_ids(writable=True)[:rows]:
        lines.append(f"{vid},{fake.vendor_item(vid).sale_price + 10}")  # type: ignore[union-attr]
    path = tmp_path / "prices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, *args: str, limit: str = "none") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _SCRIPT, limit, str(_rows_file(tmp_path, 45)), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "TERM": "dumb"},
    )


def test_a_transient_fault_leaves_stderr_quiet_without_v(tmp_path: Path) -> None:
    """45 rows, one 503 retried: no retry notice (ours or stamina's) on stderr without -v."""
    quiet = _run(tmp_path, "--rate", "100")
    assert quiet.returncode == 0, quiet.stderr
    assert "retry" not in quiet.stderr.lower()
    assert "stamina" not in quiet.stderr
    verbose = _run(tmp_path, "--rate", "100", "-v")
    assert verbose.returncode == 0, verbose.stderr
    assert verbose.stderr.count("retry 1 in") == 1
    assert "stamina" not in verbose.stderr


class _WrongSecret(FakeCoupang):
    def client(self, **kwargs: Any) -> Any:
        return super().client(secret_key="not-the-secret", **kwargs)


class _WrongAccessKey(FakeCoupang):
    def client(self, **kwargs: Any) -> Any:
        return super().client(access_key="unknown-access-key", **kwargs)


class _WrongIP(FakeCoupang):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.faults.add(Fault.access_denied())


@pytest.mark.parametrize(
    ("fake", "cause"),
    [
        (_WrongSecret, "secret key does not match"),
        (_WrongAccessKey, "access key is unknown"),
        (_WrongIP, "IP address is not registered"),
    ],
)
def test_ping_tells_auth_failures_apart(
    monkeypatch: pytest.MonkeyPatch, fake: type[FakeCoupang], cause: str
) -> None:
    import coupang_async.testing

    monkeypatch.setattr(coupang_async.testing, "FakeCoupang", fake)
    result = CliRunner().invoke(cli, ["ping", "--demo"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ping failed: ")
    assert cause in result.output
    assert "Traceback" not in result.output


def test_ping_reports_success_and_clock_offset() -> None:
    result = CliRunner().invoke(cli, ["ping", "--demo"])
    assert result.exit_code == 0
    assert "ok: keys accepted" in result.output


async def test_clock_skew_is_diagnosed_with_the_measured_offset() -> None:
    fake = FakeCoupang(requests_per_second=None, clock=lambda: 1_700_000_000.0)
    async with fake.client(requests_per_second=None) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get(INFLOW)
    assert caught.value.clock_offset is not None
    assert caught.value.clock_offset < -1000  # the gateway's clock is far behind
    assert "ahead of the gateway's" in str(caught.value)
    assert diagnose(caught.value) == "the keys may be fine, but this machine's clock is off"


async def test_403_names_the_ip_allow_list() -> None:
    fake = FakeCoupang(requests_per_second=None)
    fake.faults.add(Fault.access_denied())
    async with fake.client(requests_per_second=None) as client:
        with pytest.raises(PermissionDeniedError) as caught:
            await client.get(INFLOW)
    assert "IP address is not registered" in str(caught.value)
    assert caught.value.message == "Access Denied"


def test_other_errors_have_no_auth_diagnosis() -> None:
    assert diagnose(CoupangError("x")) is None


def test_fake_server_without_its_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(cli, ["fake-server", "--max-seconds", "0.1"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the fake server needs uvicorn: pip install 'coupang-async[fake-server]'\n"
    )
