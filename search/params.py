"""Reading a search from URL parameters, shared by the search page and the API."""

from __future__ import annotations

from django.http import QueryDict

from .backends.base import FACETS, SORTS, SearchQuery


class InvalidSearch(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def values(params: QueryDict, name: str) -> tuple[str, ...]:
    """`?protocol=lorawan&protocol=nb-iot` or `?protocol=lorawan,nb-iot`."""
    found: list[str] = []
    for raw in params.getlist(name):
        found += [value.strip() for value in raw.split(",") if value.strip()]
    return tuple(dict.fromkeys(found))


def _integer(params: QueryDict, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError as error:
        raise InvalidSearch(name, "A whole number is required.") from error


def search_query_from(params: QueryDict, *, page_size: int = 20) -> SearchQuery:
    filters = {facet: values(params, facet) for facet in FACETS}
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidSearch("sort", f"Use one of {', '.join(SORTS)}.")
    page = _integer(params, "page") or 1
    size = _integer(params, "page_size") or page_size
    if page < 1:
        raise InvalidSearch("page", "Pages start at 1.")
    return SearchQuery(
        text=(params.get("q") or "").strip()[:200],
        filters={facet: chosen for facet, chosen in filters.items() if chosen},
        price_min=_integer(params, "price_min"),
        price_max=_integer(params, "price_max"),
        sort=sort,
        page=page,
        page_size=max(1, min(size, 100)),
    )
