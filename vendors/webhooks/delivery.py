"""One delivery attempt: claim the delivery, send it signed, log the attempt, read
the answer, and schedule what comes next.

The claim is a conditional UPDATE, so two workers never send the same delivery at
once; it lapses after the request's timeout, so a worker killed mid-request leaves
the delivery to the sweep, which sends the same `webhook-id` again. Recording the
outcome takes the row lock and ignores an outcome already recorded.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vendors.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    WebhookEndpoint,
)
from vendors.webhooks import handlers, outbox, signing, ssrf
from vendors.webhooks.endpoints import endpoint_disable, mail_vendor

logger = logging.getLogger(__name__)

USER_AGENT = "Agora-Webhooks/1"
RESPONSE_LOG_BYTES = 2048
# The most of a response body read (the rest is not needed to interpret it).
RESPONSE_READ_BYTES = 64 * 1024
CLAIM_MARGIN = timedelta(seconds=20)
RETRY_AFTER_MAX = timedelta(hours=24)


@dataclass(frozen=True)
class Sent:
    """What one request gave: a status and body, or an error."""

    status_code: int | None
    body: bytes
    headers: dict[str, str]
    latency_ms: int
    error: str = ""


def secrets_in_force(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    secrets = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and endpoint.previous_secret_until > now
    ):
        secrets.append(endpoint.previous_secret)
    return secrets


def _claim(delivery_id: int, now: datetime) -> bool:
    timeout = timedelta(seconds=settings.WEBHOOKS_TIMEOUT)
    return bool(
        Delivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now + timedelta(seconds=1),
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timeout + CLAIM_MARGIN)
    )


def _unclaim(delivery: Delivery, **changes) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=None, **changes)


def _waits_for_earlier(delivery: Delivery) -> bool:
    return bool(
        delivery.ordering_key
        and Delivery.objects.filter(
            vendor_id=delivery.vendor_id,
            ordering_key=delivery.ordering_key,
            status=DeliveryStatus.PENDING,
            pk__lt=delivery.pk,
        ).exists()
    )


_client: httpx.Client | None = None


def _http() -> httpx.Client:
    """One client per process, so connections to an endpoint are reused."""
    global _client
    if _client is None:
        _client = ssrf.client(settings.WEBHOOKS_TIMEOUT)
    return _client


def send(url: str, body: str, headers: dict[str, str]) -> Sent:
    """POST the body; the whole request, answer included, within the timeout."""
    started = time.monotonic()
    deadline = started + settings.WEBHOOKS_TIMEOUT

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with _http().stream(
            "POST",
            url,
            content=body.encode(),
            headers=headers,
            timeout=settings.WEBHOOKS_TIMEOUT,
        ) as response:
            chunks, size = [], 0
            for chunk in response.iter_raw():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer took too long")
                chunks.append(chunk)
                size += len(chunk)
                if size >= RESPONSE_READ_BYTES:
                    break
            return Sent(
                status_code=response.status_code,
                body=b"".join(chunks)[:RESPONSE_READ_BYTES],
                headers=dict(response.headers),
                latency_ms=elapsed(),
            )
    except httpx.TimeoutException:
        return Sent(None, b"", {}, elapsed(), error="timed out")
    except httpx.ConnectError as error:
        return Sent(None, b"", {}, elapsed(), error=str(error)[:300])
    except httpx.HTTPError as error:
        return Sent(
            None, b"", {}, elapsed(), error=f"{type(error).__name__}: {error}"[:300]
        )


_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api[_-]?key|authorization", re.I)


def _redact(value):
    if isinstance(value, dict):
        return {
            key: "[redacted]" if _SECRET_KEYS.search(str(key)) else _redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


_SECRET_PAIRS = re.compile(
    r'("?(?:pass(?:word)?|secret|token|api[_-]?key|authorization)"?\s*[:=]\s*)'
    r'("[^"]*"|[^\s,&}]+)',
    re.I,
)


def redact_body(body: bytes) -> str:
    """A response body as logged: passwords, secrets and tokens replaced, cut to
    2 KB."""
    text = body.decode("utf-8", errors="replace")
    try:
        text = json.dumps(_redact(json.loads(text)), ensure_ascii=False)
    except ValueError:
        text = _SECRET_PAIRS.sub(r'\1"[redacted]"', text)
    return text[:RESPONSE_LOG_BYTES]


def retry_delay(attempt_count: int, sent: Sent | None = None) -> timedelta | None:
    """How long until the next attempt after `attempt_count` attempts: the schedule
    with up to 10 % jitter, or the endpoint's `Retry-After` on 429 and 503. None:
    no attempts left."""
    delays = settings.WEBHOOKS_RETRY_DELAYS
    if attempt_count > len(delays):
        return None
    if sent is not None and sent.status_code in (429, 503):
        asked = _retry_after(sent.headers.get("retry-after", ""))
        if asked is not None:
            return min(asked, RETRY_AFTER_MAX)
    base = delays[attempt_count - 1]
    return timedelta(seconds=base * (1 + random.uniform(0, 0.1)))  # noqa: S311


def _retry_after(value: str) -> timedelta | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - timezone.now(), timedelta(0))


def delivery_attempt(delivery_id: int) -> str:
    """Make one attempt of a delivery if it is due and free; answers what happened
    (for logs and tests): `delivered`, `retry`, `failed`, `gone`, `waiting` or
    `skipped`."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    # The delivery, its vendor and the vendor's endpoint in one query.
    delivery = Delivery.objects.select_related("vendor__webhook_endpoint").get(
        pk=delivery_id
    )
    if _waits_for_earlier(delivery):
        _unclaim(delivery, next_attempt_at=None)
        # The event it waited for may have been recorded meanwhile, its release
        # not seeing this one yet: look again now that this one waits visibly.
        vendor_id, ordering_key = delivery.vendor_id, delivery.ordering_key
        transaction.on_commit(
            lambda: outbox.release_waiting(
                vendor_id=vendor_id, ordering_key=ordering_key
            )
        )
        return "waiting"
    try:
        endpoint: WebhookEndpoint | None = delivery.vendor.webhook_endpoint
    except WebhookEndpoint.DoesNotExist:
        endpoint = None
    if endpoint is None or not endpoint.enabled:
        # It waits for an endpoint; enabling one makes it due again.
        _unclaim(delivery)
        return "waiting"

    timestamp = timezone.now()
    signature = signing.signature_header(
        secrets_in_force(endpoint, timestamp),
        webhook_id=delivery.webhook_id,
        timestamp=timestamp,
        body=delivery.body,
    )
    headers = {
        "webhook-id": delivery.webhook_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    sent = send(endpoint.url, delivery.body, headers)
    logged_headers = {
        **headers,
        "webhook-signature": signing.redact_signature(signature),
    }
    return _record(
        delivery.pk, endpoint.pk, endpoint.url, timestamp, logged_headers, sent
    )


@transaction.atomic
def _record(
    delivery_id: int,
    endpoint_id: int,
    url: str,
    started_at: datetime,
    request_headers: dict,
    sent: Sent,
) -> str:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return "skipped"  # recorded already (a redelivery raced this attempt)
    now = timezone.now()
    succeeded = sent.status_code is not None and 200 <= sent.status_code < 300
    delivery.attempt_count += 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        vendor_id=delivery.vendor_id,
        number=delivery.attempt_count,
        url=url,
        started_at=started_at,
        request_headers=request_headers,
        status_code=sent.status_code,
        latency_ms=sent.latency_ms,
        response_body=redact_body(sent.body),
        error=sent.error,
        succeeded=succeeded,
    )
    delivery.last_status_code = sent.status_code
    delivery.last_error = sent.error or (
        "" if succeeded else f"answered {sent.status_code}"
    )
    delivery.claimed_until = None
    fields = [
        "attempt_count",
        "last_status_code",
        "last_error",
        "claimed_until",
        "status",
        "next_attempt_at",
        "finished_at",
    ]

    if succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery, fields)
        # A success ends the endpoint's failing spell; most find none, and take no
        # lock on the endpoint (so a vendor's deliveries are recorded side by side).
        WebhookEndpoint.objects.filter(
            pk=endpoint_id, failing_since__isnull=False
        ).update(failing_since=None, updated_at=now)
        handlers.answered(delivery, handlers.Answer.parse(sent.status_code, sent.body))
        outbox.release_next(
            vendor_id=delivery.vendor_id, ordering_key=delivery.ordering_key
        )
        return "delivered"

    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    if sent.status_code == 410:
        # Gone: the endpoint is disabled; this and later events wait for it.
        delivery.next_attempt_at = now
        _save(delivery, fields)
        endpoint_disable(endpoint, reason=DisabledReason.GONE)
        return "gone"

    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since", "updated_at"])
    elif now - endpoint.failing_since >= timedelta(
        days=settings.WEBHOOKS_DISABLE_AFTER_DAYS
    ):
        delivery.next_attempt_at = now
        _save(delivery, fields)
        endpoint_disable(endpoint, reason=DisabledReason.FAILING)
        return "gone"

    delay = retry_delay(delivery.attempt_count - delivery.schedule_start, sent)
    if delay is None:
        delivery.status = DeliveryStatus.FAILED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery, fields)
        _tell_vendor_failed(delivery, endpoint)
        handlers.exhausted(delivery)
        outbox.release_next(
            vendor_id=delivery.vendor_id, ordering_key=delivery.ordering_key
        )
        return "failed"
    delivery.next_attempt_at = now + delay
    _save(delivery, fields)
    if delay <= timedelta(minutes=10):
        # Short waits go to the broker; longer ones to the sweep.
        outbox.dispatch([delivery.pk], countdown=delay.total_seconds())
    return "retry"


def _save(delivery: Delivery, fields: list[str]) -> None:
    """Write the delivery's state: an UPDATE of these fields, without the model's
    save signals (its references never change, so nothing that indexes them has
    anything to do)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        **{field: getattr(delivery, field) for field in fields}
    )


def _tell_vendor_failed(delivery: Delivery, endpoint: WebhookEndpoint) -> None:
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
