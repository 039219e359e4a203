"""Buyer API: the organization's quotes and orders, newest first, paged, filtered
by `status`, `package`, `from` and `to`. A filter the API cannot read answers 400;
another organization's records never appear."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import PagePagination
from config.api.schema import service_validation_errors
from marketplace.api.buying import buyer_membership
from marketplace.api.buying_serializers import OrderSerializer, QuoteSerializer
from marketplace.models import OrderStatus, QuoteStatus
from marketplace.selectors.lists import (
    ListFilterForm,
    OrderFilterForm,
    QuoteFilterForm,
    orders_history,
    orders_listed,
    quotes_listed,
)
from marketplace.selectors.phases import quotes_phase_states


def _filter_parameters(statuses: list[str], date_of: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter("status", str, enum=statuses),
        OpenApiParameter("package", int, description="A package's id."),
        OpenApiParameter(
            "from",
            OpenApiTypes.DATE,
            description=f"On or after this day ({date_of}), YYYY-MM-DD.",
        ),
        OpenApiParameter(
            "to",
            OpenApiTypes.DATE,
            description=f"On or before this day ({date_of}), YYYY-MM-DD.",
        ),
    ]


def filtered(form: ListFilterForm, items: QuerySet, date_field: str) -> QuerySet:
    """`items` narrowed by the query's filters; 400 naming each bad one."""
    if not form.is_valid():
        raise ValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in form.errors.items()
            }
        )
    return form.filtered(items, date_field)


@service_validation_errors("get")
class QuoteListView(APIView):
    """Your organization's quotes, newest first."""

    pagination_class = PagePagination

    @extend_schema(
        parameters=_filter_parameters(QuoteStatus.values, "created_at"),
        responses=QuoteSerializer(many=True),
        operation_id="quotes_list",
    )
    def get(self, request: Request) -> Response:
        organization = buyer_membership(request).organization
        form = QuoteFilterForm(request.query_params, organization=organization)
        quotes = filtered(form, quotes_listed(organization), "created_at")
        paginator = self.pagination_class()
        page = list(paginator.paginate_queryset(quotes, request, view=self) or [])
        context = {"request": request, "phase_states": quotes_phase_states(page)}
        return paginator.get_paginated_response(
            QuoteSerializer(page, many=True, context=context).data
        )


@service_validation_errors("get")
class OrderListView(APIView):
    """Your organization's orders, newest first, each with its documents."""

    pagination_class = PagePagination

    @extend_schema(
        parameters=_filter_parameters(OrderStatus.values, "placed_at"),
        responses=OrderSerializer(many=True),
        operation_id="orders_list",
    )
    def get(self, request: Request) -> Response:
        organization = buyer_membership(request).organization
        form = OrderFilterForm(request.query_params, organization=organization)
        orders = filtered(form, orders_listed(organization), "placed_at")
        paginator = self.pagination_class()
        page = list(paginator.paginate_queryset(orders, request, view=self) or [])
        context = {"request": request, "histories": orders_history(page)}
        return paginator.get_paginated_response(
            OrderSerializer(page, many=True, context=context).data
        )
