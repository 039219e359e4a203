"""Celery tasks of the delivery engine, on their own queue (`webhooks`) so a slow
vendor never delays other work. Acknowledged late: a worker lost mid-task leaves
the message to the broker, and the delivery's claim to the sweep."""

from celery import shared_task
from celery.signals import worker_ready


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def delivery_attempt_task(delivery_id: int) -> str:
    from vendors.webhooks.delivery import delivery_attempt

    return delivery_attempt(delivery_id)


@shared_task(ignore_result=True)
def deliveries_sweep_task() -> int:
    """Dispatch deliveries that are due: retries, lost dispatches, and deliveries a
    killed worker was sending."""
    from vendors.webhooks.outbox import sweep

    return sweep()


@worker_ready.connect
def _sweep_on_start(sender=None, **kwargs) -> None:
    """A (re)started worker looks for what is due at once."""
    deliveries_sweep_task.delay()
