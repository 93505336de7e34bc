"""Which HTTP backend a client runs on, and connection pools shared between clients.

`http_backend="auto"` picks the aiohttp transport when the `speed` extra is installed (and
the client's options are ones it honours), httpx's own transport otherwise. `"httpx"` always
picks httpx's. A caller's own `transport=` wins over both.
"""

from __future__ import annotations

import importlib.util
import ssl
from types import TracebackType
from typing import Any, Final

import httpx

__all__ = ["BACKENDS", "SharedPool", "auto_uses_aiohttp", "fast_transport"]

BACKENDS: Final = ("auto", "httpx")

#: Whether "auto" picks the aiohttp transport when it is installed. It does: the whole
#: socket-level test suite passes on it (see the README's "HTTP backend").
AUTO_PREFERS_AIOHTTP = True

# Options only httpx's own transport honours: with any of them, "auto" keeps httpx's.
_HTTPX_ONLY: Final = frozenset(
    {"cert", "proxy", "proxies", "mounts", "http1", "http2", "app", "uds", "local_address"}
)


def speed_extra_installed() -> bool:
    """aiohttp (the `speed` extra) can be imported."""
    return importlib.util.find_spec("aiohttp") is not None


def auto_uses_aiohttp(httpx_kwargs: dict[str, Any]) -> bool:
    """Whether "auto" runs this client on the aiohttp transport."""
    if not AUTO_PREFERS_AIOHTTP or _HTTPX_ONLY & httpx_kwargs.keys():
        return False
    verify = httpx_kwargs.get("verify", True)
    return isinstance(verify, ssl.SSLContext | bool) and speed_extra_installed()


def fast_transport(
    limits: httpx.Limits, verify: ssl.SSLContext | bool, trust_env: bool
) -> httpx.AsyncBaseTransport:
    from coupang_async._aiohttp_transport import AiohttpTransport

    return AiohttpTransport(limits=limits, verify=verify, trust_env=trust_env)


class SharedPool(httpx.AsyncBaseTransport):
    """A transport used by several clients; the last one to close closes it."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self.transport = transport
        self.users = 1
        # Requests go straight to the shared transport: no extra frame per request.
        self.handle_async_request = transport.handle_async_request  # type: ignore[method-assign]

    def join(self) -> SharedPool:
        if self.users <= 0:
            raise RuntimeError("the shared connection pool is closed")
        self.users += 1
        return self

    async def __aenter__(self) -> SharedPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self.users -= 1
        if self.users == 0:
            await self.transport.aclose()
