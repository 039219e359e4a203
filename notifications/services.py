"""Writes of notifications: an event told to the people it concerns (stored in the
caller's transaction, e-mailed after it commits), read marks and preferences.

Sending the e-mail is `notifications.mail`; this module only records and queues.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications import tasks
from notifications.kinds import KINDS
from notifications.models import (
    Channels,
    EmailState,
    Notification,
    NotificationPreference,
)

logger = logging.getLogger(__name__)


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    key: str,
    params: dict[str, str],
    url: str,
) -> None:
    """Tell each recipient of an event: one notification per recipient, kind and
    `key` (the event's identity, e.g. "quote:12:approved"), stored in the caller's
    transaction, so telling the same event again adds nothing. After commit, the
    e-mail of each new one whose recipient wants it is queued. Inactive users are
    not told. `params` fill the kind's title (`notifications.kinds`); `url` is
    the path where the recipient acts on it."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    users = {user.pk: user for user in recipients if user is not None}
    active = [pk for pk, user in users.items() if user.is_active]
    if not active:
        return
    told = set(
        Notification.objects.filter(
            recipient_id__in=active, kind=kind, key=key
        ).values_list("recipient_id", flat=True)
    )
    new = [pk for pk in active if pk not in told]
    if not new:
        return
    in_app_only = set(
        NotificationPreference.objects.filter(
            user_id__in=new, kind=kind, channels=Channels.IN_APP
        ).values_list("user_id", flat=True)
    )
    now = timezone.now()
    values = {name: str(value) for name, value in params.items()}
    rows = []
    for pk in new:
        wants_email = pk not in in_app_only and bool(users[pk].email)
        state = EmailState.PENDING if wants_email else EmailState.NOT_WANTED
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                key=key[:200],
                params=values,
                url=url[:500],
                created_at=now,
                email_state=state,
                email_next_at=now if wants_email else None,
            )
        )
    # A concurrent call for the same event inserts its own rows first or after;
    # the unique constraint keeps one of each.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    pending = list(
        Notification.objects.filter(
            recipient_id__in=new,
            kind=kind,
            key=key[:200],
            email_state=EmailState.PENDING,
        ).values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: emails_queue(pending))


def emails_queue(notification_ids: Iterable[int]) -> None:
    """Queue the e-mail of each notification. A broker out of reach loses
    nothing: the row waits, and the sweep queues it."""
    for pk in notification_ids:
        try:
            tasks.notification_email_task.delay(pk)
        except Exception:
            logger.exception("could not queue the e-mail of notification %s", pk)


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (again: nothing changes).
    Another user's raises `Notification.DoesNotExist`."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all the user's notifications read; answers how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(*, user: User, channels: Mapping[str, str]) -> None:
    """How the user wants each kind given (`Channels`: in Agora only, or in Agora
    and by e-mail). Kinds left out keep their setting."""
    errors = {
        kind: _("Choose in Agora only, or in Agora and by e-mail.")
        for kind, value in channels.items()
        if kind not in KINDS or value not in Channels.values
    }
    if errors:
        raise ValidationError(errors)
    for kind, value in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channels": value}
        )
