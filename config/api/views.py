"""API v1's own views: its root, and the answer for any path it does not have."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class ApiRootSerializer(serializers.Serializer):
    schema = serializers.URLField(help_text="The OpenAPI schema of API v1.")
    docs = serializers.URLField(help_text="Its browsable documentation.")


class ApiRootView(APIView):
    """Where the schema and the documentation of API v1 are."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ApiRootSerializer, operation_id="root")
    def get(self, request: Request) -> Response:
        links = {
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
        }
        return Response(ApiRootSerializer(links).data)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/v1/: a 404 in the API's error format, whatever the
    method and whoever asks. A path that only lacks its final slash is redirected,
    as Django's CommonMiddleware does for the rest of the site."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def not_found(self, request: Request, *args, **kwargs):
        if with_slash := _with_slash(request):
            return HttpResponsePermanentRedirect(with_slash)
        raise NotFound()

    get = post = put = patch = delete = head = options = not_found


def _with_slash(request: Request) -> str | None:
    path = request.path_info
    if not settings.APPEND_SLASH or path.endswith("/"):
        return None
    try:
        match = resolve(f"{path}/", urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return None
    if getattr(match.func, "view_class", None) is NotFoundView:
        return None
    return request._request.get_full_path(force_append_slash=True)
