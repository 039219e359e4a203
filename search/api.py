"""API v1 search: `GET /api/v1/listings/` and `GET /api/v1/suggest/`."""

from __future__ import annotations

from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from marketplace.api.serializers import ListingSummarySerializer
from marketplace.selectors import listings_published
from search.backends import get_backend
from search.backends.base import FACETS, SORTS, SearchQuery


def _values(params: QueryDict, name: str) -> tuple[str, ...]:
    """`?protocol=lorawan&protocol=nb-iot` or `?protocol=lorawan,nb-iot`."""
    values: list[str] = []
    for raw in params.getlist(name):
        values += [value.strip() for value in raw.split(",") if value.strip()]
    return tuple(dict.fromkeys(values))


def _integer(params: QueryDict, name: str, *, default: int | None = None) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValidationError({name: ["A whole number is required."]}) from error


def search_query_from(params: QueryDict) -> SearchQuery:
    """A SearchQuery from request parameters; bad values answer 400."""
    filters = {facet: _values(params, facet) for facet in FACETS}
    filters = {facet: values for facet, values in filters.items() if values}
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise ValidationError({"sort": [f"Use one of {', '.join(SORTS)}."]})
    page = _integer(params, "page", default=1)
    page_size = _integer(params, "page_size", default=20)
    try:
        return SearchQuery(
            text=(params.get("q") or "").strip()[:200],
            filters=filters,
            price_min=_integer(params, "price_min"),
            price_max=_integer(params, "price_max"),
            sort=sort,
            page=page or 1,
            page_size=min(page_size or 20, 100),
        )
    except ValueError as error:
        raise ValidationError({"non_field_errors": [str(error)]}) from error


FacetValueSerializer = inline_serializer(
    name="FacetValue",
    fields={
        "value": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
        "selected": serializers.BooleanField(),
    },
)

SearchResponseSerializer = inline_serializer(
    name="ListingSearchResults",
    fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": ListingSummarySerializer(many=True),
        "facets": serializers.DictField(child=FacetValueSerializer),
        "suggestions": serializers.ListField(child=serializers.CharField()),
        "notice": serializers.CharField(),
    },
)


class ListingSearchView(APIView):
    """Published listings: full-text search, facets with counts, sorts, pages.

    Values of one facet combine with OR (`?protocol=lorawan,nb-iot`), facets with AND;
    each facet's counts apply every other active filter.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words to search for."),
            *(
                OpenApiParameter(
                    facet, str, description=f"{facet} values, comma-separated"
                )
                for facet in FACETS
            ),
            OpenApiParameter("price_min", int, description="Minor units."),
            OpenApiParameter("price_max", int, description="Minor units."),
            OpenApiParameter("sort", str, enum=list(SORTS)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 100."),
        ],
        responses=SearchResponseSerializer,
    )
    def get(self, request: Request) -> Response:
        query = search_query_from(request.query_params)
        result = get_backend().search(query)
        last_page = max((result.total - 1) // query.page_size + 1, 1)
        if query.page > last_page:
            raise NotFound("Invalid page.")
        listings = listings_published().in_bulk([hit.listing_id for hit in result.hits])
        results = []
        for hit in result.hits:
            listing = listings.get(hit.listing_id)
            if listing is None:
                continue  # unpublished since it was indexed
            listing.highlight = dict(hit.highlights) or None
            results.append(listing)
        url = request.build_absolute_uri()
        return Response(
            {
                "count": result.total,
                "next": replace_query_param(url, "page", query.page + 1)
                if query.page < last_page
                else None,
                "previous": (
                    remove_query_param(url, "page")
                    if query.page == 2
                    else replace_query_param(url, "page", query.page - 1)
                )
                if query.page > 1
                else None,
                "results": ListingSummarySerializer(results, many=True).data,
                "facets": {
                    facet: [
                        {
                            "value": value.value,
                            "label": value.label,
                            "count": value.count,
                            "selected": value.selected,
                        }
                        for value in values
                    ]
                    for facet, values in result.facets.items()
                },
                "suggestions": list(result.suggestions),
                "notice": result.notice,
            }
        )


class SuggestView(APIView):
    """Completions for a search box."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses=inline_serializer(
            name="Suggestions",
            fields={
                "suggestions": serializers.ListField(child=serializers.CharField())
            },
        ),
    )
    def get(self, request: Request) -> Response:
        prefix = (request.query_params.get("q") or "").strip()[:100]
        return Response({"suggestions": get_backend().suggest(prefix)})
