"""API v1: the caller's notifications, newest first, and marking one read. Titles
are in the request's language (Accept-Language)."""

from __future__ import annotations

from datetime import UTC

from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import query_choice
from config.api.pagination import PagePagination, paged_response
from notifications import selectors, services
from notifications.kinds import KINDS
from notifications.models import Notification


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="What happened: "
        + ", ".join(f"`{code}`" for code in KINDS)
        + ". Later versions add kinds."
    )
    created_at = serializers.DateTimeField(default_timezone=UTC)
    read_at = serializers.DateTimeField(allow_null=True, default_timezone=UTC)
    title = serializers.CharField(help_text="In the request's language.")
    url = serializers.SerializerMethodField(
        help_text="Where to act on it (a page of the site); empty if nowhere."
    )

    def get_url(self, notification: Notification) -> str:
        if not notification.url:
            return ""
        return self.context["request"].build_absolute_uri(notification.url)


@extend_validation_errors(["invalid"], field_name="unread", methods=["get"])
class NotificationListView(APIView):
    """Your notifications, newest first; `unread=true` for the unread ones only."""

    pagination_class = PagePagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread",
                str,
                enum=["true", "false"],
                description="true: only the notifications not read yet.",
            )
        ],
        responses=NotificationSerializer(many=True),
        operation_id="notifications_list",
    )
    def get(self, request: Request) -> Response:
        unread = query_choice(request.query_params, "unread", ["true", "false"])
        items = selectors.notifications_for(user=request.user, unread=unread == "true")
        return paged_response(
            self, request, items, NotificationSerializer, context={"request": request}
        )


class NotificationReadView(APIView):
    """Mark one of your notifications read (again: nothing changes). Another
    user's answers 404."""

    @extend_schema(
        request=None,
        responses=NotificationSerializer,
        operation_id="notification_read",
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = services.notification_mark_read(
            user=request.user, notification_id=pk
        )
        return Response(
            NotificationSerializer(notification, context={"request": request}).data
        )
