"""Pieces shared by the CLI commands: building the client, reporting errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import click

from coupang_async._client import CoupangClient
from coupang_async._errors import ConfigError, CoupangError

__all__ = ["client_from_env", "run_async"]

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
