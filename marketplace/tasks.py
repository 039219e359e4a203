"""Periodic work of the marketplace."""

from celery import shared_task

from marketplace.services.curation import endorsements_remind


@shared_task
def endorsements_remind_task() -> int:
    """E-mail curators about endorsements to review again (each once)."""
    return endorsements_remind()


@shared_task(bind=True, max_retries=10, default_retry_delay=30)
def stripe_event_task(self, event_pk: int) -> None:
    """Handle a stored Stripe event (again, harmlessly, if it ran before)."""
    from marketplace.payments.webhooks import event_handle

    event_handle(event_pk)


@shared_task
def stripe_events_sweep_task() -> int:
    """Handle stored Stripe events whose task never ran (broker down at the time)."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.models.buying import StripeEvent
    from marketplace.payments.webhooks import event_handle

    stale = StripeEvent.objects.filter(
        processed_at__isnull=True, received_at__lt=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)
    for pk in stale:
        event_handle(pk)
    return len(stale)


@shared_task(bind=True, max_retries=12, default_retry_delay=300)
def subscription_refund_task(self, subscription_id: int) -> int:
    """Refund a subscription whose provisioning failed (once; retried while Stripe
    is out of reach)."""
    from marketplace.payments.stripe import PaymentError
    from marketplace.services.provisioning import subscription_refund

    try:
        return subscription_refund(subscription_id=subscription_id)
    except PaymentError as error:
        raise self.retry(exc=error) from error
