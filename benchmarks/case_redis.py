"""One vendor's budget shared in Redis: 4 worker processes against a gateway limited to 20/s, and
what one admission costs beside the in-memory store.

`redis.pace.w4`: a redis-server and the fake's loopback server limited to 20 calls/s (both
started by the case itself, in their own processes), then 4 worker processes
(`benchmarks/redis_worker.py`), each a `CoupangClient(requests_per_second=20)` running
`bulk.update_quantities` through `RedisRateLimitStore`. Each opens its connections first (one
paced read, as `case_pace` warms up), then they start together and share one budget. Goals:
zero 429 responses in every repetition, and a combined pace (responses - 1) / (last response -
first response), over all workers, of at least 0.9 of the limit. The pacing keeps a 50 ms
network margin (at most 20 starts per 1.05 s), so its ceiling is ~0.95. As in `case_bulk`, the
fake's `X-CAG-Warnings` are off: near the limit they make every client step its pace down 5 %
by design (with them on, this run reached 0.89 of the limit, still without a 429).

`redis.admission.*`: what the client does per request to be admitted, with pacing that never
has to wait (a pace of 1,000,000/s): the cool-down check, its turn (`try_start`) and the check
again after it. Client CPU µs and wall µs per request, and round trips to Redis per request
(counted by the server: `INFO commandstats`), for the Redis store and the in-memory one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.fake_server import make_fake
from benchmarks.harness import VENDOR_ID, Case, Comparison, Context, Metrics, Skip

try:
    from coupang_async.redis import RedisRateLimitStore
except ImportError as exc:
    raise Skip(f"needs the redis extra ({exc})") from None

from coupang_async import InMemoryRateLimitStore
from coupang_async._ratelimit import Pacer, RateLimitStore
from tests.redis_server import RedisServer, command

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 20
WORKERS = 4


def _start_fake(rate: int, lifetime: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.fake_server",
            "--rate",
            str(rate),
            "--no-warnings",
            "--lifetime",
            str(int(lifetime)),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    line: list[str] = []
    reader = threading.Thread(
        target=lambda: line.append(process.stdout.readline() if process.stdout else ""),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=30)
    first = line[0].strip() if line else ""
    if not first.startswith("READY "):
        _stop(process)
        raise RuntimeError(f"the fake's server did not start: {first or 'no output in 30 s'}")
    value = first.removeprefix("READY ").strip()
    return process, value if "://" in value else f"http://127.0.0.1:{value}"


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is not None:
        return
    if process.stdin is not None:
        process.stdin.close()  # the fake's server exits when its stdin closes
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _most_in_a_second(times: list[float]) -> int:
    ordered = sorted(times)
    first, best = 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


def pace(ctx: Context) -> Metrics:
    per_worker = ctx.size(60, 5)
    ids = make_fake(LIMIT).vendor_item_ids(writable=True)
    with RedisServer() as redis:
        fake, base_url = _start_fake(LIMIT, lifetime=ctx.size(200, 60))
        workers: list[subprocess.Popen[str]] = []
        try:
            # After every worker has imported and made its warm-up read (a second apart from
            # the run, so the gateway's window never holds both).
            start_at = time.time() + ctx.size(6, 5)
            for w in range(WORKERS):
                mine = [str(ids[i % len(ids)]) for i in range(w * per_worker, (w + 1) * per_worker)]
                workers.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "benchmarks.redis_worker",
                            base_url,
                            redis.url,
                            "bench:",
                            str(LIMIT),
                            str(start_at),
                            *mine,
                        ],
                        cwd=ROOT,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                )
            reports = []
            for worker in workers:
                out, err = worker.communicate(timeout=ctx.size(150, 45))
                if worker.returncode != 0:
                    raise RuntimeError(f"worker exited {worker.returncode}: {err[-500:]}")
                reports.append(json.loads(out.strip().splitlines()[-1]))
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(timeout=5)
            _stop(fake)
    responses = [(at, status) for report in reports for at, status in report["responses"]]
    times = sorted(at for at, _ in responses)
    span = times[-1] - times[0]
    achieved = (len(times) - 1) / span if span > 0 else 0.0
    return {
        "fraction_of_limit": achieved / LIMIT,
        "achieved_per_s": achieved,
        "responses_429": float(sum(1 for _, status in responses if status == 429)),
        "responses": float(len(responses)),
        "updates_ok": float(sum(report["counts"]["OK"] for report in reports)),
        "most_in_any_1s_window": float(_most_in_a_second(times)),
    }


#: Commands the store's Lua scripts run inside the server; `INFO commandstats` counts them too.
_IN_SCRIPTS = {"time", "get", "set", "del", "lindex", "lpush", "ltrim", "pexpire", "pttl"}


def _round_trips(port: int) -> int:
    """Commands clients have sent so far (not those run inside scripts, nor INFO itself)."""
    info = command(port, "INFO", "commandstats").decode()
    return sum(
        int(calls)
        for name, calls in re.findall(r"cmdstat_([^:]+):calls=(\d+)", info)
        if name not in _IN_SCRIPTS and name != "info"
    )


async def admission(ctx: Context) -> Metrics:
    count = ctx.size(3000, 50)
    redis: RedisServer | None = None
    store: RateLimitStore
    if ctx.params["store"] == "redis":
        redis = RedisServer().start()
        store = RedisRateLimitStore(redis.url, key_prefix="bench:")
        await store.__aenter__()
    else:
        store = InMemoryRateLimitStore()
    try:
        pacer = Pacer(VENDOR_ID, 1_000_000.0, store)

        async def one() -> None:
            await pacer.cooldown_left()  # before the concurrency slot
            await pacer.wait_turn()
            await pacer.cooldown_left()  # again after the turn

        for _ in range(ctx.size(200, 10)):  # warm-up: connection, script loaded, code paths
            await one()
        before = _round_trips(redis.port) if redis else 0
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(count):
            await one()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        trips = (_round_trips(redis.port) - before) if redis else 0
    finally:
        if isinstance(store, RedisRateLimitStore):
            await store.__aexit__(None, None, None)
        if redis is not None:
            redis.close()
    return {
        "cpu_us_per_request": cpu / count * 1e6,
        "wall_us_per_request": wall / count * 1e6,
        "round_trips_per_request": trips / count,
    }


CASES = [
    Case(
        "redis.pace.w4",
        pace,
        f"{WORKERS} worker processes, each at requests_per_second={LIMIT}, bulk stock updates"
        f" through one Redis budget, fake limited to {LIMIT}/s (loopback)",
        repeat=3,
    ),
    *(
        Case(
            f"redis.admission.{kind}",
            admission,
            f"one request's admission (cool-down check, turn, check), {what}",
            params={"store": kind},
        )
        for kind, what in (
            ("redis", "RedisRateLimitStore (loopback redis-server)"),
            ("memory", "InMemoryRateLimitStore"),
        )
    ),
]

COMPARISONS = [
    Comparison(
        f"{WORKERS} workers sharing Redis: combined pace vs the fake's limit of {LIMIT}/s",
        ("redis.pace.w4", "fraction_of_limit"),
        1.0,
        (">=", 0.9),
    ),
    Comparison(
        f"429 responses in any repetition, {WORKERS} workers sharing Redis",
        ("redis.pace.w4", "responses_429"),
        0.0,
        ("<=", 0.0),
        stat="max",
    ),
    Comparison(
        "admission: client CPU per request, Redis store vs in-memory store",
        ("redis.admission.redis", "cpu_us_per_request"),
        ("redis.admission.memory", "cpu_us_per_request"),
    ),
    Comparison(
        "admission: round trips to Redis per request (server's count)",
        ("redis.admission.redis", "round_trips_per_request"),
        2.0,
        ("<=", 2.0),
        stat="max",
    ),
]
