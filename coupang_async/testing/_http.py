"""Small HTTP plumbing shared by the fake's route handlers: responses, errors, query, body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl

import orjson

if TYPE_CHECKING:
    from coupang_async.testing._routing import Gateway
    from coupang_async.testing._store import S, StateKey, VendorState

JSON_CONTENT_TYPE: Final = b"application/json;charset=UTF-8"
KST: Final = dt.timezone(dt.timedelta(hours=9), "KST")

Headers = list[tuple[bytes, bytes]]


class Response:
    """A complete reply: status, body bytes, content type and extra headers."""

    __slots__ = ("body", "content_type", "headers", "status")

    def __init__(
        self,
        status: int,
        body: bytes,
        content_type: bytes = JSON_CONTENT_TYPE,
        headers: Headers | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers: Headers = headers if headers is not None else []


def json_response(status: int, payload: Any) -> Response:
    """Serialise ``payload`` with orjson (UTF-8, no escaping of Korean text)."""
    return Response(status, orjson.dumps(payload))


def ok(payload: Any) -> Response:
    """HTTP 200 with a JSON body."""
    return Response(200, orjson.dumps(payload))


class ApiError(Exception):
    """Raised by handlers to answer with an error body instead of the normal reply."""

    def __init__(self, status: int, payload: Any) -> None:
        super().__init__(status, payload)
        self.status = status
        self.payload = payload


def seller_error(message: str, status: int = 400) -> ApiError:
    """``seller_api`` business error: ``{"code":"ERROR","message":…,"data":null}`` (§4.4)."""
    return ApiError(status, {"code": "ERROR", "message": message, "data": None})


def openapi_error(message: str, status: int = 400) -> ApiError:
    """``openapi`` ResponseDto error: numeric ``code`` equal to the HTTP status (§4.3)."""
    return ApiError(status, {"code": status, "message": message, "data": None})


class Query:
    """The decoded query string (``+`` is a space, ``%2B`` a plus, as on the real gateway)."""

    __slots__ = ("_pairs",)

    def __init__(self, raw: bytes) -> None:
        self._pairs = (
            parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
            if raw
            else []
        )

    def get(self, name: str) -> str | None:
        """The first value of ``name`` or ``None``."""
        for key, value in self._pairs:
            if key == name:
                return value
        return None

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name`` in order (repeated keys, e.g. ``violationTypes``)."""
        return [value for key, value in self._pairs if key == name]

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self._pairs)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._pairs)


class Call:
    """One authenticated request as a route handler sees it.

    ``gateway`` is what the handler may use of the fake (ids, clock, today, write counters),
    ``vendor`` the caller's account state, ``params`` the route's named groups, ``now`` the fake's
    clock when the request arrived.
    """

    __slots__ = ("_query", "body", "gateway", "method", "now", "params", "query_bytes", "vendor")

    def __init__(
        self,
        gateway: Gateway,
        vendor: VendorState,
        method: str,
        params: dict[str, str],
        query_bytes: bytes,
        body: bytes,
        now: float,
    ) -> None:
        self.gateway = gateway
        self.vendor = vendor
        self.method = method
        self.params = params
        self.query_bytes = query_bytes
        self.body = body
        self.now = now
        self._query: Query | None = None

    @property
    def query(self) -> Query:
        """The parsed query string (parsed on first use)."""
        if self._query is None:
            self._query = Query(self.query_bytes)
        return self._query

    def int_param(self, name: str) -> int:
        """A numeric path parameter (the route regex guarantees digits)."""
        return int(self.params[name])

    def json(self) -> Any:
        """The request body as JSON; a Coupang-style 400 when it does not parse."""
        try:
            return orjson.loads(self.body) if self.body else _missing_body()
        except orjson.JSONDecodeError as exc:
            raise seller_error(f"입력값에 오류가 있습니다. line: {exc.lineno}") from None

    def state(self, key: StateKey[S]) -> S:
        """The caller's per-vendor state of one family (created on first use; see ``StateKey``)."""
        return self.vendor.state(key)

    def kst_now(self) -> dt.datetime:
        """The fake's clock as naive KST wall time (Coupang's product timestamps have no zone)."""
        return dt.datetime.fromtimestamp(self.now, KST).replace(tzinfo=None, microsecond=0)


def _missing_body() -> Any:
    raise seller_error("입력값에 오류가 있습니다. line: 1")


Handler = Callable[[Call], Response]


def format_dt(value: dt.datetime) -> str:
    """``yyyy-MM-dd'T'HH:mm:ss`` (Coupang product timestamps)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def parse_int(value: str | None, *, default: int) -> int | None:
    """An integer query value, the default when absent, ``None`` when it is not a number."""
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        return None
