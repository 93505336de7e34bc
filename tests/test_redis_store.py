"""RedisRateLimitStore against a real redis-server that the suite starts on loopback.

Every test here runs on asyncio and trio. A test that cannot get a server fails with the reason
(it never skips): `.ci/run` installs redis-server when it is missing.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import logging
import math
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import coredis
import pytest

from coupang_async import (
    APIConnectionError,
    ConfigError,
    InMemoryRateLimitStore,
    RateLimitError,
    RateLimitStore,
    RetryPolicy,
    vendor_items,
)
from coupang_async.redis import RateLimitStoreError, RedisRateLimitStore
from coupang_async.testing import FakeCoupang, Fault

from .helpers import ACCESS_KEY, SECRET_KEY, VENDOR_ID
from .redis_server import RedisServer, command, free_port, start_or_fail

pytestmark = pytest.mark.both_backends

KEY = "A00012345"
ROOT = Path(__file__).resolve().parent.parent
NO_RETRY = RetryPolicy(attempts=1)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One redis-server for the session (tests keep apart by key prefix)."""
    server = start_or_fail(RedisServer())
    yield server
    server.close()


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of the test's own, which it may stop, restart or pause."""
    server = start_or_fail(RedisServer())
    yield server
    server.close()


@pytest.fixture
def prefix() -> str:
    return f"test-{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def store(redis_server: RedisServer, prefix: str) -> AsyncIterator[RedisRateLimitStore]:
    async with RedisRateLimitStore(redis_server.url, key_prefix=prefix) as opened:
        yield opened


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered))


# --- admission ------------------------------------------------------------------------------


async def test_is_a_rate_limit_store(store: RedisRateLimitStore) -> None:
    """The client accepts it where it accepts the in-memory store."""
    assert isinstance(store, RateLimitStore)


async def test_schedule_spaces_starts_by_the_interval(store: RedisRateLimitStore) -> None:
    """After a start the next one waits (nearly) a whole interval; nothing is recorded."""
    assert await store.try_start(KEY, 10.0, 5, 1.0) == 0.0
    first = await store.try_start(KEY, 10.0, 5, 1.0)
    second = await store.try_start(KEY, 10.0, 5, 1.0)
    assert 9.0 < second <= first <= 10.0


async def test_window_caps_starts_whatever_the_interval(store: RedisRateLimitStore) -> None:
    """At most `limit` starts in any window: the (limit+1)-th waits for the first to age out."""
    admitted = 0
    for _ in range(40):  # bounded: each refusal here is a 1 us schedule wait
        wait = await store.try_start(KEY, 1e-6, 3, 100.0)
        if wait == 0:
            admitted += 1
        elif wait > 1.0:
            break
        else:
            await anyio.sleep(0.001)
    assert admitted == 3
    assert 99.0 < await store.try_start(KEY, 1e-6, 3, 100.0) <= 100.0


async def test_catches_up_after_a_late_start(store: RedisRateLimitStore) -> None:
    """A start late by less than an interval keeps the schedule (the next slot is not pushed)."""
    assert await store.try_start(KEY, 1.0, 10, 1.0) == 0.0
    await anyio.sleep(1.3)  # 0.3 s late (up to ~0.65 s of scheduler lateness still passes)
    assert await store.try_start(KEY, 1.0, 10, 1.0) == 0.0
    # On schedule the next slot is 2 s after the first start, not 1 s after this one.
    assert 0.0 < await store.try_start(KEY, 1.0, 10, 1.0) < 0.95


async def test_idle_time_earns_no_burst(store: RedisRateLimitStore) -> None:
    """After an idle spell the schedule restarts from now: the second start still waits."""
    assert await store.try_start(KEY, 0.05, 100, 1.0) == 0.0
    await anyio.sleep(0.3)  # six intervals idle
    assert await store.try_start(KEY, 0.05, 100, 1.0) == 0.0
    assert 0.0 < await store.try_start(KEY, 0.05, 100, 1.0) <= 0.05


async def test_stores_share_one_budget_per_vendor(
    redis_server: RedisServer, prefix: str, store: RedisRateLimitStore
) -> None:
    """Two stores (two connections, as two processes have) on one prefix and vendor share."""
    async with RedisRateLimitStore(redis_server.url, key_prefix=prefix) as other:
        waits = [await s.try_start(KEY, 1e-6, 2, 100.0) for s in (store, other)]
        await anyio.sleep(0.001)
        waits += [await s.try_start(KEY, 1e-6, 2, 100.0) for s in (store, other)]
        assert waits[:2] == [0.0, 0.0]
        assert all(wait > 99 for wait in waits[2:])
        # Another vendor, or another prefix, has a budget of its own.
        assert await other.try_start("A00099999", 1e-6, 2, 100.0) == 0.0
    async with RedisRateLimitStore(redis_server.url, key_prefix=prefix + "x:") as elsewhere:
        assert await elsewhere.try_start(KEY, 1e-6, 2, 100.0) == 0.0


