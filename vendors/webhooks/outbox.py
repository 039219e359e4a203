"""The outbox: an event is a `Delivery` row written in the caller's transaction, so it
exists exactly when the change it announces does. It is dispatched after commit; a
periodic sweep dispatches what is due and was never (or no longer) taken."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vendors.models import Delivery, DeliveryStatus, Vendor

API_VERSION = "1"


def envelope(event_type: str, data: dict) -> str:
    """The body every attempt sends, fixed once: type, time, version and data."""
    return json.dumps(
        {
            "type": event_type,
            "timestamp": timezone.now().isoformat(timespec="seconds"),
            "api_version": API_VERSION,
            "data": data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def enqueue(
    *,
    vendor: Vendor,
    event_type: str,
    data: dict,
    ordering_key: str = "",
    handler: str = "",
) -> Delivery:
    """Write an event for the vendor, to go out after the caller's transaction
    commits. Events with the same `ordering_key` reach the vendor in the order they
    were enqueued; `handler` names what reads the vendor's answers
    (see `vendors.webhooks.handlers`)."""
    earlier = (
        ordering_key
        and Delivery.objects.filter(
            vendor=vendor, ordering_key=ordering_key, status=DeliveryStatus.PENDING
        ).exists()
    )
    delivery = Delivery.objects.create(
        vendor=vendor,
        webhook_id=f"msg_{uuid.uuid4().hex}",
        event_type=event_type,
        body=envelope(event_type, data),
        ordering_key=ordering_key,
        handler=handler,
        # Behind an undelivered event of the same key, it waits its turn.
        next_attempt_at=None if earlier else timezone.now(),
    )
    if earlier:
        # The earlier event may be recorded before this one commits, its release
        # not seeing this one: look again once this one is committed.
        vendor_id = vendor.pk
        transaction.on_commit(
            lambda: release_waiting(vendor_id=vendor_id, ordering_key=ordering_key)
        )
    else:
        dispatch([delivery.pk])
    return delivery


def dispatch(delivery_ids: Iterable[int], *, countdown: float = 0) -> None:
    """Queue an attempt of each delivery once the current transaction commits."""
    from vendors.webhooks.tasks import delivery_attempt_task

    ids = list(delivery_ids)

    def send() -> None:
        for pk in ids:
            try:
                delivery_attempt_task.apply_async((pk,), countdown=countdown)
            except Exception:
                import logging

                logging.getLogger(__name__).warning(
                    "webhooks: could not queue delivery %s; the sweep will", pk
                )

    transaction.on_commit(send)


def due(now=None, *, limit: int = 500) -> list[int]:
    """Deliveries due for an attempt that no worker holds: the sweep's list."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            vendor__webhook_endpoint__enabled=True,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def sweep() -> int:
    """Dispatch every due delivery (lost dispatches, retries, a worker killed while
    sending). Safe to run any time: an attempt claims its delivery first."""
    ids = due(timezone.now() + timedelta(seconds=1))
    if ids:
        dispatch(ids)
    return len(ids)


def release_next(*, vendor_id: int, ordering_key: str) -> None:
    """An event of this key is done: the next one waiting behind it is due now.

    Called in the transaction that records the outcome, it cannot see an event
    enqueued (or set waiting) by a transaction not yet committed; whichever of the
    two commits last looks again after its commit (`release_waiting`), so no event
    is left waiting behind one already done."""
    if not ordering_key:
        return
    release_waiting(vendor_id=vendor_id, ordering_key=ordering_key)
    transaction.on_commit(
        lambda: release_waiting(vendor_id=vendor_id, ordering_key=ordering_key)
    )


def release_waiting(*, vendor_id: int, ordering_key: str) -> None:
    """The first pending event of the key, if it waits, is due now (dispatched
    once: the update is conditional)."""
    first = (
        Delivery.objects.filter(
            vendor_id=vendor_id,
            ordering_key=ordering_key,
            status=DeliveryStatus.PENDING,
        )
        .order_by("pk")
        .values_list("pk", "next_attempt_at")
        .first()
    )
    if first is None or first[1] is not None:
        return
    released = Delivery.objects.filter(pk=first[0], next_attempt_at=None).update(
        next_attempt_at=timezone.now()
    )
    if released:
        dispatch([first[0]])


def endpoint_resume(*, vendor_id: int) -> None:
    """The endpoint is enabled again: what waited for it is due now (the first of
    each ordering key; the rest follow in order)."""
    now = timezone.now()
    waiting = Delivery.objects.filter(
        vendor_id=vendor_id, status=DeliveryStatus.PENDING
    ).exclude(next_attempt_at__isnull=True)
    waiting.update(next_attempt_at=now)
    dispatch(waiting.values_list("pk", flat=True))
