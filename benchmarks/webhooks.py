"""Webhook delivery through the engine and a Celery worker, beside a bare httpx loop.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_webhook_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/webhooks.py [--events 2000] [--pool prefork]
        [--concurrency CPUs] [--rate R] [--paced N]

Uses a scratch PostgreSQL database (created if missing, migrated, its deliveries and
endpoints emptied first: never point this at real data) and a scratch Redis database
(emptied first: it is the Celery broker and the cache). Starts a receiver on
127.0.0.1 (a process of its own: asyncio, HTTP/1.1 with keep-alive) that answers
every request 200 `{"status":"accepted"}` and notes when it first saw each
`webhook-id`, and a real Celery worker consuming the `webhooks` queue (`--pool`,
`--concurrency`, one process per CPU by default as deployed). Then, with the wall
clock (`time.time()`) on both sides:

- backlog: `--events` events for many vendors and ordering keys, committed while
  the worker does not consume the queue (as after an outage of the workers), then
  drained; deliveries per second from the moment the worker consumes again to the
  last delivery recorded. The engine's capacity, like for like with the bare loop.
  Three runs, each followed by a run of the bare loop, so that both meet the
  machine alike however its speed drifts; the best of each counts (whatever else
  the machine does only slows a run down).
- live burst: as many events enqueued with `outbox.enqueue` in committed
  transactions of `--batch`, as fast as this process can, while the worker sends;
  deliveries per second from the first commit to the last delivery recorded, and the
  latency from each commit to the receiver's first request for it (the enqueuing
  shares the CPUs);
- paced: `--paced` events (10 seconds' worth), one transaction each, at `--rate`
  per second (half the burst's deliveries per second: a load the engine keeps up
  with); the same latency;
- baseline: the backlog's bodies and headers posted by a bare httpx loop with the
  worker's concurrency (prefork: that many processes, one client each, one request
  after another; threads: that many threads sharing one client), to the same
  receiver, after each backlog run.

Targets: the engine's backlog rate is at least half the bare loop's, and the paced
p99 is at most 1 s. It also prints the CPU time each part used per delivery
(`anything else`: the rest of the machine, among it PostgreSQL backends that ended),
and the whole machine's per bare request.

The worker runs with the settings of `config.settings.local`, loopback endpoints
allowed, DEBUG off and CONN_MAX_AGE 60 as in production (override with the
environment variables of the same name). Everything stops by itself (the worker
and the receiver within a bounded lifetime); all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loopback_http import Requests, serve  # noqa: E402

# The environment of this process and of the worker it starts.
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_READ_DOT_ENV_FILE": "false",
    "WEBHOOKS_ALLOW_LOOPBACK": "true",
    "WEBHOOKS_REQUIRE_HTTPS": "false",
    "CELERY_TASK_ALWAYS_EAGER": "false",
}
DEFAULTS = {"DEBUG": "false", "CONN_MAX_AGE": "60", "LOG_LEVEL": "INFO"}

ANSWER = b'{"status":"accepted"}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER)
)


# The receiver ------------------------------------------------------------------------


class _Log:
    """What the receiver saw: requests counted, and when each webhook-id first came."""

    def __init__(self) -> None:
        self.count = 0
        self.first: dict[str, float] = {}

    def answer(self, method: str, target: str, headers: dict, seen: float) -> bytes:
        if target == "/_stats":
            payload = json.dumps({"count": self.count, "first": self.first}).encode()
            return (
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                b"content-length: %d\r\n\r\n%s" % (len(payload), payload)
            )
        if target == "/_reset":
            self.count = 0
            self.first = {}
        elif method == "POST":
            self.count += 1
            webhook_id = headers.get("webhook-id", "")
            if webhook_id and webhook_id not in self.first:
                self.first[webhook_id] = seen
        return RESPONSE


class _Connection(Requests):
    def __init__(self, log: _Log) -> None:
        super().__init__()
        self.log = log

    def request(
        self, method: str, target: str, headers: dict, body: bytes, seen: float
    ) -> None:
        assert self.transport is not None  # noqa: S101
        self.transport.write(self.log.answer(method, target, headers, seen))


def _receive(port_out, stop_after: float) -> None:
    """The receiver process: serves on 127.0.0.1 until told to stop, or for
    `stop_after` seconds at most."""
    log = _Log()
    serve(lambda: _Connection(log), port_out, stop_after)


class Receiver:
    def __init__(self, stop_after: float) -> None:
        import httpx

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=_receive, args=(theirs, stop_after), daemon=True
        )
        self.process.start()
        if not ours.poll(30):
            sys.exit("The receiver did not start.")
        self.base = f"http://127.0.0.1:{ours.recv()}"
        self.control = httpx.Client(base_url=self.base, trust_env=False, timeout=10)

    def reset(self) -> None:
        self.control.post("/_reset").raise_for_status()

    def stats(self) -> tuple[int, dict[str, float]]:
        answer = self.control.get("/_stats").json()
        return answer["count"], answer["first"]

    def stop(self) -> None:
        self.control.close()
        if self.process.pid and self.process.is_alive():
            os.kill(self.process.pid, signal.SIGTERM)
        self.process.join(5)


# The baseline: a bare httpx loop ------------------------------------------------------


def _post_all(shares, ready, go, times) -> None:
    """One process of the bare loop: a thread for each share, sharing one client,
    each posting its share of (url, body, headers) one after the other."""
    import threading

    import httpx

    client = httpx.Client(trust_env=False, timeout=10, follow_redirects=False)

    def run(share) -> None:
        url, body, headers = share[0]
        client.post(url, content=body, headers={**headers, "webhook-id": "warm-up"})
        ready.put(1)
        go.wait(60)
        started = time.time()
        for url, body, headers in share:
            client.post(url, content=body, headers=headers).raise_for_status()
        times.put((started, time.time()))

    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    client.close()


def bare_loop(requests, receiver: Receiver, pool: str, concurrency: int) -> float:
    """Posts every request with the worker's concurrency; answers requests/s."""
    context = multiprocessing.get_context("spawn")
    ready, go, times = context.Queue(), context.Event(), context.Queue()
    shares = [requests[n::concurrency] for n in range(concurrency)]
    groups = [[share] for share in shares] if pool == "prefork" else [shares]
    processes = [
        context.Process(target=_post_all, args=(group, ready, go, times))
        for group in groups
    ]
    for process in processes:
        process.start()
    for _ in range(concurrency):
        ready.get(timeout=60)
    receiver.reset()
    go.set()
    spans = [times.get(timeout=300) for _ in range(concurrency)]
    for process in processes:
        process.join(30)
    count, _ = receiver.stats()
    if count != len(requests):
        print(f"  (the receiver got {count} of {len(requests)} bare requests)")
    return len(requests) / (max(end for _, end in spans) - min(s for s, _ in spans))


