"""Pieces shared by the CLI commands: building the client, reporting errors."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import anyio
import click

from coupang_async._client import CoupangClient
from coupang_async._errors import ConfigError, CoupangError

__all__ = ["cli_logging", "client_from_env", "run_async"]

T = TypeVar("T")


def client_from_env(**kwargs: Any) -> CoupangClient:
    """The client for a real run, from the environment; a missing variable exits with code 2."""
    try:
        return CoupangClient.from_env(**kwargs)
    except ConfigError as exc:
        raise click.UsageError(
            f"{exc}. Set COUPANG_ACCESS_KEY, COUPANG_SECRET_KEY and COUPANG_VENDOR_ID, "
            "or try --demo."
        ) from exc


def run_async(function: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine function; library errors become a one-line message and exit code 1."""
    try:
        return anyio.run(function)
    except CoupangError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


class _QuietRetries(logging.Filter):
    """Hide other code's stamina retry notices; this library's go to `coupang_async.retry`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith("stamina")


@contextlib.contextmanager
def cli_logging(console: Any, verbose: int) -> Iterator[None]:
    """Log records through rich on stderr, unless the host program configured logging.

    Without -v: warnings (a 429 and its cool-down, a pace change after X-CAG-Warnings). -v
    adds INFO (each retry, the pace recovering); -vv DEBUG (every request).
    """
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    from rich.logging import RichHandler

    handler = RichHandler(console=console, show_path=False)
    handler.setLevel(
        logging.DEBUG if verbose >= 2 else logging.INFO if verbose else logging.WARNING
    )
    if not verbose:
        handler.addFilter(_QuietRetries())
    previous = root.level
    root.addHandler(handler)
    if verbose:
        root.setLevel(handler.level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
