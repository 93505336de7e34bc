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
  is safe); updates not sent (including those waiting for the client's pace) are NOT_ATTEMPTED.
  (The run tells them apart with an httpx `request` event hook that it adds to the client for
  its duration; it only marks the run's own requests.) Inputs not yet read from the iterable get no
  result. Those results reach `on_result` and the `BulkResult` before the cancellation leaves the
  function; to keep them, pass your own `into=BulkResult()` (filled in place) and read it after.
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

import enum
import logging
import math
from collections import deque
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Sized
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, Protocol, Self, TypeVar, cast

import anyio
import anyio.lowlevel
import attrs
import httpx

from coupang_async import vendor_items
from coupang_async._errors import (
    ClientClosedError,
    CoupangError,
    InvalidInputError,
    RateLimitError,
)
from coupang_async.models.products import VendorItemInventory
from coupang_async.vendor_items import (
    _check_on_sale,
    _check_price,
    _check_quantity,
    _check_vendor_item_id,
)

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

logger = logging.getLogger("coupang_async.bulk")

#: Default number of inputs read ahead of the oldest one still without its result.
DEFAULT_WINDOW: Final = 1000
#: Inputs read in one go before the reader lets other tasks run.
_READ_BATCH: Final = 64


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


class _Update(Protocol):
    @property
    def vendor_item_id(self) -> int: ...


U = TypeVar("U", bound=_Update)


# -- results -------------------------------------------------------------------------------------


class ItemStatus(enum.StrEnum):
    """The final status of one input."""

    #: The gateway accepted the write (and, with `verify=True`, it read back as written).
    OK = "OK"
    #: Invalid input (never sent), an error answer, a failed verification, or a 429.
    FAILED = "FAILED"
    #: A later update for the same vendor item replaced it before it was sent.
    SUPERSEDED = "SUPERSEDED"
    #: Never sent (the run stopped after a 429, or was cancelled first).
    NOT_ATTEMPTED = "NOT_ATTEMPTED"
    #: Sent, then cancelled before its answer arrived: may or may not be applied.
    UNKNOWN = "UNKNOWN"


_NOT_APPLIED: Final = frozenset({ItemStatus.FAILED, ItemStatus.NOT_ATTEMPTED, ItemStatus.UNKNOWN})


@attrs.frozen
class ItemResult(Generic[U]):
    """The outcome of one input.

    Attributes:
        index: the input's position (0-based) in the iterable.
        update: the input itself.
        status: see `ItemStatus`.
        error: why it is FAILED (`InvalidInputError`, an `APIError`, `VerificationError`); for
            NOT_ATTEMPTED after a 429, the `RateLimitError` that stopped the run; else None.
            Kept errors are detached to stay small: no traceback, cause, `response` or
            `request`; the message, `status_code`, `code`, `transaction_id` and `body` remain.
        superseded_by: for SUPERSEDED, the index of the update that replaced it.
        verified: with `verify=True`: True when the item read back as written, False on a
            mismatch (then status is FAILED), None when not checked.
    """

    index: int
    update: U
    status: ItemStatus
    error: CoupangError | None = None
    superseded_by: int | None = None
    verified: bool | None = None

    @property
    def vendor_item_id(self) -> int:
        """The update's vendor item id (None if the input was not an update object at all)."""
        return cast(int, getattr(self.update, "vendor_item_id", None))

    @property
    def ok(self) -> bool:
        """True when the status is OK."""
        return self.status is ItemStatus.OK


@attrs.frozen
class BulkProgress:
    """A snapshot for progress displays.

    Attributes:
        read: inputs read so far.
        total: the number of inputs when the iterable has a `len()`, else None.
        done: inputs with their final status.
        in_flight: writes handed to the client and not yet answered (some may still be
            waiting for the client's pace).
        ok, failed, superseded, not_attempted, unknown: `done`, by status.
    """

    read: int
    total: int | None
    done: int
    in_flight: int
    ok: int
    failed: int
    superseded: int
    not_attempted: int
    unknown: int


def _retryable(result: ItemResult[Any]) -> bool:
    return result.status in _NOT_APPLIED and not isinstance(result.error, InvalidInputError)


class BulkResult(Generic[U]):
    """The results of one bulk run, in input order.

    Pass one as `into=` to keep the results of a run that gets cancelled: it is filled in place
    as results are delivered (every input read gets its result before the cancellation
    propagates).

    Args:
        keep: which results to keep in `results`: `"all"` (default: one per input),
            `"failures"` (only those not known to be applied, see `failed`), or `"none"`
            (nothing; `counts` and `total` are still complete). Use the latter two with
            `on_result` for inputs too long to hold one result each in memory.

    Attributes:
        results: the kept results, in input order.
        counts: the number of results per status, for every input (whatever `keep` is).
        total: the number of results delivered (equals the number of inputs after a complete
            run).
        stopped_by: the `RateLimitError` that stopped the run, if one did.
        cancelled: True when the run was cancelled (or aborted by an error) part-way.
    """

    def __init__(self, *, keep: Literal["all", "failures", "none"] = "all") -> None:
        if keep not in ("all", "failures", "none"):
            raise InvalidInputError("keep", f"must be 'all', 'failures' or 'none', not {keep!r}")
        self.keep = keep
        self.results: list[ItemResult[U]] = []
        self.counts: dict[ItemStatus, int] = dict.fromkeys(ItemStatus, 0)
        self.total = 0
        self.stopped_by: RateLimitError | None = None
        self.cancelled = False
        # For updates_to_retry(): items with a failed update, and for those the index of their
        # newest OK update (bounded by the number of failures, whatever `keep` is).
        self._failed_items: set[int] = set()
        self._newest_ok: dict[int, int] = {}

    def _add(self, result: ItemResult[U]) -> None:
        self.counts[result.status] += 1
        self.total += 1
        if _retryable(result):
            self._failed_items.add(result.vendor_item_id)
        elif result.status is ItemStatus.OK and result.vendor_item_id in self._failed_items:
            self._newest_ok[result.vendor_item_id] = result.index
        if self.keep == "all" or (self.keep == "failures" and result.status in _NOT_APPLIED):
            self.results.append(result)

    @property
    def succeeded(self) -> list[ItemResult[U]]:
        """The kept results with status OK."""
        return [r for r in self.results if r.status is ItemStatus.OK]

    @property
    def failed(self) -> list[ItemResult[U]]:
        """The kept results whose update is not known to be applied: FAILED, NOT_ATTEMPTED and
        UNKNOWN (to re-run, use `updates_to_retry()`, not all of these)."""
        return [r for r in self.results if r.status in _NOT_APPLIED]

    @property
    def ok(self) -> bool:
        """True when every update was applied or superseded by one that was."""
        return not any(self.counts[status] for status in _NOT_APPLIED)

    def updates_to_retry(self) -> list[U]:
        """The input of a re-run that finishes the job without undoing anything, in input order.

        Writes are absolute, so only the newest intent for each vendor item matters. For every
        item whose newest valid update in this run is not known to be applied (FAILED,
        NOT_ATTEMPTED, UNKNOWN), that update; nothing for an item whose failed update was
        followed by a later one that succeeded (re-sending the older value would overwrite the
        newer one). Updates that failed local validation are left out: re-sending them cannot
        succeed (they are in `failed`; fix them first). Needs the failures kept
        (`keep="all"` or `"failures"`).
        """
        newest: dict[int, ItemResult[U]] = {}
        for result in self.results:
            if _retryable(result):
                newest[result.vendor_item_id] = result
        return [
            result.update
            for result in sorted(newest.values(), key=lambda r: r.index)
            if result.index > self._newest_ok.get(result.vendor_item_id, -1)
        ]

    def raise_for_failures(self) -> Self:
        """Raise `BulkUpdateError` if any update is not known to be applied; else return self."""
        if not self.ok:
            raise BulkUpdateError(self)
        return self

    def summary(self) -> str:
        """E.g. `2000 updates: 1990 OK, 5 SUPERSEDED, 3 FAILED, 2 NOT_ATTEMPTED`."""
        parts = [f"{count} {status.value}" for status, count in self.counts.items() if count]
        text = f"{self.total} update{'s' if self.total != 1 else ''}"
        return f"{text}: {', '.join(parts)}" if parts else text

    def __repr__(self) -> str:
        return f"<BulkResult {self.summary()}>"


class BulkUpdateError(CoupangError):
    """Raised by `BulkResult.raise_for_failures()` when some updates are not known to be applied.

    Attributes:
        result: the whole `BulkResult`.
        failures: its failed results (FAILED, NOT_ATTEMPTED, UNKNOWN) that were kept.
    """

    def __init__(self, result: BulkResult[Any]) -> None:
        self.result = result
        self.failures: list[ItemResult[Any]] = result.failed
        lines = [result.summary()]
        if result.stopped_by is not None:
            lines.append(f"stopped by a 429: {result.stopped_by}")
        shown = [r for r in self.failures if r.status is not ItemStatus.NOT_ATTEMPTED][:10]
        lines.extend(
            f"  #{r.index} vendor item {r.vendor_item_id}: {r.status.value}"
            + (f": {type(r.error).__name__}: {r.error}" if r.error is not None else "")
            for r in shown
        )
        super().__init__("\n".join(lines))


class VerificationError(CoupangError):
    """With `verify=True`: the item read back differs from what was written.

    Attributes:
        vendor_item_id: the item.
        field: `price`, `quantity` or `on_sale`.
        expected: the value written.
        observed: the value read back.
    """

    def __init__(self, vendor_item_id: int, field: str, expected: object, observed: object) -> None:
        self.vendor_item_id = vendor_item_id
        self.field = field
        self.expected = expected
        self.observed = observed
        super().__init__(
            f"vendor item {vendor_item_id}: {field} reads back as {observed!r} after writing"
            f" {expected!r}"
        )


# -- the operations ------------------------------------------------------------------------------


@attrs.frozen
class _Operation(Generic[U]):
    """What a run does with one kind of update."""

    update_type: type[U]
    field: str
    check: Callable[[U], None]  # raises InvalidInputError
    write: Callable[[CoupangClient, U], Awaitable[None]]
    wanted: Callable[[U], object]
    seen: Callable[[VendorItemInventory], object]


def _price_operation(force: bool) -> _Operation[PriceUpdate]:
    def check(update: PriceUpdate) -> None:
        _check_vendor_item_id(update.vendor_item_id)
        _check_price(update.price)

    async def write(client: CoupangClient, update: PriceUpdate) -> None:
        await vendor_items.update_price(client, update.vendor_item_id, update.price, force=force)

    return _Operation(
        PriceUpdate, "price", check, write, lambda u: u.price, lambda inv: inv.sale_price
    )


def _check_quantity_update(update: QuantityUpdate) -> None:
    _check_vendor_item_id(update.vendor_item_id)
    _check_quantity(update.quantity)


async def _write_quantity(client: CoupangClient, update: QuantityUpdate) -> None:
    await vendor_items.update_quantity(client, update.vendor_item_id, update.quantity)


_QUANTITY: Final = _Operation(
    QuantityUpdate,
    "quantity",
    _check_quantity_update,
    _write_quantity,
    lambda u: u.quantity,
    lambda inv: inv.amount_in_stock,
)


def _check_sales_update(update: SalesUpdate) -> None:
    _check_vendor_item_id(update.vendor_item_id)
    _check_on_sale(update.on_sale)


async def _write_sales(client: CoupangClient, update: SalesUpdate) -> None:
    if update.on_sale:
        await vendor_items.resume_sales(client, update.vendor_item_id)
    else:
        await vendor_items.stop_sales(client, update.vendor_item_id)


_SALES: Final = _Operation(
    SalesUpdate,
    "on_sale",
    _check_sales_update,
    _write_sales,
    lambda u: u.on_sale,
    lambda inv: inv.on_sale,
)


def _detach(error: BaseException) -> None:
    """Let go of what a kept error does not need: its traceback (frames holding requests and
    responses), its cause chain, and the httpx request and response. A failed result then costs
    about 1.6 KB instead of 12; the message (method and path included), status code, code,
    transaction id and decoded body stay."""
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    for name in ("response", "request"):
        if getattr(error, name, None) is not None:
            setattr(error, name, None)


# -- the engine ----------------------------------------------------------------------------------


class _Slot(Generic[U]):
    """One input between being read and its result being delivered."""

    __slots__ = ("index", "result", "sent", "update", "written")

    def __init__(self, index: int, update: U) -> None:
        self.index = index
        self.update = update
        self.result: ItemResult[U] | None = None
        self.sent = False  # a request for it went to the transport: it may have reached Coupang
        self.written = False  # the write was accepted (a read-back may still be running)


#: The slot a worker task is writing, for `_note_sent` (each worker is its own task).
_WRITING: ContextVar[_Slot[Any] | None] = ContextVar("coupang_async_bulk_writing", default=None)


async def _note_sent(request: httpx.Request) -> None:
    """An httpx request hook (it runs right before the transport): mark the slot as sent.

    Only a request that got this far may have reached Coupang; one still waiting for the
    client's concurrency slot or pace when the run is cancelled (or a 429 arrives) was not
    sent, so it is NOT_ATTEMPTED rather than UNKNOWN.
    """
    slot = _WRITING.get()
    if slot is not None:
        slot.sent = True


class _Run(Generic[U]):
    """One bulk run. All bookkeeping happens between checkpoints (no await), so the tasks of
    the run never see it half-changed.

    Every slot read is in exactly one place until it has a result: `_unsent` (waiting to be
    sent; at most one per vendor item, queued by its vendor item id in `_ready`, or waiting for
    the in-flight write of its item), or `_in_flight`. `_order` holds the slots in input order
    until their results are delivered.
    """

    def __init__(
        self,
        client: CoupangClient,
        operation: _Operation[U],
        *,
        into: BulkResult[U],
        on_result: Callable[[ItemResult[U]], object] | None,
        progress: Callable[[BulkProgress], object] | None,
        verify: bool,
        window: int,
        total: int | None,
    ) -> None:
        self._client = client
        self._op = operation
        self._result = into
        self._on_result = on_result
        self._progress = progress
        self._verify = verify
        self._window = anyio.Semaphore(window)
        self._total = total
        self._order: deque[_Slot[U]] = deque()
        self._unsent: dict[int, _Slot[U]] = {}
        self._in_flight: dict[int, _Slot[U]] = {}
        # Vendor item ids with an unsent slot that may start now. Its buffer never exceeds the
        # window (one entry per unsent slot at most).
        self._ready_send, self._ready = anyio.create_memory_object_stream[int](math.inf)
        self._reading = True
        self._batch = 0
        self._read = 0
        self._open = 0  # slots read without a result yet
        self._done = dict.fromkeys(ItemStatus, 0)
        self._stopping = False
        self._stop_error: CoupangError | None = None  # the error NOT_ATTEMPTED results carry
        self._closed: ClientClosedError | None = None
        self._aborting = False
        self._reader_error: Exception | None = None
        self._crash: Exception | None = None
        self._scope: anyio.CancelScope | None = None

    async def run(self, updates: Iterable[U] | AsyncIterable[U]) -> BulkResult[U]:
        # One worker per request the client lets through at once: its limiter is the bound.
        workers = self._client.max_concurrency
        self._report()
        hooks = self._client.event_hooks["request"]
        hooks.append(_note_sent)
        try:
            with self._ready_send, self._ready:
                async with anyio.create_task_group() as group:
                    self._scope = group.cancel_scope
                    group.start_soon(self._guarded, self._read_all, updates)
                    for _ in range(workers):
                        group.start_soon(self._guarded, self._work)
        except BaseException:
            # Cancelled from outside (or Ctrl-C): results first, then let it propagate.
            self._abort()
            raise
        finally:
            if _note_sent in hooks:  # one per run; concurrent runs each added their own
                hooks.remove(_note_sent)
        if self._crash is not None:
            self._abort()
            raise self._crash
        if self._reader_error is not None:
            raise self._reader_error
        if self._closed is not None:
            raise self._closed
        return self._result

    async def _guarded(self, function: Callable[..., Awaitable[None]], *args: Any) -> None:
        # An unexpected error in one task cancels the run and is re-raised by `run` as it is,
        # not wrapped in an ExceptionGroup. Cancellation (a BaseException) passes untouched.
        try:
            await function(*args)
        except Exception as exc:
            if self._crash is None:
                self._crash = exc
            if self._scope is not None:
                self._scope.cancel()

    # reading

    async def _read_all(self, updates: Iterable[U] | AsyncIterable[U]) -> None:
        try:
            if isinstance(updates, AsyncIterable):
                await self._read_async(updates)
            else:
                await self._read_sync(updates)
        finally:
            self._reading = False
            self._maybe_close()

    async def _take_window_slot(self) -> None:
        # Reading one input per scheduling turn starves fast workers (an unpaced client in
        # process): take free slots without yielding, up to a batch, then yield once.
        self._batch += 1
        if self._batch < _READ_BATCH:
            try:
                self._window.acquire_nowait()
            except anyio.WouldBlock:
                pass
            else:
                return
        self._batch = 0
        await self._window.acquire()

    async def _read_sync(self, updates: Iterable[U]) -> None:
        iterator = iter(updates)
        while True:
            await self._take_window_slot()
            try:
                update = next(iterator)
            except StopIteration:
                self._window.release()
                return
            except Exception as exc:
                self._window.release()
                self._reader_failed(exc)
                return
            self._admit(update)

    async def _read_async(self, updates: AsyncIterable[U]) -> None:
        iterator = aiter(updates)
        try:
            while True:
                await self._take_window_slot()
                try:
                    update = await anext(iterator)
                except StopAsyncIteration:
                    self._window.release()
                    return
                except Exception as exc:
                    self._window.release()
                    self._reader_failed(exc)
                    return
                self._admit(update)
        finally:
            # Close the iterator only if this run created it; the caller owns the one it passed.
            aclose = getattr(iterator, "aclose", None)
            if iterator is not updates and aclose is not None:
                with anyio.CancelScope(shield=True):
                    await aclose()

    def _reader_failed(self, exc: Exception) -> None:
        logger.error("bulk run: the input raised %r; finishing the writes in flight", exc)
        self._reader_error = exc
        self._stop(None)

    def _admit(self, update: U) -> None:
        index = self._read
        self._read += 1
        self._open += 1
        slot = _Slot(index, update)
        self._order.append(slot)
        op = self._op
        if not isinstance(update, op.update_type):
            error = InvalidInputError(
                "update",
                f"expected {op.update_type.__name__}, got {type(update).__name__}",
                value=update,
            )
            self._finish(slot, ItemStatus.FAILED, error=error)
            return
        try:
            op.check(update)
        except InvalidInputError as exc:
            self._finish(slot, ItemStatus.FAILED, error=exc)
            return
        if self._stopping:
            self._finish(slot, ItemStatus.NOT_ATTEMPTED, error=self._stop_error)
            return
        vid = update.vendor_item_id
        earlier = self._unsent.get(vid)
        self._unsent[vid] = slot
        if earlier is not None:
            # Not sent yet: the newer intent takes its place (and its spot in the queue).
            self._finish(earlier, ItemStatus.SUPERSEDED, superseded_by=index)
        elif vid not in self._in_flight:
            self._ready_send.send_nowait(vid)
        # else: it waits; the worker writing this item queues it when that write is done.

    # writing

    async def _work(self) -> None:
        ready = self._ready
        while True:
            # An update already queued is taken without a trip through the event loop (the
            # stream's receive() always yields first): with 8 workers those extra scheduling
            # rounds cost ~40 % CPU per update on loopback (more work for httpcore's pool per
            # request). A cancellation is still honoured at once.
            try:
                vid = ready.receive_nowait()
            except anyio.WouldBlock:
                try:
                    vid = await ready.receive()
                except anyio.EndOfStream:
                    return
            except anyio.EndOfStream:
                return
            else:
                await anyio.lowlevel.checkpoint_if_cancelled()
            slot = self._unsent.pop(vid, None)
            if slot is None:  # swept to NOT_ATTEMPTED by a stop
                continue
            self._in_flight[vid] = slot
            token = _WRITING.set(slot)
            try:
                status, error, verified = await self._apply(slot)
            finally:
                _WRITING.reset(token)
            del self._in_flight[vid]
            if vid in self._unsent:  # a later update for this item arrived meanwhile
                self._ready_send.send_nowait(vid)
            self._finish(slot, status, error=error, verified=verified)
            self._maybe_close()

    async def _apply(self, slot: _Slot[U]) -> tuple[ItemStatus, CoupangError | None, bool | None]:
        update = slot.update
        try:
            await self._op.write(self._client, update)
        except RateLimitError as exc:
            self._stop(exc)
            if exc.local and not slot.sent:  # refused by the client's cool-down, never sent
                return ItemStatus.NOT_ATTEMPTED, exc, None
            return ItemStatus.FAILED, exc, None
        except ClientClosedError as exc:
            # Someone closed the client under the run: nothing more can be sent. Stop as after
            # a 429, then raise it (`run`). A write whose earlier attempt was sent may have landed.
            if self._closed is None:
                self._closed = exc
            self._stop(None, exc)
            return (ItemStatus.FAILED if slot.sent else ItemStatus.NOT_ATTEMPTED), exc, None
        except CoupangError as exc:
            return ItemStatus.FAILED, exc, None
        slot.written = True
        if not self._verify:
            return ItemStatus.OK, None, None
        vid = update.vendor_item_id
        try:
            inventory = await vendor_items.get_inventory(self._client, vid)
        except CoupangError as exc:
            logger.warning("bulk run: reading back vendor item %s failed: %s", vid, exc)
            if isinstance(exc, RateLimitError):
                self._stop(exc)
            return ItemStatus.OK, None, None
        wanted, seen = self._op.wanted(update), self._op.seen(inventory)
        if seen == wanted and type(seen) is type(wanted):
            return ItemStatus.OK, None, True
        return ItemStatus.FAILED, VerificationError(vid, self._op.field, wanted, seen), False

    def _stop(self, error: RateLimitError | None, reason: CoupangError | None = None) -> None:
        """Take no more work: every unsent update becomes NOT_ATTEMPTED (its error: `reason`, or
        the 429 `error`), in-flight ones finish."""
        if error is not None and self._result.stopped_by is None:
            self._result.stopped_by = error
            logger.warning(
                "bulk run: stopped after a 429; updates not yet sent are NOT_ATTEMPTED (%s)", error
            )
        elif reason is not None and not self._stopping:
            logger.warning("bulk run: stopped; updates not yet sent are NOT_ATTEMPTED (%s)", reason)
        if self._stopping:
            return
        self._stopping = True
        self._stop_error = error or reason
        unsent = list(self._unsent.values())
        self._unsent.clear()
        for slot in unsent:
            self._finish(slot, ItemStatus.NOT_ATTEMPTED, error=self._stop_error)

    def _maybe_close(self) -> None:
        if not self._reading and self._open == 0:
            self._ready_send.close()  # the workers' loops end

    # results

    def _finish(
        self,
        slot: _Slot[U],
        status: ItemStatus,
        *,
        error: CoupangError | None = None,
        superseded_by: int | None = None,
        verified: bool | None = None,
    ) -> None:
        if error is not None:
            _detach(error)
        slot.result = ItemResult(slot.index, slot.update, status, error, superseded_by, verified)
        self._open -= 1
        self._done[status] += 1
        self._report()
        self._deliver()

    def _deliver(self) -> None:
        """Hand over the results at the head of the window, in input order."""
        order = self._order
        while order and (result := order[0].result) is not None:
            order.popleft()
            self._result._add(result)
            self._window.release()
            callback = self._on_result
            if callback is None:
                continue
            try:
                callback(result)
            except Exception:
                self._on_result = None  # never called again, not even for the results left
                if not self._aborting:
                    raise
                logger.exception("bulk run: on_result failed while the run was being aborted")

    def _report(self) -> None:
        callback = self._progress
        if callback is None:
            return
        done = self._done
        try:
            callback(
                BulkProgress(
                    read=self._read,
                    total=self._total,
                    done=self._read - self._open,
                    in_flight=len(self._in_flight),
                    ok=done[ItemStatus.OK],
                    failed=done[ItemStatus.FAILED],
                    superseded=done[ItemStatus.SUPERSEDED],
                    not_attempted=done[ItemStatus.NOT_ATTEMPTED],
                    unknown=done[ItemStatus.UNKNOWN],
                )
            )
        except Exception:
            self._progress = None
            logger.exception("bulk run: the progress callback failed; progress reporting is off")

    def _abort(self) -> None:
        """The run ends early: give every input read so far its result (no awaits here).

        It reads the slots themselves, not the bookkeeping around them, so it stays accurate
        even if a KeyboardInterrupt (trio delivers it anywhere) cut an update of that short.
        """
        self._aborting = True
        self._result.cancelled = True
        self._in_flight.clear()
        self._unsent.clear()
        for slot in list(self._order):
            if slot.result is not None:
                continue
            if slot.written:  # accepted before the cancel; only its read-back was cut short
                self._finish(slot, ItemStatus.OK)
            elif slot.sent:
                self._finish(slot, ItemStatus.UNKNOWN)
            else:  # never reached the transport (e.g. waiting for the client's pace)
                self._finish(slot, ItemStatus.NOT_ATTEMPTED)
        self._deliver()


# -- entry points --------------------------------------------------------------------------------


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidInputError(name, f"must be True or False, not {value!r}", value=value)


async def _run(
    client: CoupangClient,
    updates: Iterable[U] | AsyncIterable[U],
    operation: _Operation[U],
    *,
    verify: bool,
    window: int,
    progress: Callable[[BulkProgress], object] | None,
    on_result: Callable[[ItemResult[U]], object] | None,
    into: BulkResult[U] | None,
) -> BulkResult[U]:
    # Checked at run time too: callers without a type checker pass anything.
    given: object = updates
    if not isinstance(given, Iterable | AsyncIterable) or isinstance(given, str | bytes):
        raise InvalidInputError(
            "updates",
            f"must be an iterable or async iterable of {operation.update_type.__name__},"
            f" not {type(given).__name__}",
        )
    size: object = window
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidInputError("window", f"must be a positive int, not {size!r}", value=size)
    _check_flag("verify", verify)
    target: object = into
    if into is None:
        into = BulkResult()
    elif not isinstance(target, BulkResult) or target.total:
        raise InvalidInputError("into", "must be a new, empty BulkResult", value=target)
    if client.is_closed:
        raise ClientClosedError
    total = len(updates) if isinstance(updates, Sized) else None
    run = _Run(
        client,
        operation,
        into=into,
        on_result=on_result,
        progress=progress,
        verify=verify,
        window=window,
        total=total,
    )
    return await run.run(updates)


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

    Returns:
        The `BulkResult` (the one passed as `into`, if any).

    Raises:
        InvalidInputError: a bad argument (not a bad update: those are FAILED results).
        ClientClosedError: the client is closed, or was closed during the run.
        Exception: whatever the input iterable or `on_result` raised (see the module docstring).
    """
    _check_flag("force", force)
    return await _run(
        client,
        updates,
        _price_operation(force),
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
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
) -> BulkResult[QuantityUpdate]:
    """Set the stock of many vendor items (arguments as for `update_prices`).

    Each update is `PUT …/vendor-items/{vendorItemId}/quantities/{quantity}`.
    """
    return await _run(
        client,
        updates,
        _QUANTITY,
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
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
) -> BulkResult[SalesUpdate]:
    """Stop or resume selling many vendor items (arguments as for `update_prices`).

    Each update is `PUT …/vendor-items/{vendorItemId}/sales/stop` (`on_sale=False`) or
    `…/sales/resume` (`on_sale=True`).
    """
    return await _run(
        client,
        updates,
        _SALES,
        verify=verify,
        window=window,
        progress=progress,
        on_result=on_result,
        into=into,
    )
