"""One vendor's rate budget shared by many processes and machines, kept in Redis.

Coupang counts its limit per vendor id, not per process, and blocks the whole vendor for minutes
once it is exceeded. Every `CoupangClient` that uses the same Redis, key prefix and vendor id
with a `RedisRateLimitStore` shares one budget: the pace, the cap per window, and the cool-down
after a 429 (one worker's 429 pauses every worker of that vendor).

```python
from coupang_async import CoupangClient
from coupang_async.redis import RedisRateLimitStore

async with CoupangClient(
    ...,
    requests_per_second=10,
    rate_limit_store=RedisRateLimitStore("redis://localhost:6379/0"),
) as client:
    ...
```

Each operation is one Lua script run atomically on the server and timed by the server's clock
(`TIME`, key expiry), so machines whose clocks disagree still share one budget and no worker
ever reads, decides and writes back from Python. A vendor's keys share one hash slot (the vendor
id is a hash tag), so the store works on Redis Cluster; it needs nothing beyond `EVALSHA`, so it
works on Valkey too. Needs the `redis` extra: `pip install 'coupang-async[redis]'`.
"""

from __future__ import annotations

import logging
import math
import time
import urllib.parse
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any, Self

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from coupang_async._errors import APIConnectionError, ConfigError
from coupang_async._ratelimit import InMemoryRateLimitStore

try:
    import coredis
    import coredis.exceptions
    from coredis.commands.script import Script
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "coupang_async.redis needs the redis extra: pip install 'coupang-async[redis]'"
    ) from exc

__all__ = ["RateLimitStoreError", "RedisRateLimitStore"]

logger = logging.getLogger("coupang_async.redis")

#: How long the cool-down read by an admission stands in for asking Redis again (seconds).
_FRESH = 0.05
#: Extra lifetime of the pace keys beyond what admission needs to see (milliseconds).
_KEY_SLACK_MS = 1000

# Times in the scripts are whole microseconds of the server's clock (exact in Lua's doubles
# for the next few centuries). Written with %.0f: Lua's tostring would round them to 14 digits.
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
"""

#: try_start: KEYS = next slot, recent starts (newest first), cool-down; ARGV = interval us,
#: limit, window us, key lifetime ms. Returns {0 (started, recorded) or the microseconds to
#: wait, the cool-down's milliseconds left}: the client checks the cool-down again right after
#: its turn, and that answer then needs no second round trip.
_TRY_START = (
    "if redis.replicate_commands then redis.replicate_commands() end\n"
    + _NOW
    + """
local interval = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local slot = redis.call('GET', KEYS[1])
slot = slot and tonumber(slot)
local newest = redis.call('LINDEX', KEYS[2], 0)
newest = newest and tonumber(newest)
-- The server's clock went back (times recorded in a future that cannot be): start afresh
-- rather than stall until the clock catches up.
if (slot and slot - now > interval) or (newest and newest > now) then
  redis.call('DEL', KEYS[1], KEYS[2])
  slot = nil
end
local cooldown = math.max(redis.call('PTTL', KEYS[3]), 0)
if slot and now < slot then
  return {slot - now, cooldown}
end
local oldest = redis.call('LINDEX', KEYS[2], limit - 1)
if oldest then
  oldest = tonumber(oldest)
  if now - oldest < window then
    return {oldest + window - now, cooldown}
  end
end
redis.call('LPUSH', KEYS[2], string.format('%.0f', now))
redis.call('LTRIM', KEYS[2], 0, limit - 1)
redis.call('PEXPIRE', KEYS[2], ttl)
-- Late by less than an interval: keep to the schedule. Later than that: idle, restart from now.
local start = now
if slot and now - slot < interval then
  start = slot
end
redis.call('SET', KEYS[1], string.format('%.0f', start + interval), 'PX', ttl)
return {0, cooldown}
"""
)

#: block: KEYS = cool-down; ARGV = milliseconds. The key's expiry (the server's clock) is the
#: end of the cool-down; a shorter one never replaces a longer one.
_BLOCK = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 0
"""

