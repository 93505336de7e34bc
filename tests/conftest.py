"""Shared test configuration.

Async tests are plain ``async def`` functions: anyio's pytest plugin runs them (``anyio_mode =
"auto"`` in pyproject.toml). They run on asyncio by default; a module (or test) marked
``pytest.mark.both_backends`` runs on asyncio and on trio, which is how the core suite proves
the library never reaches for asyncio directly.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run this async test on asyncio and trio")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "anyio_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("anyio_backend", ["asyncio", "trio"])


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Run async tests on asyncio unless marked both_backends."""
    return "asyncio"
