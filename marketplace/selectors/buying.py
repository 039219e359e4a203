"""Reads of the buying records that several callers share: payments, order
history, subscriptions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from marketplace.models import (
    Order,
    Payment,
    PaymentStatus,
    Reason,
    StatusChange,
    Subscription,
)

# Why a payment was taken that its order did not need.
UNNEEDED_REASONS = (Reason.PAYMENT_AFTER_CANCEL, Reason.PAYMENT_DUPLICATE)


def paid_card_payment(order: Order) -> Payment | None:
    """The card payment the order stands on, if it went through: not one that
    came after the order no longer needed it (that one is refunded)."""
    return (
        order.payments.filter(provider="stripe", status=PaymentStatus.SUCCEEDED)
        .exclude(status_changes__reason__in=UNNEEDED_REASONS)
        .order_by("-pk")
        .first()
    )


def payments_unneeded(order: Order) -> QuerySet[Payment]:
    """Payments that reached the order after it no longer waited for one (they are
    refunded)."""
    return (
        order.payments.filter(status_changes__reason__in=UNNEEDED_REASONS)
        .distinct()
        .order_by("pk")
    )


def order_history(order: Order) -> QuerySet[StatusChange]:
    """Every status change of the order, its payments and its quote, oldest
    first."""
    return (
        StatusChange.objects.filter(Q(order=order) | Q(quote_id=order.quote_id))
        .select_related("by", "quote", "order", "payment")
        .order_by("at", "pk")
    )


def vendor_subscriptions(vendor) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(vendor=vendor)
        .select_related(
            "organization",
            "order_line__quote_line__listing",
            "order_line__vendor_order__order__placed_by",
            "vendor__organization",
        )
        .order_by("-created_at", "-pk")
    )


def buyer_subscriptions(membership) -> QuerySet[Subscription]:
    """The subscriptions of the organization the member acts for."""
    return Subscription.objects.filter(
        organization=membership.organization
    ).select_related(
        "vendor__organization",
        "order_line__quote_line",
        "order_line__vendor_order__order",
    )
