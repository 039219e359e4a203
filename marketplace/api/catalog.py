"""Public catalog API: categories, published listings and their plans."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import LinkHeaderPagination, paged_response
from marketplace.api.serializers import (
    CategoryTreeSerializer,
    ListingDetailSerializer,
)
from marketplace.selectors import catalog as selectors


class CategoryPagination(LinkHeaderPagination):
    # Sections are few; one page holds them all unless a client asks for less.
    page_size = 100


class CategoryTreeView(APIView):
    """The category tree: sections with the kinds of solution within them."""

    permission_classes = [AllowAny]
    pagination_class = CategoryPagination

    @extend_schema(responses=CategoryTreeSerializer(many=True))
    def get(self, request: Request) -> Response:
        tree = selectors.category_tree()
        return paged_response(self, request, tree, CategoryTreeSerializer)


class ListingDetailView(APIView):
    """A published listing with its plans."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ListingDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        listing = get_object_or_404(
            selectors.listings_published(detail=True), slug=slug
        )
        return Response(ListingDetailSerializer(listing).data)
