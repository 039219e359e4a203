"""Subscriptions in API v1: the vendor's to fulfil and its provisioning callback,
and the buyer's with their access details."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import as_drf_error, query_choice
from accounts.models import Membership
from accounts.roles import Capability
from config.api.pagination import PagePagination
from marketplace.authorization import access_shown
from marketplace.models import Subscription, SubscriptionStatus
from marketplace.selectors.buying import buyer_subscriptions, vendor_subscriptions
from marketplace.services import provisioning
from vendors.api import request_vendor


class AccessSerializer(serializers.Serializer):
    url = serializers.CharField(required=False)
    username = serializers.CharField(required=False)
    password = serializers.CharField(required=False)
    note = serializers.CharField(required=False)


class ReportConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This report contradicts the one already accepted."


class VendorSubscriptionSerializer(serializers.Serializer):
    """`subscription` as in the webhook events, with what was reported."""

    subscription = serializers.DictField()
    instance_id = serializers.CharField()
    failure_reason = serializers.CharField()
    provisioning_delayed = serializers.BooleanField()
    cancellation_requested_at = serializers.DateTimeField(allow_null=True)
    data_retention_until = serializers.DateField(allow_null=True)


def vendor_subscription_data(subscription: Subscription) -> dict:
    return {
        "subscription": provisioning.subscription_data(subscription),
        "instance_id": subscription.instance_id,
        "failure_reason": subscription.failure_reason,
        "provisioning_delayed": subscription.provisioning_delayed,
        "cancellation_requested_at": subscription.cancellation_requested_at,
        "data_retention_until": subscription.data_retention_until,
    }


class VendorSubscriptionListView(APIView):
    """Subscriptions you are to fulfil, newest first; filter with `status`."""

    @extend_schema(
        parameters=[OpenApiParameter("status", str)],
        responses=VendorSubscriptionSerializer(many=True),
        operation_id="vendor_subscriptions_list",
    )
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.SUBSCRIPTION_FULFIL)
        subscriptions = vendor_subscriptions(vendor)
        if value := query_choice(
            request.query_params, "status", SubscriptionStatus.values
        ):
            subscriptions = subscriptions.filter(status=value)
        paginator = PagePagination()
        page = paginator.paginate_queryset(subscriptions, request, view=self)
        return paginator.get_paginated_response(
            [vendor_subscription_data(item) for item in page]
        )


class ReportSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["provisioned", "accepted", "failed"])
    instance_id = serializers.CharField(required=False, allow_blank=True)
    access = AccessSerializer(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class VendorProvisioningView(APIView):
    """Report provisioning (for a subscription answered `accepted`): the same body
    as a synchronous answer. The same report twice answers 200 alike; one that
    contradicts it answers 409."""

    @extend_schema(
        request=ReportSerializer,
        responses={200: VendorSubscriptionSerializer, 409: None},
        operation_id="vendor_subscription_provisioning",
    )
    def post(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.SUBSCRIPTION_FULFIL)
        subscription = get_object_or_404(Subscription, pk=pk, vendor=vendor)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            subscription = provisioning.subscription_report(
                subscription=subscription, data=dict(request.data)
            )
        except provisioning.ReportConflict as error:
            raise ReportConflictError(str(error)) from error
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        subscription = vendor_subscriptions(vendor).get(pk=subscription.pk)
        return Response(vendor_subscription_data(subscription))


class BuyerSubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    order = serializers.CharField()
    vendor = serializers.DictField()
    listing_title = serializers.CharField()
    plan_code = serializers.CharField()
    quantity = serializers.IntegerField()
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    provisioning_delayed = serializers.BooleanField()
    failure_reason = serializers.CharField()
    cancellation_requested_at = serializers.DateTimeField(allow_null=True)
    data_retention_until = serializers.DateField(allow_null=True)
    access = AccessSerializer(
        allow_null=True,
        help_text="Once active, how to reach the service; only for members whose "
        "role shows access details.",
    )


def buyer_subscription_data(item: Subscription, membership: Membership) -> dict:
    shows_access = access_shown(item, membership)
    return {
        "id": item.pk,
        "status": item.status,
        "order": item.order_line.vendor_order.order.number,
        "vendor": {
            "slug": item.vendor.organization.slug,
            "name": item.vendor.organization.name,
        },
        "listing_title": item.order_line.quote_line.listing_title,
        "plan_code": item.order_line.quote_line.plan_code,
        "quantity": item.order_line.quote_line.quantity,
        "term_start": item.term_start,
        "term_end": item.term_end,
        "provisioning_delayed": item.provisioning_delayed,
        "failure_reason": item.failure_reason,
        "cancellation_requested_at": item.cancellation_requested_at,
        "data_retention_until": item.data_retention_until,
        "access": (item.access or {}) if shows_access else None,
    }


class SubscriptionListView(APIView):
    """Your organization's subscriptions: one per paid order line, with their
    status and, once active, their access details."""

    @extend_schema(
        responses=BuyerSubscriptionSerializer(many=True),
        operation_id="subscriptions_list",
    )
    def get(self, request: Request) -> Response:
        from marketplace.api.buying import buyer_membership

        membership = buyer_membership(request)
        return Response(
            BuyerSubscriptionSerializer(
                [
                    buyer_subscription_data(item, membership)
                    for item in buyer_subscriptions(membership)[:500]
                ],
                many=True,
            ).data
        )
