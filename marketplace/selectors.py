"""Reads for the marketplace."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from marketplace.models import Category, Listing, Plan


def category_tree() -> QuerySet[Category]:
    """Top-level categories with their children, in display order."""
    return Category.objects.filter(parent__isnull=True).prefetch_related(
        Prefetch("children", queryset=Category.objects.order_by("sort_order", "name"))
    )


def listings_published(*, detail: bool = False) -> QuerySet[Listing]:
    """Listings buyers may see, with what a list (or a detail page) shows."""
    listings = (
        Listing.objects.published()
        .select_related("vendor__organization", "category__parent")
        .prefetch_related(
            Prefetch("plans", queryset=Plan.objects.order_by("sort_order"))
        )
    )
    if detail:
        listings = listings.prefetch_related(
            "protocols",
            "certifications",
            "requires",
            "provides",
            "tags",
            "reference_deployments",
        )
    return listings


def listing_review_comments(*, listing: Listing) -> list[dict]:
    """The curators' decisions on a listing, newest first: what, who, when, and
    their comment."""
    from wagtail.models import TaskState

    states = (
        TaskState.objects.filter(
            workflow_state__base_content_type__app_label="marketplace",
            workflow_state__base_content_type__model="listing",
            workflow_state__object_id=str(listing.pk),
        )
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
    )
    return [
        {
            "status": state.status,
            "comment": state.comment,
            "by": state.finished_by.get_full_name() if state.finished_by else "",
            "at": state.finished_at,
        }
        for state in states
    ]


def category_tree_with_counts() -> list[Category]:
    """Sections with their kinds of solution, each with its number of published
    listings (`listing_count`), for the home page."""
    from django.db.models import Count, Q

    children = Category.objects.filter(parent__isnull=False).annotate(
        listing_count=Count(
            "listings",
            filter=Q(listings__live=True, listings__suspended_at__isnull=True),
        )
    )
    counts = {child.pk: child for child in children}
    sections = list(Category.objects.filter(parent__isnull=True))
    for section in sections:
        section.kinds = sorted(
            (child for child in counts.values() if child.parent_id == section.pk),
            key=lambda child: (child.sort_order, child.name),
        )
        section.listing_count = sum(child.listing_count for child in section.kinds)
    return sections
