"""A real Celery worker process takes tasks from the real broker (Redis when REDIS_URL
is set, the filesystem transport otherwise) and writes to the test database."""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_create
from accounts.tasks import invitations_expire_task
from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(transactional_db):
    """`celery worker` in its own process, on the test database; tasks sent during the
    test go through the broker instead of running in the test process."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        shutil.rmtree(settings.CELERY_BROKER_DIR / "queue", ignore_errors=True)
        (settings.CELERY_BROKER_DIR / "queue").mkdir(parents=True)
    else:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "DJANGO_READ_DOT_ENV_FILE": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        stop(process)


def stop(process: subprocess.Popen) -> str:
    """Stop the worker (warm shutdown) and return what it logged."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output or ""


def wait_for(condition, *, seconds: float = 45) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_queued_task(worker, approver, buyer_org):
    invitation, _token = invitation_create(
        organization=buyer_org,
        email="li.na@example.org",
        role="viewer",
        invited_by=approver,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    invitations_expire_task.delay()

    expired = wait_for(
        lambda: Invitation.objects.filter(
            pk=invitation.pk, revoked_at__isnull=False
        ).exists()
    )
    log = stop(worker)
    assert expired, f"the worker did not run the task:\n{log}"
    assert "accounts.tasks.invitations_expire_task" in log
    assert "succeeded" in log
