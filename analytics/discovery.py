"""What a listing's page suggests beside it: the solutions buyers most often order in
the same packages, and similar solutions from other vendors; and the solutions a
comparison offers to add."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from analytics.selectors import combined_with
from marketplace.models import Listing
from marketplace.selectors.catalog import listings_published

LIMIT = 4
# What the compare page offers to add, at most.
COMPARABLE_LIMIT = 8


@dataclass(frozen=True)
class Combined:
    """A solution ordered together with the listing, in `packages` ordered
    packages (never whose)."""

    listing: Listing
    packages: int


@dataclass(frozen=True)
class Related:
    often_combined_with: list[Combined]
    similar: list[Listing]

    def __bool__(self) -> bool:
        return bool(self.often_combined_with or self.similar)


def _shared(through, column: str, values: list[int]) -> Coalesce:
    """How many of `values` the listing has in this many-to-many table."""
    rows = (
        through.objects.filter(listing_id=OuterRef("pk"), **{f"{column}__in": values})
        .order_by()
        .values("listing_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def similar_ids(listing: Listing, *, limit: int = LIMIT) -> list[int]:
    """Published listings of other vendors of the same kind (the same category, or
    another in its section) that share at least one capability it provides or
    requires, or a protocol: most shared first, the same category before the rest
    of the section, then by rating score."""
    provides = [item.pk for item in listing.provides.all()]
    requires = [item.pk for item in listing.requires.all()]
    protocols = [item.pk for item in listing.protocols.all()]
    if not (provides or requires or protocols):
        return []
    kind = Q(category_id=listing.category_id)
    section = listing.category.parent_id
    if section is not None:
        kind |= Q(category__parent_id=section) | Q(category_id=section)
    overlap = (
        _shared(Listing.provides.through, "capability_id", provides)
        + _shared(Listing.requires.through, "capability_id", requires)
        + _shared(Listing.protocols.through, "protocol_id", protocols)
    )
    candidates = (
        Listing.objects.published()
        .filter(kind)
        .exclude(vendor_id=listing.vendor_id)
        .annotate(
            overlap=overlap,
            same_kind=Case(
                When(category_id=listing.category_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(overlap__gt=0)
        .order_by(
            "-overlap",
            "-same_kind",
            F("rating_score").desc(nulls_last=True),
            "title",
            "pk",
        )
    )
    return list(candidates.values_list("pk", flat=True)[:limit])


def listing_related(listing: Listing, *, limit: int = LIMIT) -> Related:
    """Both lists, each listing with what a card shows, in one batch."""
    combined = [
        (found.pk, packages)
        for found, packages in combined_with(listing.pk, limit=limit)
        if found.pk != listing.pk
    ]
    similar = similar_ids(listing, limit=limit)
    wanted = {pk for pk, _packages in combined} | set(similar)
    found = listings_published().in_bulk(wanted) if wanted else {}
    return Related(
        often_combined_with=[
            Combined(found[pk], packages) for pk, packages in combined if pk in found
        ],
        similar=[found[pk] for pk in similar if pk in found],
    )


def listings_comparable(
    listings: Sequence[Listing], *, limit: int = COMPARABLE_LIMIT
) -> list[Listing]:
    """What a comparison of `listings` (from `listings_published(detail=True)`)
    offers to add: the similar solutions of each (other vendors, capabilities or
    protocols in common), then the rest of their categories by rating score; never
    one already compared."""
    compared = {listing.pk for listing in listings}
    wanted: list[int] = []
    for listing in listings:
        wanted.extend(similar_ids(listing, limit=limit + len(compared)))
    categories = {listing.category_id for listing in listings}
    wanted.extend(
        Listing.objects.published()
        .filter(category_id__in=categories)
        .order_by(F("rating_score").desc(nulls_last=True), "title", "pk")
        .values_list("pk", flat=True)[: limit + len(compared)]
    )
    ordered = [pk for pk in dict.fromkeys(wanted) if pk not in compared][:limit]
    found = listings_published().in_bulk(ordered) if ordered else {}
    return [found[pk] for pk in ordered if pk in found]
