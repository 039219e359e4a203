"""Delivery attempts: claim a batch of deliveries, send them signed and side by
side, log every attempt, read the answers, and schedule what comes next; a drain
does so batch after batch until nothing is due.

The claim marks the rows it takes, locked and skipping rows another worker locks, so
two workers never send the same delivery at once; it lapses after as long as sending
the batch may take, so a worker killed mid-request leaves the delivery to the sweep,
which sends the same `webhook-id` again. Recording an
outcome takes the row lock and ignores an outcome already recorded. Successes are
recorded a batch at a time; anything else (a failure, an answer a handler reads) one
delivery at a time, as it needs.
"""

from __future__ import annotations

import json
import logging
import math
import random
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import NamedTuple

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from config.encryption import decrypt
from vendors.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    WebhookEndpoint,
)
from vendors.webhooks import handlers, outbox, postgres, signing, ssrf
from vendors.webhooks.endpoints import endpoint_disable, mail_vendor

logger = logging.getLogger(__name__)

USER_AGENT = "Agora-Webhooks/1"
RESPONSE_LOG_BYTES = 2048
# The most of a response body read (the rest is not needed to interpret it).
RESPONSE_READ_BYTES = 64 * 1024
CLAIM_MARGIN = timedelta(seconds=20)
RETRY_AFTER_MAX = timedelta(hours=24)


@dataclass(frozen=True)
class Sent:
    """What one request gave: a status and body, or an error."""

    status_code: int | None
    body: bytes
    headers: dict[str, str]
    latency_ms: int
    error: str = ""


def secrets_in_force(endpoint: WebhookEndpoint | Endpoint, now: datetime) -> list[str]:
    secrets = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and endpoint.previous_secret_until > now
    ):
        secrets.append(endpoint.previous_secret)
    return secrets


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


def _lapse(count: int) -> timedelta:
    """How long a claim of `count` deliveries lasts: as long as sending them may
    take (see `_send_all`), a request's timeout for each round of WEBHOOKS_SENDERS
    requests and one more for an answer waited for in the worker's thread, and a
    margin."""
    rounds = 1 if count == 1 else 1 + math.ceil(count / settings.WEBHOOKS_SENDERS)
    return timedelta(seconds=settings.WEBHOOKS_TIMEOUT * rounds) + CLAIM_MARGIN


def _claim(delivery_ids: list[int], now: datetime, *, fill: int) -> list[Claimed]:
    """Claim those of these deliveries that are due and that no worker holds, and
    with `fill`, other due ones (oldest first) up to that many in all; answers the
    claimed deliveries, in id order.

    Rows another worker is claiming at the same moment are skipped, not waited for
    (so concurrent workers take different deliveries). The claim lasts `_lapse`."""
    claim = uuid.uuid4()
    due = now + timedelta(seconds=1)
    if postgres.in_use():
        rows = postgres.claim(
            delivery_ids, fill=fill, now=now, due=due, lapse=_lapse, claim_id=claim
        )
        return [Claimed._make((*row, claim)) for row in rows]

    free = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=due
    ).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
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
            claim=claim, claimed_until=now + _lapse(len(wanted))
        )
    if not claimed:
        return []
    held = [
        Claimed._make((*row, False, claim))
        for row in Delivery.objects.filter(claim=claim)
        .order_by("pk")
        .values_list(*Claimed._fields[:-2])
    ]
    keys = {(d.vendor_id, d.ordering_key) for d in held if d.ordering_key}
    firsts = outbox.first_pending(keys) if keys else {}
    return [
        d._replace(behind=firsts.get((d.vendor_id, d.ordering_key), d.pk) < d.pk)
        for d in held
    ]


def _unclaim(deliveries: list[Claimed], **changes) -> None:
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        claim=None, claimed_until=None, **changes
    )


@lru_cache(maxsize=1024)
def _decrypted(token: str) -> str:
    """An endpoint secret from its stored form (the same token always gives the
    same secret: a batch does not pay for decrypting what the last one did)."""
    return decrypt(token) if token else ""


