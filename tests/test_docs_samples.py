"""Every Python sample on the documentation site runs against FakeCoupang and passes mypy --strict.

A sample is a fenced block whose info string starts with ``python`` in ``docs/**/*.md``. Each is
a whole program, the way a reader copies it: it runs with ``CoupangClient.from_env()`` answering
with a client wired to a fresh ``FakeCoupang`` whose generated data ends today (so samples can show
the production spelling and "the last 30 days"), in an empty working directory, on asyncio and on
trio (``anyio.run`` picks the backend). A sample that is a pytest module (it defines ``test_*``
functions) has each test called the way pytest would, with a fresh ``fake_coupang`` built from its
``@pytest.mark.fake_coupang(...)`` arguments.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

from coupang_async import CoupangClient
from coupang_async.models import KST
from coupang_async.testing import FakeCoupang

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)


def docs_samples() -> list[tuple[str, int, str]]:
    """(page, index on the page, code) for every Python sample of the site."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for index, match in enumerate(_FENCE.finditer(text)):
            found.append((page.relative_to(DOCS).as_posix(), index, match.group(1)))
    return found


SAMPLES = docs_samples()


def test_the_site_has_samples() -> None:
    """The extraction finds the samples (a changed fence style would otherwise test nothing)."""
    pages = {page for page, _, _ in SAMPLES}
    assert len(SAMPLES) >= 10
    assert {"index.md", "guides/getting-started.md", "guides/testing.md"} <= pages


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize(
    ("page", "index", "code"), SAMPLES, ids=[f"{page}#{index}" for page, index, _ in SAMPLES]
)
def test_docs_sample_runs(
    page: str,
    index: int,
    code: str,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The sample runs to the end against the fake (its own prints and checks included)."""
    # Data ending today (Korean time), so samples that look at "the last 30 days" find some.
    today = dt.datetime.now(KST).date()
    fake = FakeCoupang(products=30, seed=2, requests_per_second=None, today=today)

    def from_env(cls: type[CoupangClient], /, **kwargs: Any) -> CoupangClient:
        kwargs.setdefault("requests_per_second", None)
        return fake.client(**kwargs)

    monkeypatch.setattr(CoupangClient, "from_env", classmethod(from_env))
    monkeypatch.setattr(anyio, "run", functools.partial(anyio.run, backend=backend))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(code, f"docs/{page} (sample {index})", "exec"), namespace)  # noqa: S102
    for name, test in list(namespace.items()):
        if name.startswith("test_") and inspect.isfunction(test):
            _run_test_function(test, backend)


def _run_test_function(test: Any, backend: str) -> None:
    """Call a sample's pytest test with the plugin's fixture, as pytest would."""
    kwargs: dict[str, Any] = {}
    if "fake_coupang" in inspect.signature(test).parameters:
        marks = [m for m in getattr(test, "pytestmark", []) if m.name == "fake_coupang"]
        kwargs["fake_coupang"] = FakeCoupang(**(marks[0].kwargs if marks else {}))
    if inspect.iscoroutinefunction(test):
        anyio.run(functools.partial(test, **kwargs), backend=backend)
    else:
        test(**kwargs)


def test_docs_samples_pass_mypy_strict(tmp_path: Path) -> None:
    """Every sample type-checks with ``mypy --strict``, as a reader's own code would."""
    files = []
    for page, index, code in SAMPLES:
        name = re.sub(r"\W", "_", page.removesuffix(".md"))
        file = tmp_path / f"sample_{name}_{index}.py"
        file.write_text(code, encoding="utf-8")
        files.append(str(file))
    # A reader's settings, not the project's: --strict alone (no warn_unreachable and friends).
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--no-error-summary",
            *files,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
