"""The outbox: an event is a `Delivery` row written in the caller's transaction, so it
exists exactly when the change it announces does. It is dispatched after commit; a
periodic sweep dispatches what is due and was never (or no longer) taken."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Collection, Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone

from vendors.models import Delivery, DeliveryStatus, Vendor
from vendors.webhooks import postgres

logger = logging.getLogger(__name__)

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
    delivery = Delivery.objects.create(
        vendor=vendor,
        webhook_id=f"msg_{uuid.uuid4().hex}",
        event_type=event_type,
        body=envelope(event_type, data),
        ordering_key=ordering_key,
        handler=handler,
        # The attempt finds out whether an earlier event of its key is still
        # undelivered, and if so, waits for it (`delivery.deliveries_attempt`).
        next_attempt_at=timezone.now(),
    )
    dispatch([delivery.pk])
    return delivery


def _queue(ids: list[int], countdown: float = 0) -> None:
    """Queue attempts of these deliveries, in messages of at most `WEBHOOKS_BATCH`."""
    from vendors.webhooks.tasks import deliveries_attempt_task

    size = settings.WEBHOOKS_BATCH
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        try:
            deliveries_attempt_task.apply_async((batch,), countdown=countdown)
        except Exception:
            logger.warning(
                "webhooks: could not queue deliveries %s; the sweep will", batch
            )


def _queue_outgoing(connection) -> None:
    ids, connection.webhooks_outgoing = connection.webhooks_outgoing, []
    if ids:
        _queue(ids)


def dispatch(delivery_ids: Iterable[int], *, countdown: float = 0) -> None:
    """Queue an attempt of each delivery once the current transaction commits (at
    once outside one).

    The deliveries of one transaction share messages: the first of its callbacks
    queues them all, the others find nothing left. A payment that provisions ten
    subscriptions, or a sweep, is one message, not one for each. (Deliveries of a
    savepoint or transaction rolled back go too, with the next commit, and find
    nothing to send.)"""
    ids = list(delivery_ids)
    if not ids:
        return
    if countdown:
        transaction.on_commit(partial(_queue, ids, countdown))
        return
    connection = transaction.get_connection()
    connection.__dict__.setdefault("webhooks_outgoing", []).extend(ids)
    transaction.on_commit(partial(_queue_outgoing, connection))


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
    sending). Safe to run any time: an attempt claims its deliveries first."""
    ids = due(timezone.now() + timedelta(seconds=1))
    dispatch(ids)
    return len(ids) + release_waiting()


def release_next(keys: Collection[tuple[int, str]]) -> None:
    """Events of these (vendor, ordering key) pairs are done: once the caller's
    transaction commits, the next of each, waiting behind them, is due.

    Looking after the commit leaves no event waiting behind one done: an attempt
    that sets an event waiting looks again after its own commit too
    (`delivery.deliveries_attempt`), so whichever of the two commits last sees
    the other's change."""
    keys = {(vendor_id, key) for vendor_id, key in keys if key}
    if keys:
        transaction.on_commit(lambda: release_waiting(keys))


def first_pending(keys: Collection[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The first undelivered event (its id) of each of these (vendor, ordering key)
    pairs that has one."""
    rows = (
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            vendor_id__in={vendor_id for vendor_id, _ in keys},
            ordering_key__in={key for _, key in keys},
        )
        # As the index of pending keyed events says (so it serves this query).
        .exclude(ordering_key="")
        .values("vendor_id", "ordering_key")
        .annotate(first=Min("pk"))
    )
    return {(row["vendor_id"], row["ordering_key"]): row["first"] for row in rows}


def _waiting_first(keys: Collection[tuple[int, str]] | None = None) -> list[int]:
    """Events that wait (`next_attempt_at` empty) with no undelivered event of their
    key before them: of these (vendor, ordering key) pairs, or of any."""
    waiting = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at=None
    ).exclude(ordering_key="")
    if keys is not None:
        waiting = waiting.filter(
            vendor_id__in={vendor_id for vendor_id, _ in keys},
            ordering_key__in={key for _, key in keys},
        )
    # Most often none wait: a plain query says so.
    found = [
        (pk, (vendor_id, key))
        for pk, vendor_id, key in waiting.values_list("pk", "vendor_id", "ordering_key")
        if keys is None or (vendor_id, key) in keys
    ]
    if not found:
        return []
    firsts = first_pending({key for _, key in found})
    return [pk for pk, key in found if firsts.get(key) == pk]


def release_waiting(keys: Collection[tuple[int, str]] | None = None) -> int:
    """The first pending event of each (vendor, ordering key), if it waits, is due
    now (and dispatched; a second dispatch of one is harmless, the attempt claims
    it). Without keys: of every key (the sweep's safety net, for an event left
    waiting by a worker lost between recording the event before it and looking
    again)."""
    if keys is not None:
        keys = {(vendor_id, key) for vendor_id, key in keys if key}
        if not keys:
            return 0
    if keys is not None and connection.vendor == "postgresql":
        ids = postgres.release_waiting(keys, timezone.now())
    else:
        ids = _waiting_first(keys)
        if ids:
            Delivery.objects.filter(pk__in=ids, next_attempt_at=None).update(
                next_attempt_at=timezone.now()
            )
    dispatch(ids)
    return len(ids)


def endpoint_resume(*, vendor_id: int) -> None:
    """The endpoint is enabled again: what waited for it is due now (the first of
    each ordering key; the rest follow in order)."""
    now = timezone.now()
    waiting = Delivery.objects.filter(
        vendor_id=vendor_id, status=DeliveryStatus.PENDING
    ).exclude(next_attempt_at__isnull=True)
    waiting.update(next_attempt_at=now)
    dispatch(waiting.values_list("pk", flat=True))
