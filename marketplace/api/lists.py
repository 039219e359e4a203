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


def _page(
    view, request: Request, form_class, listed, date_field, serializer_class, context_of
) -> Response:
    """One page of the organization's records that the filters keep, serialized
    with what `context_of(page)` reads for the whole page at once."""
    organization = buyer_membership(request).organization
    form = form_class(request.query_params, organization=organization)
    items = filtered(form, listed(organization), date_field)
    paginator = view.pagination_class()
    page = list(paginator.paginate_queryset(items, request, view=view) or [])
    context = {"request": request, **context_of(page)}
    return paginator.get_paginated_response(
        serializer_class(page, many=True, context=context).data
    )


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
        return _page(
            self,
            request,
            QuoteFilterForm,
            quotes_listed,
            "created_at",
            QuoteSerializer,
            lambda page: {"phase_states": quotes_phase_states(page)},
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
        return _page(
            self,
            request,
            OrderFilterForm,
            orders_listed,
            "placed_at",
            OrderSerializer,
            lambda page: {"histories": orders_history(page)},
        )
