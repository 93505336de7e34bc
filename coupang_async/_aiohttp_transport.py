"""An httpx transport on aiohttp's connection pool, keeping every guarantee of httpx's own.

httpx's own transport costs several times the CPU of aiohttp per request, and its pool costs
more the more connections it holds. This transport keeps httpx's API (a `CoupangClient` is
still an `httpx.AsyncClient`) and hands the exchange to aiohttp, with these rules:

- The request target goes on the wire byte for byte as httpx built it (and as it was signed):
  aiohttp's URL is built with `encoded=True`, so nothing is re-quoted.
- No retries inside the transport: aiohttp re-sends an idempotent request once when a kept-alive
  connection drops; that is switched off (the client's retry policy decides, paced and signed
  again).
- Failures say whether the request may have reached the server: errors before the request's
  headers started going out are `httpx.ConnectError` / `ConnectTimeout` (safe to re-send, even a
  POST), errors after are `httpx.ReadError` / `RemoteProtocolError` / `ReadTimeout`.
- Progress is reported through the request's `trace` extension with httpcore's event names, so
  callers watching what went on the wire see the same events as with httpx's transport.
- Timeouts come from the request (connect, read; pool waits count as connect); the body is
  passed through undecoded so the client decodes it and caps its size; a cancelled exchange
  closes its connection rather than returning it to the pool.
- asyncio only: on any other event loop (trio) the request goes to httpx's own transport.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from types import SimpleNamespace
from typing import Any, Final

import aiohttp
import httpx
import sniffio
import yarl

__all__ = ["AiohttpTransport"]

Trace = Callable[[str, dict[str, Any]], Awaitable[None]]

_CONNECT: Final = "connection.connect_tcp.started"
_HEADERS_STARTED: Final = "http11.send_request_headers.started"
_BODY_DONE: Final = "http11.send_request_body.complete"


class _Progress:
    """What one exchange has done so far (aiohttp's trace callbacks update it)."""

    __slots__ = ("body_left", "headers_sent", "trace")

    def __init__(self, trace: Trace | None, body_size: int) -> None:
        self.trace = trace
        self.body_left = body_size
        self.headers_sent = False


async def _headers_sent(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: object
) -> None:
    # `_MarkingRequest` has already marked the exchange as sent: only the caller hears of it.
    progress: _Progress = context.trace_request_ctx
    if progress.trace is not None:
        await progress.trace(_HEADERS_STARTED, {})
        if progress.body_left <= 0:
            await progress.trace(_BODY_DONE, {})


async def _chunk_sent(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
) -> None:
    progress: _Progress = context.trace_request_ctx
    if progress.body_left <= 0:
        return
    progress.body_left -= len(params.chunk)
    if progress.body_left <= 0 and progress.trace is not None:
        await progress.trace(_BODY_DONE, {})


def _trace_config() -> aiohttp.TraceConfig:
    config = aiohttp.TraceConfig()
    config.on_request_headers_sent.append(_headers_sent)
    config.on_request_chunk_sent.append(_chunk_sent)
    config.freeze()
    return config


def _map_error(exc: BaseException, sent: bool, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception for an aiohttp failure, by whether the request may have gone out."""
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, asyncio.TimeoutError):
        if not sent:
            return httpx.ConnectTimeout(message, request=request)
        return httpx.ReadTimeout(message, request=request)
    if not sent:
        return httpx.ConnectError(message, request=request)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(message, request=request)
    return httpx.ReadError(message, request=request)


_ERRORS: Final = (aiohttp.ClientError, OSError, asyncio.TimeoutError)

#: The exchange in progress in this task (read by `_MarkingRequest`).
_EXCHANGE: ContextVar[_Progress | None] = ContextVar("coupang_async_exchange", default=None)


class _MarkingRequest(aiohttp.ClientRequest):
    """aiohttp's request, recording when it starts going out on its connection.

    `send()` is where aiohttp writes the request line and headers, once it holds a connection;
    any failure before it proves the request never left (tracing tells the same, at a cost).
    """

    async def send(self, conn: Any) -> aiohttp.ClientResponse:
        progress = _EXCHANGE.get()
        if progress is not None:
            progress.headers_sent = True
        return await super().send(conn)


def _session(connector: aiohttp.TCPConnector, *, traced: bool) -> aiohttp.ClientSession:
    session = aiohttp.ClientSession(
        connector=connector,
        connector_owner=False,  # `_Sessions` closes it, after both sessions
        request_class=_MarkingRequest,
        cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps the cookies
        auto_decompress=False,  # the client decodes, counting the decoded size
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
        trace_configs=[_trace_config()] if traced else None,
        # httpx routes requests for proxies from the environment to its own transports
        # (the client's mounts), so aiohttp must not read them a second time.
        trust_env=False,
        timeout=aiohttp.ClientTimeout(total=None),
    )
    # aiohttp re-sends an idempotent request once when a kept-alive connection drops;
    # retries belong to the client (paced, signed again, counted), never to the transport.
    if not hasattr(session, "_retry_connection"):  # pragma: no cover - aiohttp changed
        raise RuntimeError("this aiohttp version cannot switch off its own retries")
    session._retry_connection = False
    return session


class _Sessions:
    """Two sessions on one connection pool: one traced for callers that watch the exchange
    (the request's `trace` extension), one without aiohttp's tracing for the rest."""

    __slots__ = ("connector", "plain", "traced")

    def __init__(
        self,
        connector: aiohttp.TCPConnector,
        plain: aiohttp.ClientSession,
        traced: aiohttp.ClientSession,
    ) -> None:
        self.connector = connector
        self.plain = plain
        self.traced = traced

    async def close(self) -> None:
        try:
            await self.plain.close()
            await self.traced.close()
        finally:
            await self.connector.close()


def _target_text(url: httpx.URL) -> str:
    """The absolute URL as httpx holds it (already percent-encoded; credentials left out)."""
    parts = url._uri_reference  # httpx's parsed parts: `url.netloc` and `url.raw_path` as text
    host = f"[{parts.host}]" if ":" in parts.host else parts.host
    port = "" if parts.port is None else f":{parts.port}"
    query = "" if parts.query is None else f"?{parts.query}"
    return f"{parts.scheme}://{host}{port}{parts.path or '/'}{query}"


class _ResponseStream(httpx.AsyncByteStream):
    """The response body as aiohttp reads it, undecoded; closing it frees the connection."""

    __slots__ = ("_progress", "_request", "_response")

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._response.content
        try:
            while True:
                chunk = await content.readany()
                if not chunk:
                    return
                yield chunk
        except _ERRORS as exc:
            self._response.close()
            raise _map_error(exc, True, self._request) from exc

    async def read_whole(self) -> bytes:
        """The whole body in one read (the client's reader for a declared length within its
        cap and no content encoding)."""
        try:
            return await self._response.read()
        except _ERRORS as exc:
            self._response.close()
            raise _map_error(exc, True, self._request) from exc

    async def aclose(self) -> None:
        response = self._response
        if response.content.is_eof():
            response.release()
        else:
            # Unread bytes (a capped, cancelled or abandoned body): the connection is not
            # reusable, so it is closed rather than returned to the pool.
            response.close()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An `httpx.AsyncBaseTransport` on aiohttp (install `coupang-async[speed]`).

    `CoupangClient(http_backend="auto")` builds one with the client's limits and the shared
    SSL context. Clients share one with `share_pool_with=`.

    Args:
        limits: connection bounds (`max_connections`; idle connections are kept alive for
            `keepalive_expiry` seconds).
        verify: an `ssl.SSLContext` (shared, ideally), True for the system's CA bundle, or False.
        trust_env: for the default SSL context and the trio fallback (httpx reads proxies).
    """

    def __init__(
        self,
        *,
        limits: httpx.Limits | None = None,
        verify: ssl.SSLContext | bool = True,
        trust_env: bool = True,
    ) -> None:
        self._limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        if verify is True:
            verify = httpx.create_ssl_context(trust_env=trust_env)
        self._verify = verify
        self._trust_env = trust_env
        self._sessions: _Sessions | None = None
        self._connector: aiohttp.TCPConnector | None = None  # kept after closing, for checks
        self._fallback: httpx.AsyncHTTPTransport | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}
        self._closed = False

    def _open_sessions(self) -> _Sessions:
        limit = self._limits.max_connections or 0
        expiry = self._limits.keepalive_expiry
        connector = aiohttp.TCPConnector(
            limit=limit,
            limit_per_host=0,
            ssl=self._verify,
            keepalive_timeout=15.0 if expiry is None else expiry,
            enable_cleanup_closed=False,
        )
        self._connector = connector
        return _Sessions(
            connector,
            plain=_session(connector, traced=False),
            traced=_session(connector, traced=True),
        )

    def _timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        given = request.extensions.get("timeout", {})
        key = (given.get("connect"), given.get("read"), given.get("pool"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            connect, read, pool = key
            waiting = None if connect is None or pool is None else connect + pool
            timeout = aiohttp.ClientTimeout(
                total=None, connect=waiting, sock_connect=connect, sock_read=read
            )
            if len(self._timeouts) < 64:
                self._timeouts[key] = timeout
        return timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the transport is closed")
        if sniffio.current_async_library() != "asyncio":
            return await self._on_other_loop(request)
        sessions = self._sessions
        if sessions is None:
            sessions = self._sessions = self._open_sessions()
        target = yarl.URL(_target_text(request.url), encoded=True)
        body = await request.aread()
        trace: Trace | None = request.extensions.get("trace")
        progress = _Progress(trace, len(body))
        if trace is not None:
            await trace(_CONNECT, {})
        headers = [
            (key.decode("latin-1"), value.decode("latin-1")) for key, value in request.headers.raw
        ]
        # Traced only when a caller watches the exchange: aiohttp's tracing costs about a tenth
        # of a request's CPU. Either way `_MarkingRequest` records when it starts going out.
        session = sessions.plain if trace is None else sessions.traced
        exchange = _EXCHANGE.set(progress)
        try:
            response = await session.request(
                request.method,
                target,
                headers=headers,
                data=body or None,
                allow_redirects=False,
                timeout=self._timeout(request),
                trace_request_ctx=progress,
            )
        except _ERRORS as exc:
            raise _map_error(exc, progress.headers_sent, request) from exc
        finally:
            _EXCHANGE.reset(exchange)
        version = response.version
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=_ResponseStream(response, request),
            extensions={
                "http_version": b"HTTP/1.1"
                if version is None
                else b"HTTP/%d.%d" % (version.major, version.minor),
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
            },
        )

    async def _on_other_loop(self, request: httpx.Request) -> httpx.Response:
        # aiohttp runs on asyncio only; on trio the request takes httpx's own transport.
        if self._fallback is None:
            self._fallback = httpx.AsyncHTTPTransport(
                verify=self._verify, limits=self._limits, trust_env=self._trust_env
            )
        return await self._fallback.handle_async_request(request)

    async def aclose(self) -> None:
        self._closed = True
        sessions, self._sessions = self._sessions, None
        fallback, self._fallback = self._fallback, None
        try:
            if sessions is not None:
                await sessions.close()
        finally:
            if fallback is not None:
                await fallback.aclose()
