"""A billing run over 100,000 subscriptions due on the same day, beside a bare
`INSERT … SELECT` of as many ledger rows as it books.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_bench \\
        .venv/bin/python benchmarks/billing.py [--subscriptions 100000]
        [--per-order 10] [--tracemalloc]

Uses a scratch PostgreSQL database (created if missing, migrated, its buying and
billing tables emptied first: never point this at real data). It writes, with
`INSERT … SELECT` over `generate_series` (seconds, not minutes), `--subscriptions`
active monthly subscriptions whose next period starts today: first orders of
`--per-order` lines from three vendors each, placed a month ago by 1,000
invoice-paying organizations and paid, with their quotes, vendor orders and lines.

Then, on the wall clock:

- the billing run as of today, as `manage.py billing_run` runs it: a renewal order
  per first order (split per vendor, with tax), a line per subscription, the
  ledger's rows, the first payment and its numbered invoice, the subscriptions'
  next periods; target: at most 5 minutes on 2 cores;
- its memory: the process's resident size sampled every 0.2 s during the run,
  beside what it was before (and with `--tracemalloc`, Python's own allocations,
  which slows the run down: its time is then not the figure to quote);
- the same run again for the same day: it must bill nothing;
- the baseline: a bare `INSERT … SELECT` of as many ledger rows as the run booked,
  in one statement (rolled back).

Invoice payers only, on purpose: a card renewal is a request to Stripe each, made
by a task of its own that the run queues (`billing_charge_task`), so the Stripe
round trips are not part of the run; their cost is Stripe's latency times the
number of card orders, spread over the workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
import tracemalloc
from datetime import UTC, date, datetime
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_READ_DOT_ENV_FILE", "false")
# As in production: no query log kept in memory.
os.environ.setdefault("DEBUG", "false")

VENDORS = 20
BUYERS = 1000
# Each line: 4 units at 25.00 a month.
QUANTITY, UNIT_PRICE = 4, 2_500

BILLING_TABLES = (
    "marketplace_ledgerentry",
    "marketplace_document",
    "marketplace_documentsequence",
    "marketplace_statuschange",
    "marketplace_payment",
    "marketplace_subscription",
    "marketplace_orderline",
    "marketplace_vendororder",
    "marketplace_order",
    "marketplace_quotephase",
    "marketplace_quoteline",
    "marketplace_quote",
)


def parties() -> tuple[list[int], list[int]]:
    """The vendors and the invoice-paying buyer organizations (made once)."""
    from accounts.models import Organization
    from vendors.models import Vendor

    vendors = []
    for n in range(VENDORS):
        organization, _ = Organization.objects.get_or_create(
            slug=f"bench-billing-vendor-{n}",
            defaults={"name": f"Vendor {n}", "kind": "vendor"},
        )
        vendor, _ = Vendor.objects.get_or_create(
            organization=organization,
            defaults={
                "legal_name": f"Vendor {n} Ltd",
                "registration_number": f"BB{n:06d}",
                "contact_email": f"v{n}@bench.example",
                "status": "verified",
            },
        )
        vendors.append(vendor.pk)
    existing = set(
        Organization.objects.filter(
            slug__startswith="bench-billing-buyer-"
        ).values_list("slug", flat=True)
    )
    Organization.objects.bulk_create(
        Organization(
            slug=f"bench-billing-buyer-{n}",
            name=f"County {n}",
            kind="buyer",
            buyer_type="municipal",
            billing_address=f"{n} Main Street",
        )
        for n in range(BUYERS)
        if f"bench-billing-buyer-{n}" not in existing
    )
    buyers = list(
        Organization.objects.filter(slug__startswith="bench-billing-buyer-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return vendors, buyers


# Ids are numbered from 1 in each emptied table: first order q (1..orders) has
# quote q, vendor orders 3(q-1)+k (k = 1..3) and lines and subscriptions
# per(q-1)+i+1 (i = 0..per-1), line i going to vendor order i % 3 + 1.
FIXTURE_SQL = [
    """
    INSERT INTO marketplace_quote (id, number, package_name, currency, tax_rate,
        one_time, recurring_monthly, recurring_annual, discount, first_year, tax,
        first_charge, status, created_at, valid_until, organization_id)
    SELECT q, 'BQ-' || lpad(q::text, 9, '0'), 'Bench', 'CNY', %(tax)s,
        0, %(order_net)s, 0, 0, 12 * %(order_net)s, %(order_tax)s,
        %(order_net)s + %(order_tax)s, 'ordered', %(placed)s,
        %(placed)s::timestamptz + interval '30 days',
        (%(buyers)s::bigint[])[1 + (q - 1) %% %(buyer_count)s]
    FROM generate_series(1, %(orders)s) q
    """,
    """
    INSERT INTO marketplace_quoteline (id, quote_id, vendor_id, listing_title,
        vendor_name, plan_code, plan_name, billing, unit, contract_term_months,
        quantity, phase, site, list_unit_price, sale_unit_price, sale_units,
        setup_fee, subtotal, discount)
    SELECT %(per)s * (q - 1) + i + 1, q,
        (%(vendors)s::bigint[])[1 + ((q - 1) + i %% 3) %% %(vendor_count)s],
        'Manhole monitor', 'Vendor', 'STD', 'Standard', 'monthly', 'device', 12,
        %(quantity)s, 1, '', %(unit)s, %(unit)s, 0, 0, %(line_net)s, 0
    FROM generate_series(1, %(orders)s) q, generate_series(0, %(per)s - 1) i
    """,
    """
    INSERT INTO marketplace_order (id, number, placed_at, status, payment_method,
        currency, amount, paid_at, organization_id, quote_id, failed_attempts,
        kind, phase, purchase_order)
    SELECT q, 'O-B-' || lpad(q::text, 9, '0'), %(placed)s, 'paid', 'invoice',
        'CNY', %(order_net)s + %(order_tax)s, %(placed)s,
        (%(buyers)s::bigint[])[1 + (q - 1) %% %(buyer_count)s], q, 0, 'initial', 1,
        ''
    FROM generate_series(1, %(orders)s) q
    """,
    """
    INSERT INTO marketplace_vendororder (id, order_id, vendor_id, number, currency,
        gross, commission_rate, commission, net)
    SELECT 3 * (q - 1) + k, q,
        (%(vendors)s::bigint[])[1 + ((q - 1) + (k - 1)) %% %(vendor_count)s],
        'O-B-' || lpad(q::text, 9, '0') || '-' || k, 'CNY', gross, %(rate)s,
        (gross * %(rate)s + 5000) / 10000,
        gross - (gross * %(rate)s + 5000) / 10000
    FROM generate_series(1, %(orders)s) q, generate_series(1, 3) k,
        LATERAL (SELECT ((%(per)s - k + 3) / 3) * %(line_net)s AS gross) g
    """,
    """
    INSERT INTO marketplace_orderline (id, vendor_order_id, quote_line_id, kind,
        quantity, amount)
    SELECT %(per)s * (q - 1) + i + 1, 3 * (q - 1) + i %% 3 + 1,
        %(per)s * (q - 1) + i + 1, 'initial', %(quantity)s, %(line_net)s
    FROM generate_series(1, %(orders)s) q, generate_series(0, %(per)s - 1) i
    """,
    """
    INSERT INTO marketplace_subscription (id, order_line_id, organization_id,
        vendor_id, status, quantity, billed_quantity, term_start, term_end, billing,
        auto_renew, period_start, period_end, next_charge_on, proration_units,
        proration_amount, suspended_unpaid, instance_id, access, report_digest,
        failure_reason, refunded, suspension_reason, cancellation_note, created_at,
        updated_at, activated_at)
    SELECT %(per)s * (q - 1) + i + 1, %(per)s * (q - 1) + i + 1,
        (%(buyers)s::bigint[])[1 + (q - 1) %% %(buyer_count)s],
        (%(vendors)s::bigint[])[1 + ((q - 1) + i %% 3) %% %(vendor_count)s],
        'active', %(quantity)s, %(quantity)s, %(started)s, %(term_end)s, 'monthly',
        true, %(started)s, %(day)s, %(day)s, 0, 0, false, '', '', '', '', 0, '',
        '', %(placed)s, %(placed)s, %(placed)s
    FROM generate_series(1, %(orders)s) q, generate_series(0, %(per)s - 1) i
    """,
]


def fill(subscriptions: int, per: int, day: date) -> int:
    """Write the subscriptions due on `day` and everything they stand on; answers
    how many first orders."""
    from django.conf import settings
    from django.db import connection, transaction

    from marketplace.services.subscriptions import add_months

    vendors, buyers = parties()
    orders = subscriptions // per
    started = add_months(day, -1)
    line_net = QUANTITY * UNIT_PRICE
    order_net = per * line_net
    tax = settings.TAX_RATE_BASIS_POINTS
    values = {
        "orders": orders,
        "per": per,
        "vendors": vendors,
        "vendor_count": len(vendors),
        "buyers": buyers,
        "buyer_count": len(buyers),
        "quantity": QUANTITY,
        "unit": UNIT_PRICE,
        "line_net": line_net,
        "order_net": order_net,
        "order_tax": (order_net * tax + 5_000) // 10_000,
        "tax": tax,
        "rate": settings.PLATFORM_COMMISSION_BASIS_POINTS,
        "day": day,
        "started": started,
        "term_end": add_months(started, 12),
        "placed": datetime.combine(started, dtime(9), tzinfo=UTC),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(BILLING_TABLES)} RESTART IDENTITY CASCADE")
    begun = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in FIXTURE_SQL:
            cursor.execute(statement, values)
        for table in BILLING_TABLES:
            # Our own table names, from the constant above.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"fixture: {orders * per:,} subscriptions of {orders:,} first orders "
        f"({per} lines, 3 vendors each), {len(buyers):,} invoice-paying buyers, "
        f"written in {time.perf_counter() - begun:.1f} s"
    )
    return orders


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """Samples the resident size (and Python's traced allocations, when traced)
    every 0.2 s until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float, float]] = []
        self.halt = threading.Event()

    def run(self) -> None:
        begun = time.perf_counter()
        while not self.halt.wait(0.2):
            traced = (
                tracemalloc.get_traced_memory()[0] / 2**20
                if tracemalloc.is_tracing()
                else 0.0
            )
            self.samples.append((time.perf_counter() - begun, rss_mib(), traced))

    def stop(self) -> None:
        self.halt.set()
        self.join()


