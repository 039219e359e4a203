"""A notification's e-mail: sent after commit to those who want it, in the
recipient's own language, retried on an SMTP error, and never sent twice."""

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import translation

from notifications.kinds import render_title
from notifications.models import (
    Channels,
    EmailState,
    Notification,
    NotificationPreference,
)
from notifications.services import notify
from notifications.tasks import notification_email_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARAMS = {"order": "O-2026-000042", "amount": "CNY 1,234.00"}


def tell(*recipients, key="order:42:paid"):
    notify(
        kind="order.paid",
        recipients=recipients,
        key=key,
        params=PARAMS,
        url="/orders/42/",
    )


def test_the_email_goes_after_commit_once_per_recipient(
    django_capture_on_commit_callbacks,
):
    ana, ben = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(ana, ben)
        tell(ana, ben)
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [ana.email, ben.email]
    )
    [message] = [m for m in mail.outbox if m.to == [ana.email]]
    assert message.subject == "Order O-2026-000042 is paid"
    assert "CNY 1,234.00 was received." in message.body
    notification = Notification.objects.get(recipient=ana)
    assert f"/notifications/{notification.pk}/" in message.body
    assert "/notifications/preferences/" in message.body
    assert notification.email_state == EmailState.SENT
    assert notification.emailed_at is not None


def test_nothing_is_stored_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    ana = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                tell(ana)
                raise RuntimeError("the caller's change failed")
        except RuntimeError:
            pass

    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["ja", "zh-hans"])
def test_the_email_is_in_the_recipients_language(
    language, django_capture_on_commit_callbacks
):
    reader = UserFactory(language=language)

    with django_capture_on_commit_callbacks(execute=True):
        tell(reader)

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == language
    with translation.override(language):
        expected = render_title("order.paid", PARAMS)
    assert message.subject == expected


def test_a_user_following_the_browser_gets_the_email_in_english(
    django_capture_on_commit_callbacks,
):
    reader = UserFactory(language="")

    with translation.override("ja"), django_capture_on_commit_callbacks(execute=True):
        tell(reader)

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "Order O-2026-000042 is paid"


def test_in_app_only_stores_the_notification_and_sends_no_email(
    django_capture_on_commit_callbacks,
):
    quiet, loud = UserFactory(), UserFactory()
    NotificationPreference.objects.create(
        user=quiet, kind="order.paid", channels=Channels.IN_APP
    )
    NotificationPreference.objects.create(
        user=loud, kind="quote.approved", channels=Channels.IN_APP
    )

    with django_capture_on_commit_callbacks(execute=True):
        tell(quiet, loud)

    assert [message.to for message in mail.outbox] == [[loud.email]]
    assert Notification.objects.get(recipient=quiet).email_state == (
        EmailState.NOT_WANTED
    )


def test_inactive_users_get_nothing(django_capture_on_commit_callbacks):
    gone = UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        tell(gone)

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(
            kind="order.lost", recipients=[UserFactory()], key="x", params={}, url=""
        )

    assert Notification.objects.count() == 0


def test_an_smtp_failure_is_retried_once_then_the_email_is_sent_once(
    flaky_mail, settings
):
    settings.NOTIFICATION_EMAIL_RETRY_SECONDS = 60
    tell(UserFactory())  # its task runs after commit, which never comes here
    notification = Notification.objects.get()

    with pytest.raises(Retry) as retry:
        notification_email_task.apply(args=[notification.pk])
    notification.refresh_from_db()
    assert retry.value.when == 60
    assert notification.email_state == EmailState.PENDING
    assert notification.email_attempts == 1
    assert "Connection unexpectedly closed" in notification.email_error
    assert mail.outbox == []

    # Celery runs the task again after the countdown; here, at once.
    notification_email_task.apply(args=[notification.pk], retries=1)

    notification.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (notification.email_state, notification.email_attempts) == (
        EmailState.SENT,
        2,
    )
    assert notification.email_error == ""


def test_the_task_run_twice_sends_once():
    tell(UserFactory())
    notification = Notification.objects.get()

    notification_email_task.apply(args=[notification.pk])
    notification_email_task.apply(args=[notification.pk])

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_after_the_last_attempt_the_email_is_failed_and_not_retried(
    flaky_mail, settings
):
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 2
    flaky_mail(5)
    tell(UserFactory())
    notification = Notification.objects.get()

    with pytest.raises(Retry):
        notification_email_task.apply(args=[notification.pk])
    notification_email_task.apply(args=[notification.pk], retries=1)
    notification_email_task.apply(args=[notification.pk], retries=2)

    notification.refresh_from_db()
    assert (notification.email_state, notification.email_attempts) == (
        EmailState.FAILED,
        2,
    )
    assert mail.outbox == []


def test_the_sweep_sends_what_its_task_never_did(settings):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.tasks import notification_emails_sweep_task

    tell(UserFactory())  # the broker was down: no task ran
    Notification.objects.update(email_next_at=timezone.now() - timedelta(minutes=5))

    assert notification_emails_sweep_task.apply().get() == 1
    assert notification_emails_sweep_task.apply().get() == 0

    assert len(mail.outbox) == 1