async def test_skewed_local_clocks_do_not_matter(
    redis_server: RedisServer, prefix: str, store: RedisRateLimitStore
) -> None:
    """Admission runs on the server's clock: a worker whose clock is an hour off shares too."""
    async with RedisRateLimitStore(
        redis_server.url, key_prefix=prefix, clock=lambda: anyio.current_time() + 3600.0
    ) as skewed:
        assert await store.try_start(KEY, 1e-6, 1, 100.0) == 0.0
        assert 99.0 < await skewed.try_start(KEY, 1e-6, 1, 100.0) <= 100.0


async def test_server_clock_going_back_does_not_stall(
    redis_server: RedisServer, prefix: str, store: RedisRateLimitStore
) -> None:
    """State stamped in an impossible future (the server's clock went back) is started afresh."""
    async with coredis.Redis.from_url(redis_server.url) as raw:
        future = (2**52).__str__()  # far beyond any real clock
        await raw.set(f"{prefix}{{{KEY}}}:next", future)
        await raw.lpush(f"{prefix}{{{KEY}}}:starts", [future])
    assert await store.try_start(KEY, 0.1, 10, 1.0) == 0.0


async def test_concurrent_pacers_hold_the_window_on_the_server(
    redis_server: RedisServer, prefix: str
) -> None:
    """Three workers (own stores and connections) at 20/s: the server never admits 21 per 1 s.

    The admissions are read back from the server's own record (its clock), not timed here.
    """
    from coupang_async._ratelimit import Pacer

    async with (
        RedisRateLimitStore(redis_server.url, key_prefix=prefix) as a,
        RedisRateLimitStore(redis_server.url, key_prefix=prefix) as b,
        RedisRateLimitStore(redis_server.url, key_prefix=prefix) as c,
        coredis.Redis.from_url(redis_server.url) as raw,
    ):
        admitted: list[float] = []

        async def worker(store: RedisRateLimitStore) -> None:
            pacer = Pacer(KEY, 20.0, store)
            for _ in range(12):
                await pacer.wait_turn()
                # The server's clock right after the admission (one round trip later).
                admitted.append((await raw.time()).timestamp())

        async with anyio.create_task_group() as group:
            for s in (a, b, c):
                group.start_soon(worker, s)
    assert len(admitted) == 36
    # Read back as observed right after admission: each admission happened before its
    # observation and after the previous ones, so 20 + 1 in one second would need the
    # server to have admitted them inside that second too; allow the observation jitter.
    assert most_in_any_window(admitted, 0.9) <= 20


# --- the cool-down after a 429 --------------------------------------------------------------


async def test_cooldown_is_shared_and_never_shortened(
    redis_server: RedisServer, prefix: str, store: RedisRateLimitStore
) -> None:
    """One worker's 429 pauses every worker of the vendor; a shorter block does not cut it."""
    async with RedisRateLimitStore(redis_server.url, key_prefix=prefix) as other:
        assert await other.blocked_for(KEY) == 0.0
        await store.block(KEY, 60)
        await store.block(KEY, 5)
        await other.block(KEY, 1)
        assert 59 < await other.blocked_for(KEY) <= 60
        assert await other.blocked_for("A00099999") == 0.0
        await other.block(KEY, 120)
        assert 119 < await store.blocked_for(KEY) <= 120


async def test_cooldown_ends(store: RedisRateLimitStore) -> None:
    await store.block(KEY, 0.05)
    assert 0 < await store.blocked_for(KEY) <= 0.05
    await anyio.sleep(0.1)
    assert await store.blocked_for(KEY) == 0.0


async def test_a_429_seen_by_one_client_stops_the_others(
    redis_server: RedisServer, prefix: str
) -> None:
    """Client A gets a 429; client B (its own store and connection) then refuses locally."""
    fake = FakeCoupang(requests_per_second=None, products=20)
    vid = fake.vendor_item_ids(writable=True)[0]
    fake.faults.add(Fault.rate_limited(), times=1)
    async with (
        fake.client(
            rate_limit_store=RedisRateLimitStore(redis_server.url, key_prefix=prefix),
            rate_limit_cooldown=30.0,
            retry=NO_RETRY,
        ) as a,
        fake.client(
            rate_limit_store=RedisRateLimitStore(redis_server.url, key_prefix=prefix),
            retry=NO_RETRY,
        ) as b,
    ):
        with pytest.raises(RateLimitError) as first:
            await vendor_items.get_inventory(a, vid)
        sent = len(fake.requests)
        with pytest.raises(RateLimitError) as second:
            await vendor_items.get_inventory(b, vid)
    assert first.value.local is False
    assert second.value.local is True
    assert 25 < (second.value.retry_after or 0) <= 30
    assert len(fake.requests) == sent  # B sent nothing


