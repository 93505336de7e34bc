"""One declaration per API operation, and the code that runs it.

An endpoint is a declaration plus a thin typed wrapper:

```python
_GET_INVENTORY: Final = Operation(
    "vendor_items.get_inventory",
    "GET",
    "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{vendor_item_id}/inventories",
    returns=VendorItemInventory,
)

async def get_inventory(client, vendor_item_id):
    return await client._call(_GET_INVENTORY, check_positive_id("vendor_item_id", vendor_item_id))
```

The declaration says everything the wire needs: the method, the path template (``{vendor_id}``
and ``{version}`` are filled in by the runner, the other placeholders from the positional path
arguments, in order), the API version(s), the type the payload is read as, the paging style of a
listing (a strategy from `coupang_async._paging` or `coupang_async._date_windows`) and the
timeout class (``extended_timeout``: seconds sent as ``X-EXTENDED-TIMEOUT``, None for the
gateway's default). `CoupangClient._call` runs a single call, `CoupangClient._list` a listing.

Every declaration registers itself by name; `operations()` lists them all (the tests walk that
list so that every endpoint gets the bad-argument, robustness and sample tests).
"""

from __future__ import annotations

import string
import typing
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

import attrs

from coupang_async._envelope import Envelope, structure_data
from coupang_async._validate import check_extended_timeout, check_max_pages, check_version
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient
    from coupang_async._paging import Paging

__all__ = [
    "DEFAULT",
    "EXTENDED",
    "NORMAL",
    "ListCall",
    "Operation",
    "Query",
    "call",
    "list_pages",
    "operations",
    "query_path",
]

T = TypeVar("T")

#: Timeout class: the gateway's default (about 3 s on its side; the client's own timeout here).
NORMAL: Final[float | None] = None
#: Timeout class of heavy listings: the gateway may take this many seconds (X-EXTENDED-TIMEOUT).
EXTENDED: Final = 60.0


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: "Use the operation's declared value" (for ``extended_timeout=`` of `call` / `list_pages`).
DEFAULT: Final = _Default()

#: Query parameters: pairs or a mapping; None values are left out, list values repeat the key.
Query = Sequence[tuple[str, object]] | Mapping[str, object]

QueryStyle = Literal["form", "coupang"]

_REGISTRY: dict[str, Operation[Any]] = {}
_FIXED_FIELDS: Final = frozenset({"vendor_id", "version"})


def _fields_of(template: str) -> tuple[str, ...]:
    return tuple(
        name
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None and name not in _FIXED_FIELDS
    )


@attrs.frozen(eq=False)
class Operation(Generic[T]):
    """How one API operation looks on the wire.

    Attributes:
        name: the public function that runs it, ``module.function`` (one declaration may serve
            several versions; a function with several declarations suffixes the name, e.g.
            ``"orders.list_order_sheets[v4]"``).
        method: the HTTP method.
        path: the path template: ``{vendor_id}``, ``{version}`` and one placeholder per path
            argument (filled from the positional arguments of `call`, in order).
        returns: what the payload (the innermost ``data``) is read as: a model, ``list[Model]``
            (null reads as ``[]``),
            ``type(None)`` (nothing to read: the call returns None), or `Envelope` (the
            unwrapped envelope itself, for answers read by hand, e.g. per-item batch results).
            For listings: the type of one item.
        version: the API version used by default (``{version}`` in the path).
        versions: every version the caller may ask for (default: just ``version``).
        paging: the paging strategy of a listing (None: a single call).
        extended_timeout: the timeout class: seconds the gateway may take (sent as
            ``X-EXTENDED-TIMEOUT``), or None (`NORMAL`).
        query_style: ``"form"`` (httpx's encoding) or ``"coupang"`` (only what must be escaped:
            ``+`` as ``%2B``, ``:`` kept, as Coupang's date examples write it).
    """

    name: str
    method: str
    path: str
    returns: type[T]
    version: int | None = None
    versions: tuple[int, ...] = ()
    paging: Paging | None = None
    extended_timeout: float | None = NORMAL
    query_style: QueryStyle = "form"
    path_fields: tuple[str, ...] = attrs.field(init=False)
    returns_list: bool = attrs.field(init=False, repr=False)
    item_list: Any = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "path_fields", _fields_of(self.path))
        object.__setattr__(self, "item_list", list[self.returns])  # type: ignore[name-defined]
        object.__setattr__(self, "returns_list", typing.get_origin(self.returns) is list)
        if not self.versions and self.version is not None:
            object.__setattr__(self, "versions", (self.version,))
        if "{version}" in self.path and self.version is None:
            raise ValueError(f"operation {self.name!r} has {{version}} in its path but no version")
        if self.name in _REGISTRY:
            raise ValueError(f"operation {self.name!r} is declared twice")
        _REGISTRY[self.name] = self

    @property
    def is_listing(self) -> bool:
        """True when the operation pages (run it with `CoupangClient._list`)."""
        return self.paging is not None

    def url(self, client: CoupangClient, args: Sequence[object], version: int | None) -> str:
        """The path with every placeholder filled (path arguments percent-encoded)."""
        if len(args) != len(self.path_fields):
            raise TypeError(
                f"{self.name} takes {len(self.path_fields)} path arguments"
                f" ({', '.join(self.path_fields)}), got {len(args)}"
            )
        values: dict[str, object] = dict(zip(self.path_fields, map(_segment, args), strict=True))
        values["vendor_id"] = client.vendor_id
        values["version"] = self.version if version is None else version
        return self.path.format_map(values)


