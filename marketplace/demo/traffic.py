"""How often the listings were viewed in the demo's twelve months: daily counts per
listing, added through `analytics.services.views_add` as the view counter adds
them, then the statistics' rollups rebuilt from the raw rows.

Views follow the buying: a listing's page is seen every day in proportion to its
standing, more as the store grows and less at weekends, and many times around
each day a buyer added it to a package — so the funnel reads views ≫ adds >
quotes > orders, as it does on a real store.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from analytics.services import views_add
from marketplace.demo.accounts import BUYERS
from marketplace.models import PackageLine

if TYPE_CHECKING:
    from marketplace.demo.history import History

# Views a day of a listing of standing 1, when the store is a year old: a store
# of specialist solutions, whose pages most days nobody opens.
DAILY = 0.05
# Views around each time a buyer added the listing to a package.
AROUND_AN_ADD = (12, 40)


def _poisson(rng: random.Random, mean: float) -> int:
    """A count with this mean (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _adds() -> Counter[tuple[int, date]]:
    adds: Counter[tuple[int, date]] = Counter()
    lines = PackageLine.objects.filter(
        package__organization__slug__in=list(BUYERS)
    ).values_list("plan__listing_id", "created_at")
    for listing_id, created_at in lines:
        adds[listing_id, timezone.localdate(created_at)] += 1
    return adds


def daily_views(history: History, days: int) -> dict[tuple[int, date], int]:
    """Every listing's views on every day of the history that had any."""
    rng = random.Random(11)  # noqa: S311 - demo data, not security
    start = history.today - timedelta(days=days)
    views: Counter[tuple[int, date]] = Counter()
    for listing_id, offer in sorted(history.catalog.listings.items()):
        for offset in range(days):
            day = start + timedelta(days=offset)
            growth = 0.5 + 0.5 * offset / days
            weekend = 0.45 if day.weekday() >= 5 else 1.0
            count = _poisson(rng, DAILY * offer.weight * growth * weekend)
            if count:
                views[listing_id, day] += count
    for (listing_id, day), adds in _adds().items():
        for _add in range(adds):
            # Mostly the day itself, the rest in the days before.
            for back in range(3):
                when = day - timedelta(days=back)
                if when >= start:
                    low, high = AROUND_AN_ADD
                    views[listing_id, when] += rng.randint(low, high) // (back + 1)
    return dict(views)


def seed_views(history: History, days: int) -> int:
    """Add the history's views; answers how many."""
    views = daily_views(history, days)
    for (listing_id, day), count in sorted(views.items()):
        views_add(listing_id=listing_id, day=day, count=count)
    return sum(views.values())
