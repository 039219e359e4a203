"""Search latency through the backend, beside the bare SQL it stands for.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_bench \\
        .venv/bin/python benchmarks/search.py [--listings 100000] [--repeat 40]

Fills a scratch PostgreSQL database (it is emptied first: never point this at real
data) with N synthetic published listings, then prints p50 and p95 latency of three
kinds of search — a narrow text query, a broad one, and browsing with no text — each
with every facet counted, through `search.backends.database`, beside the SQL statements
it ran executed bare, and beside a naive single statement. It also prints the indexing
throughput (documents built from the catalog and written), how long a process takes to
read the facet postings after an index write, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_READ_DOT_ENV_FILE", "false")

WORDS = (
    "smart",
    "manhole",
    "cover",
    "sensor",
    "camera",
    "video",
    "surveillance",
    "parking",
    "gate",
    "street",
    "light",
    "lamp",
    "water",
    "quality",
    "groundwater",
    "gauge",
    "air",
    "station",
    "bin",
    "fill",
    "level",
    "e-mail",
    "mailbox",
    "conference",
    "room",
    "terminal",
    "checkout",
    "backup",
    "storage",
    "firewall",
    "identity",
    "gateway",
    "platform",
    "cloud",
    "edge",
    "analytics",
    "district",
    "city",
    "campus",
    "retail",
    "school",
    "hospital",
)


# Model names and specifications: rarer words, as a real catalog has, so that a
# query for them matches a few listings rather than half of them.
RARE = [f"{prefix}{n}" for prefix in ("lx", "mh", "ax", "zt", "qp") for n in range(400)]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fill(count: int) -> None:
    from django.db import connection, transaction

    from accounts.models import Organization
    from marketplace.models import Category, Listing, Plan
    from search.backends import get_backend
    from search.models import IndexedListing, ListingFacet
    from vendors.models import Vendor

    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE search_listingfacet, search_indexedlisting, "
            "marketplace_plan, marketplace_listing_protocols, marketplace_listing "
            "RESTART IDENTITY CASCADE"
        )
    sections = [
        Category.objects.get_or_create(
            slug=f"section-{n}", defaults={"name": f"Section {n}"}
        )[0]
        for n in range(10)
    ]
    kinds = [
        Category.objects.get_or_create(
            slug=f"kind-{n}", defaults={"name": f"Kind {n}", "parent": sections[n % 10]}
        )[0]
        for n in range(30)
    ]
    vendors = []
    for n in range(200):
        organization, _ = Organization.objects.get_or_create(
            slug=f"bench-vendor-{n}", defaults={"name": f"Vendor {n}", "kind": "vendor"}
        )
        vendors.append(
            Vendor.objects.get_or_create(
                organization=organization,
                defaults={
                    "legal_name": f"Vendor {n} Ltd",
                    "registration_number": f"B{n:06d}",
                    "contact_email": f"v{n}@bench.example",
                    "status": "verified",
                },
            )[0]
        )
    started = time.perf_counter()
    batch = 2000
    for start in range(0, count, batch):
        with transaction.atomic():
            listings = Listing.objects.bulk_create(
                [
                    Listing(
                        vendor=rng.choice(vendors),
                        category=rng.choice(kinds),
                        title=" ".join(
                            [*rng.sample(WORDS, 3), rng.choice(RARE)]
                        ).title(),
                        slug=f"bench-{n}",
                        summary=" ".join(
                            [*rng.sample(WORDS, 10), *rng.sample(RARE, 2)]
                        ),
                        description=f"<p>{' '.join(rng.sample(WORDS, 30))}</p>",
                        deployment_model=rng.choice(["saas", "on_premise", "hybrid"]),
                        regions=rng.sample(["CN", "SG", "MY", "HK", "JP", "DE"], 2),
                        rating=round(rng.uniform(3, 5), 1),
                        live=True,
                    )
                    for n in range(start, min(start + batch, count))
                ]
            )
            Plan.objects.bulk_create(
                Plan(
                    listing=listing,
                    code="STD",
                    name="Standard",
                    billing=rng.choice(["monthly", "annual", "one_time"]),
                    unit="device",
                    unit_price=rng.randint(1_000, 50_000_000),
                )
                for listing in listings
            )
    created = time.perf_counter() - started
    print(f"catalog: {count} listings written in {created:.1f} s")

    # Indexing throughput: documents built from the catalog and written.
    backend = get_backend("database")
    sample = list(Listing.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    started = time.perf_counter()
    backend.index(sample)
    elapsed = time.perf_counter() - started
    print(f"indexing: {len(sample) / elapsed:,.0f} listings/s through the backend")
    started = time.perf_counter()
    backend.rebuild()
    print(f"rebuild: {count} listings in {time.perf_counter() - started:.1f} s")
    print(
        f"index rows: {IndexedListing.objects.count()} listings, "
        f"{ListingFacet.objects.count()} facet values"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


BARE_SQL = """
WITH matches AS (
  SELECT listing_id, ts_rank(search_vector, q) AS rank
  FROM search_indexedlisting, websearch_to_tsquery('english', %(text)s) q
  WHERE %(text)s = '' OR search_vector @@ q
)
SELECT (SELECT count(*) FROM matches),
       (SELECT array_agg(listing_id) FROM
          (SELECT listing_id FROM matches ORDER BY rank DESC LIMIT 20) top),
       (SELECT json_agg(row_to_json(f)) FROM
          (SELECT facet, value, count(*) FROM search_listingfacet
           WHERE listing_id IN (SELECT listing_id FROM matches)
           GROUP BY facet, value) f)
