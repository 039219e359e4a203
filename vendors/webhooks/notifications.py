"""What the engine tells a vendor by e-mail, after the transaction that decided it
commits: its endpoint was disabled, or a delivery failed for good."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from vendors.models import Delivery, DisabledReason, Vendor, WebhookEndpoint

logger = logging.getLogger(__name__)


def mail_vendor(vendor: Vendor, subject: str, message: str) -> None:
    try:
        send_mail(subject, message, None, [vendor.contact_email])
    except Exception:
        logger.exception("webhooks: could not e-mail vendor %s", vendor.pk)


def vendor_tell_disabled(endpoint: WebhookEndpoint, reason: str) -> None:
    vendor = endpoint.vendor
    message = _(
        "Agora stopped sending events to %(url)s: %(reason)s. Events wait until "
        "you enable the endpoint again in the vendor portal."
    ) % {"url": endpoint.url, "reason": DisabledReason(reason).label}
    transaction.on_commit(
        lambda: mail_vendor(vendor, _("Your webhook endpoint is disabled"), message)
    )


def vendor_tell_failed(delivery: Delivery, endpoint: WebhookEndpoint) -> None:
    vendor = delivery.vendor
    message = _(
        "Agora could not deliver %(event)s (%(id)s) to %(url)s after %(count)s "
        "attempts; the last error: %(error)s. Redeliver it from the vendor portal "
        "once your endpoint works."
    ) % {
        "event": delivery.event_type,
        "id": delivery.webhook_id,
        "url": endpoint.url,
        "count": delivery.attempt_count,
        "error": delivery.last_error,
    }
    transaction.on_commit(
        lambda: mail_vendor(vendor, _("A webhook delivery failed"), message)
    )
