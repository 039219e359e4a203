"""Reading a search from URL parameters, shared by the search page and the API.

A parameter that cannot be read at all (a sort nobody offers, a page that is not a
number or past the results a search shows) is an `InvalidSearch`. A facet value no
listing can have (`?deployment=cloud`) is left out of the query and reported in
`SearchParams.unknown`: the API refuses it (400, naming the values the facet takes),
the search page ignores it with a notice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from marketplace.limits import BIGINT_MAX
from marketplace.models.catalog import BillingPeriod, DeploymentModel

from .backends.base import (
    FACETS,
    MAX_RESULTS,
    PRICE_RANGES,
    RATING_STEPS,
    SORTS,
    SearchQuery,
)

# Values of one facet a search takes: more than any page offers, few enough for one
# SQL statement.
MAX_FACET_VALUES = 100
# Facets whose values are the catalog's own (categories, vendors, protocols,
# certifications): any slug. A slug of nothing there matches nothing, as a vendor
# that left does in an old link.
SLUG_FACETS = ("category", "vendor", "protocol", "certification")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}\Z")


class InvalidSearch(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    query: SearchQuery
    # Facet -> its values left out of `query`, as no listing can have them.
    unknown: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def values(params: QueryDict, name: str) -> tuple[str, ...]:
    """`?protocol=lorawan&protocol=nb-iot` or `?protocol=lorawan,nb-iot`."""
    found: list[str] = []
    for raw in params.getlist(name):
        found += [value.strip() for value in raw.split(",") if value.strip()]
    if name == "region":
        found = [value.upper() for value in found]
    return tuple(dict.fromkeys(found))


def facet_choices(facet: str) -> tuple[str, ...] | None:
    """The values a facet takes, for the facets whose values are fixed; None for the
    catalog's own (any slug) and for regions (any ISO 3166-1 code)."""
    fixed: dict[str, tuple[str, ...]] = {
        "deployment": tuple(DeploymentModel.values),
        "billing": tuple(BillingPeriod.values),
        "price": tuple(value for value, _low, _high in PRICE_RANGES),
        "curated": ("true", "false"),
        "rating": RATING_STEPS,
    }
    return fixed.get(facet)


def _known(facet: str, value: str) -> bool:
    if facet in SLUG_FACETS:
        return bool(_SLUG.match(value))
    if facet == "region":
        return value in countries
    return value in (facet_choices(facet) or ())


def unknown_message(facet: str, unknown: tuple[str, ...]) -> str:
    """Why these values of the facet are refused, with the values it takes."""
    listed = ", ".join(f"“{value}”" for value in unknown)
    if facet in SLUG_FACETS:
        return _(
            "%(values)s: %(facet)s values are slugs (letters, digits, - and _)."
        ) % {"values": listed, "facet": facet}
    if facet == "region":
        return _("%(values)s: regions are ISO 3166-1 country codes, such as CN.") % {
            "values": listed
        }
    return _("%(values)s: %(facet)s takes %(allowed)s.") % {
        "values": listed,
        "facet": facet,
        "allowed": ", ".join(facet_choices(facet) or ()),
    }


def _integer(
    params: QueryDict, name: str, *, minimum: int | None = None, maximum: int = 0
) -> int | None:
    """A whole number, None when absent; between `minimum` and `maximum` when a
    minimum is given."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        number = int(raw)
    except ValueError as error:
        raise InvalidSearch(name, _("A whole number is required.")) from error
    if minimum is not None and not minimum <= number <= maximum:
        raise InvalidSearch(
            name,
            _("A whole number from %(minimum)s to %(maximum)s is required.")
            % {"minimum": minimum, "maximum": maximum},
        )
    return number


def search_params_read(
    params: QueryDict,
    *,
    page_size: int = 20,
    past_window: Literal["refuse", "last"] = "refuse",
) -> SearchParams:
    """The query the parameters ask for, without the facet values no listing can
    have (named in `unknown`). A page past the results a search shows (MAX_RESULTS)
    is refused, or with `past_window="last"` read as the last page it shows."""
    filters: dict[str, tuple[str, ...]] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        chosen = values(params, facet)
        if len(chosen) > MAX_FACET_VALUES:
            raise InvalidSearch(
                facet,
                _("At most %(count)d values of one facet.")
                % {"count": MAX_FACET_VALUES},
            )
        kept = tuple(value for value in chosen if _known(facet, value))
        if len(kept) < len(chosen):
            unknown[facet] = tuple(value for value in chosen if value not in kept)
        if kept:
            filters[facet] = kept
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidSearch(
            "sort", _("Use one of %(sorts)s.") % {"sorts": ", ".join(SORTS)}
        )
    size = max(1, min(_integer(params, "page_size") or page_size, 100))
    last = MAX_RESULTS // size
    page = _integer(params, "page") or 1
    if page < 1:
        raise InvalidSearch("page", _("Pages start at 1."))
    if page > last:
        if past_window != "last":
            raise InvalidSearch(
                "page",
                _(
                    "A search shows its first %(results)s results: at most page "
                    "%(last)s at %(size)s a page."
                )
                % {"results": MAX_RESULTS, "last": last, "size": size},
            )
        page = last
    query = SearchQuery(
        text=(params.get("q") or "").strip()[:200],
        filters=filters,
        price_min=_integer(params, "price_min", minimum=0, maximum=BIGINT_MAX),
        price_max=_integer(params, "price_max", minimum=0, maximum=BIGINT_MAX),
        sort=sort,
        page=page,
        page_size=size,
    )
    return SearchParams(query=query, unknown=unknown)


def search_query_from(params: QueryDict, *, page_size: int = 20) -> SearchQuery:
    """The query the parameters ask for; InvalidSearch for any value it cannot
    take, an unknown facet value included."""
    read = search_params_read(params, page_size=page_size)
    for facet, unknown in read.unknown.items():
        raise InvalidSearch(facet, unknown_message(facet, unknown))
    return read.query
