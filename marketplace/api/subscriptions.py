"""A buyer's subscription in API v1: the list's shape, with its billing (schedule,
next charge, automatic renewal) and every charge, automatic renewal turned on or
off, and the initial password of its access details revealed (on the record).
Another organization's subscription answers 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership
from config.api.schema import ErrorResponse409Serializer, service_validation_errors
from marketplace.api.buying import owner_membership
from marketplace.api.provisioning import (
    BuyerAccessSerializer,
    BuyerSubscriptionSerializer,
    buyer_access_data,
)
from marketplace.api.serializers import MoneyField
from marketplace.models import Disclosure, OrderLine, Subscription
from marketplace.selectors.billing import subscription_charges
from marketplace.selectors.buying import buyer_subscriptions
from marketplace.services.access import subscription_access_reveal
from marketplace.services.subscriptions import (
    BILLING_MONTHS,
    subscription_auto_renew_set,
)


class BillingSerializer(serializers.Serializer):
    period = serializers.SerializerMethodField(
        help_text="How often it is charged: monthly or annual; null for a one-time "
        "plan."
    )
    period_start = serializers.DateField(
        allow_null=True, help_text="The period charged last."
    )
    period_end = serializers.DateField(allow_null=True)
    next_charge_at = serializers.DateField(
        source="next_charge_on",
        allow_null=True,
        help_text="The day the next period is charged; null when none is.",
    )
    auto_renew = serializers.BooleanField(
        help_text="Off: the subscription ends at its term's end."
    )

    @extend_schema_field(
        serializers.ChoiceField(choices=list(BILLING_MONTHS), allow_null=True)
    )
    def get_period(self, subscription: Subscription) -> str | None:
        return subscription.billing if subscription.billing in BILLING_MONTHS else None


class ChargeSerializer(serializers.Serializer):
    order = serializers.CharField(
        source="vendor_order.order.number", help_text="The order that charged it."
    )
    kind = serializers.ChoiceField(
        choices=["initial", "renewal", "proration"],
        help_text="The first order, a renewal, or units added (prorated).",
    )
    quantity = serializers.IntegerField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    amount = MoneyField(
        currency="vendor_order.order.currency",
        help_text="Before tax; the order adds the tax.",
    )
    status = serializers.CharField(
        source="vendor_order.order.status", help_text="The order's status."
    )
    at = serializers.DateTimeField(
        source="vendor_order.order.placed_at", help_text="When it was raised."
    )


class BuyerSubscriptionDetailSerializer(BuyerSubscriptionSerializer):
    billing = serializers.SerializerMethodField()
    charges = serializers.SerializerMethodField(
        help_text="Every charge of the subscription, oldest first."
    )

    @extend_schema_field(BillingSerializer)
    def get_billing(self, subscription: Subscription) -> dict:
        return BillingSerializer(subscription).data

    @extend_schema_field(ChargeSerializer(many=True))
    def get_charges(self, subscription: Subscription) -> list:
        lines: list[OrderLine] = list(subscription_charges(subscription))
        return ChargeSerializer(lines, many=True).data


class SubscriptionChangeSerializer(serializers.Serializer):
    auto_renew = serializers.BooleanField(
        help_text="Renew at the term's end for another term as long, or end then."
    )


def _subscription(request: Request, pk: int) -> tuple[Membership, Subscription]:
    membership = owner_membership(request)
    return membership, get_object_or_404(buyer_subscriptions(membership), pk=pk)


def _detail(
    request: Request, membership: Membership, subscription: Subscription
) -> dict:
    return BuyerSubscriptionDetailSerializer(
        subscription, context={"membership": membership, "request": request}
    ).data


@service_validation_errors("patch")
class SubscriptionDetailView(APIView):
    """One of your organization's subscriptions, with its billing and charges;
    turn its automatic renewal on or off (members whose role places orders)."""

    @extend_schema(
        responses=BuyerSubscriptionDetailSerializer,
        operation_id="subscriptions_retrieve",
    )
    def get(self, request: Request, pk: int) -> Response:
        membership, subscription = _subscription(request, pk)
        return Response(_detail(request, membership, subscription))

    @extend_schema(
        request=SubscriptionChangeSerializer,
        responses=BuyerSubscriptionDetailSerializer,
        operation_id="subscriptions_partial_update",
    )
    def patch(self, request: Request, pk: int) -> Response:
        membership, subscription = _subscription(request, pk)
        serializer = SubscriptionChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription_auto_renew_set(
            membership=membership,
            subscription=subscription,
            auto_renew=serializer.validated_data["auto_renew"],
        )
        subscription = buyer_subscriptions(membership).get(pk=subscription.pk)
        return Response(_detail(request, membership, subscription))


class DisclosureSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Disclosure.values,
        help_text="`first_view`: shown to the first member who opened the access "
        "details on the web; `revealed`: revealed on request.",
    )
    by = serializers.EmailField(
        source="user.email",
        allow_null=True,
        help_text="The member's e-mail address; null once their account is gone.",
    )
    at = serializers.DateTimeField()


class RevealedAccessSerializer(BuyerAccessSerializer):
    """Access details with the initial password, and every time it was shown."""

    disclosures = DisclosureSerializer(
        many=True,
        help_text="Every showing of the initial password, oldest first: this "
        "reveal is the last.",
    )


class SubscriptionAccessRevealView(APIView):
    """Reveal the initial password of the access details (masked everywhere
    else), recorded with who revealed it and when, as a reveal on the
    subscription's page is. Members whose role shows access details, while the
    subscription is active or suspended (409 otherwise); another organization's
    subscription answers 404. A subscription without an initial password answers
    its details, `password` null, and records nothing."""

    @extend_schema(
        request=None,
        responses={200: RevealedAccessSerializer, 409: ErrorResponse409Serializer},
        operation_id="subscriptions_access_reveal",
    )
    def post(self, request: Request, pk: int) -> Response:
        membership, subscription = _subscription(request, pk)
        access = subscription_access_reveal(
            membership=membership, subscription=subscription
        )
        data = buyer_access_data(
            subscription, access.details, revealed=access.password_shown
        )
        response = Response(
            RevealedAccessSerializer(
                {**data, "disclosures": access.disclosures},
                context={"request": request},
            ).data
        )
        # An answer with a password in it stays out of every cache.
        response["Cache-Control"] = "no-store"
        return response
