"""Reads for the marketplace."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

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
            "images__image",
            "documents__document",
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


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    listing_count: int


@dataclass(frozen=True)
class Section:
    category: Category
    kinds: list[CategoryCount]
    listing_count: int


def category_tree_with_counts() -> list[Section]:
    """Sections with their kinds of solution, each with its number of published
    listings, for the home page."""
    kinds = Category.objects.filter(parent__isnull=False).annotate(
        listing_count=Count(
            "listings",
            filter=Q(listings__live=True, listings__suspended_at__isnull=True),
        )
    )
    by_section: dict[int | None, list[CategoryCount]] = {}
    for kind in kinds.order_by("sort_order", "name"):
        by_section.setdefault(kind.parent_id, []).append(
            CategoryCount(kind, kind.listing_count)
        )
    return [
        Section(
            category=section,
            kinds=by_section.get(section.pk, []),
            listing_count=sum(
                kind.listing_count for kind in by_section.get(section.pk, [])
            ),
        )
        for section in Category.objects.filter(parent__isnull=True)
    ]
