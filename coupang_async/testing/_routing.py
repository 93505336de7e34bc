"""How the fake's handlers are declared: ``@route(...)`` beside each handler, and what they may use.

A handler is a plain function ``(call: Call) -> Response`` in the module of its family
(``_products``, ``_orders``, …), declared with the route it serves right above it::

    @route("GET", rf"{SELLER_API}/seller-products/(?P<spid>\\d+)")
    def get_product(call: Call) -> Response: ...

The pattern is matched in full against the decoded request path (``re.DOTALL``); named groups
become ``call.params``. A group named ``vendorId`` must equal the caller's vendor id, otherwise the
gateway answers 404 (as Coupang does for another seller's id in the path).

Order: within one method, routes are tried by descending ``priority`` (default 0), and among
equal priorities in the order of the family modules in ``FAMILIES`` (``_app``), then in source
order inside a module. Only patterns that can match the same path depend on
it; give the more specific one a higher ``priority`` instead of relying on the order of modules.

Handlers reach the fake only through ``call.gateway`` (the ``Gateway`` protocol: ids, clock,
today, approval mode, write counters) and ``call.vendor`` (the caller's ``VendorState``), never
through ``FakeCoupang`` itself, so a family module can be written and tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

if TYPE_CHECKING:
    from coupang_async.testing._http import Handler
    from coupang_async.testing._store import Ids

__all__ = [
    "MARKETPLACE_OPENAPI",
    "OPENAPI",
    "SELLER_API",
    "VENDOR",
    "Gateway",
    "Route",
    "Router",
    "route",
    "routes",
]

# Path prefixes shared by many families.
SELLER_API: Final = "/v2/providers/seller_api/apis/api/v1/marketplace"
OPENAPI: Final = "/v2/providers/openapi/apis/api"
MARKETPLACE_OPENAPI: Final = "/v2/providers/marketplace_openapi/apis/api"
VENDOR: Final = r"/vendors/(?P<vendorId>[^/]+)"  # checked against the caller's vendor id


class Gateway(Protocol):
    """What a handler may use of the fake besides its own vendor's state (``call.vendor``)."""

    @property
    def ids(self) -> Ids:
        """Allocates new ids (deterministic for a seed); ``ids.next(kind, ...)`` for new kinds."""
        ...

    @property
    def seed(self) -> int:
        """The data seed: derive a family's own ``random.Random`` from it."""
        ...

    @property
    def today(self) -> dt.date:
        """The KST date the generated data ends on (pinned with ``FakeCoupang(today=...)``)."""
        ...

    @property
    def auto_approve(self) -> bool:
        """Approval requests succeed at once (else products wait in APPROVING)."""
        ...

    @property
    def clock(self) -> Callable[[], float]:
        """The fake's clock (POSIX seconds); a handler normally uses ``call.now`` instead."""
        ...

    def count_write(self, object_id: int, kind: str) -> None:
        """Count one successful write to ``object_id`` (tests read ``fake.writes(id)``)."""
        ...


_H = TypeVar("_H", bound="Handler")


@dataclass(frozen=True, slots=True)
class Route:
    """One declared route."""

    method: str
    pattern: str
    handler: Handler
    priority: int = 0
    matcher: Callable[[str], re.Match[str] | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # DOTALL: a free-text segment (an external SKU code) may hold a decoded newline.
        object.__setattr__(self, "matcher", re.compile(self.pattern, re.DOTALL).fullmatch)


class Router:
    """Routes in registration order; ``table()`` gives them per method, in matching order."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def route(self, method: str, pattern: str, *, priority: int = 0) -> Callable[[_H], _H]:
        """Declare the decorated handler for ``method`` and the full-match regex ``pattern``."""
        method = method.upper()
        re.compile(pattern)  # fail at import time on a bad pattern

        def register(handler: _H) -> _H:
            for existing in self._routes:
                if existing.method == method and existing.pattern == pattern:
                    name = getattr(existing.handler, "__qualname__", existing.handler)
                    msg = f"{method} {pattern} is already routed to {name}"
                    raise ValueError(msg)
            self._routes.append(Route(method, pattern, handler, priority))
            return handler

        return register

    def __len__(self) -> int:
        return len(self._routes)

    def all(self) -> tuple[Route, ...]:
        """Every route, in registration order."""
        return tuple(self._routes)

    def table(self, modules: Sequence[str] = ()) -> dict[str, tuple[Route, ...]]:
        """Routes by method, in the order they are tried.

        Descending priority first; then the position of the handler's module in ``modules``
        (modules not listed come after, in import order); then source order.
        """
        rank = {name: index for index, name in enumerate(modules)}
        last = len(rank)

        def key(declared: Route) -> tuple[int, int]:
            module = getattr(declared.handler, "__module__", "")
            return (-declared.priority, rank.get(module, last))

        by_method: dict[str, list[Route]] = {}
        for declared in self._routes:
            by_method.setdefault(declared.method, []).append(declared)
        # sorted() is stable: equal keys keep their registration order.
        return {method: tuple(sorted(entries, key=key)) for method, entries in by_method.items()}


#: The fake's routes: every family module registers into this one at import.
routes: Final = Router()
#: ``@route(method, pattern, priority=0)``: declare a handler of the fake.
route: Final = routes.route
