"""A notification is one event told to one person: shown in their list, and
e-mailed to them once if they want it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import render_title


class EmailState(models.TextChoices):
    # In-app only (the recipient's choice), or nothing to send it to.
    NOT_WANTED = "not_wanted", _("Not wanted")
    PENDING = "pending", _("Waiting to be sent")
    # Claimed by one attempt; only that attempt may send it.
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A code of `notifications.kinds.KINDS` (no choices: kinds are added in code,
    # not by migrations).
    kind = models.CharField(_("kind"), max_length=64)
    # The event's identity, e.g. "quote:12:quote.approved": one notification per
    # recipient, kind and key, however often the event is reported.
    key = models.CharField(_("event"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Where the recipient acts on it: a path on this site.
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"),
        max_length=16,
        choices=EmailState.choices,
        default=EmailState.PENDING,
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    # When the next attempt is due (the sweep sends what its task never did).
    email_next_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_error = models.CharField(_("last e-mail error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                name="notifications_one_per_event",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_list",
            ),
            # The header's unread count.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email_next_at"],
                condition=models.Q(email_state="pending"),
                name="notification_email_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.key}"

    @property
    def title(self) -> str:
        """The title in the active language (the reader's)."""
        return render_title(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channels(models.TextChoices):
    IN_APP = "in_app", _("In Agora only")
    EMAIL = "email", _("In Agora and by e-mail")


class NotificationPreference(models.Model):
    """How a user wants one kind of notification. Without a row: in Agora and by
    e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    channels = models.CharField(
        _("how"), max_length=16, choices=Channels.choices, default=Channels.EMAIL
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_one_preference_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channels}"
