"""The discovery section at the foot of a listing's page."""

from __future__ import annotations

from django import template

from analytics.discovery import listing_related
from marketplace.models import Listing

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
