"""Recording attempts: each one logged (`DeliveryAttempt`, redacted), its delivery's
state written, and what follows set in motion: the next event of its ordering key,
a retry on the schedule, or the endpoint disabled and the vendor told.

Recording takes the delivery's row lock and ignores an outcome already recorded (a
redelivery, or a worker whose claim had lapsed, got there first). Successes with no
handler to read them are recorded a chunk at a time, in a few statements however
many there are; anything else one delivery at a time, as it needs.

Every statement goes through the ORM but the log's rows of a chunk, which PostgreSQL
takes in one COPY (`postgres`: the figures that keep it are there)."""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vendors.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    WebhookEndpoint,
)
from vendors.webhooks import handlers, notifications, outbox, postgres, redaction
from vendors.webhooks.endpoints import endpoint_disable
from vendors.webhooks.schedule import BROKER_WAIT_MAX, retry_delay
from vendors.webhooks.values import Attempt, Outcome

# A delivery's state, as an attempt writes it.
_STATE = [
    "attempt_count",
    "last_status_code",
    "last_error",
    "claim",
    "claimed_until",
    "status",
    "next_attempt_at",
    "finished_at",
]


def record(attempts: list[Attempt]) -> dict[int, Outcome]:
    """Record these sent attempts: plain successes together, the rest one by one;
    answers each one's outcome."""
    together = [a for a in attempts if a.succeeded and not a.delivery.handler]
    outcomes: dict[int, Outcome] = {}
    if together:
        # If some were raced, none is written: each is recorded on its own below.
        with contextlib.suppress(_Raced):
            outcomes = _delivered_together(together)
    for attempt in attempts:
        if attempt.delivery.pk not in outcomes:
            outcomes[attempt.delivery.pk] = _record_one(attempt)
    return outcomes


class _Raced(Exception):
    """Some of the chunk was not this claim's to record any more."""


def _logged(attempt: Attempt, number: int) -> DeliveryAttempt:
    """The log's row of an attempt: what was sent and what came back, redacted."""
    sent = attempt.sent
    assert sent is not None  # noqa: S101 - only sent attempts are recorded
    return DeliveryAttempt(
        delivery_id=attempt.delivery.pk,
        vendor_id=attempt.delivery.vendor_id,
        number=number,
        url=attempt.endpoint.url,
        started_at=attempt.started_at,
        request_headers=redaction.headers_logged(attempt.headers),
        status_code=sent.status_code,
        latency_ms=sent.latency_ms,
        response_body=redaction.body_logged(sent.body),
        error=sent.error,
        succeeded=sent.succeeded,
    )


def _log(rows: list[DeliveryAttempt]) -> None:
    """Write these rows of the delivery log: one COPY on PostgreSQL (`postgres`),
    one INSERT elsewhere."""
    if postgres.serves():
        postgres.attempts_copy(rows)
    else:
        DeliveryAttempt.objects.bulk_create(rows)


def _endpoints_healed(endpoint_ids: Collection[int], now: datetime) -> None:
    """A success ends its endpoint's failing spell. Most find none, and take no lock
    on the endpoint (so a vendor's deliveries are recorded side by side)."""
    WebhookEndpoint.objects.filter(
        pk__in=endpoint_ids, failing_since__isnull=False
    ).update(failing_since=None, updated_at=now)


@transaction.atomic
def _delivered_together(attempts: list[Attempt]) -> dict[int, Outcome]:
    """Record successes with no handler to read them: an UPDATE for each status
    code, one for the endpoints, one INSERT of the log. If any of them is no longer
    held by this claim (a redelivery raced it), nothing is written (`_Raced`)."""
    now = timezone.now()
    claim = attempts[0].delivery.claim
    by_code: defaultdict[int, list[int]] = defaultdict(list)
    for attempt in attempts:
        assert attempt.sent is not None and attempt.sent.status_code  # noqa: S101
        by_code[attempt.sent.status_code].append(attempt.delivery.pk)
    if _marked_delivered(claim, by_code, now) != len(attempts):
        raise _Raced
    _endpoints_healed({a.endpoint.pk for a in attempts}, now)
    _log([_logged(a, a.delivery.attempt_count + 1) for a in attempts])
    outbox.release_next(
        {(a.delivery.vendor_id, a.delivery.ordering_key) for a in attempts}
    )
    return dict.fromkeys((a.delivery.pk for a in attempts), Outcome.DELIVERED)


def _marked_delivered(
    claim: uuid.UUID, by_code: dict[int, list[int]], now: datetime
) -> int:
    """Mark deliveries ({status code: ids}) delivered while this claim still holds
    them; answers how many it did."""
    marked = 0
    for status_code, pks in by_code.items():
        marked += Delivery.objects.filter(
            pk__in=pks,
            # Still this claim's: nothing else changed them since they were read.
            claim=claim,
            status=DeliveryStatus.PENDING,
        ).update(
            status=DeliveryStatus.DELIVERED,
            attempt_count=F("attempt_count") + 1,
            last_status_code=status_code,
            last_error="",
            claim=None,
            claimed_until=None,
            next_attempt_at=None,
            finished_at=now,
        )
    return marked


@transaction.atomic
def _record_one(attempt: Attempt) -> Outcome:
    sent = attempt.sent
    assert sent is not None  # noqa: S101 - only sent attempts are recorded
    delivery = Delivery.objects.select_for_update().get(pk=attempt.delivery.pk)
    if delivery.status != DeliveryStatus.PENDING:
        return Outcome.SKIPPED  # recorded already (a redelivery raced this attempt)
    now = timezone.now()
    delivery.attempt_count += 1
    _log([_logged(attempt, delivery.attempt_count)])
    delivery.last_status_code = sent.status_code
    delivery.last_error = sent.error or (
        "" if sent.succeeded else f"answered {sent.status_code}"
    )
    delivery.claim = None
    delivery.claimed_until = None

    if sent.succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery)
        _endpoints_healed([attempt.endpoint.pk], now)
        handlers.answered(delivery, handlers.Answer.parse(sent.status_code, sent.body))
        outbox.release_next({(delivery.vendor_id, delivery.ordering_key)})
        return Outcome.DELIVERED

    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=attempt.endpoint.pk)
    if sent.status_code == 410:
        # Gone: the endpoint is disabled; this and later events wait for it.
        delivery.next_attempt_at = now
        _save(delivery)
        endpoint_disable(endpoint, reason=DisabledReason.GONE)
        return Outcome.GONE

    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since", "updated_at"])
    elif now - endpoint.failing_since >= timedelta(
        days=settings.WEBHOOKS_DISABLE_AFTER_DAYS
    ):
        delivery.next_attempt_at = now
        _save(delivery)
        endpoint_disable(endpoint, reason=DisabledReason.FAILING)
        return Outcome.GONE

    delay = retry_delay(delivery.attempt_count - delivery.schedule_start, sent)
    if delay is None:
        delivery.status = DeliveryStatus.FAILED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery)
        notifications.vendor_tell_failed(delivery, endpoint)
        handlers.exhausted(delivery)
        outbox.release_next({(delivery.vendor_id, delivery.ordering_key)})
        return Outcome.FAILED
    delivery.next_attempt_at = now + delay
    _save(delivery)
    if delay <= BROKER_WAIT_MAX:
        outbox.retry([delivery.pk], countdown=delay.total_seconds())
    return Outcome.RETRY


def _save(delivery: Delivery) -> None:
    """Write the delivery's state: an UPDATE of those fields, without the model's
    save signals (its references never change, so nothing that indexes them has
    anything to do)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        **{name: getattr(delivery, name) for name in _STATE}
    )
