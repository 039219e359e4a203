"""E-mail to people the buying services must tell: sent after the transaction
commits, and a mail server that fails is logged, never fatal to the change."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction

from accounts.models import User

logger = logging.getLogger(__name__)


def group_emails(group: str) -> list[str]:
    """The addresses of the active members of a staff group."""
    return list(
        User.objects.filter(groups__name=group, is_active=True).values_list(
            "email", flat=True
        )
    )


def mail_after_commit(subject: str, message: str, recipients: list[str]) -> None:
    recipients = sorted(set(recipients))
    if recipients:
        transaction.on_commit(lambda: _send(subject, message, recipients))


def _send(subject: str, message: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, message, None, recipients)
    except Exception:
        logger.exception("could not send %r", subject)
