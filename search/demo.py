"""Demo data of search: the Futian district office's saved searches for its smart
manholes, frozen and linked to its package as evidence for the procurement dossier,
through the services people use.

It runs after the catalog is indexed (`make run`: seed_demo, search_reindex, then
seed_demo_searches), so the frozen result lists hold what people find. The package
itself is marketplace's demo data (marketplace/demo/buying.py); search reads it,
never the other way round.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import Membership
from marketplace.demo.buying import BUYER, PACKAGE_NAME
from marketplace.models import Package
from search.models import SavedSearch
from search.saved import saved_search_create, saved_search_freeze, saved_search_link

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
