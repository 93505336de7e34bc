"""Every Python sample in the README passes ``mypy --strict``; the Quick start ones run on the fake.

The other samples run against the fake in their own tests (products and export, bulk, orders,
the FakeCoupang demo); this module checks their types, and runs the two Quick start samples.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coupang_async import CoupangClient
from coupang_async.testing import FakeCoupang

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"


def _samples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"```python\n(.*?)```", text, re.S)
    return blocks


def _quick_start() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Quick start") :].split("\n## ", 1)[0]
    blocks: list[str] = re.findall(r"```python\n(.*?)```", section, re.S)
    return blocks


def test_the_readme_has_samples() -> None:
    """The extraction finds the samples (so the type check below cannot pass vacuously)."""
    assert len(_samples()) >= 6
    assert len(_quick_start()) == 2


@pytest.mark.timeout(600)  # a cold mypy cache on a loaded machine
def test_every_readme_sample_passes_mypy_strict(tmp_path: Path) -> None:
    """``mypy --strict`` on each sample as a module of its own: no errors at all."""
    files = []
    for index, sample in enumerate(_samples()):
        path = tmp_path / f"readme_sample_{index}.py"
        path.write_text(sample, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            *files,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=580,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_a_typo_in_a_status_is_a_type_error(tmp_path: Path) -> None:
    """``status="APROVED"`` fails the type check (the check above is not blind to it)."""
    sample = tmp_path / "typo.py"
    sample.write_text(
        "from coupang_async import CoupangClient, products\n"
        "def walk(client: CoupangClient) -> object:\n"
        '    return products.list_products(client, status="APROVED")\n',
        encoding="utf-8",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(sample),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=580,
        check=False,
    )
    assert result.returncode == 1
    assert "Literal['APROVED']" in result.stdout
    assert "[arg-type]" in result.stdout


def test_quick_start_lists_products_from_the_fake(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first Quick start sample prints five products (id and name) from the fake."""
    fake = FakeCoupang(products=20, seed=2, requests_per_second=None)

    def from_env(cls: type[CoupangClient], *args: Any, **kwargs: Any) -> CoupangClient:
        return fake.client(requests_per_second=None)

    monkeypatch.setattr(CoupangClient, "from_env", classmethod(from_env))
    sample = _quick_start()[0]
    exec(compile(sample, str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    listed = [int(line.split()[0]) for line in lines]
    assert set(listed) <= set(fake.seller_product_ids())
    for line, spid in zip(lines, listed, strict=True):
        stored = fake.get_product(spid)
        assert stored is not None
        assert line == f"{spid} {stored['sellerProductName']}"


def test_quick_start_constructor_sample_builds_a_client() -> None:
    """The second Quick start sample builds a client with the options it shows (nothing sent)."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(_quick_start()[1], str(README), "exec"), namespace)  # noqa: S102
    client = namespace["client"]
    assert isinstance(client, CoupangClient)
    assert client.vendor_id == "A00012345"
    assert client.timeout.read == 30.0
