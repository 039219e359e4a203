"""What the engine's modules hand each other: a delivery as a worker holds it, the
endpoint it goes to, what one request gave, and what an attempt came to."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.utils import timezone


class Outcome(enum.StrEnum):
    """What an attempt of a delivery came to (for logs and tests; never stored)."""

    DELIVERED = "delivered"  # the endpoint answered 2xx
    RETRY = "retry"  # it did not; another attempt is scheduled
    FAILED = "failed"  # it did not, on the last attempt
    GONE = "gone"  # the endpoint is disabled now (410, or failing for days)
    WAITING = "waiting"  # not sent: an earlier event of its key, or no endpoint
    SKIPPED = "skipped"  # not this worker's: not due, held by another, or recorded


@dataclass(frozen=True)
class Sent:
    """What one request gave: a status and body, or an error."""

    status_code: int | None
    body: bytes
    headers: dict[str, str]
    latency_ms: int
    error: str = ""

    @property
    def succeeded(self) -> bool:
        code = self.status_code
        return code is not None and 200 <= code < 300


class Claimed(NamedTuple):
    """A delivery a worker holds: what an attempt reads of it."""

    pk: int
    vendor_id: int
    webhook_id: str
    event_type: str
    body: str
    ordering_key: str
    handler: str
    attempt_count: int
    # An undelivered event of its ordering key comes before it.
    behind: bool
    claim: uuid.UUID

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"


class Endpoint(NamedTuple):
    """Where a batch's deliveries go, as the batch reads it (secrets decrypted)."""

    pk: int
    vendor_id: int
    url: str
    enabled: bool
    secret: str
    previous_secret: str
    previous_secret_until: datetime | None


@dataclass(eq=False)
class Attempt:
    """One request of a batch: what was sent, when, and what came back."""

    delivery: Claimed
    endpoint: Endpoint
    started_at: datetime = field(default_factory=timezone.now)
    headers: dict[str, str] = field(default_factory=dict)
    sent: Sent | None = None

    @property
    def succeeded(self) -> bool:
        return self.sent is not None and self.sent.succeeded
