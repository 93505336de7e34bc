"""The keyed queue of a bulk run: what waits to be sent, grouped, superseded, one write in
flight per group."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Generic, TypeVar

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

__all__ = ["KeyedQueue", "Slot"]

T = TypeVar("T")


class Slot(Generic[T]):
    """One input between being read and its result being delivered."""

    __slots__ = (
        "attempts",
        "fallback",
        "group",
        "index",
        "key",
        "result",
        "sent",
        "update",
        "written",
    )

    def __init__(self, index: int, update: T) -> None:
        self.index = index
        self.update = update
        self.key: Hashable = None
        self.group: Hashable = None
        self.result: object = None  # its ItemResult, once final
        self.sent = False  # a request for it may have reached the gateway
        self.written = False  # the write was accepted (a read-back may still be running)
        self.attempts = 0  # batched calls it went out in
        self.fallback: object = None  # its result if a retry the gateway asked for never goes


class KeyedQueue(Generic[T]):
    """Slots waiting to be sent, by group and key.

    - A slot put while an earlier slot of the same key is still waiting replaces it (and takes
      its place): `put` returns the earlier one, to be reported SUPERSEDED.
    - A group (all slots whose inputs must travel in the same call; without grouping, each key
      is its own group) is handed out whole by `take`, and not again until `done`: at most one
      write per group (so per key) is in flight.
    - With `sealing`, the group of the last input read stays open until `seal` (an input of
      another group arrived, the reader paused or the input ended), so that the inputs of one
      group given together travel together.

    No method awaits except `take`: the run's bookkeeping never sees it half-changed.
    """

    def __init__(self, *, sealing: bool) -> None:
        self._unsent: dict[Hashable, dict[Hashable, Slot[T]]] = {}
        self._in_flight: set[Hashable] = set()
        self._sealing = sealing
        self._open: Hashable = _NONE
        # Groups that may start now. Never more entries than unsent slots.
        self._ready_send: MemoryObjectSendStream[Hashable]
        self._ready: MemoryObjectReceiveStream[Hashable]
        self._ready_send, self._ready = anyio.create_memory_object_stream[Hashable](math.inf)

    @property
    def in_flight(self) -> int:
        """Groups with a write in flight."""
        return len(self._in_flight)

    def put(self, slot: Slot[T]) -> Slot[T] | None:
        """Queue `slot`; return the unsent slot of the same key it replaces, if any."""
        group = slot.group
        waiting = self._unsent.get(group)
        if waiting is None:
            waiting = self._unsent[group] = {}
            fresh = True
        else:
            fresh = False
        earlier = waiting.get(slot.key)
        waiting[slot.key] = slot
        if self._sealing:
            if group != self._open:
                self.seal()
                self._open = group
        elif fresh and group not in self._in_flight:
            self._ready_send.send_nowait(group)
        return earlier

    def seal(self) -> None:
        """The open group is complete: let it go."""
        group, self._open = self._open, _NONE
        if group in self._unsent and group not in self._in_flight:
            self._ready_send.send_nowait(group)

    def take_nowait(self) -> list[Slot[T]] | None:
        """The slots of a ready group, now in flight (None for a stale entry: take again).

        Raises:
            anyio.WouldBlock: no group is ready.
            anyio.EndOfStream: the queue is closed.
        """
        return self._claim(self._ready.receive_nowait())

    async def take(self) -> list[Slot[T]] | None:
        """Wait for a ready group (None if it was swept meanwhile); EndOfStream when closed."""
        return self._claim(await self._ready.receive())

    def _claim(self, group: Hashable) -> list[Slot[T]] | None:
        if group in self._in_flight:  # a stale entry: `done` queues the group again
            return None
        waiting = self._unsent.pop(group, None)
        if waiting is None:  # swept by a stop, or a stale entry
            return None
        self._in_flight.add(group)
        return list(waiting.values())

    def give_back(self, slots: list[Slot[T]]) -> None:
        """Return a group just taken (it did not fit into a batch), unchanged."""
        group = slots[0].group
        self._in_flight.discard(group)
        waiting = {slot.key: slot for slot in slots}
        waiting.update(self._unsent.get(group, {}))
        self._unsent[group] = waiting
        self._ready_send.send_nowait(group)

    def requeue(self, slot: Slot[T]) -> Slot[T] | None:
        """Put a slot of an in-flight group back to be sent again (a retry). Returns `slot`
        itself when a newer slot of its key is waiting (then the newer one goes instead)."""
        waiting = self._unsent.setdefault(slot.group, {})
        if slot.key in waiting:
            return slot
        waiting[slot.key] = slot
        return None

    def done(self, group: Hashable) -> None:
        """The group's write finished; slots that waited for it may go."""
        self._in_flight.discard(group)
        if group in self._unsent and group != self._open:
            self._ready_send.send_nowait(group)

    def sweep(self) -> list[Slot[T]]:
        """Take every waiting slot out (the run stops taking work), in no particular order."""
        slots = [slot for waiting in self._unsent.values() for slot in waiting.values()]
        self._unsent.clear()
        self._open = _NONE
        return slots

    def close(self) -> None:
        """No more work: `take` raises EndOfStream once the ready groups are taken."""
        self._ready_send.close()

    def aclose_all(self) -> None:
        self._ready_send.close()
        self._ready.close()


class _None:
    def __repr__(self) -> str:
        return "<no group>"


_NONE: Hashable = _None()
