"""The subscription lifecycle, told to vendors through their webhooks.

pending → provisioning → active → suspended → cancelled, or failed. Every change the
platform makes writes its event (`subscription.*`) in the same transaction, through
the vendors' outbox; the vendor's answers come back through `ProvisioningAnswers`
(the delivery engine's handler) or the provisioning callback.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.roles import Capability
from accounts.ui import error_text
from marketplace.models import Order, Subscription, SubscriptionStatus
from marketplace.models.subscriptions import IN_FORCE
from vendors.models import Delivery, Vendor
from vendors.webhooks import outbox
from vendors.webhooks.handlers import Answer

logger = logging.getLogger(__name__)

HANDLER = "marketplace.services.provisioning.answers"
ACCESS_FIELDS = ("url", "username", "password", "note")


class ReportConflict(Exception):
    """A provisioning report that contradicts the one already accepted."""


def _ordering_key(subscription: Subscription) -> str:
    return f"subscription:{subscription.pk}"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def subscription_data(subscription: Subscription) -> dict:
    """`data.subscription` of every event, as the vendor contract lists it."""
    line = subscription.order_line.quote_line
    order = subscription.order_line.vendor_order.order
    organization = subscription.organization
    contact = order.placed_by
    return {
        "id": subscription.pk,
        "status": subscription.status,
        "order_number": order.number,
        "order_line_id": subscription.order_line_id,
        "listing": {
            "id": line.listing_id,
            "slug": line.listing.slug if line.listing else "",
            "title": line.listing_title,
        },
        "plan": {
            "id": line.plan_id,
            "code": line.plan_code,
            "name": line.plan_name,
            "billing": line.billing,
            "unit": line.unit,
        },
        "quantity": subscription.quantity,
        "phase": line.phase,
        "site": line.site,
        "term_start": subscription.term_start.isoformat()
        if subscription.term_start
        else None,
        "term_end": subscription.term_end.isoformat()
        if subscription.term_end
        else None,
        "buyer": {
            "organization": {
                "id": organization.pk,
                "name": organization.name,
                # municipal or enterprise
                "kind": organization.buyer_type or organization.kind,
                "region": str(organization.region or ""),
            },
            "contact": {
                "name": contact.get_full_name() if contact else "",
                "email": contact.email if contact else "",
            },
        },
        "test": False,
    }


def _emit(subscription: Subscription, event_type: str, **extra) -> Delivery:
    return outbox.enqueue(
        vendor=subscription.vendor,
        event_type=event_type,
        data={"subscription": subscription_data(subscription), **extra},
        ordering_key=_ordering_key(subscription),
        handler=HANDLER,
    )


@transaction.atomic
def subscriptions_provision(*, order: Order) -> list[Subscription]:
    """An order was paid: one subscription per line, each announced to its vendor
    with `subscription.provision`. Safe to run twice."""
    today = timezone.localdate()
    made = []
    for vendor_order in order.vendor_orders.select_related("vendor"):
        for line in vendor_order.lines.select_related("quote_line__listing"):
            months = line.quote_line.contract_term_months or 12
            subscription, created = Subscription.objects.get_or_create(
                order_line=line,
                defaults={
                    "organization": order.organization,
                    "vendor": vendor_order.vendor,
                    "quantity": line.quote_line.quantity,
                    "term_start": today,
                    "term_end": add_months(today, months),
                },
            )
            if created:
                _emit(subscription, "subscription.provision")
                made.append(subscription)
    return made


def _digest(report: dict) -> str:
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()


def _clean_report(data: dict) -> dict:
    """The parts of a vendor's report that count, checked."""
    status = data.get("status") or "accepted"
    if status not in ("provisioned", "accepted", "failed"):
        raise ValidationError(
            {"status": _("The status is provisioned, accepted or failed.")}
        )
    report: dict = {"status": status}
    if status == "provisioned":
        access = data.get("access") or {}
        if not isinstance(access, dict):
            raise ValidationError({"access": _("Access details are an object.")})
        report["instance_id"] = str(data.get("instance_id") or "")[:200]
        report["access"] = {
            key: str(access[key])[:500] for key in ACCESS_FIELDS if access.get(key)
        }
        url = report["access"].get("url", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValidationError(
                {"access": _("The access URL is an http(s) address.")}
            )
    elif status == "failed":
        report["reason"] = str(data.get("reason") or "")[:500]
    return report


@transaction.atomic
def subscription_report(*, subscription: Subscription, data: dict) -> Subscription:
    """Apply a vendor's provisioning report (its answer to `subscription.provision`
    or its callback). The same report twice changes nothing; a report that
    contradicts an accepted final one raises `ReportConflict`."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    report = _clean_report(data)
    digest = _digest(report)
    if report["status"] == "accepted":
        if subscription.status == SubscriptionStatus.PENDING:
            subscription.move_to(SubscriptionStatus.PROVISIONING)
            subscription.save(update_fields=["status", "updated_at"])
        return subscription
    if subscription.report_digest:
        if subscription.report_digest == digest:
            return subscription
        raise ReportConflict(
            _(
                "This subscription's provisioning was already reported; it is "
                "%(status)s."
            )
            % {"status": str(SubscriptionStatus(subscription.status).label).lower()}
        )
    if subscription.status not in (
        SubscriptionStatus.PENDING,
        SubscriptionStatus.PROVISIONING,
    ):
        raise ReportConflict(
            _("This subscription is %(status)s; provisioning is over.")
            % {"status": str(SubscriptionStatus(subscription.status).label).lower()}
        )
    subscription.report_digest = digest
    subscription.delayed_since = None
    if report["status"] == "provisioned":
        subscription.move_to(SubscriptionStatus.ACTIVE)
        subscription.instance_id = report["instance_id"]
        subscription.access = report["access"]
        subscription.activated_at = timezone.now()
    else:
        subscription.move_to(SubscriptionStatus.FAILED)
        subscription.failure_reason = report["reason"]
        _tell_failed(subscription)
    subscription.save()
    return subscription


def _tell_failed(subscription: Subscription) -> None:
    """The buyer and the curators learn that a vendor could not provision; the
    line's money goes back (card) or finance is asked to credit it (invoice)."""
    from marketplace.tasks import subscription_refund_task

    order = subscription.order_line.vendor_order.order
    line = subscription.order_line.quote_line
    subject = _("%(title)s could not be provisioned") % {"title": line.listing_title}
    message = _(
        "%(vendor)s could not provision %(quantity)s × %(title)s (%(plan)s) of order "
        "%(order)s: %(reason)s\n\nThe line is refunded."
    ) % {
        "vendor": subscription.vendor.organization.name,
        "quantity": line.quantity,
        "title": line.listing_title,
        "plan": line.plan_name,
        "order": order.number,
        "reason": subscription.failure_reason or _("no reason given"),
    }
    buyers = [order.placed_by.email] if order.placed_by else []
    curators = list(
        User.objects.filter(
            groups__name=settings.CURATORS_GROUP, is_active=True
        ).values_list("email", flat=True)
    )
    recipients = sorted(set(buyers + curators))
    pk = subscription.pk
    transaction.on_commit(lambda: _mail(subject, message, recipients))
    transaction.on_commit(lambda: subscription_refund_task.delay(pk))


def _mail(subject: str, message: str, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, message, None, recipients)
    except Exception:
        logger.exception("provisioning: could not send %r", subject)


def subscription_refund(*, subscription_id: int) -> int:
    """Give back a failed subscription's line: its first charge with tax, through
    Stripe for a card order (once: the key names the subscription), or by asking
    finance to credit it for an invoice order. Answers the amount refunded."""
    from marketplace.models import PaymentMethod
    from marketplace.payments import stripe as gateway
    from marketplace.services.orders import paid_card_payment, payment_refunded
    from marketplace.services.quotes import tax_on

    subscription = Subscription.objects.select_related(
        "order_line__quote_line__quote", "order_line__vendor_order__order"
    ).get(pk=subscription_id)
    if subscription.status != SubscriptionStatus.FAILED or subscription.refunded:
        return 0
    line = subscription.order_line.quote_line
    order = subscription.order_line.vendor_order.order
    charge = line.setup_fee + line.subtotal
    amount = charge + tax_on(charge, line.quote.tax_rate)
    if order.payment_method == PaymentMethod.INVOICE:
        finance = list(
            User.objects.filter(
                groups__name=settings.FINANCE_GROUP, is_active=True
            ).values_list("email", flat=True)
        )
        _mail(
            _("Credit due on order %(order)s") % {"order": order.number},
            _(
                "%(vendor)s could not provision a line of order %(order)s (paid by "
                "invoice). Credit %(currency)s %(amount)s minor units to %(buyer)s."
            )
            % {
                "vendor": subscription.vendor.organization.name,
                "order": order.number,
                "currency": order.currency,
                "amount": amount,
                "buyer": order.organization.name,
            },
            finance,
        )
        Subscription.objects.filter(pk=subscription.pk).update(refunded=amount)
        return amount
    payment = paid_card_payment(order)
    if payment is None or not payment.payment_intent_id:
        return 0
    before = payment.refunded_amount
    amount = min(amount, payment.amount - before)
    if amount <= 0:
        return 0
    refund = gateway.refund_create(
        intent_id=payment.payment_intent_id,
        amount=amount,
        idempotency_key=f"agora-subscription-refund-{subscription.pk}",
    )
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.refunded:
            return 0
        locked.refunded = refund.amount
        locked.save(update_fields=["refunded", "updated_at"])
        if refund.status == "succeeded":
            payment_refunded(payment=payment, refunded=before + refund.amount)
    return refund.amount


class ProvisioningAnswers:
    """The delivery engine's handler for subscription events."""

    def _subscription(self, delivery: Delivery) -> Subscription | None:
        key = delivery.ordering_key
        if not key.startswith("subscription:"):
            return None
        return Subscription.objects.filter(pk=int(key.split(":", 1)[1])).first()

    def answered(self, delivery: Delivery, answer: Answer) -> None:
        if delivery.event_type != "subscription.provision":
            return
        subscription = self._subscription(delivery)
        if subscription is None:
            return
        data = dict(answer.data)
        if answer.status_code == 202:
            data = {"status": "accepted"}
        try:
            subscription_report(subscription=subscription, data=data)
        except (ValidationError, ReportConflict) as error:
            # The delivery stands; its log says why the answer changed nothing.
            message = error_text(error)
            Delivery.objects.filter(pk=delivery.pk).update(
                # The log's own words, like the engine's: English.
                last_error=f"answer not applied: {message}"[:300]
            )
            logger.warning(
                "provisioning: subscription %s: answer not applied: %s",
                subscription.pk,
                message,
            )

    def exhausted(self, delivery: Delivery) -> None:
        if delivery.event_type != "subscription.provision":
            return
        subscription = self._subscription(delivery)
        if subscription is not None and subscription.delayed_since is None:
            Subscription.objects.filter(pk=subscription.pk).update(
                delayed_since=timezone.now()
            )


answers = ProvisioningAnswers()


# The buyer --------------------------------------------------------------------


@transaction.atomic
def subscription_cancel_request(
    *, membership: Membership, subscription: Subscription, note: str = ""
) -> Subscription:
    """A buyer asks to end a subscription; platform staff cancel it."""
    from marketplace.services.orders import orders_allowed

    orders_allowed(membership, subscription.organization_id)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status in (SubscriptionStatus.CANCELLED, SubscriptionStatus.FAILED):
        raise ValidationError(_("This subscription has ended."))
    if subscription.cancellation_requested_at is None:
        subscription.cancellation_requested_at = timezone.now()
        subscription.cancellation_requested_by = membership.user
        subscription.cancellation_note = note[:500]
        subscription.save()
    return subscription


# Platform staff ---------------------------------------------------------------


def access_shown(subscription: Subscription, membership: Membership) -> bool:
    """The access details are shown to members whose role shows them, once the
    vendor provisioned the subscription (and while it is suspended)."""
    return membership.can(Capability.SUBSCRIPTION_VIEW_ACCESS) and (
        subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED)
    )


