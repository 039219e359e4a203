"""API v1 search: `GET /api/v1/listings/` and `GET /api/v1/suggest/`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from marketplace.api.serializers import ListingSummarySerializer
from search.backends.base import FACETS, SORTS, SearchQuery
from search.params import InvalidSearch
from search.params import search_query_from as params_search_query_from
from search.services import listings_for_hits, search_listings, search_suggest


def search_query_from(params) -> SearchQuery:
    """A SearchQuery from request parameters; bad values answer 400."""
    try:
        return params_search_query_from(params)
    except InvalidSearch as error:
        raise ValidationError({error.field: [error.message]}) from error


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
        operation_id="listings_list",
    )
    def get(self, request: Request) -> Response:
        query = search_query_from(request.query_params)
        result = search_listings(query)
        last_page = max((result.total - 1) // query.page_size + 1, 1)
        if query.page > last_page:
            raise NotFound("Invalid page.")
        results = []
        for hit, listing in listings_for_hits(result):
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
        return Response({"suggestions": search_suggest(prefix)})
