"""Async, typed client for Coupang's seller (Wing) Open API.

```python
from coupang_async import CoupangClient

async with CoupangClient.from_env() as client:
    ...
```
"""

from typing import TYPE_CHECKING, Any

from coupang_async import bulk, vendor_items
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
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._ratelimit import InMemoryRateLimitStore, RateLimitStore
from coupang_async._retry import RetryPolicy
from coupang_async._version import __version__
from coupang_async.bulk import (
    BulkProgress,
    BulkResult,
    BulkUpdateError,
    ItemResult,
    ItemStatus,
    PriceUpdate,
    QuantityUpdate,
    SalesUpdate,
    VerificationError,
)
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:  # imported on first use at run time (see __getattr__), to keep imports fast
    from coupang_async import (
        categories,
        exchanges,
        export,
        logistics,
        models,
        orders,
        products,
        returns,
    )

# Endpoint and helper modules that `import coupang_async` makes reachable as attributes
# (`coupang_async.products.get_product(...)`), imported on first use.
_LAZY_MODULES = frozenset(
    {"categories", "exchanges", "export", "logistics", "models", "orders", "products", "returns"}
)


if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name

    def __getattr__(name: str) -> Any:
        if name in _LAZY_MODULES:
            import importlib

            module = importlib.import_module(f"{__name__}.{name}")
            globals()[name] = module
            return module
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_MODULES})


__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "BulkProgress",
    "BulkResult",
    "BulkUpdateError",
    "BusinessError",
    "ClientClosedError",
    "ConfigError",
    "CoupangAuth",
    "CoupangClient",
    "CoupangError",
    "GatewayTimeoutError",
    "InMemoryRateLimitStore",
    "InvalidInputError",
    "ItemResult",
    "ItemStatus",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "PriceUpdate",
    "QuantityUpdate",
    "RateLimitError",
    "RateLimitStore",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SalesUpdate",
    "ServerError",
    "VerificationError",
    "__version__",
    "bulk",
    "categories",
    "converter",
    "exchanges",
    "export",
    "logistics",
    "models",
    "orders",
    "products",
    "returns",
    "vendor_items",
]

# Tracebacks and reprs name the public module (coupang_async.RateLimitError), not the private one
# the class is defined in; pickling finds the class there too.
for _name in __all__:
    _exported = globals().get(_name)  # None for the modules imported on first use
    if isinstance(_exported, type) and issubclass(_exported, CoupangError):
        _exported.__module__ = __name__
del _name, _exported
