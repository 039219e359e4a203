"""Buyer API of phases: a package's phases (list, add, rename, re-date) and the
release of one phase of a quote (a call-off order). Scoped like the rest of the
buyer API: another organization's records answer 404, and what the services refuse
is answered by the API's exception handler (config.api.exceptions)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.schema import (
    ErrorResponse409Serializer,
    ErrorResponse503Serializer,
    service_validation_errors,
)
from marketplace.api.buying import (
    owned_package,
    owned_quote,
    placed_response,
)
from marketplace.api.buying_serializers import OrderSerializer, ReleaseSerializer
from marketplace.api.phase_serializers import (
    PackagePhaseSerializer,
    PhaseWriteSerializer,
)
from marketplace.models import Package
from marketplace.selectors.packages import package_summarize
from marketplace.selectors.phases import PhasePlan, package_phases
from marketplace.services import orders as order_services
from marketplace.services import phases as phase_services


def _phase_plans(package: Package) -> list[PhasePlan]:
    return package_phases(package_summarize(package))


def _phase_data(package: Package, number: int) -> dict:
    plan = next(plan for plan in _phase_plans(package) if plan.number == number)
    context = {"currency": package.currency}
    return PackagePhaseSerializer(plan, context=context).data


@service_validation_errors("post")
class PackagePhaseListView(APIView):
    """A package's phases in order, each with its lines and totals; add the next
    phase."""

    @extend_schema(
        responses=PackagePhaseSerializer(many=True),
        operation_id="packages_phases_list",
    )
    def get(self, request: Request, pk: int) -> Response:
        _membership, package = owned_package(request, pk)
        context = {"currency": package.currency}
        return Response(
            PackagePhaseSerializer(
                _phase_plans(package), many=True, context=context
            ).data
        )

    @extend_schema(
        request=PhaseWriteSerializer,
        responses={201: PackagePhaseSerializer},
        operation_id="packages_phases_create",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, package = owned_package(request, pk)
        serializer = PhaseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        phase = phase_services.package_phase_create(
            membership=membership,
            package=package,
            name=data.get("name", ""),
            planned_start=data.get("planned_start"),
            note=data.get("note", ""),
        )
        return Response(
            _phase_data(package, phase.number), status=status.HTTP_201_CREATED
        )


@service_validation_errors("patch")
class PackagePhaseDetailView(APIView):
    """One phase of a package; rename, re-date or annotate it."""

    @extend_schema(
        responses=PackagePhaseSerializer, operation_id="packages_phases_retrieve"
    )
    def get(self, request: Request, pk: int, number: int) -> Response:
        _membership, package = owned_package(request, pk)
        if not any(plan.number == number for plan in _phase_plans(package)):
            raise NotFound()
        return Response(_phase_data(package, number))

    @extend_schema(
        request=PhaseWriteSerializer,
        responses=PackagePhaseSerializer,
        operation_id="packages_phases_partial_update",
    )
    def patch(self, request: Request, pk: int, number: int) -> Response:
        membership, package = owned_package(request, pk)
        serializer = PhaseWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        phase = phase_services.package_phase_update(
            membership=membership,
            package=package,
            number=number,
            **serializer.validated_data,
        )
        return Response(_phase_data(package, phase.number))


@service_validation_errors("post")
class QuoteReleaseView(APIView):
    """Release one phase of an approved quote: an order of only that phase's lines,
    paid on its own. Releasing it again answers the same order (200); after the
    phase's price hold, 409 (ask for a new quote)."""

    @extend_schema(
        request=ReleaseSerializer,
        responses={
            201: OrderSerializer,
            200: OrderSerializer,
            409: ErrorResponse409Serializer,
            503: ErrorResponse503Serializer,
        },
        operation_id="quotes_release",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, quote = owned_quote(request, pk)
        serializer = ReleaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        placed = order_services.order_release(
            membership=membership,
            quote=quote,
            phase=data["phase"],
            payment_method=data["payment_method"],
            purchase_order=data["purchase_order"],
        )
        return placed_response(request, placed)
