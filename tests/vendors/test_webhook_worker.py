"""A Celery worker process killed while it sends a webhook loses no event: the
delivery's claim lapses, a restarted worker's start-up sweep sends it again, and the
vendor gets the same event (same `webhook-id`, same body, a signature that verifies)
a second time.

Real worker processes on the `webhooks` queue, the real broker (Redis when REDIS_URL
is set, the filesystem transport otherwise), the test database and a real HTTP
receiver on 127.0.0.1."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from config.celery import app as celery_app
from tests.config.test_celery_worker import ROOT, database_url
from tests.factories.catalog import VendorFactory
from vendors.models import Delivery, DeliveryAttempt
from vendors.webhooks import outbox
from vendors.webhooks.endpoints import endpoint_save
from vendors.webhooks.schedule import CLAIM_MARGIN
from vendors.webhooks.tasks import deliveries_drain_task

# The workers' request timeout (seconds): short, so that the claim of the killed
# attempt lapses soon (timeout + CLAIM_MARGIN), yet well after the moment of the kill.
WORKER_WEBHOOKS_TIMEOUT = 3
QUEUES = ("celery", "webhooks")
SWEEP_DONE = re.compile(r"deliveries_sweep_task\[[^\]]+\] succeeded in \S+: (\d+)")
TASK_RECEIVED = re.compile(r"deliveries_\w+_task\[([^\]]+)\] received")


def wait_for(condition, *, seconds: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def broker_purge() -> None:
    with celery_app.connection_for_write() as conn:
        for queue in QUEUES:
            conn.default_channel.queue_purge(queue)


def broker_forget_unacked(task_ids: list[str]) -> None:
    """Redis keeps the message a killed worker took, unacknowledged, and would give it
    to a worker again after the visibility timeout (an hour); forget those of this
    test, so that no later run gets them."""
    if not task_ids or settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        with channel.conn_or_acquire() as client:
            for tag, raw in client.hgetall(channel.unacked_key).items():
                message = json.loads(raw)[0]
                if message.get("headers", {}).get("id") in task_ids:
                    client.zrem(channel.unacked_index_key, tag)
                    client.hdel(channel.unacked_key, tag)


class Worker:
    """A Celery worker in its own process, consuming the `celery` and `webhooks`
    queues, on the test database; what it logs goes to a file."""

    def __init__(self, name: str, folder: Path) -> None:
        self.log_path = folder / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "DJANGO_READ_DOT_ENV_FILE": "false",
            "WEBHOOKS_TIMEOUT": str(WORKER_WEBHOOKS_TIMEOUT),
        }
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    # `celery -A config worker ...`, except that the tasks the
                    # worker sends (its start-up sweep, the sweep's dispatches) go
                    # through the broker, as in production, rather than run in place
                    # as the test settings have it.
                    "-c",
                    "from django.conf import settings; "
                    "settings.CELERY_TASK_ALWAYS_EAGER = False; "
                    "from celery.__main__ import main; main()",
                    "-A",
                    "config",
                    "worker",
                    "--pool",
                    "solo",
                    "-Q",
                    "celery,webhooks",
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def sweeps(self) -> list[int]:
        """What each sweep this worker ran dispatched."""
        return [int(count) for count in SWEEP_DONE.findall(self.log())]

    def started(self) -> bool:
        """Ready, and its start-up sweep done."""
        return self.process.poll() is None and bool(self.sweeps())

    def kill(self) -> None:
        """kill -9: no warm shutdown, no acknowledgement, nothing recorded."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), SIGKILL if it does not end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def workers(transactional_db, tmp_path):
    """Starts workers on demand (`workers("name")`); tasks sent during the test go
    through the broker. Every worker is stopped at the end, passed or failed."""
    broker_purge()
    started: list[Worker] = []

    def start(name: str) -> Worker:
        worker = Worker(name, tmp_path)
        started.append(worker)
        return worker

    celery_app.conf.task_always_eager = False
    try:
        yield start
    finally:
        celery_app.conf.task_always_eager = True
        for worker in started:
            worker.stop()
        broker_forget_unacked(
            [task for w in started for task in TASK_RECEIVED.findall(w.log())]
        )
        broker_purge()


def logs(*workers: Worker) -> str:
    return "\n".join(f"--- {w.log_path.stem}\n{w.log()}" for w in workers)


@pytest.mark.slow
def test_a_worker_killed_while_sending_loses_no_event(workers, receiver):
    vendor = VendorFactory()
    _endpoint, secret = endpoint_save(vendor=vendor, url=receiver.url)
    # The vendor holds the first request far beyond the moment of the kill (and the
    # workers' timeout); the test never waits for it.
    receiver.answer(200, {"status": "accepted"}, delay=60)

    first = workers("webhooks-first")
    assert wait_for(first.started, seconds=60), f"no worker:\n{logs(first)}"

    with transaction.atomic():
        delivery = outbox.enqueue(
            vendor=vendor, event_type="ping", data={"vendor": {"id": vendor.pk}}
        )
    # Dispatched through the broker on commit; the worker sends it.
    assert wait_for(lambda: len(receiver.requests) >= 1, seconds=30), (
        f"the worker did not send the delivery:\n{logs(first)}"
    )
    first.kill()

    # Killed mid-request: nothing recorded, the delivery still claimed by the dead
    # worker, and nothing else sent.
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.attempt_count == 0
    assert not DeliveryAttempt.objects.exists()
    assert delivery.claimed_until is not None
    assert delivery.claimed_until > timezone.now()
    assert (
        delivery.claimed_until
        <= timezone.now() + timedelta(seconds=WORKER_WEBHOOKS_TIMEOUT) + CLAIM_MARGIN
    )
    assert f"{deliveries_drain_task.name}[" in first.log()
    assert len(receiver.requests) == 1

    # The claim lapses (timeout + CLAIM_MARGIN after the attempt began; a worker
    # restarted sooner leaves the delivery to beat's sweep, every 30 s). A worker
    # started then finds it with its start-up sweep and sends it again.
    lapse = (delivery.claimed_until - timezone.now()).total_seconds()
    assert wait_for(
        lambda: delivery.claimed_until < timezone.now(), seconds=lapse + 5
    ), "the claim did not lapse"
    second = workers("webhooks-second")
    assert wait_for(
        lambda: Delivery.objects.filter(pk=delivery.pk, status="delivered").exists(),
        seconds=60,
        interval=0.25,
    ), f"the delivery was lost:\n{logs(first, second)}"
    second.stop()

    assert second.sweeps()[:1] == [1], logs(second)
    assert Delivery.objects.count() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("delivered", 1)
    assert delivery.claimed_until is None
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.succeeded, attempt.status_code) == (True, 200)

    # The vendor got the same event twice: same webhook-id, same body, each signed
    # (afresh) with the endpoint's secret.
    assert len(receiver.requests) == 2
    killed, redelivered = receiver.requests
    for request in (killed, redelivered):
        assert request["headers"]["webhook-id"] == delivery.webhook_id
        assert request["body"] == delivery.body
        event = Webhook(secret).verify(request["body"], request["headers"])
        assert event["type"] == "ping"
        assert event["data"] == {"vendor": {"id": vendor.pk}}
    assert int(redelivered["headers"]["webhook-timestamp"]) > int(
        killed["headers"]["webhook-timestamp"]
    )
