"""What the engine reads: deliveries due, the first undelivered event of an ordering
key, events left waiting, the endpoints of a batch, and an endpoint's health."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.db.models import Avg, Count, Max, Min, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from config.encryption import decrypt
from vendors.models import Delivery, DeliveryAttempt, DeliveryStatus, WebhookEndpoint
from vendors.webhooks.values import Endpoint


def deliveries_free(now: datetime, due: datetime):
    """Deliveries due by `due` that no worker holds at `now`."""
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=due
    ).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def deliveries_due(now: datetime | None = None, *, limit: int = 500) -> list[int]:
    """Deliveries due for an attempt that no worker holds, to enabled endpoints,
    oldest due first: the sweep's list."""
    now = now or timezone.now()
    return list(
        deliveries_free(now, now)
        .filter(vendor__webhook_endpoint__enabled=True)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


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


def waiting_first(keys: Collection[tuple[int, str]] | None = None) -> list[int]:
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


@lru_cache(maxsize=1024)
def _decrypted(token: str) -> str:
    """An endpoint secret from its stored form (the same token always gives the
    same secret: a batch does not pay for decrypting what the last one did)."""
    return decrypt(token) if token else ""


def endpoints_by_vendor(vendor_ids: Collection[int]) -> dict[int, Endpoint]:
    """The endpoints of these vendors, by vendor."""
    rows = WebhookEndpoint.objects.filter(vendor_id__in=vendor_ids).values_list(
        "pk",
        "vendor_id",
        "url",
        "enabled",
        # Stored form (a Fernet token): decrypted once a process, not each batch.
        Cast("secret", TextField()),
        Cast("previous_secret", TextField()),
        "previous_secret_until",
    )
    return {
        vendor_id: Endpoint(
            pk, vendor_id, url, enabled, _decrypted(secret), _decrypted(previous), until
        )
        for pk, vendor_id, url, enabled, secret, previous, until in rows
    }


@dataclass(frozen=True)
class Health:
    """An endpoint's record over the last `days`."""

    days: int
    attempts: int
    succeeded: int
    average_latency_ms: int | None
    last_success_at: datetime | None
    exhausted: int

    @property
    def success_rate(self) -> float | None:
        return self.succeeded / self.attempts if self.attempts else None

    @property
    def success_percent(self) -> int | None:
        rate = self.success_rate
        return None if rate is None else round(rate * 100)


def endpoint_health(*, vendor_id: int, days: int = 30) -> Health:
    since = timezone.now() - timedelta(days=days)
    figures = DeliveryAttempt.objects.filter(
        vendor_id=vendor_id, started_at__gte=since
    ).aggregate(
        attempts=Count("pk"),
        ok=Count("pk", filter=Q(succeeded=True)),
        latency=Avg("latency_ms", filter=Q(status_code__isnull=False)),
        last=Max("started_at", filter=Q(succeeded=True)),
    )
    exhausted = Delivery.objects.filter(
        vendor_id=vendor_id, status=DeliveryStatus.FAILED, finished_at__gte=since
    ).count()
    return Health(
        days=days,
        attempts=figures["attempts"],
        succeeded=figures["ok"],
        average_latency_ms=None
        if figures["latency"] is None
        else round(figures["latency"]),
        last_success_at=figures["last"],
        exhausted=exhausted,
    )