"""


def measure(repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import postings
    from search.backends import get_backend
    from search.backends.base import SearchQuery

    backend = get_backend("database")
    cases = {
        "narrow text": "mh17 gateway",
        "broad text": "smart",
        "browse (no text)": "",
    }
    print()
    print(
        "backend cold: computed from scratch (cache emptied first); warm: the same "
        "search again, answered from the cache until the index changes.\n"
        "its SQL: the statements the backend ran for the cold search, run bare; "
        "ratio: backend cold p95 / its SQL p95.\n"
        "naive SQL: one statement with ts_rank and a GROUP BY over the facet rows "
        "of every match."
    )
    print(
        f"{'query':<17} {'cold p50':>8} {'p95':>6} {'warm p50':>8} {'p95':>5} "
        f"{'its SQL p50':>11} {'p95':>6} {'ratio':>5} {'naive p50':>9} {'p95':>6}"
    )
    for label, text in cases.items():
        cold, warm, its, naive = [], [], [], []
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            backend.search(SearchQuery(text=text))
        statements = [query["sql"] for query in captured.captured_queries]
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            backend.search(SearchQuery(text=text))
            cold.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            backend.search(SearchQuery(text=text))
            warm.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    cursor.fetchall()
            its.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(BARE_SQL, {"text": text})
                cursor.fetchall()
            naive.append((time.perf_counter() - started) * 1000)
        ratio = percentile(cold, 0.95) / percentile(its, 0.95)
        print(
            f"{label:<17} {statistics.median(cold):>6.1f}ms "
            f"{percentile(cold, 0.95):>4.0f}ms "
            f"{statistics.median(warm):>6.1f}ms {percentile(warm, 0.95):>3.0f}ms "
            f"{statistics.median(its):>9.1f}ms {percentile(its, 0.95):>4.0f}ms "
            f"{ratio:>5.2f} "
            f"{statistics.median(naive):>7.1f}ms {percentile(naive, 0.95):>4.0f}ms"
        )
    # After an index write, each process reads the facet postings again once.
    reloads = []
    for _ in range(repeat):
        started = time.perf_counter()
        postings.HeldPostings().postings_for(backend._stamp())
        reloads.append((time.perf_counter() - started) * 1000)
    print(
        f"\nfacet postings read after an index write: "
        f"p50 {statistics.median(reloads):.1f}ms, p95 {percentile(reloads, 0.95):.1f}ms"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true", help="Measure the data already there."
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if not args.reuse:
        fill(args.listings)
    measure(args.repeat)


if __name__ == "__main__":
    main()
