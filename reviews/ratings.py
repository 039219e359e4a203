"""The score ranking by rating uses: a Bayesian average of each listing's visible
reviews against the mean of its kind of solution.

    score = (C · m + Σ stars) / (C + n)

n is the number of the listing's visible reviews, Σ stars their stars, m the mean
stars of the visible reviews of every listing of the same kind (category), or of the
whole catalog while that kind has none, and C is `RATING_PRIOR_WEIGHT`: the reviews
count against C imagined reviews at the mean. A listing without reviews scores exactly
m (no penalty, no boost); one with a few reviews moves a little from m towards its own
mean, one with many almost all the way. While the catalog has no review at all every
score is null, and ranking by rating orders by the other keys alone.

The displayed rating (average, count, distribution) is not this: it is the plain
average of the visible reviews (`reviews.services.rating_of`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum

from marketplace.models import Category, Listing
from marketplace.signals import rating_scores_changed
from reviews.models import Review

PLACES = Decimal("0.0001")


def bayesian_average(
    stars: int, count: int, mean: Decimal | None, weight: int
) -> Decimal | None:
    """(weight · mean + stars) / (weight + count), to four places; the mean itself
    without reviews; null without a mean."""
    if mean is None:
        return None
    score = (weight * mean + stars) / (weight + count)
    return score.quantize(PLACES, ROUND_HALF_UP)


def _mean(stars: int, count: int) -> Decimal | None:
    return (Decimal(stars) / count).quantize(PLACES, ROUND_HALF_UP) if count else None


def _sums(reviews) -> tuple[int, int]:
    found = reviews.aggregate(stars=Sum("stars"), n=Count("pk"))
    return found["stars"] or 0, found["n"]


def listing_score_refresh(listing_id: int) -> None:
    """Score one listing against its kind's mean as it is now: a listing was
    published (new, edited, or moved to another kind). The others keep theirs: a
    listing without reviews does not move the mean. (A reviewed listing moved to
    another kind moves both kinds' means; their listings follow at their next
    review, or `manage.py rating_scores`.)"""
    row = (
        Listing.objects.filter(pk=listing_id)
        .values_list("category_id", "rating_score")
        .first()
    )
    if row is None:
        return
    kind, score = row
    visible = Review.objects.filter(hidden_at__isnull=True)
    mean = _mean(*_sums(visible.filter(listing__category_id=kind)))
    if mean is None:
        mean = _mean(*_sums(visible))
    stars, count = _sums(visible.filter(listing_id=listing_id))
    new = bayesian_average(stars, count, mean, settings.RATING_PRIOR_WEIGHT)
    if new != score:
        Listing.objects.filter(pk=listing_id).update(rating_score=new)


def rating_scores_refresh(*, listing_id: int | None = None) -> list[int]:
    """Score again every listing of the kind of `listing_id` (whose reviews
    changed), or of the whole catalog without one; listings of kinds without reviews
    follow the catalog's mean. Announces the listings whose score changed, and
    returns their ids."""
    weight = settings.RATING_PRIOR_WEIGHT
    with transaction.atomic():
        kinds: set[int] | None = None
        if listing_id is not None:
            kind = (
                Listing.objects.filter(pk=listing_id)
                .values_list("category_id", flat=True)
                .first()
            )
            if kind is None:
                return []
            # Refreshes of one kind take turns, so each sees the reviews of the one
            # before it.
            list(Category.objects.select_for_update().filter(pk=kind).values("pk"))
            kinds = {kind}
        visible = Review.objects.filter(hidden_at__isnull=True)
        by_kind = {
            row["listing__category_id"]: (row["stars"], row["n"])
            for row in visible.values("listing__category_id")
            .annotate(stars=Sum("stars"), n=Count("pk"))
            .order_by()
        }
        catalog_mean = _mean(
            sum(stars for stars, _n in by_kind.values()),
            sum(n for _stars, n in by_kind.values()),
        )
        listings = Listing.objects.filter(category_id__in=set(by_kind))
        reviews = visible
        if kinds is not None:
            listings = listings.filter(category_id__in=kinds)
            reviews = reviews.filter(listing__category_id__in=kinds)
        by_listing = {
            row["listing_id"]: (row["stars"], row["n"])
            for row in reviews.values("listing_id")
            .annotate(stars=Sum("stars"), n=Count("pk"))
            .order_by()
        }
        changed: list[Listing] = []
        for pk, kind_id, score in listings.values_list(
            "pk", "category_id", "rating_score"
        ).order_by("pk"):
            stars, count = by_listing.get(pk, (0, 0))
            new = bayesian_average(stars, count, _mean(*by_kind[kind_id]), weight)
            if new != score:
                changed.append(Listing(pk=pk, rating_score=new))
        Listing.objects.bulk_update(changed, ["rating_score"], batch_size=1000)
        # Kinds without reviews rank at the catalog's mean, which moves with every
        # review anywhere.
        unreviewed = Listing.objects.exclude(category_id__in=set(by_kind)).exclude(
            rating_score=catalog_mean
        )
        moved = list(unreviewed.values_list("pk", flat=True).order_by("pk"))
        if moved:
            unreviewed.update(rating_score=catalog_mean)
        ids = sorted({listing.pk for listing in changed} | set(moved))
        if ids:
            rating_scores_changed.send(sender=Listing, listing_ids=ids)
    return ids