def operations() -> list[Operation[Any]]:
    """Every declared operation (of the modules imported so far), in declaration order."""
    return list(_REGISTRY.values())


def _segment(value: object) -> str:
    """A path argument as one percent-encoded path segment."""
    if isinstance(value, int):
        return str(value)
    segment = urllib.parse.quote(str(value), safe="")
    if segment in (".", ".."):
        # A bare dot segment would be resolved away by URL normalisation.
        segment = segment.replace(".", "%2E")
    return segment


def query_path(path: str, params: Sequence[tuple[str, object]]) -> str:
    """``path?query`` with the query percent-encoded the way Coupang documents it.

    Only what must be escaped is: ``+`` becomes ``%2B`` (a raw ``+`` reads as a space on the
    gateway) while ``:`` stays, so dates go out as ``2025-07-15%2B09:00`` exactly as in Coupang's
    examples. The client signs these very bytes. Pairs whose value is None are left out.
    """
    query = "&".join(
        f"{urllib.parse.quote(key, safe='')}={urllib.parse.quote(str(value), safe=':')}"
        for key, value in params
        if value is not None
    )
    return f"{path}?{query}" if query else path


def _pairs(query: Query | None) -> list[tuple[str, object]]:
    if query is None:
        return []
    if isinstance(query, Mapping):
        return list(query.items())
    return list(query)


def _timeout(op: Operation[Any], given: object) -> float | None:
    if given is DEFAULT:
        return op.extended_timeout
    return check_extended_timeout(given)


def _version(op: Operation[Any], given: int | None) -> int | None:
    if given is None:
        return op.version
    return check_version(given, op.versions)


async def send(
    client: CoupangClient,
    op: Operation[Any],
    path: str,
    pairs: Sequence[tuple[str, object]],
    *,
    json: Any = None,
    extended_timeout: float | None,
) -> Envelope:
    """Send one request of `op` to `path` (filled) with the query `pairs`; the unwrapped body."""
    if op.query_style == "coupang":
        return await client._request_envelope(
            op.method, query_path(path, pairs), json=json, extended_timeout=extended_timeout
        )
    params: dict[str, Any] | None = None
    if pairs:
        params = {}
        for key, value in pairs:
            if value is not None:
                params[key] = value
    return await client._request_envelope(
        op.method, path, params=params, json=json, extended_timeout=extended_timeout
    )


async def call(
    client: CoupangClient,
    op: Operation[T],
    *path_args: object,
    query: Query | None = None,
    json: Any = None,
    version: int | None = None,
    extended_timeout: object = DEFAULT,
) -> T:
    """Run one declared operation and return its payload read as `op.returns`
    (`CoupangClient._call`).

    Args:
        client: the client.
        op: the declaration.
        *path_args: the path placeholders' values, in order (checked by the caller).
        query: query parameters (pairs or a mapping; None values left out, lists repeat the key).
        json: the body, serialised with orjson.
        version: one of `op.versions` (default `op.version`).
        extended_timeout: seconds for ``X-EXTENDED-TIMEOUT``, None for none; default: the
            operation's timeout class.
    """
    path = op.url(client, path_args, _version(op, version))
    envelope = await send(
        client, op, path, _pairs(query), json=json, extended_timeout=_timeout(op, extended_timeout)
    )
    returns: Any = op.returns
    if returns is type(None):
        return None  # type: ignore[return-value]
    if returns is Envelope:
        return envelope  # type: ignore[return-value]
    if op.returns_list and envelope.data is None:  # an empty result may come as null
        return []  # type: ignore[return-value]
    result: T = envelope.structure(returns)
    return result