# The engine --------------------------------------------------------------------------


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def processes() -> dict[int, tuple[int, str, float]]:
    """Every process: its parent, its name and the CPU time (user and system) it
    has used."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (
            int(fields[1]),
            name,
            (int(fields[11]) + int(fields[12])) / tick,
        )
    return found


def settle(limit: float = 30) -> None:
    """Waits (at most `limit` seconds) until the machine is quiet: less than a tenth
    of a CPU busy over half a second (PostgreSQL's autovacuum after a phase, say),
    so that each run starts alike."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = machine_busy()
        time.sleep(0.5)
        if machine_busy() - before < 0.05:
            return


def machine_busy() -> float:
    """CPU seconds the machine has been busy (all CPUs, idle and I/O wait left out)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


class Cpu:
    """CPU time used by the processes of each part, and by the machine."""

    PARTS = ("worker", "worker main", "postgres", "redis", "receiver", "enqueuing")

    def __init__(self, worker: int, receiver: int, database: str) -> None:
        self.worker, self.receiver, self.database = worker, receiver, database

    def _part(self, pid: int, ppid: int, name: str, tree: set[int]) -> str:
        if pid in tree:
            # Celery's main process is the child of `timeout`.
            return "worker main" if ppid == self.worker else "worker"
        if name == "postgres":
            # The server's own processes, and the backends of this database (not
            # those of others' databases on the same server).
            try:
                title = (Path("/proc") / str(pid) / "cmdline").read_text()
            except OSError:
                return ""
            words = title.replace("\0", " ").split()
            backend = any(w.endswith(")") or w == "[local]" for w in words)
            if not backend or self.database in words:
                return "postgres"
        elif name.startswith("redis-server"):
            return "redis"
        elif pid == self.receiver:
            return "receiver"
        elif pid == os.getpid():
            return "enqueuing"
        return ""

    def sample(self) -> dict:
        table = processes()
        tree, grown = {self.worker}, True
        while grown:
            more = {p for p, (ppid, _, _) in table.items() if ppid in tree} - tree
            tree |= more
            grown = bool(more)
        used = {}
        for pid, (ppid, name, seconds) in table.items():
            if part := self._part(pid, ppid, name, tree):
                used[pid] = (part, seconds)
        return {"processes": used, "machine": machine_busy()}

    @classmethod
    def per(cls, before: dict, after: dict, count: int) -> dict[str, float]:
        """Milliseconds per item between two samples, by part (processes that ended
        in between are left out); `else`: the rest of the machine's time."""
        spent = dict.fromkeys(cls.PARTS, 0.0)
        for pid, (part, seconds) in after["processes"].items():
            earlier = before["processes"].get(pid, (part, 0.0))[1]
            spent[part] += (seconds - earlier) * 1000 / count
        spent["machine"] = (after["machine"] - before["machine"]) * 1000 / count
        spent["else"] = spent["machine"] - sum(spent[part] for part in cls.PARTS)
        spent["worker"] += spent["worker main"]
        return spent


class Worker:
    """A Celery worker consuming the `webhooks` queue, as deployed; `timeout` ends
    it after `lifetime` seconds whatever happens to this process."""

    def __init__(self, pool: str, concurrency: int, env: dict, lifetime: int) -> None:
        self.log = Path(tempfile.mkdtemp(prefix="agora-webhook-bench-")) / "worker.log"
        self.node = f"bench-webhooks-{os.getpid()}@%h"
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    "/usr/bin/timeout",
                    "--kill-after=10",
                    str(lifetime),
                    str(Path(sys.executable).with_name("celery")),
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    "webhooks",
                    "--pool",
                    pool,
                    "--concurrency",
                    str(concurrency),
                    "--loglevel",
                    env["LOG_LEVEL"],
                    "-n",
                    self.node,
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        from config.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"The worker stopped; see {self.log}")
            if app.control.ping(timeout=0.5):
                return
        sys.exit(f"The worker did not start in {timeout:.0f} s; see {self.log}")

    def _consumer(self, action: str) -> None:
        """Stops or starts the worker's consuming of the `webhooks` queue (Celery's
        remote control), and waits for it to confirm."""
        from config.celery import app

        name = self.node.replace("%h", socket.gethostname())
        command = getattr(app.control, action)
        if not command("webhooks", destination=[name], reply=True, timeout=10):
            sys.exit(f"The worker did not answer {action}; see {self.log}")

    def pause(self) -> None:
        self._consumer("cancel_consumer")

    def resume(self) -> None:
        self._consumer("add_consumer")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def prepare(vendor_count: int, receiver: Receiver):
    """Vendors with endpoints on the receiver; the deliveries of earlier runs gone."""
    from django.db import connection
    from wagtail.models import ReferenceIndex

    from accounts.models import Organization
    from vendors.models import Vendor
    from vendors.webhooks.endpoints import endpoint_save

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE vendors_deliveryattempt, vendors_delivery, "
            "vendors_webhookendpoint RESTART IDENTITY CASCADE"
        )
    # What Wagtail's reference index noted of the deliveries emptied.
    ReferenceIndex.objects.filter(
        content_type__app_label="vendors",
        content_type__model__in=["delivery", "deliveryattempt"],
    ).delete()
    vendors = []
    for n in range(vendor_count):
        organization, _ = Organization.objects.get_or_create(
            slug=f"bench-hooks-{n}", defaults={"name": f"Vendor {n}", "kind": "vendor"}
        )
        vendor = Vendor.objects.get_or_create(
            organization=organization,
            defaults={
                "legal_name": f"Vendor {n} Ltd",
                "registration_number": f"H{n:06d}",
                "contact_email": f"h{n}@bench.example",
                "status": "verified",
            },
        )[0]
        endpoint_save(vendor=vendor, url=f"{receiver.base}/hooks/{n}")
        vendors.append(vendor)
    return vendors


