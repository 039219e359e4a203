"""Background work of notifications: thin tasks that take ids and import the
service they run inside their own body."""

from celery import shared_task
from django.conf import settings


@shared_task(bind=True, max_retries=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS)
def notification_email_task(self, notification_id: int) -> None:
    """Send a notification's e-mail (once: a run after it was sent, or while
    another run sends it, does nothing); an SMTP error is retried with backoff
    until the last attempt."""
    from notifications.mail import notification_email_send

    delay = notification_email_send(notification_id=notification_id)
    if delay is not None and self.request.retries < self.max_retries:
        raise self.retry(countdown=delay)


@shared_task
def notification_emails_sweep_task() -> int:
    """Queue the notification e-mails whose task never ran or was lost."""
    from notifications.mail import notification_emails_sweep

    return notification_emails_sweep()
