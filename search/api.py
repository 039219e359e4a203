"""API v1 search: `GET /api/v1/listings/` and `GET /api/v1/suggest/`."""

from __future__ import annotations

from dataclasses import dataclass

from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from marketplace.api.serializers import ListingSummarySerializer
from marketplace.models import Listing
from search.backends.base import (
    FACETS,
    MAX_RESULTS,
    SORTS,
    SearchQuery,
    SearchResult,
)
from search.params import (
    InvalidSearch,
    facet_choices,
    search_params_read,
    unknown_message,
)
from search.services import listings_for_hits, search_listings, search_suggest


def search_query_from(params) -> SearchQuery:
    """A SearchQuery from request parameters; bad values, unknown facet values
    among them, answer 400."""
    try:
        read = search_params_read(params)
    except InvalidSearch as error:
        raise ValidationError({error.field: [error.message]}) from error
    if read.unknown:
        raise ValidationError(
            {
                facet: [unknown_message(facet, unknown)]
                for facet, unknown in read.unknown.items()
            }
        )
    return read.query


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text="Results with this value, under every other active filter."
    )
    selected = serializers.BooleanField()


FacetsSerializer = type(
    "FacetsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Each facet's values with their counts.",
        **{facet: FacetValueSerializer(many=True) for facet in FACETS},
    },
)


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: the engine's result, the listings of its hits (each
    with its `highlight`), and the addresses of the pages beside it."""

    result: SearchResult
    listings: list[Listing]
    next: str | None
    previous: str | None


class ListingSearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="result.total")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ListingSummarySerializer(source="listings", many=True)
    facets = FacetsSerializer(source="result.facets")
    suggestions = serializers.ListField(
        source="result.suggestions", child=serializers.CharField()
    )
    notice = serializers.CharField(source="result.notice")


def _facet_description(facet: str) -> str:
    choices = facet_choices(facet)
    if choices is not None:
        return f"{facet} values, comma-separated: {', '.join(choices)}."
    if facet == "region":
        return "Country codes (ISO 3166-1 alpha-2), comma-separated."
    return f"{facet} slugs, comma-separated."


def _parameter_errors(view: type[APIView]) -> type[APIView]:
    """The parameters search_query_from refuses."""
    for name in ("sort", "page", "page_size", "price_min", "price_max", *FACETS):
        view = extend_validation_errors(["invalid"], field_name=name, methods=["get"])(
            view
        )
    return view


@_parameter_errors
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
                OpenApiParameter(facet, str, description=_facet_description(facet))
                for facet in FACETS
            ),
            OpenApiParameter(
                "price_min",
                int,
                description="Minor units of first-year cost at the minimum quantity.",
            ),
            OpenApiParameter(
                "price_max",
                int,
                description="Minor units of first-year cost at the minimum quantity.",
            ),
            OpenApiParameter("sort", str, enum=list(SORTS)),
            OpenApiParameter(
                "page",
                int,
                description=f"A search shows its first {MAX_RESULTS} results: at "
                "most page 500 at 20 a page, page 100 at 100.",
            ),
            OpenApiParameter("page_size", int, description="At most 100."),
        ],
        responses=ListingSearchResultsSerializer,
        operation_id="listings_list",
    )
    def get(self, request: Request) -> Response:
        query = search_query_from(request.query_params)
        result = search_listings(query)
        last_page = max((result.total - 1) // query.page_size + 1, 1)
        if query.page > last_page:
            raise NotFound("Invalid page.")
        listings = []
        for hit, listing in listings_for_hits(result):
            listing.highlight = dict(hit.highlights) or None
            listings.append(listing)
        url = request.build_absolute_uri()
        page = SearchPage(
            result=result,
            listings=listings,
            next=replace_query_param(url, "page", query.page + 1)
            if query.page < last_page
            else None,
            previous=(
                remove_query_param(url, "page")
                if query.page == 2
                else replace_query_param(url, "page", query.page - 1)
            )
            if query.page > 1
            else None,
        )
        return Response(ListingSearchResultsSerializer(page).data)


class SuggestionsSerializer(serializers.Serializer):
    suggestions = serializers.ListField(child=serializers.CharField())


class SuggestView(APIView):
    """Completions for a search box."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="What was typed so far.")],
        responses=SuggestionsSerializer,
    )
    def get(self, request: Request) -> Response:
        prefix = (request.query_params.get("q") or "").strip()[:100]
        return Response(
            SuggestionsSerializer({"suggestions": search_suggest(prefix)}).data
        )
