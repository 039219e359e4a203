"""API v1: who am I, and for which organization am I acting."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .context_processors import SESSION_ORGANIZATION_KEY
from .models import ApiKey, Membership
from .selectors import membership_current


def request_membership(request: Request) -> Membership | None:
    """The membership an API request acts in: the API key's organization, or the one
    chosen in the session."""
    if isinstance(request.auth, ApiKey):
        if request.auth.organization_id is None:
            return None
        return (
            Membership.objects.select_related("organization")
            .filter(user=request.user, organization_id=request.auth.organization_id)
            .first()
        )
    return membership_current(
        user=request.user,
        organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
    )


def query_choice(params, name: str, choices: list[str]) -> str:
    """A query parameter that must be one of `choices` ("" when absent); 400
    otherwise."""
    value = params.get(name) or ""
    if value and value not in choices:
        raise ValidationError({name: f"One of {', '.join(choices)}."})
    return value


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    buyer_type = serializers.CharField()
    region = serializers.CharField()
    legal_name = serializers.CharField(help_text="As invoices name it; may be empty.")
    billing_address = serializers.CharField()
    tax_id = serializers.CharField(help_text="Its tax number; may be empty.")
    purchase_order_required = serializers.BooleanField(
        help_text="Orders must give a purchase order number."
    )
    fiscal_year_start_month = serializers.IntegerField(
        help_text="The month its fiscal year starts in (1-12)."
    )
    language = serializers.CharField(help_text="The language of its documents.")


class MembershipSerializer(serializers.Serializer):
    organization = OrganizationSerializer()
    role = serializers.CharField()
    is_admin = serializers.BooleanField()
    capabilities = serializers.SerializerMethodField()

    def get_capabilities(self, membership: Membership) -> list[str]:
        return sorted(str(capability) for capability in membership.capabilities)


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(source="get_full_name")
    acting_for = MembershipSerializer(allow_null=True)
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The authenticated user, their memberships and the one this request acts in."""

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        memberships = request.user.memberships.select_related("organization")
        data = MeSerializer(
            {
                "email": request.user.email,
                "get_full_name": request.user.get_full_name(),
                "acting_for": request_membership(request),
                "memberships": memberships,
            }
        ).data
        return Response(data)


class ApiKeySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "organization",
            "created_at",
            "last_used_at",
            "revoked_at",
            "active",
        ]


class ApiKeyListView(generics.ListAPIView):
    """Your API keys, newest first. Secrets are never shown again after creation."""

    serializer_class = ApiKeySerializer

    def get_queryset(self):
        return self.request.user.api_keys.select_related("organization").order_by(
            "-created_at", "-pk"
        )
