"""Reading Coupang's response bodies: the envelopes, and the errors hidden in them.

There is no single envelope:

- seller_api:            {"code": "SUCCESS" | "ERROR", "message": ..., "data": ..., ["nextToken"]}
- create / update:       {"code": "200", "message": "", "data": {"code": "SUCCESS", "data": 123}}
- openapi (orders, ...): {"code": 200, "message": "OK", "data": [...], "nextToken": "..."}
- marketplace_openapi:   {"content": [...], "pagination": {...}}            (no envelope)
- gateway errors:        {"code": "ERROR", "message": "...", "transactionId": "..."}
- blocks and proxies:    HTML pages, or nothing at all.

Nothing here raises on a body it cannot decode: a non-JSON body is reported as text.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
import time
from typing import Any, Final, TypeVar

import attrs
import httpx
import orjson

from coupang_async._converter import PayloadValidationError, structure_payload
from coupang_async._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BusinessError,
    GatewayTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)

__all__ = [
    "NOT_JSON",
    "Envelope",
    "business_error",
    "decode_body",
    "parse_retry_after",
    "status_error",
    "structure_data",
    "unwrap",
    "unwrap_response",
]


class _NotJSON:
    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON: Final = _NotJSON()
"""Marker returned by `decode_body` for empty or non-JSON bodies."""

T = TypeVar("T")

_CACHE_ATTR = "_coupang_async_json"
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SUCCESS_STRINGS = frozenset({"SUCCESS", "OK"})
_STALE_SIGNATURE = "Specified signature is expired."
_CLOCK_HINT = (
    " The request's signed-date is computed from this machine's clock: check that the system"
    " clock is correct (NTP) and that nothing reuses an old Authorization header."
)
_KEYS = " (WING: 판매자정보 > 추가판매정보 > OPEN API 키 발급)"
# The gateway's 401 messages and what each one means for the user (its Partners guide pairs them
# with causes: a bad signature is the secret key, "Unknown error" an unknown access key).
_AUTH_HINTS: Final = {
    "Invalid signature.": (
        " Likely cause: the secret key does not belong to this access key. Check"
        f" COUPANG_SECRET_KEY: copy it again from WING{_KEYS}; keys expire after 180 days."
    ),
    "HMAC format is invalid.": (
        " Likely cause: the Authorization header was altered on the way (a proxy rewriting"
        " headers), or the access key contains characters a header cannot carry."
    ),
    "Request is not authorized.": (
        " Likely cause: no Authorization header reached the gateway (a proxy removed it)."
    ),
}
_UNKNOWN_KEY_HINT = (
    " Likely cause: the gateway does not know this access key. Check COUPANG_ACCESS_KEY"
    f" against WING{_KEYS}; a new or re-issued key can take up to 30 minutes to work."
)
_FORBIDDEN_HINT = (
    " Likely causes: this machine's public IP address is not registered for the key in WING"
    ' ("Not allowed IP"; changes take up to 30 minutes), or the gateway is blocking the caller'
    ' for too many errors or calls (the HTML "Access Denied" page): wait some minutes and do'
    " not retry in a loop."
)
#: Beyond this many seconds between this machine's clock and the gateway's, 401s mention it.
_SKEW_WORTH_MENTIONING = 60.0


def decode_body(response: httpx.Response) -> Any:
    """The response body decoded as JSON, or `NOT_JSON`. Decoded once, then cached.

    The response must have been read (non-streaming sends always are).
    """
    cached = getattr(response, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    content = response.content
    body: Any = NOT_JSON
    if content and content.lstrip()[:1] in (b"{", b"["):
        try:
            body = orjson.loads(content)
        except orjson.JSONDecodeError:
            body = NOT_JSON
    setattr(response, _CACHE_ATTR, body)
    return body


def _text_of(response: httpx.Response) -> str | None:
    if not response.content:
        return None
    try:
        return response.text
    except (UnicodeDecodeError, LookupError):  # a bogus charset must not hide the error
        return response.content.decode("utf-8", errors="replace")


@attrs.frozen
class Envelope:
    """A successful body with its envelope taken off.

    Attributes:
        data: the payload (`data` of the innermost envelope, or the whole body when there is no
            envelope, as for the bare `{content, pagination}` listing).
        code: the innermost envelope code (`"SUCCESS"`, `"200"`, `200`, ...) or None.
        message: the innermost envelope message ("" or None when absent).
        next_token: the top-level `nextToken` exactly as sent (None when absent).
        body: the whole decoded body.
        response: the response it came from (None when unwrapped from a bare body).
    """

    data: Any
    code: str | int | None
    message: str | None
    next_token: str | None
    body: Any
    response: httpx.Response | None = attrs.field(default=None, eq=False, repr=False)

    def structure(self, tp: type[T] | Any, *, field: str = "data") -> Any:
        """The payload (or `body[field]` of a bare body) as `tp`, e.g. `list[ProductSummary]`.

        Raises:
            ResponseValidationError: the payload does not fit; `errors` name each bad field's
                path (e.g. "... @ $.data[3].items") and `body` keeps the whole body.
        """
        return structure_data(
            self.data if field == "data" else self.body.get(field),
            tp,
            body=self.body,
            response=self.response,
            path=f"$.{field}",
        )


def _is_error_code(code: object) -> bool:
    if isinstance(code, str):
        if code.upper() == "ERROR" or code.upper() == "FAIL":
            return True
        # isdecimal() alone accepts digits int() rejects ("²"); ASCII digits only.
        return code.isascii() and code.isdecimal() and int(code) >= 400
    # bool is an int: a `"code": true` is not a status
    return isinstance(code, int) and not isinstance(code, bool) and code >= 400


def _inner(body: dict[str, Any]) -> dict[str, Any] | None:
    """The nested OpenApiResult of create/update responses, if this body wraps one."""
    data = body.get("data")
    if isinstance(data, dict) and "code" in data:
        code = data["code"]
        if isinstance(code, str) and (code.upper() in _SUCCESS_STRINGS or _is_error_code(code)):
            return data
    return None


def business_error(response: httpx.Response, body: Any) -> BusinessError | None:
    """A `BusinessError` when a 2xx body's envelope (outer or nested) reports an error."""
    if not isinstance(body, dict) or "code" not in body:
        return None
    failing: dict[str, Any] | None = None
    if _is_error_code(body["code"]):
        failing = body
    else:
        inner = _inner(body)
        if inner is not None and _is_error_code(inner["code"]):
            failing = inner
    if failing is None:
        return None
    message = failing.get("message")
    return BusinessError(
        str(message) if message else "The gateway reported an error without a message.",
        response=response,
        status_code=response.status_code,
        code=failing.get("code"),
        transaction_id=_transaction_id(failing) or _transaction_id(body),
        body=body,
    )


