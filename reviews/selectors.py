"""Reads of reviews: a listing's visible reviews in the order a reader asks for,
a vendor's reviews, and the curators' queue of reported ones."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from accounts.models import User
from marketplace.models import Listing, Subscription
from reviews.models import Review, ReviewVote

# How a reader may order a listing's reviews; the first is the default.
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-created_at", "-pk"),
    "lowest": ("stars", "-created_at", "-pk"),
}


def reviews_annotated(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews with what every page shows of them: the reviewing organization, how
    many readers found each helpful, and whether the organization's subscription to
    the listing was delivered ("verified purchase")."""
    delivered = Subscription.objects.filter(
        organization_id=OuterRef("organization_id"),
        order_line__quote_line__listing_id=OuterRef("listing_id"),
        activated_at__isnull=False,
    )
    return reviews.select_related(
        "organization", "listing__vendor__organization"
    ).annotate(
        helpful_count=Count("votes", distinct=True),
        verified_purchase=Exists(delivered),
    )


def reviews_visible(listing: Listing, sort: str = "newest") -> QuerySet[Review]:
    """The listing's reviews that readers see, in the order `sort` names."""
    order = SORTS.get(sort) or SORTS["newest"]
    return reviews_annotated(
        Review.objects.filter(listing=listing, hidden_at__isnull=True)
    ).order_by(*order)


def review_shown(review_id: int, organization_id: int | None) -> Review:
    """A review as the API answers it: visible, or the caller's organization's own
    (which it may edit even while hidden). `Review.DoesNotExist` otherwise."""
    shown = Q(hidden_at__isnull=True)
    if organization_id is not None:
        shown |= Q(organization_id=organization_id)
    return reviews_annotated(Review.objects.filter(shown)).get(pk=review_id)


def review_of_organization(listing: Listing, organization_id: int) -> Review | None:
    return Review.objects.filter(
        listing=listing, organization_id=organization_id
    ).first()


def votes_of(user: User | AnonymousUser, reviews: Iterable[Review]) -> set[int]:
    """Which of the reviews the user found helpful."""
    if not user.is_authenticated:
        return set()
    return set(
        ReviewVote.objects.filter(
            voter=user, review__in=[review.pk for review in reviews]
        ).values_list("review_id", flat=True)
    )


def reviews_of_vendor(vendor_id: int) -> QuerySet[Review]:
    """The reviews of a vendor's listings, hidden ones too (marked), unanswered
    first, then newest."""
    return reviews_annotated(
        Review.objects.filter(listing__vendor_id=vendor_id)
    ).order_by(F("replied_at").asc(nulls_first=True), "-created_at", "-pk")


def listings_rated(vendor_id: int) -> QuerySet[Listing]:
    """The vendor's listings that have reviews, with their rating."""
    return (
        Listing.objects.filter(vendor_id=vendor_id, reviews__isnull=False)
        .distinct()
        .order_by("title")
    )


def reviews_reported() -> QuerySet[Review]:
    """Reviews readers reported: those with reports no curator has settled first,
    then by their latest report."""
    return (
        Review.objects.filter(reports__isnull=False)
        .select_related("listing", "organization")
        .annotate(
            open_reports=Count("reports", filter=Q(reports__settled_at__isnull=True)),
            report_count=Count("reports"),
            reported_at=Max("reports__created_at"),
        )
        .order_by(F("open_reports").desc(), "-reported_at", "-pk")
    )
