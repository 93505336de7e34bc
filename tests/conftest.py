"""Shared test configuration.

Async tests are plain ``async def`` functions: anyio's pytest plugin runs them (``anyio_mode =
"auto"`` in pyproject.toml). They run on asyncio by default; a module (or test) marked
``pytest.mark.both_backends`` runs on asyncio and on trio, which is how the core suite proves
the library never reaches for asyncio directly. A test inside such a module that needs asyncio
itself (``FakeCoupang.serve()`` runs uvicorn, which is asyncio-only) is marked
``pytest.mark.asyncio_only``.
"""

from __future__ import annotations

import pytest

from coupang_async import _backend
from tests.helpers import TEST_TRANSPORT

# `http_backend="auto"` picks the aiohttp transport only in the run that tests it
# (COUPANG_TEST_TRANSPORT=fast); otherwise the suite runs on httpx's own, installed extras or not.
_backend.AUTO_PREFERS_AIOHTTP = TEST_TRANSPORT == "fast"

if TEST_TRANSPORT != "default":
    import respx.mocks

    # respx's default mocker patches httpcore, below httpx's own transport only; mock at the
    # client instead, so respx-based tests keep intercepting whichever transport is selected.
    respx.mocks.DEFAULT_MOCKER = "httpx"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run this async test on asyncio and trio")
    config.addinivalue_line(
        "markers",
        "asyncio_only: run on asyncio only, even in a both_backends module (e.g. fake.serve())",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    definition = metafunc.definition
    if (
        "anyio_backend" in metafunc.fixturenames
        and definition.get_closest_marker("both_backends")
        and not definition.get_closest_marker("asyncio_only")
    ):
        metafunc.parametrize("anyio_backend", ["asyncio", "trio"])


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Run async tests on asyncio unless marked both_backends."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _asyncio_only_transport(request: pytest.FixtureRequest) -> None:
    """Under COUPANG_TEST_TRANSPORT=aiohttp trio runs do not apply: httpx-aiohttp is
    asyncio-only (the library's own aiohttp transport hands trio runs to httpx's)."""
    if (
        TEST_TRANSPORT == "aiohttp"
        and "anyio_backend" in request.fixturenames
        and request.getfixturevalue("anyio_backend") == "trio"
    ):
        pytest.skip("the aiohttp transport runs on asyncio only")