def structure_data(
    data: Any,
    tp: type[T] | Any,
    *,
    body: Any = None,
    response: httpx.Response | None = None,
    path: str = "$.data",
) -> Any:
    """`data` structured as `tp` by the lossless converter, or a `ResponseValidationError`."""
    try:
        return structure_payload(data, tp, path=path)
    except PayloadValidationError as exc:
        name = getattr(tp, "__name__", None) or str(tp)
        raise ResponseValidationError(
            f"the response does not fit {name}",
            errors=exc.errors,
            body=data if body is None else body,
            response=response,
        ) from exc


def unwrap(body: Any) -> Envelope:
    """Take the envelope off a successful body (see the module docstring for the shapes)."""
    if isinstance(body, dict):
        next_token = body.get("nextToken")
        if next_token is not None and not isinstance(next_token, str):
            next_token = str(next_token)
        if "code" in body:
            layer = _inner(body) or body
            message = layer.get("message")
            return Envelope(
                data=layer.get("data"),
                code=layer.get("code"),
                message=message if isinstance(message, str) else None,
                next_token=next_token,
                body=body,
            )
        return Envelope(data=body, code=None, message=None, next_token=next_token, body=body)
    return Envelope(data=body, code=None, message=None, next_token=None, body=body)


def unwrap_response(response: httpx.Response) -> Envelope:
    """Decode and unwrap a successful response, which must carry JSON.

    Raises:
        ResponseValidationError: the body is empty or not JSON.
    """
    body = decode_body(response)
    if body is NOT_JSON:
        raise ResponseValidationError(
            f"expected a JSON body, got {response.headers.get('content-type', 'no content type')}"
            f" with {len(response.content)} bytes",
            body=_text_of(response),
            response=response,
        )
    return attrs.evolve(unwrap(body), response=response)


def _transaction_id(body: dict[str, Any]) -> str | None:
    value = body.get("transactionId")
    return str(value) if value else None


