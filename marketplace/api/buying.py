"""Buyer API: packages, quotes, orders and subscriptions. Everything is scoped to the
organization the request acts for: another organization's records answer 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import request_membership
from accounts.models import Membership
from marketplace.api.serializers import MoneySerializer
from marketplace.api.vendor import as_drf_error
from marketplace.models import (
    Order,
    Package,
    PaymentMethod,
    Quote,
)
from marketplace.money import Money
from marketplace.payments.stripe import PaymentError
from marketplace.selectors import packages as package_selectors
from marketplace.services import orders as order_services
from marketplace.services import packages as package_services
from marketplace.services import quotes as quote_services
from marketplace.services.payments import attempts as payment_attempts


class PaymentUnavailable(APIException):
    status_code = 503
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


def _money(amount: int | None, currency: str) -> dict | None:
    return None if amount is None else Money(amount, currency).as_dict()


def _call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from error


# Packages ------------------------------------------------------------------------


class PackageCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    budget = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Minor units."
    )


class LineCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(help_text="A plan id from a listing's detail.")
    quantity = serializers.IntegerField(min_value=1)
    phase = serializers.IntegerField(min_value=1, default=1)
    site = serializers.CharField(max_length=120, required=False, allow_blank=True)
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


class PackageLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    listing = serializers.DictField()
    plan = serializers.DictField()
    quantity = serializers.IntegerField()
    phase = serializers.IntegerField()
    site = serializers.CharField()
    note = serializers.CharField()
    unit_price = MoneySerializer()
    sale_unit_price = MoneySerializer(allow_null=True)
    subtotal = MoneySerializer()
    setup_fee = MoneySerializer()


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)


class PackageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    currency = serializers.CharField()
    budget = MoneySerializer(allow_null=True)
    lines = PackageLineSerializer(many=True)
    totals = serializers.DictField()
    warnings = WarningSerializer(many=True)


def package_data(package: Package) -> dict:
    summary = package_selectors.package_summarize(package)
    currency = package.currency

    def money(amount):
        return _money(amount, currency)

    return {
        "id": package.pk,
        "name": package.name,
        "currency": currency,
        "budget": money(package.budget),
        "lines": [
            {
                "id": item.line.pk,
                "listing": {
                    "slug": item.line.plan.listing.slug,
                    "title": item.line.plan.listing.title,
                    "vendor": item.line.plan.listing.vendor.organization.slug,
                },
                "plan": {
                    "id": item.line.plan.pk,
                    "code": item.line.plan.code,
                    "name": item.line.plan.name,
                    "billing": item.line.plan.billing,
                },
                "quantity": item.line.quantity,
                "phase": item.line.phase,
                "site": item.line.site,
                "note": item.line.note,
                "unit_price": money(item.price.list_unit_price),
                "sale_unit_price": money(item.price.sale_unit_price)
                if item.price.sale_units
                else None,
                "subtotal": money(item.price.subtotal),
                "setup_fee": money(item.price.setup_fee),
            }
            for item in summary.lines
        ],
        "totals": {
            "phases": [
                {
                    "phase": phase.phase,
                    "one_time": money(phase.one_time),
                    "monthly": money(phase.monthly),
                    "annual": money(phase.annual),
                    "first_year": money(phase.first_year),
                }
                for phase in summary.phases
            ],
            "one_time": money(summary.one_time),
            "monthly": money(summary.monthly),
            "annual": money(summary.annual),
            "first_year": money(summary.first_year),
            "contract_term": money(summary.term_total),
            "discount": money(summary.discount),
            "budget_left": money(summary.budget_left),
        },
        "warnings": [
            {"code": warning.code, "message": warning.message, "line": warning.line_id}
            for warning in summary.warnings
        ],
    }


class PackageListView(APIView):
    """Your organization's packages; make a new one."""

    @extend_schema(responses=PackageSerializer(many=True), operation_id="packages_list")
    def get(self, request: Request) -> Response:
        membership = buyer_membership(request)
        packages = package_selectors.packages_with_lines(
            Package.objects.filter(organization=membership.organization)
        )
        return Response([package_data(package) for package in packages[:100]])

    @extend_schema(
        request=PackageCreateSerializer,
        responses={201: PackageSerializer},
        operation_id="packages_create",
    )
    def post(self, request: Request) -> Response:
        membership = buyer_membership(request)
        serializer = PackageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        package = _call(
            package_services.package_create,
            membership=membership,
            name=serializer.validated_data["name"],
            budget=serializer.validated_data.get("budget"),
        )
        return Response(package_data(package), status=status.HTTP_201_CREATED)


