"""Bulk price, stock and sale-status updates: as fast as the client's pace allows, one accurate
result per input, nothing lost, nothing sent for an update that a later one replaced.

```python
from coupang_async import PriceUpdate, bulk

result = await bulk.update_prices(client, [PriceUpdate(3000000000, 32_000), ...])
result.results          # one ItemResult per input, in input order
result.counts           # {ItemStatus.OK: 1998, ItemStatus.FAILED: 2, ...}
retry = result.updates_to_retry()   # newest unapplied update per item: re-run to finish
result.raise_for_failures()
```

`update_prices`, `update_quantities` and `set_sales` take any iterable or async iterable of
`PriceUpdate` / `QuantityUpdate` / `SalesUpdate`, of any length.

How a run works
---------------
- **Pace and concurrency come from the client.** Workers (as many as the client's
  `max_concurrency`) hand updates to it; its limiter and pacer decide when each request starts.
- **Inputs are read lazily through a bounded window** (`window`, default 1000): an input is read
  only when fewer than `window` inputs are waiting for their result to be delivered. Results are
  delivered in input order (to `on_result`, then to the `BulkResult`), so a slow update at the
  head of the window (say, one being retried) holds back reading, never memory.
- **Local validation first.** An update whose id, price or quantity is invalid (see
  `coupang_async.vendor_items`) is FAILED with an `InvalidInputError` naming the field and is
  never sent; the run goes on.
- **Supersession.** When an update for a vendor item arrives while an earlier update for the same
  item is still waiting to be sent (the look-ahead is the window, not the whole input), the later
  one replaces it and takes its place in the queue: the earlier becomes SUPERSEDED (its
  `superseded_by` is the later one's index) and is never sent. An update for an item whose
  write is in flight waits for that write to finish: **at most one write per vendor item is in
  flight at any time**, so the last update of an item always lands last.
- **A 429 stops the run.** The first `RateLimitError` (a 429 from the gateway, or the client's
  refusal during its cool-down after one) stops the run taking work: the update that got the 429
  is FAILED with it, every update not yet sent becomes NOT_ATTEMPTED (its `error` is the
  `RateLimitError`, `BulkResult.stopped_by` too), and the rest of the input is still read so that
  every input gets its result. Writes already sent finish and report their real outcome; one
  that was still waiting for the client's pace is refused by the client's cool-down and is
  NOT_ATTEMPTED too (FAILED if an earlier attempt of it had been sent). Nothing more is sent.
  Every write sets an absolute value, so re-running `result.updates_to_retry()` later (after the
  cool-down) finishes the job and never does harm: it holds the newest not-yet-applied update of
  each vendor item, never an older value that a later successful update already replaced.
- **Cancellation** (a cancel scope, a task-group cancel, Ctrl-C) propagates at once. Before it
  does, every input read so far gets its result: a write whose request had gone to the transport
  and whose answer had not arrived is UNKNOWN (it may or may not have been applied: re-running it
  is safe); updates not sent (including those waiting for the client's pace) are NOT_ATTEMPTED
  (the client records which of the run's requests went on the wire). Inputs not yet read from
  the iterable get no result. Those results reach `on_result` and the `BulkResult` before the
  cancellation leaves the function; to keep them, pass your own `into=BulkResult()` (filled in
  place) and read it after.
- **Outcomes the client cannot know.** A write whose outcome cannot be known is UNKNOWN, never
  FAILED: a 5xx answer (the backend may have applied it before failing), a timeout or a
  dropped connection after the request was sent (the answer was lost). Re-running it is safe.
  A write refused before it reached the gateway (e.g. connection refused) is FAILED.
- **Unreachable gateway.** With `stop_after_connection_failures=N`, N writes in a row that got
  no answer at all (connection errors, timeouts) stop the run as a 429 does (the rest
  NOT_ATTEMPTED, `BulkResult.stop_reason` the last connection error). The CLI uses 3.
- **Other errors.** Workers catch `CoupangError` only. If the input iterable raises, the run stops
  taking work as after a 429, lets in-flight writes finish, and re-raises that exception. If
  `on_result` raises, the run is cancelled (in-flight writes become UNKNOWN) and the exception is
  re-raised: results that cannot be recorded must not keep changing the storefront.
- **A closed client.** A run on a client that is already closed raises `ClientClosedError`
  before reading any input. If the client is closed while the run goes on, the run stops taking
  work as after a 429 (updates not sent become NOT_ATTEMPTED, their `error` the
  `ClientClosedError`), lets in-flight writes finish, and raises `ClientClosedError`.
- **Progress.** `progress(BulkProgress)` is called once at the start and once per update reaching
  its final status (not necessarily in input order). It is cosmetic, so it can never break a run
  half-way: if it raises, the error is logged and progress reporting is switched off.
- **Verification** (`verify=True`). After a write succeeds, the same worker, still holding the
  item (so no other write of the run can interleave), reads it back (`get_inventory`, paced like
  everything else) and compares. A match sets `verified=True`; a mismatch makes the result FAILED
  with a `VerificationError` (`verified=False`): the item is not in the state asked for, so it
  belongs with the updates to re-run. If the read-back itself fails, the result stays OK with
  `verified=None` (the write was accepted; only the check is missing). Reading back right after
  the write, rather than after the whole run, keeps results complete when they are delivered and
  memory bounded; it costs one extra paced call per successful update.

Memory: a run holds at most `window` pending inputs plus the `BulkResult`. With the default
`keep="all"` the result keeps one small `ItemResult` per input (about 0.25 KB with its update:
some 25 MB for 100,000 updates; a FAILED one about 1.6 KB with its detached error). For
unbounded inputs use `BulkResult(keep="failures")` or `keep="none"` (counts only) via `into=`,
and stream every result through `on_result`.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable
from typing import TYPE_CHECKING, Final

import attrs

from coupang_async import vendor_items
from coupang_async._bulk_engine import DEFAULT_WINDOW, BulkOperation, run_bulk
from coupang_async._bulk_types import (
    BulkProgress,
    BulkResult,
    BulkUpdateError,
    ItemResult,
    ItemStatus,
    VerificationError,
)
from coupang_async._errors import CoupangError
from coupang_async._validate import check_bool
from coupang_async._validate import check_on_sale as _check_on_sale
from coupang_async._validate import check_price as _check_price
from coupang_async._validate import check_quantity as _check_quantity
from coupang_async._validate import check_vendor_item_id as _check_vendor_item_id

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = [
    "DEFAULT_WINDOW",
    "BulkProgress",
    "BulkResult",
    "BulkUpdateError",
    "ItemResult",
    "ItemStatus",
    "PriceUpdate",
    "QuantityUpdate",
    "SalesUpdate",
    "VerificationError",
    "set_sales",
    "update_prices",
    "update_quantities",
]


# -- inputs --------------------------------------------------------------------------------------


@attrs.frozen
class PriceUpdate:
    """Set the sale price of a vendor item: a positive multiple of 10 won.

    Nothing is checked when it is built (a generator must be able to yield a bad row); the run
    checks each update and reports a bad one as FAILED with an `InvalidInputError`.
    """

    vendor_item_id: int
    price: int


@attrs.frozen
class QuantityUpdate:
    """Set the stock of a vendor item: 0..99999 units (checked by the run, not here)."""

    vendor_item_id: int
    quantity: int


@attrs.frozen
class SalesUpdate:
    """Resume (`on_sale=True`) or stop (`on_sale=False`) selling a vendor item."""

    vendor_item_id: int
    on_sale: bool


_VendorUpdate = PriceUpdate | QuantityUpdate | SalesUpdate


# -- the operations ------------------------------------------------------------------------------


def _key(update: _VendorUpdate) -> int:
    return update.vendor_item_id


def _mismatch(
    update: _VendorUpdate, field: str, wanted: object, seen: object
) -> CoupangError | None:
    if seen == wanted and type(seen) is type(wanted):
        return None
    return VerificationError(update.vendor_item_id, field, wanted, seen)


def _price_operation(force: bool) -> BulkOperation[PriceUpdate]:
    def check(update: PriceUpdate) -> None:
        _check_vendor_item_id(update.vendor_item_id)
        _check_price(update.price)

    async def write(client: CoupangClient, update: PriceUpdate) -> None:
        await vendor_items.update_price(client, update.vendor_item_id, update.price, force=force)

    async def read_back(client: CoupangClient, update: PriceUpdate) -> CoupangError | None:
        inventory = await vendor_items.get_inventory(client, update.vendor_item_id)
        return _mismatch(update, "price", update.price, inventory.sale_price)

    return BulkOperation(
        name="update",
        key=_key,
        check=check,
        write=write,
        read_back=read_back,
        input_type=PriceUpdate,
    )


def _check_quantity_update(update: QuantityUpdate) -> None:
    _check_vendor_item_id(update.vendor_item_id)
    _check_quantity(update.quantity)


async def _write_quantity(client: CoupangClient, update: QuantityUpdate) -> None:
    await vendor_items.update_quantity(client, update.vendor_item_id, update.quantity)


async def _read_quantity(client: CoupangClient, update: QuantityUpdate) -> CoupangError | None:
    inventory = await vendor_items.get_inventory(client, update.vendor_item_id)
    return _mismatch(update, "quantity", update.quantity, inventory.amount_in_stock)


_QUANTITY: Final = BulkOperation(
    name="update",
    key=_key,
    check=_check_quantity_update,
    write=_write_quantity,
    read_back=_read_quantity,
    input_type=QuantityUpdate,
)


def _check_sales_update(update: SalesUpdate) -> None:
    _check_vendor_item_id(update.vendor_item_id)
    _check_on_sale(update.on_sale)


async def _write_sales(client: CoupangClient, update: SalesUpdate) -> None:
    if update.on_sale:
        await vendor_items.resume_sales(client, update.vendor_item_id)
    else:
        await vendor_items.stop_sales(client, update.vendor_item_id)


async def _read_sales(client: CoupangClient, update: SalesUpdate) -> CoupangError | None:
    inventory = await vendor_items.get_inventory(client, update.vendor_item_id)
    return _mismatch(update, "on_sale", update.on_sale, inventory.on_sale)


_SALES: Final = BulkOperation(
    name="update",
    key=_key,
    check=_check_sales_update,
    write=_write_sales,
    read_back=_read_sales,
    input_type=SalesUpdate,
)


# -- entry points --------------------------------------------------------------------------------


async def update_prices(
    client: CoupangClient,
    updates: Iterable[PriceUpdate] | AsyncIterable[PriceUpdate],
    *,
    force: bool = False,
    verify: bool = False,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[PriceUpdate]], object] | None = None,
    into: BulkResult[PriceUpdate] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[PriceUpdate]:
    """Set the sale prices of many vendor items (see the module docstring for the guarantees).

    Each update is `PUT …/vendor-items/{vendorItemId}/prices/{price}`.

    Args:
        client: the client; its pace and `max_concurrency` set the speed.
        updates: any iterable or async iterable of `PriceUpdate`, read lazily.
        force: send `forceSalePriceUpdate=true` with every update (lifts Coupang's -50 %..+100 %
            guard on a price change).
        verify: read every successfully written item back and compare.
        window: how many inputs may be read ahead of the oldest one without a result (also
            the look-ahead for supersession).
        progress: called with a `BulkProgress` at the start and per finished update.
        on_result: called with each `ItemResult`, in input order, as soon as it is final.
        into: a new `BulkResult` to fill in place (to choose `keep`, or to keep the results
            of a run that gets cancelled).
        stop_after_connection_failures: stop taking work after this many writes in a row got
            no answer from the gateway (None: never; see the module docstring).

    Returns:
        The `BulkResult` (the one passed as `into`, if any).

    Raises:
        InvalidInputError: a bad argument (not a bad update: those are FAILED results).
        ClientClosedError: the client is closed, or was closed during the run.
        Exception: whatever the input iterable or `on_result` raised (see the module docstring).
    """
    check_bool("force", force)
    return await run_bulk(
        client,
        updates,
        _price_operation(force),
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )


async def update_quantities(
    client: CoupangClient,
    updates: Iterable[QuantityUpdate] | AsyncIterable[QuantityUpdate],
    *,
    verify: bool = False,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[QuantityUpdate]], object] | None = None,
    into: BulkResult[QuantityUpdate] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[QuantityUpdate]:
    """Set the stock of many vendor items (arguments as for `update_prices`).

    Each update is `PUT …/vendor-items/{vendorItemId}/quantities/{quantity}`.
    """
    return await run_bulk(
        client,
        updates,
        _QUANTITY,
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )


async def set_sales(
    client: CoupangClient,
    updates: Iterable[SalesUpdate] | AsyncIterable[SalesUpdate],
    *,
    verify: bool = False,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[SalesUpdate]], object] | None = None,
    into: BulkResult[SalesUpdate] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[SalesUpdate]:
    """Stop or resume selling many vendor items (arguments as for `update_prices`).

    Each update is `PUT …/vendor-items/{vendorItemId}/sales/stop` (`on_sale=False`) or
    `…/sales/resume` (`on_sale=True`).
    """
    return await run_bulk(
        client,
        updates,
        _SALES,
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
        stop_after_connection_failures=stop_after_connection_failures,
    )
