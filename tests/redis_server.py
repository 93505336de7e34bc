"""A throwaway `redis-server` on loopback, started and stopped by the test suite itself.

`RedisServer().start()` runs `redis-server` on a free port of 127.0.0.1 with a fresh temporary
directory and no persistence, and returns once the server answers PING. `stop()` ends it
(SIGTERM, then SIGKILL) and `start()` again brings it back on the same port: a restart.
`pause()` / `resume()` (SIGSTOP / SIGCONT) make it stop answering without closing connections,
which is what a Redis that times out looks like. The benchmarks use it too.

`redis-server` must be on PATH (`.ci/run` installs Debian's `redis-server` package when it is
missing); without it `start()` raises `RedisServerUnavailable` saying so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

#: Bound on how long a server may take to answer its first PING.
START_TIMEOUT = 15.0


class RedisServerUnavailable(RuntimeError):
    """redis-server is missing or would not start (the message says why)."""


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago (and whose +10000 was too)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port + 10000 > 65535:  # a cluster node also listens on port + 10000
            continue
        with socket.socket() as bus:
            try:
                bus.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RedisServerUnavailable("no free port pair found on 127.0.0.1")


def command(port: int, *args: str, timeout: float = 2.0) -> bytes:
    """Send one command to the server (RESP) and return its raw reply (first read)."""
    payload = f"*{len(args)}\r\n".encode() + b"".join(
        f"${len(arg.encode())}\r\n".encode() + arg.encode() + b"\r\n" for arg in args
    )
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        return sock.recv(65536)


class RedisServer:
    """One redis-server process (see the module docstring).

    Args:
        cluster: start it as a Redis Cluster node owning every slot (a one-node cluster: the
            server then refuses any script whose keys are in different slots, as a real
            cluster does).
        executable: the server binary (default: `redis-server` from PATH).
    """

    def __init__(self, *, cluster: bool = False, executable: str | None = None) -> None:
        self.cluster = cluster
        self.executable = executable or shutil.which("redis-server")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="coupang-async-redis-")
        self.dir = Path(self._tmp.name)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        if self.executable is None:
            raise RedisServerUnavailable(
                "redis-server is not on PATH: install it (apt-get install -y redis-server;"
                " .ci/run does this when it is missing)"
            )
        args = [
            self.executable,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.dir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--logfile",
            str(self.dir / "redis.log"),
        ]
        if self.cluster:
            args += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
            (self.dir / "nodes.conf").unlink(missing_ok=True)
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL)  # noqa: S603 - our argv
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RedisServerUnavailable(
                    f"redis-server exited with {self.process.returncode}: {self.log_tail()}"
                )
            try:
                if command(self.port, "PING").startswith(b"+PONG"):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RedisServerUnavailable(
                    f"redis-server did not answer within {START_TIMEOUT} s: {self.log_tail()}"
                )
            time.sleep(0.02)
        if self.cluster:
            self._own_every_slot(deadline)
        return self

    def _own_every_slot(self, deadline: float) -> None:
        reply = command(self.port, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
        if not reply.startswith(b"+OK"):
            raise RedisServerUnavailable(f"CLUSTER ADDSLOTSRANGE failed: {reply!r}")
        while b"cluster_state:ok" not in command(self.port, "CLUSTER", "INFO"):
            if time.monotonic() > deadline:
                raise RedisServerUnavailable("the one-node cluster never reached state ok")
            time.sleep(0.05)

    def log_tail(self) -> str:
        try:
            lines = (self.dir / "redis.log").read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return " | ".join(lines[-3:])

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        if process.returncode is None:
            os.kill(process.pid, signal.SIGCONT)  # a paused server cannot handle SIGTERM
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def pause(self) -> None:
        """Stop answering (SIGSTOP): connections stay open, replies never come."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        self._tmp.cleanup()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_or_fail(server: RedisServer) -> RedisServer:
    """Start `server`, or fail the calling test with the reason (a test never skips for it)."""
    import pytest

    try:
        return server.start()
    except RedisServerUnavailable as exc:
        server.close()
        pytest.fail(f"cannot test the Redis store without a Redis server: {exc}")
