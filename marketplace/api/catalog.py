"""Public catalog API: categories, published listings and their plans."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import PagePagination
from marketplace import selectors
from marketplace.api.serializers import (
    CategoryTreeSerializer,
    ListingDetailSerializer,
    ListingSummarySerializer,
)


class CategoryTreeView(APIView):
    """The category tree: sections with the kinds of solution within them."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryTreeSerializer(many=True))
    def get(self, request: Request) -> Response:
        tree = selectors.category_tree()
        return Response(CategoryTreeSerializer(tree, many=True).data)


class ListingResultsPagination(PagePagination):
    """Pages of listings, with the facet counts and suggestions search adds."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["facets"] = {}
        response.data["suggestions"] = []
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["facets"] = {"type": "object"}
        schema["properties"]["suggestions"] = {
            "type": "array",
            "items": {"type": "string"},
        }
        return schema


class ListingListView(generics.ListAPIView):
    """Published listings, filtered by category (a section or a kind) and vendor."""

    permission_classes = [AllowAny]
    serializer_class = ListingSummarySerializer
    pagination_class = ListingResultsPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, description="Category slug."),
            OpenApiParameter("vendor", str, description="Vendor slug."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        listings = selectors.listings_published()
        category = self.request.query_params.get("category")
        if category:
            listings = listings.filter(
                Q(category__slug=category) | Q(category__parent__slug=category)
            )
        vendor = self.request.query_params.get("vendor")
        if vendor:
            listings = listings.filter(vendor__organization__slug=vendor)
        return listings.order_by("title", "pk")


class ListingDetailView(APIView):
    """A published listing with its plans."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ListingDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        listing = get_object_or_404(
            selectors.listings_published(detail=True), slug=slug
        )
        return Response(ListingDetailSerializer(listing).data)
