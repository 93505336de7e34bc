"""The results of a bulk run (`coupang_async.bulk` re-exports every public name here)."""

from __future__ import annotations

import enum
from collections.abc import Hashable
from typing import Any, Final, Generic, Literal, Self, TypeVar

import attrs

from coupang_async._errors import (
    BadRequestError,
    BusinessError,
    CoupangError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
)

__all__ = [
    "BulkProgress",
    "BulkResult",
    "BulkUpdateError",
    "ItemOutcome",
    "ItemResult",
    "ItemStatus",
    "VerificationError",
]

T = TypeVar("T")
_PUBLIC: Final = "coupang_async.bulk"


class ItemStatus(enum.StrEnum):
    """The final status of one input."""

    #: The gateway accepted the write (and, with `verify=True`, it read back as written).
    OK = "OK"
    #: Invalid input (never sent), an error answer, a failed verification, or a 429.
    FAILED = "FAILED"
    #: A later update for the same key replaced it before it was sent.
    SUPERSEDED = "SUPERSEDED"
    #: Never sent (the run stopped after a 429, or was cancelled first).
    NOT_ATTEMPTED = "NOT_ATTEMPTED"
    #: Sent, and its outcome cannot be known (the answer was lost, a 5xx or a timeout came
    #: after it was sent, or the run was cancelled meanwhile): it may or may not be applied.
    UNKNOWN = "UNKNOWN"


NOT_APPLIED: Final = frozenset({ItemStatus.FAILED, ItemStatus.NOT_ATTEMPTED, ItemStatus.UNKNOWN})


@attrs.frozen
class ItemResult(Generic[T]):
    """The outcome of one input.

    Attributes:
        index: the input's position (0-based) in the iterable.
        update: the input itself.
        status: see `ItemStatus`.
        error: why it is FAILED (`InvalidInputError`, an `APIError`, `VerificationError`, or
            the gateway's per-item refusal as a `BusinessError`), why it is UNKNOWN (the
            error that made the outcome unknowable), or for NOT_ATTEMPTED after a 429 the
            `RateLimitError` that stopped the run; else None. Kept errors are detached to stay
            small: no traceback, cause, `response` or `request`; the message, `status_code`,
            `code`, `transaction_id` and `body` remain.
        superseded_by: for SUPERSEDED, the index of the update that replaced it.
        verified: with `verify=True`: True when the item read back as written, False on a
            mismatch (then status is FAILED), None when not checked.
        key: the input's id (the vendor item id for price, stock and sales updates; the
            shipment box id for acknowledgements; `(shipment_box_id, vendor_item_id)` for
            invoices). None for an input that is not of the expected type.
        result_code: the gateway's per-item result code, where a batched call sent one.
        retry_required: the gateway's per-item `retryRequired` flag, where it sent one (an
            item still marked so after the run's retries is FAILED with it True).
    """

    index: int
    update: T
    status: ItemStatus
    error: CoupangError | None = None
    superseded_by: int | None = None
    verified: bool | None = None
    key: Any = None
    result_code: str | None = None
    retry_required: bool | None = None

    @property
    def vendor_item_id(self) -> int:
        """The update's vendor item id (None if the input has none)."""
        vendor_item_id: Any = getattr(self.update, "vendor_item_id", None)
        return vendor_item_id  # type: ignore[no-any-return]

    @property
    def ok(self) -> bool:
        """True when the status is OK."""
        return self.status is ItemStatus.OK

    @property
    def refused(self) -> bool:
        """FAILED because the gateway refused this input for good (400, 404, a business error
        such as a price beyond the allowed change, or a per-item refusal in a batch that did
        not ask for a retry): sending it again unchanged cannot succeed."""
        if self.status is not ItemStatus.FAILED:
            return False
        if self.retry_required is False and self.result_code is not None:
            return True
        return isinstance(self.error, BadRequestError | NotFoundError | BusinessError)


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


@attrs.frozen
class ItemOutcome:
    """One input's answer in a batched call (what a batched write returns per input).

    Build one with `success()`, `failure()` or `unknown()`.
    """

    status: Literal["OK", "FAILED", "UNKNOWN"]
    result_code: str | None = None
    message: str | None = None
    retry_required: bool | None = None
    error: CoupangError | None = None

    @classmethod
    def success(cls, result_code: str | None = None, message: str | None = None) -> Self:
        """The gateway applied it."""
        return cls("OK", result_code, message, False if result_code is not None else None)

    @classmethod
    def failure(
        cls,
        result_code: str | None,
        message: str | None,
        *,
        retry_required: bool | None = None,
        error: CoupangError | None = None,
    ) -> Self:
        """The gateway refused it; with `retry_required=True` the run sends it again."""
        return cls("FAILED", result_code, message, retry_required, error)

    @classmethod
    def unknown(cls, error: CoupangError | None = None) -> Self:
        """Whether it was applied cannot be known (and reading back could not settle it)."""
        return cls("UNKNOWN", error=error)


