"""What the marketplace tells people, and whom: each function is called by the
service where its event happens, in that service's transaction, and stores one
notification per person (`notifications.services.notify`; e-mailed after commit
to those who want it). Keys name the event, so telling it twice tells no one
twice.

Quotes are told by `services/approvals.py`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from marketplace.models import (
    Endorsement,
    Listing,
    Order,
    OrderKind,
    Subscription,
    SubscriptionStatus,
)
from marketplace.models.payments import CARD_FAILURES
from marketplace.money import Money
from notifications.kinds import message_id
from notifications.recipients import buyers_of, curators, fulfilment_of, publishers_of
from notifications.services import notify


def _order_url(order: Order) -> str:
    return reverse("marketplace:order", args=[order.pk])


def _subscription_params(subscription: Subscription) -> dict[str, str]:
    return {
        "title": subscription.title,
        "vendor": subscription.vendor.organization.name,
        "order": subscription.order_line.vendor_order.order.number,
    }


# Buying -------------------------------------------------------------------------


def order_paid_notify(order: Order) -> None:
    """A first order is paid: its buyers are told, and each vendor's fulfilment
    members of their part — now, not when it was placed: until it is paid the
    buyer may still cancel it, and only a paid order is provisioned. A renewal's
    or added units' payment tells no one (it bills service running already)."""
    if order.kind != OrderKind.INITIAL:
        return
    notify(
        kind="order.paid",
        recipients=buyers_of(order.organization),
        key=f"order:{order.pk}:paid",
        params={"order": order.number, "amount": str(order.amount_money)},
        url=_order_url(order),
    )
    vendor_orders = order.vendor_orders.select_related(
        "vendor__organization"
    ).prefetch_related("lines__quote_line")
    for vendor_order in vendor_orders:
        items = ", ".join(
            f"{line.quantity} × {line.quote_line.listing_title}"
            for line in vendor_order.lines.all()
        )
        notify(
            kind="vendor.order",
            recipients=fulfilment_of(vendor_order.vendor.organization),
            key=f"vendor_order:{vendor_order.pk}:paid",
            params={
                "number": vendor_order.number,
                "buyer": order.organization.name,
                "items": items[:1000],
                "net": str(Money(vendor_order.net, vendor_order.currency)),
            },
            url=reverse("marketplace:vendor_orders")
            + f"#vendor-order-{vendor_order.number}",
        )


# Subscriptions ------------------------------------------------------------------


def subscription_provisioned_notify(subscription: Subscription) -> None:
    """The vendor reported a subscription provisioned (active) or failed."""
    failed = subscription.status == SubscriptionStatus.FAILED
    params = _subscription_params(subscription)
    if failed:
        params["reason"] = subscription.failure_reason or message_id(
            _("no reason given")
        )
    notify(
        kind="subscription.failed" if failed else "subscription.active",
        recipients=buyers_of(subscription.organization),
        key=f"subscription:{subscription.pk}:{'failed' if failed else 'active'}",
        params=params,
        url=reverse("marketplace:subscription", args=[subscription.pk]),
    )


def subscription_suspended_notify(subscription: Subscription) -> None:
    """Platform staff suspended a subscription (each suspension is an event)."""
    at = subscription.suspended_at or timezone.now()
    notify(
        kind="subscription.suspended",
        recipients=buyers_of(subscription.organization),
        key=f"subscription:{subscription.pk}:suspended:{int(at.timestamp())}",
        params={
            **_subscription_params(subscription),
            "variant": "staff",
            "reason": subscription.suspension_reason,
        },
        url=reverse("marketplace:subscription", args=[subscription.pk]),
    )


def subscriptions_unpaid_notify(order: Order) -> None:
    """A renewal's or added units' charge went unpaid past its last attempt (or
    its invoice past due), and the subscriptions it bills are suspended."""
    notify(
        kind="subscription.suspended",
        recipients=buyers_of(order.organization),
        key=f"order:{order.pk}:suspended",
        params={
            "variant": "unpaid",
            "order": order.number,
            "amount": str(order.amount_money),
        },
        url=_order_url(order),
    )


def renewal_declined_notify(order: Order, *, code: str, message: str) -> None:
    """A renewal's charge to the saved card was declined (each attempt is an
    event); `order.next_attempt_on` says when it is tried again, if it is."""
    reason = CARD_FAILURES.get(code)
    retry = order.next_attempt_on
    notify(
        kind="renewal.failed",
        recipients=buyers_of(order.organization),
        key=f"order:{order.pk}:declined:{order.failed_attempts}",
        params={
            "variant": "retry" if retry else "last",
            "order": order.number,
            "amount": str(order.amount_money),
            "reason": message_id(reason)
            if reason
            else message or message_id(_("no reason given")),
            "day": retry.isoformat() if retry else "",
        },
        url=_order_url(order),
    )


def cancellation_requested_notify(subscription: Subscription) -> None:
    """A buyer asks to end a subscription: its vendor's fulfilment members are
    told (platform staff cancel it)."""
    notify(
        kind="vendor.cancellation_requested",
        recipients=fulfilment_of(subscription.vendor.organization),
        key=f"subscription:{subscription.pk}:cancellation_requested",
        params={
            "title": subscription.title,
            "buyer": subscription.organization.name,
            "note": subscription.cancellation_note,
        },
        url=reverse("marketplace:vendor_subscription", args=[subscription.pk]),
    )


# Catalog and curation ----------------------------------------------------------


def listing_reviewed_notify(workflow_state: WorkflowState, *, approved: bool) -> None:
    """The curators approved a listing's submission (it is published) or returned
    it for changes: the vendor's publishers are told, with the curator's comment.
    Each decision is an event (a listing returned twice is told twice)."""
    listing = Listing.objects.select_related("vendor__organization").get(
        pk=workflow_state.object_id
    )
    task_state = workflow_state.current_task_state
    notify(
        kind="listing.approved" if approved else "listing.returned",
        recipients=publishers_of(listing.vendor.organization),
        key=f"listing:{listing.pk}:review:{task_state.pk if task_state else 0}",
        params={
            "listing": listing.title,
            "comment": task_state.comment if task_state else "",
        },
        url=reverse("marketplace:vendor_listing_edit", args=[listing.pk]),
    )


def endorsement_lapsing_notify(endorsement: Endorsement) -> None:
    """An endorsement lapses within ENDORSEMENT_REMINDER_DAYS: the curators are
    told, once."""
    notify(
        kind="endorsement.lapsing",
        recipients=curators(),
        key=f"endorsement:{endorsement.pk}:lapsing",
        params={
            "listing": endorsement.listing.title,
            "day": timezone.localdate(endorsement.expires_at).isoformat(),
        },
        url=reverse("select_endorsements:edit", args=[endorsement.pk]),
    )
