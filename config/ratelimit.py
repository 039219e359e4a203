"""At most so many of something per key in a window, counted in the cache: test
webhook events per vendor, verification e-mails per user, password resets per
address and per client address.

Rates are written as API_RATE_* are: "10/hour" (second, minute, hour or day). The
windows are fixed (each hour from the full hour, …) and counted in the default
cache: shared by every process through Redis in production, per process with the
local-memory cache in development.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def rate_parse(rate: str) -> Rate:
    """ "10/hour" → Rate(10, 3600)."""
    count, _slash, period = rate.partition("/")
    try:
        return Rate(int(count), PERIODS[period.strip()[:1].lower()])
    except (KeyError, ValueError) as error:
        raise ValueError(
            f"A rate is a number, a slash and second, minute, hour or day: {rate!r}"
        ) from error


class RateLimited(Exception):
    """More than the rate allows; `retry_after` seconds until the window ends."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def rate_limit_hit(key: str, rate: str, message: str = "") -> None:
    """Count one more for `key`; raise `RateLimited` (with `message`) when that one
    is more than `rate` allows in the current window."""
    limit = rate_parse(rate)
    now = time.time()
    window = int(now // limit.seconds)
    cache_key = f"ratelimit:{key}:{window}"
    if cache.add(cache_key, 1, timeout=limit.seconds):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=limit.seconds)
            count = 1
    if count > limit.count:
        retry_after = math.ceil((window + 1) * limit.seconds - now)
        raise RateLimited(message, retry_after=max(1, retry_after))
