"""Helpers shared by the tests: keys, a zero-wait client factory, an independent signer.

`COUPANG_TEST_TRANSPORT` selects the network transport of the clients the tests build (unless a
test brings its own transport):

- `default`: httpx's own (`http_backend="auto"` is told not to pick aiohttp, so the suite runs
  the same whether or not the `speed` extra is installed);
- `fast`: the library's aiohttp transport, exactly as `http_backend="auto"` picks it when the
  `speed` extra is installed (on trio, where aiohttp cannot run, it hands over to httpx's own);
- `aiohttp`: the third-party `httpx-aiohttp` transport, kept to re-check the verdict on it
  (see benchmarks/README.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from coupang_async import CoupangClient, RetryPolicy

BASE_URL = "https://api-gateway.coupang.com"
ACCESS_KEY = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
SECRET_KEY = "s3cr3t-k3y-that-must-never-leak-0123456789abcdef"
VENDOR_ID = "A00012345"
FIXED_NOW = datetime(2018, 8, 9, 1, 2, 3, tzinfo=UTC)

# Retries without waiting, so retry tests are instant; the counts stay the defaults.
FAST_RETRY = RetryPolicy(wait_initial=0.0, wait_max=0.0, wait_jitter=0.0)

_HEADER = re.compile(
    r"CEA algorithm=HmacSHA256, access-key=(?P<ak>[^,]+), "
    r"signed-date=(?P<date>\d{6}T\d{6}Z), signature=(?P<sig>[0-9a-f]{64})"
)


#: Which network transport the tests' clients get: "default" (httpx's), "fast" or "aiohttp".
TEST_TRANSPORT = os.environ.get("COUPANG_TEST_TRANSPORT", "default")
if TEST_TRANSPORT not in ("default", "fast", "aiohttp"):
    raise ValueError(
        f"COUPANG_TEST_TRANSPORT={TEST_TRANSPORT!r}: use 'default', 'fast' or 'aiohttp'"
    )


def selected_transport(max_concurrency: int = 8) -> httpx.AsyncBaseTransport | None:
    """The transport selected by COUPANG_TEST_TRANSPORT, or None for the client's choice
    (`http_backend="auto"`, which conftest.py points at httpx's or the library's aiohttp one)."""
    if TEST_TRANSPORT != "aiohttp":
        return None
    from httpx_aiohttp import AiohttpTransport

    limits = httpx.Limits(max_connections=max_concurrency)
    transport: httpx.AsyncBaseTransport = AiohttpTransport(limits=limits)
    return transport


def make_client(**overrides: Any) -> CoupangClient:
    """A client with test keys, no pacing and instant retries unless overridden."""
    if "transport" not in overrides:
        transport = selected_transport(overrides.get("max_concurrency", 8))
        if transport is not None:
            overrides["transport"] = transport
    kwargs: dict[str, Any] = {
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "vendor_id": VENDOR_ID,
        "requests_per_second": None,
        "retry": FAST_RETRY,
    }
    kwargs.update(overrides)
    return CoupangClient(**kwargs)


def seed_signature(secret_key: str, signed_date: str, method: str, path: str, query: str) -> str:
    """The signature exactly as Coupang's Python sample (seeds/000_*) computes it."""
    message = signed_date + method + path + query
    return hmac.new(secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_authorization(value: str) -> dict[str, str]:
    """Split a CEA Authorization header into access key, signed date and signature."""
    match = _HEADER.fullmatch(value)
    assert match, f"malformed Authorization header: {value!r}"
    return {"access_key": match["ak"], "signed_date": match["date"], "signature": match["sig"]}


def verify_on_server(raw_target: bytes, method: str, authorization: str) -> bool:
    """What the gateway does: recompute the signature over the bytes it received."""
    parts = parse_authorization(authorization)
    path, _, query = raw_target.decode("ascii").partition("?")
    expected = seed_signature(SECRET_KEY, parts["signed_date"], method, path, query)
    return hmac.compare_digest(expected, parts["signature"])
