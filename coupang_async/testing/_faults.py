"""Fault injection for the fake gateway (``fake.faults``).

A ``Fault`` says what goes wrong; a ``FaultRule`` says which requests it hits::

    fake.faults.add(Fault.server_error(503), method="PUT", path="*/prices/*", times=2)
    fake.faults.add(Fault.drop_after(), path=re.compile(r"/seller-products$"), times=1)
    fake.faults.add(Fault.rate_limited(), probability=0.1, seed=7)

    with fake.faults.add(Fault.slow(0.2)):   # a rule is also a context manager: removed on exit
        ...

Rules are checked in the order they were added; the first rule that matches a request and fires
decides its fault (one fault per request at most). A rule matches when the method (case-insensitive)
and the path match: ``path`` is a glob over the decoded path (``fnmatch``: ``*`` also crosses ``/``)
or a compiled regex (``search``). Of the matching requests, the first ``skip`` pass untouched, then
the rule fires for at most ``times`` of them (``None``: no limit), each with ``probability``
(drawn from the rule's own ``random.Random(seed)``, so runs are reproducible).

``processed`` says whether the request reaches the fake's backend before the fault shows: when False
nothing is authenticated, counted against the rate limit, or changed; when True the request is
handled normally (state changes, counters, rate budget) and only then is the reply replaced or lost.
See ``Fault``'s constructors for what each kind does in-process and in loopback server mode.
"""

from __future__ import annotations

import enum
import fnmatch
import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

import anyio
import anyio.lowlevel

DEFAULT_BUSINESS_ERROR: Final = "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요."


class FaultKind(enum.StrEnum):
    """What an injected fault does."""

    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    ACCESS_DENIED = "access_denied"
    BUSINESS_ERROR = "business_error"
    TRUNCATED_JSON = "truncated_json"
    WRONG_CONTENT_TYPE = "wrong_content_type"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"
    SLOW = "slow"
    TIMEOUT = "timeout"
    TRICKLE = "trickle"
    ENDLESS_BODY = "endless_body"


