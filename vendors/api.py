"""Vendor API: the webhook endpoint (URL, secret rotation, test event) and the
delivery log with redelivery."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import as_drf_error, query_choice, request_membership
from accounts.roles import Capability
from config.api.pagination import PagePagination
from vendors.models import Delivery, DeliveryStatus, Vendor, WebhookEndpoint
from vendors.webhooks import endpoints


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
    last_success_at = serializers.DateTimeField(allow_null=True)
    exhausted = serializers.IntegerField()


class EndpointSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    enabled = serializers.BooleanField(required=False)
    rotate_secret = serializers.BooleanField(
        required=False, default=False, write_only=True
    )
    disabled_reason = serializers.CharField(read_only=True)
    disabled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    previous_secret_until = serializers.DateTimeField(read_only=True, allow_null=True)
    secret = serializers.CharField(
        read_only=True,
        help_text="Only in the answer to a PUT that creates the endpoint or rotates "
        "its secret: keep it, it is not shown again.",
    )
    health = HealthSerializer(read_only=True)


def endpoint_data(endpoint: WebhookEndpoint, secret: str | None = None) -> dict:
    health = endpoints.endpoint_health(vendor_id=endpoint.vendor_id)
    data = {
        "url": endpoint.url,
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "disabled_at": endpoint.disabled_at,
        "previous_secret_until": endpoint.previous_secret_until,
        "health": {
            "days": health.days,
            "attempts": health.attempts,
            "succeeded": health.succeeded,
            "success_rate": health.success_rate,
            "average_latency_ms": health.average_latency_ms,
            "last_success_at": health.last_success_at,
            "exhausted": health.exhausted,
        },
    }
    if secret:
        data["secret"] = secret
    return data


class WebhookEndpointView(APIView):
    """Your webhook endpoint. A PUT sets its URL (https, on the public internet);
    creating it or `rotate_secret: true` answers the new `secret` once. After a
    rotation the previous secret also signs deliveries for 24 hours."""

    @extend_schema(responses=EndpointSerializer, operation_id="vendor_webhook_get")
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        endpoint = WebhookEndpoint.objects.filter(vendor=vendor).first()
        if endpoint is None:
            raise NotFound("No webhook endpoint yet: PUT one.")
        return Response(endpoint_data(endpoint))

    @extend_schema(
        request=EndpointSerializer,
        responses=EndpointSerializer,
        operation_id="vendor_webhook_put",
    )
    def put(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        serializer = EndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = WebhookEndpoint.objects.filter(vendor=vendor).exists()
        try:
            endpoint, secret = endpoints.endpoint_save(
                vendor=vendor,
                url=serializer.validated_data["url"],
                rotate_secret=serializer.validated_data["rotate_secret"],
            )
            if "enabled" in serializer.validated_data:
                endpoint = endpoints.endpoint_set_enabled(
                    vendor=vendor, enabled=serializer.validated_data["enabled"]
                )
        except DjangoValidationError as error:
            raise ValidationError({"url": error.messages}) from error
        return Response(
            endpoint_data(endpoint, secret),
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class DeliveryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    webhook_id = serializers.CharField()
    status = serializers.CharField()


class WebhookTestView(APIView):
    """Send a `ping` event to your endpoint (answer 2xx to it)."""

    @extend_schema(
        request=None,
        responses=DeliveryRefSerializer,
        operation_id="vendor_webhook_test",
    )
    def post(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        try:
            delivery = endpoints.endpoint_ping(vendor=vendor)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(
            {
                "id": delivery.pk,
                "webhook_id": delivery.webhook_id,
                "status": delivery.status,
            },
            status=status.HTTP_202_ACCEPTED,
        )


class AttemptSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    url = serializers.CharField()
    started_at = serializers.DateTimeField()
    request_headers = serializers.DictField()
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


class DeliveryDetailSerializer(DeliverySerializer):
    body = serializers.JSONField()
    attempts = AttemptSerializer(many=True)


def delivery_data(delivery: Delivery, *, detail: bool = False) -> dict:
    import json

    data = DeliverySerializer(delivery).data
    if detail:
        data["body"] = json.loads(delivery.body)
        data["attempts"] = AttemptSerializer(
            delivery.attempts.order_by("number"), many=True
        ).data
    return data


def deliveries_filtered(vendor: Vendor, params) -> object:
    """A vendor's deliveries, filtered by `status`, `event_type` and `since`."""
    deliveries = Delivery.objects.filter(vendor=vendor).order_by("-pk")
    if value := query_choice(params, "status", DeliveryStatus.values):
        deliveries = deliveries.filter(status=value)
    if value := params.get("event_type"):
        deliveries = deliveries.filter(event_type=value)
    if value := params.get("since"):
        since = parse_datetime(value)
        if since is None:
            raise ValidationError({"since": "An ISO 8601 date and time."})
        deliveries = deliveries.filter(created_at__gte=since)
    return deliveries


class DeliveryListView(APIView):
    """Your delivery log, newest first; filter with `status` (pending, delivered,
    failed), `event_type` and `since`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("event_type", str),
            OpenApiParameter("since", str),
        ],
        responses=DeliverySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        paginator = PagePagination()
        page = paginator.paginate_queryset(
            deliveries_filtered(vendor, request.query_params), request, view=self
        )
        return paginator.get_paginated_response([delivery_data(item) for item in page])


class DeliveryDetailView(APIView):
    """One delivery with its body and every attempt (secrets redacted)."""

    @extend_schema(responses=DeliveryDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        delivery = get_object_or_404(Delivery, pk=pk, vendor=vendor)
        return Response(delivery_data(delivery, detail=True))


class DeliveryRedeliverView(APIView):
    """Send a delivery again: the same `webhook-id`, a fresh timestamp and
    signature."""

    @extend_schema(request=None, responses=DeliverySerializer)
    def post(self, request: Request, pk: int) -> Response:
        vendor = request_vendor(request, Capability.WEBHOOK_MANAGE)
        delivery = get_object_or_404(Delivery, pk=pk, vendor=vendor)
        try:
            delivery = endpoints.delivery_redeliver(delivery=delivery)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(delivery_data(delivery), status=status.HTTP_202_ACCEPTED)