def parse_retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date.

    Returns None when there is no usable value (absent, garbage, negative, infinite or NaN);
    a date in the past means 0.

    Args:
        now: POSIX time to measure a date against (default: this machine's clock).
    """
    value = response.headers.get("retry-after")
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:  # an HTTP date is always GMT
            when = when.replace(tzinfo=dt.UTC)
        reference = time.time() if now is None else now
        return max(0.0, when.timestamp() - reference)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def clock_offset(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the gateway's clock (its `Date` header) is ahead of this machine's; None when
    the response has no usable `Date`. One-second resolution, plus the time in flight."""
    dates = response.headers.get_list("date")
    if not dates:
        return None
    try:
        when = email.utils.parsedate_to_datetime(dates[-1])  # a server's own comes first
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp() - (time.time() if now is None else now)


def _describe_offset(offset: float) -> str:
    direction = "behind" if offset > 0 else "ahead of"
    return f"this machine's clock is {abs(offset):.0f} s {direction} the gateway's"


def _auth_hint(
    status: int, message: str, response: httpx.Response, now: float | None
) -> tuple[str, float | None]:
    """The likely causes of a 401 or 403 and what to check, and the measured clock offset."""
    offset = clock_offset(response, now)
    text = message.strip()
    if status == 403:
        hint = _FORBIDDEN_HINT
    elif text == _STALE_SIGNATURE:
        return (f" Measured: {_describe_offset(offset)}." if offset is not None else ""), offset
    elif text.startswith("Unknown error occurred"):
        hint = _UNKNOWN_KEY_HINT
    else:
        hint = _AUTH_HINTS.get(text, " Check COUPANG_ACCESS_KEY and COUPANG_SECRET_KEY.")
    if offset is not None and abs(offset) > _SKEW_WORTH_MENTIONING:
        hint += f" Also, {_describe_offset(offset)}: check the system clock (NTP)."
    return hint, offset


def _message_from_json(body: dict[str, Any]) -> str | None:
    message = body.get("message")
    messages = body.get("messages")
    if isinstance(messages, dict) and isinstance(messages.get("english"), str):
        # "Request is not authorized." is vague; the english detail says why.
        english = messages["english"]
        message = f"{message} {english}" if message else english
    if not message and isinstance(body.get("error"), str):
        message = body["error"]
    return str(message) if message else None


def _message_from_text(text: str | None, content: bytes) -> str | None:
    if not text:
        return None
    match = _TITLE.search(content)
    if match:
        title = match.group(1).decode("utf-8", errors="replace").strip()
        if title:
            return title
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return first_line[:200] or None


def status_error(response: httpx.Response, *, now: float | None = None) -> APIStatusError:
    """Build the exception for an error status (>= 400, or the gateway's 3xx block).

    Handles JSON bodies (`code`, `message`, `messages.english`, `transactionId`), HTML pages
    (the title becomes the message), plain text and empty bodies. A 401 or 403 also says what
    to check (see `AuthenticationError`).

    Args:
        now: POSIX time of the clock that signed the request, to measure the gateway's clock
            against (default: this machine's).
    """
    status = response.status_code
    body = decode_body(response)
    code: str | int | None = None
    transaction_id: str | None = None
    message: str | None = None
    if isinstance(body, dict):
        raw_code = body.get("code")
        code = raw_code if isinstance(raw_code, str | int) else None
        transaction_id = _transaction_id(body)
        message = _message_from_json(body)
        kept: Any = body
    else:
        kept = _text_of(response) if body is NOT_JSON else body
        if body is NOT_JSON:
            message = _message_from_text(kept, response.content)
    if not message:
        message = response.reason_phrase or f"HTTP {status}"

    kwargs: dict[str, Any] = {
        "response": response,
        "code": code,
        "transaction_id": transaction_id,
        "body": kept,
    }
    if status == 429:
        return RateLimitError(message, retry_after=parse_retry_after(response), **kwargs)
    if 300 <= status < 400:
        # Coupang answers 302 when it has blocked the IP or vendor id (mass calls or errors).
        message = f"HTTP {status}: the gateway redirected instead of answering ({message})."
        message += " Coupang does this when it blocks an IP address or vendor id."
        return APIStatusError(message, status_code=status, **kwargs)
    offset: float | None = None
    if status in (401, 403):
        kwargs["hint"], offset = _auth_hint(status, message, response, now)
        if message.strip() == _STALE_SIGNATURE:  # part of the message: the one likely cause
            message += _CLOCK_HINT
    cls: type[APIStatusError]
    if status == 400:
        cls = BadRequestError
    elif status == 401:
        cls = AuthenticationError
    elif status == 403:
        cls = PermissionDeniedError
    elif status == 404:
        cls = NotFoundError
    elif status == 504:
        cls = GatewayTimeoutError
    elif status >= 500:
        cls = ServerError
    else:
        cls = APIStatusError
    error = cls(message, status_code=status, **kwargs)
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        error.clock_offset = offset
    return error
