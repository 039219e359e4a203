"""The search page: query, facets, sorts and pages, all in the URL; no JavaScript
needed."""

from __future__ import annotations

from dataclasses import replace
from html import unescape
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import can
from accounts.roles import Capability
from accounts.ui import posted_id
from config.robots import is_bot
from marketplace.models import Package
from marketplace.services.comparisons import COMPARE_LIMIT
from marketplace.services.page_cache import fragment_set, fragments_get
from search.backends.base import FACETS, FacetValue, SearchQuery
from search.insights import query_record
from search.models import SearchSnapshot
from search.params import InvalidSearch, facet_choices, search_params_read
from search.saved import (
    saved_search_create,
    saved_search_freeze,
    saved_search_link,
    saved_searches_for,
    snapshot_csv,
)
from search.services import listings_for_hits, search_listings, search_suggest

FACET_TITLES = {
    "category": gettext_lazy("Category"),
    "vendor": gettext_lazy("Vendor"),
    "deployment": gettext_lazy("Deployment"),
    "protocol": gettext_lazy("Protocols"),
    "certification": gettext_lazy("Certifications"),
    "region": gettext_lazy("Regions served"),
    "billing": gettext_lazy("Billing"),
    "price": gettext_lazy("First-year cost at the minimum quantity"),
    "curated": gettext_lazy("Curated"),
    "rating": gettext_lazy("Rating"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "price_asc": gettext_lazy("Cheapest first year"),
    "price_desc": gettext_lazy("Costliest first year"),
    "rating": gettext_lazy("Rating"),
    "newest": gettext_lazy("Newest"),
}
# Facets shown in their own order rather than by count.
ORDERED_FACETS = ("price", "rating")
# Facet values shown before "more"; the rest sit in a disclosure.
SHOWN_VALUES = 8


def _in_order(facet: str, values: tuple[FacetValue, ...]) -> tuple[FacetValue, ...]:
    """The values of a facet with an order of its own (price ranges from the
    cheapest, ratings from the most stars) in that order; the others as counted
    (the most solutions first)."""
    if facet not in ORDERED_FACETS:
        return values
    order = {value: index for index, value in enumerate(facet_choices(facet) or ())}
    return tuple(sorted(values, key=lambda item: order.get(item.value, len(order))))


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


def suggestions(request: HttpRequest) -> HttpResponse:
    """Completions of what is typed in a search box, as the options of its datalist
    (the box asks for them with htmx; without JavaScript it is a plain search box)."""
    prefix = request.GET.get("q", "")[:100]
    return render(
        request, "search/_suggestions.html", {"suggestions": search_suggest(prefix)}
    )


def _marked(hit, field: str, shown: str) -> str:
    """The engine's highlight of the field when it is of the text shown (in the
    reader's language), else nothing: the template shows the text unmarked."""
    fragments = hit.highlights.get(field) or [""]
    marked = fragments[0]
    if not marked or unescape(strip_tags(marked)) != str(shown):
        return ""
    # The backends escape the text and add only <mark>.
    return mark_safe(marked)  # noqa: S308


def _ignored_notice(unknown: dict[str, tuple[str, ...]]) -> str:
    """What the page left out of a search: facet values no solution has."""
    if not unknown:
        return ""
    return _("Ignored: %(values)s.") % {
        "values": "; ".join(
            f"{FACET_TITLES[facet]} {', '.join(f'“{value}”' for value in values)}"
            for facet, values in unknown.items()
        )
    }


# How long a search's page stays in the page cache (as `{% pagecache "search" %}`
# in search/search.html says): a minute, for the synonyms curators edit.
SEARCH_SECONDS = 60


def _language() -> str:
    return translation.get_language() or ""


def search(request: HttpRequest) -> HttpResponse:
    error = ""
    # Curators may see why each hit ranks where it does; nobody else asks for it.
    explain = can(request.user, Capability.CATALOG_REVIEW)
    try:
        read = search_params_read(request.GET, past_window="last")
        query = replace(read.query, explain=explain)
        ignored = _ignored_notice(dict(read.unknown))
    except InvalidSearch as invalid:
        error = invalid.message
        query = SearchQuery(explain=explain)
        ignored = ""
    # A typed search counts once (not its next pages, nor its narrowing by facets).
    counted = bool(
        query.text
        and query.page == 1
        and not any(query.filters.values())
        and not error
        and not is_bot(request.headers.get("User-Agent", ""))
    )
    address = request.get_full_path()
    if not request.user.is_authenticated:
        # Every visitor who is not signed in sees the same page for the same
        # address: as the page cache holds it, with the number of results beside it.
        cached, total = fragments_get(request, ["search", "search-total"], address)
        if cached is not None and total is not None:
            if counted:
                query_record(query.text, language=_language(), total=total)
            return render(
                request,
                "search/search.html",
                {"query": query.text, "search_cached": cached},
            )
    result = search_listings(query)
    last_page = max((result.total - 1) // query.page_size + 1, 1)
    if query.page > last_page:
        # A page past the end (an old link, a hand-made address): the last one.
        query = replace(query, page=last_page)
        result = search_listings(query)
    if counted:
        query_record(query.text, language=_language(), total=result.total)
    if not request.user.is_authenticated:
        fragment_set(request, "search-total", result.total, SEARCH_SECONDS, address)

    # Read when the template shows them: not at all while the page cache holds the
    # results of this search.
    def hits_read() -> list[dict]:
        return [
            {
                "listing": listing,
                "title": _marked(hit, "title", listing.title_i18n),
                "summary": _marked(hit, "summary", listing.summary_i18n),
                "explanation": hit.explanation,
            }
            for hit, listing in listings_for_hits(result)
        ]

    facets = []
    active = []
    for facet in FACETS:
        values = _in_order(facet, result.facets.get(facet, ()))
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
    return render(
        request,
        "search/search.html",
        {
            "query": query.text,
            "search": query,
            "result": result,
            "hits": SimpleLazyObject(hits_read),
            "facets": facets,
            "active": active,
            "sorts": SORT_LABELS,
            "error": error,
            "ignored": ignored,
            "page": query.page,
            "last_page": last_page,
            "has_previous": query.page > 1,
            "has_next": query.page < last_page,
            "clear_filters": f"?{urlencode({'q': query.text})}" if query.text else "?",
            "compare_limit": COMPARE_LIMIT,
        },
    )


def _membership(request):
    from accounts.context_processors import SESSION_ORGANIZATION_KEY
    from accounts.selectors import membership_current

    return membership_current(
        user=request.user, organization_id=request.session.get(SESSION_ORGANIZATION_KEY)
    )


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            saved = saved_search_create(
                membership=_membership(request),
                name=request.POST.get("name", ""),
                querystring=request.POST.get("querystring", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(
                f"{reverse('search')}?{request.POST.get('querystring', '')}"
            )
        messages.success(request, _("Saved as “%(name)s”.") % {"name": saved.name})
        return redirect("search_saved")
    membership = _membership(request)
    can_link = bool(membership and membership.can(Capability.PACKAGE_EDIT))
    return render(
        request,
        "search/saved_list.html",
        {
            "saved_searches": saved_searches_for(membership),
            "can_link": can_link,
            "packages": (
                Package.objects.filter(organization=membership.organization)
                if membership and can_link
                else Package.objects.none()
            ),
        },
    )


@login_required
@require_POST
def saved_search_package(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a saved search to a package of the organization (or unlink it): the
    package's procurement dossier then files its frozen result lists."""
    membership = _membership(request)
    saved = get_object_or_404(saved_searches_for(membership), pk=pk)
    package = None
    if request.POST.get("package"):
        package = get_object_or_404(
            Package,
            pk=posted_id(request.POST, "package"),
            organization=saved.organization_id,
        )
    saved_search_link(saved_search=saved, membership=membership, package=package)
    if package is None:
        messages.success(
            request,
            _("“%(name)s” is no longer linked to a package.") % {"name": saved.name},
        )
    else:
        messages.success(
            request,
            _(
                "“%(name)s” is linked to “%(package)s”: the package's dossier files "
                "its frozen result lists."
            )
            % {"name": saved.name, "package": package.name},
        )
    return redirect(f"{reverse('search_saved')}#saved-{saved.pk}")


@login_required
@require_POST
def saved_search_freeze_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    saved = get_object_or_404(saved_searches_for(membership), pk=pk)
    snapshot = saved_search_freeze(saved_search=saved, membership=membership)
    messages.success(
        request,
        _("Results frozen: %(count)s solutions as of now.")
        % {"count": len(snapshot.results)},
    )
    return redirect("search_saved")


@login_required
def snapshot_download(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(
        SearchSnapshot.objects.select_related("saved_search"),
        pk=pk,
        saved_search__in=saved_searches_for(_membership(request)),
    )
    response = HttpResponse(
        snapshot_csv(snapshot, base_url=settings.SITE_URL.rstrip("/")),
        content_type="text/csv; charset=utf-8",
    )
    name = slugify(snapshot.saved_search.name) or "search"
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{snapshot.taken_at:%Y%m%d-%H%M%S}.csv"'
    )
    return response
