"""What buyers combine: the listings ordered in the same packages as another."""

from __future__ import annotations

from django.db.models import Sum

from analytics.models import ListingPairDay
from marketplace.models import Listing


def combined_with(listing_id: int, limit: int = 4) -> list[tuple[Listing, int]]:
    """The published listings ordered most often in the same packages as this one,
    with the number of such packages, most first."""
    counts = list(
        ListingPairDay.objects.filter(listing_id=listing_id)
        .values_list("other_id")
        .annotate(packages=Sum("packages"))
        .filter(packages__gt=0)
        .order_by("-packages", "other_id")[: limit * 4 + 8]
    )
    listings = Listing.objects.published().in_bulk([other for other, _n in counts])  # type: ignore[attr-defined]
    found = [
        (listings[other], packages)
        for other, packages in counts
        if other in listings and other != listing_id
    ]
    return found[:limit]