def _package(request: Request, pk: int) -> tuple[Membership, Package]:
    membership = owner_membership(request)
    return membership, get_object_or_404(
        Package, pk=pk, organization=membership.organization
    )


class PackageDetailView(APIView):
    """A package with its lines, totals and warnings."""

    @extend_schema(responses=PackageSerializer, operation_id="packages_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        _membership, package = _package(request, pk)
        return Response(package_data(package))


class PackageLinesView(APIView):
    """Add a plan to a package."""

    @extend_schema(
        request=LineCreateSerializer,
        responses={201: PackageSerializer},
        operation_id="packages_lines_create",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, package = _package(request, pk)
        serializer = LineCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _call(
            package_services.package_line_add,
            membership=membership,
            package=package,
            plan_id=data["plan"],
            quantity=data["quantity"],
            phase=data["phase"],
            site=data.get("site", ""),
            note=data.get("note", ""),
        )
        return Response(package_data(package), status=status.HTTP_201_CREATED)


# Quotes --------------------------------------------------------------------------


class QuoteLineSerializer(serializers.Serializer):
    listing_title = serializers.CharField()
    vendor_name = serializers.CharField()
    plan_code = serializers.CharField()
    plan_name = serializers.CharField()
    billing = serializers.CharField()
    quantity = serializers.IntegerField()
    phase = serializers.IntegerField()
    site = serializers.CharField()
    unit_price = MoneySerializer()
    sale_unit_price = MoneySerializer(allow_null=True)
    sale_units = serializers.IntegerField()
    setup_fee = MoneySerializer()
    subtotal = MoneySerializer()


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    package = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    lines = QuoteLineSerializer(many=True)
    one_time = MoneySerializer()
    monthly = MoneySerializer()
    annual = MoneySerializer()
    discount = MoneySerializer()
    first_year = MoneySerializer()
    tax_rate = serializers.CharField(help_text='Percent, e.g. "6.00".')
    tax = MoneySerializer()
    first_charge = MoneySerializer()
    created_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    requested_by = serializers.EmailField(allow_null=True)
    approved_by = serializers.EmailField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)


def quote_data(quote: Quote) -> dict:
    currency = quote.currency

    def money(amount):
        return _money(amount, currency)

    return {
        "id": quote.pk,
        "number": quote.number,
        "status": quote.status,
        "package": quote.package_id,
        "currency": currency,
        "lines": [
            {
                "listing_title": line.listing_title,
                "vendor_name": line.vendor_name,
                "plan_code": line.plan_code,
                "plan_name": line.plan_name,
                "billing": line.billing,
                "quantity": line.quantity,
                "phase": line.phase,
                "site": line.site,
                "unit_price": money(line.list_unit_price),
                "sale_unit_price": money(line.sale_unit_price)
                if line.sale_units
                else None,
                "sale_units": line.sale_units,
                "setup_fee": money(line.setup_fee),
                "subtotal": money(line.subtotal),
            }
            for line in quote.lines.all()
        ],
        "one_time": money(quote.one_time),
        "monthly": money(quote.recurring_monthly),
        "annual": money(quote.recurring_annual),
        "discount": money(quote.discount),
        "first_year": money(quote.first_year),
        "tax_rate": f"{quote.tax_rate / 100:.2f}",
        "tax": money(quote.tax),
        "first_charge": money(quote.first_charge),
        "created_at": serializers.DateTimeField().to_representation(quote.created_at),
        "valid_until": serializers.DateTimeField().to_representation(quote.valid_until),
        "requested_by": quote.requested_by.email if quote.requested_by else None,
        "approved_by": quote.approved_by.email if quote.approved_by else None,
        "approved_at": serializers.DateTimeField().to_representation(quote.approved_at)
        if quote.approved_at
        else None,
    }


class PackageQuoteView(APIView):
    """Freeze the package into a new numbered quote with today's prices."""

    @extend_schema(
        request=None, responses={201: QuoteSerializer}, operation_id="packages_quote"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, package = _package(request, pk)
        quote = _call(
            quote_services.quote_create, membership=membership, package=package
        )
        return Response(quote_data(quote), status=status.HTTP_201_CREATED)


def _quote(request: Request, pk: int) -> tuple[Membership, Quote]:
    membership = owner_membership(request)
    return membership, get_object_or_404(
        Quote.objects.select_related("requested_by", "approved_by"),
        pk=pk,
        organization=membership.organization,
    )


class QuoteDetailView(APIView):
    @extend_schema(responses=QuoteSerializer, operation_id="quotes_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        _membership, quote = _quote(request, pk)
        return Response(quote_data(quote))


class QuoteApproveView(APIView):
    """Approve a quote (approvers; not the requester unless the organization allows
    self-approval)."""

    @extend_schema(
        request=None, responses=QuoteSerializer, operation_id="quotes_approve"
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, quote = _quote(request, pk)
        quote = _call(quote_services.quote_approve, membership=membership, quote=quote)
        return Response(quote_data(quote))


# Orders --------------------------------------------------------------------------


class OrderCreateSerializer(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=PaymentMethod.values)


class VendorOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    vendor = serializers.DictField()
    amount = MoneySerializer(help_text="Before tax.")
    lines = serializers.ListField(child=serializers.DictField())


class PaymentSerializer(serializers.Serializer):
    provider = serializers.CharField()
    status = serializers.CharField()
    client_secret = serializers.CharField(allow_null=True)
    payment_intent_id = serializers.CharField(allow_null=True)
    publishable_key = serializers.CharField(allow_null=True)


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    quote = serializers.CharField()
    amount = MoneySerializer()
    placed_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    vendor_orders = VendorOrderSerializer(many=True)
    payment = PaymentSerializer(allow_null=True)


def order_data(order: Order) -> dict:
    from django.conf import settings

    payment = order.payments.order_by("-pk").first()
    return {
        "id": order.pk,
        "number": order.number,
        "status": order.status,
        "quote": order.quote.number,
        "amount": order.amount_money.as_dict(),
        "placed_at": serializers.DateTimeField().to_representation(order.placed_at),
        "paid_at": serializers.DateTimeField().to_representation(order.paid_at)
        if order.paid_at
        else None,
        "vendor_orders": [
            {
                "number": vendor_order.number,
                "vendor": {
                    "slug": vendor_order.vendor.organization.slug,
                    "name": vendor_order.vendor.organization.name,
                },
                "amount": _money(vendor_order.gross, vendor_order.currency),
                "lines": [
                    {
                        "listing_title": line.quote_line.listing_title,
                        "plan_code": line.quote_line.plan_code,
                        "quantity": line.quote_line.quantity,
                    }
                    for line in vendor_order.lines.select_related("quote_line")
                ],
            }
            for vendor_order in order.vendor_orders.select_related(
                "vendor__organization"
            )
        ],
        "payment": {
            "provider": payment.provider,
            "status": payment.status,
            "client_secret": payment.client_secret or None,
            "payment_intent_id": payment.payment_intent_id,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY
            if payment.provider == "stripe"
            else None,
        }
        if payment
        else None,
    }


class QuoteOrderView(APIView):
    """Order an approved quote. Ordering it again answers the same order (200)."""

    @extend_schema(
        request=OrderCreateSerializer,
        responses={201: OrderSerializer, 200: OrderSerializer},
        operation_id="quotes_order",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, quote = _quote(request, pk)
        serializer = OrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        placed = _call(
            order_services.order_place,
            membership=membership,
            quote=quote,
            payment_method=serializer.validated_data["payment_method"],
        )
        try:
            payment_attempts.payment_prepare(placed.order)
        except PaymentError as error:
            raise PaymentUnavailable() from error
        return Response(
            order_data(placed.order),
            status=status.HTTP_201_CREATED if placed.created else status.HTTP_200_OK,
        )


class OrderDetailView(APIView):
    @extend_schema(responses=OrderSerializer, operation_id="orders_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        membership = owner_membership(request)
        order = get_object_or_404(
            Order.objects.select_related("quote"),
            pk=pk,
            organization=membership.organization,
        )
        return Response(order_data(order))
