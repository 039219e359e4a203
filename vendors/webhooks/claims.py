"""Claims: a worker marks the deliveries it is about to send, so that no other
worker sends them at the same time.

A claim takes due rows that no worker holds, locking them and skipping (not waiting
for) rows another worker is claiming, so concurrent workers take different
deliveries. It lapses after as long as sending the batch may take
(`schedule.claim_lapse`): a worker killed mid-request leaves its deliveries to the
sweep, which sends them again with the same `webhook-id`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction

from vendors.models import Delivery
from vendors.webhooks import selectors
from vendors.webhooks.schedule import claim_lapse
from vendors.webhooks.values import Claimed


def claim(delivery_ids: Sequence[int], now: datetime, *, fill: int) -> list[Claimed]:
    """Claim those of these deliveries that are due and that no worker holds, and
    with `fill`, other due ones of enabled endpoints (oldest first) up to that many
    in all; answers the claimed deliveries, in id order."""
    claim_id = uuid.uuid4()
    free = selectors.deliveries_free(now, now + timedelta(seconds=1))
    with transaction.atomic():
        wanted = list(
            free.filter(pk__in=delivery_ids)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)
        )
        if fill > len(wanted):
            wanted += (
                free.filter(vendor__webhook_endpoint__enabled=True)
                .exclude(pk__in=delivery_ids)
                .order_by("next_attempt_at")
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[: fill - len(wanted)]
            )
        if not wanted:
            return []
        # Conditional again: without row locks (SQLite), the write decides.
        claimed = free.filter(pk__in=wanted).update(
            claim=claim_id, claimed_until=now + claim_lapse(len(wanted))
        )
    if not claimed:
        return []
    held = [
        Claimed._make((*row, False, claim_id))
        for row in Delivery.objects.filter(claim=claim_id)
        .order_by("pk")
        .values_list(*Claimed._fields[:-2])
    ]
    keys = {(d.vendor_id, d.ordering_key) for d in held if d.ordering_key}
    firsts = selectors.first_pending(keys) if keys else {}
    return [
        d._replace(behind=firsts.get((d.vendor_id, d.ordering_key), d.pk) < d.pk)
        for d in held
    ]


def unclaim(deliveries: list[Claimed], **changes) -> None:
    """Give these deliveries back unsent (with these changes)."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        claim=None, claimed_until=None, **changes
    )
