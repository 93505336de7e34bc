"""`CoupangClient`: an `httpx.AsyncClient` that signs, paces, classifies and retries.

Every request, whether it comes from an endpoint function or from a raw `client.get(...)`,
goes through `send()`, the one choke point:

    cool-down check -> concurrency limit -> pacing -> httpx send (CoupangAuth signs here)
    -> classify (status, envelope) -> retry decision (stamina) -> ... -> response or exception

Pacing happens before signing so `signed-date` is always fresh, and each retry is a new trip
through the whole line: paced again, signed again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
import platform
import re
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

import anyio
import httpx
import sniffio
import stamina
from httpx import USE_CLIENT_DEFAULT
from httpx._client import (
    BoundAsyncStream,  # the stream wrapper httpx's `send()` puts around a transport's stream
    ClientState,  # set as httpx's `send()` does (see _send_directly)
    UseClientDefault,  # the type of USE_CLIENT_DEFAULT, for signatures
)
from httpx._types import AuthTypes

from coupang_async import _backend, _operation
from coupang_async._auth import CoupangAuth, mask_key
from coupang_async._envelope import (
    Envelope,
    business_error,
    decode_body,
    parse_retry_after,
    status_error,
    unwrap_response,
)
from coupang_async._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    ConfigError,
    InvalidInputError,
    RateLimitError,
    ResponseTooLargeError,
)
from coupang_async._plain_request import UrlJoiner, assemble_request
from coupang_async._ratelimit import MAX_COOLDOWN, InMemoryRateLimitStore, Pacer, RateLimitStore
from coupang_async._retry import RetryPolicy, install_retry_logging
from coupang_async._version import __version__
from coupang_async._wire import handed_over
from coupang_async._wirecheck import check_headers, check_url_length, encode_json, url_error

__all__ = ["DEFAULT_BASE_URL", "CoupangClient"]

logger = logging.getLogger("coupang_async")
_httpx_logger = logging.getLogger("httpx")  # httpx logs each request there (so do we)

DEFAULT_BASE_URL = "https://api-gateway.coupang.com"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: No single attempt (connect, send, wait, read the whole body) lives longer than this by default.
DEFAULT_ATTEMPT_DEADLINE = 60.0
#: Bodies larger than this are cut off by default (the largest real pages are a few MiB).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 2**20
JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
USER_AGENT = (
    f"coupang-async/{__version__} httpx/{httpx.__version__} "
    f"{platform.python_implementation()}/{platform.python_version()}"
)

_VENDOR_ID = re.compile(r"A\d+")
_ENV = {
    "access_key": "COUPANG_ACCESS_KEY",
    "secret_key": "COUPANG_SECRET_KEY",
    "vendor_id": "COUPANG_VENDOR_ID",
    "base_url": "COUPANG_BASE_URL",
}
# Errors that prove the request never reached the server, so re-sending cannot apply it twice.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def _read_env(environ: Mapping[str, str] | None, given: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments from the environment (see `CoupangClient.from_env`).

    Every required variable is checked before any value is kept, and `os.environ` is never
    bound to a local: when a variable is missing, no frame of the error holds a key.
    """
    for argument, variable in _ENV.items():
        if argument in given or argument == "base_url":
            continue
        value = (os.environ if environ is None else environ).get(variable)
        if value is None or not value.strip():
            state = "is not set" if value is None else "is empty"
            del value
            raise ConfigError(variable, f"environment variable {state}")
    values: dict[str, Any] = {}
    for argument, variable in _ENV.items():
        value = (os.environ if environ is None else environ).get(variable)
        if argument not in given and value is not None and value.strip():
            values[argument] = value.strip()
    return values


@functools.cache
def _shared_ssl_context(trust_env: bool = True) -> ssl.SSLContext:
    # Loading the CA bundle costs ~25 ms; build it once per process, not once per client.
    return httpx.create_ssl_context(trust_env=trust_env)


@asynccontextmanager
async def _anyio_deadline(seconds: float) -> AsyncIterator[None]:
    with anyio.fail_after(seconds):
        yield


