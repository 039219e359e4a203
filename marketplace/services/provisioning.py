"""Provisioning events: what the platform tells a vendor about a subscription
(the wire payload of `subscription.*`, written to the vendors' outbox in the
caller's transaction) and what the vendor answers (its provisioning report, through
`ProvisioningAnswers`, the delivery engine's handler, or the provisioning callback).

The lifecycle that decides when to tell is `services/subscriptions.py`.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.ui import error_text
from config.api.exceptions import Conflict
from marketplace import tasks
from marketplace.models import Subscription, SubscriptionStatus
from marketplace.services import notices
from marketplace.services.mail import group_emails, mail_after_commit
from vendors.models import Delivery
from vendors.webhooks import outbox
from vendors.webhooks.handlers import Answer

logger = logging.getLogger(__name__)

HANDLER = "marketplace.services.provisioning.answers"
ACCESS_FIELDS = ("url", "username", "password", "note")


class ReportConflict(Conflict):
    """A provisioning report that contradicts the one already accepted."""


def _ordering_key(subscription: Subscription) -> str:
    return f"subscription:{subscription.pk}"


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


def event_emit(subscription: Subscription, event_type: str, **extra) -> Delivery:
    """Write a `subscription.*` event to the vendor's outbox, in order per
    subscription; the engine sends it after commit."""
    return outbox.enqueue(
        vendor=subscription.vendor,
        event_type=event_type,
        data={"subscription": subscription_data(subscription), **extra},
        ordering_key=_ordering_key(subscription),
        handler=HANDLER,
    )


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
    notices.subscription_provisioned_notify(subscription)
    return subscription


def _tell_failed(subscription: Subscription) -> None:
    """The curators learn that a vendor could not provision (the buyers are
    notified, `notices.subscription_provisioned_notify`); the line's money goes
    back (card) or finance is asked to credit it (invoice), after commit, by the
    payments service."""
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
    mail_after_commit(subject, message, group_emails(settings.CURATORS_GROUP))
    pk = subscription.pk
    transaction.on_commit(lambda: tasks.subscription_refund_task.delay(pk))


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
