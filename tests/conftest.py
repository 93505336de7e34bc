"""Shared test configuration.

Async tests are plain ``async def`` functions: anyio's pytest plugin runs them (``anyio_mode =
"auto"`` in pyproject.toml). They run on asyncio by default; a module that must also pass under
trio overrides the ``anyio_backend`` fixture with ``params=["asyncio", "trio"]``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Run async tests on asyncio unless a module asks for more backends."""
    return "asyncio"
