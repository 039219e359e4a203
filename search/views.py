"""The search page: query, facets, sorts and pages, all in the URL; no JavaScript
needed."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from marketplace.selectors import listings_published
from search.backends.base import FACETS, SearchQuery
from search.params import InvalidSearch, search_query_from
from search.services import search_listings

FACET_TITLES = {
    "category": _("Category"),
    "vendor": _("Vendor"),
    "deployment": _("Deployment"),
    "protocol": _("Protocols"),
    "certification": _("Certifications"),
    "region": _("Regions served"),
    "billing": _("Billing"),
    "price": _("Price from"),
    "curated": _("Curated"),
    "rating": _("Rating"),
}
SORT_LABELS = {
    "relevance": _("Relevance"),
    "price_asc": _("Price, lowest first"),
    "price_desc": _("Price, highest first"),
    "rating": _("Rating"),
    "newest": _("Newest"),
}
# Facet values shown before "more"; the rest sit in a disclosure.
SHOWN_VALUES = 8


def _without(request: HttpRequest, name: str, value: str | None = None) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        remaining = [
            item
            for raw in params.getlist(name)
            for item in raw.split(",")
            if item and item != value
        ]
        params.setlist(name, remaining)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def search(request: HttpRequest) -> HttpResponse:
    error = ""
    # Curators may see why each hit ranks where it does; nobody else asks for it.
    explain = request.user.has_perm("marketplace.publish_listing")
    try:
        query = replace(search_query_from(request.GET), explain=explain)
    except InvalidSearch as invalid:
        error = invalid.message
        query = SearchQuery(explain=explain)
    result = search_listings(query)
    listings = listings_published().in_bulk([hit.listing_id for hit in result.hits])
    hits = []
    for hit in result.hits:
        listing = listings.get(hit.listing_id)
        if listing is not None:
            hits.append(
                {
                    "listing": listing,
                    # The backends escape the text and add only <mark>.
                    "title": mark_safe(hit.highlights.get("title", [""])[0]),  # noqa: S308
                    "summary": mark_safe(hit.highlights.get("summary", [""])[0]),  # noqa: S308
                    "explanation": hit.explanation,
                }
            )
    facets = []
    active = []
    for facet in FACETS:
        values = result.facets.get(facet, ())
        if values:
            facets.append(
                {
                    "name": facet,
                    "title": FACET_TITLES[facet],
                    "shown": values[:SHOWN_VALUES],
                    "more": values[SHOWN_VALUES:],
                }
            )
        for value in values:
            if value.selected:
                active.append(
                    {
                        "facet": FACET_TITLES[facet],
                        "label": value.label,
                        "remove": _without(request, facet, value.value),
                    }
                )
    last_page = max((result.total - 1) // query.page_size + 1, 1)
    return render(
        request,
        "search/search.html",
        {
            "query": query.text,
            "search": query,
            "result": result,
            "hits": hits,
            "facets": facets,
            "active": active,
            "sorts": SORT_LABELS,
            "error": error,
            "page": query.page,
            "last_page": last_page,
            "has_previous": query.page > 1,
            "has_next": query.page < last_page,
            "clear_filters": f"?{urlencode({'q': query.text})}" if query.text else "?",
        },
    )
