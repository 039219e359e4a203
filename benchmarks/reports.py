"""The statistics pages at scale: each page's reports read from the rollups, beside
the same figures computed by a bare `GROUP BY` over the raw rows.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_stats_bench \\
        .venv/bin/python benchmarks/reports.py [--lines 1000000]
        [--listings 27400] [--repeats 30]

Uses a scratch PostgreSQL database (created if missing, migrated, its buying,
billing and statistics tables emptied first: never point this at real data). It
writes, with `INSERT … SELECT` over `generate_series`:

- `--listings` listings (27,400) of 500 vendors in 40 kinds of solution (a
  quarter of them in Select), one plan each, priced so that the lines fall in
  every price range;
- 1,200 buyer organizations, municipal and enterprise, in 12 regions;
- `--lines` order lines (4 per order, one vendor each) paid over the past 365
  days, in CNY and (one order in ten) USD, one in ten a renewal, one in thirteen
  on sale; their packages, package lines, quotes, quote lines and vendor orders;
  a subscription per first line (one in 33 failed, the others active within two
  hours) and the ledger's charges, with a half refund on one order in 50;
- a daily view counter for every listing on each of the 365 days: 10,001,000
  `ListingViewDay` rows (with 1 to 136 views each) for 27,400 listings.

Then, on the wall clock: the rebuild of the rollups (`rollups_rebuild`), a
refresh with nothing new and one recomputing the last day, and for each page the
p95 over `--repeats` runs of each report it shows (the selectors, labels
included), beside the p95 of a bare `GROUP BY` over the raw rows giving the same
figures — and whether the figures agree. Target: p95 ≤ 200 ms per report.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_READ_DOT_ENV_FILE", "false")
os.environ.setdefault("DEBUG", "false")
# The rollup task reads Redis only for view counts: none here.
os.environ["REDIS_URL"] = ""

VENDORS, CATEGORIES, BUYERS = 500, 40, 1_200
REGIONS = ["CN", "SG", "HK", "JP", "MY", "TH", "VN", "ID", "PH", "KR", "AU", "DE"]
DAYS = 365
PER_ORDER = 4

TABLES = (
    "analytics_salesday",
    "analytics_orderday",
    "analytics_listingsalesday",
    "analytics_funnelday",
    "analytics_categoryfunnelday",
    "analytics_provisioningday",
    "analytics_ledgerday",
    "analytics_listingpairday",
    "analytics_listingviewday",
    "analytics_rollupstate",
    "marketplace_ledgerentry",
    "marketplace_document",
    "marketplace_statuschange",
    "marketplace_payment",
    "marketplace_subscription",
    "marketplace_orderline",
    "marketplace_vendororder",
    "marketplace_order",
    "marketplace_quotephase",
    "marketplace_quotedecision",
    "marketplace_quoteline",
    "marketplace_quote",
    "marketplace_packagephase",
    "marketplace_packageline",
    "marketplace_package",
)


def catalog(start: datetime, count: int) -> dict:
    """The vendors, kinds, listings, plans, endorsements and buyers (made once;
    listings added up to `count`)."""
    from accounts.models import Organization
    from marketplace.models import Category, Endorsement, Listing, Plan
    from vendors.models import Vendor

    section, _ = Category.objects.get_or_create(
        slug="bench-stats", defaults={"name": "Bench section"}
    )
    categories = [
        Category.objects.get_or_create(
            slug=f"bench-stats-{n}", defaults={"name": f"Kind {n}", "parent": section}
        )[0].pk
        for n in range(CATEGORIES)
    ]
    vendors = []
    for n in range(VENDORS):
        organization, _ = Organization.objects.get_or_create(
            slug=f"bench-stats-vendor-{n}",
            defaults={"name": f"Vendor {n}", "kind": "vendor"},
        )
        vendor, _ = Vendor.objects.get_or_create(
            organization=organization,
            defaults={
                "legal_name": f"Vendor {n} Ltd",
                "registration_number": f"BS{n:06d}",
                "contact_email": f"v{n}@bench.example",
                "status": "verified",
            },
        )
        vendors.append(vendor.pk)
    made = Listing.objects.filter(slug__startswith="bench-stats-").count()
    if made < count:
        Listing.objects.bulk_create(
            (
                Listing(
                    vendor_id=vendors[n % VENDORS],
                    category_id=categories[n % CATEGORIES],
                    title=f"Solution {n}",
                    slug=f"bench-stats-{n}",
                    live=True,
                )
                for n in range(made, count)
            ),
            batch_size=2000,
        )
        listings = list(
            Listing.objects.filter(slug__startswith="bench-stats-").order_by("pk")
        )[made:]
        Plan.objects.bulk_create(
            Plan(
                listing=listing,
                code="STD",
                name="Standard",
                billing="one_time",
                unit="device",
                currency="CNY",
                unit_price=(5_000, 40_000, 300_000, 2_500_000)[n % 4]
                + (n * 37 % 1000) * 10,
                sort_order=0,
            )
            for n, listing in enumerate(listings, start=made)
        )
        Endorsement.objects.bulk_create(
            Endorsement(
                listing=listing,
                rationale="Bench",
                endorsed_at=start - timedelta(days=30),
                expires_at=start + timedelta(days=DAYS + 60),
            )
            for n, listing in enumerate(listings, start=made)
            if n % 4 == 0
        )
    listings = list(
        Listing.objects.filter(slug__startswith="bench-stats-")
        .order_by("pk")
        .values_list("pk", "vendor_id")[:count]
    )
    plans = dict(
        Plan.objects.filter(listing__slug__startswith="bench-stats-").values_list(
            "listing_id", "pk"
        )
    )
    prices = dict(
        Plan.objects.filter(listing__slug__startswith="bench-stats-").values_list(
            "listing_id", "unit_price"
        )
    )
    existing = Organization.objects.filter(slug__startswith="bench-stats-buyer-")
    if not existing.exists():
        Organization.objects.bulk_create(
            Organization(
                slug=f"bench-stats-buyer-{n}",
                name=f"Buyer {n}",
                kind="buyer",
                buyer_type="municipal" if n % 3 else "enterprise",
                region=REGIONS[n % len(REGIONS)],
            )
            for n in range(BUYERS)
        )
    return {
        "section": section.pk,
        "categories": categories,
        "vendors": vendors,
        "listings": [pk for pk, _vendor in listings],
        "listing_vendors": [vendor for _pk, vendor in listings],
        "plans": [plans[pk] for pk, _vendor in listings],
        "prices": [prices[pk] for pk, _vendor in listings],
        "buyers": list(existing.order_by("pk").values_list("pk", flat=True)),
    }


# Order q (1..orders) has package and quote q; its lines, package lines, quote
# lines and vendor orders are 4(q-1)+i+1 (i = 0..3), line i of listing
# (7q + 101i) mod the listings, whose vendors differ within an order.
ORDERS_SQL = [
    """
    CREATE TEMP TABLE bench_orders AS
    SELECT q,
        %(start)s::timestamptz + (q - 1) * (%(days)s * 86400.0 / %(orders)s)
            * interval '1 second' + ((q * 7919) %% 3600) * interval '1 second'
            AS paid_at,
        (%(buyers)s::bigint[])[1 + (q * 31) %% %(buyer_count)s] AS buyer,
        CASE WHEN q %% 10 = 0 THEN 'USD' ELSE 'CNY' END AS currency,
        CASE WHEN q %% 10 = 9 THEN 'renewal' ELSE 'initial' END AS kind
    FROM generate_series(1, %(orders)s) q
    """,
    """
    CREATE TEMP TABLE bench_lines AS
    SELECT o.*, i, 4 * (q - 1) + i + 1 AS id, l,
        (%(listings)s::bigint[])[1 + l] AS listing,
        (%(listing_vendors)s::bigint[])[1 + l] AS vendor,
        (%(plans)s::bigint[])[1 + l] AS plan,
        (%(prices)s::bigint[])[1 + l] AS price,
        1 + (q * 3 + i * 5) %% 20 AS quantity
    FROM bench_orders o, generate_series(0, 3) i,
        LATERAL (SELECT (7 * q + 101 * i) %% %(listing_count)s AS l) x
    """,
    """
    INSERT INTO marketplace_package (id, organization_id, name, currency,
        created_at, updated_at)
    SELECT q, buyer, 'Bench', currency, paid_at - interval '3 days',
        paid_at - interval '3 days'
    FROM bench_orders
    """,
    """
    INSERT INTO marketplace_packageline (id, package_id, plan_id, quantity, phase,
        site, note, created_at)
    SELECT id, q, plan, quantity, 1, '', '', paid_at - interval '3 days'
    FROM bench_lines
    """,
    """
    INSERT INTO marketplace_quote (id, number, organization_id, package_id,
        package_name, currency, tax_rate, one_time, recurring_monthly,
        recurring_annual, discount, first_year, tax, first_charge, status,
        created_at, valid_until, approvals_needed)
    SELECT q, 'SQ-' || q, buyer, q, 'Bench', currency, 0, 0, 0, 0, 0, 0, 0, 0,
        'ordered', paid_at - interval '2 days', paid_at + interval '28 days', 1
    FROM bench_orders
    """,
    """
    INSERT INTO marketplace_quoteline (id, quote_id, vendor_id, listing_id, plan_id,
        listing_title, vendor_name, plan_code, plan_name, billing, unit,
        contract_term_months, quantity, phase, site, list_unit_price,
        sale_unit_price, sale_units, setup_fee, subtotal, discount)
    SELECT id, q, vendor, listing, plan, 'Solution', 'Vendor', 'STD', 'Standard',
        'one_time', 'device', 0, quantity, 1, '', price, price,
        CASE WHEN q %% 13 = 0 THEN quantity ELSE 0 END, 0, quantity * price, 0
    FROM bench_lines
    """,
    """
    INSERT INTO marketplace_order (id, number, organization_id, quote_id, phase,
        kind, purchase_order, failed_attempts, placed_at, status, payment_method,
        currency, amount, paid_at)
    SELECT q, 'SO-' || q, buyer, q, 1, kind, '', 0, paid_at, 'paid', 'invoice',
        currency, 0, paid_at
    FROM bench_orders
    """,
    """
    INSERT INTO marketplace_vendororder (id, order_id, vendor_id, number, currency,
        gross, commission_rate, commission, net)
    SELECT id, q, vendor, 'SO-' || q || '-' || i, currency, quantity * price, 1000,
        quantity * price / 10, quantity * price - quantity * price / 10
    FROM bench_lines
    """,
    """
    INSERT INTO marketplace_orderline (id, vendor_order_id, quote_line_id, kind,
        quantity, amount)
    SELECT id, id, id, kind, quantity, quantity * price FROM bench_lines
    """,
    """
    INSERT INTO marketplace_subscription (id, order_line_id, organization_id,
        vendor_id, status, quantity, billed_quantity, billing, auto_renew,
        proration_units, proration_amount, suspended_unpaid, instance_id, access,
        report_digest, failure_reason, refunded, suspension_reason,
        cancellation_note, created_at, updated_at, activated_at)
    SELECT id, id, buyer, vendor,
        CASE WHEN (q + i) %% 33 = 0 THEN 'failed' ELSE 'active' END, quantity, 0,
        '', true, 0, 0, false, '', '', '', '', 0, '', '', paid_at, paid_at,
        CASE WHEN (q + i) %% 33 = 0 THEN NULL
            ELSE paid_at + (60 + (q * 13 + i) %% 7200) * interval '1 second' END
    FROM bench_lines WHERE kind = 'initial'
    """,
    """
    INSERT INTO marketplace_ledgerentry (vendor_id, order_id, vendor_order_id, kind,
        currency, gross, commission, net, booked_at, reference)
    SELECT vendor, q, id, 'charge', currency, quantity * price,
        quantity * price / 10, quantity * price - quantity * price / 10, paid_at, ''
    FROM bench_lines
    UNION ALL
    SELECT vendor, q, id, 'refund', currency, -(quantity * price / 2),
        -(quantity * price / 20), -(quantity * price / 2 - quantity * price / 20),
        paid_at + interval '5 days', 'r'
    FROM bench_lines WHERE q %% 50 = 0
    """,
    """
    INSERT INTO analytics_listingviewday (listing_id, day, views, updated_at)
    SELECT (%(listings)s::bigint[])[1 + l], %(first_day)s::date + d,
        1 + (l * 17 + d * 7) %% 136,
        (%(first_day)s::date + d)::timestamptz
    FROM generate_series(0, %(listing_count)s - 1) l,
        generate_series(0, %(days)s - 1) d
    """,
]


def fill(lines: int, start: datetime, parties: dict) -> None:
    from django.db import connection, transaction

    orders = lines // PER_ORDER
    values = {
        **{
            key: value
            for key, value in parties.items()
            if key not in ("categories", "section")
        },
        "orders": orders,
        "days": DAYS,
        "start": start,
        "first_day": start.date(),
        "buyer_count": len(parties["buyers"]),
        "listing_count": len(parties["listings"]),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    begun = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in ORDERS_SQL:
            cursor.execute(statement, values)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        cursor.execute("DROP TABLE bench_lines, bench_orders")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT count(*), (SELECT sum(views) FROM analytics_listingviewday), "
            "(SELECT count(*) FROM analytics_listingviewday) "
            "FROM marketplace_orderline"
        )
        line_count, view_sum, counters = cursor.fetchone()
    print(
        f"fixture: {line_count:,} order lines of {orders:,} orders, "
        f"{view_sum:,} views in {counters:,} daily counters, "
        f"written in {time.perf_counter() - begun:.1f} s"
    )


def p95(call: Callable[[], object], repeats: int) -> tuple[float, object]:
    """The 95th percentile of `repeats` runs in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        begun = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return times[min(len(times) - 1, int(len(times) * 0.95))], result


