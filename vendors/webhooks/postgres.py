"""The delivery engine's busiest statements in PostgreSQL's own SQL: each step of a
batch (claiming, recording successes, releasing the next event of each ordering key)
is one statement however many deliveries it concerns, with arrays for parameters.
`delivery` and `outbox` use these on PostgreSQL and the ORM elsewhere (SQLite, in
development); both give the same results.

The statuses are written into the text, not passed as parameters: the partial
indexes on pending rows (`delivery_due`, `delivery_in_order`) serve a query only if
its conditions say what theirs do.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime

from django.db import connection, transaction

from vendors.models import Delivery, DeliveryStatus, WebhookEndpoint


def in_use() -> bool:
    """Whether the database is PostgreSQL, and these statements serve."""
    return connection.vendor == "postgresql"


DELIVERY = Delivery._meta.db_table
ENDPOINT = WebhookEndpoint._meta.db_table
PENDING = DeliveryStatus.PENDING.value
DELIVERED = DeliveryStatus.DELIVERED.value

# Due, and held by no worker (see `delivery._claim`).
_FREE = (
    f"d.status = '{PENDING}' AND d.next_attempt_at <= %(due)s"
    " AND (d.claimed_until IS NULL OR d.claimed_until < %(now)s)"
)

# These deliveries if free, then the oldest due others of enabled endpoints up to
# `fill` in all; rows another worker is locking are skipped, not waited for.
_PICK = f"""
WITH mine AS (
    SELECT d.id FROM {DELIVERY} d
    WHERE d.id = ANY(%(ids)s) AND {_FREE}
    FOR UPDATE SKIP LOCKED
), more AS (
    SELECT d.id FROM {DELIVERY} d
    WHERE {_FREE} AND NOT d.id = ANY(%(ids)s)
      AND EXISTS (
        SELECT FROM {ENDPOINT} e WHERE e.vendor_id = d.vendor_id AND e.enabled
      )
    ORDER BY d.next_attempt_at
    LIMIT greatest(%(fill)s - (SELECT count(*) FROM mine), 0)
    FOR UPDATE OF d SKIP LOCKED
)
SELECT id FROM mine UNION ALL SELECT id FROM more
"""  # noqa: S608 - names and statuses come from the models

# Marks the picked rows claimed; answers what an attempt reads of each, and whether
# an undelivered event of its ordering key comes before it.
_MARK = f"""
UPDATE {DELIVERY} d SET claim = %(claim)s, claimed_until = %(until)s
WHERE d.id = ANY(%(ids)s)
RETURNING d.id, d.vendor_id, d.webhook_id, d.event_type, d.body, d.ordering_key,
    d.handler, d.attempt_count,
    d.ordering_key <> '' AND EXISTS (
        SELECT FROM {DELIVERY} e
        WHERE e.vendor_id = d.vendor_id AND e.ordering_key = d.ordering_key
          AND e.status = '{PENDING}' AND e.ordering_key <> '' AND e.id < d.id
    )
"""  # noqa: S608 - names and statuses come from the models

# Successes, each with its status code, while the claim still holds them; a success
# ends its endpoint's failing spell. Answers how many were recorded.
_DELIVERED = f"""
WITH done AS (
    UPDATE {DELIVERY} d
    SET status = '{DELIVERED}', attempt_count = d.attempt_count + 1,
        last_status_code = answered.code, last_error = '', claim = NULL,
        claimed_until = NULL, next_attempt_at = NULL, finished_at = %(now)s
    FROM unnest(%(ids)s::bigint[], %(codes)s::integer[]) AS answered(id, code)
    WHERE d.id = answered.id AND d.claim = %(claim)s AND d.status = '{PENDING}'
    RETURNING d.id
), healed AS (
    UPDATE {ENDPOINT} SET failing_since = NULL, updated_at = %(now)s
    WHERE id = ANY(%(endpoints)s) AND failing_since IS NOT NULL
)
SELECT count(*) FROM done
"""  # noqa: S608 - names and statuses come from the models

# The first pending event of each (vendor, ordering key) pair, if it waits, is due
# now. Answers those released.
_RELEASE = f"""
UPDATE {DELIVERY} d SET next_attempt_at = %(now)s
FROM unnest(%(vendors)s::bigint[], %(keys)s::text[]) AS k(vendor_id, ordering_key),
LATERAL (
    SELECT p.id FROM {DELIVERY} p
    WHERE p.vendor_id = k.vendor_id AND p.ordering_key = k.ordering_key
      AND p.status = '{PENDING}' AND p.ordering_key <> ''
    ORDER BY p.id LIMIT 1
) AS first
WHERE d.id = first.id AND d.next_attempt_at IS NULL AND d.status = '{PENDING}'
RETURNING d.id
"""  # noqa: S608 - names and statuses come from the models


def claim(
    ids: Sequence[int],
    *,
    fill: int,
    now: datetime,
    due: datetime,
    lapse,
    claim_id: uuid.UUID,
) -> list[tuple]:
    """Claim these deliveries that are free and others up to `fill`; `lapse(count)`
    is how long a claim of that many lasts. Answers a row for each (see `_MARK`), in
    id order."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PICK, {"ids": list(ids), "fill": fill, "now": now, "due": due})
        picked = [row[0] for row in cursor.fetchall()]
        if not picked:
            return []
        cursor.execute(
            _MARK,
            {"ids": picked, "claim": claim_id, "until": now + lapse(len(picked))},
        )
        return sorted(cursor.fetchall())


def record_delivered(
    claim_id: uuid.UUID,
    codes: dict[int, int],
    endpoint_ids: Collection[int],
    now: datetime,
) -> int:
    """Record these deliveries ({id: status code}) delivered if this claim still
    holds them; answers how many it did."""
    with connection.cursor() as cursor:
        cursor.execute(
            _DELIVERED,
            {
                "ids": list(codes),
                "codes": list(codes.values()),
                "claim": claim_id,
                "endpoints": list(endpoint_ids),
                "now": now,
            },
        )
        return cursor.fetchone()[0]


def release_waiting(keys: Collection[tuple[int, str]], now: datetime) -> list[int]:
    """Make due the first pending event of each of these (vendor, ordering key)
    pairs if it waits; answers their ids."""
    pairs = sorted(keys)
    with connection.cursor() as cursor:
        cursor.execute(
            _RELEASE,
            {
                "vendors": [vendor_id for vendor_id, _ in pairs],
                "keys": [key for _, key in pairs],
                "now": now,
            },
        )
        return [row[0] for row in cursor.fetchall()]