#: blocked_for: KEYS = cool-down. Milliseconds left, 0 when none.
_BLOCKED_FOR = """
local left = redis.call('PTTL', KEYS[1])
if left > 0 then
  return left
end
return 0
"""

#: What a store operation may raise when Redis is unreachable, slow, restarting or refusing.
_FAILURES: tuple[type[BaseException], ...] = (
    coredis.exceptions.RedisError,
    OSError,
    TimeoutError,
    anyio.BrokenResourceError,
    anyio.ClosedResourceError,
    anyio.EndOfStream,
)


def _close_streams(connection: object) -> None:
    """Close the in-memory streams a connection made up front (see `_closing_on_failure`)."""
    for value in vars(connection).values():
        if isinstance(value, MemoryObjectSendStream | MemoryObjectReceiveStream):
            value.close()


def _closing_on_failure(base: type[Any]) -> type[Any]:
    """A coredis connection class that releases its buffers when it cannot connect.

    coredis (6.x) makes a connection's in-memory streams when it builds the connection and
    closes them only once connected, so every refused connection attempt (Redis down) leaves
    them to the garbage collector with a ResourceWarning. While Redis is down that is one per
    request: this subclass closes them when connecting fails.
    """

    class Connection(base):  # type: ignore[misc]
        async def _connect(self) -> Any:
            try:
                return await super()._connect()
            except BaseException:
                _close_streams(self)
                raise

    Connection.__name__ = Connection.__qualname__ = base.__name__
    return Connection


class RateLimitStoreError(APIConnectionError):
    """The shared rate-limit store (Redis) could not be reached, timed out, or refused.

    Nothing was sent to Coupang (`request_sent` is False), so the client's retry policy may try
    the request again; when the retries run out this error reaches the caller.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, request_sent=False)


def _redact(url: str) -> str:
    """The URL without its password (or a username that may be a token)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port is not None else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _describe(client: Any) -> str:
    location = getattr(getattr(client, "connection_pool", None), "location", None)
    if location is None:
        return type(client).__name__
    return str(location)