def sql(statement: str, params: dict) -> Callable[[], list[tuple]]:
    from django.db import connection

    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    return run


RAW_LINES = """
    FROM marketplace_orderline ol
    JOIN marketplace_vendororder vo ON vo.id = ol.vendor_order_id
    JOIN marketplace_order o ON o.id = vo.order_id
    JOIN accounts_organization org ON org.id = o.organization_id
    JOIN marketplace_quoteline ql ON ql.id = ol.quote_line_id
    LEFT JOIN marketplace_listing li ON li.id = ql.listing_id
    WHERE o.paid_at >= %(since)s AND o.paid_at < %(until)s
        AND o.currency = %(currency)s
"""
BAND = """CASE WHEN ol.amount >= 100000000 THEN 5 WHEN ol.amount >= 10000000
    THEN 4 WHEN ol.amount >= 1000000 THEN 3 WHEN ol.amount >= 100000 THEN 2
    WHEN ol.amount >= 10000 THEN 1 ELSE 0 END"""
TIER = """EXISTS (SELECT 1 FROM marketplace_endorsement e
    WHERE e.listing_id = ql.listing_id AND e.endorsed_at <= o.placed_at
    AND e.expires_at > o.placed_at
    AND (e.revoked_at IS NULL OR e.revoked_at > o.placed_at))"""