# --- through the client ---------------------------------------------------------------------


async def test_clients_sharing_redis_stay_within_the_fake_limit(
    redis_server: RedisServer, prefix: str
) -> None:
    """Three clients at 18/s each against a fake limited to 20/s: no 429, one shared pace."""
    fake = FakeCoupang(requests_per_second=20, request_log_size=None, products=40)
    vids = fake.vendor_item_ids(writable=True)

    async def worker(offset: int) -> None:
        store = RedisRateLimitStore(redis_server.url, key_prefix=prefix)
        async with fake.client(requests_per_second=18.0, rate_limit_store=store) as client:
            for i in range(10):
                await vendor_items.update_quantity(client, vids[offset * 10 + i], i)

    async with anyio.create_task_group() as group:
        for offset in range(3):
            group.start_soon(worker, offset)
    statuses = [record.status for record in fake.requests]
    assert len(statuses) == 30
    assert 429 not in statuses  # unshared, three clients at 18/s would be refused often


async def test_client_opens_and_closes_a_store_made_from_a_url(redis_server: RedisServer) -> None:
    """`async with CoupangClient(..., rate_limit_store=RedisRateLimitStore(url))` just works."""
    fake = FakeCoupang(requests_per_second=None, products=20)
    vid = fake.vendor_item_ids(writable=True)[0]
    store = RedisRateLimitStore(redis_server.url, key_prefix=f"t-{uuid.uuid4().hex}:")
    async with fake.client(rate_limit_store=store) as client:
        await vendor_items.update_quantity(client, vid, 5)
    assert [r.status for r in fake.requests] == [200]
    with pytest.raises(ConfigError, match="not open"):
        await store.try_start(KEY, 0.1, 10, 1.0)


# --- Redis failing --------------------------------------------------------------------------


async def test_unreachable_redis_is_a_clear_connection_error() -> None:
    """Nothing listening: a RateLimitStoreError (an APIConnectionError) naming Redis."""
    port = free_port()
    async with RedisRateLimitStore(f"redis://:hunter2@127.0.0.1:{port}/0", timeout=0.5) as s:
        with pytest.raises(RateLimitStoreError) as caught:
            await s.try_start(KEY, 0.1, 10, 1.0)
        with pytest.raises(RateLimitStoreError):
            await s.blocked_for(KEY)
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.request_sent is False
    assert "Redis" in str(caught.value)
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "hunter2" not in str(caught.value) + repr(s)