class Endpoint(NamedTuple):
    """Where a batch's deliveries go, as the batch reads it."""

    pk: int
    vendor_id: int
    url: str
    enabled: bool
    secret: str
    previous_secret: str
    previous_secret_until: datetime | None


def _endpoints(vendor_ids: set[int]) -> dict[int, Endpoint]:
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


_transport: ssrf.GuardedTransport | None = None


def _http() -> ssrf.GuardedTransport:
    """One connection pool a process, so connections to an endpoint are reused.

    Requests go to httpx's transport itself, not through a client: a webhook sender
    keeps no cookies from one request to the next, follows no redirects and asks
    for no compressed answers, and a client's layer above the transport costs about
    a third of a request's CPU."""
    global _transport
    if _transport is None:
        _transport = ssrf.GuardedTransport()
    return _transport


def send(url: str, body: str, headers: dict[str, str]) -> Sent:
    """POST the body; the whole request, answer included, within the timeout."""
    started = time.monotonic()
    deadline = started + settings.WEBHOOKS_TIMEOUT

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        request = httpx.Request(
            "POST",
            url,
            content=body.encode(),
            headers=headers,
            extensions={"timeout": httpx.Timeout(settings.WEBHOOKS_TIMEOUT).as_dict()},
        )
        response = _http().handle_request(request)
        try:
            chunks, size = [], 0
            for chunk in response.iter_raw():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer took too long")
                chunks.append(chunk)
                size += len(chunk)
                if size >= RESPONSE_READ_BYTES:
                    break
        finally:
            response.close()
        return Sent(
            status_code=response.status_code,
            body=b"".join(chunks)[:RESPONSE_READ_BYTES],
            headers=dict(response.headers),
            latency_ms=elapsed(),
        )
    except httpx.TimeoutException:
        return Sent(None, b"", {}, elapsed(), error="timed out")
    except httpx.ConnectError as error:
        return Sent(None, b"", {}, elapsed(), error=str(error)[:300])
    except httpx.HTTPError as error:
        return Sent(
            None, b"", {}, elapsed(), error=f"{type(error).__name__}: {error}"[:300]
        )


_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api[_-]?key|authorization", re.I)


