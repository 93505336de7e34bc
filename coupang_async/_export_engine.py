"""The export engine: any paginator to a file, streamed, atomic, resumable and checkpointed.

`export_pages` walks a paginator page by page, turns each page into bytes with a page writer
(JSONL lines, CSV rows, ...) and appends them to `OUT.part`, recording after every page a
checkpoint (`OUT.checkpoint`): the token of the next page, every token already walked, and the
size and CRC-32 of the partial file up to the end of that page. A finished export is fsynced and
renamed over `OUT`. Running the same export again resumes from the checkpoint; a token the
gateway hands out a second time is never a resume point, and no page is written twice.
`coupang_async.export` builds the catalogue export on it; other listings can use it the same way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, Protocol

import anyio
import anyio.lowlevel
import attrs
import orjson

from coupang_async._errors import ClientClosedError, CoupangError, PaginationError
from coupang_async._wire import WIRE_WATCH, WireWatch
from coupang_async.pagination import AsyncPaginator, Page

if TYPE_CHECKING:
    from coupang_async._client import CoupangClient

if sys.platform != "win32":  # POSIX: an advisory lock keeps two exports off one file
    import fcntl

__all__ = [
    "ExportError",
    "ExportFormat",
    "ExportProgress",
    "ExportResult",
    "ExportSource",
    "PageWriter",
    "checkpoint_path",
    "export_pages",
    "partial_path",
]

logger = logging.getLogger("coupang_async.export")

ExportFormat = Literal["jsonl", "csv"]

_CHECKPOINT_VERSION: Final = 2  # 2: with the tokens walked (1 is read as having walked none)
_SYNC_INTERVAL: Final = 1.0  # seconds between fsyncs of the partial file during a run
_READ_CHUNK: Final = 1 << 20
_FILE_MODE: Final = 0o600  # the partial file and checkpoint are the user's only
_PUBLIC: Final = "coupang_async.export"


class ExportError(CoupangError):
    """The export cannot go on as asked: its checkpoint belongs to an export with other options,
    or another export is writing the same file. Nothing was changed."""


@attrs.frozen
class ExportProgress:
    """Where an export stands, after each page written (for progress bars).

    Attributes:
        pages: pages in the file so far (pages of an interrupted run that this run resumed
            included).
        products: products in the file so far.
        rows: lines (JSONL) or rows without the header (CSV) in the file so far.
        bytes: size of the partial file.
        resumed_products: products that were already in the file when this run started.
        next_token: the token of the next page (None after the last one).
    """

    pages: int
    products: int
    rows: int
    bytes: int
    resumed_products: int
    next_token: str | None


@attrs.frozen
class ExportResult:
    """A finished export.

    Attributes:
        path: the file written.
        format: "jsonl" or "csv".
        pages, products, rows, bytes: totals of the file (resumed runs included).
        resumed: True when this run continued an interrupted one.
        complete: True when the listing was walked to its end; False when `max_pages` stopped it
            (then `next_token` is where it stopped).
        next_token: the token of the first page not exported (None when complete).
    """

    path: Path
    format: ExportFormat
    pages: int
    products: int
    rows: int
    bytes: int
    resumed: bool
    complete: bool
    next_token: str | None


class PageWriter(Protocol):
    """Turns pages into the bytes of the file (JSONL lines, CSV rows, ...)."""

    @property
    def header(self) -> bytes:
        """The bytes the file starts with (a CSV header, or nothing)."""
        ...

    def page(self, page: Page[Any], prepared: Any) -> tuple[bytes, int]:
        """The bytes of one page and the number of lines or rows in them.

        `prepared` is what the source's `prepare` made of the page (None without one).
        """
        ...


@attrs.frozen
class ExportSource:
    """What to export.

    Attributes:
        pages: builds the paginator: `pages(start_token, max_pages)` (the start token is None
            for the first page; max_pages None for all). Any paging style works; the export
            keeps its own record of the tokens walked.
        identity: what makes two exports the same export (gateway, query, format, ...): a
            checkpoint made with another identity is refused rather than continued. JSON only.
        prepare: optional, per page, run while the previous page is being written (e.g. fetch
            each item in full); its result goes to the writer with the page.
    """

    pages: Callable[[str | None, int | None], AsyncPaginator[Any]]
    identity: dict[str, Any]
    prepare: Callable[[Page[Any]], Awaitable[Any]] | None = None


def partial_path(out: str | os.PathLike[str]) -> Path:
    """Where an export to `out` writes until it is finished: `OUT.part`."""
    path = Path(out)
    return path.with_name(path.name + ".part")


def checkpoint_path(out: str | os.PathLike[str]) -> Path:
    """Where an export to `out` keeps its checkpoint: `OUT.checkpoint`."""
    path = Path(out)
    return path.with_name(path.name + ".checkpoint")


# -- checkpoint ----------------------------------------------------------------------------------


@attrs.define
class _State:
    pages: int = 0
    products: int = 0
    rows: int = 0
    bytes: int = 0
    crc: int = 0
    next_token: str | None = None
    complete: bool = False
    walked: list[str] = attrs.Factory(list)  # the tokens of the pages written, in order


def _crc_of(handle: IO[bytes], size: int) -> int | None:
    """CRC-32 of the first `size` bytes, or None when the file is shorter."""
    handle.seek(0)
    crc, left = 0, size
    while left:
        chunk = handle.read(min(left, _READ_CHUNK))
        if not chunk:
            return None
        crc = zlib.crc32(chunk, crc)
        left -= len(chunk)
    return crc


def _load_record(path: Path) -> dict[str, Any] | None:
    """The checkpoint's record, or None when there is none or it is torn or garbled."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    line, _, _ = raw.partition(b"\n")
    payload, _, check = line.rpartition(b"\t")
    try:
        if int(check, 16) != zlib.crc32(payload):
            return None
        record = orjson.loads(payload)
    except (ValueError, orjson.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _read_checkpoint(path: Path, identity: dict[str, Any]) -> _State | None:
    """The saved state, None if there is none or it is unusable; ExportError on a mismatch."""
    if not path.exists() or path.stat().st_size == 0:
        return None  # none, or created by a run stopped before its first page was recorded
    saved = _load_record(path)
    if saved is None or saved.get("version") not in (1, _CHECKPOINT_VERSION):
        logger.warning("ignoring the unreadable checkpoint %s; starting over", path)
        return None
    if saved.get("export") != identity:
        raise ExportError(
            f"{path} belongs to an export with other options ({_describe(saved.get('export'))}; "
            f"now {_describe(identity)}). Run it again with the same options to resume, or "
            "start over (resume=False, --restart)."
        )
    try:
        return _State(
            pages=int(saved["pages"]),
            products=int(saved["products"]),
            rows=int(saved["rows"]),
            bytes=int(saved["bytes"]),
            crc=int(saved["crc32"]),
            next_token=saved["next_token"],
            complete=bool(saved["complete"]),
            walked=_tokens(saved.get("walked", [])),
        )
    except (KeyError, TypeError, ValueError):
        logger.warning("ignoring the malformed checkpoint %s; starting over", path)
        return None


def _tokens(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(token, str) for token in value):
        raise ValueError("walked: not a list of tokens")
    return list(value)


def _describe(identity: object) -> str:
    if not isinstance(identity, dict):
        return repr(identity)
    query = identity.get("query") or {}
    parts = [f"{k}={v}" for k, v in query.items() if k != "vendorId"]
    parts.insert(0, f"vendor {query.get('vendorId')}")
    parts.append(f"format={identity.get('format')}")
    if identity.get("details"):
        parts.append("details")
    return ", ".join(parts)


class _CheckpointFile:
    """The checkpoint, rewritten in place after every page (one `pwrite`, microseconds).

    One line: the JSON record, a tab, the record's CRC-32 in hex. A record torn by a crash fails
    its CRC and is ignored (the export then starts over); a rename per page would cost a hundred
    times more.
    """

    def __init__(self, path: Path, identity: dict[str, Any]) -> None:
        self.path = path
        self.identity = identity
        self._fd = -1  # opened at the first write: no checkpoint before the first page
        self._length = 0

    def write(self, state: _State) -> None:
        if self._fd < 0:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, _FILE_MODE)
            _owner_only(self._fd)
            self._length = os.fstat(self._fd).st_size
        payload = orjson.dumps(
            {
                "version": _CHECKPOINT_VERSION,
                "export": self.identity,
                "pages": state.pages,
                "products": state.products,
                "rows": state.rows,
                "bytes": state.bytes,
                "crc32": state.crc,
                "next_token": state.next_token,
                "complete": state.complete,
                "walked": state.walked,
            }
        )
        record = payload + b"\t" + f"{zlib.crc32(payload):08x}".encode() + b"\n"
        if sys.platform == "win32":  # pragma: no cover - no pwrite there
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, record)
        else:
            os.pwrite(self._fd, record, 0)
        if len(record) < self._length:
            os.ftruncate(self._fd, len(record))
        self._length = len(record)

    def sync(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _owner_only(fd: int) -> None:
    """Mode 0600 also for a file an older version (or another umask) created."""
    if sys.platform != "win32":
        os.fchmod(fd, _FILE_MODE)


def _sync_directory(path: Path) -> None:
    # Makes the rename durable; not possible on every platform (Windows), harmless to skip there.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _lock(handle: IO[bytes], path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - no advisory locks there
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise ExportError(f"another export is writing {path}; wait for it or stop it") from None


class _Output:
    """The open partial file and checkpoint of a run."""

    def __init__(self, handle: IO[bytes], checkpoint: _CheckpointFile) -> None:
        self.handle = handle
        self.checkpoint = checkpoint

    def save(self, data: bytes, state: _State) -> None:
        """Append a page's data, then record the state that includes it."""
        self.handle.write(data)
        self.handle.flush()
        self.checkpoint.write(state)

    def sync(self) -> None:
        os.fsync(self.handle.fileno())
        self.checkpoint.sync()

    def close(self) -> None:
        """Flush and close (idempotent); the checkpoint says how much of the data counts."""
        self.checkpoint.close()
        self.handle.close()


@attrs.frozen
class _Files:
    """The target, its partial file and checkpoint, and the blocking work on them."""

    path: Path
    part: Path
    checkpoint: Path
    identity: dict[str, Any]
    writer: PageWriter

    def open(self, resume: bool) -> tuple[_Output, _State, bool] | _State:
        """Open and lock the partial file and put it in the state the checkpoint describes.

        Returns the open files, the state to continue from and whether it resumes; or only the
        state when the previous run had already finished and renamed its file.
        """
        # Open without truncating, lock, and only then look at what an earlier run left.
        fd = os.open(self.part, os.O_RDWR | os.O_CREAT | os.O_APPEND, _FILE_MODE)
        handle = os.fdopen(fd, "a+b")  # returned open, closed by the caller
        try:
            _owner_only(fd)
            if sys.platform != "win32":
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(self.checkpoint, _FILE_MODE)
            _lock(handle, self.part)
            state = _read_checkpoint(self.checkpoint, self.identity) if resume else None
            if state is not None and self._already_finished(state, handle):
                # The last run renamed its file but stopped before removing the checkpoint.
                handle.close()
                self.part.unlink(missing_ok=True)
                self.checkpoint.unlink(missing_ok=True)
                return state
            if state is not None and _crc_of(handle, state.bytes) != state.crc:
                logger.warning(
                    "%s does not match %s (changed or cut short since); starting over",
                    self.part,
                    self.checkpoint,
                )
                state = None
            resumed = state is not None
            if state is not None:
                handle.truncate(state.bytes)  # drop what was written after the checkpoint
            else:
                self.checkpoint.unlink(missing_ok=True)
                header = self.writer.header
                handle.truncate(0)
                handle.write(header)
                handle.flush()
                state = _State(bytes=len(header), crc=zlib.crc32(header))
            return _Output(handle, _CheckpointFile(self.checkpoint, self.identity)), state, resumed
        except BaseException:
            handle.close()
            raise

    def _already_finished(self, state: _State, handle: IO[bytes]) -> bool:
        if not state.complete or _size(handle) != 0:
            return False
        try:
            with self.path.open("rb") as finished:
                return (
                    _size(finished) == state.bytes and _crc_of(finished, state.bytes) == state.crc
                )
        except OSError:
            return False

    def finish(self, output: _Output) -> None:
        """Make the partial file durable, rename it over the target, drop the checkpoint."""
        output.handle.flush()
        os.fsync(output.handle.fileno())
        output.close()
        os.replace(self.part, self.path)
        _sync_directory(self.path.parent)
        self.checkpoint.unlink(missing_ok=True)


def _size(handle: IO[bytes]) -> int:
    return os.fstat(handle.fileno()).st_size


def _result(path: Path, fmt: ExportFormat, state: _State, *, resumed: bool) -> ExportResult:
    return ExportResult(
        path=path,
        format=fmt,
        pages=state.pages,
        products=state.products,
        rows=state.rows,
        bytes=state.bytes,
        resumed=resumed,
        complete=state.next_token is None,
        next_token=state.next_token,
    )


# -- the walk ------------------------------------------------------------------------------------


@attrs.frozen
class _Batch:
    page: Page[Any]  # the items as received; `raw` is the Envelope
    prepared: Any  # what the source's `prepare` made of it
    next_sent: anyio.Event  # set once the request for the next page is on the wire


#: Turns the writer gives the producer, at most, before writing a page (see `_walk`).
_HANDOFF_TURNS: Final = 8


async def export_pages(
    client: CoupangClient,
    path: Path,
    fmt: ExportFormat,
    source: ExportSource,
    writer: PageWriter,
    *,
    max_pages: int | None = None,
    resume: bool = True,
    on_page: Callable[[ExportProgress], object] | None = None,
) -> ExportResult:
    """Export every page of `source` to `path` with `writer` (arguments checked by the caller).

    Raises:
        ExportError: the checkpoint belongs to another export, or another export holds the file.
        ClientClosedError: the client is closed (nothing is written).
        PaginationError: the gateway handed out a token it had handed out before; the page
            that carried it is not written and the checkpoint stays at the page before, so
            running again retries from there.
        CoupangError: the API failed (after the client's retries); the checkpoint is kept, so
            calling again resumes. A run that fails before its first page leaves no files.
        OSError: the file cannot be written; the checkpoint is kept.
    """
    if client.is_closed:  # before any file is touched
        raise ClientClosedError
    files = _Files(
        path=path,
        part=partial_path(path),
        checkpoint=checkpoint_path(path),
        identity=source.identity,
        writer=writer,
    )
    # File work (a checksum over a big partial file, fsync, rename) runs in a worker thread;
    # shielded, so that a cancellation cannot strand an open, locked file.
    with anyio.CancelScope(shield=True):
        opened = await anyio.to_thread.run_sync(files.open, resume)
    if isinstance(opened, _State):  # the last run had finished already
        return _result(path, fmt, opened, resumed=True)
    output, state, resumed = opened
    try:
        await anyio.lowlevel.checkpoint()  # a cancellation that came while the thread worked
        if not state.complete and max_pages is not None and state.pages >= max_pages:
            state.complete = True
        if not state.complete:
            await _walk(client, source, files, state, output, max_pages, on_page)
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(files.finish, output)
    except BaseException:
        if not resumed and state.pages == 0:
            # Nothing of this export is in the file (e.g. the keys were refused): leave nothing.
            output.close()
            with contextlib.suppress(OSError):
                files.part.unlink()
            with contextlib.suppress(OSError):
                files.checkpoint.unlink()
        raise
    finally:
        output.close()  # flushes what was written; the checkpoint says how much of it counts
    return _result(path, fmt, state, resumed=resumed)


def _repeated(page: Page[Any], walked: set[str]) -> PaginationError | None:
    token = page.next_token
    if token is None or (token not in walked and token != page.token):
        return None
    return PaginationError(
        f"the gateway returned nextToken {token!r} again; the page that carried it was not"
        " written, and the export stops instead of writing pages twice. Run it again later to"
        " retry from that page."
    )


async def _walk(
    client: CoupangClient,
    source: ExportSource,
    files: _Files,
    state: _State,
    output: _Output,
    max_pages: int | None,
    on_page: Callable[[ExportProgress], object] | None,
) -> None:
    """Fetch (one page ahead) and write pages until the end; the state follows every page."""
    writer = files.writer
    pager = source.pages(state.next_token, None if max_pages is None else max_pages - state.pages)
    walked = set(state.walked)
    resumed_products = state.products
    sender, receiver = anyio.create_memory_object_stream[_Batch](0)
    fetch_failure: list[Exception] = []
    prepare = source.prepare

    async def produce() -> None:
        # Fetches page N+1 while page N is prepared and written: the typing, writing and the
        # wait for the gateway overlap. Failures go to the writer's side, to be raised there.
        async with sender:
            try:
                pages = pager.pages()
                sent = anyio.Event()
                while True:
                    # The client tells when this request is on the wire (see the writer below).
                    token = WIRE_WATCH.set(WireWatch(on_wire=sent.set))
                    try:
                        page = await anext(pages)
                    except StopAsyncIteration:
                        break
                    finally:
                        WIRE_WATCH.reset(token)
                    prepared = None if prepare is None else await prepare(page)
                    sent = anyio.Event()  # the next page's
                    await sender.send(_Batch(page, prepared, sent))
                    # Not kept while the next page is fetched and decoded: freed as soon as it
                    # is written, rather than promoted by the garbage collector (see below).
                    del page, prepared
            except Exception as exc:
                fetch_failure.append(exc)

    write_failure: Exception | None = None
    last_sync = time.monotonic()
    async with anyio.create_task_group() as group:
        group.start_soon(produce)
        try:
            async with receiver:
                async for batch in receiver:
                    # The next page's request only goes out when the producer next runs (httpx
                    # and httpcore yield to the loop on the way), and writing a page never
                    # yields: give it its turns first, until the request is on the wire or at
                    # most _HANDOFF_TURNS (it may be waiting for the pace or a retry, or the
                    # transport may not report it). Otherwise the gateway would only start on
                    # page N+1 once page N was written.
                    for _ in range(_HANDOFF_TURNS):
                        if batch.next_sent.is_set():
                            break
                        await anyio.lowlevel.checkpoint()
                    page = batch.page
                    repeated = _repeated(page, walked)
                    if repeated is not None:
                        raise repeated
                    data, rows = writer.page(page, batch.prepared)
                    state.bytes += len(data)
                    state.crc = zlib.crc32(data, state.crc)
                    state.pages += 1
                    state.products += len(page.items)
                    state.rows += rows
                    state.next_token = page.next_token
                    if page.token is not None:
                        walked.add(page.token)
                        state.walked.append(page.token)
                    state.complete = state.next_token is None or (
                        max_pages is not None and state.pages >= max_pages
                    )
                    output.save(data, state)
                    if time.monotonic() - last_sync >= _SYNC_INTERVAL:
                        await anyio.to_thread.run_sync(output.sync)
                        last_sync = time.monotonic()
                    if on_page is not None:
                        on_page(
                            ExportProgress(
                                pages=state.pages,
                                products=state.products,
                                rows=state.rows,
                                bytes=state.bytes,
                                resumed_products=resumed_products,
                                next_token=state.next_token,
                            )
                        )
                    # Drop the page (its items, prepared data and bytes) before waiting for the
                    # next one: otherwise two pages are alive while the next is decoded, and the
                    # collections its objects trigger promote the written one (~0.2 ms a page).
                    del batch, page, data
        except Exception as exc:  # raised below, outside the task group (no ExceptionGroup)
            write_failure = exc
            group.cancel_scope.cancel()
    if write_failure is not None:
        raise write_failure
    if fetch_failure:
        raise fetch_failure[0]


for _cls in (ExportError, ExportProgress, ExportResult):
    _cls.__module__ = _PUBLIC
