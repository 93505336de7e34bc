"""Which failures are retried, and how long to wait.

Retries run above `httpx.AsyncClient.send()` (in `CoupangClient.send`), never in the transport,
so each attempt is paced and signed again with a fresh `signed-date`. The loop itself is
stamina's (capped exponential backoff with jitter, a total time cap, asyncio and trio aware);
this module only decides.

- Connection failures where the request never left (connect errors, pool timeouts): any method.
- Failures after the request may have reached Coupang (reset, dropped, read/write timeouts) and
  5xx answers: idempotent methods only (GET, HEAD, OPTIONS, PUT, DELETE). A POST is never sent
  twice: a product create that timed out must be looked up by external SKU, not re-sent.
- 429: never. The client starts a cool-down and raises `RateLimitError`.
- 4xx (400, 401, 403, 404, ...), business errors, bad bodies: never.

Each scheduled retry is logged once, at INFO, on the `coupang_async.retry` logger (stamina's own
`stamina.retry_scheduled` WARNING lines are not emitted for this library's retries, so a program
that configured no logging prints nothing to stderr).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from contextlib import AbstractContextManager

import attrs
import stamina.instrumentation
from stamina.instrumentation import RetryDetails, RetryHook

from coupang_async._envelope import parse_retry_after
from coupang_async._errors import APIConnectionError, ConfigError, CoupangError, ServerError

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy", "install_retry_logging"]

retry_logger = logging.getLogger("coupang_async.retry")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def _positive_or_zero(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(name, f"must be a finite number, not {value!r}")
    if value < 0:
        raise ConfigError(name, f"must not be negative, got {value!r}")
    return float(value)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how patiently failed requests are re-sent.

    Attributes:
        attempts: total attempts per request, the first included (1 = no retries).
        wait_initial: backoff before the first retry, in seconds; it doubles each retry...
        wait_max: ...up to this many seconds.
        wait_jitter: a random 0..wait_jitter seconds added to each backoff, so many clients
            failing together do not retry in lockstep.
        timeout: cap on the total time spent retrying one request, in seconds (None = no cap).
        retry_after_max: a `Retry-After` on a 5xx answer is honoured up to this many seconds.
    """

    attempts: int = 3
    wait_initial: float = 0.5
    wait_max: float = 8.0
    wait_jitter: float = 0.5
    timeout: float | None = 30.0
    retry_after_max: float = 60.0

    def __attrs_post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int):
            raise ConfigError("retry.attempts", f"must be an int, not {self.attempts!r}")
        if self.attempts < 1:
            raise ConfigError("retry.attempts", f"must be at least 1, got {self.attempts}")
        for name in ("wait_initial", "wait_max", "wait_jitter", "retry_after_max"):
            _positive_or_zero(f"retry.{name}", getattr(self, name))
        if self.timeout is not None and _positive_or_zero("retry.timeout", self.timeout) == 0:
            raise ConfigError("retry.timeout", "must be positive, or None for no cap")

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(attempts=1)

    def decide(self, method: str, exc: Exception) -> bool | float:
        """Whether to retry `exc` raised by one attempt of a `method` request.

        Returns False (raise it), True (retry after the usual backoff), or a number of seconds
        to wait instead of the backoff (a `Retry-After` from the server).
        """
        if isinstance(exc, APIConnectionError):
            return not exc.request_sent or method in IDEMPOTENT_METHODS
        if isinstance(exc, ServerError):
            if method not in IDEMPOTENT_METHODS:
                return False
            retry_after = _retry_after(exc)
            if retry_after is not None and retry_after <= self.retry_after_max:
                return retry_after
            return True
        return False


def _retry_after(exc: ServerError) -> float | None:
    return parse_retry_after(exc.response) if exc.response is not None else None


# stamina's own logging hooks: they log every scheduled retry at WARNING to the "stamina" logger
# (or through structlog), which lands on stderr in a program that configured no logging.
_STAMINA_LOGGING_MODULES = frozenset(
    {"stamina.instrumentation._logging", "stamina.instrumentation._structlog"}
)


class _RetryLogHook:
    """stamina hook: this library's retries log through `coupang_async.retry`; everything
    else (other libraries' retries, and non-logging hooks such as Prometheus) is unchanged."""

    def __init__(self, wrapped: Sequence[RetryHook]) -> None:
        self.wrapped = tuple(wrapped)
        self.quiet = tuple(
            hook
            for hook in self.wrapped
            if getattr(hook, "__module__", None) not in _STAMINA_LOGGING_MODULES
        )

    def __call__(self, details: RetryDetails) -> AbstractContextManager[None] | None:
        ours = isinstance(details.caused_by, CoupangError)
        if ours:
            retry_logger.info(
                "retry %d in %.2f s after %s: %s",
                details.retry_num,
                details.wait_for,
                type(details.caused_by).__name__,
                details.caused_by,
            )
        for hook in self.quiet if ours else self.wrapped:
            # stamina enters context managers returned by hooks; one hook here may return one.
            result = hook(details)
            if result is not None:
                return result
        return None


def install_retry_logging() -> None:
    """Route this library's retry notices to `coupang_async.retry` (idempotent, cheap).

    stamina keeps its hooks process-wide; ours wraps whatever is configured, so other code's
    retries keep their hooks, and a program that sets its own hooks later keeps them too (the
    next retry of this library wraps them again).
    """
    hooks = stamina.instrumentation.get_on_retry_hooks()
    if len(hooks) == 1 and isinstance(hooks[0], _RetryLogHook):
        return
    stamina.instrumentation.set_on_retry_hooks([_RetryLogHook(hooks)])
