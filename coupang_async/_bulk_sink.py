"""The ordered result sink of a bulk run: exactly one result per input, in input order, with
a bounded number of inputs between being read and their result being delivered."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

import anyio

from coupang_async._bulk_queue import Slot
from coupang_async._bulk_types import BulkResult, ItemResult

__all__ = ["ResultSink"]

logger = logging.getLogger("coupang_async.bulk")

T = TypeVar("T")


class ResultSink(Generic[T]):
    """Hands results over in input order: to `on_result`, then to the `BulkResult`.

    `acquire` admits one more input (waits while `window` inputs are without a delivered
    result); `admit` records its slot; `deliver` hands over every result at the head.
    """

    def __init__(
        self,
        into: BulkResult[T],
        on_result: Callable[[ItemResult[T]], object] | None,
        window: int,
    ) -> None:
        self.result = into
        self.on_result = on_result
        self.aborting = False
        self._order: deque[Slot[T]] = deque()
        self._window = anyio.Semaphore(window)

    def acquire_nowait(self) -> bool:
        try:
            self._window.acquire_nowait()
        except anyio.WouldBlock:
            return False
        return True

    async def acquire(self) -> None:
        await self._window.acquire()

    def release(self) -> None:
        """Give back a window place taken for an input that did not come (end of input)."""
        self._window.release()

    def admit(self, slot: Slot[T]) -> None:
        self._order.append(slot)

    def pending(self) -> list[Slot[T]]:
        """The slots read whose results are not delivered yet, in input order."""
        return list(self._order)

    def deliver(self) -> None:
        """Hand over the results at the head of the window, in input order."""
        order = self._order
        while order and (result := order[0].result) is not None:
            order.popleft()
            item: ItemResult[T] = result  # type: ignore[assignment]
            self.result._add(item)
            self._window.release()
            callback = self.on_result
            if callback is None:
                continue
            try:
                callback(item)
            except Exception:
                self.on_result = None  # never called again, not even for the results left
                if not self.aborting:
                    raise
                logger.exception("bulk run: on_result failed while the run was being aborted")