async def test_client_raises_the_store_error_and_sends_nothing() -> None:
    fake = FakeCoupang(requests_per_second=None, products=20)
    vid = fake.vendor_item_ids(writable=True)[0]
    store = RedisRateLimitStore(f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
    async with fake.client(rate_limit_store=store, retry=NO_RETRY) as client:
        with pytest.raises(RateLimitStoreError):
            await vendor_items.update_quantity(client, vid, 5)
    assert len(fake.requests) == 0


async def test_redis_that_stops_answering_times_out(own_redis: RedisServer, prefix: str) -> None:
    """A server that accepts but never answers (paused): the error comes after `timeout`."""
    async with RedisRateLimitStore(own_redis.url, key_prefix=prefix, timeout=0.3) as s:
        assert await s.try_start(KEY, 0.01, 100, 1.0) == 0.0
        own_redis.pause()
        try:
            with anyio.fail_after(5):  # a bound for the test, far above the 0.3 s timeout
                with pytest.raises(RateLimitStoreError, match="Redis"):
                    await s.try_start(KEY, 0.01, 100, 1.0)
        finally:
            own_redis.resume()
        await anyio.sleep(0.02)
        assert await s.blocked_for(KEY) == 0.0  # answering again: the store recovers


async def test_fallback_paces_locally_at_its_share(caplog: pytest.LogCaptureFixture) -> None:
    """With fallback_share, an unreachable Redis means local pacing at that fraction, logged."""
    caplog.set_level(logging.WARNING, logger="coupang_async.redis")
    port = free_port()
    async with RedisRateLimitStore(
        f"redis://127.0.0.1:{port}/0", timeout=0.5, fallback_share=0.25, probe_interval=60
    ) as s:
        assert await s.try_start(KEY, 0.1, 10, 1.0) == 0.0
        assert s.falling_back
        wait = await s.try_start(KEY, 0.1, 10, 1.0)
        assert 0.35 < wait <= 0.4  # a quarter of the pace: intervals four times as long
        await s.block(KEY, 30)  # kept locally
        assert 29 < await s.blocked_for(KEY) <= 30
    assert any("pacing locally at 0.25" in r.getMessage() for r in caplog.records)


async def test_fallback_never_exceeds_its_share_of_the_window() -> None:
    """Four workers falling back at 1/4 each stay within the limit together."""
    port = free_port()
    clock_now = [0.0]
    stores = [
        RedisRateLimitStore(
            f"redis://127.0.0.1:{port}/0",
            timeout=0.5,
            fallback_share=0.25,
            probe_interval=1e9,
            clock=lambda: clock_now[0],
        )
        for _ in range(4)
    ]
    starts: list[float] = []
    async with contextlib.AsyncExitStack() as stack:
        for s in stores:
            await stack.enter_async_context(s)
        while clock_now[0] < 10.0:  # virtual time: step 1 ms, ask every store each step
            for s in stores:
                if await s.try_start(KEY, 1.05 / 10, 10, 1.05) == 0:
                    starts.append(clock_now[0])
            clock_now[0] += 0.001
    assert most_in_any_window(starts, 1.05) <= 10
    assert len(starts) >= 4 * 2 * 9  # each still makes progress: 2 per window


async def test_restart_mid_run_errors_then_recovers(own_redis: RedisServer, prefix: str) -> None:
    """Redis restarted during a run: requests fail with the store error, then flow again."""
    fake = FakeCoupang(requests_per_second=None, products=20)
    vid = fake.vendor_item_ids(writable=True)[0]
    store = RedisRateLimitStore(own_redis.url, key_prefix=prefix, timeout=0.5)
    async with fake.client(rate_limit_store=store, requests_per_second=50.0, retry=NO_RETRY) as c:
        for i in range(3):
            await vendor_items.update_quantity(c, vid, i)
        own_redis.stop()
        with pytest.raises(RateLimitStoreError):
            await vendor_items.update_quantity(c, vid, 99)
        assert len(fake.requests) == 3  # the refused update was not sent
        own_redis.start()
        for i in range(3):  # bounded: reconnecting may take one failed attempt per connection
            try:
                await vendor_items.update_quantity(c, vid, 10 + i)
                break
            except RateLimitStoreError:
                await anyio.sleep(0.05)
        for i in range(3):
            await vendor_items.update_quantity(c, vid, 20 + i)
    assert [r.status for r in fake.requests].count(200) >= 6


async def test_restart_mid_run_with_fallback_keeps_going(
    own_redis: RedisServer, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    """With fallback_share the run goes on through the restart, then returns to Redis."""
    caplog.set_level(logging.WARNING, logger="coupang_async.redis")
    fake = FakeCoupang(requests_per_second=None, products=20)
    vid = fake.vendor_item_ids(writable=True)[0]
    store = RedisRateLimitStore(
        own_redis.url, key_prefix=prefix, timeout=0.5, fallback_share=0.5, probe_interval=0.05
    )
    async with fake.client(rate_limit_store=store, requests_per_second=50.0, retry=NO_RETRY) as c:
        await vendor_items.update_quantity(c, vid, 1)
        own_redis.stop()
        await vendor_items.update_quantity(c, vid, 2)
        assert _falling_back(store)
        own_redis.start()
        for i in range(40):  # bounded: the probe comes every 50 ms
            await vendor_items.update_quantity(c, vid, 3 + i)
            if not _falling_back(store):
                break
            await anyio.sleep(0.02)
        assert not _falling_back(store)
        await vendor_items.update_quantity(c, vid, 100)
    messages = [r.getMessage() for r in caplog.records]
    assert any("unreachable" in m for m in messages)
    assert any("reachable again" in m for m in messages)
    assert 429 not in [r.status for r in fake.requests]


# --- Redis Cluster --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_node() -> Iterator[RedisServer]:
    server = start_or_fail(RedisServer(cluster=True))
    yield server
    server.close()


# coredis's cluster client (6.x) never closes a stream of its cluster-layout monitor: a
# ResourceWarning when the client is collected, whatever it was used for. Not the store's.
@pytest.mark.filterwarnings("ignore:Unclosed <MemoryObject:ResourceWarning")
async def test_works_on_redis_cluster(cluster_node: RedisServer, prefix: str) -> None:
    """A vendor's keys share one slot, so every script runs on a cluster, which refuses
    scripts whose keys span slots (the control, sent straight to the server)."""
    keys = [f"{prefix}{{{KEY}}}:{name}" for name in ("next", "starts", "cooldown")]
    slots = {command(cluster_node.port, "CLUSTER", "KEYSLOT", key) for key in keys}
    assert len(slots) == 1
    assert command(cluster_node.port, "EVAL", "return 1", "2", *keys).startswith(b":1")
    control = command(cluster_node.port, "EVAL", "return 1", "2", "a-key", "another-key")
    assert control.startswith(b"-CROSSSLOT")
    async with (
        coredis.RedisCluster("127.0.0.1", cluster_node.port) as cluster,
        RedisRateLimitStore(cluster, key_prefix=prefix) as store,
    ):
        assert await store.try_start(KEY, 10.0, 5, 1.0) == 0.0
        assert 9 < await store.try_start(KEY, 10.0, 5, 1.0) <= 10
        await store.block(KEY, 30)
        assert 29 < await store.blocked_for(KEY) <= 30
    gc.collect()  # the warning above, if any, belongs to this test


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"redis": "http://localhost:6379"}, "redis"),
        ({"redis": 6379}, "redis"),
        ({"key_prefix": "a{b}:"}, "key_prefix"),
        ({"key_prefix": 3}, "key_prefix"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": math.nan}, "timeout"),
        ({"fallback_share": 0.0}, "fallback_share"),
        ({"fallback_share": 1.5}, "fallback_share"),
        ({"fallback_share": True}, "fallback_share"),
        ({"probe_interval": -1}, "probe_interval"),
    ],
)
def test_bad_configuration_is_refused_by_name(kwargs: dict[str, object], field: str) -> None:
    options: dict[str, object] = {"redis": "redis://127.0.0.1:6379/0", **kwargs}
    with pytest.raises(ConfigError) as caught:
        RedisRateLimitStore(**options)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_repr_hides_the_password() -> None:
    store = RedisRateLimitStore("redis://user:s3cret@127.0.0.1:6379/0")
    assert "s3cret" not in repr(store)
    assert "127.0.0.1:6379" in repr(store)


