"""The processes `chaos.py` owns: a Redis server, a throwaway PostgreSQL cluster and
Celery processes, each a child under `timeout` in a process group of its own, so
that a fault is a signal to that group (never to a process found by its name) and
each ends by itself after its lifetime whatever happens to the script."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 (never Redis's or PostgreSQL's own
    6379 and 5432, which others use)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in (5432, 6379):
            return port


class Child:
    """A command under `timeout LIFETIME`, in a new session (its own process group),
    its output in `log`."""

    def __init__(
        self, command: list[str], log: Path, lifetime: float, *, env=None, stop="TERM"
    ) -> None:
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    "/usr/bin/timeout",
                    f"--signal={stop}",
                    "--kill-after=10",
                    str(max(1, int(lifetime))),
                    *command,
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the child's own process group: it and all it started."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self, wait: float = 20) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(wait)
            except subprocess.TimeoutExpired:
                self.kill()
        # What the group left behind (a worker's pool processes).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if condition():
                return
        time.sleep(0.1)
    sys.exit(f"{what} did not start within {seconds:.0f} s")


class Redis:
    """redis-server on its own port, keeping nothing on disk: a restart (SIGKILL,
    then the same port again) loses every message and cache key."""

    def __init__(self, folder: Path, lifetime: float) -> None:
        self.folder, self.lifetime = folder, lifetime
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.started = time.monotonic()
        self.child = self._start()

    def _start(self) -> Child:
        child = Child(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            self.folder / "redis.log",
            self.lifetime - (time.monotonic() - self.started),
        )
        wait_until(self.ping, 30, "Redis")
        return child

    def ping(self) -> bool:
        import redis

        return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())

    def restart(self) -> None:
        self.child.kill()
        self.child = self._start()

    def stop(self) -> None:
        self.child.kill()


def _postgres_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        sys.exit("PostgreSQL's initdb was not found.")
    return Path(initdb).parent


class Postgres:
    """A cluster of its own under `folder` (initdb; trust on 127.0.0.1 and its own
    socket directory; fsync off: a server restart is not a crash of the machine),
    its server a child in the foreground. Run as the `postgres` user when this
    script runs as root."""

    def __init__(self, folder: Path, lifetime: float) -> None:
        self.bin = _postgres_bin()
        self.data, self.run = folder / "pg", folder / "pg-run"
        self.lifetime, self.started = lifetime, time.monotonic()
        self.port = free_port()
        self.as_owner: list[str] = []
        for path in (self.data, self.run):
            path.mkdir()
        if os.geteuid() == 0:
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            folder.chmod(0o711)
            for path in (self.data, self.run):
                shutil.chown(path, "postgres", "postgres")
        subprocess.run(  # noqa: S603
            [
                *self.as_owner,
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "agora",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            cwd="/",
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        self.url = f"postgres://agora@127.0.0.1:{self.port}/agora_chaos"
        self.child = self._start()

    def _start(self) -> Child:
        child = Child(
            [
                *self.as_owner,
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.run),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
            ],
            self.run / "postgres.log",
            self.lifetime - (time.monotonic() - self.started),
            # SIGINT: a fast shutdown, should the lifetime end first.
            stop="INT",
        )
        wait_until(self.ready, 60, "PostgreSQL")
        return child

    def ready(self) -> bool:
        import psycopg

        url = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(url, connect_timeout=2):
            return True

    def _pg_ctl(self, mode: str) -> None:
        subprocess.run(  # noqa: S603
            [
                *self.as_owner,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                mode,
                "-w",
                "-t",
                "60",
                "stop",
            ],
            cwd="/",
            check=False,
            stdout=subprocess.DEVNULL,
            timeout=90,
        )

    def restart(self) -> None:
        """`pg_ctl -m fast` stops the server (every backend ends mid-transaction),
        then it starts again on the same port."""
        self._pg_ctl("fast")
        self.child.process.wait(30)
        self.child = self._start()

    def stop(self) -> None:
        if self.child.alive():
            self._pg_ctl("immediate")
        self.child.stop(10)


class Celery:
    """The worker (`-Q celery,webhooks`, prefork, a process per CPU) and beat (the
    sweep alone: `chaos_settings.py`). A worker killed (`restart`), or ended by
    itself, is started again a second later, as its supervisor would."""

    def __init__(self, folder: Path, env: dict[str, str], lifetime: float) -> None:
        self.folder, self.env, self.lifetime = folder, env, lifetime
        self.started, self.count = time.monotonic(), 0
        self.exits: list[tuple[float, str]] = []  # ended by itself: when, and why
        self.restart_at: float | None = None
        self.worker = self._worker()
        self.beat = self._celery(
            ["beat", "-s", str(folder / "beat")],
            folder / "beat.log",
            {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.chaos_settings"},
        )

    def _celery(self, command: list[str], log: Path, env: dict[str, str]) -> Child:
        return Child(
            [
                str(Path(sys.executable).with_name("celery")),
                *("-A", "config", *command, "--loglevel", "INFO"),
            ],
            log,
            self.lifetime - (time.monotonic() - self.started),
            env=env,
        )

    def _worker(self) -> Child:
        self.count += 1
        self.node = f"chaos{self.count}-{os.getpid()}@{socket.gethostname()}"
        return self._celery(
            [
                *("worker", "-Q", "celery,webhooks", "--pool", "prefork"),
                *("--concurrency", str(os.cpu_count() or 2), "-n", self.node),
            ],
            self.folder / f"worker{self.count}.log",
            self.env,
        )

    def wait_ready(self, seconds: float = 90) -> None:
        from config.celery import app

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if app.control.ping(destination=[self.node], timeout=1):
                return
        sys.exit(f"The worker did not start within {seconds:.0f} s.")

    @property
    def running(self) -> bool:
        return self.restart_at is None

    def restart(self) -> None:
        """SIGKILL to the worker's process group; a new worker a second later."""
        self.worker.kill()
        self.restart_at = time.monotonic() + 1

    def supervise(self) -> None:
        if self.running and not self.worker.alive():
            lines = self.worker.log.read_text(errors="replace").splitlines()
            fatal = [line for line in lines if "CRITICAL" in line] or lines[-1:]
            self.exits.append((time.time(), fatal[-1][:300] if fatal else ""))
            self.restart_at = time.monotonic() + 1
        if self.restart_at is not None and time.monotonic() >= self.restart_at:
            self.worker = self._worker()
            self.restart_at = None

    def stop(self) -> None:
        self.beat.stop()
        self.worker.stop()
