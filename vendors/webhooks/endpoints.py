"""A vendor's endpoint: set, rotate its secret, enable and disable, send a test
event; redeliver. (How healthy it has been: `selectors.endpoint_health`.)"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.ratelimit import rate_limit_hit
from vendors.models import (
    Delivery,
    DeliveryStatus,
    DisabledReason,
    Vendor,
    WebhookEndpoint,
)
from vendors.webhooks import notifications, outbox, signing, ssrf


def require_verified(vendor: Vendor) -> None:
    """Agora POSTs to a vendor's endpoint on its behalf: only for vendors the
    curators verified, so that signing up and applying is not enough to make the
    platform send requests anywhere."""
    if not vendor.is_verified:
        raise PermissionDenied(
            _(
                "Only vendors the curators have verified may set a webhook endpoint "
                "or send test events."
            )
        )


@transaction.atomic
def endpoint_save(
    *, vendor: Vendor, url: str, rotate_secret: bool = False, by_vendor: bool = True
) -> tuple[WebhookEndpoint, str | None]:
    """Set the vendor's endpoint URL (checked: https in production, a public
    address); only a verified vendor may. Creating it or `rotate_secret` issues a
    new secret, returned once; after a rotation the previous secret also signs for
    a day. The platform may set an endpoint up for a vendor (`by_vendor=False`, the
    demo vendors' receiver): the vendor's first save of it then issues a secret it
    sees."""
    if by_vendor:
        require_verified(vendor)
    url = url.strip()
    ssrf.url_check(url)
    endpoint = WebhookEndpoint.objects.select_for_update().filter(vendor=vendor).first()
    if endpoint is None:
        secret = signing.secret_new()
        endpoint = WebhookEndpoint.objects.create(
            vendor=vendor, url=url, secret=secret, secret_shown=by_vendor
        )
        outbox.endpoint_resume(vendor_id=vendor.pk)  # events made before it existed
        return endpoint, secret
    endpoint.url = url
    if by_vendor and not endpoint.secret_shown:
        rotate_secret = True
        endpoint.secret_shown = True
    if not rotate_secret:
        endpoint.save()
        return endpoint, None
    new_secret = signing.secret_new()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + timedelta(
        hours=settings.WEBHOOKS_ROTATION_OVERLAP_HOURS
    )
    endpoint.secret = new_secret
    endpoint.save()
    return endpoint, new_secret


@transaction.atomic
def endpoint_set_enabled(*, vendor: Vendor, enabled: bool) -> WebhookEndpoint:
    """The vendor turns its endpoint off, or on again: what waited is sent then."""
    endpoint = WebhookEndpoint.objects.select_for_update().filter(vendor=vendor).first()
    if endpoint is None:
        raise ValidationError(_("Set the endpoint URL first."))
    if enabled and not endpoint.enabled:
        endpoint.enabled = True
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.failing_since = None
        endpoint.save()
        outbox.endpoint_resume(vendor_id=vendor.pk)
    elif not enabled:
        endpoint_disable(endpoint, reason=DisabledReason.VENDOR)
    return endpoint


def endpoint_disable(endpoint: WebhookEndpoint, *, reason: str) -> None:
    """Stop sending to the endpoint; its events wait. The vendor is told unless it
    did this itself."""
    if not endpoint.enabled:
        return
    endpoint.enabled = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = reason
    endpoint.save(
        update_fields=["enabled", "disabled_at", "disabled_reason", "updated_at"]
    )
    if reason != DisabledReason.VENDOR:
        notifications.vendor_tell_disabled(endpoint, reason)


@transaction.atomic
def endpoint_ping(*, vendor: Vendor) -> Delivery:
    """A `ping` event, as "send test event" does: for verified vendors, at most
    WEBHOOKS_TEST_EVENT_RATE of them per vendor (`RateLimited` beyond)."""
    require_verified(vendor)
    if not WebhookEndpoint.objects.filter(vendor=vendor, enabled=True).exists():
        raise ValidationError(_("Set and enable the endpoint first."))
    rate_limit_hit(
        f"webhooks.test-event:{vendor.pk}",
        settings.WEBHOOKS_TEST_EVENT_RATE,
        _("Too many test events for now; try again later."),
    )
    return outbox.enqueue(
        vendor=vendor,
        event_type="ping",
        data={"vendor": {"id": vendor.pk, "name": vendor.organization.name}},
    )


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """Send a delivery again: the same `webhook-id` and body, a fresh timestamp and
    signature, and a fresh retry schedule."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == DeliveryStatus.PENDING and delivery.claimed_until:
        raise ValidationError(_("This delivery is being sent right now."))
    delivery.status = DeliveryStatus.PENDING
    delivery.schedule_start = delivery.attempt_count
    delivery.next_attempt_at = timezone.now()
    delivery.finished_at = None
    delivery.save(
        update_fields=["status", "schedule_start", "next_attempt_at", "finished_at"]
    )
    outbox.wake()
    return delivery