@dataclass(frozen=True, slots=True)
class Fault:
    """One kind of failure. Build it with the class methods below."""

    kind: FaultKind
    processed: bool = False
    status: int = 500
    message: str | None = None
    delay: float = 0.0
    retry_after: float | None = None
    content_type: str = "text/html;charset=UTF-8"
    body: bytes | None = None
    chunk_size: int = 1
    total_bytes: int | None = None

    @classmethod
    def server_error(
        cls, status: int = 500, *, processed: bool = False, body: bytes | None = None
    ) -> Fault:
        """A 5xx reply (500/502/503/504…) with a gateway-style JSON body, or ``body`` as is.

        ``processed=True`` models a backend that finished the work while the gateway still failed
        (typical of 504): the state changed although the client saw an error.
        """
        if not 500 <= status <= 599:
            msg = f"server_error needs a 5xx status, got {status}"
            raise ValueError(msg)
        return cls(FaultKind.SERVER_ERROR, processed=processed, status=status, body=body)

    @classmethod
    def rate_limited(cls, *, retry_after: float | None = None) -> Fault:
        """HTTP 429 like the rate limiter's (not processed); ``Retry-After`` only if given."""
        return cls(FaultKind.RATE_LIMITED, status=429, retry_after=retry_after)

    @classmethod
    def access_denied(cls) -> Fault:
        """HTTP 403 with the CDN's HTML "Access Denied" page Coupang documents; not processed."""
        return cls(FaultKind.ACCESS_DENIED, status=403)

    @classmethod
    def business_error(
        cls, message: str = DEFAULT_BUSINESS_ERROR, *, processed: bool = False
    ) -> Fault:
        """HTTP 200 whose body says ``{"code": "ERROR", "message": …, "data": null}``."""
        return cls(FaultKind.BUSINESS_ERROR, processed=processed, status=200, message=message)

    @classmethod
    def truncated_json(cls) -> Fault:
        """Processed normally, then only the first half of the JSON body is sent.

        The HTTP message itself is complete (Content-Length matches), the JSON is not.
        """
        return cls(FaultKind.TRUNCATED_JSON, processed=True)

    @classmethod
    def wrong_content_type(cls, content_type: str = "text/html;charset=UTF-8") -> Fault:
        """Processed normally; the body is unchanged but labelled ``content_type``."""
        return cls(FaultKind.WRONG_CONTENT_TYPE, processed=True, content_type=content_type)

    @classmethod
    def drop_before(cls) -> Fault:
        """The connection fails before the request is processed: no state change.

        In-process: raises ``httpx.ConnectError``. Server mode: the connection is closed after the
        status line with no body (the client sees ``httpx.RemoteProtocolError``).
        """
        return cls(FaultKind.DROP_BEFORE)

    @classmethod
    def drop_after(cls) -> Fault:
        """The request is processed (state changes), then the connection drops.

        In-process: raises ``httpx.RemoteProtocolError``. Server mode: the connection is closed
        after the status line with no body.
        """
        return cls(FaultKind.DROP_AFTER, processed=True)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Processed normally, the reply is sent ``seconds`` later (really waits, both modes)."""
        if seconds < 0:
            msg = f"seconds must be >= 0, got {seconds!r}"
            raise ValueError(msg)
        return cls(FaultKind.SLOW, processed=True, delay=seconds)

    @classmethod
    def timeout(cls, *, processed: bool = True, seconds: float = 30.0) -> Fault:
        """The reply takes too long for the client.

        In-process (``httpx.ASGITransport`` enforces no timeouts): raises ``httpx.ReadTimeout`` at
        once, after processing when ``processed`` is True. Server mode: waits ``seconds`` (so the
        client's own read timeout fires first), then answers normally, or with a 504 when the
        request was not processed.
        """
        if seconds < 0:
            msg = f"seconds must be >= 0, got {seconds!r}"
            raise ValueError(msg)
        return cls(FaultKind.TIMEOUT, processed=processed, delay=seconds)

    @classmethod
    def trickle(cls, interval: float = 2.0, *, chunk_size: int = 1) -> Fault:
        """Processed normally; the reply's body then comes ``chunk_size`` bytes at a time, one
        chunk every ``interval`` seconds (a server that never trips a per-read timeout).

        The headers announce the full length. Both modes really wait: in-process the transport
        collects the body, so the client sees nothing until the last byte (or its deadline).
        """
        if interval < 0:
            msg = f"interval must be >= 0, got {interval!r}"
            raise ValueError(msg)
        if chunk_size < 1:
            msg = f"chunk_size must be >= 1, got {chunk_size!r}"
            raise ValueError(msg)
        return cls(FaultKind.TRICKLE, processed=True, delay=interval, chunk_size=chunk_size)

    @classmethod
    def endless_body(
        cls, *, chunk_size: int = 64 * 1024, in_process_bytes: int = 8 * 2**20
    ) -> Fault:
        """Processed normally; the reply is a 200 whose chunked body never ends.

        Server mode: ``chunk_size`` bytes at a time for as long as the client reads (the
        server stops when the client disconnects). In-process the transport collects the whole
        body before the client sees it, so the body ends after ``in_process_bytes``.
        """
        if chunk_size < 1 or in_process_bytes < 1:
            msg = "chunk_size and in_process_bytes must be >= 1"
            raise ValueError(msg)
        return cls(
            FaultKind.ENDLESS_BODY,
            processed=True,
            status=200,
            chunk_size=chunk_size,
            total_bytes=in_process_bytes,
        )


#: Faults whose reply is sent in pieces (``send_streamed``), not as one body.
STREAMED: Final = frozenset({FaultKind.TRICKLE, FaultKind.ENDLESS_BODY})


async def send_streamed(
    send: Callable[[dict[str, Any]], Awaitable[None]],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    fault: Fault,
    status: int,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
    *,
    server: bool,
) -> None:
    """Send the reply of a trickle or endless-body fault; in server mode it stops as soon as the
    client disconnects."""

    async def trickle(scope: anyio.CancelScope) -> None:
        start = [(b"content-length", str(len(body)).encode("ascii")), *headers]
        await send({"type": "http.response.start", "status": status, "headers": start})
        for offset in range(0, len(body), fault.chunk_size):
            await anyio.sleep(fault.delay)
            piece = body[offset : offset + fault.chunk_size]
            more = offset + fault.chunk_size < len(body)
            await send({"type": "http.response.body", "body": piece, "more_body": more})
        if not body:
            await send({"type": "http.response.body", "body": b""})
        scope.cancel()

    async def pour(scope: anyio.CancelScope) -> None:
        # A JSON-looking start, then filler, for as long as anyone reads.
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        filler = b" " * fault.chunk_size
        total = None if server else fault.total_bytes
        sent = 0
        opening = b'{"code":"SUCCESS","data":['
        await send({"type": "http.response.body", "body": opening, "more_body": True})
        while total is None or sent < total:
            await send({"type": "http.response.body", "body": filler, "more_body": True})
            sent += len(filler)
            await anyio.lowlevel.checkpoint()  # let the server notice a disconnect
        await send({"type": "http.response.body", "body": b"]}"})
        scope.cancel()

    async def watch(scope: anyio.CancelScope) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        scope.cancel()

    async with anyio.create_task_group() as group:
        group.start_soon(trickle if fault.kind is FaultKind.TRICKLE else pour, group.cancel_scope)
        if server:
            group.start_soon(watch, group.cancel_scope)


class FaultRule:
    """Where a ``Fault`` applies, and how often it has matched and fired."""

    def __init__(
        self,
        owner: Faults,
        fault: Fault,
        *,
        method: str | None,
        path: str | re.Pattern[str] | None,
        times: int | None,
        skip: int,
        probability: float | None,
        seed: int,
    ) -> None:
        if times is not None and times < 0:
            msg = f"times must be >= 0 or None, got {times!r}"
            raise ValueError(msg)
        if skip < 0:
            msg = f"skip must be >= 0, got {skip!r}"
            raise ValueError(msg)
        if probability is not None and not 0.0 <= probability <= 1.0:
            msg = f"probability must be within 0..1, got {probability!r}"
            raise ValueError(msg)
        self._owner = owner
        self.fault = fault
        self.method = method.upper() if method is not None else None
        self.path = path
        self.times = times
        self.skip = skip
        self.probability = probability
        self.matched = 0  # requests that matched method and path
        self.fired = 0  # requests the fault was applied to
        self._rng = random.Random(seed)
        if path is None:
            self._match_path = None
        elif isinstance(path, str):
            self._match_path = re.compile(fnmatch.translate(path)).match
        else:
            self._match_path = path.search

    @property
    def exhausted(self) -> bool:
        """True once the rule has fired ``times`` times."""
        return self.times is not None and self.fired >= self.times

    def _fires(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self._match_path is not None and self._match_path(path) is None:
            return False
        self.matched += 1
        if self.matched <= self.skip or self.exhausted:
            return False
        if self.probability is not None and self._rng.random() >= self.probability:
            return False
        self.fired += 1
        return True

    def remove(self) -> None:
        """Stop applying this rule (idempotent)."""
        self._owner.remove(self)

    def __enter__(self) -> FaultRule:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    def __repr__(self) -> str:
        return (
            f"FaultRule({self.fault.kind.value}, method={self.method!r}, path={self.path!r}, "
            f"times={self.times}, skip={self.skip}, probability={self.probability}, "
            f"matched={self.matched}, fired={self.fired})"
        )


class Faults:
    """The ordered set of fault rules of one ``FakeCoupang``."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []

    def add(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        times: int | None = None,
        skip: int = 0,
        probability: float | None = None,
        seed: int = 0,
    ) -> FaultRule:
        """Apply ``fault`` to matching requests; returns the rule (also a context manager)."""
        rule = FaultRule(
            self,
            fault,
            method=method,
            path=path,
            times=times,
            skip=skip,
            probability=probability,
            seed=seed,
        )
        self._rules.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        """Remove ``rule`` if present."""
        if rule in self._rules:
            self._rules.remove(rule)

    def clear(self) -> None:
        """Remove every rule."""
        self._rules.clear()

    @property
    def rules(self) -> tuple[FaultRule, ...]:
        """The rules, in matching order."""
        return tuple(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __bool__(self) -> bool:
        return bool(self._rules)

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if a rule fires (advances the rules' counters)."""
        for rule in self._rules:
            if rule._fires(method, path):
                return rule.fault
        return None

    def __repr__(self) -> str:
        return f"Faults({self._rules!r})"


def access_denied_page(path: str) -> bytes:
    """The CDN block page Coupang quotes in its 403 FAQ."""
    return (
        "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
        f'You don\'t have permission to access "http://api-gateway.coupang.com{path}" on this '
        "server.<P>\nReference #18.3c61ca17.1701137054.1f34800d\n</BODY>\n</HTML>\n"
    ).encode()


REASONS: Final[dict[int, str]] = {
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def gateway_body(message: str, transaction_id: str, **extra: Any) -> dict[str, Any]:
    """The gateway's own error body shape (401s and other errors it answers itself)."""
    return {"code": "ERROR", "message": message, "transactionId": transaction_id, **extra}
