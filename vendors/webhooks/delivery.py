"""The engine's entry points: attempt deliveries (a task's list, and other due ones
to fill a batch), and drain what is due batch after batch. Each batch is claimed
(`claims`), sent (`sending`) and recorded (`recording`)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vendors.webhooks import outbox, selectors
from vendors.webhooks.claims import claim, unclaim
from vendors.webhooks.recording import record
from vendors.webhooks.sending import send_all
from vendors.webhooks.values import Attempt, Outcome


def delivery_attempt(delivery_id: int) -> Outcome:
    """Make one attempt of a delivery if it is due and free; answers what happened
    (for logs and tests)."""
    return deliveries_attempt([delivery_id])[delivery_id]


def deliveries_attempt(
    delivery_ids: Iterable[int], *, fill: int = 0
) -> dict[int, Outcome]:
    """Attempt each of these deliveries that is due and that no worker holds, and
    with `fill`, other due deliveries up to that many in all (a busy engine sends
    in larger batches); answers each one's outcome."""
    delivery_ids = list(delivery_ids)
    outcomes = dict.fromkeys(delivery_ids, Outcome.SKIPPED)
    claimed = claim(delivery_ids, timezone.now(), fill=fill)
    if not claimed:
        return outcomes

    endpoints = selectors.endpoints_by_vendor({d.vendor_id for d in claimed})
    waiting, idle, attempts = [], [], []
    for delivery in claimed:
        endpoint = endpoints.get(delivery.vendor_id)
        if delivery.behind:
            waiting.append(delivery)
        elif endpoint is None or not endpoint.enabled:
            # It waits for an endpoint; enabling one makes it due again.
            idle.append(delivery)
        else:
            attempts.append(Attempt(delivery, endpoint))
    if waiting:
        unclaim(waiting, next_attempt_at=None)
        # The events they wait for may have been recorded meanwhile, their release
        # not seeing these yet: look again now that these wait visibly.
        keys = {(d.vendor_id, d.ordering_key) for d in waiting}
        transaction.on_commit(lambda: outbox.release_waiting(keys))
    if idle:
        unclaim(idle)
    outcomes.update(dict.fromkeys((d.pk for d in waiting + idle), Outcome.WAITING))
    outcomes.update(send_all(attempts, record))
    return outcomes


def drain(*, alone: bool = False) -> int:
    """Send what is due, WEBHOOKS_BATCH deliveries at a time (oldest due first),
    until nothing is; answers how many deliveries it took.

    A commit from its start on, which it may not see, wakes another drain
    (`outbox.woken`). After each full batch it wakes another (one at most waiting
    for a worker), so that under load every worker process sends, and it stops
    after WEBHOOKS_DRAIN_SECONDS, leaving its worker process to other tasks.
    `alone` (tasks run in place, no broker): neither, it sends everything due."""
    outbox.woken()
    taken = 0
    until = time.monotonic() + settings.WEBHOOKS_DRAIN_SECONDS
    while True:
        outcomes = deliveries_attempt([], fill=settings.WEBHOOKS_BATCH)
        taken += len(outcomes)
        if len(outcomes) < settings.WEBHOOKS_BATCH:
            return taken
        if not alone:
            outbox.wake()
            if time.monotonic() >= until:
                return taken
