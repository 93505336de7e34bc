"""The README's products and export example runs as printed (against FakeCoupang)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from coupang_async import CoupangClient
from coupang_async.testing import FakeCoupang

README = Path(__file__).parents[1] / "README.md"


def _block() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    found = [block for block in blocks if "export_products(" in block]
    assert len(found) == 1, "README.md should show one products and export example"
    block: str = found[0]
    return block


def test_readme_products_example_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listing, get → edit → update and export in the README work and change what they say."""
    fake = FakeCoupang(products=50, seed=4, requests_per_second=None)

    def from_env(cls: type[CoupangClient], *args: Any, **kwargs: Any) -> CoupangClient:
        return fake.client(requests_per_second=None)

    monkeypatch.setattr(CoupangClient, "from_env", classmethod(from_env))
    monkeypatch.chdir(tmp_path)
    exec(compile(_block(), str(README), "exec"), {"__name__": "__main__"})  # noqa: S102

    first, last = capsys.readouterr().out.splitlines()
    spid = int(first.split()[0])
    assert first.endswith("APPROVED")
    stored = fake.get_product(spid)
    assert stored is not None
    assert stored["displayProductName"].startswith("[무료배송] ")
    lines = (tmp_path / "catalogue.jsonl").read_bytes().splitlines()
    assert last == f"{len(lines)} products in catalogue.jsonl"
    assert spid in {orjson.loads(line)["sellerProductId"] for line in lines}
