"""Webhook delivery under faults: provisioning events from real paid orders, while the
worker is killed and Redis and PostgreSQL restart; nothing lost, duplicated or out
of order.

    .venv/bin/python benchmarks/chaos.py [--events 10000] [--vendors 50] [--kills 3]
        [--redis-restarts 1] [--postgres-restarts 1] [--fail 0.3] [--follow-ups 0.1]
        [--rate 40] [--deadline 900] [--short] [--keep-logs]

`--short` (CI): 1,000 events, one fault of each kind, a deadline of 360 s.

It disturbs nobody: it ignores DATABASE_URL and REDIS_URL, and starts its own Redis
(on a free port, keeping nothing on disk) and its own PostgreSQL cluster (initdb in
a temporary folder, fsync off, its own port and socket directory; as the `postgres`
user when run as root), its receiver (`chaos_receiver.py`, on 127.0.0.1: every
request verified with `standardwebhooks`, `--fail` of first attempts failed with a
500, a timeout, a reset or a trickle), a Celery worker (`-Q celery,webhooks`,
prefork, a process per CPU) and beat with the webhook sweep alone
(`chaos_settings.py`). Loopback endpoints, WEBHOOKS_TIMEOUT=2 and
WEBHOOKS_RETRY_DELAYS=5,10,20,40,60,120 (production's first delay, the rest short).

Setup, not timed (`chaos_world.py`): `--vendors` verified vendors, each with an
endpoint and a live listing; 10 self-approving buyers; invoice orders of 20 lines
from 20 vendors, one line per event, placed from approved quotes and left unpaid.
Then, on the wall clock (`time.time()`) on both sides: finance pays the orders
(`order_mark_paid`, `--rate` events a second), each line becoming a subscription
announced with `subscription.provision`; staff change and renew `--follow-ups` of
the subscriptions once active, back to back. Faults fire by progress (the share of
events answered 2xx), spread up to 75 %: the worker's process group SIGKILLed
(`--kills`), Redis SIGKILLed and started again on its port, PostgreSQL stopped
with `pg_ctl -m fast` (every backend ends mid-transaction) and started again. A
worker killed, or ended by itself, is started again a second later, as its
supervisor (`restart: unless-stopped`) would.

It prints the faults and how soon deliveries resumed after each, what the receiver
saw, and last:

    lost 0, duplicate ids 0, out of order 0, stuck 0, drained in N s

- lost: events seen committed (the provision of each line of a paid order, each
  change and renewal) that the vendor never answered 2xx;
- duplicate ids: events (type, subscription, data) that reached a vendor under two
  or more webhook-ids (the same id again is a resend, counted apart);
- out of order: a request for an event of a subscription before the vendor's
  first 2xx for the event before it (in Delivery.id order);
- stuck: subscriptions pending or provisioning with no delivery due or claimed, and
  events waiting (no next attempt) with no undelivered event before them;
- drained: from the first payment's commit to the last event's first 2xx.

The exit status is 1 if any of these is not 0, a signature did not verify, or the
`--deadline` (from the first payment) came first: what is undelivered then counts
as lost. Every process it starts runs under `timeout` (and this one under an alarm),
and a `finally` stops them all and removes the temporary folder; the logs of a
failed run (of any, with `--keep-logs`) are kept in var/chaos/.
"""

from __future__ import annotations

import argparse
import bisect
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import pairwise, zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chaos_receiver import Receiver  # noqa: E402
from benchmarks.chaos_servers import Celery, Postgres, Redis  # noqa: E402
from benchmarks.chaos_world import LINES, Driver, world_make  # noqa: E402

TIMEOUT = 2
RETRY_DELAYS = "5,10,20,40,60,120"
PROVISION = "subscription.provision"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, help="10000 (--short: 1000)")
    parser.add_argument("--vendors", type=int, default=50)
    parser.add_argument("--kills", type=int, help="3 (--short: 1)")
    parser.add_argument("--redis-restarts", type=int, default=1)
    parser.add_argument("--postgres-restarts", type=int, default=1)
    parser.add_argument("--fail", type=float, default=0.3)
    parser.add_argument("--follow-ups", type=float, default=0.1)
    parser.add_argument("--rate", type=float, default=40, help="Events paid a second.")
    parser.add_argument("--deadline", type=float, help="Seconds: 900 (--short: 360).")
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--keep-logs", action="store_true", help="In var/chaos/.")
    args = parser.parse_args()
    args.events = args.events or (1000 if args.short else 10_000)
    args.kills = args.kills if args.kills is not None else (1 if args.short else 3)
    args.deadline = args.deadline or (360 if args.short else 900)
    return args


