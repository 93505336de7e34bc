"""What a benchmark case module uses: `Case`, `Comparison`, `Context`, and measuring helpers.

A case module (``benchmarks/case_*.py`` or ``benchmarks/bench_*.py``) defines

    CASES: list[Case]              # each one runs in a fresh subprocess, N times
    COMPARISONS: list[Comparison]  # ratios (or absolute checks) computed from the medians

and is listed in ``benchmarks.registry.CASE_MODULES``. See benchmarks/README.md for the recipe.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Metrics = dict[str, float]
MB = 1024 * 1024
#: Repetitions of the long cases that only report (no goal): keeps a full run near 10 minutes.
REPORT_REPEAT = 3

#: Credentials every case and every server in a run share (fake keys, loopback only).
ACCESS_KEY = "bench-access-key-0123456789"
SECRET_KEY = "bench-secret-key-0123456789abcdef"
VENDOR_ID = "A00012345"

PRICE_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{item}/prices/{price}"
INVENTORY_PATH = "/v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{item}/inventories"


@dataclass(frozen=True)
class Context:
    """What a case function receives (in its own process).

    Attributes:
        quick: smoke mode: tiny sizes, one repetition; the numbers mean nothing.
        servers: base URLs of the servers the harness started, by name ("raw", "fake",
            "raw_tls"; "raw_tls.ca" is the path of the CA certificate that server uses).
        params: the case's own parameters (`Case.params`).
    """

    quick: bool
    servers: Mapping[str, str]
    params: Mapping[str, Any] = field(default_factory=dict)

    def size(self, full: int, quick: int) -> int:
        """`full` in a real run, `quick` in smoke mode."""
        return quick if self.quick else full

    def server(self, name: str) -> str:
        try:
            return self.servers[name]
        except KeyError:
            raise Skip(f"server {name!r} is not running") from None


class Skip(Exception):
    """Raise from a case (or at import of a case module) to report it as skipped."""


CaseFn = Callable[[Context], Metrics | Awaitable[Metrics]]


@dataclass(frozen=True)
class Case:
    """One measurement. `run` returns metrics (name -> number); it may be async (run on asyncio).

    Attributes:
        name: unique, dotted (e.g. "http.put.c8.ours").
        run: the function measured in a fresh process.
        description: one line for the report.
        servers: the servers it needs ("raw", "fake"); the harness starts them once per run.
        params: passed to `run` as `ctx.params`.
        repeat: repetitions in a full run (default: the harness's --repeat).
    """

    name: str
    run: CaseFn
    description: str = ""
    servers: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    repeat: int | None = None


Op = Literal["<=", ">=", "<", ">"]


@dataclass(frozen=True)
class Comparison:
    """A goal row in the report.

    ``ratio = median(ours) / median(baseline)`` where baseline is another case's metric, or
    ``value = median(ours)`` checked against a constant when `baseline` is a number.

    Attributes:
        label: what is compared, for the table.
        ours: (case name, metric).
        baseline: (case name, metric), or a constant.
        goal: (op, number), e.g. ("<=", 1.15); None to only report.
        stat: against a constant, judge the "median" (default) or the worst repetition: "max"
            (e.g. 429 responses: any repetition with one fails) or "min".
    """

    label: str
    ours: tuple[str, str]
    baseline: tuple[str, str] | float
    goal: tuple[Op, float] | None = None
    stat: Literal["median", "max", "min"] = "median"


# --- measuring helpers ----------------------------------------------------------------------


@dataclass
class Meter:
    """Process CPU time and wall time around a block (`with Meter() as m: ...`)."""

    cpu: float = 0.0
    wall: float = 0.0
    _cpu0: float = 0.0
    _wall0: float = 0.0

    def __enter__(self) -> Meter:
        gc.collect()
        self._cpu0 = time.process_time()
        self._wall0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall0
        self.cpu = time.process_time() - self._cpu0

    def per_op(self, count: int, prefix: str = "") -> Metrics:
        """`cpu_us_per_op`, `wall_us_per_op` and `ops_per_s` (prefix-able) for `count` ops."""
        return {
            f"{prefix}cpu_us": self.cpu / count * 1e6,
            f"{prefix}wall_us": self.wall / count * 1e6,
            f"{prefix}per_s": count / self.wall if self.wall else float("inf"),
        }


async def drive(send_one: Callable[[int], Awaitable[object]], total: int, concurrency: int) -> None:
    """Send `total` requests with `concurrency` workers, each awaiting `send_one(i)` in turn.

    Bounded: every worker stops when the shared counter reaches `total`.
    """
    import anyio

    counter = iter(range(total))

    async def worker() -> None:
        for i in counter:
            await send_one(i)

    async with anyio.create_task_group() as tg:
        for _ in range(concurrency):
            tg.start_soon(worker)


async def measure_requests(
    send_one: Callable[[int], Awaitable[object]],
    *,
    total: int,
    concurrency: int,
    warmup: int,
) -> Metrics:
    """Warm up, then time `total` requests at `concurrency`: CPU µs/request, wall req/s."""
    await drive(send_one, warmup, concurrency)
    with Meter() as meter:
        await drive(send_one, total, concurrency)
    metrics = meter.per_op(total)
    return {
        "cpu_us_per_req": metrics["cpu_us"],
        "req_per_s": metrics["per_s"],
    }


class RssMeter:
    """Resident memory growth of this process around a block: `with RssMeter() as m: ...`.

    ``m.growth_mb``: the block's peak RSS minus the RSS when it started (the peak is the kernel's
    high-water mark, reset at the start on Linux; elsewhere, or where the reset is refused, a
    thread samples the RSS every 5 ms). ``m.retained_mb``: the RSS after the block (and a
    `gc.collect()`) minus the RSS before. The caller warms up first, so that imports and first-use
    caches are not counted as growth.
    """

    _STATUS = Path("/proc/self/status")

    def __init__(self) -> None:
        self.before = 0
        self.peak = 0
        self.after = 0
        self._hwm_reset = False
        self._sampler: threading.Thread | None = None
        self._stop = threading.Event()

    @classmethod
    def rss(cls) -> int:
        """The resident set size now, in bytes."""
        import resource  # POSIX only, like these measurements

        try:
            return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()
        except (OSError, ValueError, IndexError):  # not Linux: the peak is the best there is
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return peak if sys.platform == "darwin" else peak * 1024

    @classmethod
    def _hwm(cls) -> int:
        for line in cls._STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise OSError("no VmHWM")

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.rss())

    def __enter__(self) -> RssMeter:
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to now
            self._hwm()
            self._hwm_reset = True
        except OSError:
            self._sampler = threading.Thread(target=self._sample, daemon=True)
        self.before = self.peak = self.rss()
        if self._sampler is not None:
            self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._sampler is not None:
            self._stop.set()
            self._sampler.join()
        self.peak = max(self.peak, self._hwm() if self._hwm_reset else self.rss())
        gc.collect()
        self.after = self.rss()

    @property
    def growth_mb(self) -> float:
        return max(0, self.peak - self.before) / MB

    @property
    def retained_mb(self) -> float:
        return (self.after - self.before) / MB


def time_calls(fn: Callable[[], object], count: int) -> Metrics:
    """CPU and wall µs per call of a synchronous `fn` over `count` calls (after a warm-up)."""
    for _ in range(min(count, 1000)):
        fn()
    with Meter() as meter:
        for _ in range(count):
            fn()
    return {
        "cpu_us_per_call": meter.cpu / count * 1e6,
        "wall_us_per_call": meter.wall / count * 1e6,
    }
