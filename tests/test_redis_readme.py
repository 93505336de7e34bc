"""The README's "Many workers, one vendor" sample: it is the file mypy checks, and it runs
as printed against the fake and a redis-server the test starts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .redis_server import RedisServer, start_or_fail

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "tests" / "readme_samples" / "many_workers.py"


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Many workers, one vendor") :].split("\n## ", 1)[0]
    block: str = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    return block


def test_readme_sample_is_the_type_checked_file() -> None:
    """`mypy` (strict, as CI runs it) checks tests/readme_samples/; the README shows that file."""
    assert _block() == SAMPLE.read_text(encoding="utf-8")


def test_readme_sample_shares_one_budget(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three clients at 8/s each through one Redis (24/s unshared): the fake (10/s) refuses none."""
    server = start_or_fail(RedisServer())
    try:
        monkeypatch.setenv("REDIS_URL", server.url)
        block = _block()
        exec(compile(block, str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    finally:
        server.close()
    assert capsys.readouterr().out.splitlines() == ["30 updates applied, 0 refused by the gateway"]
