"""The README's "Many vendors in one process" sample: it is the file mypy checks, and it runs
as printed against the fake's loopback server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import TEST_TRANSPORT

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "tests" / "readme_samples" / "many_vendors.py"


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Many vendors in one process") :].split("\n## ", 1)[0]
    block: str = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    return block


def test_readme_sample_is_the_type_checked_file() -> None:
    """`mypy` (strict, as CI runs it) checks tests/readme_samples/; the README shows that file."""
    assert _block() == SAMPLE.read_text(encoding="utf-8")


def test_readme_sample_serves_vendors_over_one_pool(capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(_block(), str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    backend = "aiohttp" if TEST_TRANSPORT == "fast" else "httpx"
    assert capsys.readouterr().out.splitlines() == [
        f"4 vendors served over one pool ({backend} backend)"
    ]
