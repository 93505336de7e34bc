"""The bulk engine: reads inputs, queues them by key, writes them (one at a time or in batched
calls) through the client, and delivers one result per input in input order.

A kind of write is declared with a `BulkOperation`; `run_bulk` runs it. The pieces:

- `KeyedQueue` (`_bulk_queue`): supersession per key, one write in flight per group;
- `ResultSink` (`_bulk_sink`): ordered delivery, bounded look-ahead;
- `_Run` (here): the reader task, the workers, stopping, cancellation.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, Awaitable, Callable, Hashable, Iterable, Sequence, Sized
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import anyio
import anyio.lowlevel
import attrs

from coupang_async._bulk_queue import KeyedQueue, Slot
from coupang_async._bulk_sink import ResultSink
from coupang_async._bulk_types import (
    BulkProgress,
    BulkResult,
    ItemOutcome,
    ItemResult,
    ItemStatus,
)
from coupang_async._errors import (
    APIConnectionError,
    BusinessError,
    ClientClosedError,
    CoupangError,
    InvalidInputError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
)
from coupang_async._validate import check_bool
from coupang_async._wire import WIRE_WATCH, WireWatch

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

__all__ = ["DEFAULT_WINDOW", "BulkOperation", "run_bulk"]

logger = logging.getLogger("coupang_async.bulk")

T = TypeVar("T")

#: Default number of inputs read ahead of the oldest one still without its result.
DEFAULT_WINDOW: Final = 1000
#: Inputs read in one go before the reader lets other tasks run.
_READ_BATCH: Final = 64
#: Longest wait before re-sending an item the gateway marked `retryRequired`.
_RETRY_WAIT_MAX: Final = 8.0

Write = Callable[["CoupangClient", T], Awaitable[None]]
BatchWrite = Callable[["CoupangClient", Sequence[T]], Awaitable[Sequence[ItemOutcome]]]
ReadBack = Callable[["CoupangClient", T], Awaitable[CoupangError | None]]


@attrs.frozen
class BulkOperation(Generic[T]):
    """What a bulk run does with one kind of input.

    Attributes:
        name: what an input is called in messages ("update", "shipment box id", ...).
        key: the input's id: a later input with the same key supersedes an unsent earlier one,
            and two writes of one key are never in flight at once.
        check: raises `InvalidInputError` for a bad input (it is then FAILED, never sent).
        write: writes one input (raises a `CoupangError` when it fails). Give this or
            `write_batch`.
        write_batch: writes up to `batch_size` inputs in one call and returns one
            `ItemOutcome` per input, in the order given. May raise a `CoupangError` for the
            whole call (then every input of the call shares it).
        batch_size: most inputs per batched call (a group larger than this goes alone).
        group: inputs with the same group key must travel in the same batched call (e.g. all
            items of one shipment box); the group key must follow from the key. None: each
            key is its own group.
        read_back: with `verify=True`, after a successful single write: returns None when the
            item reads back as written, else the error that makes it FAILED (raising a
            `CoupangError` means the check could not be made).
        item_retries: how many times an input the gateway marks `retryRequired` is sent again
            within the run.
        retry_wait: seconds before the first of those re-sends (doubling, at most 8 s); the
            client's pace applies on top.
        input_type: when set, an input of another type is FAILED with an `InvalidInputError`
            (before `check`).
    """

    name: str
    key: Callable[[T], Hashable]
    check: Callable[[T], None]
    write: Write[T] | None = None
    write_batch: BatchWrite[T] | None = None
    batch_size: int = 50
    group: Callable[[T], Hashable] | None = None
    read_back: ReadBack[T] | None = None
    item_retries: int = 3
    retry_wait: float = 1.0
    input_type: type[T] | None = None

    def __attrs_post_init__(self) -> None:
        if (self.write is None) == (self.write_batch is None):
            raise TypeError("a BulkOperation needs exactly one of write and write_batch")
        if self.batch_size < 1:
            raise TypeError("batch_size must be at least 1")


async def run_bulk(
    client: CoupangClient,
    inputs: Iterable[T] | AsyncIterable[T],
    operation: BulkOperation[T],
    *,
    argument: str = "updates",
    verify: bool = False,
    window: int = DEFAULT_WINDOW,
    progress: Callable[[BulkProgress], object] | None = None,
    on_result: Callable[[ItemResult[T]], object] | None = None,
    into: BulkResult[T] | None = None,
    stop_after_connection_failures: int | None = None,
) -> BulkResult[T]:
    """Run `operation` over `inputs` (see `coupang_async.bulk` for what a run guarantees).

    Args:
        argument: the name of the inputs argument, for `InvalidInputError`.
        stop_after_connection_failures: stop taking work (as after a 429) once this many
            writes in a row failed without an answer from the gateway (connection errors and
            timeouts, after the client's retries); None never stops for that.
    """
    # Checked at run time too: callers without a type checker pass anything.
    given: object = inputs
    if not isinstance(given, Iterable | AsyncIterable) or isinstance(given, str | bytes):
        kind = operation.input_type.__name__ if operation.input_type else operation.name
        raise InvalidInputError(
            argument,
            f"must be an iterable or async iterable of {kind}, not {type(given).__name__}",
        )
    size: object = window
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidInputError("window", f"must be a positive int, not {size!r}", value=size)
    check_bool("verify", verify)
    limit: object = stop_after_connection_failures
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidInputError(
            "stop_after_connection_failures",
            f"must be a positive int or None, not {limit!r}",
            value=limit,
        )
    target: object = into
    if into is None:
        into = BulkResult()
    elif not isinstance(target, BulkResult) or target.total:
        raise InvalidInputError("into", "must be a new, empty BulkResult", value=target)
    if client.is_closed:
        raise ClientClosedError
    total = len(inputs) if isinstance(inputs, Sized) else None
    run = _Run(
        client,
        operation,
        ResultSink(into, on_result, window),
        progress=progress,
        verify=verify,
        total=total,
        connection_failures=stop_after_connection_failures,
    )
    return await run.run(inputs)


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


def _unknowable(exc: CoupangError, sent: bool) -> bool:
    """Whether a write that raised `exc` may have been applied all the same."""
    if not sent:
        return False
    if isinstance(exc, ServerError):  # the backend may have processed it before failing
        return True
    if isinstance(exc, ResponseValidationError):  # a 2xx whose body cannot be read
        return True
    if isinstance(exc, ResponseTooLargeError):  # its answer was cut off unread
        return True
    return isinstance(exc, APIConnectionError)  # the reply was lost, or it timed out


@attrs.frozen
class _Final:
    status: ItemStatus
    error: CoupangError | None = None
    verified: bool | None = None
    result_code: str | None = None
    retry_required: bool | None = None


_OK: Final = _Final(ItemStatus.OK)


class _Run(Generic[T]):
    """One bulk run. All bookkeeping happens between checkpoints (no await), so the tasks of
    the run never see it half-changed.

    Every slot read is in exactly one place until it has a result: the queue (waiting to be
    sent), a worker (in flight), or a retry timer. The sink holds every slot in input order
    until its result is delivered.
    """

    def __init__(
        self,
        client: CoupangClient,
        operation: BulkOperation[T],
        sink: ResultSink[T],
        *,
        progress: Callable[[BulkProgress], object] | None,
        verify: bool,
        total: int | None,
        connection_failures: int | None,
    ) -> None:
        self._client = client
        self._op = operation
        self._sink = sink
        self._result = sink.result
        self._progress = progress
        self._verify = verify and operation.read_back is not None
        self._total = total
        self._sealing = operation.group is not None
        self._queue: KeyedQueue[T] = KeyedQueue(sealing=self._sealing)
        self._in_flight = 0  # slots handed to the client, not yet answered
        self._reading = True
        self._reader_idle = False  # the reader waits (for the window, or for an async input)
        self._filling = anyio.Lock()
        self._batch = 0
        self._read = 0
        self._open = 0  # slots read without a result yet
        self._done = dict.fromkeys(ItemStatus, 0)
        self._stopping = False
        self._stop_error: CoupangError | None = None  # the error NOT_ATTEMPTED results carry
        self._closed: ClientClosedError | None = None
        self._reader_error: Exception | None = None
        self._crash: Exception | None = None
        self._group: anyio.abc.TaskGroup | None = None
        self._max_connection_failures = connection_failures
        self._connection_failures = 0

    async def run(self, inputs: Iterable[T] | AsyncIterable[T]) -> BulkResult[T]:
        # One worker per request the client lets through at once: its limiter is the bound.
        workers = self._client.max_concurrency
        self._report()
        try:
            async with anyio.create_task_group() as group:
                self._group = group
                group.start_soon(self._guarded, self._read_all, inputs)
                for _ in range(workers):
                    group.start_soon(self._guarded, self._work)
        except BaseException:
            # Cancelled from outside (or Ctrl-C): results first, then let it propagate.
            self._abort()
            raise
        finally:
            self._queue.aclose_all()
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
            if self._group is not None:
                self._group.cancel_scope.cancel()

    # reading

    async def _read_all(self, inputs: Iterable[T] | AsyncIterable[T]) -> None:
        try:
            if isinstance(inputs, AsyncIterable):
                await self._read_async(inputs)
            else:
                await self._read_sync(inputs)
        finally:
            self._reading = False
            if self._sealing:
                self._queue.seal()
            self._maybe_close()

    async def _take_window_slot(self) -> None:
        # Reading one input per scheduling turn starves fast workers (an unpaced client in
        # process): take free slots without yielding, up to a batch, then yield once.
        self._batch += 1
        if self._batch < _READ_BATCH and self._sink.acquire_nowait():
            return
        self._batch = 0
        if self._sink.acquire_nowait():
            await anyio.lowlevel.checkpoint()  # let the workers run
            return
        if self._sealing:
            self._queue.seal()  # the window is full: what was read must be able to go
        self._reader_idle = True
        try:
            await self._sink.acquire()
        finally:
            self._reader_idle = False

    async def _read_sync(self, inputs: Iterable[T]) -> None:
        iterator = iter(inputs)
        while True:
            await self._take_window_slot()
            try:
                item = next(iterator)
            except StopIteration:
                self._sink.release()
                return
            except Exception as exc:
                self._sink.release()
                self._reader_failed(exc)
                return
            self._admit(item)

    async def _read_async(self, inputs: AsyncIterable[T]) -> None:
        iterator = aiter(inputs)
        try:
            while True:
                await self._take_window_slot()
                self._reader_idle = True
                try:
                    item = await anext(iterator)
                except StopAsyncIteration:
                    self._sink.release()
                    return
                except Exception as exc:
                    self._sink.release()
                    self._reader_failed(exc)
                    return
                finally:
                    self._reader_idle = False
                self._admit(item)
        finally:
            # Close the iterator only if this run created it; the caller owns the one it passed.
            aclose = getattr(iterator, "aclose", None)
            if iterator is not inputs and aclose is not None:
                with anyio.CancelScope(shield=True):
                    await aclose()

    def _reader_failed(self, exc: Exception) -> None:
        logger.error("bulk run: the input raised %r; finishing the writes in flight", exc)
        self._reader_error = exc
        self._stop(None)

    def _admit(self, item: T) -> None:
        index = self._read
        self._read += 1
        self._open += 1
        slot: Slot[T] = Slot(index, item)
        self._sink.admit(slot)
        op = self._op
        if op.input_type is not None and not isinstance(item, op.input_type):
            error = InvalidInputError(
                op.name,
                f"expected {op.input_type.__name__}, got {type(item).__name__}",
                value=item,
            )
            self._finish(slot, _Final(ItemStatus.FAILED, error))
            return
        try:
            slot.key = op.key(item)
        except Exception:  # the input's id cannot even be read: the check says why
            slot.key = None
        try:
            op.check(item)
            slot.group = slot.key if op.group is None else op.group(item)
        except InvalidInputError as exc:
            self._finish(slot, _Final(ItemStatus.FAILED, exc))
            return
        if self._stopping:
            self._finish(slot, _Final(ItemStatus.NOT_ATTEMPTED, self._stop_error))
            return
        earlier = self._queue.put(slot)
        if earlier is not None:
            # Not sent yet: the newer intent takes its place (and its spot in the queue).
            self._finish(earlier, _Final(ItemStatus.SUPERSEDED), superseded_by=index)

    # writing

    async def _next(self) -> list[Slot[T]] | None:
        """The slots of the next call to make; None when the run is over."""
        if self._op.write_batch is None:
            return await self._take()
        # One worker at a time fills a batch: otherwise each would start one with the first
        # input it finds, and a run of 120 inputs would go out in 8 calls instead of 3.
        async with self._filling:
            return await self._take()

    async def _take(self) -> list[Slot[T]] | None:
        queue = self._queue
        while True:
            # A group already queued is taken without a trip through the event loop (the
            # stream's receive() always yields first): with 8 workers those extra scheduling
            # rounds cost ~40 % CPU per update on loopback. A cancellation is still honoured.
            try:
                slots = queue.take_nowait()
            except anyio.WouldBlock:
                try:
                    slots = await queue.take()
                except anyio.EndOfStream:
                    return None
            except anyio.EndOfStream:
                return None
            else:
                await anyio.lowlevel.checkpoint_if_cancelled()
            if slots is not None:
                break
        if self._op.write_batch is None:
            return slots
        limit = self._op.batch_size
        while len(slots) < limit:
            try:
                more = queue.take_nowait()
            except anyio.WouldBlock:
                if self._reading and not self._reader_idle and not self._stopping:
                    # The reader is still reading ready inputs: let it, to fill the call (each
                    # call costs a paced request). It reads at least one per turn.
                    await anyio.lowlevel.checkpoint()
                    continue
                break
            except anyio.EndOfStream:
                break
            if more is None:
                continue
            if len(slots) + len(more) > limit:
                queue.give_back(more)
                break
            slots.extend(more)
        return slots

    async def _work(self) -> None:
        while (slots := await self._next()) is not None:
            watch = WireWatch()
            token = WIRE_WATCH.set(watch)
            self._in_flight += len(slots)
            try:
                finals: list[_Final | None]
                if self._op.write_batch is None:
                    finals = [await self._write_one(slots[0], watch)]
                else:
                    finals = await self._write_batch(slots, watch)
            finally:
                WIRE_WATCH.reset(token)
                self._in_flight -= len(slots)
                if watch.sent:  # also when cancelled: then UNKNOWN rather than NOT_ATTEMPTED
                    for slot in slots:
                        slot.sent = True
            self._settle(slots, finals)

    def _settle(self, slots: list[Slot[T]], finals: list[_Final | None]) -> None:
        """Record a call's outcomes; None: the slot goes again after a wait."""
        retry = [slot for slot, final in zip(slots, finals, strict=True) if final is None]
        groups = {slot.group for slot in slots}
        if retry:
            for slot in retry:
                slot.sent = False  # refused as not processed: not sent, as far as it matters
            waits = max(slot.attempts for slot in retry)
            delay = min(self._op.retry_wait * 2 ** (waits - 1), _RETRY_WAIT_MAX)
            if self._group is None:  # pragma: no cover - set before any worker starts
                raise RuntimeError("the run has no task group")
            self._group.start_soon(self._guarded, self._retry_later, retry, delay)
            groups -= {slot.group for slot in retry}  # they stay in flight meanwhile
        for group in groups:
            self._queue.done(group)
        for slot, final in zip(slots, finals, strict=True):
            if final is not None:
                self._finish(slot, final)
        self._maybe_close()

    async def _retry_later(self, slots: list[Slot[T]], delay: float) -> None:
        await anyio.sleep(delay)
        for slot in slots:
            if self._stopping:
                fallback = slot.fallback
                if isinstance(fallback, _Final):
                    self._finish(slot, fallback)
            elif self._queue.requeue(slot) is not None:
                # A newer input for the same key is waiting: it goes instead.
                self._finish(slot, _Final(ItemStatus.SUPERSEDED))
        for group in {slot.group for slot in slots}:
            self._queue.done(group)
        self._maybe_close()

    async def _write_one(self, slot: Slot[T], watch: WireWatch) -> _Final:
        write = self._op.write
        if write is None:  # pragma: no cover - BulkOperation requires one of the two
            raise RuntimeError("no write")
        try:
            await write(self._client, slot.update)
        except CoupangError as exc:
            return self._failure(exc, watch)
        self._connection_failures = 0
        slot.written = True
        if not self._verify:
            return _OK
        read_back = self._op.read_back
        if read_back is None:  # pragma: no cover - verify is off without one
            return _OK
        try:
            mismatch = await read_back(self._client, slot.update)
        except CoupangError as exc:
            logger.warning("bulk run: reading back %s %s failed: %s", self._op.name, slot.key, exc)
            if isinstance(exc, RateLimitError):
                self._stop(exc)
            return _OK
        if mismatch is None:
            return _Final(ItemStatus.OK, verified=True)
        return _Final(ItemStatus.FAILED, mismatch, verified=False)

    async def _write_batch(self, slots: list[Slot[T]], watch: WireWatch) -> list[_Final | None]:
        write_batch = self._op.write_batch
        if write_batch is None:  # pragma: no cover - BulkOperation requires one of the two
            raise RuntimeError("no write_batch")
        for slot in slots:
            slot.attempts += 1
        try:
            outcomes = await write_batch(self._client, [slot.update for slot in slots])
        except CoupangError as exc:
            final = self._failure(exc, watch)
            return [final] * len(slots)
        self._connection_failures = 0
        for slot in slots:
            slot.sent = True
        if len(outcomes) != len(slots):
            raise RuntimeError(
                f"a batched write returned {len(outcomes)} outcomes for {len(slots)} inputs"
            )
        return [self._outcome(slot, outcome) for slot, outcome in zip(slots, outcomes, strict=True)]

    def _outcome(self, slot: Slot[T], outcome: ItemOutcome) -> _Final | None:
        code, retry = outcome.result_code, outcome.retry_required
        if outcome.status == "OK":
            slot.written = True
            return _Final(ItemStatus.OK, result_code=code, retry_required=retry)
        if outcome.status == "UNKNOWN":
            return _Final(ItemStatus.UNKNOWN, outcome.error, result_code=code, retry_required=retry)
        error = outcome.error
        if error is None:
            error = BusinessError(
                outcome.message or f"refused ({code})",
                response=None,
                status_code=200,
                code=code,
            )
        final = _Final(ItemStatus.FAILED, error, result_code=code, retry_required=retry)
        if retry and slot.attempts <= self._op.item_retries and not self._stopping:
            slot.fallback = final  # its result if the run stops before the retry goes out
            return None
        return final

    def _failure(self, exc: CoupangError, watch: WireWatch) -> _Final:
        """The final status of a write that raised `exc` (and what the run does about it).

        Whatever the last attempt got, a write whose earlier attempt may have reached the
        gateway (the client retries only after failures that do not say whether it was
        applied) is UNKNOWN.
        """
        sent = watch.sent
        if isinstance(exc, APIConnectionError):
            self._connection_failures += 1
            limit = self._max_connection_failures
            if limit is not None and self._connection_failures >= limit:
                logger.warning(
                    "bulk run: %d writes in a row got no answer from the gateway; stopping",
                    self._connection_failures,
                )
                self._stop(None, exc)
        else:
            self._connection_failures = 0
        if isinstance(exc, RateLimitError):
            self._stop(exc)
            if exc.local:  # refused by the client's cool-down: this attempt was never sent
                if not sent:
                    return _Final(ItemStatus.NOT_ATTEMPTED, exc)
                return _Final(ItemStatus.UNKNOWN, exc)  # an earlier attempt may have landed
            if watch.sent_before_last:
                return _Final(ItemStatus.UNKNOWN, exc)
            return _Final(ItemStatus.FAILED, exc)
        if isinstance(exc, ClientClosedError):
            # Someone closed the client under the run: nothing more can be sent. Stop as after
            # a 429, then raise it (`run`). A write whose earlier attempt was sent may have landed.
            if self._closed is None:
                self._closed = exc
            self._stop(None, exc)
            return _Final(ItemStatus.UNKNOWN if sent else ItemStatus.NOT_ATTEMPTED, exc)
        if watch.sent_before_last or _unknowable(exc, sent):
            return _Final(ItemStatus.UNKNOWN, exc)
        return _Final(ItemStatus.FAILED, exc)

    def _stop(self, error: RateLimitError | None, reason: CoupangError | None = None) -> None:
        """Take no more work: every unsent input becomes NOT_ATTEMPTED (its error: `reason`, or
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
        if self._result.stop_reason is None:
            self._result.stop_reason = self._stop_error
        for slot in self._queue.sweep():
            self._finish(slot, _Final(ItemStatus.NOT_ATTEMPTED, self._stop_error))

    def _maybe_close(self) -> None:
        if not self._reading and self._open == 0:
            self._queue.close()  # the workers' loops end

    # results

    def _finish(self, slot: Slot[T], final: _Final, *, superseded_by: int | None = None) -> None:
        if slot.result is not None:
            return
        error = final.error
        if error is not None:
            _detach(error)
        slot.result = ItemResult(
            slot.index,
            slot.update,
            final.status,
            error,
            superseded_by,
            final.verified,
            slot.key,
            final.result_code,
            final.retry_required,
        )
        self._open -= 1
        self._done[final.status] += 1
        self._report()
        self._sink.deliver()

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
                    in_flight=self._in_flight,
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
        self._sink.aborting = True
        self._result.cancelled = True
        self._queue.sweep()
        for slot in self._sink.pending():
            if slot.result is not None:
                continue
            if slot.written:  # accepted before the cancel; only its read-back was cut short
                self._finish(slot, _OK)
            elif slot.sent:
                self._finish(slot, _Final(ItemStatus.UNKNOWN))
            elif isinstance(slot.fallback, _Final):  # waiting to be sent again
                self._finish(slot, slot.fallback)
            else:  # never reached the transport (e.g. waiting for the client's pace)
                self._finish(slot, _Final(ItemStatus.NOT_ATTEMPTED))
        self._sink.deliver()
