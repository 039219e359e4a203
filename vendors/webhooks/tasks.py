"""Celery tasks of the delivery engine, on their own queue (`webhooks`) so a slow
vendor never delays other work. Acknowledged late: a worker lost mid-task leaves
the message to the broker, and the delivery's claim to the sweep."""

import threading
from concurrent.futures import ThreadPoolExecutor

from celery import shared_task
from celery.signals import worker_ready
from django.db import close_old_connections

_local = threading.local()


def _attempts_thread() -> ThreadPoolExecutor:
    """The thread that makes this worker thread's attempts, started on first use
    (in a prefork child, after the fork)."""
    executor = getattr(_local, "executor", None)
    if executor is None:
        executor = _local.executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="webhooks-attempts"
        )
    return executor


def _attempt(delivery_id: int) -> str:
    from vendors.webhooks.delivery import delivery_attempt

    # As around a web request: a connection past CONN_MAX_AGE, or broken, is
    # replaced; a healthy one is kept for the next attempt.
    close_old_connections()
    try:
        return delivery_attempt(delivery_id)
    finally:
        close_old_connections()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def delivery_attempt_task(self, delivery_id: int) -> str:
    """One attempt. A worker runs it in a thread of its own that keeps its database
    connection between attempts (as CONN_MAX_AGE allows): Celery closes the task
    thread's connection before and after every task, and a new PostgreSQL
    connection costs more than the rest of an attempt. Run eagerly (tests), it
    runs in the caller's thread and transaction."""
    if self.request.is_eager:
        from vendors.webhooks.delivery import delivery_attempt

        return delivery_attempt(delivery_id)
    return _attempts_thread().submit(_attempt, delivery_id).result()


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
