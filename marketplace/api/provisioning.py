"""Subscriptions in API v1: the vendor's to fulfil and its provisioning callback,
and the buyer's with their access details."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import query_choice
from accounts.roles import Capability
from config.api.pagination import LinkHeaderPagination, PagePagination, paged_response
from config.api.schema import ErrorResponse409Serializer, service_validation_errors
from marketplace.api.buying import buyer_membership
from marketplace.api.serializers import VendorRefSerializer
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


# `data.subscription` of the webhook events (provisioning.subscription_data).


class EventListingSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    slug = serializers.CharField()
    title = serializers.CharField()


class EventPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    billing = serializers.CharField()
    unit = serializers.CharField()


class EventBuyerOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="municipal or enterprise")
    region = serializers.CharField()


class EventContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()


class EventBuyerSerializer(serializers.Serializer):
    organization = EventBuyerOrganizationSerializer()
    contact = EventContactSerializer()


class EventSubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    order_number = serializers.CharField()
    order_line_id = serializers.IntegerField()
    listing = EventListingSerializer()
    plan = EventPlanSerializer()
    quantity = serializers.IntegerField()
    phase = serializers.IntegerField()
    site = serializers.CharField()
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    buyer = EventBuyerSerializer()
    test = serializers.BooleanField()


class VendorSubscriptionSerializer(serializers.Serializer):
    """`subscription` as in the webhook events, with what was reported."""

    subscription = serializers.SerializerMethodField()
    instance_id = serializers.CharField()
    failure_reason = serializers.CharField()
    provisioning_delayed = serializers.BooleanField()
    cancellation_requested_at = serializers.DateTimeField(
        allow_null=True, default_timezone=UTC
    )
    data_retention_until = serializers.DateField(allow_null=True)

    @extend_schema_field(EventSubscriptionSerializer)
    def get_subscription(self, subscription: Subscription) -> dict:
        return EventSubscriptionSerializer(
            provisioning.subscription_data(subscription)
        ).data


@extend_validation_errors(["invalid"], field_name="status", methods=["get"])
class VendorSubscriptionListView(APIView):
    """Subscriptions you are to fulfil, newest first; filter with `status`."""

    pagination_class = PagePagination

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=SubscriptionStatus.values)],
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
        return paged_response(
            self, request, subscriptions, VendorSubscriptionSerializer
        )


class ReportSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["provisioned", "accepted", "failed"])
    instance_id = serializers.CharField(required=False, allow_blank=True)
    access = AccessSerializer(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


@service_validation_errors("post")
class VendorProvisioningView(APIView):
    """Report provisioning (for a subscription answered `accepted`): the same body
    as a synchronous answer. The same report twice answers 200 alike; one that
    contradicts it answers 409."""

    @extend_schema(
        request=ReportSerializer,
        responses={200: VendorSubscriptionSerializer, 409: ErrorResponse409Serializer},
        operation_id="vendor_subscription_provisioning",
    )
    def post(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.SUBSCRIPTION_FULFIL)
        subscription = get_object_or_404(Subscription, pk=pk, vendor=vendor)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # What the serializer read, whether the report came as JSON or as a form
        # (`access.url=…`): the request's own data would be a form's lists.
        report = dict(serializer.validated_data)
        if "access" in report:
            report["access"] = dict(report["access"])
        subscription = provisioning.subscription_report(
            subscription=subscription, data=report
        )
        subscription = vendor_subscriptions(vendor).get(pk=subscription.pk)
        return Response(VendorSubscriptionSerializer(subscription).data)


class BuyerAccessSerializer(serializers.Serializer):
    """Access details as the vendor reported them, the initial password masked:
    it is answered only by a reveal, which is recorded."""

    url = serializers.CharField(required=False)
    username = serializers.CharField(required=False)
    password = serializers.CharField(
        allow_null=True,
        help_text="Null unless this answers a reveal: see `password_masked`.",
    )
    password_masked = serializers.BooleanField(
        help_text="True when the vendor reported an initial password this answer "
        "leaves out: POST to `password_reveal_url` to read it (recorded)."
    )
    password_reveal_url = serializers.SerializerMethodField(
        help_text="Where to reveal the initial password; null when there is none."
    )
    note = serializers.CharField(required=False)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_password_reveal_url(self, access: dict) -> str | None:
        if not (access["password_masked"] or access["password"]):
            return None
        path = reverse("api:subscription-access-reveal", args=[access["id"]])
        request = self.context.get("request")
        if request is not None:
            return request.build_absolute_uri(path)
        return settings.SITE_URL.rstrip("/") + path


def buyer_access_data(
    subscription: Subscription, details: dict[str, str], *, revealed: bool
) -> dict:
    """What `BuyerAccessSerializer` reads: the vendor's details, with the password
    only when it is `revealed`."""
    password = details.get("password") or None
    return {
        **{key: value for key, value in details.items() if key != "password"},
        "id": subscription.pk,
        "password": password if revealed else None,
        "password_masked": bool(password) and not revealed,
    }


class BuyerSubscriptionSerializer(serializers.Serializer):
    """A buyer's subscription; the context's `membership` decides whether the
    access details are shown."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    order = serializers.CharField(source="order_line.vendor_order.order.number")
    vendor = VendorRefSerializer()
    listing_title = serializers.CharField(source="order_line.quote_line.listing_title")
    plan_code = serializers.CharField(source="order_line.quote_line.plan_code")
    quantity = serializers.IntegerField(source="order_line.quote_line.quantity")
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    provisioning_delayed = serializers.BooleanField()
    failure_reason = serializers.CharField()
    cancellation_requested_at = serializers.DateTimeField(allow_null=True)
    data_retention_until = serializers.DateField(allow_null=True)
    access = serializers.SerializerMethodField(
        help_text="Once active, how to reach the service, the initial password "
        "masked; only for members whose role shows access details."
    )

    @extend_schema_field(BuyerAccessSerializer(allow_null=True))
    def get_access(self, subscription: Subscription) -> dict | None:
        if not access_shown(subscription, self.context["membership"]):
            return None
        details: dict[str, str] = (
            subscription.access if isinstance(subscription.access, dict) else {}
        )
        return BuyerAccessSerializer(
            buyer_access_data(subscription, details, revealed=False),
            context=self.context,
        ).data


class SubscriptionPagination(LinkHeaderPagination):
    # Before it was paged, the list showed five hundred subscriptions.
    page_size = 500
    max_page_size = 500


class SubscriptionListView(APIView):
    """Your organization's subscriptions, newest first: one per paid order line,
    with their status and, once active, their access details."""

    pagination_class = SubscriptionPagination

    @extend_schema(
        responses=BuyerSubscriptionSerializer(many=True),
        operation_id="subscriptions_list",
    )
    def get(self, request: Request) -> Response:
        membership = buyer_membership(request)
        return paged_response(
            self,
            request,
            buyer_subscriptions(membership),
            BuyerSubscriptionSerializer,
            context={"membership": membership, "request": request},
        )