def _retryable(result: ItemResult[Any]) -> bool:
    return result.status in NOT_APPLIED and not isinstance(result.error, InvalidInputError)


class BulkResult(Generic[T]):
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
        stop_reason: why the run stopped taking work early, if it did: the `RateLimitError`
            (as `stopped_by`), the `ClientClosedError`, or the last of the consecutive
            connection failures that stopped it.
        cancelled: True when the run was cancelled (or aborted by an error) part-way.
    """

    def __init__(self, *, keep: Literal["all", "failures", "none"] = "all") -> None:
        if keep not in ("all", "failures", "none"):
            raise InvalidInputError("keep", f"must be 'all', 'failures' or 'none', not {keep!r}")
        self.keep = keep
        self.results: list[ItemResult[T]] = []
        self.counts: dict[ItemStatus, int] = dict.fromkeys(ItemStatus, 0)
        self.total = 0
        self.stopped_by: RateLimitError | None = None
        self.stop_reason: CoupangError | None = None
        self.cancelled = False
        # For updates_to_retry(): keys with a failed input, and for those the index of their
        # newest OK input (bounded by the number of failures, whatever `keep` is).
        self._failed_keys: set[Hashable] = set()
        self._newest_ok: dict[Hashable, int] = {}

    def _add(self, result: ItemResult[T]) -> None:
        self.counts[result.status] += 1
        self.total += 1
        if _retryable(result):
            self._failed_keys.add(_hashable(result.key))
        elif result.status is ItemStatus.OK and _hashable(result.key) in self._failed_keys:
            self._newest_ok[_hashable(result.key)] = result.index
        if self.keep == "all" or (self.keep == "failures" and result.status in NOT_APPLIED):
            self.results.append(result)

    @property
    def succeeded(self) -> list[ItemResult[T]]:
        """The kept results with status OK."""
        return [r for r in self.results if r.status is ItemStatus.OK]

    @property
    def failed(self) -> list[ItemResult[T]]:
        """The kept results whose update is not known to be applied: FAILED, NOT_ATTEMPTED and
        UNKNOWN (to re-run, use `updates_to_retry()`, not all of these)."""
        return [r for r in self.results if r.status in NOT_APPLIED]

    @property
    def ok(self) -> bool:
        """True when every update was applied or superseded by one that was."""
        return not any(self.counts[status] for status in NOT_APPLIED)

    def updates_to_retry(self, *, include_refused: bool = True) -> list[T]:
        """The input of a re-run that finishes the job without undoing anything, in input order.

        Writes are absolute, so only the newest intent for each key matters. For every key
        whose newest valid input in this run is not known to be applied (FAILED,
        NOT_ATTEMPTED, UNKNOWN), that input; nothing for a key whose failed input was
        followed by a later one that succeeded (re-sending the older value would overwrite the
        newer one). Inputs that failed local validation are left out: re-sending them cannot
        succeed (they are in `failed`; fix them first). With `include_refused=False`, so are
        updates the gateway refused for good (see `ItemResult.refused`). Needs the failures
        kept (`keep="all"` or `"failures"`).
        """
        newest: dict[Hashable, ItemResult[T]] = {}
        for result in self.results:
            if _retryable(result):
                newest[_hashable(result.key)] = result
        return [
            result.update
            for result in sorted(newest.values(), key=lambda r: r.index)
            if result.index > self._newest_ok.get(_hashable(result.key), -1)
            and (include_refused or not result.refused)
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


def _hashable(key: object) -> Hashable:
    # A key of an input that failed its type check may be anything (None then).
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key


def _label(result: ItemResult[Any]) -> str:
    if getattr(result.update, "vendor_item_id", None) is not None:
        return f"vendor item {result.vendor_item_id}"
    return f"{result.key}"


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
            f"  #{r.index} {_label(r)}: {r.status.value}"
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


for _cls in (ItemStatus, ItemResult, BulkProgress, BulkResult, BulkUpdateError, VerificationError):
    _cls.__module__ = _PUBLIC
