"""Saved searches: save, freeze (a snapshot of the results), export as CSV."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from config.spreadsheets import csv_writer
from marketplace.models import Package
from marketplace.services.pricing import from_plan, list_price_from
from search.backends.base import FACETS
from search.models import SavedSearch, SearchSnapshot
from search.params import InvalidSearch, search_params_read, search_query_from
from search.services import listings_for_hits, search_listings

# A snapshot keeps at most this many results: enough for any shortlist.
SNAPSHOT_LIMIT = 1000
KEPT_PARAMETERS = {"q", "sort", "price_min", "price_max", *FACETS}


def _require(membership: Membership | None, capability: Capability) -> Membership:
    if (
        membership is None
        or not membership.organization.is_buyer
        or not membership.can(capability)
    ):
        raise PermissionDenied(_("Saved searches belong to buyer organizations."))
    return membership


def saved_search_create(
    *, membership: Membership | None, name: str, querystring: str
) -> SavedSearch:
    membership = _require(membership, Capability.PACKAGE_EDIT)
    params = QueryDict(querystring, mutable=True)
    for key in list(params):
        if key not in KEPT_PARAMETERS:
            del params[key]
    try:
        search_query_from(params)
    except InvalidSearch as error:
        raise ValidationError({error.field: error.message}) from error
    if not name.strip():
        raise ValidationError({"name": _("Give the search a name.")})
    return SavedSearch.objects.create(
        organization=membership.organization,
        created_by=membership.user,
        name=name.strip()[:120],
        querystring=params.urlencode(),
    )


@transaction.atomic
def saved_search_freeze(
    *, saved_search: SavedSearch, membership: Membership | None
) -> SearchSnapshot:
    """Run the search now and keep its result list as it is."""
    membership = _require(membership, Capability.PACKAGE_EDIT)
    if saved_search.organization_id != membership.organization_id:
        raise PermissionDenied
    results: list[dict] = []
    total = 0
    page = 1
    while len(results) < SNAPSHOT_LIMIT:
        params = QueryDict(saved_search.querystring, mutable=True)
        params["page"], params["page_size"] = str(page), "100"
        # Saved before unknown facet values were refused, a search may hold some:
        # it runs as the search page runs it, without them.
        result = search_listings(search_params_read(params).query)
        total = result.total
        for _hit, listing in listings_for_hits(result):
            plan = from_plan(listing.plans.all())
            price = list_price_from(plan) if plan else None
            results.append(
                {
                    "rank": len(results) + 1,
                    "listing_id": listing.pk,
                    "slug": listing.slug,
                    "title": listing.title,
                    "vendor": listing.vendor.organization.name,
                    "category": listing.category.name,
                    "price_from": price.amount if price else None,
                    "currency": price.currency if price else "",
                    "rating": float(listing.rating) if listing.rating else None,
                }
            )
        if page * 100 >= total or not result.hits:
            break
        page += 1
    return SearchSnapshot.objects.create(
        saved_search=saved_search,
        taken_by=membership.user,
        querystring=saved_search.querystring,
        total=total,
        results=results[:SNAPSHOT_LIMIT],
    )


def saved_search_link(
    *, saved_search: SavedSearch, membership: Membership | None, package: Package | None
) -> SavedSearch:
    """Link the saved search to one of the organization's packages, as evidence
    for its procurement file (the package's dossier files the search's frozen
    result lists), or unlink it (`package` None)."""
    membership = _require(membership, Capability.PACKAGE_EDIT)
    if saved_search.organization_id != membership.organization_id:
        raise PermissionDenied
    if package is not None and package.organization_id != membership.organization_id:
        raise PermissionDenied(_("This package belongs to another organization."))
    saved_search.package = package
    saved_search.save(update_fields=["package"])
    return saved_search


CSV_COLUMNS = [
    "rank",
    "title",
    "vendor",
    "category",
    "price_from_minor_units",
    "currency",
    "rating",
    "url",
    "frozen_at",
    "search",
]


def snapshot_csv(snapshot: SearchSnapshot, *, base_url: str) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    frozen_at = snapshot.taken_at.isoformat(timespec="seconds")
    for row in snapshot.results:
        writer.writerow(
            [
                row["rank"],
                row["title"],
                row["vendor"],
                row["category"],
                row["price_from"] if row["price_from"] is not None else "",
                row["currency"],
                row["rating"] if row["rating"] is not None else "",
                f"{base_url}/solutions/{row['slug']}/",
                frozen_at,
                f"{base_url}/search/?{snapshot.querystring}",
            ]
        )
    return out.getvalue()


def saved_searches_for(membership: Membership | None):
    membership = _require(membership, Capability.ORGANIZATION_VIEW)
    return (
        SavedSearch.objects.filter(organization=membership.organization)
        .select_related("package")
        .prefetch_related("snapshots")
    )