def enqueue(events, vendors, *, keys: int, batch: int, rate: float | None, kind: str):
    """Enqueues `events` (numbers) in transactions of `batch`, at `rate` transactions
    per second if given; answers {webhook_id: commit time} and the elapsed time."""
    from django.db import transaction

    from vendors.webhooks import outbox

    committed: dict[str, float] = {}
    started = time.time()
    for n, start in enumerate(range(0, len(events), batch)):
        if rate:
            time.sleep(max(0.0, started + n / rate - time.time()))
        stamp: list[float] = []
        ids = []
        with transaction.atomic():
            # Registered first, so it runs first after the commit: its moment.
            transaction.on_commit(lambda stamp=stamp: stamp.append(time.time()))
            for number in events[start : start + batch]:
                key = number % keys
                delivery = outbox.enqueue(
                    vendor=vendors[key % len(vendors)],
                    event_type=f"bench.{kind}",
                    data={
                        "subscription": {
                            "id": number,
                            "status": "active",
                            "plan": "STD",
                            "quantity": 1 + number % 7,
                            "listing": {"id": key, "title": f"Street lamp {key}"},
                        },
                        "buyer": {"id": key, "name": f"City of Bench {key}"},
                    },
                    ordering_key=f"subscription:{key}",
                )
                ids.append(delivery.webhook_id)
        committed.update(dict.fromkeys(ids, stamp[0]))
    return committed, time.time() - started


