"""Vendor API: the webhook endpoint (URL, secret rotation, test event) and the
delivery log with redelivery."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.fields import SkipField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import query_choice, request_membership
from accounts.roles import Capability
from config.api.pagination import PagePagination, paged_response
from config.api.schema import service_validation_errors
from vendors.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Vendor,
    WebhookEndpoint,
)
from vendors.webhooks import endpoints, selectors, ssrf


def request_vendor(request: Request, capability: Capability) -> Vendor:
    """The vendor a request acts for; 403 unless the member's role allows it."""
    membership = request_membership(request)
    vendor = (
        Vendor.objects.filter(organization_id=membership.organization_id).first()
        if membership is not None
        else None
    )
    if membership is None or vendor is None:
        raise PermissionDenied("Only members of a vendor organization can do this.")
    if not membership.can(capability):
        raise PermissionDenied(
            "Your role in the vendor organization does not allow this."
        )
    return vendor


class HealthSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    attempts = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    average_latency_ms = serializers.IntegerField(allow_null=True)
    last_success_at = serializers.DateTimeField(allow_null=True, default_timezone=UTC)
    exhausted = serializers.IntegerField()


class SecretField(serializers.CharField):
    """The secret the view just issued (its context's `secret`); left out of the
    answer when there is none."""

    def get_attribute(self, instance):
        if not self.context.get("secret"):
            raise SkipField()
        return self.context["secret"]


class EndpointSerializer(serializers.Serializer):
    """What a PUT sets: the URL, whether the endpoint is on, a new secret."""

    url = serializers.URLField(max_length=500)
    enabled = serializers.BooleanField(required=False)
    rotate_secret = serializers.BooleanField(required=False, default=False)

    def validate_url(self, url: str) -> str:
        # The service checks it again; here its refusal names the field.
        try:
            ssrf.url_check(url.strip())
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return url


class EndpointReadSerializer(serializers.Serializer):
    """A vendor's webhook endpoint, its state and its health."""

    url = serializers.URLField()
    enabled = serializers.BooleanField()
    disabled_reason = serializers.CharField()
    disabled_at = serializers.DateTimeField(allow_null=True, default_timezone=UTC)
    previous_secret_until = serializers.DateTimeField(
        allow_null=True, default_timezone=UTC
    )
    secret = SecretField(
        required=False,
        help_text="Only in the answer to a PUT that creates the endpoint or rotates "
        "its secret: keep it, it is not shown again.",
    )
    health = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Endpoint"

    @extend_schema_field(HealthSerializer)
    def get_health(self, endpoint: WebhookEndpoint) -> dict:
        """Deliveries of the last 30 days."""
        return HealthSerializer(
            selectors.endpoint_health(vendor_id=endpoint.vendor_id)
        ).data


