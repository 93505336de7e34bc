"""CEA HMAC signing of every request, as Coupang's official examples compute it.

message   = signed-date + METHOD + path + query      (no separators; query without "?")
signature = lowercase hex HMAC-SHA256(secret, message)
header    = "CEA algorithm=HmacSHA256, access-key=<ak>, signed-date=<date>, signature=<hex>"
            with <date> = UTC now as yyMMdd'T'HHmmss'Z'.

Path and query are taken from `request.url.raw_path`, the exact percent-encoded bytes httpx puts
on the wire, so whatever encoding produced them (Korean text, spaces as "+", "%2B", "~", repeated
keys, empty values) the gateway recomputes the same message. Signing runs in `auth_flow`, which
httpx calls on every `send()`: a retried request is signed again with a fresh `signed-date`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import cast

import httpx

from coupang_async._errors import ConfigError

__all__ = ["CoupangAuth", "mask_key"]

_DATE_FORMAT = "%y%m%dT%H%M%SZ"


def mask_key(key: str) -> str:
    """Show enough of an access key to tell keys apart in logs, and no more."""
    if len(key) <= 8:
        return "****"
    return f"{key[:4]}…{key[-4:]}"


def _key_problem(value: object) -> str | None:
    """What is wrong with a key, or None (never raises, so its frame is gone before the raise)."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    if not value.strip():
        return "must not be empty"
    if value != value.strip():
        return "has leading or trailing whitespace (copy-paste error?)"
    return None


def _check_key(name: str, value: object) -> str:
    problem = _key_problem(value)
    if problem is not None:
        raise ConfigError(name, problem)
    return cast(str, value)


class CoupangAuth(httpx.Auth):
    """Signs each request with Coupang's CEA HMAC-SHA256 scheme.

    Args:
        access_key: the Open API access key (appears in the header; masked in reprs and logs).
        secret_key: the secret key. It is only ever held inside an HMAC object: no attribute,
            repr, log line or exception contains it.
        clock: returns the current time as an aware `datetime` (UTC or any zone; it is
            converted). Defaults to the system clock. Tests pass a fixed clock.
    """

    requires_request_body = False
    requires_response_body = False

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        # The secret first, and from here on only inside the HMAC (whose key schedule is
        # computed once; each request signs with a cheap copy). No frame of any later error
        # holds it, so a traceback that shows locals (Sentry, rich, pytest -l) cannot show it.
        problem = _key_problem(secret_key)
        mac = None if problem else hmac.new(secret_key.encode("utf-8"), digestmod=hashlib.sha256)
        del secret_key
        if mac is None:
            raise ConfigError("secret_key", problem or "is invalid")
        access_key = _check_key("access_key", access_key)
        if any(c in access_key for c in ", \t\r\n") or not access_key.isascii():
            # The key is spliced into the header verbatim; these would corrupt it.
            raise ConfigError("access_key", "must be ASCII without spaces or commas")
        if clock is not None and not callable(clock):
            raise ConfigError("clock", "must be a callable returning an aware datetime")
        self._access_key = access_key
        self._mac = mac
        self._clock = clock
        self._prefix = f"CEA algorithm=HmacSHA256, access-key={access_key}, signed-date="
        self._stamp_cache: tuple[int, str] = (-1, "")

    @property
    def access_key(self) -> str:
        """The access key (not secret, but prefer `mask_key` when logging it)."""
        return self._access_key

    def __repr__(self) -> str:
        try:
            return f"CoupangAuth(access_key={mask_key(self._access_key)!r})"
        except AttributeError:  # __init__ failed part-way (a traceback's locals show `self`)
            return "CoupangAuth(not initialised)"

    def signing_time(self) -> float:
        """The signing clock now, as POSIX seconds (the system clock unless one was given)."""
        if self._clock is None:
            return time.time()
        return self._clock().timestamp()

    def signed_date(self) -> str:
        """The current time in the gateway's `yyMMdd'T'HHmmss'Z'` (UTC) format."""
        if self._clock is not None:
            now = self._clock()
            if now.tzinfo is None or now.utcoffset() is None:
                raise ConfigError("clock", "must return an aware datetime (e.g. in UTC)")
            return now.astimezone(UTC).strftime(_DATE_FORMAT)
        second = int(time.time())
        cached_second, stamp = self._stamp_cache
        if second != cached_second:
            stamp = time.strftime(_DATE_FORMAT, time.gmtime(second))
            self._stamp_cache = (second, stamp)
        return stamp

    def signature(self, signed_date: str, method: str, raw_path: bytes) -> str:
        """The hex signature of one request.

        Args:
            signed_date: as produced by `signed_date()`.
            method: the HTTP method, upper case.
            raw_path: percent-encoded path, optionally followed by "?" and the query, exactly
                as sent (`httpx.URL.raw_path`).
        """
        path, _, query = raw_path.partition(b"?")
        mac = self._mac.copy()
        mac.update(signed_date.encode("ascii"))
        mac.update(method.encode("ascii"))
        mac.update(path)
        mac.update(query)
        return mac.hexdigest()

    def authorization(self, method: str, raw_path: bytes) -> str:
        """The complete `Authorization` header value for one request, signed now."""
        stamp = self.signed_date()
        return f"{self._prefix}{stamp}, signature={self.signature(stamp, method, raw_path)}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self.authorization(request.method, request.url.raw_path)
        yield request
