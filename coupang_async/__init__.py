"""Async, typed client for Coupang's seller (Wing) Open API.

```python
from coupang_async import CoupangClient

async with CoupangClient.from_env() as client:
    ...
```
"""

from coupang_async._auth import CoupangAuth
from coupang_async._client import DEFAULT_BASE_URL, CoupangClient
from coupang_async._converter import converter
from coupang_async._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BusinessError,
    ClientClosedError,
    ConfigError,
    CoupangError,
    GatewayTimeoutError,
    InvalidInputError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._ratelimit import InMemoryRateLimitStore, RateLimitStore
from coupang_async._retry import RetryPolicy
from coupang_async._version import __version__
from coupang_async.pagination import AsyncPaginator, Page

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "BusinessError",
    "ClientClosedError",
    "ConfigError",
    "CoupangAuth",
    "CoupangClient",
    "CoupangError",
    "GatewayTimeoutError",
    "InMemoryRateLimitStore",
    "InvalidInputError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitStore",
    "ResponseValidationError",
    "RetryPolicy",
    "ServerError",
    "__version__",
    "converter",
]
