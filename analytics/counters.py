"""Counting listing views as they happen, without keeping anything about who viewed.

A view is one more in a Redis hash per day (`HINCRBY analytics:views:<day>
<listing id> 1`): no row is written while the page is served, and nothing but the
listing and the day is kept. The rollup task moves the counts into
`ListingViewDay` (`views_drain`). Without Redis (REDIS_URL unset: development and
the SQLite test runs) a view is added to the database at once instead. When Redis is
out of reach the view is not counted — the page is served all the same.

Bots are not counted: `config.robots.is_bot` tells them by their user agent.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "analytics:views:"
# A day's hash being moved into the database: renamed first, so views counted
# meanwhile go into a new hash and none is lost or moved twice.
DRAINING = "analytics:views-draining:"
# A page view must not wait for Redis: 250 ms at most, then it is not counted.
TIMEOUT = 0.25


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
    )


def redis_client() -> redis.Redis | None:
    """The Redis views are counted in, or None when there is none (REDIS_URL)."""
    url = getattr(settings, "REDIS_URL", "")
    return _client(url) if url else None


def count(
    listing_id: int, day: date, add_now: Callable[[int, date, int], None]
) -> bool:
    """One view of a listing on a day: into Redis, or through `add_now` (the
    database) without Redis. False when it could not be counted."""
    client = redis_client()
    if client is None:
        add_now(listing_id, day, 1)
        return True
    try:
        client.hincrby(f"{KEY}{day.isoformat()}", str(listing_id), 1)
    except redis.RedisError as error:
        logger.warning("A listing view was not counted: %s", error)
        return False
    return True


def drain(add: Callable[[dict[int, int], date], None]) -> int:
    """Hand every day's counts in Redis to `add` (which writes them to the
    database) and remove them once written. Answers how many views were moved.

    At least once: a crash between `add` and the removal moves that day's counts
    again on the next run. Redis out of reach: nothing is moved, and the counts
    wait there for the next run."""
    client = redis_client()
    if client is None:
        return 0
    moved = 0
    try:
        for key in list(_keys(client, f"{KEY}*")):
            day = key.removeprefix(KEY)
            try:
                client.rename(key, f"{DRAINING}{day}:{_token()}")
            except redis.ResponseError:
                continue  # another run took it first
        # Bounded: at most this many day hashes per run (a backlog drains over runs).
        for key in list(_keys(client, f"{DRAINING}*"))[:400]:
            day_text = key.removeprefix(DRAINING).split(":", 1)[0]
            counts = {
                int(listing): int(views)
                for listing, views in client.hgetall(key).items()
                if int(views) > 0
            }
            if counts:
                add(counts, date.fromisoformat(day_text))
                moved += sum(counts.values())
            client.delete(key)
    except redis.RedisError as error:
        logger.warning("Listing views could not be moved from Redis: %s", error)
    return moved


def _keys(client: redis.Redis, pattern: str) -> Iterator[str]:
    for key in client.scan_iter(match=pattern, count=500):
        yield key.decode() if isinstance(key, bytes) else key


def _token() -> str:
    return secrets.token_hex(6)
