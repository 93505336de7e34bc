"""Client construction: validation, from_env, default headers, repr."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest

from coupang_async import ConfigError, CoupangClient, RetryPolicy
from coupang_async._client import USER_AGENT

from .helpers import ACCESS_KEY, SECRET_KEY, VENDOR_ID, make_client

pytestmark = pytest.mark.both_backends

GOOD: dict[str, Any] = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "vendor_id": VENDOR_ID}


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"access_key": ""}, "access_key"),
        ({"access_key": 42}, "access_key"),
        ({"secret_key": ""}, "secret_key"),
        ({"secret_key": b"bytes"}, "secret_key"),
        ({"vendor_id": "12345"}, "vendor_id"),
        ({"vendor_id": "a00012345"}, "vendor_id"),
        ({"vendor_id": "A0001234X"}, "vendor_id"),
        ({"vendor_id": "A"}, "vendor_id"),
        ({"vendor_id": None}, "vendor_id"),
        ({"requests_per_second": -1}, "requests_per_second"),
        ({"requests_per_second": 0}, "requests_per_second"),
        ({"requests_per_second": float("nan")}, "requests_per_second"),
        ({"requests_per_second": "10"}, "requests_per_second"),
        ({"requests_per_second": True}, "requests_per_second"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"max_concurrency": 2.5}, "max_concurrency"),
        ({"base_url": "api-gateway.coupang.com"}, "base_url"),
        ({"base_url": "ftp://api-gateway.coupang.com"}, "base_url"),
        ({"base_url": "/relative/path"}, "base_url"),
        ({"base_url": 443}, "base_url"),
        ({"retry": {"attempts": 3}}, "retry"),
        ({"rate_limit_cooldown": -5}, "rate_limit_cooldown"),
        ({"rate_limit_store": object()}, "rate_limit_store"),
        ({"auth": ("user", "pass")}, "auth"),
    ],
)
def test_bad_argument_is_named(override: dict[str, Any], field: str) -> None:
    """Each bad constructor argument raises ConfigError naming it, before any request."""
    with pytest.raises(ConfigError) as info:
        CoupangClient(**{**GOOD, **override})
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert SECRET_KEY not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"attempts": 0}, "retry.attempts"),
        ({"attempts": 1.5}, "retry.attempts"),
        ({"wait_initial": -1}, "retry.wait_initial"),
        ({"wait_max": float("inf")}, "retry.wait_max"),
        ({"timeout": 0}, "retry.timeout"),
    ],
)
def test_bad_retry_policy(kwargs: dict[str, Any], field: str) -> None:
    """RetryPolicy validates its own fields and names the bad one."""
    with pytest.raises(ConfigError) as info:
        RetryPolicy(**kwargs)
    assert info.value.field == field


def test_from_env_reads_variables() -> None:
    """from_env builds a working client from the four documented variables."""
    client = CoupangClient.from_env(
        {
            "COUPANG_ACCESS_KEY": ACCESS_KEY,
            "COUPANG_SECRET_KEY": SECRET_KEY,
            "COUPANG_VENDOR_ID": VENDOR_ID,
            "COUPANG_BASE_URL": "http://127.0.0.1:9999",
        },
        requests_per_second=None,
    )
    assert client.vendor_id == VENDOR_ID
    assert str(client.base_url) == "http://127.0.0.1:9999"
    assert client.requests_per_second is None


def test_from_env_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without COUPANG_BASE_URL the real gateway is the default (read from os.environ)."""
    monkeypatch.setenv("COUPANG_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("COUPANG_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("COUPANG_VENDOR_ID", VENDOR_ID)
    monkeypatch.delenv("COUPANG_BASE_URL", raising=False)
    client = CoupangClient.from_env()
    assert client.base_url.host == "api-gateway.coupang.com"


@pytest.mark.parametrize(
    ("missing", "value", "fragment"),
    [
        ("COUPANG_ACCESS_KEY", None, "is not set"),
        ("COUPANG_SECRET_KEY", None, "is not set"),
        ("COUPANG_VENDOR_ID", "  ", "is empty"),
    ],
)
def test_from_env_missing_variable(missing: str, value: str | None, fragment: str) -> None:
    """A missing or empty variable is a ConfigError naming the variable."""
    env = {
        "COUPANG_ACCESS_KEY": ACCESS_KEY,
        "COUPANG_SECRET_KEY": SECRET_KEY,
        "COUPANG_VENDOR_ID": VENDOR_ID,
    }
    if value is None:
        del env[missing]
    else:
        env[missing] = value
    with pytest.raises(ConfigError) as info:
        CoupangClient.from_env(env)
    assert info.value.field == missing
    assert fragment in str(info.value)


async def test_default_headers_on_every_request() -> None:
    """Every request carries X-Requested-By, the JSON content type, a User-Agent and a signature."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": "SUCCESS", "data": None})

    async with make_client(transport=httpx.MockTransport(handler)) as client:
        await client.get("/v2/x")
        await client.post("/v2/y", json={"a": "한글"})
        await client.put("/v2/z", content=b"{}")
    for request in seen:
        assert request.headers["X-Requested-By"] == VENDOR_ID
        assert request.headers["Content-Type"] == "application/json;charset=UTF-8"
        assert request.headers["User-Agent"] == USER_AGENT
        assert request.headers["Authorization"].startswith("CEA algorithm=HmacSHA256, access-key=")
    assert USER_AGENT.startswith("coupang-async/")
    assert seen[1].content == '{"a":"한글"}'.encode()


async def test_user_headers_merge() -> None:
    """Headers passed to the constructor are added without dropping the library's own."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"code": "SUCCESS"})

    client = make_client(transport=httpx.MockTransport(handler), headers={"X-Trace": "abc"})
    async with client:
        await client.get("/v2/x")
    assert seen[0].headers["X-Trace"] == "abc"
    assert seen[0].headers["X-Requested-By"] == VENDOR_ID


def test_repr_hides_secret_and_masks_access_key() -> None:
    """The client's repr names the vendor, masks the access key and never shows the secret."""
    client = make_client()
    text = repr(client)
    assert VENDOR_ID in text
    assert SECRET_KEY not in text
    assert ACCESS_KEY not in text


def test_repr_of_a_client_whose_construction_failed() -> None:
    """A client whose __init__ raised part-way (as a traceback with locals or a debugger shows
    it) still has a repr instead of raising AttributeError."""
    import traceback

    half_built = CoupangClient.__new__(CoupangClient)
    assert repr(half_built) == "<CoupangClient (not initialised)>"
    with pytest.raises(ConfigError) as info:
        CoupangClient(access_key=ACCESS_KEY, secret_key=SECRET_KEY, vendor_id="12345")
    shown = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    assert "self = <CoupangClient" in "".join(shown.format())


# The tests below inspect httpx's own transport (its pool and SSL context), so they ask for it:
# on the fast run "auto" picks the aiohttp transport.


def test_connection_limits_follow_max_concurrency() -> None:
    """Without explicit limits, the pool keeps as many connections alive as may be in flight."""
    client = make_client(http_backend="httpx", transport=None, max_concurrency=24)
    pool = client._transport._pool  # type: ignore[attr-defined]
    assert pool._max_connections == 24
    assert pool._max_keepalive_connections == 24


def test_clients_share_one_ssl_context() -> None:
    """Two https clients reuse one SSL context instead of loading the CA bundle twice."""
    first, second = (
        make_client(http_backend="httpx", transport=None),
        make_client(http_backend="httpx", transport=None),
    )
    ctx1 = first._transport._pool._ssl_context  # type: ignore[attr-defined]
    ctx2 = second._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert ctx1 is ctx2


def test_http_clients_share_the_ssl_context_too() -> None:
    """An http:// base URL (fake, proxy, loopback) skips the 20 ms CA-bundle load as well."""
    https = make_client(http_backend="httpx", transport=None)
    plain = make_client(http_backend="httpx", transport=None, base_url="http://127.0.0.1:8080")
    ctx1 = https._transport._pool._ssl_context  # type: ignore[attr-defined]
    ctx2 = plain._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert ctx1 is ctx2


def test_trust_env_false_gets_its_own_shared_context() -> None:
    """trust_env=False is honoured: such clients share a context built without the environment."""
    default = make_client(http_backend="httpx", transport=None)
    first = make_client(http_backend="httpx", transport=None, trust_env=False)
    second = make_client(http_backend="httpx", transport=None, trust_env=False)
    ctx_default = default._transport._pool._ssl_context  # type: ignore[attr-defined]
    ctx1 = first._transport._pool._ssl_context  # type: ignore[attr-defined]
    ctx2 = second._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert ctx1 is ctx2
    assert ctx1 is not ctx_default


def test_explicit_tls_settings_leave_the_shared_context_alone() -> None:
    """A caller's verify= is used as given, and the shared context is not handed out for it."""
    own = ssl.create_default_context()
    client = make_client(http_backend="httpx", transport=None, verify=own)
    shared = make_client(http_backend="httpx", transport=None)
    assert client._transport._pool._ssl_context is own  # type: ignore[attr-defined]
    assert shared._transport._pool._ssl_context is not own  # type: ignore[attr-defined]
