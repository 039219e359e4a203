"""Buyer API: packages, quotes and orders. Everything is scoped to the organization
the request acts for: another organization's records answer 404. What the services
refuse is answered by the API's exception handler (config.api.exceptions)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import request_membership
from accounts.models import Membership
from config.api.pagination import LinkHeaderPagination
from config.api.schema import (
    ErrorResponse409Serializer,
    ErrorResponse503Serializer,
    service_validation_errors,
)
from marketplace.api.buying_serializers import (
    LineCreateSerializer,
    OrderCreateSerializer,
    OrderSerializer,
    PackageCreateSerializer,
    PackageSerializer,
    QuoteSerializer,
)
from marketplace.models import Order, Package, Quote, QuoteDecision
from marketplace.selectors import packages as package_selectors
from marketplace.selectors.lists import orders_detailed
from marketplace.services import orders as order_services
from marketplace.services import packages as package_services
from marketplace.services import quotes as quote_services
from marketplace.services.payments import attempts as payment_attempts


class PaymentUnavailable(APIException):
    """Stripe could not be reached (or refused) while preparing a card payment: the
    order stands, and the same request retries. Settings' `API_EXCEPTIONS` maps the
    gateway's `PaymentError` to it."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The payment provider cannot be reached; try again shortly."
    default_code = "payment_unavailable"


def buyer_membership(request: Request) -> Membership:
    membership = request_membership(request)
    if membership is None or not membership.organization.is_buyer:
        raise PermissionDenied("Only members of a buyer organization can do this.")
    return membership


def owner_membership(request: Request) -> Membership:
    """The membership a request for one record acts in: any other organization,
    buyer or not, is told the record is not there."""
    membership = request_membership(request)
    if membership is None or not membership.organization.is_buyer:
        raise NotFound()
    return membership


# Packages ------------------------------------------------------------------------


class PackagePagination(LinkHeaderPagination):
    # Before it was paged, the list showed a hundred packages.
    page_size = 100


def _package_data(package: Package) -> dict:
    return PackageSerializer(package_selectors.package_summarize(package)).data


@service_validation_errors("post")
class PackageListView(APIView):
    """Your organization's packages, most recently changed first; make a new one."""

    pagination_class = PackagePagination

    @extend_schema(responses=PackageSerializer(many=True), operation_id="packages_list")
    def get(self, request: Request) -> Response:
        membership = buyer_membership(request)
        packages = package_selectors.packages_with_lines(
            Package.objects.filter(organization=membership.organization)
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(packages, request, view=self) or []
        summaries = [package_selectors.package_summarize(package) for package in page]
        return paginator.get_paginated_response(
            PackageSerializer(summaries, many=True).data
        )

    @extend_schema(
        request=PackageCreateSerializer,
        responses={201: PackageSerializer},
        operation_id="packages_create",
    )
    def post(self, request: Request) -> Response:
        membership = buyer_membership(request)
        serializer = PackageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        package = package_services.package_create(
            membership=membership,
            name=serializer.validated_data["name"],
            budget=serializer.validated_data.get("budget"),
        )
        return Response(_package_data(package), status=status.HTTP_201_CREATED)


def owned_package(request: Request, pk: int) -> tuple[Membership, Package]:
    membership = owner_membership(request)
    return membership, get_object_or_404(
        Package, pk=pk, organization=membership.organization
    )


class PackageDetailView(APIView):
    """A package with its lines, totals and warnings."""

    @extend_schema(responses=PackageSerializer, operation_id="packages_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        _membership, package = owned_package(request, pk)
        return Response(_package_data(package))


@service_validation_errors("post")
class PackageLinesView(APIView):
    """Add a plan to a package."""

    @extend_schema(
        request=LineCreateSerializer,
        responses={201: PackageSerializer},
        operation_id="packages_lines_create",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, package = owned_package(request, pk)
        serializer = LineCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        package_services.package_line_add(
            membership=membership,
            package=package,
            plan_id=data["plan"],
            quantity=data["quantity"],
            phase=data["phase"],
            site=data.get("site", ""),
            note=data.get("note", ""),
        )
        return Response(_package_data(package), status=status.HTTP_201_CREATED)


# Quotes --------------------------------------------------------------------------


@service_validation_errors("post")
class PackageQuoteView(APIView):
    """Freeze the package into a new numbered quote with today's prices."""

    @extend_schema(
        request=None, responses={201: QuoteSerializer}, operation_id="packages_quote"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, package = owned_package(request, pk)
        quote = quote_services.quote_create(membership=membership, package=package)
        return Response(QuoteSerializer(quote).data, status=status.HTTP_201_CREATED)


def owned_quote(request: Request, pk: int) -> tuple[Membership, Quote]:
    membership = owner_membership(request)
    return membership, get_object_or_404(
        Quote.objects.select_related("requested_by", "approved_by").prefetch_related(
            Prefetch("decisions", QuoteDecision.objects.select_related("by"))
        ),
        pk=pk,
        organization=membership.organization,
    )


class QuoteDetailView(APIView):
    @extend_schema(responses=QuoteSerializer, operation_id="quotes_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        _membership, quote = owned_quote(request, pk)
        return Response(QuoteSerializer(quote).data)


# Orders --------------------------------------------------------------------------


def orders_shown() -> QuerySet[Order]:
    """Orders with what OrderSerializer reads, in a fixed number of queries."""
    return orders_detailed()


def placed_response(request: Request, placed: order_services.Placed) -> Response:
    """The order a release made (201) or found (200); a card order's intent is made
    first, so the answer carries what Stripe.js needs."""
    payment_attempts.payment_prepare(placed.order)
    return Response(
        OrderSerializer(
            orders_shown().get(pk=placed.order.pk), context={"request": request}
        ).data,
        status=status.HTTP_201_CREATED if placed.created else status.HTTP_200_OK,
    )


@service_validation_errors("post")
class QuoteOrderView(APIView):
    """Order an approved quote: release its first phase (for a one-phase quote, all
    of it). Ordering it again answers the same order (200)."""

    @extend_schema(
        request=OrderCreateSerializer,
        responses={
            201: OrderSerializer,
            200: OrderSerializer,
            409: ErrorResponse409Serializer,
            503: ErrorResponse503Serializer,
        },
        operation_id="quotes_order",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, quote = owned_quote(request, pk)
        serializer = OrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        placed = order_services.order_place(
            membership=membership,
            quote=quote,
            payment_method=serializer.validated_data["payment_method"],
            purchase_order=serializer.validated_data["purchase_order"],
        )
        return placed_response(request, placed)


class OrderDetailView(APIView):
    @extend_schema(responses=OrderSerializer, operation_id="orders_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        membership = owner_membership(request)
        order = get_object_or_404(
            orders_shown(), pk=pk, organization=membership.organization
        )
        return Response(OrderSerializer(order, context={"request": request}).data)
