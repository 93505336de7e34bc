"""The exception hierarchy: every error the library raises is a `CoupangError`.

```
CoupangError
├── ConfigError                     bad constructor argument or environment variable
├── InvalidInputError               bad argument to an endpoint call, caught before sending
├── ClientClosedError               the client was used after `aclose()`
├── PaginationError                 e.g. the gateway repeated a nextToken
├── BulkUpdateError                 a bulk update stopped early (see `coupang_async.bulk`)
├── VerificationError               a read-back after a write disagrees with what was written
└── APIError                        something came back from (or failed on the way to) the gateway
    ├── APIConnectionError          no usable response: DNS, refused, reset, dropped
    │   └── APITimeoutError
    ├── APIStatusError              HTTP status >= 400 (and the gateway's 3xx block)
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401 (bad, malformed or expired signature, unknown key)
    │   ├── PermissionDeniedError   403 (IP not allowed, the HTML "Access Denied" block)
    │   ├── NotFoundError           404 (wrong path, or another vendor's id in the path)
    │   ├── RateLimitError          429, or the client's own cool-down after one
    │   └── ServerError             >= 500
    │       └── GatewayTimeoutError 504
    ├── BusinessError               HTTP 2xx, but the envelope says "ERROR"
    ├── ResponseTooLargeError       the body exceeded `max_response_bytes` and was cut off
    └── ResponseValidationError     the body does not fit the expected shape
```

Messages never contain the secret key or the `Authorization` header; they name the method and
path so a log line says which call failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BusinessError",
    "ClientClosedError",
    "ConfigError",
    "CoupangError",
    "GatewayTimeoutError",
    "InvalidInputError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
]


class CoupangError(Exception):
    """Base class of every exception raised by coupang_async."""


class ConfigError(CoupangError, ValueError):
    """A constructor argument or environment variable is missing or invalid.

    Attributes:
        field: the name of the offending argument or environment variable.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class InvalidInputError(CoupangError, ValueError):
    """An argument to an endpoint call is invalid; nothing was sent.

    Attributes:
        field: the name of the offending argument or body field.
        value: the rejected value.
    """

    def __init__(self, field: str, message: str, *, value: Any = None) -> None:
        self.field = field
        self.value = value
        self.reason = message
        super().__init__(f"{field}: {message}")


class ClientClosedError(CoupangError, RuntimeError):
    """The client was used after it was closed (`aclose()` or leaving `async with`)."""

    def __init__(
        self,
        message: str = (
            "This CoupangClient is closed; create a new one (or send inside `async with`)."
        ),
    ) -> None:
        super().__init__(message)


class PaginationError(CoupangError):
    """The gateway's paging went wrong, e.g. it returned a token it had returned before."""


def _request_of(response: httpx.Response | None) -> httpx.Request | None:
    if response is None:
        return None
    try:
        return response.request
    except RuntimeError:  # a Response built by hand (tests, mocks) has no request
        return None


def _describe(request: httpx.Request | None) -> str:
    if request is None:
        return ""
    # The path only: the query can be long, and the host is always the gateway.
    return f"{request.method} {request.url.path}"


class APIError(CoupangError):
    """Something came back from the gateway (or failed on the way to it).

    Attributes:
        request: the request that was sent (its `Authorization` header is signed, not secret,
            but it is never included in messages).
        message: the gateway's message, or a description of the failure.
        body: the decoded JSON body when there was one, else the text, else None.
    """

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, body: Any = None
    ) -> None:
        self.request = request
        self.message = message
        self.body = body
        where = _describe(request)
        super().__init__(f"{where}: {message}" if where else message)


class APIConnectionError(APIError):
    """No usable response arrived: the connection failed, was reset or was dropped.

    Attributes:
        request_sent: False only when the request certainly never reached the gateway (connect
            errors, pool timeouts); such a request is safe to re-send even for POST.
    """

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request | None = None,
        request_sent: bool = True,
    ) -> None:
        self.request_sent = request_sent
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, writing, reading, or waiting for a connection)."""

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request | None = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message, request=request, request_sent=request_sent)


class _ResponseError(APIError):
    """An error decoded from a response (shared fields of status and business errors)."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None,
        status_code: int,
        code: str | int | None = None,
        transaction_id: str | None = None,
        body: Any = None,
        request: httpx.Request | None = None,
        hint: str = "",
    ) -> None:
        self.response = response
        self.status_code = status_code
        self.code = code
        self.transaction_id = transaction_id
        if request is None:
            request = _request_of(response)
        text = message
        if transaction_id:
            text = f"{message} (transactionId {transaction_id})"
        text += hint
        super().__init__(text, request=request, body=body)
        # `message` is the gateway's own text, without the decoration above.
        self.message = message


