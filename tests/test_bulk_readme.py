"""The README's bulk example runs as printed (against FakeCoupang)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def test_readme_bulk_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The bulk section's example applies every update and says so."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Bulk price and stock updates") :].split("\n## ", 1)[0]
    block = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    exec(compile(block, str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    assert capsys.readouterr().out.splitlines() == ["6 of 6 applied", "0 to retry"]