def _staff(user: User) -> None:
    if not user.has_perm("marketplace.change_subscription"):
        raise PermissionDenied(_("Only platform staff change subscriptions."))


@transaction.atomic
def subscription_suspend(
    *, user: User, subscription: Subscription, reason: str
) -> Subscription:
    """Suspend (non-payment, a policy violation): the vendor freezes access and
    keeps the data."""
    _staff(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.move_to(SubscriptionStatus.SUSPENDED):
        subscription.suspended_at = timezone.now()
        subscription.suspension_reason = reason[:300]
        subscription.save()
        _emit(
            subscription, "subscription.suspend", reason=subscription.suspension_reason
        )
    return subscription


@transaction.atomic
def subscription_resume(*, user: User, subscription: Subscription) -> Subscription:
    _staff(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended subscription is resumed."))
    subscription.move_to(SubscriptionStatus.ACTIVE)
    subscription.suspended_at = None
    subscription.suspension_reason = ""
    subscription.save()
    _emit(subscription, "subscription.resume")
    return subscription


@transaction.atomic
def subscription_renew(
    *, user: User, subscription: Subscription, term_end: date
) -> Subscription:
    """Extend the term to `term_end`."""
    _staff(user)
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
    _emit(
        subscription,
        "subscription.renew",
        previous={"term_end": previous.isoformat() if previous else None},
    )
    return subscription


@transaction.atomic
def subscription_update(
    *, user: User, subscription: Subscription, quantity: int
) -> Subscription:
    """Change the units in force (as agreed with the buyer and the vendor; billed
    apart). The vendor applies it; `previous` holds the old quantity."""
    _staff(user)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status not in IN_FORCE:
        raise ValidationError(_("Only an active or suspended subscription changes."))
    if quantity < 1:
        raise ValidationError({"quantity": _("At least one unit.")})
    if quantity == subscription.quantity:
        return subscription
    previous = subscription.quantity
    subscription.quantity = quantity
    subscription.save()
    _emit(subscription, "subscription.update", previous={"quantity": previous})
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
    _staff(user)
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
        _emit(
            subscription,
            "subscription.cancel",
            data_retention_until=retention.isoformat(),
        )
    return subscription


def vendor_subscriptions(vendor: Vendor):
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
