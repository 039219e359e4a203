"""The subscription lifecycle: what a paid order line entitles the buyer to.

pending → provisioning → active → suspended → cancelled, or failed. Each change the
platform makes tells the vendor in the same transaction (`services/provisioning.py`
writes the event); the vendor's own reports are applied there too.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from marketplace.authorization import orders_allowed, subscription_staff_require
from marketplace.limits import MAX_QUANTITY
from marketplace.models import (
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    Subscription,
    SubscriptionStatus,
)
from marketplace.models.subscriptions import IN_FORCE
from marketplace.services import notices
from marketplace.services.pricing import prorated
from marketplace.services.provisioning import event_emit

# How many months a billing period of each schedule lasts; one-time plans have none.
BILLING_MONTHS = {"monthly": 1, "annual": 12}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(anchor: date, day: date, months: int) -> date:
    """The first day after `day` that is a whole number of `months` from `anchor`
    (a term's first day): the end of a billing period or of a term that runs on
    `anchor`'s schedule, so that one begun on the 31st ends on the last day of a
    short month and the next one on the 31st again."""
    count = max(((day.year - anchor.year) * 12 + day.month - anchor.month) // months, 0)
    end = add_months(anchor, count * months)
    while end <= day:
        count += 1
        end = add_months(anchor, count * months)
    return end


@transaction.atomic
def subscriptions_provision(*, order: Order) -> list[Subscription]:
    """An order was paid: one subscription per line, each announced to its vendor
    with `subscription.provision`. Safe to run twice. The caller holds the order's
    lock (`services.locks.order_lock`)."""
    today = timezone.localdate()
    made = []
    for vendor_order in order.vendor_orders.select_related("vendor"):
        for line in vendor_order.lines.filter(kind=OrderKind.INITIAL).select_related(
            "quote_line__listing"
        ):
            months = line.quote_line.contract_term_months or 12
            billing = line.quote_line.billing
            period = BILLING_MONTHS.get(billing)
            period_end = add_months(today, period) if period else None
            subscription, created = Subscription.objects.get_or_create(
                order_line=line,
                defaults={
                    "organization": order.organization,
                    "vendor": vendor_order.vendor,
                    "quantity": line.quote_line.quantity,
                    "billed_quantity": line.quote_line.quantity,
                    "term_start": today,
                    "term_end": add_months(today, months),
                    "billing": billing,
                    "period_start": today if period else None,
                    "period_end": period_end,
                    "next_charge_on": period_end,
                },
            )
            if created:
                if period:
                    # The first charge paid the first period: the line says which.
                    OrderLine.objects.filter(pk=line.pk).update(
                        period_start=today, period_end=period_end
                    )
                event_emit(subscription, "subscription.provision")
                made.append(subscription)
    return made


# The buyer --------------------------------------------------------------------


@transaction.atomic
def subscription_cancel_request(
    *, membership: Membership, subscription: Subscription, note: str = ""
) -> Subscription:
    """A buyer asks to end a subscription; platform staff cancel it. The vendor's
    fulfilment members are told, once."""
    orders_allowed(membership, subscription.organization_id)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status in (SubscriptionStatus.CANCELLED, SubscriptionStatus.FAILED):
        raise ValidationError(_("This subscription has ended."))
    if subscription.cancellation_requested_at is None:
        subscription.cancellation_requested_at = timezone.now()
        subscription.cancellation_requested_by = membership.user
        subscription.cancellation_note = note[:500]
        subscription.save()
        notices.cancellation_requested_notify(subscription)
    return subscription


@transaction.atomic
def subscription_auto_renew_set(
    *, membership: Membership, subscription: Subscription, auto_renew: bool
) -> Subscription:
    """A buyer turns automatic renewal on or off. Off: the subscription ends at its
    term's end (the vendor keeps the data SUBSCRIPTION_DATA_RETENTION_DAYS more);
    on: each term is followed by another as long."""
    orders_allowed(membership, subscription.organization_id)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status in (SubscriptionStatus.CANCELLED, SubscriptionStatus.FAILED):
        raise ValidationError(_("This subscription has ended."))
    if subscription.auto_renew != auto_renew:
        subscription.auto_renew = auto_renew
        subscription.save(update_fields=["auto_renew", "updated_at"])
    return subscription


# Charges that go unpaid -------------------------------------------------------


def _charged_subscriptions(order: Order) -> list[Subscription]:
    """The subscriptions a renewal's or added units' order bills, locked by id
    (after the caller locked the order and its payments)."""
    return list(
        Subscription.objects.select_for_update()
        .filter(
            pk__in=OrderLine.objects.filter(
                vendor_order__order=order, billed_subscription__isnull=False
            ).values("billed_subscription")
        )
        .order_by("pk")
    )


def subscriptions_suspend_unpaid(
    *, order: Order, subscriptions: list[Subscription]
) -> list[Subscription]:
    """A charge went unpaid (the last retry failed, or the invoice is past due by
    the grace period): the subscriptions it bills that are active are suspended,
    and each vendor freezes access and keeps the data. The caller holds the lock
    of the order and of the subscriptions. The buyers are told if any was
    suspended."""
    suspended = []
    for subscription in subscriptions:
        if not subscription.move_to(SubscriptionStatus.SUSPENDED):
            continue
        subscription.suspended_at = timezone.now()
        subscription.suspended_unpaid = True
        with translation.override(order.organization.language or None):
            subscription.suspension_reason = _("Non-payment of order %(order)s.") % {
                "order": order.number
            }
        subscription.save()
        event_emit(subscription, "subscription.suspend", reason="non-payment")
        suspended.append(subscription)
    if suspended:
        notices.subscriptions_unpaid_notify(order)
    return suspended


def subscriptions_charge_paid(*, order: Order) -> list[Subscription]:
    """A renewal's or added units' order was paid: the subscriptions it bills that
    were suspended because a charge went unpaid are resumed (and each vendor told),
    unless another of their charges is still unpaid past its last reminder. The
    caller holds the order's lock."""
    resumed = []
    for subscription in _charged_subscriptions(order):
        if (
            subscription.status != SubscriptionStatus.SUSPENDED
            or not subscription.suspended_unpaid
        ):
            continue
        still_unpaid = (
            OrderLine.objects.filter(
                billed_subscription=subscription,
                vendor_order__order__status=OrderStatus.PENDING_PAYMENT,
                # Past its reminders: nothing more is tried, it is owed.
                vendor_order__order__next_attempt_on__isnull=True,
            )
            .exclude(vendor_order__order=order)
            .exists()
        )
        if still_unpaid:
            continue
        subscription.move_to(SubscriptionStatus.ACTIVE)
        subscription.suspended_at = None
        subscription.suspension_reason = ""
        subscription.suspended_unpaid = False
        subscription.save()
        event_emit(subscription, "subscription.resume")
        resumed.append(subscription)
    return resumed


# Platform staff ---------------------------------------------------------------


@transaction.atomic
def subscription_suspend(
    *, user: User, subscription: Subscription, reason: str
) -> Subscription:
    """Suspend (non-payment, a policy violation): the vendor freezes access and
    keeps the data."""
    subscription_staff_require(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.move_to(SubscriptionStatus.SUSPENDED):
        subscription.suspended_at = timezone.now()
        subscription.suspension_reason = reason[:300]
        subscription.save()
        event_emit(
            subscription, "subscription.suspend", reason=subscription.suspension_reason
        )
        notices.subscription_suspended_notify(subscription)
    return subscription


@transaction.atomic
def subscription_resume(*, user: User, subscription: Subscription) -> Subscription:
    subscription_staff_require(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended subscription is resumed."))
    subscription.move_to(SubscriptionStatus.ACTIVE)
    subscription.suspended_at = None
    subscription.suspension_reason = ""
    subscription.suspended_unpaid = False
    subscription.save()
    event_emit(subscription, "subscription.resume")
    return subscription


@transaction.atomic
def subscription_renew(
    *, user: User, subscription: Subscription, term_end: date
) -> Subscription:
    """Extend the term to `term_end`."""
    subscription_staff_require(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status not in IN_FORCE:
        raise ValidationError(_("Only an active or suspended subscription is renewed."))
    if subscription.term_end and term_end <= subscription.term_end:
        raise ValidationError(
            {"term_end": _("The new end comes after the current one.")}
        )
    previous = subscription.term_end
    subscription.term_end = term_end
    subscription.save()
    event_emit(
        subscription,
        "subscription.renew",
        previous={"term_end": previous.isoformat() if previous else None},
    )
    return subscription


def _units_added(subscription: Subscription, on: date) -> None:
    """Units beyond those the current period is charged for cost, from `on` to the
    period's end, their share of the period's price at the quote's unit price; the
    next charge bills it. Units removed are charged to the period's end (they were),
    so units added back within the period cost nothing more."""
    start, end = subscription.period_start, subscription.period_end
    added = subscription.quantity - subscription.billed_quantity
    if added <= 0 or start is None or end is None or not start <= on < end:
        return
    unit_price = subscription.order_line.quote_line.list_unit_price
    subscription.proration_amount += prorated(
        added * unit_price, days=(end - on).days, of_days=(end - start).days
    )
    subscription.proration_units += added
    subscription.billed_quantity = subscription.quantity


@transaction.atomic
def subscription_update(
    *, user: User, subscription: Subscription, quantity: int
) -> Subscription:
    """Change the units in force (as agreed with the buyer and the vendor). The
    vendor applies it; `previous` holds the old quantity. Units added are charged
    from today to the end of the period, with the next charge; units removed are
    charged until the period ends."""
    subscription_staff_require(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status not in IN_FORCE:
        raise ValidationError(_("Only an active or suspended subscription changes."))
    if quantity < 1:
        raise ValidationError({"quantity": _("At least one unit.")})
    if quantity > MAX_QUANTITY:
        raise ValidationError(
            {
                "quantity": _("A line has at most %(max)s units.")
                % {"max": f"{MAX_QUANTITY:,}"}
            }
        )
    if quantity == subscription.quantity:
        return subscription
    previous = subscription.quantity
    subscription.quantity = quantity
    _units_added(subscription, timezone.localdate())
    subscription.save()
    event_emit(subscription, "subscription.update", previous={"quantity": previous})
    return subscription


@transaction.atomic
def subscription_cancel(
    *,
    user: User,
    subscription: Subscription,
    data_retention_until: date | None = None,
) -> Subscription:
    """End a subscription. The vendor stops the service and keeps the buyer's data
    until `data_retention_until` (default: SUBSCRIPTION_DATA_RETENTION_DAYS from
    today), offering its export."""
    subscription_staff_require(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    today = timezone.localdate()
    retention = data_retention_until or today + timedelta(
        days=settings.SUBSCRIPTION_DATA_RETENTION_DAYS
    )
    if retention < today:
        raise ValidationError(
            {"data_retention_until": _("The data is kept until today at least.")}
        )
    if subscription.move_to(SubscriptionStatus.CANCELLED):
        subscription.cancelled_at = timezone.now()
        subscription.data_retention_until = retention
        subscription.save()
        event_emit(
            subscription,
            "subscription.cancel",
            data_retention_until=retention.isoformat(),
        )
    return subscription
