"""Loopback server mode: ``FakeCoupang`` behind a real uvicorn server on the running event loop.

uvicorn is imported here only (it is the optional ``fake-server`` extra), so
``import coupang_async.testing`` works without it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Final

import anyio
import sniffio

if TYPE_CHECKING:
    from coupang_async.testing._app import FakeCoupang

STARTUP_TIMEOUT: Final = 10.0
# The server's own wait for in-flight requests on exit (a slow or timeout fault may be sleeping).
GRACEFUL_SHUTDOWN_SECONDS: Final = 1


class _QuietAborts(logging.Filter):
    """Hide uvicorn's error line for the connections a drop fault closes on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "ASGI callable returned without completing response."


@contextlib.contextmanager
def _quiet_aborts() -> Iterator[None]:
    logger = logging.getLogger("uvicorn.error")
    quiet = _QuietAborts()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


@contextlib.asynccontextmanager
async def serve(
    fake: FakeCoupang,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    max_seconds: float | None = None,
) -> AsyncIterator[str]:
    """Serve ``fake`` on ``host:port`` (0 = a free port) and yield its base URL.

    The server stops when the block exits, or after ``max_seconds`` (whichever comes first); it
    never outlives the block. Signals are left alone (no handlers are installed).
    """
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "FakeCoupang.serve() needs uvicorn: pip install 'coupang-async[fake-server]'"
        raise RuntimeError(msg) from exc
    if sniffio.current_async_library() != "asyncio":
        msg = "FakeCoupang.serve() runs uvicorn, which needs asyncio (not trio)"
        raise RuntimeError(msg)

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # A test's Ctrl-C must stay the test runner's, not the fake server's.
            yield

    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{shown_host}:{bound_port}"
    config = uvicorn.Config(
        fake.server_app,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        ws="none",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = Server(config)
    with _quiet_aborts(), sock:
        async with anyio.create_task_group() as group:
            group.start_soon(server.serve, [sock])
            with anyio.fail_after(STARTUP_TIMEOUT):
                while not server.started:  # noqa: ASYNC110 - uvicorn only exposes a flag
                    await anyio.sleep(0.005)
            watchdog = anyio.CancelScope()
            if max_seconds is not None:

                async def stop_later() -> None:
                    with watchdog:
                        await anyio.sleep(max_seconds)
                        server.should_exit = True

                group.start_soon(stop_later)
            try:
                yield base_url
            finally:
                watchdog.cancel()
                server.should_exit = True
