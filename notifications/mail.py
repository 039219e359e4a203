"""A notification's e-mail: written in the recipient's language, sent once.

Each attempt first claims the row (a conditional UPDATE from `pending` to
`sending`); only the attempt that claimed it sends, so a task delivered twice, a
retry that overlaps the sweep, or a run after the e-mail went out sends nothing.
An SMTP error puts the row back to `pending` with its next attempt after a
doubling delay, up to NOTIFICATION_EMAIL_MAX_ATTEMPTS attempts; then it is
`failed`. A worker lost between the claim and the send leaves the row `sending`:
never sent twice means it may, rarely, not be sent at all (it stays in the list).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications import tasks
from notifications.kinds import KINDS, render_body, render_title
from notifications.models import (
    Channels,
    EmailState,
    Notification,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

# A row queued after commit is sent at once; the sweep takes only rows whose task
# has had this long to run.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail of a notification, in its recipient's language (Agora's default
    when they follow their browser)."""
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    kind = KINDS.get(notification.kind)
    with translation.override(language):
        title = render_title(notification.kind, notification.params)
        body = render_to_string(
            "notifications/email/notification.txt",
            {
                "recipient": recipient,
                "title": title,
                "text": render_body(notification.kind, notification.params),
                "quoted": [
                    notification.params[name]
                    for name in (kind.quoted if kind else ())
                    if notification.params.get(name)
                ],
                "link": site + reverse("notifications:open", args=[notification.pk]),
                "preferences": site + reverse("notifications:preferences"),
            },
        )
    return EmailMessage(
        subject=" ".join(title.split()),
        body=body,
        to=[recipient.email],
        headers={
            "Content-Language": language,
            # RFC 3834: out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )


def _wants_email(notification: Notification) -> bool:
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return False
    return not NotificationPreference.objects.filter(
        user=recipient, kind=notification.kind, channels=Channels.IN_APP
    ).exists()


def _record(notification_id: int, **values) -> None:
    """Write the outcome of the attempt that holds the claim."""
    Notification.objects.filter(
        pk=notification_id, email_state=EmailState.SENDING
    ).update(**values)


def _close(connection) -> None:
    # The message was handed over: a failing QUIT must not make it look unsent.
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.warning("closing the mail connection failed", exc_info=True)


def notification_email_send(*, notification_id: int) -> int | None:
    """Send the notification's e-mail if it is pending, once. Answers the seconds
    after which to try again (an SMTP error), or None: sent, not wanted, failed
    for good, or not this attempt's to send."""
    claimed = Notification.objects.filter(
        pk=notification_id, email_state=EmailState.PENDING
    ).update(
        email_state=EmailState.SENDING,
        email_attempts=F("email_attempts") + 1,
        email_next_at=None,
    )
    if not claimed:
        return None
    notification = Notification.objects.select_related("recipient").get(
        pk=notification_id
    )
    if not _wants_email(notification):
        _record(notification_id, email_state=EmailState.NOT_WANTED)
        return None
    try:
        message = notification_email(notification)
    except Exception as error:
        # A fault of ours (a template): retrying would fail alike.
        _record(notification_id, email_state=EmailState.FAILED, email_error=str(error))
        raise
    connection = get_connection()
    try:
        connection.open()
        sent = connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        _close(connection)
        return _failed(notification, str(error) or error.__class__.__name__)
    if not sent:
        _close(connection)
        return _failed(notification, "The mail server did not take the message.")
    _record(
        notification_id,
        email_state=EmailState.SENT,
        emailed_at=timezone.now(),
        email_error="",
    )
    _close(connection)
    return None


def _failed(notification: Notification, error: str) -> int | None:
    """An attempt failed: try again after a doubling delay, or give up after the
    last attempt."""
    attempts = notification.email_attempts
    if attempts >= settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS:
        logger.error(
            "notification %s: e-mail failed %s times: %s",
            notification.pk,
            attempts,
            error,
        )
        _record(notification.pk, email_state=EmailState.FAILED, email_error=error[:300])
        return None
    delay = settings.NOTIFICATION_EMAIL_RETRY_SECONDS * 2 ** (attempts - 1)
    logger.warning(
        "notification %s: e-mail attempt %s failed, next in %ss: %s",
        notification.pk,
        attempts,
        delay,
        error,
    )
    _record(
        notification.pk,
        email_state=EmailState.PENDING,
        email_next_at=timezone.now() + timedelta(seconds=delay),
        email_error=error[:300],
    )
    return delay


def notification_emails_sweep() -> int:
    """Queue the e-mails whose attempt is due and whose task never ran (the broker
    was down) or was lost. Answers how many were queued."""
    due = list(
        Notification.objects.filter(
            email_state=EmailState.PENDING,
            email_next_at__lte=timezone.now() - SWEEP_GRACE,
        )
        .order_by("email_next_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in due:
        tasks.notification_email_task.delay(pk)
    return len(due)
