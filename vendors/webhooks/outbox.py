"""The outbox: an event is a `Delivery` row written in the caller's transaction, so it
exists exactly when the change it announces does. Its commit wakes the engine, which
sends what is due; a periodic sweep wakes it for what is due and was never (or no
longer) taken."""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from collections.abc import Collection
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils import timezone

from vendors.models import Delivery, DeliveryStatus, Vendor
from vendors.webhooks import selectors
from vendors.webhooks.tasks import deliveries_attempt_task, deliveries_drain_task

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
    wake()
    return delivery


# The cache key that says a wake-up message is waiting for a worker, and how long it
# stands for the commits meanwhile at most (past it, after a message was lost with
# its broker say, the next commit sends another).
WAKE_KEY = "webhooks:wake"
WAKE_FOR = 5


def _wake_shared() -> bool:
    """Whether processes share wake-ups: through a cache they all read (Redis), with
    tasks going through a broker. Otherwise each transaction wakes the engine."""
    return not settings.CELERY_TASK_ALWAYS_EAGER and not isinstance(
        caches["default"], LocMemCache
    )


def _wake_now() -> None:
    shared = _wake_shared()
    try:
        if shared and not cache.add(WAKE_KEY, 1, timeout=WAKE_FOR):
            return  # a drain is on its way, and will see this commit
        deliveries_drain_task.apply_async()
    except Exception:
        logger.warning("webhooks: could not wake the engine; the sweep will")
        if shared:
            with contextlib.suppress(Exception):
                cache.delete(WAKE_KEY)


def woken() -> None:
    """A drain starts: a commit from now on, which it may not see, wakes another."""
    if _wake_shared():
        try:
            cache.delete(WAKE_KEY)
        except Exception:
            logger.warning("webhooks: could not reset the wake-up", exc_info=True)


def _wake_owed(connection) -> None:
    if connection.__dict__.pop("webhooks_wake", False):
        _wake_now()


def wake() -> None:
    """Have a worker send what is due, once the current transaction commits (at once
    outside one).

    A transaction wakes the engine once, however many events it wrote; and while a
    wake-up message waits for a worker, later commits send none (`_wake_shared`):
    the drain it starts sends their events too (`delivery.drain`). (A savepoint
    rolled back may leave a wake-up owed, sent with the next commit: it finds
    nothing more to send.)"""
    connection = transaction.get_connection()
    connection.__dict__["webhooks_wake"] = True
    transaction.on_commit(partial(_wake_owed, connection))


def retry(delivery_ids: list[int], *, countdown: float) -> None:
    """Attempt these deliveries again in `countdown` seconds, once the current
    transaction commits (the sweep sends them if the message is lost)."""

    def queue() -> None:
        try:
            deliveries_attempt_task.apply_async((delivery_ids,), countdown=countdown)
        except Exception:
            logger.warning(
                "webhooks: could not queue deliveries %s; the sweep will", delivery_ids
            )

    transaction.on_commit(queue)


def sweep() -> int:
    """Wake the engine if any delivery is due (a lost wake-up, a retry whose message
    was lost, a worker killed while sending), and release events left waiting; answers
    how many it found. Safe to run any time: an attempt claims its deliveries first."""
    ids = selectors.deliveries_due(timezone.now() + timedelta(seconds=1))
    if ids:
        wake()
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


def release_waiting(keys: Collection[tuple[int, str]] | None = None) -> int:
    """The first pending event of each (vendor, ordering key), if it waits, is due
    now (and the engine woken; a second release of one is harmless, the attempt claims
    it). Without keys: of every key (the sweep's safety net, for an event left
    waiting by a worker lost between recording the event before it and looking
    again)."""
    if keys is not None:
        keys = {(vendor_id, key) for vendor_id, key in keys if key}
        if not keys:
            return 0
    ids = selectors.waiting_first(keys)
    released = Delivery.objects.filter(pk__in=ids, next_attempt_at=None).update(
        next_attempt_at=timezone.now()
    )
    if released:
        wake()
    return released


def endpoint_resume(*, vendor_id: int) -> None:
    """The endpoint is enabled again: what waited for it is due now (the first of
    each ordering key; the rest follow in order)."""
    now = timezone.now()
    waiting = Delivery.objects.filter(
        vendor_id=vendor_id, status=DeliveryStatus.PENDING
    ).exclude(next_attempt_at__isnull=True)
    if waiting.update(next_attempt_at=now):
        wake()