def _redact(value):
    if isinstance(value, dict):
        return {
            key: "[redacted]" if _SECRET_KEYS.search(str(key)) else _redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


_SECRET_PAIRS = re.compile(
    r'("?(?:pass(?:word)?|secret|token|api[_-]?key|authorization)"?\s*[:=]\s*)'
    r'("[^"]*"|[^\s,&}]+)',
    re.I,
)


def redact_body(body: bytes) -> str:
    """A response body as logged: passwords, secrets and tokens replaced, cut to
    2 KB."""
    text = body.decode("utf-8", errors="replace")
    try:
        text = json.dumps(_redact(json.loads(text)), ensure_ascii=False)
    except ValueError:
        text = _SECRET_PAIRS.sub(r'\1"[redacted]"', text)
    return text[:RESPONSE_LOG_BYTES]


def retry_delay(attempt_count: int, sent: Sent | None = None) -> timedelta | None:
    """How long until the next attempt after `attempt_count` attempts: the schedule
    with up to 10 % jitter, or the endpoint's `Retry-After` on 429 and 503. None:
    no attempts left."""
    delays = settings.WEBHOOKS_RETRY_DELAYS
    if attempt_count > len(delays):
        return None
    if sent is not None and sent.status_code in (429, 503):
        asked = _retry_after(sent.headers.get("retry-after", ""))
        if asked is not None:
            return min(asked, RETRY_AFTER_MAX)
    base = delays[attempt_count - 1]
    return timedelta(seconds=base * (1 + random.uniform(0, 0.1)))  # noqa: S311


def _retry_after(value: str) -> timedelta | None:
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


@dataclass(eq=False)
class _Attempt:
    """One request of a batch: what was sent, when, and what came back."""

    delivery: Claimed
    endpoint: Endpoint
    started_at: datetime = field(default_factory=timezone.now)
    headers: dict[str, str] = field(default_factory=dict)
    sent: Sent | None = None

    def send(self) -> Sent:
        """Sign (with the time it goes out, whatever it waited in the batch) and
        send."""
        delivery, timestamp = self.delivery, timezone.now()
        signature = signing.signature_header(
            secrets_in_force(self.endpoint, timestamp),
            webhook_id=delivery.webhook_id,
            timestamp=timestamp,
            body=delivery.body,
        )
        self.started_at = timestamp
        self.headers = {
            "webhook-id": delivery.webhook_id,
            "webhook-timestamp": str(int(timestamp.timestamp())),
            "webhook-signature": signature,
            "content-type": "application/json",
            "user-agent": USER_AGENT,
        }
        return send(self.endpoint.url, delivery.body, self.headers)

    @property
    def logged_headers(self) -> dict[str, str]:
        signature = self.headers["webhook-signature"]
        return {
            **self.headers,
            "webhook-signature": signing.redact_signature(signature),
        }

    @property
    def succeeded(self) -> bool:
        code = self.sent.status_code if self.sent else None
        return code is not None and 200 <= code < 300


def delivery_attempt(delivery_id: int) -> str:
    """Make one attempt of a delivery if it is due and free; answers what happened
    (for logs and tests): `delivered`, `retry`, `failed`, `gone`, `waiting` or
    `skipped`."""
    return deliveries_attempt([delivery_id])[delivery_id]


def deliveries_attempt(delivery_ids: Iterable[int], *, fill: int = 0) -> dict[int, str]:
    """Attempt each of these deliveries that is due and that no worker holds, and
    with `fill`, other due deliveries up to that many in all (a busy engine sends
    in larger batches); answers each one's outcome (see `delivery_attempt`)."""
    delivery_ids = list(delivery_ids)
    outcomes = dict.fromkeys(delivery_ids, "skipped")
    claimed = _claim(delivery_ids, timezone.now(), fill=fill)
    if not claimed:
        return outcomes

    endpoints = _endpoints({d.vendor_id for d in claimed})
    waiting, idle, attempts = [], [], []
    for delivery in claimed:
        endpoint = endpoints.get(delivery.vendor_id)
        if delivery.behind:
            waiting.append(delivery)
        elif endpoint is None or not endpoint.enabled:
            # It waits for an endpoint; enabling one makes it due again.
            idle.append(delivery)
        else:
            attempts.append(_Attempt(delivery, endpoint))
    if waiting:
        _unclaim(waiting, next_attempt_at=None)
        # The events they wait for may have been recorded meanwhile, their release
        # not seeing these yet: look again now that these wait visibly.
        keys = {(d.vendor_id, d.ordering_key) for d in waiting}
        transaction.on_commit(lambda: outbox.release_waiting(keys))
    if idle:
        _unclaim(idle)
    outcomes.update(dict.fromkeys((d.pk for d in waiting + idle), "waiting"))
    outcomes.update(_send_all(attempts))
    return outcomes


# A drain sends batches until none is due, for this long at most: then it leaves its
# worker process to other tasks (another drain is on its way).
DRAIN_FOR = 10.0


def drain(*, alone: bool = False) -> int:
    """Send what is due, WEBHOOKS_BATCH deliveries at a time (oldest due first),
    until nothing is; answers how many deliveries it took.

    After each full batch it wakes another drain (`outbox.wake`: one at most
    waiting for a worker), so that under load every worker process sends, and it
    stops after DRAIN_FOR seconds. `alone` (tasks run in place, no broker): neither,
    it sends everything due."""
    taken = 0
    until = time.monotonic() + DRAIN_FOR
    while True:
        outcomes = deliveries_attempt([], fill=settings.WEBHOOKS_BATCH)
        taken += len(outcomes)
        if len(outcomes) < settings.WEBHOOKS_BATCH:
            return taken
        if not alone:
            outbox.wake()
            if time.monotonic() >= until:
                return taken


# Endpoints that answered within INLINE_UNDER_MS lately (on average, as this process
# saw them) are sent to from the worker's own thread, one request after another: a
# thread hop costs about as much CPU as a fast request. Only until those requests
# have taken INLINE_FOR seconds in all, or one was slow: then the rest of the batch
# goes to the threads too. The others, and endpoints not seen yet, go to
# WEBHOOKS_SENDERS threads, side by side.
INLINE_UNDER_MS = 50
INLINE_FOR = 0.25
# Finished requests are recorded together, once this many have finished or this long
# after the first of them finished.
RECORD_EVERY = 50
RECORD_AFTER = 0.05

_senders: ThreadPoolExecutor | None = None
# Each endpoint's recent latency (ms), as this process saw it.
_latency: dict[int, float] = {}


def _pool() -> ThreadPoolExecutor:
    """The threads a worker process sends a batch's requests with (started in the
    process that uses them, after the worker forks)."""
    global _senders
    if _senders is None:
        _senders = ThreadPoolExecutor(
            max_workers=settings.WEBHOOKS_SENDERS, thread_name_prefix="webhooks"
        )
    return _senders


def _inline(attempt: _Attempt) -> bool:
    return _latency.get(attempt.endpoint.pk, INLINE_UNDER_MS) < INLINE_UNDER_MS


def _send_all(attempts: list[_Attempt]) -> dict[int, str]:
    """Send the requests (fast endpoints one after another, the rest side by side)
    and record them as they finish, a chunk at a time."""
    outcomes: dict[int, str] = {}
    finished: list[_Attempt] = []
    first_finished = 0.0

    def done(attempt: _Attempt, sent: Sent) -> None:
        nonlocal first_finished
        attempt.sent = sent
        previous = _latency.get(attempt.endpoint.pk, sent.latency_ms)
        _latency[attempt.endpoint.pk] = 0.7 * previous + 0.3 * sent.latency_ms
        if not finished:
            first_finished = time.monotonic()
        finished.append(attempt)

    def record(*, now: bool = False) -> None:
        young = time.monotonic() - first_finished < RECORD_AFTER
        if finished and (now or not young or len(finished) >= RECORD_EVERY):
            outcomes.update(_record_all(finished))
            finished.clear()

    single = len(attempts) == 1
    inline: list[_Attempt] = []
    running: dict[Future, _Attempt] = {}
    for attempt in attempts:
        if single or _inline(attempt):
            inline.append(attempt)
        else:
            running[_pool().submit(attempt.send)] = attempt
    # Past it, the rest of the batch goes to the threads: this thread waits for one
    # slow answer at most.
    inline_until = time.monotonic() + INLINE_FOR
    for attempt in inline:
        if single or (time.monotonic() < inline_until and _inline(attempt)):
            sent = attempt.send()
            done(attempt, sent)
            record()
            if sent.latency_ms >= INLINE_UNDER_MS:
                inline_until = 0
        else:
            running[_pool().submit(attempt.send)] = attempt
    while running:
        finished_futures, _ = wait(
            running, timeout=RECORD_AFTER, return_when=FIRST_COMPLETED
        )
        for future in finished_futures:
            attempt = running.pop(future)
            try:
                done(attempt, future.result())
            except Exception:
                # Left claimed: sent again once the claim lapses.
                logger.exception("webhooks: sending %s failed", attempt.delivery)
        record()
    record(now=True)
    return outcomes


def _log_attempts(rows: list[dict]) -> None:
    """Write these DeliveryAttempt rows (a dict of every column each): with COPY on
    PostgreSQL, where it takes a tenth of the CPU of an INSERT of bound parameters,
    with bulk_create elsewhere."""
    if not postgres.in_use():
        DeliveryAttempt.objects.bulk_create(DeliveryAttempt(**row) for row in rows)
        return
    columns = list(rows[0])
    table = connection.ops.quote_name(DeliveryAttempt._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        # Django's wrapper has no COPY; its psycopg cursor does.
        copy_from = cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN")
        with copy_from as copy:
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(row[column])
                        if column == "request_headers"
                        else row[column]
                        for column in columns
                    ]
                )


