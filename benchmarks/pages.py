"""Public pages under load: requests per second of each, beside a bare template view.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_pages_bench \\
    REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python benchmarks/pages.py [--backends sqlite,postgresql]
        [--requests 300] [--seconds 15] [--rounds 5] [--concurrency 4] [--workers 2]
        [--reuse]

For each database (a SQLite file under var/ and the scratch PostgreSQL database of
DATABASE_URL — both are emptied first, and the Redis database of REDIS_URL is
flushed: never point them at real data) it loads the demo (`migrate`, `seed_demo`,
`search_reindex`; `--reuse` keeps a demo already loaded), collects the static
files, then serves the site with gunicorn (`--workers` sync workers, the production
settings with throwaway secrets) on 127.0.0.1 and measures, with `--concurrency`
client threads, the requests per second of the home page, a kind of solution's page,
a listing, a search, Select and a comparison of three listings — beside a view that
renders the same base template with no content (the benchmark's own URL:
`pages_urls.py`, through `pages_settings.py`) and `/healthz`, in the same run. Each
page gets `--requests` requests (or `--seconds` of them, whichever ends first) after
a warm-up, in `--rounds` rounds that each go through every page in turn; each page's
best round counts (the one least disturbed by other processes on the machine).
Target: every page at least 0.3 times the bare template view.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import database_create  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SQLITE_FILE = ROOT / "var" / "bench-pages.sqlite3"
TARGET = 0.3
SEARCH_QUERY = "parking"
# A person's browser: its searches and listing views are counted, as people's are.
HEADERS = {
    "Accept-Language": "en",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/131.0.0.0 Safari/537.36",
}


@dataclass(frozen=True)
class Target:
    name: str
    path: str


def database_recreate(url: str) -> None:
    """The scratch PostgreSQL database, dropped and created again."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    database_create(url)


def listing_count(url: str) -> int:
    """Published listings already in the database (0 when it has no schema)."""
    statement = "SELECT count(*) FROM marketplace_listing WHERE live"
    try:
        if url.startswith("sqlite"):
            with sqlite3.connect(SQLITE_FILE) as connection:
                return connection.execute(statement).fetchone()[0]
        import psycopg

        with psycopg.connect(url) as connection:
            row = connection.execute(statement).fetchone()
            return row[0] if row else 0
    except Exception:
        # No database or no schema yet.
        return 0