def wait_delivered(kind: str, count: int, stall: float = 15) -> tuple[int, float]:
    """Waits until every delivery of the phase is recorded delivered, or nothing
    has changed for `stall` seconds; answers how many were and the last finish."""
    from django.db.models import Max

    from vendors.models import Delivery, DeliveryStatus

    done, last_change = -1, time.monotonic()
    while time.monotonic() - last_change < stall:
        now_done = Delivery.objects.filter(
            event_type=f"bench.{kind}", status=DeliveryStatus.DELIVERED
        ).count()
        if now_done != done:
            done, last_change = now_done, time.monotonic()
        if done == count:
            break
        time.sleep(0.1)
    finished = Delivery.objects.filter(event_type=f"bench.{kind}").aggregate(
        last=Max("finished_at")
    )["last"]
    return done, finished.timestamp() if finished else time.time()


def latencies(committed: dict[str, float], first: dict[str, float]) -> list[float]:
    return [first[key] - at for key, at in committed.items() if key in first]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def signed_requests(kind: str) -> list[tuple[str, bytes, dict[str, str]]]:
    """The phase's deliveries as the engine sends them: URL, body, and headers with
    a fresh signature."""
    from django.utils import timezone

    from vendors.models import Delivery, WebhookEndpoint
    from vendors.webhooks import signing

    endpoints = {e.vendor_id: e for e in WebhookEndpoint.objects.all()}
    requests = []
    for delivery in Delivery.objects.filter(event_type=f"bench.{kind}"):
        endpoint = endpoints[delivery.vendor_id]
        headers = signing.request_headers(
            endpoint,
            webhook_id=delivery.webhook_id,
            timestamp=timezone.now(),
            body=delivery.body,
        )
        requests.append((endpoint.url, delivery.body.encode(), headers))
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10, help="Events a transaction.")
    parser.add_argument("--vendors", type=int, default=50)
    parser.add_argument("--keys", type=int, default=500, help="Ordering keys.")
    parser.add_argument("--pool", choices=["prefork", "threads"], default="prefork")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 2,
        help="Worker processes (default: one per CPU, as deployed).",
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="Paced events/s (default: half the engine's burst rate).",
    )
    parser.add_argument(
        "--paced", type=int, help="Paced events (default: 10 seconds' worth)."
    )
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    if not redis_url.startswith("redis"):
        sys.exit("Set REDIS_URL to a scratch Redis database (it is emptied).")
    os.environ.update(SETTINGS)
    os.environ["CELERY_BROKER_URL"] = redis_url
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)

    from benchmarks.scratch import database_create

    database_create(database)
    import django
    import redis
    from django.core.management import call_command

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    redis.Redis.from_url(redis_url).flushdb()

    # However the run goes, the receiver and the worker stop within this.
    lifetime = 900 + args.events + (args.paced or 0) // 5
    load = os.getloadavg()[0]
    receiver = Receiver(stop_after=lifetime)
    worker = Worker(args.pool, args.concurrency, dict(os.environ), lifetime)
    assert receiver.process.pid is not None  # noqa: S101
    cpu = Cpu(
        worker.process.pid, receiver.process.pid, urlsplit(database).path.lstrip("/")
    )
    try:
        vendors = prepare(args.vendors, receiver)
        worker.wait_ready()

        # Warm up: every worker process imported, connected, with a connection.
        warm = list(range(args.concurrency * 10))
        enqueue(warm, vendors, keys=args.keys, batch=1, rate=None, kind="warm-up")
        wait_delivered("warm-up", len(warm))

        # Backlog: the events committed while the worker does not consume (as after
        # an outage of the workers), then drained: the engine's sending capacity,
        # like for like with the bare loop, which is handed its requests made. Three
        # runs, each followed by a run of the loop (so that both meet the machine
        # alike, however its speed drifts); the best of each counts.
        backlog_runs, backlog_cpus = [], []
        bare_runs, bare_cpu = [], []
        requests: list = []
        backlog_delivered = args.events
        for run in range(3):
            settle()
            worker.pause()
            enqueue(
                list(range(run * args.events, (run + 1) * args.events)),
                vendors,
                keys=args.keys,
                batch=args.batch,
                rate=None,
                kind=f"backlog{run}",
            )
            receiver.reset()
            settle()
            before = cpu.sample()
            resumed = time.time()
            worker.resume()
            drained, finished = wait_delivered(f"backlog{run}", args.events)
            backlog_delivered = min(backlog_delivered, drained)
            backlog_cpus.append(Cpu.per(before, cpu.sample(), max(drained, 1)))
            backlog_runs.append(drained / (finished - resumed))

            # Baseline: the first backlog's bodies and headers.
            requests = requests or signed_requests("backlog0")
            settle()
            bare_before = machine_busy()
            bare_runs.append(bare_loop(requests, receiver, args.pool, args.concurrency))
            bare_cpu.append((machine_busy() - bare_before) * 1000 / len(requests))
        best = max(range(3), key=lambda n: backlog_runs[n])
        backlog_rate, backlog_cpu = backlog_runs[best], backlog_cpus[best]

        # Live burst: the same number of events enqueued while the worker sends,
        # the enqueuing on the same CPUs.
        settle()
        receiver.reset()
        before = cpu.sample()
        numbers = list(range(3 * args.events, 4 * args.events))
        committed, enqueuing = enqueue(
            numbers, vendors, keys=args.keys, batch=args.batch, rate=None, kind="burst"
        )
        delivered, finished = wait_delivered("burst", args.events)
        spent = Cpu.per(before, cpu.sample(), max(delivered, 1))
        count, first = receiver.stats()
        engine_rate = delivered / (finished - min(committed.values()))
        burst = latencies(committed, first)

        # Paced, one event a transaction, at a rate the engine keeps up with.
        rate = args.rate or max(1.0, round(engine_rate / 2))
        paced_count = args.paced or max(20, round(rate * 10))
        receiver.reset()
        paced_committed, _ = enqueue(
            list(range(4 * args.events, 4 * args.events + paced_count)),
            vendors,
            keys=args.keys,
            batch=1,
            rate=rate,
            kind="paced",
        )
        paced_delivered, _ = wait_delivered("paced", paced_count)
        _, paced_first = receiver.stats()
        paced = latencies(paced_committed, paced_first)

    finally:
        worker.stop()
        receiver.stop()

    bare_rate = max(bare_runs)
    print(
        f"worker: celery -Q webhooks --pool {args.pool} --concurrency "
        f"{args.concurrency}; DEBUG={os.environ['DEBUG']}, "
        f"CONN_MAX_AGE={os.environ['CONN_MAX_AGE']}, log level "
        f"{os.environ['LOG_LEVEL']}; {os.cpu_count()} CPUs, load average {load:.1f} "
        "before the run"
    )
    print(
        f"backlog and burst: {args.events} events each, for {args.vendors} vendors "
        f"over {args.keys} ordering keys, {args.batch} a transaction (the burst's "
        f"enqueued at {args.events / enqueuing:,.0f}/s); paced: {paced_count} "
        f"events, one a transaction, at {rate:g}/s"
    )
    if (
        backlog_delivered < args.events
        or delivered < args.events
        or paced_delivered < paced_count
    ):
        print(
            f"NOT DELIVERED: {args.events - backlog_delivered} of the backlog, "
            f"{args.events - delivered} of the burst, "
            f"{paced_count - paced_delivered} of the paced events (see {worker.log})"
        )
    else:
        shutil.rmtree(worker.log.parent, ignore_errors=True)
    if count != args.events:
        print(f"the receiver got {count} requests for the burst's {args.events}")
    for label, figures in (("backlog (its best run)", backlog_cpu), ("burst", spent)):
        print(
            f"CPU per delivery, {label}: worker {figures['worker']:.1f} ms "
            f"(its main process {figures['worker main']:.1f}), "
            f"PostgreSQL {figures['postgres']:.1f}, Redis {figures['redis']:.1f}, "
            f"receiver {figures['receiver']:.1f}, enqueuing "
            f"{figures['enqueuing']:.1f}, anything else {figures['else']:.1f}; "
            f"the whole machine {figures['machine']:.1f} ms"
        )
    print("engine backlog runs: " + ", ".join(f"{r:,.0f}/s" for r in backlog_runs))
    print(
        "bare loop runs: "
        + ", ".join(
            f"{r:,.0f}/s ({c:.1f} ms CPU a request)"
            for r, c in zip(bare_runs, bare_cpu, strict=True)
        )
    )
    print()
    print(f"{'':<28} {'deliveries/s':>12} {'latency p50':>12} {'p99':>8}")
    print(f"{'bare httpx loop (best of 3)':<28} {bare_rate:>12,.0f}")
    print(f"{'engine, backlog (best of 3)':<28} {backlog_rate:>12,.0f}")
    print(
        f"{'engine, live burst':<28} {engine_rate:>12,.0f} "
        f"{seconds(statistics.median(burst)):>12} {seconds(percentile(burst, 0.99)):>8}"
    )
    print(
        f"{f'engine, paced {rate:g}/s':<28} {'':>12} "
        f"{seconds(statistics.median(paced)):>12} {seconds(percentile(paced, 0.99)):>8}"
    )
    ratio = backlog_rate / bare_rate
    p99 = percentile(paced, 0.99)
    print()
    print(
        f"engine (backlog) / bare: {ratio:.2f}  (target >= 0.5: "
        f"{'held' if ratio >= 0.5 else 'MISSED'}); live burst / bare: "
        f"{engine_rate / bare_rate:.2f}"
    )
    held = "held" if p99 <= 1 else "MISSED"
    print(f"paced p99: {seconds(p99)}  (target <= 1 s: {held})")


if __name__ == "__main__":
    main()
