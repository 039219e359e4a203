"""The engine's times: how long a claim lasts, when a failed delivery is tried again
(the schedule, or what the endpoint's `Retry-After` asks), and which waits go to the
broker rather than the sweep."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.utils import timezone

from vendors.webhooks.values import Sent

# Added to a claim's length, for the time around the requests (claiming, recording).
CLAIM_MARGIN = timedelta(seconds=20)
RETRY_AFTER_MAX = timedelta(hours=24)
# Retries due within this go to the broker as a delayed message; later ones are left
# to the sweep (a broker holds a delayed message in memory until it is due).
BROKER_WAIT_MAX = timedelta(minutes=10)


def claim_lapse(count: int) -> timedelta:
    """How long a claim of `count` deliveries lasts: as long as sending them may
    take (see `sending.send_all`), a request's timeout for each round of
    WEBHOOKS_SENDERS requests and one more for an answer waited for in the worker's
    thread, and a margin."""
    rounds = 1 if count == 1 else 1 + math.ceil(count / settings.WEBHOOKS_SENDERS)
    return timedelta(seconds=settings.WEBHOOKS_TIMEOUT * rounds) + CLAIM_MARGIN


def retry_delay(attempt_count: int, sent: Sent | None = None) -> timedelta | None:
    """How long until the next attempt after `attempt_count` attempts: the schedule
    with up to 10 % jitter, or the endpoint's `Retry-After` on 429 and 503. None:
    no attempts left."""
    delays = settings.WEBHOOKS_RETRY_DELAYS
    if attempt_count > len(delays):
        return None
    if sent is not None and sent.status_code in (429, 503):
        asked = retry_after(sent.headers.get("retry-after", ""))
        if asked is not None:
            return min(asked, RETRY_AFTER_MAX)
    base = delays[attempt_count - 1]
    return timedelta(seconds=base * (1 + random.uniform(0, 0.1)))  # noqa: S311


def retry_after(value: str) -> timedelta | None:
    """An endpoint's `Retry-After`: seconds, or an HTTP date. Whatever else it says
    (other digits, a number too large for a date) counts as not said."""
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        # Nine digits are years already; the caller caps it at RETRY_AFTER_MAX.
        if len(value) > 9:
            return RETRY_AFTER_MAX
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(when - timezone.now(), timedelta(0))
