"""The engine sends in batches: a transaction wakes it once, and commits share a
wake-up waiting for a worker; a drain sends batch after batch; one claim and a few
statements for many deliveries, slow endpoints beside fast ones, and workers that
never take the same delivery. Against a real receiver on 127.0.0.1."""

import json
import threading
import uuid
from datetime import timedelta
from functools import partial
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from standardwebhooks import Webhook

from tests.factories.catalog import VendorFactory
from vendors.models import Delivery, DeliveryAttempt
from vendors.webhooks import outbox
from vendors.webhooks.delivery import deliveries_attempt, drain
from vendors.webhooks.endpoints import endpoint_save
from vendors.webhooks.schedule import CLAIM_MARGIN, claim_lapse
from vendors.webhooks.selectors import deliveries_due
from vendors.webhooks.tasks import deliveries_attempt_task, deliveries_drain_task

pytestmark = pytest.mark.django_db


def vendor_at(receiver, path: str):
    vendor = VendorFactory()
    url = receiver.url.replace("/hooks", path)
    _endpoint, secret = endpoint_save(vendor=vendor, url=url)
    vendor.secret = secret
    return vendor


def event(vendor, n: int, key: str = ""):
    return outbox.enqueue(
        vendor=vendor,
        event_type="subscription.provision",
        data={"subscription": {"id": n}},
        ordering_key=key,
    )


@pytest.fixture
def broker(settings, tmp_path):
    """Tasks go to a broker (their sending mocked), and processes share a cache:
    Redis when the suite has it, else files."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    if isinstance(caches["default"], LocMemCache):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    cache.delete(outbox.WAKE_KEY)
    with mock.patch.object(deliveries_drain_task, "apply_async") as sent:
        yield sent
    cache.delete(outbox.WAKE_KEY)


def commit(capture, *writes) -> None:
    """Runs the writes as one transaction, then what waits for its commit."""
    with capture(execute=True), transaction.atomic():
        for write in writes:
            write()


def test_a_transaction_wakes_the_engine_once_and_commits_share_a_waiting_wake_up(
    broker, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()

    # Three events, one transaction: one message.
    commit(
        django_capture_on_commit_callbacks,
        *[partial(event, vendor, n) for n in range(3)],
    )
    assert broker.call_count == 1

    # While it waits for a worker, later commits send none: its drain sends their
    # events too.
    commit(django_capture_on_commit_callbacks, partial(event, vendor, 3))
    commit(django_capture_on_commit_callbacks, partial(event, vendor, 4))
    assert broker.call_count == 1

    # Once a drain has started, it may not see the next commit: that one wakes
    # another.
    deliveries_drain_task.apply()
    commit(django_capture_on_commit_callbacks, partial(event, vendor, 5))
    commit(django_capture_on_commit_callbacks, partial(event, vendor, 6))
    assert broker.call_count == 2


def test_without_a_shared_cache_each_transaction_wakes_the_engine(
    broker, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    vendor = VendorFactory()
    commit(
        django_capture_on_commit_callbacks,
        *[partial(event, vendor, n) for n in range(3)],
    )
    commit(django_capture_on_commit_callbacks, partial(event, vendor, 3))
    assert broker.call_count == 2


def test_a_drain_sends_batches_until_nothing_is_due(
    receiver, broker, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_BATCH = 4
    vendor = vendor_at(receiver, "/a")
    deliveries = [event(vendor, n) for n in range(10)]
    later = event(vendor, 10)
    Delivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert drain() == 10
    assert (
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries], status="delivered"
        ).count()
        == 10
    )
    assert Delivery.objects.get(pk=later.pk).status == "pending"
    # After a full batch (4, 4, not the last 2), another drain is woken, so that
    # every worker process sends: one wake-up waits for a worker.
    assert broker.call_count == 1

    # A drain that empties the queue in one batch wakes none.
    few = [event(vendor, n).pk for n in range(20, 23)]
    with django_capture_on_commit_callbacks(execute=True):
        assert drain() == 3
    assert broker.call_count == 1
    assert Delivery.objects.filter(pk__in=few, status="delivered").count() == 3

    # It gives its worker back after WEBHOOKS_DRAIN_SECONDS, the next drain on its
    # way.
    settings.WEBHOOKS_DRAIN_SECONDS = 0
    more = [event(vendor, n).pk for n in range(30, 40)]
    with django_capture_on_commit_callbacks(execute=True):
        assert drain() == 4
    assert broker.call_count == 2
    assert Delivery.objects.filter(pk__in=more, status="delivered").count() == 4


def test_an_event_of_a_savepoint_rolled_back_is_not_sent(
    receiver, django_capture_on_commit_callbacks
):
    vendor = vendor_at(receiver, "/a")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = event(vendor, 1)
        try:
            with transaction.atomic():
                event(vendor, 2)
                raise RuntimeError("the change it announced failed")
        except RuntimeError:
            pass

    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [kept.webhook_id]
    assert Delivery.objects.get().status == "delivered"


def test_a_batch_is_sent_and_recorded_with_a_few_statements(receiver, settings):
    # Everything recorded at the end of the batch, in one go.
    settings.WEBHOOKS_RECORD_AFTER = 60
    vendors = [vendor_at(receiver, f"/v{n}") for n in range(3)]

    def batch(count: int) -> tuple[list[Delivery], int]:
        deliveries = [event(vendors[n % 3], n) for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            outcomes = deliveries_attempt([d.pk for d in deliveries])
        assert set(outcomes.values()) == {"delivered"}
        return deliveries, len(queries)

    few, few_statements = batch(3)
    many, many_statements = batch(24)

    # The statements do not grow with the batch.
    assert many_statements == few_statements
    assert len(receiver.requests) == 27
    by_id = {r["headers"]["webhook-id"]: r for r in receiver.requests}
    for delivery in few + many:
        request = by_id[delivery.webhook_id]
        secret = next(v.secret for v in vendors if v.pk == delivery.vendor_id)
        Webhook(secret).verify(request["body"], request["headers"])
        delivery.refresh_from_db()
        assert delivery.status == "delivered"
        assert delivery.attempt_count == 1
        assert delivery.claim is None and delivery.claimed_until is None
    attempts = DeliveryAttempt.objects.filter(delivery__in=many)
    assert sorted(a.delivery_id for a in attempts) == sorted(d.pk for d in many)
    assert {(a.number, a.status_code, a.succeeded) for a in attempts} == {
        (1, 200, True)
    }
    for attempt in attempts:
        # Logged as sent, the signature cut short.
        request = by_id[attempt.request_headers["webhook-id"]]
        assert attempt.delivery.webhook_id == request["headers"]["webhook-id"]
        assert attempt.request_headers["webhook-signature"].endswith("…")
        assert (
            attempt.request_headers["webhook-signature"]
            != (request["headers"]["webhook-signature"])
        )
        assert int(attempt.started_at.timestamp()) == int(
            request["headers"]["webhook-timestamp"]
        )
        assert json.loads(attempt.response_body) == {"status": "accepted"}


def test_a_task_takes_other_due_deliveries_up_to_the_batch(receiver, settings):
    vendor = vendor_at(receiver, "/a")
    first, second, third = (event(vendor, n) for n in range(3))
    later = event(vendor, 4)
    Delivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )

    # Asked for one, it sends the other due ones too (and not one due later)...
    settings.WEBHOOKS_BATCH = 10
    delivered = dict.fromkeys((first.pk, second.pk, third.pk), "delivered")
    assert deliveries_attempt_task.delay([first.pk]).get() == delivered
    assert Delivery.objects.filter(status="delivered").count() == 3
    assert Delivery.objects.get(pk=later.pk).status == "pending"

    # ...up to WEBHOOKS_BATCH in all.
    settings.WEBHOOKS_BATCH = 2
    more = [event(vendor, n).pk for n in range(10, 14)]
    deliveries_attempt_task.delay([more[0]])
    assert Delivery.objects.filter(pk__in=more, status="delivered").count() == 2


def test_a_slow_endpoint_does_not_hold_up_the_rest_of_the_batch(receiver, settings):
    settings.WEBHOOKS_SENDERS = 4
    slow = vendor_at(receiver, "/slow")
    fast = vendor_at(receiver, "/fast")
    receiver.delays["/slow"] = 1.5
    stuck = event(slow, 1)
    quick = [event(fast, n) for n in range(2, 6)]

    outcomes = deliveries_attempt([stuck.pk] + [d.pk for d in quick])

    assert set(outcomes.values()) == {"delivered"}
    stuck.refresh_from_db()
    stuck_attempt = DeliveryAttempt.objects.get(delivery=stuck)
    assert stuck_attempt.latency_ms >= 1400
    for delivery in quick:
        delivery.refresh_from_db()
        # Recorded while the slow request was still waiting for its answer.
        assert delivery.finished_at < stuck_attempt.started_at + timedelta(seconds=1)


def test_the_claim_lasts_as_long_as_sending_the_batch_may_take(settings):
    settings.WEBHOOKS_SENDERS = 2
    settings.WEBHOOKS_TIMEOUT = 10

    # Five requests, two at a time: three rounds of the timeout, one more for an
    # answer waited for in the worker's thread, and the margin.
    assert claim_lapse(5) == timedelta(seconds=40) + CLAIM_MARGIN
    # One request: its timeout and the margin.
    assert claim_lapse(1) == timedelta(seconds=10) + CLAIM_MARGIN


def at_once(function):
    """Runs in the receiver's thread as another worker would, with a database
    connection of its own."""

    def run():
        try:
            function()
        finally:
            connection.close()

    return run


@pytest.mark.django_db(transaction=True)
def test_deliveries_being_sent_are_not_taken_by_another_worker(
    receiver, broker, settings
):
    # Committed at once (no test transaction here); their wake-up goes to the
    # broker, not sent here.
    settings.WEBHOOKS_SENDERS = 2
    settings.WEBHOOKS_TIMEOUT = 10
    vendor = vendor_at(receiver, "/a")
    ids = [event(vendor, n).pk for n in range(5)]
    meanwhile = {}

    def another_worker():
        meanwhile["until"] = set(
            Delivery.objects.filter(pk__in=ids).values_list("claimed_until", flat=True)
        )
        meanwhile["outcomes"] = deliveries_attempt(ids, fill=10)

    first = Delivery.objects.get(pk=ids[0]).webhook_id
    receiver.on_request[first] = at_once(another_worker)
    before = timezone.now()
    outcomes = deliveries_attempt(ids)

    assert set(outcomes.values()) == {"delivered"}
    # While they were sent, they were claimed for as long as sending may take...
    [until] = meanwhile["until"]
    lapse = claim_lapse(5)
    assert before + lapse <= until <= timezone.now() + lapse
    # ...and another worker took none of them.
    assert meanwhile["outcomes"] == dict.fromkeys(ids, "skipped")
    sent = [r["headers"]["webhook-id"] for r in receiver.requests]
    assert sorted(sent) == sorted(Delivery.objects.values_list("webhook_id", flat=True))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_workers_claiming_at_once_take_different_deliveries(receiver, broker):
    vendor = vendor_at(receiver, "/a")
    # Committed at once (no test transaction here); their wake-up goes to the
    # broker, not sent here.
    ids = [event(vendor, n).pk for n in range(6)]
    held, release = threading.Event(), threading.Event()

    def another_worker_mid_claim() -> None:
        # Another worker has locked the first three and not yet marked them.
        try:
            with transaction.atomic():
                list(
                    Delivery.objects.filter(pk__in=ids[:3])
                    .select_for_update()
                    .values_list("pk", flat=True)
                )
                held.set()
                release.wait(10)
        finally:
            connection.close()

    other = threading.Thread(target=another_worker_mid_claim)
    other.start()
    try:
        assert held.wait(10)
        outcomes = deliveries_attempt([], fill=10)
    finally:
        release.set()
        other.join(10)

    # Taken without waiting for the other worker, and none of its rows.
    assert sorted(outcomes) == ids[3:]
    sent = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert sent == set(
        Delivery.objects.filter(pk__in=ids[3:]).values_list("webhook_id", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_delivery_another_worker_recorded_meanwhile_is_not_recorded_twice(
    receiver, broker
):
    vendor = vendor_at(receiver, "/a")
    kept, raced = event(vendor, 1), event(vendor, 2)

    def recorded_elsewhere():
        # Its claim lapsed, and another worker claimed, sent and recorded it.
        Delivery.objects.filter(pk=raced.pk).update(
            claim=uuid.uuid4(), status="delivered", attempt_count=1
        )

    receiver.on_request[raced.webhook_id] = at_once(recorded_elsewhere)
    outcomes = deliveries_attempt([kept.pk, raced.pk])

    assert outcomes == {kept.pk: "delivered", raced.pk: "skipped"}
    assert DeliveryAttempt.objects.filter(delivery=kept).count() == 1
    assert not DeliveryAttempt.objects.filter(delivery=raced).exists()
    raced.refresh_from_db()
    assert raced.attempt_count == 1


def test_the_sweep_releases_an_event_left_waiting_behind_one_already_done(
    receiver, django_capture_on_commit_callbacks
):
    vendor = vendor_at(receiver, "/a")
    first = event(vendor, 1, key="subscription:1")
    second = event(vendor, 2, key="subscription:1")
    # The worker that recorded the first was lost before it released the second.
    Delivery.objects.filter(pk=first.pk).update(status="delivered")
    Delivery.objects.filter(pk=second.pk).update(next_attempt_at=None)
    assert second.pk not in deliveries_due()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()

    second.refresh_from_db()
    assert second.status == "delivered"
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [
        second.webhook_id
    ]


def test_a_fast_endpoint_turned_slow_is_waited_for_once(receiver, settings):
    settings.WEBHOOKS_SENDERS = 4
    vendor = vendor_at(receiver, "/a")
    # It answered fast lately: its requests would go one after another...
    warm = event(vendor, 0)
    assert deliveries_attempt([warm.pk]) == {warm.pk: "delivered"}
    receiver.delays["/a"] = 0.8
    deliveries = [event(vendor, n) for n in range(1, 5)]

    outcomes = deliveries_attempt([d.pk for d in deliveries])

    assert set(outcomes.values()) == {"delivered"}
    starts = sorted(
        DeliveryAttempt.objects.filter(delivery__in=deliveries).values_list(
            "started_at", flat=True
        )
    )
    # ...but after the first slow answer, the other three went side by side.
    assert starts[1] - starts[0] >= timedelta(seconds=0.7)
    assert starts[3] - starts[1] < timedelta(seconds=0.4)
