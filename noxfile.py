"""Developer sessions: `nox -s tests lint typing docs` (what CI runs) and `nox -s bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typing", "tests", "docs"]
nox.options.default_venv_backend = "venv"

PYTHON = "3.11"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (warnings are errors, see pyproject.toml)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """mypy --strict on the package, then on the tests (same settings)."""
    session.install("-e", ".[typing]")
    session.run("mypy")
    session.run("mypy", "tests")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks against baselines measured in the same run; `-- --quick` for a smoke run."""
    session.install("-e", ".[bench]")
    session.run("python", "-m", "benchmarks", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site strictly (any warning fails); `-- serve` serves it locally."""
    session.install("-e", ".[docs]")
    session.env["NO_MKDOCS_2_WARNING"] = "1"
    if session.posargs and session.posargs[0] == "serve":
        session.run(
            "mkdocs", "serve", "--strict", "--dev-addr", "127.0.0.1:8000", *session.posargs[1:]
        )
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs)
