"""Property tests: no response body, however broken, escapes as anything but a CoupangError."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coupang_async import CoupangError, RetryPolicy

from .helpers import make_client

pytestmark = pytest.mark.both_backends

PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/1"
STATUSES = st.sampled_from([200, 201, 204, 302, 400, 401, 403, 404, 410, 429, 500, 503, 504])
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json;charset=UTF-8",
        "text/html",
        "text/plain; charset=bogus-charset",
        "application/octet-stream",
        "",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["code", "message", "data", "nextToken", "transactionId", "messages"])
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


async def _exercise(status: int, content: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers)

    client = make_client(transport=httpx.MockTransport(handler), retry=RetryPolicy.disabled())
    async with client:
        with contextlib.suppress(CoupangError):
            await client.get(PATH)
        try:
            await client._request_envelope("GET", PATH)
        except CoupangError as exc:
            str(exc), repr(exc)  # rendering the error must not fail either


@SETTINGS
@given(status=STATUSES, content=st.binary(max_size=300), content_type=CONTENT_TYPES)
async def test_arbitrary_bytes(status: int, content: bytes, content_type: str) -> None:
    """Arbitrary body bytes under any status and content type raise only CoupangErrors."""
    await _exercise(status, content, content_type)


@SETTINGS
@given(status=STATUSES, body=JSON_VALUES)
@example(status=200, body={"code": "²"})
@example(status=200, body={"code": "200", "data": {"code": "٣٤٥"}})
async def test_arbitrary_json(status: int, body: Any) -> None:
    """Arbitrary JSON (envelope-like keys included) under any status raises only CoupangErrors."""
    await _exercise(status, orjson.dumps(body), "application/json")
