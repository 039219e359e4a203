"""API v1: what a listing's page suggests beside it,
`GET /api/v1/listings/{slug}/related/`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.discovery import Combined, Related, listing_related
from marketplace.api.serializers import ListingSummarySerializer
from marketplace.selectors import catalog as selectors


class CombinedListingSerializer(ListingSummarySerializer):
    """A solution buyers ordered in the same packages as the listing."""

    packages = serializers.IntegerField(
        source="ordered_in_packages",
        read_only=True,
        help_text="How many ordered packages hold both solutions (buyers are "
        "never named).",
    )

    class Meta(ListingSummarySerializer.Meta):
        fields = [*ListingSummarySerializer.Meta.fields, "packages"]

    def to_representation(self, instance: Combined) -> dict:
        # The count rides on the listing, as a search hit's highlight does.
        instance.listing.ordered_in_packages = instance.packages  # type: ignore[attr-defined]
        return super().to_representation(instance.listing)


class ListingRelatedSerializer(serializers.Serializer):
    often_combined_with = CombinedListingSerializer(
        many=True,
        help_text="The solutions most often ordered in the same packages, most "
        "packages first.",
    )
    similar = ListingSummarySerializer(
        many=True,
        help_text="Published solutions of other vendors of the same kind that "
        "share capabilities or protocols, most shared first, then by rating.",
    )


class ListingRelatedView(APIView):
    """What a published listing's page suggests beside it: the solutions buyers
    often combine with it, and similar solutions from other vendors. Each list
    holds up to four; either may be empty."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ListingRelatedSerializer)
    def get(self, request: Request, slug: str) -> Response:
        listing = get_object_or_404(
            selectors.listings_published(detail=True), slug=slug
        )
        related: Related = listing_related(listing)
        return Response(ListingRelatedSerializer(related).data)