def counted_run(day: date):
    """The billing run as the command runs it; answers the report, the seconds it
    took and the queries it sent."""
    from django.db import connection

    from marketplace.services.billing.runs import billing_run

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        begun = time.perf_counter()
        report = billing_run(day=day, inline=True)
        elapsed = time.perf_counter() - begun
    return report, elapsed, queries


def bare_ledger_insert(rows: int) -> float:
    """Seconds a bare INSERT … SELECT of `rows` ledger rows takes (rolled back)."""
    from django.db import connection, transaction

    sql = """
    INSERT INTO marketplace_ledgerentry (vendor_id, order_id, vendor_order_id, kind,
        currency, gross, commission, net, booked_at, reference)
    SELECT vendor_id, order_id, id, 'charge', currency, gross, commission, net,
        now(), 'bare'
    FROM marketplace_vendororder ORDER BY id LIMIT %s
    """
    with transaction.atomic(), connection.cursor() as cursor:
        begun = time.perf_counter()
        cursor.execute(sql, [rows])
        elapsed = time.perf_counter() - begun
        assert cursor.rowcount == rows, cursor.rowcount  # noqa: S101
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--per-order", type=int, default=10)
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="Trace Python's allocations during the run (slower).",
    )
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    from benchmarks.scratch import database_create

    database_create(database)

    import logging

    import django
    from django.core.management import call_command
    from django.utils import timezone

    django.setup()
    logging.getLogger("marketplace").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    from marketplace.models import Document, LedgerEntry, Order, OrderLine

    day = timezone.localdate()
    print(f"CPUs: {os.cpu_count()}, day billed: {day}")
    orders = fill(args.subscriptions, args.per_order, day)
    subscriptions = orders * args.per_order

    before = rss_mib()
    if args.tracemalloc:
        tracemalloc.start()
    sampler = Sampler()
    sampler.start()
    report, elapsed, queries = counted_run(day)
    sampler.stop()
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else 0
    tracemalloc.stop()

    raised = Order.objects.exclude(kind="initial").count()
    lines = OrderLine.objects.exclude(kind="initial").count()
    ledger = LedgerEntry.objects.filter(order__parent__isnull=False).count()
    invoices = Document.objects.filter(kind="invoice").count()
    failed = len(report.failed)
    again, again_elapsed, again_queries = counted_run(day)
    bare = bare_ledger_insert(ledger)

    print()
    print(
        f"first run: {report.renewals:,} renewal orders ({raised:,} in the database), "
        f"{report.lines:,} lines ({lines:,}), {ledger:,} ledger rows, "
        f"{invoices:,} invoices, {failed} failed, {queries:,} queries"
    )
    print(
        f"second run, same day: {again.raised} orders raised, {again.lines} lines, "
        f"{again_queries:,} queries"
    )
    samples = sampler.samples or [(0.0, before, 0.0)]
    quarter = [samples[min(len(samples) - 1, len(samples) * n // 4)] for n in (1, 2, 3)]
    peak = max(rss for _, rss, _ in samples)
    print(
        f"memory, resident: {before:.0f} MiB before the run; during it "
        + ", ".join(f"{rss:.0f} MiB at {t:.0f} s" for t, rss, _ in quarter)
        + f", {samples[-1][1]:.0f} MiB at the end; peak {peak:.0f} MiB "
        f"(ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
        " MiB)"
    )
    if args.tracemalloc:
        print(
            "memory, Python's allocations during the run: "
            + ", ".join(f"{traced:.1f} MiB at {t:.0f} s" for t, _, traced in quarter)
            + f"; peak {traced_peak:.1f} MiB (times below include tracing)"
        )
    print()
    print(f"{'':<44} {'seconds':>9} {'rows/s':>10}")
    print(
        f"{'billing run, ' + format(subscriptions, ',') + ' subscriptions':<44} "
        f"{elapsed:>9.1f} {subscriptions / elapsed:>10,.0f}"
    )
    print(f"{'the same run again (bills nothing)':<44} {again_elapsed:>9.1f}")
    print(
        f"{'bare INSERT … SELECT, ' + format(ledger, ',') + ' ledger rows':<44} "
        f"{bare:>9.2f} {ledger / bare:>10,.0f}"
    )
    held = "met" if elapsed <= 300 and again.raised == 0 and not failed else "MISSED"
    print(f"target: the run in at most 300 s, the second bills nothing: {held}")


if __name__ == "__main__":
    main()