def _record_one(attempt: _Attempt) -> str:
    assert attempt.sent is not None  # noqa: S101
    return _record(
        attempt.delivery.pk,
        attempt.endpoint.pk,
        attempt.endpoint.url,
        attempt.started_at,
        attempt.logged_headers,
        attempt.sent,
    )


def _record_all(attempts: list[_Attempt]) -> dict[int, str]:
    """Record the attempts: plain successes together, the rest one by one."""
    together = [a for a in attempts if a.succeeded and not a.delivery.handler]
    outcomes = _record_delivered(together) if together else {}
    for attempt in attempts:
        if attempt.delivery.pk not in outcomes:
            outcomes[attempt.delivery.pk] = _record_one(attempt)
    return outcomes


class _Raced(Exception):
    """Some of the batch was not ours to record any more."""


def _record_delivered(attempts: list[_Attempt]) -> dict[int, str]:
    """Record successes with no handler to read them: a few statements for the
    whole batch. If any of them is no longer held by this claim (a redelivery raced
    it), each is recorded on its own instead."""
    try:
        return _record_delivered_together(attempts)
    except _Raced:
        return {a.delivery.pk: _record_one(a) for a in attempts}


@transaction.atomic
def _record_delivered_together(attempts: list[_Attempt]) -> dict[int, str]:
    now = timezone.now()
    codes = {}
    for attempt in attempts:
        assert attempt.sent is not None and attempt.sent.status_code  # noqa: S101
        codes[attempt.delivery.pk] = attempt.sent.status_code
    claim = attempts[0].delivery.claim
    endpoint_ids = {a.endpoint.pk for a in attempts}
    if postgres.in_use():
        recorded = postgres.record_delivered(claim, codes, endpoint_ids, now)
    else:
        recorded = _record_delivered_orm(claim, codes, endpoint_ids, now)
    if recorded != len(attempts):
        raise _Raced
    _log_attempts(
        [
            {
                "delivery_id": a.delivery.pk,
                "vendor_id": a.delivery.vendor_id,
                "number": a.delivery.attempt_count + 1,
                "url": a.endpoint.url,
                "started_at": a.started_at,
                "request_headers": a.logged_headers,
                "status_code": codes[a.delivery.pk],
                "latency_ms": a.sent.latency_ms,
                "response_body": redact_body(a.sent.body),
                "error": "",
                "succeeded": True,
            }
            for a in attempts
            if a.sent is not None
        ]
    )
    outbox.release_next(
        {(a.delivery.vendor_id, a.delivery.ordering_key) for a in attempts}
    )
    return dict.fromkeys(codes, "delivered")


