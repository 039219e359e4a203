"""Demo data of search: the Futian district office's saved searches for its smart
manholes, frozen and linked to its package as evidence for the procurement dossier,
and buyers' searches in three languages (counted today) for the curators' search
insights, through the services people use.

It runs after the catalog is indexed (`make run`: seed_demo, search_reindex, then
seed_demo_searches), so the frozen result lists hold what people find. The package
itself is marketplace's demo data (marketplace/demo/buying.py); search reads it,
never the other way round.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from accounts.models import Membership
from marketplace.demo.buying import BUYER, PACKAGE_NAME
from marketplace.models import Package
from search.backends.base import SearchQuery
from search.insights import query_record
from search.models import QueryCount, SavedSearch
from search.saved import saved_search_create, saved_search_freeze, saved_search_link
from search.services import search_listings

# (name, query string as the search page writes it)
SEARCHES = (
    ("Smart manholes, best rated", "category=smart-manholes&sort=rating"),
    ("Manhole sensors, NB-IoT", "q=manhole&protocol=nb-iot"),
)


@transaction.atomic
def seed_saved_searches() -> dict[str, int]:
    """The demo searches, once; a second run adds nothing."""
    buyer = (
        Membership.objects.select_related("organization", "user")
        .filter(user__email=BUYER)
        .first()
    )
    if buyer is None:
        return {"searches": 0}
    package = Package.objects.filter(
        organization=buyer.organization, name=PACKAGE_NAME
    ).first()
    if package is None:
        return {"searches": 0}
    added = 0
    for name, querystring in SEARCHES:
        if SavedSearch.objects.filter(
            organization=buyer.organization, name=name
        ).exists():
            continue
        saved = saved_search_create(
            membership=buyer, name=name, querystring=querystring
        )
        saved_search_link(saved_search=saved, membership=buyer, package=package)
        saved_search_freeze(saved_search=saved, membership=buyer)
        added += 1
    return {"searches": added}


# What buyers type on the search page, by interface language, and how often; some
# find nothing in the demo catalog, as real ones do.
QUERIES = {
    "en": [
        ("camera", 14),
        ("car park", 9),
        ("flood sensors", 7),
        ("street lights", 6),
        ("manhole covers", 5),
        ("video conferencing", 4),
        ("e-mail", 3),
        ("air quality", 3),
        ("drone inspection", 2),
        ("snow ploughs", 1),
    ],
    "zh-hans": [
        ("摄像头", 12),
        ("停车场", 10),
        ("内涝", 8),
        ("路灯", 6),
        ("井盖", 5),
        ("视频会议", 4),
        ("空气质量", 3),
        ("无人机巡检", 2),
        ("充电桩", 2),
    ],
    "ja": [
        ("カメラ", 8),
        ("駐車", 6),
        ("冠水センサー", 4),
        ("街路灯", 3),
        ("テレビ会議", 2),
        ("除雪", 1),
    ],
}


def seed_queries() -> int:
    """The demo's searches, once: each query searched the number of times given,
    counted as the search page counts them (with what it finds today)."""
    if QueryCount.objects.exists():
        return 0
    searched = 0
    for language, queries in QUERIES.items():
        with translation.override(language):
            for text, times in queries:
                total = search_listings(SearchQuery(text=text)).total
                for _ in range(times):
                    query_record(text, language=language, total=total)
                searched += times
    return searched
