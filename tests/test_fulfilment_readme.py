"""The README's "Fulfilment" daily job runs as printed against the fake (its types are checked
with every README sample in tests/test_readme_samples.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Fulfilment") :].split("\n## ", 1)[0]
    blocks: list[str] = re.findall(r"```python\n(.*?)```", section, re.S)
    return blocks[0]


def test_daily_job_runs_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """Acknowledge 10 new orders, ship their 12 items from the CSV, approve the one return."""
    exec(compile(_block(), str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["acknowledged 10 of 10", "shipped 12 of 12 items"]
    assert len(lines) == 3
    assert re.fullmatch(r"return approved \d+", lines[2])
