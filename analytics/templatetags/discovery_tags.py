"""The discovery section at the foot of a listing's page, and the comparable
solutions its "Compare with others" and the compare page offer."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from analytics.discovery import listing_related, listings_comparable
from marketplace.models import Listing
from marketplace.services.comparisons import COMPARE_LIMIT

register = template.Library()


@register.inclusion_tag("analytics/includes/listing_discovery.html", takes_context=True)
def listing_discovery(context: template.Context, listing: Listing) -> dict:
    """“Often combined with” and “similar solutions from other vendors”; nothing
    at all when both are empty."""
    return {
        "listing": listing,
        "related": listing_related(listing),
        "request": context.get("request"),
    }


@register.simple_tag
def comparable_listings(listings: Sequence[Listing]) -> list[Listing]:
    """The solutions a comparison of `listings` offers to add (same kind first)."""
    return listings_comparable(listings) if listings else []


@register.inclusion_tag("analytics/includes/compare_with_others.html")
def compare_with_others(listing: Listing) -> dict:
    """ "Compare with others" on a listing's page: the comparable solutions to tick,
    up to what the compare page shows beside the listing."""
    return {
        "listing": listing,
        "comparable": listings_comparable([listing], limit=COMPARE_LIMIT - 1),
        "compare_limit": COMPARE_LIMIT,
    }
