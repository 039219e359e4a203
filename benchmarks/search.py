"""Search latency through the backend, beside the bare SQL it stands for.

    DATABASE_URL=postgres://agora:agora@127.0.0.1:5432/agora_bench \\
        .venv/bin/python benchmarks/search.py [--listings 100000] [--repeat 40]

Fills a scratch PostgreSQL database (it is emptied first: never point this at real
data) with N synthetic published listings, a third of them also in Chinese and Japanese
(their `translations`; one in five of those written in Chinese, with an English
translation), then prints p50 and p95 latency of each kind of search — a narrow text
query, a broad one, and browsing with no text; in Chinese and Japanese a narrow query,
a broad one, and a broad one whose synonyms span the three languages — each with every
facet counted, through `search.backends.database` in the language of the query (as the
search page runs it), beside the SQL statements it ran executed bare, and beside a
naive single statement. It also prints the indexing throughput (documents built from
the catalog, translations included, and written), how long a process takes to read the
facet postings after an index write, and the peak memory of the process.
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
# As in production: with DEBUG on, Django keeps the text of the last 9000 statements
# (the bulk writes of a rebuild are megabytes each), which the peak memory would
# count.
os.environ.setdefault("DEBUG", "false")

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

# The same words in Chinese and Japanese (as a translator would render them in a
# product text), so that a listing's translations say what its English says.
CJK_WORDS = {
    "smart": ("智能", "スマート"),
    "manhole": ("井盖", "マンホール"),
    "cover": ("盖板", "蓋"),
    "sensor": ("传感器", "センサー"),
    "camera": ("摄像头", "カメラ"),
    "video": ("视频", "映像"),
    "surveillance": ("监控", "監視"),
    "parking": ("停车场", "駐車場"),
    "gate": ("道闸", "ゲート"),
    "street": ("街道", "街路"),
    "light": ("路灯", "街路灯"),
    "lamp": ("灯杆", "照明灯"),
    "water": ("内涝", "冠水"),
    "quality": ("水质", "水質"),
    "groundwater": ("地下水", "地下水"),
    "gauge": ("监测仪", "計測器"),
    "air": ("空气质量", "大気質"),
    "station": ("监测站", "観測局"),
    "bin": ("垃圾桶", "ゴミ箱"),
    "fill": ("满溢", "満杯"),
    "level": ("液位", "水位"),
    "e-mail": ("电子邮件", "電子メール"),
    "mailbox": ("邮箱", "メールボックス"),
    "conference": ("视频会议", "テレビ会議"),
    "room": ("会议室", "会議室"),
    "terminal": ("终端", "端末"),
    "checkout": ("收银", "レジ"),
    "backup": ("备份", "バックアップ"),
    "storage": ("存储", "ストレージ"),
    "firewall": ("防火墙", "ファイアウォール"),
    "identity": ("身份认证", "認証"),
    "gateway": ("网关", "ゲートウェイ"),
    "platform": ("平台", "プラットフォーム"),
    "cloud": ("云端", "クラウド"),
    "edge": ("边缘计算", "エッジ"),
    "analytics": ("数据分析", "分析"),
    "district": ("片区", "地区"),
    "city": ("城市", "都市"),
    "campus": ("园区", "キャンパス"),
    "retail": ("零售", "小売"),
    "school": ("学校", "学校"),
    "hospital": ("医院", "病院"),
}
# Product series names, the rare words of Chinese and Japanese texts: each model
# name belongs to one series (five model names a series).
ZH_SERIES = [
    a + b
    for a in "天玄青赤云星海山金银紫苍朱白墨灵锐卓恒昊"
    for b in "枢武龙鹰眸盾擎瞳翼穹衡岳川璃锋辰曜澜骁隼"
]
_JA_HEADS = (
    "アルベガシリカペリゲデネスピミラポラアクルナソルノバゼノオリヘリテラアトネオゼタ"
)
_JA_TAILS = (
    "クスオンードニアラスティロンミアガージンルスバスリオザンドラセルファマートスレア"
)
JA_SERIES = [
    _JA_HEADS[i : i + 2] + _JA_TAILS[j : j + 2]
    for i in range(0, len(_JA_HEADS), 2)
    for j in range(0, len(_JA_TAILS), 2)
]
SERIES = {
    rare: (ZH_SERIES[index % len(ZH_SERIES)], JA_SERIES[index % len(JA_SERIES)])
    for index, rare in enumerate(RARE)
}
# Searches of each kind, in each language: (kind, language, text). The Chinese and
# Japanese ones are what a buyer reading the site in that language types: a series
# with a product, a common word, and a word whose synonym group (`synonyms.txt`)
# spans the three languages.
QUERIES = (
    ("narrow text", "en", "mh17 gateway"),
    ("broad text", "en", "smart"),
    ("browse (no text)", "en", ""),
    ("narrow text", "zh-hans", "天枢 井盖传感器"),
    ("broad text", "zh-hans", "智能"),
    ("broad synonyms", "zh-hans", "摄像头"),
    ("narrow text", "ja", "ベガオン マンホールセンサー"),
    ("broad text", "ja", "スマート"),
    ("broad synonyms", "ja", "駐車場"),
)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cjk_texts(
    language: str,
    rng: random.Random,
    title: list[str],
    summary: list[str],
    description: list[str],
) -> dict[str, str]:
    """A listing's title, summary and description in Chinese or Japanese, from the
    words of its English ones: the series of its model name leads the title."""
    column = 0 if language == "zh-hans" else 1

    def word(english: str) -> str:
        if english in SERIES:
            return f"{SERIES[english][column]} {english.upper()}"
        return CJK_WORDS[english][column]

    def phrase(words: list[str]) -> str:
        if language == "zh-hans":
            return "".join(word(w) for w in words)
        # Japanese joins its nouns with particles.
        joined = word(words[0])
        for w in words[1:]:
            joined += rng.choice(("の", "と", "", "による", "向け")) + word(w)
        return joined

    def sentences(words: list[str]) -> str:
        stop, comma = ("。", "，") if language == "zh-hans" else ("。", "、")
        parts = [phrase(words[start : start + 3]) for start in range(0, len(words), 3)]
        return (
            "".join(
                part + (stop if index % 3 == 2 else comma)
                for index, part in enumerate(parts)
            )[:-1]
            + stop
        )

    *nouns, model = title
    series = SERIES[model][column]
    return {
        "title": f"{series}{phrase(nouns)} {model.upper()}",
        "summary": sentences(summary)[:240],
        "description": f"<p>{sentences(description)}</p>",
    }


def fill(count: int) -> None:
    from django.db import connection, transaction

    from accounts.models import Organization
    from marketplace.models import Category, Listing, Plan
    from search.backends import get_backend
    from search.models import IndexedListing, ListingFacet
    from vendors.models import Vendor

    rng = random.Random(7)
    # Translations draw from their own generator, so that the English text does not
    # depend on them.
    rng_i18n = random.Random(11)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE search_listingfacet, search_indexedlisting, search_facetposting, "
            "search_termposting, "
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

    def make_listing(n: int) -> Listing:
        vendor, category = rng.choice(vendors), rng.choice(kinds)
        words = (
            [*rng.sample(WORDS, 3), rng.choice(RARE)],
            [*rng.sample(WORDS, 10), *rng.sample(RARE, 2)],
            rng.sample(WORDS, 30),
        )
        texts = {
            "en": {
                "title": " ".join(words[0]).title(),
                "summary": " ".join(words[1]),
                "description": f"<p>{' '.join(words[2])}</p>",
            }
        }
        # A third of the listings are in Chinese and Japanese too; one in five of
        # those was written in Chinese and translated into English.
        language = "en"
        if n % 3 == 0:
            for other in ("zh-hans", "ja"):
                texts[other] = cjk_texts(other, rng_i18n, *words)
            if n % 15 == 0:
                language = "zh-hans"
        return Listing(
            vendor=vendor,
            category=category,
            language=language,
            **texts[language],
            translations={
                other: text for other, text in texts.items() if other != language
            },
            slug=f"bench-{n}",
            deployment_model=rng.choice(["saas", "on_premise", "hybrid"]),
            regions=rng.sample(["CN", "SG", "MY", "HK", "JP", "DE"], 2),
            rating=round(rng.uniform(3, 5), 1),
            live=True,
        )

    started = time.perf_counter()
    batch = 2000
    for start in range(0, count, batch):
        with transaction.atomic():
            listings = Listing.objects.bulk_create(
                [make_listing(n) for n in range(start, min(start + batch, count))]
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
    translated = Listing.objects.exclude(translations={}).count()
    print(
        f"catalog: {count} listings written in {created:.1f} s, {translated} of them "
        "also in Chinese and Japanese"
    )

    # Indexing throughput: documents built from the catalog and written. The new
    # catalog rows are vacuumed first, so that autovacuum does not run during it.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE marketplace_listing, marketplace_plan")
    backend = get_backend("database")
    sample = list(Listing.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    started = time.perf_counter()
    backend.index(sample)
    elapsed = time.perf_counter() - started
    print(
        f"indexing: {len(sample) / elapsed:,.0f} listings/s through the backend "
        "(a third of them with translations)"
    )
    started = time.perf_counter()
    backend.rebuild()
    print(f"rebuild: {count} listings in {time.perf_counter() - started:.1f} s")
    print(
        f"index rows: {IndexedListing.objects.count()} listings, "
        f"{ListingFacet.objects.count()} facet values"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The naive statement takes the text condition and rank the backend builds (its
# synonyms, English and the Chinese and Japanese bigrams each in their vector).
NAIVE_SQL = """
WITH matches AS ({matches})
SELECT (SELECT count(*) FROM matches),
       (SELECT array_agg(listing_id) FROM
          (SELECT listing_id FROM matches ORDER BY rank DESC LIMIT 20) top),
       (SELECT json_agg(row_to_json(f)) FROM
          (SELECT facet, value, count(*) FROM search_listingfacet
           WHERE listing_id IN (SELECT listing_id FROM matches)
           GROUP BY facet, value) f)