def base_environment(database_url: str, redis_url: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    environment.update(
        DJANGO_READ_DOT_ENV_FILE="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
    )
    return environment


def production_environment(
    database_url: str, redis_url: str, static_root: Path
) -> dict[str, str]:
    """The production settings' variables, with secrets made for this run only."""
    from cryptography.fernet import Fernet

    environment = base_environment(database_url, redis_url)
    environment.update(
        DJANGO_SETTINGS_MODULE="benchmarks.pages_settings",
        SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="consolemail://",
        STRIPE_SECRET_KEY="sk_test_" + secrets.token_hex(12),
        STRIPE_PUBLISHABLE_KEY="pk_test_" + secrets.token_hex(12),
        STRIPE_WEBHOOK_SECRET="whsec_" + secrets.token_hex(12),
        # Plain HTTP on the loopback: no TLS proxy in front.
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
    )
    return environment


def manage(database_url: str, redis_url: str, *command: str) -> None:
    environment = base_environment(database_url, redis_url)
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    # No worker runs: the tasks the demo schedules stay in memory, and the search
    # index is built once at the end.
    environment["CELERY_BROKER_URL"] = "memory://"
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def migrate(database_url: str, redis_url: str) -> None:
    manage(database_url, redis_url, "migrate", "--verbosity", "0")


def seed(database_url: str, redis_url: str) -> None:
    started = time.monotonic()
    migrate(database_url, redis_url)
    manage(database_url, redis_url, "seed_demo")
    manage(database_url, redis_url, "search_reindex")
    print(f"  demo loaded in {time.monotonic() - started:.0f} s")


def collectstatic(environment: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class Server:
    """gunicorn serving the site on 127.0.0.1:port until stopped."""

    def __init__(self, environment: dict[str, str], port: int, workers: int):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-tmp-dir",
                "/dev/shm",  # noqa: S108
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def discover(port: int) -> list[Target]:
    """The pages to measure, found as a visitor finds them: from the home page."""
    status, body = get(port, "/")
    home = body.decode()
    if status != 200:
        raise RuntimeError(f"the home page answered {status}")
    # The kind of solution with the most listings.
    kinds = re.findall(
        r'href="(/categories/[\w-]+/)">[^<]*</a> <span[^>]*>\((\d+)\)</span>', home
    )
    category = max(kinds, key=lambda kind: int(kind[1]))[0]
    select = re.search(r'href="([^"]+)">[^<]*Select', home)
    if not select:
        raise RuntimeError("the home page links to no Select page")
    listings = list(
        dict.fromkeys(
            re.findall(r'href="/solutions/([\w-]+)/"', get(port, category)[1].decode())
        )
    )
    if len(listings) < 3:
        raise RuntimeError(f"{category} lists fewer than three solutions")
    compare = "&".join(f"listing={slug}" for slug in listings[:3])
    return [
        Target("bare template", "/bench/template/"),
        Target("/healthz", "/healthz"),
        Target("home", "/"),
        Target("category", category),
        Target("listing", f"/solutions/{listings[0]}/"),
        Target("search", f"/search/?q={SEARCH_QUERY}"),
        Target("Select", unescape(select.group(1))),
        Target("compare (3)", f"/compare/?{compare}"),
    ]


@dataclass
class Progress:
    sent: int = 0
    done: int = 0
    failed: str = ""


def measure(port: int, path: str, requests: int, seconds: float, threads: int) -> float:
    """Requests per second over `requests` GETs (or `seconds`), `threads` at once;
    every answer must be a 200."""
    lock = threading.Lock()
    state = Progress()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while True:
            with lock:
                if state.sent >= requests or time.monotonic() > deadline:
                    return
                state.sent += 1
            status, _body = get(port, path)
            with lock:
                state.done += 1
                if status != 200:
                    state.failed = f"{path} answered {status}"

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if state.failed:
        raise RuntimeError(state.failed)
    return state.done / elapsed


def run(label: str, database_url: str, args, static_root: Path) -> None:
    redis_url = os.environ["REDIS_URL"]
    print(f"\n{label}")
    if args.reuse and listing_count(database_url):
        print(f"  reusing the demo in {database_url}")
        migrate(database_url, redis_url)
    else:
        if database_url.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        else:
            database_recreate(database_url)
        seed(database_url, redis_url)
    redis_flush(redis_url)
    environment = production_environment(database_url, redis_url, static_root)
    if not (static_root / "staticfiles.json").exists():
        collectstatic(environment)
    server = Server(environment, args.port, args.workers)
    load = os.getloadavg()
    try:
        targets = discover(args.port)
        for target in targets:
            for _ in range(args.warmup):
                status, _body = get(args.port, target.path)
                if status != 200:
                    raise RuntimeError(f"{target.path} answered {status}")
        best: dict[str, float] = {}
        for _round in range(args.rounds):
            for target in targets:
                rate = measure(
                    args.port, target.path, args.requests, args.seconds, args.threads
                )
                best[target.name] = max(best.get(target.name, 0.0), rate)
    finally:
        server.stop()
    bare = best["bare template"]
    print(
        f"  gunicorn {args.workers} workers, {args.threads} clients, "
        f"best of {args.rounds} rounds of {args.requests} requests; load average "
        f"{load[0]:.1f} before, {os.getloadavg()[0]:.1f} after (1 minute)"
    )
    print(f"  | page | path | req/s | × bare template | target ≥ {TARGET} |")
    print("  |---|---|---:|---:|---|")
    for target in targets:
        ratio = best[target.name] / bare
        verdict = (
            ""
            if target.name in ("bare template", "/healthz")
            else ("ok" if ratio >= TARGET else "BELOW")
        )
        print(
            f"  | {target.name} | `{target.path}` | {best[target.name]:.0f} "
            f"| {ratio:.2f} | {verdict} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", dest="threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--port", type=int, default=8046)
    parser.add_argument(
        "--reuse", action="store_true", help="Measure the demo already loaded."
    )
    args = parser.parse_args()
    # Each line as it is printed, also into a file.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    postgres = os.environ.get("DATABASE_URL", "")
    if "postgresql" in backends and not postgres.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    if not os.environ.get("REDIS_URL", "").startswith("redis"):
        sys.exit("Set REDIS_URL to a scratch Redis database (it is flushed).")
    static_root = Path(tempfile.mkdtemp(prefix="agora-bench-static-"))
    try:
        for backend in backends:
            if backend == "sqlite":
                run("SQLite", f"sqlite:///{SQLITE_FILE}", args, static_root)
            elif backend == "postgresql":
                run("PostgreSQL", postgres, args, static_root)
            else:
                sys.exit(f"Unknown backend {backend}: sqlite or postgresql.")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
