"""pytest plugin (registered through the ``pytest11`` entry point): the ``fake_coupang`` fixture.

    def test_listing(fake_coupang):
        ...

    @pytest.mark.fake_coupang(products=20, seed=3, requests_per_second=None)
    async def test_with_catalogue(fake_coupang):
        async with fake_coupang.client() as client:
            ...

The fixture is synchronous and needs no async plugin; each test gets a fresh fake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from coupang_async.testing import FakeCoupang


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fake_coupang`` marker (projects may run with ``--strict-markers``)."""
    config.addinivalue_line(
        "markers",
        "fake_coupang(**kwargs): keyword arguments for the FakeCoupang of the fake_coupang fixture",
    )


@pytest.fixture
def fake_coupang(request: pytest.FixtureRequest) -> FakeCoupang:
    """A fresh ``FakeCoupang``; ``@pytest.mark.fake_coupang(...)`` passes constructor arguments."""
    from coupang_async.testing import FakeCoupang  # imported lazily: plugins load for every run

    marker = request.node.get_closest_marker("fake_coupang")
    kwargs = dict(marker.kwargs) if marker is not None else {}
    return FakeCoupang(**kwargs)