@attrs.frozen(eq=False)
class ListCall:
    """One listing as the paging strategy sees it: everything but the page's own parameters.

    Attributes:
        client: the client.
        op: the operation.
        path: the filled path.
        query: the listing's own query (filters), sent on every page before the paging pairs.
        page_size: the page size to send (None: not sent).
        extended_timeout: seconds for ``X-EXTENDED-TIMEOUT`` (None: not sent).
        window: the date window of a `DateWindows` listing (None otherwise).
        decode: False hands out the items as received (untyped) with the `Envelope` as
            `Page.raw`, for readers that structure them elsewhere (the export).
    """

    client: CoupangClient
    op: Operation[Any]
    path: str
    query: list[tuple[str, object]]
    page_size: int | None
    extended_timeout: float | None
    window: Any = None
    decode: bool = True

    async def get(
        self, pairs: Sequence[tuple[str, object]], *, lead: Sequence[tuple[str, object]] = ()
    ) -> Envelope:
        """Send one page request: the `lead` pairs, the listing's query, then the paging `pairs`."""
        return await send(
            self.client,
            self.op,
            self.path,
            [*lead, *self.query, *pairs],
            extended_timeout=self.extended_timeout,
        )

    def items(self, envelope: Envelope, data: Any, path: str = "$.data") -> list[Any]:
        """`data` (the page's item list) typed; [] for null. Undecoded when `decode` is False."""
        if data is None:
            return []
        if not self.decode:
            return data if isinstance(data, list) else []
        items: list[Any] = structure_data(
            data, self.op.item_list, body=envelope.body, response=envelope.response, path=path
        )
        return items

    def page(
        self, envelope: Envelope, items: Sequence[Any], next_token: str | None, token: str | None
    ) -> Page[Any]:
        """The page, with the body (or the envelope when not decoding) as `Page.raw`."""
        raw = envelope.body if self.decode else envelope
        return Page(items=items, next_token=next_token, token=token, raw=raw)


def list_pages(
    client: CoupangClient,
    op: Operation[T],
    query: Query | None = None,
    *,
    args: Sequence[object] = (),
    next_token: object = None,
    max_pages: object = None,
    page_size: int | None = None,
    window: Any = None,
    version: int | None = None,
    extended_timeout: object = DEFAULT,
    decode: bool = True,
) -> AsyncPaginator[T]:
    """A paginator over a declared listing, walked with its paging strategy
    (`CoupangClient._list`).

    Nothing is sent until it is awaited or iterated; a bad `next_token` or `max_pages` raises
    `InvalidInputError` at once.

    Args:
        client: the client.
        op: the declaration (its ``paging`` is set).
        query: the listing's own query (filters), sent on every page.
        args: the path placeholders' values, in order.
        next_token: resume from this `Page.next_token`.
        max_pages: stop after this many pages (None: walk to the end).
        page_size: sent as the strategy's page-size parameter (None: not sent).
        window: the `Chunks` of a date-window listing.
        version: one of `op.versions`.
        extended_timeout: as for `call`.
        decode: False yields the items untyped with the `Envelope` as `Page.raw`.
    """
    paging = op.paging
    if paging is None:
        raise TypeError(f"{op.name} is not a listing; run it with _call")
    cap = check_max_pages(max_pages)
    listing = ListCall(
        client=client,
        op=op,
        path=op.url(client, args, _version(op, version)),
        query=_pairs(query),
        page_size=page_size,
        extended_timeout=_timeout(op, extended_timeout),
        window=window,
        decode=decode,
    )
    start = paging.start(listing, next_token)  # a foreign token fails here, before sending

    async def fetch(token: str | None) -> Page[T]:
        return await paging.fetch(listing, token)

    return AsyncPaginator(fetch, next_token=start, max_pages=cap)
