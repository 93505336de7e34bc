"""Which failures are retried, and how long to wait (DESIGN.md §9).

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
"""

from __future__ import annotations

import math

import attrs

from coupang_async._envelope import parse_retry_after
from coupang_async._errors import APIConnectionError, ConfigError, ServerError

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy"]

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
