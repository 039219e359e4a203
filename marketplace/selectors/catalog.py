"""Reads of the catalog and the curated tier."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from marketplace.models import (
    Category,
    Endorsement,
    Listing,
    ListingImage,
    Plan,
    Promotion,
)


def category_tree() -> QuerySet[Category]:
    """Top-level categories with their children, in display order."""
    return Category.objects.filter(parent__isnull=True).prefetch_related(
        Prefetch("children", queryset=Category.objects.order_by("sort_order", "name"))
    )


def listings_published(*, detail: bool = False) -> QuerySet[Listing]:
    """Listings buyers may see, with what a list (or a detail page) shows."""
    listings = with_pictures(
        with_curation(
            Listing.objects.published().select_related(
                "vendor__organization", "category__parent"
            )
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
            "documents__document",
        )
    return listings


def listing_detailed(listing: Listing) -> Listing:
    """`listing` (loaded without its relations) with everything its page shows, as
    `listings_published(detail=True)` reads it; the row as it was if it has just
    been unpublished."""
    return listings_published(detail=True).filter(pk=listing.pk).first() or listing


def with_pictures(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """Listings with their images and their vendor's logo, the renditions made of
    them included: what a card or a gallery shows, without a query per picture."""
    return listings.select_related("vendor__logo").prefetch_related(
        Prefetch(
            "images",
            queryset=ListingImage.objects.select_related("image").prefetch_related(
                "image__renditions"
            ),
        ),
        "vendor__logo__renditions",
    )


def with_curation(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """Listings with their plans, the sales running on them now, and the endorsement
    in force now: what a price or a badge shows."""
    now = timezone.now()
    plans = Plan.objects.order_by("sort_order").prefetch_related(
        Prefetch(
            "promotions",
            queryset=Promotion.objects.running(now),
            to_attr="running_promotions",
        )
    )
    return listings.prefetch_related(
        Prefetch("plans", queryset=plans),
        Prefetch(
            "endorsements",
            queryset=Endorsement.objects.active(now).prefetch_related("criteria"),
            to_attr="active_endorsements",
        ),
    )


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


@dataclass(frozen=True)
class SelectSection:
    category: Category
    listings: list[Listing]


def listings_curated() -> QuerySet[Listing]:
    """Published listings with an endorsement in force now."""
    endorsed = Endorsement.objects.active(timezone.now()).values("listing_id")
    return listings_published().filter(pk__in=endorsed)


def select_sections() -> list[SelectSection]:
    """The curated tier by section of the catalog, best rated first."""
    by_section: dict[int, SelectSection] = {}
    for listing in listings_curated().order_by(
        F("rating_score").desc(nulls_last=True), "-rating_count", "title"
    ):
        section = listing.category.parent or listing.category
        by_section.setdefault(section.pk, SelectSection(section, [])).listings.append(
            listing
        )
    sections = list(by_section.values())
    sections.sort(key=lambda item: (item.category.sort_order, item.category.name))
    return sections


@dataclass(frozen=True)
class SaleOffer:
    listing: Listing
    plan: Plan


def select_sales() -> list[SaleOffer]:
    """The plans on sale now, the soonest to end first."""
    now = timezone.now()
    on_sale = Promotion.objects.running(now).values("plan__listing_id")
    offers = [
        SaleOffer(listing, plan)
        for listing in listings_curated().filter(pk__in=on_sale)
        for plan in listing.plans.all()
        if plan.sale is not None
    ]
    offers.sort(key=lambda offer: (offer.plan.sale.ends_at, offer.listing.title))
    return offers