def sales_bare(group: str) -> str:
    return (
        f"SELECT {group}, count(*), sum(ol.quantity), sum(ol.amount) {RAW_LINES} "
        "GROUP BY 1"
    )


def bare_queries(vendor: int) -> dict[str, tuple[str, str]]:
    """For each report: the bare SQL, and the column whose total is compared."""
    raw_vendor = RAW_LINES + " AND vo.vendor_id = %(vendor)s"
    return {
        "sales_over_time": (
            "SELECT date_trunc('month', o.paid_at AT TIME ZONE 'UTC'), "
            "count(DISTINCT o.id), count(*), sum(ol.quantity), sum(ol.amount) "
            f"{RAW_LINES} GROUP BY 1",
            "gross",
        ),
        "sales_by buyer_type": (sales_bare("org.buyer_type"), "gross"),
        "sales_by region": (sales_bare("org.region"), "gross"),
        "sales_by category": (sales_bare("li.category_id"), "gross"),
        "sales_by vendor": (sales_bare("vo.vendor_id"), "gross"),
        "sales_by price_band": (sales_bare(BAND), "gross"),
        "sales_by tier": (sales_bare(TIER), "gross"),
        "sale_effect": (
            sales_bare("(ol.kind = 'initial' AND ql.sale_units > 0)"),
            "gross",
        ),
        "funnel": (
            """SELECT li.category_id, sum(v.views) FROM analytics_listingviewday v
            JOIN marketplace_listing li ON li.id = v.listing_id
            WHERE v.day >= %(first)s AND v.day <= %(last)s GROUP BY 1""",
            "views",
        ),
        "provisioning": (
            """SELECT vendor_id, count(*) FILTER (WHERE activated_at IS NOT NULL),
            count(*) FILTER (WHERE status = 'failed'),
            sum(extract(epoch FROM activated_at - created_at))
            FROM marketplace_subscription
            WHERE created_at >= %(since)s AND created_at < %(until)s GROUP BY 1""",
            "provisioned",
        ),
        "vendor_listings": (
            "SELECT ql.listing_id, sum(ol.amount) " + raw_vendor + " GROUP BY 1",
            "revenue",
        ),
        "vendor_over_time": (
            "SELECT date_trunc('month', o.paid_at AT TIME ZONE 'UTC'), "
            "count(DISTINCT o.id), sum(ol.amount) " + raw_vendor + " GROUP BY 1",
            "revenue",
        ),
        "vendor_ledger": (
            """SELECT date_trunc('month', booked_at AT TIME ZONE 'UTC'), kind,
            sum(gross), sum(commission), sum(net) FROM marketplace_ledgerentry
            WHERE vendor_id = %(vendor)s AND currency = %(currency)s
            AND booked_at >= %(since)s AND booked_at < %(until)s GROUP BY 1, 2""",
            "net",
        ),
    }


