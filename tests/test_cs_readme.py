"""The README's customer-service job runs as printed against the fake, and passes mypy --strict."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coupang_async.models import KST

README = Path(__file__).parents[1] / "README.md"


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Customer service and settlement") :].split("\n## ", 1)[0]
    blocks: list[str] = re.findall(r"```python\n(.*?)```", section, re.S)
    return blocks[0]


def test_readme_job_answers_everything_and_exports_last_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every open inquiry of the window gets the template; last month's revenue is in the CSV."""
    from coupang_async.testing import FakeCoupang
    from coupang_async.testing._inquiries import inquiries as inquiry_state
    from coupang_async.testing._settlements import revenue

    created: list[FakeCoupang] = []
    original = FakeCoupang.__init__

    def remember(self: FakeCoupang, **kwargs: object) -> None:
        original(self, **kwargs)  # type: ignore[arg-type]
        created.append(self)

    monkeypatch.setattr(FakeCoupang, "__init__", remember)
    monkeypatch.chdir(tmp_path)
    exec(compile(_block(), str(README), "exec"), {"__name__": "__main__"})  # noqa: S102
    (line,) = capsys.readouterr().out.splitlines()
    match = re.fullmatch(r"answered (\d+) inquiries; (\d+) revenue rows; (\d+) payouts", line)
    assert match is not None, line
    answered, rows, payouts = map(int, match.groups())
    (fake,) = created
    state = inquiry_state(fake.vendor())
    today = dt.datetime.now(KST).date()
    first = today - dt.timedelta(days=29)
    in_window = [r for r in state.products if first <= r.at.date() <= today]
    assert all(r.answered for r in in_window)
    template = "안녕하세요, 고객님.\n문의 주셔서 감사합니다. 확인 후 바로 안내드리겠습니다."
    replied = [r for r in in_window if r.doc["commentDtoList"][-1]["content"] == template]
    calls = [r for r in state.calls if first <= r.at.date() <= today]
    assert not [r for r in calls if r.bucket == "NO_ANSWER"]
    answered_calls = [
        r for r in calls if r.doc["replies"][-1]["content"] == template.replace("\n", "\r\n")
    ]
    assert answered == len(replied) + len(answered_calls)
    assert answered > 0
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    expected = revenue(fake.vendor()).between(last_day.replace(day=1), last_day)
    assert rows == len(expected) > 0
    table = (tmp_path / "revenue-last-month.csv").read_text(encoding="utf-8-sig")
    orders = {row["order_id"] for row in csv.DictReader(io.StringIO(table))}
    assert orders == {str(r["orderId"]) for r in expected}
    assert payouts > 0


def test_readme_job_type_checks(tmp_path: Path) -> None:
    """mypy --strict accepts the job as printed."""
    script = tmp_path / "job.py"
    script.write_text(_block(), encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, "-m", "mypy", "--strict", str(script)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
