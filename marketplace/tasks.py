"""Background work of the marketplace. Each task takes ids, imports the service it
runs inside its own body (so services may enqueue tasks without an import cycle),
and calls that one service."""

from celery import shared_task
from django.conf import settings


@shared_task
def endorsements_remind_task() -> int:
    """Tell the curators of endorsements to review again (each once)."""
    from marketplace.services.curation import endorsements_remind

    return endorsements_remind()


@shared_task(bind=True, max_retries=settings.STRIPE_EVENT_MAX_ATTEMPTS)
def stripe_event_task(self, event_pk: int) -> None:
    """Handle a stored Stripe event (again, harmlessly, if it ran before); a
    handler that fails is retried with backoff until its last attempt."""
    from marketplace.payments.events import event_handle

    delay = event_handle(event_pk)
    if delay is not None and self.request.retries < self.max_retries:
        raise self.retry(countdown=delay)


@shared_task
def stripe_events_sweep_task() -> int:
    """Handle stored Stripe events whose task never ran (broker down at the time)
    or whose next attempt is due, each on its own, oldest first."""
    from marketplace.payments.events import events_sweep

    return events_sweep()


@shared_task(bind=True, max_retries=12, default_retry_delay=300)
def subscription_refund_task(self, subscription_id: int) -> int:
    """Refund a subscription whose provisioning failed (once; retried while Stripe
    is out of reach, then finance is asked to refund it by hand)."""
    from marketplace.payments.stripe import PaymentError
    from marketplace.services.payments.refunds import subscription_refund

    try:
        return subscription_refund(
            subscription_id=subscription_id,
            last_try=self.request.retries >= self.max_retries,
        )
    except PaymentError as error:
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=12, default_retry_delay=300)
def payment_refund_unneeded_task(self, payment_id: int) -> int:
    """Refund a payment its order did not need (once; retried while Stripe is out
    of reach, then finance is asked to refund it by hand)."""
    from marketplace.payments.stripe import PaymentError
    from marketplace.services.payments.refunds import payment_refund_unneeded

    try:
        return payment_refund_unneeded(
            payment_id=payment_id, last_try=self.request.retries >= self.max_retries
        )
    except PaymentError as error:
        raise self.retry(exc=error) from error


@shared_task
def billing_run_task() -> int:
    """Bill what is due today: renewals, added units, terms that end, dunning and
    overdue invoices (idempotent per day); each card charge is queued as a task of
    its own. Returns how many orders were raised."""
    from django.utils import timezone

    from marketplace.services.billing.runs import billing_run

    return billing_run(day=timezone.localdate()).raised


@shared_task(bind=True, max_retries=6, default_retry_delay=600)
def billing_charge_task(self, order_id: int, day: str) -> str:
    """Charge a renewal due by `day` to the organization's saved card (once: a
    second run finds it charged); retried while Stripe is out of reach, and after
    the last retry the next billing run tries it again."""
    from datetime import date

    from marketplace.services.billing.dunning import renewal_charge
    from marketplace.services.payments.saved_cards import Outcome

    outcome = renewal_charge(order_id=order_id, day=date.fromisoformat(day))
    if outcome == Outcome.UNAVAILABLE and self.request.retries < self.max_retries:
        raise self.retry()
    return outcome
