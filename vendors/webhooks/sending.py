"""Sending a batch: each request signed as it goes out, fast endpoints one after
another in the worker's own thread, the others side by side in a pool of threads,
and the finished ones handed on to be recorded a chunk at a time while the rest are
still on their way.

Endpoints that answered within INLINE_UNDER_MS lately (on average, as this process
saw them) are sent to from the worker's own thread: a thread hop costs about as much
CPU as a fast request. Only until those requests have taken INLINE_FOR seconds in
all, or one was slow: then the rest of the batch goes to the threads too, so the
worker's thread waits for one slow answer at most. The others, and endpoints not
seen yet, go to WEBHOOKS_SENDERS threads."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.utils import timezone

from vendors.webhooks import signing, transport
from vendors.webhooks.values import Attempt, Outcome, Sent

logger = logging.getLogger(__name__)

INLINE_UNDER_MS = 50
INLINE_FOR = 0.25
# Finished requests are recorded together once this many have finished, or
# WEBHOOKS_RECORD_AFTER seconds after the first of them finished.
RECORD_EVERY = 50

Record = Callable[[list[Attempt]], dict[int, Outcome]]

_senders: ThreadPoolExecutor | None = None
# Each endpoint's recent latency (ms), as this process saw it, by (id, URL): a new
# URL is a new endpoint to learn.
_latency: dict[tuple[int, str], float] = {}


def _pool() -> ThreadPoolExecutor:
    """The threads a worker process sends a batch's requests with (started in the
    process that uses them, after the worker forks)."""
    global _senders
    if _senders is None:
        _senders = ThreadPoolExecutor(
            max_workers=settings.WEBHOOKS_SENDERS, thread_name_prefix="webhooks"
        )
    return _senders


def _endpoint_key(attempt: Attempt) -> tuple[int, str]:
    return attempt.endpoint.pk, attempt.endpoint.url


def _inline(attempt: Attempt) -> bool:
    return _latency.get(_endpoint_key(attempt), INLINE_UNDER_MS) < INLINE_UNDER_MS


def _send(attempt: Attempt) -> Sent:
    """Sign (with the time it goes out, whatever it waited in the batch) and send."""
    delivery, timestamp = attempt.delivery, timezone.now()
    attempt.started_at = timestamp
    attempt.headers = signing.request_headers(
        attempt.endpoint,
        webhook_id=delivery.webhook_id,
        timestamp=timestamp,
        body=delivery.body,
    )
    return transport.send(attempt.endpoint.url, delivery.body, attempt.headers)


def send_all(attempts: list[Attempt], record: Record) -> dict[int, Outcome]:
    """Send the requests (fast endpoints one after another, the rest side by side)
    and `record` them as they finish, a chunk at a time; answers each one's outcome.
    A request whose sending raised is left claimed: sent again once the claim
    lapses."""
    outcomes: dict[int, Outcome] = {}
    finished: list[Attempt] = []
    first_finished = 0.0
    record_after = settings.WEBHOOKS_RECORD_AFTER

    def done(attempt: Attempt, sent: Sent) -> None:
        nonlocal first_finished
        attempt.sent = sent
        key = _endpoint_key(attempt)
        previous = _latency.get(key, sent.latency_ms)
        _latency[key] = 0.7 * previous + 0.3 * sent.latency_ms
        if not finished:
            first_finished = time.monotonic()
        finished.append(attempt)

    def record_finished(*, now: bool = False) -> None:
        young = time.monotonic() - first_finished < record_after
        if finished and (now or not young or len(finished) >= RECORD_EVERY):
            outcomes.update(record(finished))
            finished.clear()

    single = len(attempts) == 1
    inline: list[Attempt] = []
    running: dict[Future, Attempt] = {}
    for attempt in attempts:
        if single or _inline(attempt):
            inline.append(attempt)
        else:
            running[_pool().submit(_send, attempt)] = attempt
    inline_until = time.monotonic() + INLINE_FOR
    for attempt in inline:
        if single or (time.monotonic() < inline_until and _inline(attempt)):
            sent = _send(attempt)
            done(attempt, sent)
            record_finished()
            if sent.latency_ms >= INLINE_UNDER_MS:
                inline_until = 0
        else:
            running[_pool().submit(_send, attempt)] = attempt
    while running:
        finished_futures, _ = wait(
            running, timeout=record_after, return_when=FIRST_COMPLETED
        )
        for future in finished_futures:
            attempt = running.pop(future)
            try:
                done(attempt, future.result())
            except Exception:
                logger.exception("webhooks: sending %s failed", attempt.delivery)
        record_finished()
    record_finished(now=True)
    return outcomes
