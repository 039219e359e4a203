"""Public catalog API: categories, published listings and their plans."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.serializers import (
    CategoryTreeSerializer,
    ListingDetailSerializer,
)
from marketplace.selectors import catalog as selectors


class CategoryTreeView(APIView):
    """The category tree: sections with the kinds of solution within them."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryTreeSerializer(many=True))
    def get(self, request: Request) -> Response:
        tree = selectors.category_tree()
        return Response(CategoryTreeSerializer(tree, many=True).data)


class ListingDetailView(APIView):
    """A published listing with its plans."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ListingDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        listing = get_object_or_404(
            selectors.listings_published(detail=True), slug=slug
        )
        return Response(ListingDetailSerializer(listing).data)
