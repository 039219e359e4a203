"""Celery tasks of the delivery engine, on their own queue (`webhooks`) so a slow
vendor never delays other work. Acknowledged late: a worker lost mid-task leaves
the message to the broker, and the delivery's claim to the sweep.

Each task imports the one function it runs inside its body: the engine's modules
import the tasks to queue them, never the other way round."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import close_old_connections

from vendors.webhooks.schedule import CLAIM_MARGIN


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliveries_attempt_task(self, delivery_ids: list[int]) -> dict[int, str]:
    """Attempt these deliveries (retries at their time), and other due ones up to
    `WEBHOOKS_BATCH`."""
    from vendors.webhooks.delivery import deliveries_attempt

    if not self.request.is_eager:
        # Workers keep their database connection between tasks
        # (CELERY_DB_REUSE_MAX): one past CONN_MAX_AGE, or broken, is replaced here,
        # as around a web request. A new PostgreSQL connection costs more than the
        # rest of an attempt.
        close_old_connections()
    outcomes = deliveries_attempt(delivery_ids, fill=settings.WEBHOOKS_BATCH)
    return {pk: str(outcome) for pk, outcome in outcomes.items()}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliveries_drain_task(self) -> int:
    """Send what is due until nothing is (`delivery.drain`): what every commit that
    writes events asks for, once for many commits under load."""
    from vendors.webhooks.delivery import drain

    if not self.request.is_eager:
        close_old_connections()  # see deliveries_attempt_task
    return drain(alone=self.request.is_eager)


@shared_task(ignore_result=True)
def deliveries_sweep_task() -> int:
    """Wake the engine for deliveries that are due: retries, lost wake-ups, and
    deliveries a killed worker was sending."""
    from vendors.webhooks.outbox import sweep

    return sweep()


@worker_ready.connect
def _sweep_on_start(sender=None, **kwargs) -> None:
    """A (re)started worker looks for what is due at once, and again once the claims
    of a worker that died with it have lapsed (without waiting for beat)."""
    deliveries_sweep_task.delay()
    deliveries_sweep_task.apply_async(
        countdown=settings.WEBHOOKS_TIMEOUT + CLAIM_MARGIN.total_seconds() + 1
    )