def _deadline(seconds: float) -> AbstractAsyncContextManager[object]:
    """A block that raises TimeoutError after `seconds`: asyncio's own timeout on asyncio
    (a third of the CPU of anyio's cancel scope, paid on every attempt), anyio's elsewhere."""
    if sniffio.current_async_library() == "asyncio":
        return asyncio.timeout(seconds)
    return _anyio_deadline(seconds)


def _check_vendor_id(vendor_id: object) -> str:
    if not isinstance(vendor_id, str):
        raise ConfigError("vendor_id", f"must be a string, not {type(vendor_id).__name__}")
    if not _VENDOR_ID.fullmatch(vendor_id):
        raise ConfigError(
            "vendor_id", f"must be 'A' followed by digits (e.g. A00012345), got {vendor_id!r}"
        )
    return vendor_id


def _check_base_url(base_url: object) -> httpx.URL:
    if not isinstance(base_url, str | httpx.URL):
        raise ConfigError("base_url", f"must be a string, not {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigError("base_url", f"is not a valid URL: {exc}") from exc
    if url.userinfo:
        # Never echo the URL: it holds a password. httpx would log it and put it in reprs.
        raise ConfigError(
            "base_url",
            "must not contain a user name or password (user:password@host); credentials in a"
            " URL end up in logs and reprs. Coupang authenticates with the access and secret"
            " keys; a proxy that needs credentials goes in proxy=",
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigError(
            "base_url",
            f"must be an absolute http(s) URL such as {DEFAULT_BASE_URL}, got {str(base_url)!r}",
        )
    return url


def _check_rate(rate: object) -> float | None:
    if rate is None:
        return None
    if isinstance(rate, bool) or not isinstance(rate, int | float):
        raise ConfigError("requests_per_second", f"must be a number or None, not {rate!r}")
    if not math.isfinite(rate) or rate <= 0:
        raise ConfigError(
            "requests_per_second", f"must be positive (or None to switch pacing off), got {rate}"
        )
    return float(rate)


def _check_concurrency(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError("max_concurrency", f"must be an int, not {value!r}")
    if value < 1:
        raise ConfigError("max_concurrency", f"must be at least 1, got {value}")
    return value


def _check_deadline(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError("attempt_deadline", f"must be a number of seconds, not {value!r}")
    if value <= 0:
        raise ConfigError("attempt_deadline", f"must be positive, got {value}")
    return float(value)


def _check_max_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError("max_response_bytes", f"must be an int (bytes), not {value!r}")
    if value < 1:
        raise ConfigError("max_response_bytes", f"must be at least 1, got {value}")
    return value


def _join_pool(
    owner: object, url: httpx.URL, httpx_kwargs: Mapping[str, Any]
) -> httpx.AsyncBaseTransport:
    """The connection pool of `owner`, for one more client (see `share_pool_with`)."""
    if not isinstance(owner, CoupangClient):
        raise ConfigError("share_pool_with", f"must be a CoupangClient, not {type(owner).__name__}")
    if "transport" in httpx_kwargs:
        raise ConfigError("share_pool_with", "cannot be combined with transport=")
    if owner.is_closed:
        raise ConfigError("share_pool_with", "that client is closed")
    if not _same_origin(owner.base_url, url):
        raise ConfigError("share_pool_with", "that client talks to another base_url")
    pool = owner._transport
    if not isinstance(pool, _backend.SharedPool):
        pool = owner._transport = _backend.SharedPool(pool)
    return pool.join()


def _same_origin(one: httpx.URL, other: httpx.URL) -> bool:
    return (one.scheme, one.host, one.port) == (other.scheme, other.host, other.port)


def _check_cooldown(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError("rate_limit_cooldown", f"must be a number of seconds, not {value!r}")
    if value < 0:
        raise ConfigError("rate_limit_cooldown", f"must not be negative, got {value}")
    return float(value)


class CoupangClient(httpx.AsyncClient):
    """Async client for Coupang's seller Open API. It IS an `httpx.AsyncClient`.

    Args:
        access_key: Open API access key (from WING).
        secret_key: Open API secret key. Never shown in reprs, logs or exceptions.
        vendor_id: the seller's vendor id, "A" followed by digits.
        base_url: the gateway; override for a fake or a proxy.
        requests_per_second: client-wide pace: requests start on a schedule of one every
            1/requests_per_second seconds, and never more than this many (rounded up) start in
            any one-second window; no bursts. The gateway throttles at about 10/s per vendor.
            None switches pacing off.
        max_concurrency: requests in flight at once.
        retry: the retry policy (default: 3 attempts, backoff 0.5 s doubling to 8 s, jitter).
        rate_limit_cooldown: seconds to refuse sending after a 429 (the gateway blocks for
            minutes; calling on makes it worse). A longer `Retry-After` from the gateway
            (seconds or an HTTP date) lengthens it, up to 15 minutes.
        attempt_deadline: no single attempt (connecting, sending, waiting, reading the whole
            body) lives longer than this many seconds, however slowly the server trickles bytes;
            it then fails as `APITimeoutError` (retried like any timeout: never for a POST).
            Applies to the headers only when you send with `stream=True`.
        max_response_bytes: a body larger than this is cut off without reading the rest and
            raised as `ResponseTooLargeError` (not retried). Not applied with `stream=True`.
        rate_limit_store: where the pace and cool-down live; share one store between clients
            of the same vendor (or across processes with a shared store) to share the budget.
        clock: injectable clock for signing (aware datetime); tests use a fixed one.
        http_backend: "auto" (default): on asyncio, the library's aiohttp transport when the
            `speed` extra is installed (several times less CPU per request, same guarantees),
            else httpx's own; "httpx": always httpx's own. Options only httpx's transport
            honours (`cert`, `proxy`, `mounts`, `http2`, ...) keep httpx's; a `transport=` of
            your own always wins. `client.http_backend` tells which one runs.
        share_pool_with: another `CoupangClient` (same base URL) whose connection pool this
            one uses: many vendors' clients on one pool, each with its own rate budget. The
            pool closes when the last client using it closes.
        **httpx_kwargs: passed to `httpx.AsyncClient` (`timeout`, `transport`, `limits`,
            `event_hooks`, `headers`, `verify`, `proxy`, ...). `auth` is not accepted.
    """

    def __init__(
        self,
        *,
        access_key: str,
        secret_key: str,
        vendor_id: str,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        requests_per_second: float | None = 5.0,
        max_concurrency: int = 8,
        retry: RetryPolicy | None = None,
        rate_limit_cooldown: float = 60.0,
        rate_limit_store: RateLimitStore | None = None,
        attempt_deadline: float = DEFAULT_ATTEMPT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        clock: Callable[[], datetime] | None = None,
        http_backend: str = "auto",
        share_pool_with: CoupangClient | None = None,
        **httpx_kwargs: Any,
    ) -> None:
        # Validate everything before touching httpx: a bad argument fails here, by name,
        # not at the first request.
        try:
            auth = CoupangAuth(access_key, secret_key, clock=clock)
        finally:
            # From here on the secret lives only inside the auth's HMAC: no frame holds it, so
            # a traceback that shows locals (Sentry, rich, pytest -l) cannot show it.
            del secret_key
        self._vendor_id = _check_vendor_id(vendor_id)
        url = _check_base_url(base_url)
        rate = _check_rate(requests_per_second)
        concurrency = _check_concurrency(max_concurrency)
        if retry is None:
            retry = RetryPolicy()
        elif not isinstance(retry, RetryPolicy):
            raise ConfigError("retry", f"must be a RetryPolicy, not {type(retry).__name__}")
        cooldown = _check_cooldown(rate_limit_cooldown)
        deadline = _check_deadline(attempt_deadline)
        max_bytes = _check_max_bytes(max_response_bytes)
        if rate_limit_store is not None and not isinstance(rate_limit_store, RateLimitStore):
            raise ConfigError("rate_limit_store", "must implement RateLimitStore")
        if "auth" in httpx_kwargs:
            raise ConfigError("auth", "is set by CoupangClient (CEA HMAC signing); remove it")
        if http_backend not in _backend.BACKENDS:
            raise ConfigError("http_backend", f"must be 'auto' or 'httpx', got {http_backend!r}")
        if httpx_kwargs.get("transport", False) is None:
            del httpx_kwargs["transport"]  # None is httpx's default: no transport of one's own
        if share_pool_with is not None:
            httpx_kwargs["transport"] = _join_pool(share_pool_with, url, httpx_kwargs)

        headers = httpx.Headers(
            {
                "User-Agent": USER_AGENT,
                "X-Requested-By": self._vendor_id,
                "Content-Type": JSON_CONTENT_TYPE,
                "Accept": "application/json",
            }
        )
        extra_headers = httpx.Headers(httpx_kwargs.pop("headers", None) or {})
        try:
            check_headers(extra_headers)
        except InvalidInputError as exc:
            raise ConfigError("headers", exc.reason) from None
        headers.update(extra_headers)
        httpx_kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        # Connections to match the in-flight bound, all kept alive: with fewer keep-alive slots
        # than connections httpx closes and reopens connections under load.
        httpx_kwargs.setdefault(
            "limits",
            httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        )
        # httpx builds its default transport's SSL context even for an http:// base URL (a fake,
        # a proxy, a loopback test), so share one whatever the scheme. Not when the caller
        # configures TLS: `cert=` would load a client certificate into the shared context.
        if not {"transport", "verify", "cert"} & httpx_kwargs.keys():
            httpx_kwargs["verify"] = _shared_ssl_context(bool(httpx_kwargs.get("trust_env", True)))
        backend = "httpx"
        if "transport" in httpx_kwargs:
            backend = "shared" if share_pool_with is not None else "transport"
        elif http_backend == "auto" and _backend.auto_uses_aiohttp(httpx_kwargs):
            backend = "aiohttp"
            httpx_kwargs["transport"] = _backend.fast_transport(
                httpx_kwargs["limits"],
                httpx_kwargs.pop("verify", True),
                bool(httpx_kwargs.get("trust_env", True)),
            )

        super().__init__(auth=auth, base_url=url, headers=headers, **httpx_kwargs)
        self._auth_flow = auth
        self._retry = retry
        self._cooldown = cooldown
        self._attempt_deadline = deadline
        self._max_response_bytes = max_bytes
        # A semaphore, not a CapacityLimiter: CapacityLimiter.acquire() always yields to the
        # loop, even with a slot free, and at c=8 on loopback those extra scheduling rounds cost
        # ~40 % more CPU per request than bare httpx (benchmarks/README.md). fast_acquire skips
        # the yield only when a slot is free; waiters still queue in arrival order.
        self._max_concurrency = concurrency
        self._limiter = anyio.Semaphore(concurrency, fast_acquire=True)
        self._pacer = Pacer(self._vendor_id, rate, rate_limit_store or InMemoryRateLimitStore())
        self._opened_store: AbstractAsyncContextManager[Any] | None = None
        self._backend = backend
        self._url_joiner: tuple[httpx.URL, UrlJoiner] | None = None

    async def __aenter__(self) -> Self:
        if self.is_closed:
            raise ClientClosedError(
                "This CoupangClient is closed; create a new one (a client cannot be reopened)."
            )
        await super().__aenter__()
        # A store that holds a connection (Redis) is opened and closed with the client.
        store = self._pacer.store
        if isinstance(store, AbstractAsyncContextManager):
            try:
                await store.__aenter__()
            except BaseException:
                await super().__aexit__(None, None, None)
                raise
            self._opened_store = store
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        try:
            await super().__aexit__(exc_type, exc, traceback)
        finally:
            store, self._opened_store = self._opened_store, None
            if store is not None:
                await store.__aexit__(exc_type, exc, traceback)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """Build a client from `COUPANG_ACCESS_KEY`, `COUPANG_SECRET_KEY`, `COUPANG_VENDOR_ID`
        and optionally `COUPANG_BASE_URL`; other keyword arguments go to the constructor.

        Raises:
            ConfigError: a required variable is missing or empty (the error names it).
        """
        # The values (the secret key among them) are never held in this frame, nor the
        # environment: a traceback that shows locals must not show them.
        return cls(**_read_env(environ, kwargs), **kwargs)

    @property
    def vendor_id(self) -> str:
        """The vendor id every request is made for."""
        return self._vendor_id

    @property
    def requests_per_second(self) -> float | None:
        """The pace in force now (lowered after `X-CAG-Warnings`), None when off."""
        return self._pacer.requests_per_second

    @property
    def http_backend(self) -> str:
        """The backend requests go through: "aiohttp", "httpx", "transport" (your own
        `transport=`) or "shared" (the pool of the client given as `share_pool_with`)."""
        return self._backend

    @property
    def max_concurrency(self) -> int:
        """How many requests may be in flight at once."""
        return self._max_concurrency

    @property
    def attempt_deadline(self) -> float:
        """The longest one attempt may live end to end, in seconds."""
        return self._attempt_deadline

    @property
    def max_response_bytes(self) -> int:
        """The largest response body the client reads, in bytes."""
        return self._max_response_bytes

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force."""
        return self._retry

    def __repr__(self) -> str:
        try:
            return (
                f"<CoupangClient vendor_id={self._vendor_id!r} access_key="
                f"{mask_key(self._auth_flow.access_key)!r} base_url={str(self.base_url)!r}>"
            )
        except AttributeError:  # __init__ failed part-way (a traceback's locals show `self`)
            return "<CoupangClient (not initialised)>"

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: AuthTypes | UseClientDefault | None = USE_CLIENT_DEFAULT,
        follow_redirects: bool | UseClientDefault = USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        """Send one request through the choke point (see the module docstring).

        Raises:
            APIStatusError: (and subclasses) for error statuses, after retries where allowed.
            BusinessError: a 2xx whose envelope says ERROR.
            APIConnectionError / APITimeoutError: transport failures, after retries.
            RateLimitError: a 429, or a request refused during the cool-down after one.
            ClientClosedError: the client is closed.
        """
        if self.is_closed:
            raise ClientClosedError
        policy = self._retry
        try:
            return await self._attempt(request, stream, auth, follow_redirects)
        except APIError as exc:
            if policy.attempts == 1 or policy.decide(request.method, exc) is False:
                raise
            first_failure: APIError | None = exc
        install_retry_logging()
        # Only failures pay for the retry machinery (~50 us a request otherwise). stamina's
        # first attempt replays the failure already in hand, so backoff schedule, Retry-After
        # handling, caps and retry logging are exactly those of a plain stamina loop.
        response: httpx.Response | None = None
        async for attempt in stamina.retry_context(
            on=functools.partial(policy.decide, request.method),
            attempts=policy.attempts,
            timeout=policy.timeout,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ):
            with attempt:
                if first_failure is not None:
                    failure, first_failure = first_failure, None
                    raise failure
                response = await self._attempt(request, stream, auth, follow_redirects)
        if response is None:  # pragma: no cover - stamina re-raises the last error instead
            raise RuntimeError("retry loop ended without a response")
        return response

    async def _attempt(
        self,
        request: httpx.Request,
        stream: bool,
        auth: AuthTypes | UseClientDefault | None,
        follow_redirects: bool | UseClientDefault,
    ) -> httpx.Response:
        await self._refuse_during_cooldown(request)
        async with self._limiter:
            await self._pacer.wait_turn()
            # Checked again: a 429 may have arrived while this request waited for its slot or
            # its turn, and everything queued behind it must not go out after the 429.
            await self._refuse_during_cooldown(request)
            # The client may have been closed meanwhile too (httpx would raise a bare
            # RuntimeError); nothing was sent.
            if self.is_closed:
                raise ClientClosedError
            sent_at = self._pacer.now()
            started = time.perf_counter()
            handed_over(request)  # for callers watching what went on the wire (bulk, export)
            response: httpx.Response | None = None
            try:
                # The deadline covers the whole exchange, the body included: a server that
                # trickles a byte now and then never trips the read timeout, which is per read.
                async with _deadline(self._attempt_deadline):
                    if not stream and self._sends_directly(auth, follow_redirects):
                        response = await self._send_directly(request)
                        await self._read_capped(response, request)
                        response.elapsed = timedelta(seconds=time.perf_counter() - started)
                    else:
                        response = await super().send(
                            request, stream=True, auth=auth, follow_redirects=follow_redirects
                        )
                        if not stream:
                            await self._read_capped(response, request)
            except TimeoutError as exc:
                if response is not None:
                    await response.aclose()
                raise APITimeoutError(
                    f"no complete answer within the attempt deadline of "
                    f"{self._attempt_deadline:g} s",
                    request=request,
                    request_sent=True,
                ) from exc
            except httpx.TimeoutException as exc:
                raise APITimeoutError(
                    f"timed out ({type(exc).__name__})",
                    request=request,
                    request_sent=not isinstance(exc, _NOT_SENT),
                ) from exc
            except httpx.RequestError as exc:
                raise APIConnectionError(
                    f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
                    request=request,
                    request_sent=not isinstance(exc, _NOT_SENT),
                ) from exc
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms",
                request.method,
                request.url.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        await self._classify(response, stream, sent_at)
        return response

    def _sends_directly(
        self,
        auth: AuthTypes | UseClientDefault | None,
        follow_redirects: bool | UseClientDefault,
    ) -> bool:
        """Whether `_send_directly` does all httpx's `send()` would for this request: the
        client's own signing, no redirects to follow, no event hooks, one transport."""
        hooks = self._event_hooks
        return (
            auth is USE_CLIENT_DEFAULT
            and self._auth is self._auth_flow  # `client.auth` was not replaced
            and (follow_redirects is False or follow_redirects is USE_CLIENT_DEFAULT)
            and not self.follow_redirects
            and not self._mounts  # proxies (from the environment too) route by URL
            and not hooks["request"]
            and not hooks["response"]
        )

    async def _send_directly(self, request: httpx.Request) -> httpx.Response:
        """httpx's `send(stream=True)` for the case `_sends_directly` admits, minus the
        machinery that case does not use (the auth-flow generator, the redirect loop, the
        stream wrapper that times the response: `_attempt` sets `elapsed`).

        httpx's layers cost about a quarter of the client's CPU per request; everything they
        do for this case is done here, in the same order: the timeout, the signature, the
        transport's exceptions tied to the request, cookies kept, the request logged, a
        redirect offered as `next_request` (and refused when it leaves the host).
        """
        self._state = ClientState.OPENED
        if "timeout" not in request.extensions:
            request.extensions = dict(**request.extensions, timeout=self.timeout.as_dict())
        request.headers["Authorization"] = self._auth_flow.authorization(
            request.method, request.url.raw_path
        )
        if not isinstance(request.stream, httpx.AsyncByteStream):
            raise RuntimeError("Attempted to send an sync request with an AsyncClient instance.")
        try:
            response = await self._transport.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        response.default_encoding = self._default_encoding
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            self.cookies.extract_cookies(response)
        if _httpx_logger.isEnabledFor(logging.INFO):
            _httpx_logger.info(
                'HTTP Request: %s %s "%s %d %s"',
                request.method,
                request.url,
                response.http_version,
                response.status_code,
                response.reason_phrase,
            )
        if response.has_redirect_location:
            try:
                response.next_request = self._build_redirect_request(request, response)
            except BaseException:
                await response.aclose()
                raise
        return response

    async def _read_capped(self, response: httpx.Response, request: httpx.Request) -> None:
        """Read the body, but never more than `max_response_bytes` of it into memory."""
        limit = self._max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await response.aclose()
            raise ResponseTooLargeError(
                limit, request=request, status_code=response.status_code, declared=int(declared)
            )
        try:
            content = await self._read_body(response, request, declared)
        finally:
            await response.aclose()
        # What `Response.aread()` stores. httpx leaves a read response in a reference cycle (its
        # stream points back at it), so the response and the JSON body decoded and cached on it
        # would live until the cyclic garbage collector found them: a plain stream of the same
        # content lets the last reference free them.
        response._content = content
        response.stream = httpx.ByteStream(content)

    async def _read_body(
        self, response: httpx.Response, request: httpx.Request, declared: str
    ) -> bytes:
        """The decoded body, raising `ResponseTooLargeError` past the cap (for `_read_capped`,
        which closes the response)."""
        stream: Any = response.stream
        read_whole = getattr(stream, "read_whole", None)
        if (
            read_whole is not None
            and declared.isdigit()
            and "content-encoding" not in response.headers
        ):
            # The aiohttp transport's stream, a declared length within the cap and nothing to
            # decode: one read of exactly that length (aiohttp reads no further).
            content: bytes = await read_whole()
            return content
        limit = self._max_response_bytes
        chunks: list[bytes] = []
        size = 0
        # Decoded bytes are counted: a small compressed body can inflate without bound. This is
        # `Response.aread()` with a cap, iterating the transport's stream directly so that a
        # body cut off half-way leaves no half-iterated generator behind (trio warns of those).
        decoder = response._get_content_decoder()
        if isinstance(stream, BoundAsyncStream):  # httpx's wrapper (not on `_send_directly`'s)
            stream = stream._stream
        iterator = aiter(stream)
        try:
            async for piece in iterator:
                chunk = decoder.decode(piece)
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLargeError(
                        limit, request=request, status_code=response.status_code
                    )
                chunks.append(chunk)
            chunks.append(decoder.flush())
        finally:
            close = getattr(iterator, "aclose", None)
            if close is not None:
                await close()
        return b"".join(chunks)

    def _build_redirect_request(
        self, request: httpx.Request, response: httpx.Response
    ) -> httpx.Request:
        # httpx builds the follow-up request for every redirect (to offer it as `next_request`
        # even when not following). One that leaves the gateway's host is refused: it would
        # carry X-Requested-By (the vendor id) elsewhere, and its answer is not Coupang's.
        target = super()._build_redirect_request(request, response)
        if not _same_origin(target.url, request.url):
            raise APIStatusError(
                f"HTTP {response.status_code}: refused a redirect to another host"
                f" ({target.url.scheme}://{target.url.host}); the gateway never sends one, so"
                " a proxy or a wrong base_url is in the way. Coupang itself answers 302 when it"
                " blocks an IP address or vendor id.",
                response=response,
                status_code=response.status_code,
            )
        return target

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        content: Any = None,
        data: Any = None,
        files: Any = None,
        json: Any = None,
        params: Any = None,
        headers: Any = None,
        cookies: Any = None,
        timeout: Any = USE_CLIENT_DEFAULT,
        extensions: Any = None,
    ) -> httpx.Request:
        """Build a request as httpx does, refusing input the wire cannot carry faithfully.

        JSON bodies are encoded with orjson after a check (NaN and infinity, integers outside
        the signed 64-bit range, lone surrogates); header values must not hold CR, LF or NUL;
        the URL must stay within a length gateways accept.

        Raises:
            InvalidInputError: naming the argument (`json`, `params`, `headers`, `url`); nothing
                was sent.
        """
        if json is not None:
            content = encode_json(json)
            json = None
        if headers is not None:
            check_headers(httpx.Headers(headers))
        try:
            request = self._build_plain_request(
                method, url, content, data, files, params, headers, cookies, timeout, extensions
            ) or super().build_request(
                method,
                url,
                content=content,
                data=data,
                files=files,
                json=json,
                params=params,
                headers=headers,
                cookies=cookies,
                timeout=timeout,
                extensions=extensions,
            )
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            raise url_error(params, exc) from None
        check_url_length(request.url, params)
        return request

    def _build_plain_request(
        self,
        method: str,
        url: httpx.URL | str,
        content: Any,
        data: Any,
        files: Any,
        params: Any,
        headers: Any,
        cookies: Any,
        timeout: Any,
        extensions: Any,
    ) -> httpx.Request | None:
        """`httpx.AsyncClient.build_request` for the common case (a relative path, a dict of
        params, a byte body) built by `_plain_request`; None for any other case."""
        if (
            type(url) is not str
            or data is not None
            or files is not None
            or cookies is not None
            or self.params  # the client's own default params are merged by httpx
            or self.cookies  # so are the cookies the client has collected
        ):
            return None
        joiner = self._url_joiner
        if joiner is None or joiner[0] is not self._base_url:  # `base_url` was set anew
            joiner = self._url_joiner = (self._base_url, UrlJoiner(self._base_url))
        joined = joiner[1].join(url, params)
        if joined is None:
            return None
        extensions = {} if extensions is None else extensions
        if "timeout" not in extensions:  # httpx's `build_request`
            chosen = (
                self.timeout if isinstance(timeout, UseClientDefault) else httpx.Timeout(timeout)
            )
            extensions = dict(**extensions, timeout=chosen.as_dict())
        merged = self.headers
        if headers is not None:  # httpx's `_merge_headers`
            merged = httpx.Headers(merged)
            merged.update(headers)
        return assemble_request(method, joined, merged, content, extensions)

    async def _refuse_during_cooldown(self, request: httpx.Request) -> None:
        cooldown_left = await self._pacer.cooldown_left()
        if cooldown_left > 0:
            raise RateLimitError(
                f"not sent: the client is cooling down after a 429 for {cooldown_left:.0f} more"
                " seconds (the gateway blocks vendors that keep calling)",
                response=None,
                retry_after=cooldown_left,
                request=request,
                local=True,
            )

    async def _classify(self, response: httpx.Response, stream: bool, sent_at: float) -> None:
        if "x-cag-warnings" in response.headers:
            self._pacer.note_warning(sent_at, response.headers["x-cag-warnings"])
        status = response.status_code
        if status >= 300:
            if stream:
                await response.aread()
            # The signing clock is read only when a clock offset can matter (it may be a test's
            # clock that advances on every read).
            now = self._auth_flow.signing_time() if status in (401, 403) else None
            error = status_error(response, now=now)
            if isinstance(error, RateLimitError):
                await self._start_cooldown(error, response)
            raise error
        if not stream:
            failure = business_error(response, decode_body(response))
            if failure is not None:
                raise failure

    async def _start_cooldown(self, error: RateLimitError, response: httpx.Response) -> None:
        """After a 429: refuse to send for the default cool-down or the gateway's longer
        `Retry-After` (capped at 15 minutes); log it once per burst."""
        asked = parse_retry_after(response)
        wait = self._cooldown
        if asked is not None and asked > wait:
            wait = min(asked, MAX_COOLDOWN)
        started = await self._pacer.start_cooldown(wait)
        error.retry_after = max(wait, await self._pacer.cooldown_left())
        if started:
            logger.warning(
                "429 from Coupang for vendor %s: no requests for %.0f s%s",
                self._vendor_id,
                error.retry_after,
                " (as its Retry-After asked)" if wait > self._cooldown else "",
            )
        else:
            logger.debug("429 from Coupang during the cool-down (one of a burst)")

    async def _request_envelope(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        extended_timeout: float | None = None,
    ) -> Envelope:
        """Send one API call and return its unwrapped envelope (for the endpoint modules).

        Args:
            method: HTTP method.
            path: path below the base URL, already percent-encoded where needed.
            params: query parameters; None values are left out, lists repeat the key.
            json: body, serialised with orjson.
            extended_timeout: seconds the gateway may take (sends `X-EXTENDED-TIMEOUT` and
                raises the read timeout to match); for heavy listings and creates.
        """
        headers: dict[str, str] | None = None
        timeout: httpx.Timeout | UseClientDefault = USE_CLIENT_DEFAULT
        if extended_timeout is not None:
            headers = {"X-EXTENDED-TIMEOUT": str(int(extended_timeout * 1000))}
            timeout = httpx.Timeout(
                extended_timeout + 5.0,
                connect=self.timeout.connect,
                pool=self.timeout.pool,
            )
        query = None
        if params:
            query = {key: value for key, value in params.items() if value is not None}
        request = self.build_request(
            method, path, params=query, json=json, headers=headers, timeout=timeout
        )
        response = await self.send(request)
        return unwrap_response(response)

    # -- the operation layer: run declared operations (see coupang_async._operation) -----------

    _call = _operation.call
    _list = _operation.list_pages
