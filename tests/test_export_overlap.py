"""The export fetches page N+1 while it writes page N: against a real loopback server the next
listing request is on the wire before a page is written (httpx's own transport)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from coupang_async.export import ExportProgress, export_products
from coupang_async.testing import FakeCoupang

SENT = ".send_request_body.complete"  # httpcore's trace event once a request is on the wire


async def test_next_page_is_requested_before_a_page_is_written(tmp_path: Path) -> None:
    """When page N is written, the request for page N+1 has already been sent."""
    fake = FakeCoupang(products=500, seed=5, requests_per_second=None)
    sent: list[str] = []

    async def watch(request: httpx.Request) -> None:
        if request.method == "GET" and request.url.path.endswith("/seller-products"):

            async def trace(name: str, info: dict[str, Any]) -> None:
                if name.endswith(SENT):
                    sent.append(request.url.params.get("nextToken", ""))

            request.extensions["trace"] = trace

    progress: list[tuple[int, int]] = []

    def on_page(state: ExportProgress) -> None:
        progress.append((state.pages, len(sent)))

    async with fake.serve() as base_url:
        client = fake.client(
            base_url=base_url,
            transport=None,
            requests_per_second=None,
            event_hooks={"request": [watch]},
        )
        async with client:
            result = await export_products(
                client, tmp_path / "products.jsonl", max_per_page=50, on_page=on_page
            )
    assert result.pages >= 4
    assert len(sent) == result.pages
    # Every page but the last is written after the next one's request went out.
    assert progress[:-1] == [(pages, pages + 1) for pages in range(1, result.pages)]
    assert progress[-1] == (result.pages, result.pages)