def _record_delivered_orm(
    claim: uuid.UUID, codes: dict[int, int], endpoint_ids: set[int], now: datetime
) -> int:
    """`postgres.record_delivered` with the ORM: an UPDATE for each status code."""
    by_code = defaultdict(list)
    for pk, status_code in codes.items():
        by_code[status_code].append(pk)
    recorded = 0
    for status_code, pks in by_code.items():
        recorded += Delivery.objects.filter(
            pk__in=pks,
            # Still this claim's: nothing else changed them since they were read.
            claim=claim,
            status=DeliveryStatus.PENDING,
        ).update(
            status=DeliveryStatus.DELIVERED,
            attempt_count=F("attempt_count") + 1,
            last_status_code=status_code,
            last_error="",
            claim=None,
            claimed_until=None,
            next_attempt_at=None,
            finished_at=now,
        )
    # A success ends the endpoint's failing spell; most find none, and take no lock
    # on the endpoint (so a vendor's deliveries are recorded side by side).
    WebhookEndpoint.objects.filter(
        pk__in=endpoint_ids, failing_since__isnull=False
    ).update(failing_since=None, updated_at=now)
    return recorded


@transaction.atomic
def _record(
    delivery_id: int,
    endpoint_id: int,
    url: str,
    started_at: datetime,
    request_headers: dict,
    sent: Sent,
) -> str:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return "skipped"  # recorded already (a redelivery raced this attempt)
    now = timezone.now()
    succeeded = sent.status_code is not None and 200 <= sent.status_code < 300
    delivery.attempt_count += 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        vendor_id=delivery.vendor_id,
        number=delivery.attempt_count,
        url=url,
        started_at=started_at,
        request_headers=request_headers,
        status_code=sent.status_code,
        latency_ms=sent.latency_ms,
        response_body=redact_body(sent.body),
        error=sent.error,
        succeeded=succeeded,
    )
    delivery.last_status_code = sent.status_code
    delivery.last_error = sent.error or (
        "" if succeeded else f"answered {sent.status_code}"
    )
    delivery.claim = None
    delivery.claimed_until = None
    fields = [
        "attempt_count",
        "last_status_code",
        "last_error",
        "claim",
        "claimed_until",
        "status",
        "next_attempt_at",
        "finished_at",
    ]

    if succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery, fields)
        # A success ends the endpoint's failing spell; most find none, and take no
        # lock on the endpoint (so a vendor's deliveries are recorded side by side).
        WebhookEndpoint.objects.filter(
            pk=endpoint_id, failing_since__isnull=False
        ).update(failing_since=None, updated_at=now)
        handlers.answered(delivery, handlers.Answer.parse(sent.status_code, sent.body))
        outbox.release_next({(delivery.vendor_id, delivery.ordering_key)})
        return "delivered"

    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    if sent.status_code == 410:
        # Gone: the endpoint is disabled; this and later events wait for it.
        delivery.next_attempt_at = now
        _save(delivery, fields)
        endpoint_disable(endpoint, reason=DisabledReason.GONE)
        return "gone"

    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since", "updated_at"])
    elif now - endpoint.failing_since >= timedelta(
        days=settings.WEBHOOKS_DISABLE_AFTER_DAYS
    ):
        delivery.next_attempt_at = now
        _save(delivery, fields)
        endpoint_disable(endpoint, reason=DisabledReason.FAILING)
        return "gone"

    delay = retry_delay(delivery.attempt_count - delivery.schedule_start, sent)
    if delay is None:
        delivery.status = DeliveryStatus.FAILED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        _save(delivery, fields)
        _tell_vendor_failed(delivery, endpoint)
        handlers.exhausted(delivery)
        outbox.release_next({(delivery.vendor_id, delivery.ordering_key)})
        return "failed"
    delivery.next_attempt_at = now + delay
    _save(delivery, fields)
    if delay <= timedelta(minutes=10):
        # Short waits go to the broker; longer ones to the sweep.
        outbox.retry([delivery.pk], countdown=delay.total_seconds())
    return "retry"


def _save(delivery: Delivery, fields: list[str]) -> None:
    """Write the delivery's state: an UPDATE of these fields, without the model's
    save signals (its references never change, so nothing that indexes them has
    anything to do)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        **{field: getattr(delivery, field) for field in fields}
    )


def _tell_vendor_failed(delivery: Delivery, endpoint: WebhookEndpoint) -> None:
    vendor = delivery.vendor
    message = _(
        "Agora could not deliver %(event)s (%(id)s) to %(url)s after %(count)s "
        "attempts; the last error: %(error)s. Redeliver it from the vendor portal "
        "once your endpoint works."
    ) % {
        "event": delivery.event_type,
        "id": delivery.webhook_id,
        "url": endpoint.url,
        "count": delivery.attempt_count,
        "error": delivery.last_error,
    }
    transaction.on_commit(
        lambda: mail_vendor(vendor, _("A webhook delivery failed"), message)
    )