class WebhookEndpointView(APIView):
    """Your webhook endpoint. A PUT sets its URL (https, on the public internet);
    creating it or `rotate_secret: true` answers the new `secret` once. After a
    rotation the previous secret also signs deliveries for 24 hours. Only a vendor
    the curators verified may PUT (403 otherwise)."""

    @extend_schema(responses=EndpointReadSerializer, operation_id="vendor_webhook_get")
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        endpoint = WebhookEndpoint.objects.filter(vendor=vendor).first()
        if endpoint is None:
            raise NotFound("No webhook endpoint yet: PUT one.")
        return Response(EndpointReadSerializer(endpoint).data)

    @extend_schema(
        request=EndpointSerializer,
        responses={200: EndpointReadSerializer, 201: EndpointReadSerializer},
        operation_id="vendor_webhook_put",
    )
    def put(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        # Before the URL is checked (and resolved): 403, whatever the URL.
        endpoints.require_verified(vendor)
        serializer = EndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = WebhookEndpoint.objects.filter(vendor=vendor).exists()
        endpoint, secret = endpoints.endpoint_save(
            vendor=vendor,
            url=serializer.validated_data["url"],
            rotate_secret=serializer.validated_data["rotate_secret"],
        )
        if "enabled" in serializer.validated_data:
            endpoint = endpoints.endpoint_set_enabled(
                vendor=vendor, enabled=serializer.validated_data["enabled"]
            )
        return Response(
            EndpointReadSerializer(endpoint, context={"secret": secret}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class DeliveryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    webhook_id = serializers.CharField()
    status = serializers.CharField()


@service_validation_errors("post")
class WebhookTestView(APIView):
    """Send a `ping` event to your endpoint (answer 2xx to it). Only a verified
    vendor may (403 otherwise), and only so many an hour (429 beyond, with
    `Retry-After`)."""

    @extend_schema(
        request=None,
        responses={202: DeliveryRefSerializer},
        operation_id="vendor_webhook_test",
    )
    def post(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        delivery = endpoints.endpoint_ping(vendor=vendor)
        return Response(
            DeliveryRefSerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )


class AttemptSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    url = serializers.CharField()
    started_at = serializers.DateTimeField()
    request_headers = serializers.DictField(child=serializers.CharField())
    status_code = serializers.IntegerField(allow_null=True)
    latency_ms = serializers.IntegerField(allow_null=True)
    response_body = serializers.CharField()
    error = serializers.CharField()


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    webhook_id = serializers.CharField()
    event_type = serializers.CharField()
    status = serializers.CharField()
    attempt_count = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class EventBodySerializer(serializers.Serializer):
    """What every attempt of a delivery sends."""

    type = serializers.CharField()
    timestamp = serializers.CharField(help_text="ISO 8601, to the second.")
    api_version = serializers.CharField()
    data = serializers.DictField(help_text="As the event type defines it.")


class DeliveryDetailSerializer(DeliverySerializer):
    body = serializers.SerializerMethodField()
    attempts = AttemptSerializer(many=True)

    @extend_schema_field(EventBodySerializer)
    def get_body(self, delivery: Delivery) -> dict:
        return json.loads(delivery.body)


def deliveries_filtered(vendor: Vendor, params) -> QuerySet[Delivery]:
    """A vendor's deliveries, filtered by `status`, `event_type` and `since`."""
    deliveries = Delivery.objects.filter(vendor=vendor).order_by("-pk")
    if value := query_choice(params, "status", DeliveryStatus.values):
        deliveries = deliveries.filter(status=value)
    if value := params.get("event_type"):
        deliveries = deliveries.filter(event_type=value)
    if value := params.get("since"):
        deliveries = deliveries.filter(created_at__gte=_moment(value, "since"))
    return deliveries


def _moment(value: str, name: str) -> datetime:
    """An ISO 8601 date and time (in the site's time zone when it names none);
    400 for one that is not, or that no calendar has (February 30th, a time
    before year 1 in UTC)."""
    try:
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValidationError({name: "An ISO 8601 date and time."})
    return moment


@extend_validation_errors(["invalid"], field_name="status", methods=["get"])
@extend_validation_errors(["invalid"], field_name="since", methods=["get"])
class DeliveryListView(APIView):
    """Your delivery log, newest first; filter with `status` (pending, delivered,
    failed), `event_type` and `since`."""

    pagination_class = PagePagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=DeliveryStatus.values),
            OpenApiParameter("event_type", str),
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="ISO 8601 date and time."
            ),
        ],
        responses=DeliverySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        deliveries = deliveries_filtered(vendor, request.query_params)
        return paged_response(self, request, deliveries, DeliverySerializer)


class DeliveryDetailView(APIView):
    """One delivery with its body and every attempt (secrets redacted)."""

    @extend_schema(responses=DeliveryDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        delivery = get_object_or_404(
            Delivery.objects.prefetch_related(
                Prefetch(
                    "attempts", queryset=DeliveryAttempt.objects.order_by("number")
                )
            ),
            pk=pk,
            vendor=vendor,
        )
        return Response(DeliveryDetailSerializer(delivery).data)


@service_validation_errors("post")
class DeliveryRedeliverView(APIView):
    """Send a delivery again: the same `webhook-id`, a fresh timestamp and
    signature."""

    @extend_schema(request=None, responses={202: DeliverySerializer})
    def post(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        delivery = get_object_or_404(Delivery, pk=pk, vendor=vendor)
        delivery = endpoints.delivery_redeliver(delivery=delivery)
        return Response(
            DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )
