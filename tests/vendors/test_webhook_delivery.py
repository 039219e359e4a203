"""The delivery engine against a real HTTP receiver on 127.0.0.1: signatures that
the `standardwebhooks` library verifies, the retry schedule (time moved by hand),
Retry-After, 410, timeouts, redirects, ordering, rotation and the log."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from standardwebhooks import Webhook

from tests.factories.catalog import VendorFactory
from vendors.models import Delivery, DeliveryAttempt, DisabledReason, WebhookEndpoint
from vendors.webhooks import outbox
from vendors.webhooks.delivery import delivery_attempt
from vendors.webhooks.endpoints import (
    delivery_redeliver,
    endpoint_save,
    endpoint_set_enabled,
)
from vendors.webhooks.schedule import retry_delay
from vendors.webhooks.selectors import deliveries_due, endpoint_health

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def endpoint(vendor, receiver):
    endpoint, secret = endpoint_save(vendor=vendor, url=receiver.url)
    endpoint.plain_secret = secret
    return endpoint


def event(vendor, key="", event_type="subscription.provision", n=1):
    return outbox.enqueue(
        vendor=vendor,
        event_type=event_type,
        data={"subscription": {"id": n}},
        ordering_key=key,
    )


def due_now(delivery):
    """Move time: the delivery's next attempt is due."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_a_delivery_verifies_with_the_standardwebhooks_library(endpoint, receiver):
    delivery = event(endpoint.vendor)

    assert delivery_attempt(delivery.pk) == "delivered"

    request = receiver.requests[0]
    body = Webhook(endpoint.plain_secret).verify(request["body"], request["headers"])
    assert body["type"] == "subscription.provision"
    assert body["api_version"] == "1"
    assert body["data"] == {"subscription": {"id": 1}}
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    assert request["headers"]["webhook-id"].startswith("msg_")
    assert request["headers"]["user-agent"].startswith("Agora-Webhooks/")
    assert request["headers"]["content-type"] == "application/json"
    # Another secret does not verify it.
    with pytest.raises(Exception, match="signature"):
        Webhook("whsec_" + "A" * 43 + "=").verify(request["body"], request["headers"])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("delivered", 1)


def test_a_failure_is_retried_with_the_same_webhook_id_on_the_schedule(
    endpoint, receiver
):
    delivery = event(endpoint.vendor)
    receiver.answer(500, {"error": "database down"})

    before = timezone.now()
    assert delivery_attempt(delivery.pk) == "retry"
    delivery.refresh_from_db()
    # 5 s after the first attempt, with up to 10 % jitter.
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 5 <= wait <= 5.6
    # Not due yet: a second task for it does nothing.
    assert delivery_attempt(delivery.pk) == "skipped"
    assert len(receiver.requests) == 1

    due_now(delivery)
    assert delivery_attempt(delivery.pk) == "delivered"
    first, second = receiver.requests
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    assert first["body"] == second["body"]
    attempts = list(delivery.attempts.order_by("number"))
    assert [(a.number, a.status_code, a.succeeded) for a in attempts] == [
        (1, 500, False),
        (2, 200, True),
    ]


def test_the_schedule_is_about_three_days_with_ten_percent_jitter(settings):
    expected = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
    assert expected == settings.WEBHOOKS_RETRY_DELAYS
    for count, base in enumerate(expected, start=1):
        delays = {retry_delay(count).total_seconds() for _ in range(50)}
        assert all(base <= delay <= base * 1.1 for delay in delays)
        assert len(delays) > 1  # jittered
    assert retry_delay(len(expected) + 1) is None
    assert 3 * 86400 < sum(expected) < 3.2 * 86400  # about three days


def test_after_the_last_attempt_the_delivery_fails_and_the_vendor_is_told(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_DELAYS = [5, 300]
    delivery = event(endpoint.vendor)
    receiver.default = (503, {"error": "maintenance"}, {}, 0.0)

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = []
        for _ in range(3):
            due_now(delivery)
            outcomes.append(delivery_attempt(delivery.pk))

    assert outcomes == ["retry", "retry", "failed"]
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.next_attempt_at is None
    assert len(mail.outbox) == 1
    assert delivery.webhook_id in mail.outbox[0].body
    assert mail.outbox[0].to == [endpoint.vendor.contact_email]

    # Redelivery: the same webhook-id again, with a new timestamp and signature.
    receiver.default = (200, None, {}, 0.0)
    delivery_redeliver(delivery=delivery)
    assert delivery_attempt(delivery.pk) == "delivered"
    last = receiver.requests[-1]
    assert last["headers"]["webhook-id"] == delivery.webhook_id
    Webhook(endpoint.plain_secret).verify(last["body"], last["headers"])


def test_retry_after_is_honoured_on_429(endpoint, receiver):
    delivery = event(endpoint.vendor)
    receiver.answer(429, {"error": "slow down"}, {"Retry-After": "120"})

    before = timezone.now()
    delivery_attempt(delivery.pk)

    delivery.refresh_from_db()
    assert 119 <= (delivery.next_attempt_at - before).total_seconds() <= 122


def test_410_disables_the_endpoint_and_events_wait_for_it(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    first = event(endpoint.vendor)
    receiver.answer(410)

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_attempt(first.pk) == "gone"

    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert endpoint.disabled_reason == DisabledReason.GONE
    assert "disabled" in mail.outbox[0].subject
    second = event(endpoint.vendor, n=2)
    assert delivery_attempt(second.pk) == "waiting"
    assert deliveries_due() == []
    assert len(receiver.requests) == 1

    # The vendor enables it again: both go out.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        endpoint_set_enabled(vendor=endpoint.vendor, enabled=True)
    assert callbacks
    assert sorted(deliveries_due()) == sorted([first.pk, second.pk])
    assert delivery_attempt(first.pk) == "delivered"
    assert delivery_attempt(second.pk) == "delivered"


def test_a_slow_endpoint_times_out_and_is_retried(endpoint, receiver, settings):
    settings.WEBHOOKS_TIMEOUT = 0.5
    delivery = event(endpoint.vendor)
    receiver.answer(200, {"status": "accepted"}, delay=1.5)

    assert delivery_attempt(delivery.pk) == "retry"

    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error == "timed out"
    assert attempt.latency_ms < 1400


def test_a_redirect_is_a_failure_and_is_not_followed(endpoint, receiver):
    delivery = event(endpoint.vendor)
    receiver.answer(302, None, {"Location": receiver.url + "/elsewhere"})

    assert delivery_attempt(delivery.pk) == "retry"

    assert [r["path"] for r in receiver.requests] == ["/hooks"]
    assert DeliveryAttempt.objects.get().status_code == 302


def test_a_request_carries_no_cookie_and_asks_for_no_compressed_answer(
    endpoint, receiver
):
    # A vendor's answer sets a cookie: no later request sends it back.
    receiver.answer(200, {"status": "accepted"}, {"Set-Cookie": "session=abc; Path=/"})
    first, second = event(endpoint.vendor, n=1), event(endpoint.vendor, n=2)

    assert delivery_attempt(first.pk) == "delivered"
    assert delivery_attempt(second.pk) == "delivered"

    assert len(receiver.requests) == 2
    for request in receiver.requests:
        assert "cookie" not in request["headers"]
        # The answer is read as it comes, and logged as text.
        assert "accept-encoding" not in request["headers"]


def test_events_of_one_subscription_arrive_in_order(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    vendor = endpoint.vendor
    first = event(vendor, key="subscription:1", n=1)
    second = event(vendor, key="subscription:1", event_type="subscription.suspend")
    other = event(vendor, key="subscription:2", n=2)
    receiver.answer(500)

    assert delivery_attempt(first.pk) == "retry"
    # The second waits for the first, not due any more and not sent again until the
    # first is done; another subscription's event does not wait.
    assert delivery_attempt(second.pk) == "waiting"
    assert Delivery.objects.get(pk=second.pk).next_attempt_at is None
    assert second.pk not in deliveries_due()
    assert delivery_attempt(second.pk) == "skipped"
    assert delivery_attempt(other.pk) == "delivered"

    due_now(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_attempt(first.pk) == "delivered"
    # Delivered and committed: the next in line is due, and sent at once.
    assert Delivery.objects.get(pk=second.pk).status == "delivered"

    types = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert types == [
        "subscription.provision",
        "subscription.provision",
        "subscription.provision",
        "subscription.suspend",
    ]
    ids = [r["headers"]["webhook-id"] for r in receiver.requests]
    assert ids == [
        first.webhook_id,
        other.webhook_id,
        first.webhook_id,
        second.webhook_id,
    ]


def test_an_endpoint_failing_for_five_days_is_disabled(endpoint, receiver):
    delivery = event(endpoint.vendor)
    receiver.default = (500, None, {}, 0.0)
    delivery_attempt(delivery.pk)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - timedelta(days=5, minutes=1)
    )

    due_now(delivery)
    assert delivery_attempt(delivery.pk) == "gone"

    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, "failing")
    assert Delivery.objects.get(pk=delivery.pk).status == "pending"


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(endpoint, receiver):
    old = endpoint.plain_secret
    _endpoint, new = endpoint_save(
        vendor=endpoint.vendor, url=receiver.url, rotate_secret=True
    )
    assert new.startswith("whsec_") and new != old

    delivery_attempt(event(endpoint.vendor).pk)
    request = receiver.requests[-1]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(request["body"], request["headers"])
    Webhook(new).verify(request["body"], request["headers"])

    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_until=timezone.now() - timedelta(seconds=1)
    )
    delivery_attempt(event(endpoint.vendor, n=2).pk)
    request = receiver.requests[-1]
    Webhook(new).verify(request["body"], request["headers"])
    with pytest.raises(Exception, match="signature"):
        Webhook(old).verify(request["body"], request["headers"])


def test_the_log_redacts_passwords_and_signatures(endpoint, receiver):
    receiver.answer(
        200,
        {
            "status": "provisioned",
            "access": {"url": "https://cam.example", "password": "hunter2"},
        },
    )
    delivery_attempt(event(endpoint.vendor).pk)

    attempt = DeliveryAttempt.objects.get()
    assert "hunter2" not in attempt.response_body
    assert "[redacted]" in attempt.response_body
    assert "https://cam.example" in attempt.response_body
    assert attempt.request_headers["webhook-signature"].endswith("…")
    assert len(attempt.request_headers["webhook-signature"]) < 12
    # Secrets are encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM vendors_webhookendpoint WHERE id = %s", [endpoint.pk]
        )
        stored = cursor.fetchone()[0]
    assert endpoint.plain_secret not in stored
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == endpoint.plain_secret


def test_health_counts_the_last_thirty_days(endpoint, receiver):
    receiver.answer(500)
    delivery = event(endpoint.vendor)
    delivery_attempt(delivery.pk)
    due_now(delivery)
    delivery_attempt(delivery.pk)

    health = endpoint_health(vendor_id=endpoint.vendor_id)

    assert (health.attempts, health.succeeded, health.success_percent) == (2, 1, 50)
    assert health.average_latency_ms is not None
    assert health.last_success_at is not None


def test_reencrypt_moves_secrets_to_a_new_key(endpoint, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    endpoint.save()  # stored under the old key
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("reencrypt", stdout=__import__("io").StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key dropped
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == endpoint.plain_secret


def test_a_trickling_answer_is_cut_at_the_timeout_of_the_whole_request(
    vendor, settings
):
    """The answer comes a byte every 0.2 s: no single read is slow, but the request as
    a whole is."""
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        connection, _address = server.accept()
        with connection:
            connection.recv(65536)
            answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"
            for byte in answer:
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.WEBHOOKS_TIMEOUT = 1.0
    endpoint_save(vendor=vendor, url=f"http://127.0.0.1:{server.getsockname()[1]}/")
    delivery = event(vendor)

    started = time.monotonic()
    outcome = delivery_attempt(delivery.pk)
    elapsed = time.monotonic() - started
    server.close()

    assert outcome == "retry"
    assert elapsed < 2
    attempt = DeliveryAttempt.objects.get()
    assert attempt.error == "timed out"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("²", None),
        ("99999999999999999999", 86_400),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 86_400),
    ],
)
def test_a_strange_retry_after_never_stops_the_worker(
    endpoint, receiver, header, seconds
):
    delivery = event(endpoint.vendor)
    receiver.answer(503, {"error": "later"}, {"Retry-After": header})

    before = timezone.now()
    delivery_attempt(delivery.pk)

    delivery.refresh_from_db()
    waited = (delivery.next_attempt_at - before).total_seconds()
    if seconds is None:
        # Not understood: the usual schedule.
        assert waited < 86_400
    else:
        assert seconds - 2 <= waited <= seconds + 2