async def test_in_memory_and_redis_agree_on_a_sequence(store: RedisRateLimitStore) -> None:
    """The same calls give the same admit/refuse answers from both stores (no time passing
    that matters: a 1 s interval against calls a few milliseconds apart)."""
    memory = InMemoryRateLimitStore()
    answers = []
    for interval, limit, window in itertools.product((1.0, 5.0), (1, 3), (1.0, 2.0)):
        key = f"A{int(interval)}{limit}{int(window)}"
        pair = []
        for s in (memory, store):
            first = await s.try_start(key, interval, limit, window)
            second = await s.try_start(key, interval, limit, window)
            pair.append((first == 0, second > 0))
        answers.append(pair[0] == pair[1])
    assert all(answers)


# --- several processes ----------------------------------------------------------------------


@pytest.mark.asyncio_only  # the fake's loopback server runs on uvicorn (asyncio)
async def test_worker_processes_share_one_budget(redis_server: RedisServer, prefix: str) -> None:
    """Three processes (two on asyncio, one on trio), each paced at 8/s, against a fake
    limited to 10/s over loopback: unshared that is 24/s; shared, no request is refused (8/s
    leaves room for process start-up and first connections on a loaded machine)."""
    fake = FakeCoupang(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        vendor_id=VENDOR_ID,
        requests_per_second=10,
        products=60,
        request_log_size=None,
    )
    vids = fake.vendor_item_ids(writable=True)
    assert len(vids) >= 24
    outputs: list[str] = []

    async def worker(index: int, backend: str, base_url: str) -> None:
        ids = [str(v) for v in vids[index * 8 : index * 8 + 8]]
        argv = [sys.executable, "-m", "tests.redis_worker", base_url, redis_server.url]
        argv += [prefix, "8", backend, *ids]
        with anyio.fail_after(60):  # bounded: 24 requests at a shared 8/s take ~3 s
            done = await anyio.run_process(argv, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        outputs.extend(done.stdout.decode().split())

    async with fake.serve() as base_url, anyio.create_task_group() as group:
        for index, backend in enumerate(("asyncio", "asyncio", "trio")):
            group.start_soon(worker, index, backend, base_url)
    assert outputs == ["ok"] * 24
    statuses = [r.status for r in fake.requests]
    assert statuses == [200] * 24


def _falling_back(store: RedisRateLimitStore) -> bool:
    """Read through a call: the property changes while the test awaits (mypy would narrow it)."""
    return store.falling_back