def bare_total(name: str, rows: list[tuple]) -> int:
    """The compared figure's total from the bare query's rows."""
    if name in ("sales_over_time",):
        return sum(row[4] for row in rows)
    if name == "funnel":
        return sum(row[1] for row in rows)
    if name == "provisioning":
        return sum(row[1] for row in rows)
    if name in ("vendor_listings",):
        return sum(row[1] for row in rows)
    if name == "vendor_over_time":
        return sum(row[2] for row in rows)
    if name == "vendor_ledger":
        return sum(row[4] for row in rows)
    return sum(row[3] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument(
        "--listings",
        type=int,
        default=27_400,
        help="listings, each with a view counter per day (365 days)",
    )
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--bare-repeats", type=int, default=5)
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    from benchmarks.scratch import database_create

    database_create(database)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.utils import timezone

    from analytics import selectors
    from analytics.models import RollupState, SalesDay
    from analytics.services import rollups_rebuild, rollups_refresh
    from analytics.tables import Filters

    today = timezone.localdate()
    first_day = today - timedelta(days=DAYS)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
    print(f"CPUs: {os.cpu_count()}, PostgreSQL {connection.pg_version}")
    parties = catalog(start, args.listings)
    fill(args.lines, start, parties)

    def progress(done: int, total: int) -> None:
        print(f"\r  rebuild: month {done}/{total}", end="", flush=True)

    begun = time.perf_counter()
    rollups_rebuild(progress=progress)
    rebuild = time.perf_counter() - begun
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    rows = {model: model.objects.count() for model in (SalesDay,)}
    begun = time.perf_counter()
    rollups_refresh()
    idle = time.perf_counter() - begun
    RollupState.objects.update(
        refreshed_at=datetime.combine(today, datetime.min.time(), tzinfo=UTC)
        - timedelta(hours=12)
    )
    begun = time.perf_counter()
    days = rollups_refresh()
    last_day = time.perf_counter() - begun
    print(
        f"rebuild: {rebuild:.1f} s ({rows[SalesDay]:,} sales rollup rows); "
        f"refresh with nothing new: {idle * 1000:.0f} ms; "
        f"refresh recomputing {days} day(s): {last_day:.2f} s"
    )

    year = Filters(start=first_day, end=today, grain="month")
    vendor = parties["vendors"][3]
    currency = selectors.currency_for(year)
    params = {
        "since": start,
        "until": start + timedelta(days=DAYS + 1),
        "first": first_day,
        "last": today,
        "currency": currency,
        "vendor": vendor,
    }
    region = Filters(start=first_day, end=today, region="SG")
    category = Filters(start=first_day, end=today, category_id=parties["categories"][2])
    section = Filters(start=first_day, end=today, category_id=parties["section"])
    pages: dict[str, list[tuple[str, Callable]]] = {
        "sales": [
            ("sales_over_time", lambda: selectors.sales_over_time(year)),
            (
                "sales_over_time, by day",
                lambda: selectors.sales_over_time(
                    Filters(start=first_day, end=today, grain="day")
                ),
            ),
            ("sales_over_time, a region", lambda: selectors.sales_over_time(region)),
            ("sales_over_time, a kind", lambda: selectors.sales_over_time(category)),
        ],
        "customers": [
            ("sales_by buyer_type", lambda: selectors.sales_by(year, "buyer_type")),
            ("sales_by region", lambda: selectors.sales_by(year, "region")),
        ],
        "products": [
            ("sales_by category", lambda: selectors.sales_by(year, "category")),
            ("sales_by vendor", lambda: selectors.sales_by(year, "vendor")),
            ("sales_by vendor, a region", lambda: selectors.sales_by(region, "vendor")),
            ("sales_by price_band", lambda: selectors.sales_by(year, "price_band")),
        ],
        "select": [
            ("sales_by tier", lambda: selectors.sales_by(year, "tier")),
            ("sale_effect", lambda: selectors.sale_effect(year)),
        ],
        "funnel": [
            ("funnel", lambda: selectors.funnel(year)),
            ("funnel, a section", lambda: selectors.funnel(section)),
        ],
        "provisioning": [("provisioning", lambda: selectors.provisioning(year))],
        "vendor portal": [
            ("vendor_listings", lambda: selectors.vendor_listings(year, vendor)),
            ("vendor_over_time", lambda: selectors.vendor_over_time(year, vendor)),
            ("vendor_ledger", lambda: selectors.vendor_ledger(year, vendor)),
        ],
        "listing page": [
            ("combined_with", lambda: selectors.combined_with(parties["listings"][7])),
        ],
    }
    bare = bare_queries(vendor)
    print()
    print(
        f"one year, {currency}; p95 of {args.repeats} runs (bare: "
        f"{args.bare_repeats}) in ms"
    )
    print(f"{'page':<14} {'report':<28} {'rollups':>9} {'bare':>9}  figures")
    worst = 0.0
    for page, reports in pages.items():
        for name, call in reports:
            call()  # warm: labels, plans, connections
            took, table = p95(call, args.repeats)
            worst = max(worst, took)
            bare_ms, agree = "", ""
            if name in bare:
                statement, column = bare[name]
                bare_took, bare_rows = p95(sql(statement, params), args.bare_repeats)
                bare_ms = f"{bare_took:>9.1f}"
                ours = sum(row[table.column(column)] or 0 for row in table.rows)
                theirs = int(bare_total(name, bare_rows) or 0)
                agree = "same" if ours == theirs else f"DIFFER {ours} != {theirs}"
            print(f"{page:<14} {name:<28} {took:>9.1f} {bare_ms:>9}  {agree}")
    print()
    print(f"slowest report p95: {worst:.1f} ms (target 200 ms)")


if __name__ == "__main__":
    main()
