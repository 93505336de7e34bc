"""The README's FakeCoupang demo runs as printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"


def test_readme_fake_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's Python block that builds a FakeCoupang runs and prints what it promises."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    demo = [block for block in blocks if "fake.faults.add(" in block]
    assert demo, "README.md should show the FakeCoupang demo"
    exec(compile(demo[0], str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    lines = capsys.readouterr().out.splitlines()
    assert re.search("[가-힣]", lines[0])
    assert lines[-1] == "7 3"