def faults_planned(args) -> list[tuple[float, str]]:
    """The faults and the progress at which each fires: a kill first, then the
    others between kills, spread evenly up to 75 %."""
    pairs = zip_longest(
        ["redis"] * args.redis_restarts, ["postgres"] * args.postgres_restarts
    )
    others = [kind for pair in pairs for kind in pair if kind]
    kinds, kills = [], args.kills
    while kills or others:
        if kills:
            kinds.append("kill")
            kills -= 1
        if others:
            kinds.append(others.pop(0))
    return [(0.75 * (n + 1) / len(kinds), kind) for n, kind in enumerate(kinds)]


def environment(redis_url: str, database_url: str) -> dict[str, str]:
    """This process's environment, and its children's: their own servers only."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "WEBHOOKS_")):
            del os.environ[name]
    os.environ.update(
        # This checkout's code, whatever else the interpreter would find.
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        ),
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_READ_DOT_ENV_FILE="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        WEBHOOKS_ALLOW_LOOPBACK="true",
        WEBHOOKS_REQUIRE_HTTPS="false",
        WEBHOOKS_TIMEOUT=str(TIMEOUT),
        WEBHOOKS_RETRY_DELAYS=RETRY_DELAYS,
        DEBUG="false",
        CONN_MAX_AGE="60",
        EMAIL_URL="dummymail://",
        ELASTICSEARCH_URL="",
        LOG_LEVEL="INFO",
    )
    return dict(os.environ)


def settled() -> bool:
    """Nothing left to send, no subscription waiting for its vendor."""
    from marketplace.models import Subscription, SubscriptionStatus
    from vendors.models import Delivery, DeliveryStatus

    waiting = (SubscriptionStatus.PENDING, SubscriptionStatus.PROVISIONING)
    return not (
        Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()
        or Subscription.objects.filter(status__in=waiting).exists()
    )


def run(args, world, driver, receiver, servers: dict, workers: Celery) -> dict:
    """The timed part: payments, follow-ups and faults until everything is
    delivered and settled, or the deadline."""
    planned = sum(map(len, world.lines.values())) + 2 * len(driver.chosen)
    faults = faults_planned(args)
    fired: list[dict] = []
    started = time.time()
    deadline, per_order = started + args.deadline, LINES / args.rate
    paid, next_poll = 0, 0.0
    while time.time() < deadline:
        now = time.time()
        if paid < len(world.orders) and now >= started + paid * per_order:
            paid += driver.pay(world.orders[paid])
        if now < next_poll:
            time.sleep(0.02)
            continue
        next_poll = now + 1
        workers.supervise()
        driver.follow_up()
        ok = receiver.stats()["ok"]
        quiet = workers.running and (not fired or now - fired[-1]["end"] > 3)
        if faults and quiet and ok >= faults[0][0] * planned:
            share, kind = faults.pop(0)
            fault = {"kind": kind, "share": share, "start": time.time()}
            # A kill: the worker's process group SIGKILLed, a new one 1 s later.
            (servers.get(kind) or workers).restart()
            fired.append({**fault, "end": time.time()})
        if (
            not faults
            and workers.running
            and driver.done()
            and ok >= len(driver.expected())
        ):
            try:
                if settled():
                    return {"fired": fired, "started": started, "deadline": False}
            except Exception:
                driver.failed()
    return {"fired": fired, "started": started, "deadline": True}


def tally(entries: list[dict], driver) -> dict:
    """The counts, from what the receiver logged and the delivery log."""
    from marketplace.models import Subscription, SubscriptionStatus
    from vendors.models import Delivery, DeliveryStatus

    entries.sort(key=lambda entry: entry["t"])
    first_request: dict[str, float] = {}
    first_ok: dict[str, float] = {}
    answered: dict[tuple, float] = {}
    ids = defaultdict(set)
    resends = 0
    for entry in entries:
        webhook_id = entry["id"]
        first_request.setdefault(webhook_id, entry["t"])
        ids[(entry["type"], entry["sub"], entry["fingerprint"])].add(webhook_id)
        resends += webhook_id in first_ok
        if entry["answer"] == "200" and webhook_id not in first_ok:
            first_ok[webhook_id] = entry["t"]
            event = entry["line"] if entry["type"] == PROVISION else entry["sub"]
            answered.setdefault((entry["type"], event), entry["t"])
    expected = driver.expected()
    lost = sorted(expected - answered.keys())

    rows = list(
        Delivery.objects.exclude(ordering_key="")
        .order_by("pk")
        .values_list(
            "webhook_id", "vendor_id", "ordering_key", "event_type", "status",
            "next_attempt_at", "claimed_until",
        )
    )  # fmt: skip
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row[1], row[2])].append(row)
    out_of_order, stuck, due = 0, 0, set()
    for key_rows in by_key.values():
        for before, after in pairwise(key_rows):
            if after[0] in first_request and first_request[after[0]] < first_ok.get(
                before[0], float("inf")
            ):
                out_of_order += 1
        pending = [row for row in key_rows if row[4] == DeliveryStatus.PENDING]
        stuck += bool(pending) and pending[0][5] is None
        due |= {row[2] for row in pending if row[5] or row[6]}
    waiting = (SubscriptionStatus.PENDING, SubscriptionStatus.PROVISIONING)
    for pk in Subscription.objects.filter(status__in=waiting).values_list("pk"):
        stuck += f"subscription:{pk[0]}" not in due
    # Lost events without a Delivery row: the outbox was not written with them.
    subscriptions = dict(Subscription.objects.values_list("order_line_id", "pk"))
    written = {(row[3], row[2]) for row in rows}
    gaps = []
    for kind, event in lost:
        sub = subscriptions.get(event) if kind == PROVISION else event
        if (kind, f"subscription:{sub}") not in written:
            gaps.append((kind, event))
    times = sorted(first_ok.values())
    return {
        "lost": lost,
        "gaps": gaps,
        "duplicates": [key for key, found in ids.items() if len(found) > 1],
        "out_of_order": out_of_order,
        "stuck": stuck,
        "expected": len(expected),
        "requests": len(entries),
        "resends": resends,
        "answers": Counter(entry["answer"] for entry in entries),
        "bad_signatures": sum(not entry["sig_ok"] for entry in entries),
        "last_ok": max((answered[e] for e in expected if e in answered), default=0),
        "ok_times": times,
    }


def report(args, outcome: dict, counts: dict, driver) -> bool:
    """Prints the details and the last line; answers whether all is well."""
    answers, times = counts["answers"], counts["ok_times"]
    failed = ", ".join(
        f"{kind} {answers[kind]}" for kind in ("500", "timeout", "reset", "trickle")
    )
    print(
        f"requests {counts['requests']} for {counts['expected']} events "
        f"(first attempts failed: {failed}); the same id again after a 2xx "
        f"{counts['resends']}; bad signatures {counts['bad_signatures']}; "
        f"outbox gaps {len(counts['gaps'])}; driver errors {driver.errors}"
    )
    if driver.paid:
        spent = max(driver.paid.values()) - min(driver.paid.values())
        print(f"  {len(driver.paid)} orders paid in {spent:.0f} s")
    for fault in outcome["fired"]:
        after = bisect.bisect_right(times, fault["end"])
        resumed = (
            f"{times[after] - fault['start']:.1f} s" if after < len(times) else "never"
        )
        print(
            f"  {fault['kind']} at {fault['share']:.0%} "
            f"(t={fault['start'] - outcome['started']:.0f} s, took "
            f"{fault['end'] - fault['start']:.1f} s): deliveries resumed in {resumed}"
        )
    for at, cause in outcome["exits"]:
        print(
            f"  the worker ended by itself at t={at - outcome['started']:.0f} s, "
            f"started again 1 s later as its supervisor would; its log: {cause}"
        )
    if not outcome["beat"]:
        print("  beat ended by itself")
    for label, items in (("LOST", counts["lost"]), ("NO DELIVERY ROW", counts["gaps"])):
        if items:
            # (type, the order line of a provision, the subscription of the rest)
            print(f"{label}: {len(items)}, e.g. {items[:10]}")
    if counts["duplicates"]:
        print(f"DUPLICATE IDS, e.g. {counts['duplicates'][:10]}")
    if outcome["deadline"]:
        print(f"deadline reached ({args.deadline:.0f} s)")
    first = driver.first_commit or outcome["started"]
    drained = max(0.0, counts["last_ok"] - first)
    print(
        f"lost {len(counts['lost'])}, duplicate ids {len(counts['duplicates'])}, "
        f"out of order {counts['out_of_order']}, stuck {counts['stuck']}, "
        f"drained in {drained:.0f} s"
    )
    return not (
        outcome["deadline"]
        or counts["lost"]
        or counts["duplicates"]
        or counts["out_of_order"]
        or counts["stuck"]
        or counts["bad_signatures"]
    )


def main() -> int:
    args = arguments()
    setup_for = 120 + 0.06 * args.events
    lifetime = setup_for + args.deadline + 180

    def stop_now(signum, frame):
        # Through the `finally` below, which stops what this script started.
        raise SystemExit(f"chaos: stopped by {signal.Signals(signum).name}")

    for name in ("SIGALRM", "SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), stop_now)
    signal.alarm(int(lifetime))  # the hard deadline
    folder = Path(tempfile.mkdtemp(prefix="agora-chaos-"))
    servers: dict = {}
    workers = receiver = None
    well = False
    try:
        begun = time.monotonic()
        servers["redis"] = Redis(folder, lifetime)
        servers["postgres"] = Postgres(folder, lifetime)
        env = environment(servers["redis"].url, servers["postgres"].url)
        from benchmarks.scratch import database_create

        database_create(servers["postgres"].url)
        import django
        from django.core.management import call_command

        django.setup()
        to_file = logging.FileHandler(folder / "driver.log")
        for name in ("", "django"):
            logging.getLogger(name).handlers = [to_file]
        call_command("migrate", verbosity=0)
        receiver = Receiver(folder / "receiver.jsonl", args.fail, TIMEOUT, lifetime)
        world = world_make(
            events=args.events,
            vendors=args.vendors,
            base_url=receiver.base,
            until=begun + setup_for,
        )
        receiver.secrets(world.secrets)
        driver = Driver(world, args.follow_ups)
        setup = time.monotonic() - begun
        workers = Celery(folder, env, args.deadline + 120)
        workers.wait_ready()
        faults = ", ".join(
            f"{kind} at {share:.0%}" for share, kind in faults_planned(args)
        )
        print(
            f"chaos: {args.events} events from {len(world.orders)} invoice orders for "
            f"{args.vendors} vendors, paid at {args.rate:g} events/s; "
            f"{len(driver.chosen)} subscriptions changed and renewed once active; "
            f"receivers fail {args.fail:.0%} of first attempts"
        )
        print(
            f"faults: {faults}; WEBHOOKS_TIMEOUT={TIMEOUT}, WEBHOOKS_RETRY_DELAYS="
            f"{RETRY_DELAYS}; worker prefork x{os.cpu_count()}, beat (sweep every "
            f"30 s); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; setup "
            f"{setup:.0f} s; deadline {args.deadline:.0f} s",
            flush=True,
        )
        outcome = run(args, world, driver, receiver, servers, workers)
        outcome.update(exits=workers.exits, beat=workers.beat.alive())
        workers.stop()
        counts = tally(receiver.stop(), driver)
        well = report(args, outcome, counts, driver)
    finally:
        signal.alarm(0)
        for stop in (workers, receiver, servers.get("redis"), servers.get("postgres")):
            try:
                if stop is not None:
                    stop.stop()
            except Exception as error:
                print(f"(stopping {type(stop).__name__}: {error})")
        if args.keep_logs or not well:
            kept = ROOT / "var" / "chaos" / folder.name
            kept.mkdir(parents=True, exist_ok=True)
            for log in [
                *folder.glob("*.log"),
                *folder.glob("*.jsonl"),
                *folder.glob("pg-run/*.log"),
            ]:
                shutil.copy(log, kept)
            print(f"(logs kept in {kept})")
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if well else 1


if __name__ == "__main__":
    sys.exit(main())
