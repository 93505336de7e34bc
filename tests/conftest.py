"""Shared test configuration.

Async tests are plain ``async def`` functions: anyio's pytest plugin runs them (``anyio_mode =
"auto"`` in pyproject.toml). They run on asyncio by default; a module that must also pass under
trio overrides the ``anyio_backend`` fixture with ``params=["asyncio", "trio"]``.
"""

from __future__ import annotations

import pytest

from tests.helpers import TEST_TRANSPORT

if TEST_TRANSPORT != "default":
    import respx.mocks

    # respx's default mocker patches httpcore, below httpx's own transport only; mock at the
    # client instead, so respx-based tests keep intercepting whichever transport is selected.
    respx.mocks.DEFAULT_MOCKER = "httpx"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Run async tests on asyncio unless a module asks for more backends."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _asyncio_only_transport(request: pytest.FixtureRequest) -> None:
    """Under COUPANG_TEST_TRANSPORT=aiohttp trio runs do not apply: aiohttp is asyncio-only."""
    if (
        TEST_TRANSPORT == "aiohttp"
        and "anyio_backend" in request.fixturenames
        and request.getfixturevalue("anyio_backend") == "trio"
    ):
        pytest.skip("the aiohttp transport runs on asyncio only")
