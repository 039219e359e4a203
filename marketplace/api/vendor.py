"""Vendor API: a vendor's own listings — draft, edit, submit for review."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Capability
from config.api.pagination import PagePagination
from config.api.schema import service_validation_errors
from marketplace.api.vendor_serializers import (
    SubmitResponseSerializer,
    VendorListingReadSerializer,
    VendorListingSerializer,
)
from marketplace.models import Listing
from marketplace.services import listings as listing_services
from vendors.api import request_vendor


def _service_data(validated: dict) -> dict:
    data = dict(validated)
    if "plans" in data:
        data["plans"] = [dict(plan) for plan in data["plans"]]
    if "reference_deployments" in data:
        data["reference_deployments"] = [
            dict(reference) for reference in data["reference_deployments"]
        ]
    return data


def _represent(listing: Listing) -> dict:
    """A listing's latest version with the listing's own review status."""
    draft = listing_services.listing_draft(listing=listing)
    return VendorListingReadSerializer(
        draft, context={"statuses": {listing.pk: listing.status}}
    ).data


@service_validation_errors("post")
class VendorListingListView(APIView):
    """Your organization's listings (their latest versions), and new drafts."""

    pagination_class = PagePagination

    @extend_schema(responses=VendorListingReadSerializer(many=True))
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.ORGANIZATION_VIEW)
        paginator = self.pagination_class()
        listings = Listing.objects.filter(vendor=vendor).order_by("-pk")
        page = paginator.paginate_queryset(listings, request, view=self) or []
        drafts = [listing_services.listing_draft(listing=item) for item in page]
        statuses = {item.pk: item.status for item in page}
        return paginator.get_paginated_response(
            VendorListingReadSerializer(
                drafts, many=True, context={"statuses": statuses}
            ).data
        )

    @extend_schema(
        request=VendorListingSerializer, responses={201: VendorListingReadSerializer}
    )
    def post(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.LISTING_EDIT)
        serializer = VendorListingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        listing = listing_services.listing_create(
            vendor=vendor,
            user=request.user,
            data=_service_data(serializer.validated_data),
        )
        return Response(_represent(listing), status=status.HTTP_201_CREATED)


@service_validation_errors("patch")
class VendorListingDetailView(APIView):
    """One of your listings: read its latest version, or save an edit as a draft."""

    @extend_schema(responses=VendorListingReadSerializer)
    def get(self, request: Request, pk: int) -> Response:
        listing = vendor_listing(request, pk, Capability.ORGANIZATION_VIEW)
        return Response(_represent(listing))

    @extend_schema(
        request=VendorListingSerializer, responses=VendorListingReadSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        listing = vendor_listing(request, pk, Capability.LISTING_EDIT)
        serializer = VendorListingSerializer(
            listing_services.listing_draft(listing=listing),
            data=request.data,
            partial=True,
        )
        serializer.is_valid(raise_exception=True)
        listing_services.listing_update(
            listing=listing,
            user=request.user,
            data=_service_data(serializer.validated_data),
        )
        listing.refresh_from_db()
        return Response(_represent(listing))


def vendor_listing(request: Request, pk: int, capability: Capability) -> Listing:
    vendor = request_vendor(request, capability)
    # Another vendor's listing is simply not there.
    return get_object_or_404(Listing, pk=pk, vendor=vendor)


@service_validation_errors("post")
class VendorListingSubmitView(APIView):
    """Send the latest version of a listing to the curators' review."""

    @extend_schema(request=None, responses=SubmitResponseSerializer)
    def post(self, request: Request, pk: int) -> Response:
        listing = vendor_listing(request, pk, Capability.LISTING_SUBMIT)
        listing_services.listing_submit(listing=listing, user=request.user)
        listing.refresh_from_db()
        return Response(SubmitResponseSerializer(listing).data)