"""


def naive_statement(backend, text: str) -> tuple[str, list]:
    """The naive statement for `text`, and its parameters."""
    from django.db.models import Value

    from search.models import IndexedListing

    match = backend._text_match(text)
    rows = IndexedListing.objects.all()
    if match is None:
        rows = rows.annotate(rank=Value(0.0))
    else:
        rows = rows.filter(match.condition).annotate(rank=match.rank)
    sql, params = rows.values("listing_id", "rank").query.sql_with_params()
    return NAIVE_SQL.format(matches=sql), list(params)


def measure(repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from search import postings
    from search.backends import get_backend
    from search.backends.base import SearchQuery

    backend = get_backend("database")
    print()
    print(
        "backend cold: computed from scratch (cache emptied first); warm: the same "
        "search again, answered from the cache until the index changes.\n"
        "its SQL: the statements the backend ran for the cold search, run bare; "
        "ratio: backend cold p95 / its SQL p95.\n"
        "naive SQL: one statement with ts_rank and a GROUP BY over the facet rows "
        "of every match.\n"
        "Each search runs in its language (translation.override), as the search page "
        "does."
    )
    print(
        f"{'query':<16} {'lang':<7} {'hits':>6} {'cold p50':>8} {'p95':>6} "
        f"{'warm p50':>8} {'p95':>5} {'its SQL p50':>11} {'p95':>6} {'ratio':>5} "
        f"{'naive p50':>9} {'p95':>6}  text"
    )
    for label, language, text in QUERIES:
        cold, warm, its, naive = [], [], [], []
        with translation.override(language):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                result = backend.search(SearchQuery(text=text))
            statements = [query["sql"] for query in captured.captured_queries]
            naive_sql, naive_parameters = naive_statement(backend, text)
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
                        # BEGIN, SET LOCAL and COMMIT return no rows.
                        if cursor.description is not None:
                            cursor.fetchall()
                its.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(naive_sql, naive_parameters)
                    cursor.fetchall()
                naive.append((time.perf_counter() - started) * 1000)
        ratio = percentile(cold, 0.95) / percentile(its, 0.95)
        print(
            f"{label:<16} {language:<7} {result.total:>6} "
            f"{statistics.median(cold):>6.1f}ms {percentile(cold, 0.95):>4.0f}ms "
            f"{statistics.median(warm):>6.1f}ms {percentile(warm, 0.95):>3.0f}ms "
            f"{statistics.median(its):>9.1f}ms {percentile(its, 0.95):>4.0f}ms "
            f"{ratio:>5.2f} "
            f"{statistics.median(naive):>7.1f}ms {percentile(naive, 0.95):>4.0f}ms"
            f"  {text}"
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