class APIStatusError(_ResponseError):
    """The gateway answered with an error status.

    Attributes:
        status_code: the HTTP status.
        code: the envelope's `code` (e.g. "ERROR"), when the body had one.
        message: the gateway's message (for HTML bodies, the page title).
        transaction_id: the gateway's `transactionId`, for Coupang support.
        response: the `httpx.Response` (None for the client's local rate-limit cool-down).
        body: decoded JSON, or the text of a non-JSON body.
    """


class BadRequestError(APIStatusError):
    """400: the gateway or the backend rejected the request (see `message`)."""


class AuthenticationError(APIStatusError):
    """401: bad, malformed or expired signature, or an unknown access key.

    The message names the likely cause and what to check: "Invalid signature." is the secret
    key, "Unknown error occurred..." the access key, "Specified signature is expired." the
    machine's clock (with the offset measured from the gateway's `Date` header).

    Attributes:
        clock_offset: seconds the gateway's clock is ahead of this machine's, measured from
            the response's `Date` header (None without one).
    """

    clock_offset: float | None = None


class PermissionDeniedError(APIStatusError):
    """403: the IP is not registered for the key, or the gateway's "Access Denied" block.

    Attributes:
        clock_offset: as for `AuthenticationError`.
    """

    clock_offset: float | None = None


class NotFoundError(APIStatusError):
    """404: wrong path, unknown id, or another vendor's id in the path."""


class RateLimitError(APIStatusError):
    """429 from the gateway, or the client refusing to send during its cool-down after one.

    Attributes:
        retry_after: seconds until the client will send again (its cool-down), or the gateway's
            `Retry-After` when it sent one.
        warnings: the `X-CAG-Warnings` header of the response, when present.
        local: True when the client raised this itself during a cool-down (nothing was sent).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None,
        retry_after: float | None = None,
        code: str | int | None = None,
        transaction_id: str | None = None,
        body: Any = None,
        request: httpx.Request | None = None,
        local: bool = False,
    ) -> None:
        self.retry_after = retry_after
        self.local = local
        self.warnings = response.headers.get("x-cag-warnings") if response is not None else None
        super().__init__(
            message,
            response=response,
            status_code=429,
            code=code,
            transaction_id=transaction_id,
            body=body,
            request=request,
        )


class ServerError(APIStatusError):
    """5xx: the gateway or the backend failed."""


class GatewayTimeoutError(ServerError):
    """504: the backend did not answer within the gateway's timeout (3 s unless extended)."""


class BusinessError(_ResponseError):
    """HTTP 2xx, but the envelope's code says ERROR (or a numeric code >= 400).

    Same attributes as `APIStatusError`; `status_code` is the (successful) HTTP status.
    """


class ResponseTooLargeError(APIError):
    """The response body was larger than the client's `max_response_bytes`; the rest of it was
    not read (the connection is dropped). Not retried: the same call would get the same body.

    Attributes:
        max_bytes: the limit in force.
        status_code: the HTTP status of the oversized response.
        declared: the size the server announced (Content-Length), when it announced one.
    """

    def __init__(
        self,
        max_bytes: int,
        *,
        request: httpx.Request | None = None,
        status_code: int | None = None,
        declared: int | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.status_code = status_code
        self.declared = declared
        size = f"{declared} bytes" if declared is not None else "more"
        super().__init__(
            f"the response body ({size}) exceeds max_response_bytes={max_bytes}; it was cut off"
            " without reading the rest (raise the limit if such answers are expected)",
            request=request,
        )


class ResponseValidationError(APIError):
    """The response body does not fit the expected model.

    Attributes:
        errors: one message per bad field, each naming its path (e.g. "... @ $.data[3].items").
        body: the decoded body, unchanged, so nothing is lost.
        response: the `httpx.Response`, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[str] = (),
        body: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.errors = list(errors)
        self.response = response
        detail = message if not self.errors else f"{message}: " + "; ".join(self.errors[:5])
        if len(self.errors) > 5:
            detail += f"; and {len(self.errors) - 5} more"
        super().__init__(detail, request=_request_of(response), body=body)