class RedisRateLimitStore:
    """A `RateLimitStore` in Redis (or Valkey, or a Redis Cluster), shared by every process.

    Args:
        redis: a URL (`redis://[:password@]host:port/db`, `rediss://...`, `unix:///path.sock`)
            or an existing `coredis.Redis` / `coredis.RedisCluster` client. A client you pass
            is yours to open and close; the store opens and closes one it made from a URL.
        key_prefix: put before every key; workers share a budget when they share Redis, the
            prefix and the vendor id. The keys are `<prefix>{<vendor id>}:next`, `:starts`
            and `:cooldown` (the braces make the vendor id the hash tag: one cluster slot).
        timeout: seconds allowed for one store operation (connecting included) before it
            counts as a failure.
        fallback_share: None (default) raises `RateLimitStoreError` whenever Redis fails. A
            fraction in (0, 1] paces locally at that fraction of the rate while Redis is
            unreachable instead (logged as a warning). Set it to at most 1 / the number of
            workers: if they all lose Redis at once they stay within the budget together.
        probe_interval: while falling back, seconds between attempts to reach Redis again.

    Open the store once around everything that uses it (`async with store:`), or let a
    client open it: `async with CoupangClient(..., rate_limit_store=store)` does.
    """

    def __init__(
        self,
        redis: str | coredis.Redis[Any] | coredis.RedisCluster[Any],
        *,
        key_prefix: str = "coupang-async:",
        timeout: float = 1.0,
        fallback_share: float | None = None,
        probe_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not isinstance(key_prefix, str):
            raise ConfigError("key_prefix", f"must be a string, not {type(key_prefix).__name__}")
        if "{" in key_prefix or "}" in key_prefix:
            # A brace in the prefix would change the hash tag and split a vendor's keys
            # across cluster slots.
            raise ConfigError("key_prefix", f"must not contain braces, got {key_prefix!r}")
        self.key_prefix = key_prefix
        self._timeout = _positive("timeout", timeout)
        self._probe_interval = _positive("probe_interval", probe_interval)
        if fallback_share is not None:
            share = _positive("fallback_share", fallback_share)
            if share > 1:
                raise ConfigError("fallback_share", f"must be at most 1, got {fallback_share}")
            fallback_share = share
        self.fallback_share = fallback_share
        if isinstance(redis, str):
            scheme = urllib.parse.urlsplit(redis).scheme
            if scheme not in {"redis", "rediss", "unix"}:
                raise ConfigError(
                    "redis", f"must be a redis://, rediss:// or unix:// URL, got {_redact(redis)!r}"
                )
            self._client: coredis.Redis[Any] | coredis.RedisCluster[Any] = coredis.Redis.from_url(
                redis,
                connect_timeout=self._timeout,
                stream_timeout=self._timeout,
            )
            pool = self._client.connection_pool
            pool.connection_class = _closing_on_failure(pool.connection_class)
            self._owned = True
            self._where = _redact(redis)
        elif isinstance(redis, coredis.Redis | coredis.RedisCluster):
            self._client = redis
            self._owned = False
            self._where = _describe(redis)
        else:
            raise ConfigError(
                "redis",
                "must be a URL or a coredis.Redis / coredis.RedisCluster client,"
                f" not {type(redis).__name__}",
            )
        self._try_start: Script[Any] = self._client.register_script(_TRY_START)
        self._block: Script[Any] = self._client.register_script(_BLOCK)
        self._blocked_for: Script[Any] = self._client.register_script(_BLOCKED_FOR)
        self._clock = clock
        self._depth = 0
        self._context: AbstractAsyncContextManager[Any] | None = None
        # Local state: cool-downs seen by this process (kept even when Redis forgets them),
        # and the pace while falling back.
        self._local = InMemoryRateLimitStore(clock=clock)
        self._down_until: float | None = None  # falling back; no Redis call before this time
        self._last_local_start: dict[str, float] = {}
        # Per key: when this process was last admitted, and the cool-down Redis had then.
        self._started: dict[str, tuple[float, float]] = {}

    def __repr__(self) -> str:
        return (
            f"RedisRateLimitStore({self._where!r}, key_prefix={self.key_prefix!r},"
            f" fallback_share={self.fallback_share!r})"
        )

    @property
    def client(self) -> coredis.Redis[Any] | coredis.RedisCluster[Any]:
        """The coredis client the store talks through."""
        return self._client

    @property
    def falling_back(self) -> bool:
        """True while Redis is unreachable and the store paces locally (`fallback_share`)."""
        return self._down_until is not None

    # --- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        if self._depth == 0 and self._owned:
            context: AbstractAsyncContextManager[Any] = self._client
            await context.__aenter__()
            self._context = context
        self._depth += 1
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._context is not None:
            context, self._context = self._context, None
            await context.__aexit__(exc_type, exc, traceback)

    # --- the store interface ---------------------------------------------------------------

    def _keys(self, key: str, *names: str) -> list[str]:
        base = f"{self.key_prefix}{{{key}}}:"
        return [base + name for name in names]

    async def try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        """Claim a start for `key`: 0.0 = start now (recorded), else seconds to wait first.

        At most `limit` starts in any `window` seconds across every process sharing the key,
        on a schedule `interval` apart that catches up after late timers and earns no burst
        after idle time.
        """
        if self._use_local():
            return await self._local_try_start(key, interval, limit, window)
        held = self._hold_after_fallback(key, window)
        if held > 0:
            return held
        interval_us = max(1, math.ceil(interval * 1e6))
        window_us = max(1, math.ceil(window * 1e6))
        ttl_ms = math.ceil((window + 2 * interval) * 1000) + _KEY_SLACK_MS
        try:
            waited, cooldown_ms = await self._run(
                self._try_start,
                self._keys(key, "next", "starts", "cooldown"),
                [interval_us, max(1, limit), window_us, ttl_ms],
            )
        except RateLimitStoreError:
            if self.fallback_share is None:
                raise
            return await self._local_try_start(key, interval, limit, window)
        if int(waited) == 0:
            self._started[key] = (self._clock(), int(cooldown_ms) / 1000)
            return 0.0
        return int(waited) / 1e6

    async def block(self, key: str, seconds: float) -> None:
        """Start (or extend) a cool-down of `seconds` for every worker of `key`.

        Never shortens one. The cool-down is kept in this process too, so it holds here even
        if Redis loses it (a restart without persistence).
        """
        if not seconds > 0:
            return
        await self._local.block(key, seconds)
        if self._use_local():
            return
        try:
            await self._run(self._block, self._keys(key, "cooldown"), [math.ceil(seconds * 1000)])
        except RateLimitStoreError as exc:
            # The 429 being handled matters more to the caller than this error: the cool-down
            # holds locally, the next operation reports Redis (or falls back).
            logger.error("the 429 cool-down for %s could not be shared: %s", key, exc)

    async def blocked_for(self, key: str) -> float:
        """Seconds left in `key`'s cool-down (the longest of Redis's and this process's)."""
        local = await self._local.blocked_for(key)
        if self._use_local():
            return local
        started = self._started.pop(key, None)
        if started is not None:
            # Asked right after a start: the admission script read the cool-down too. Sending
            # at once after admission keeps the time from admission to arrival short.
            age = self._clock() - started[0]
            if age < _FRESH:
                return max(local, started[1] - age)
        try:
            left_ms = await self._run(self._blocked_for, self._keys(key, "cooldown"), [])
        except RateLimitStoreError:
            if self.fallback_share is None:
                raise
            return local
        return max(local, int(left_ms) / 1000)

    # --- Redis calls and the fallback -------------------------------------------------------

    async def _run(self, script: Script[Any], keys: list[str], args: list[int]) -> Any:
        if self._owned and self._depth == 0:
            raise ConfigError(
                "rate_limit_store",
                "the RedisRateLimitStore is not open: use `async with store:` around its use,"
                " or `async with CoupangClient(..., rate_limit_store=store)`",
            )
        try:
            with anyio.fail_after(self._timeout):
                result: Any = await script(keys=keys, args=args)
        except _FAILURES as exc:
            self._went_down(exc)
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise RateLimitStoreError(
                f"Redis rate-limit store at {self._where} failed ({detail})"
            ) from exc
        self._came_back()
        return result

    def _went_down(self, exc: BaseException) -> None:
        if self.fallback_share is None:
            return
        if self._down_until is None:
            logger.warning(
                "Redis rate-limit store at %s is unreachable (%s: %s); pacing locally at %g of"
                " the rate until it is back",
                self._where,
                type(exc).__name__,
                exc,
                self.fallback_share,
            )
        self._down_until = self._clock() + self._probe_interval

    def _came_back(self) -> None:
        if self._down_until is not None:
            self._down_until = None
            logger.warning("Redis rate-limit store at %s is reachable again", self._where)

    def _use_local(self) -> bool:
        """Falling back, and not yet time to try Redis again."""
        return self._down_until is not None and self._clock() < self._down_until

    async def _local_try_start(self, key: str, interval: float, limit: int, window: float) -> float:
        share = self.fallback_share or 1.0  # only called with a fallback share set
        rate = window / interval * share  # starts per window at the reduced pace
        # Rounded down: n workers at 1/n each then never add up to more than the limit.
        local_limit = max(1, min(limit, math.floor(limit * share + 1e-9), math.floor(rate + 1e-9)))
        waited = await self._local.try_start(key, interval / share, local_limit, window)
        if waited == 0:
            self._last_local_start[key] = self._clock()
        return waited

    def _hold_after_fallback(self, key: str, window: float) -> float:
        """Back on Redis: wait until this process's local starts are a window old.

        Redis never saw them, so starting at once could put them and Redis's starts into one
        window together.
        """
        last = self._last_local_start.get(key)
        if last is None:
            return 0.0
        held = last + window - self._clock()
        if held <= 0:
            del self._last_local_start[key]
            return 0.0
        return held


def _positive(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(field, f"must be a number, not {type(value).__name__}")
    number = float(value)
    if not (number > 0 and math.isfinite(number)):
        raise ConfigError(field, f"must be a positive finite number, got {value!r}")
    return number
