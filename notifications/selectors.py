"""Reads of notifications: a user's list, the unread count, the preferences page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import OrganizationKind
from notifications.kinds import KINDS, Audience, Kind
from notifications.models import Channels, Notification, NotificationPreference


def notifications_for(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first; only the unread ones if asked."""
    notifications = Notification.objects.filter(recipient=user)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def audiences_of(*, user: User) -> list[Audience]:
    """Whom the user is among: a buyer, a vendor, a curator (several, or none)."""
    kinds = set(user.memberships.values_list("organization__kind", flat=True))
    audiences = []
    if OrganizationKind.BUYER in kinds:
        audiences.append(Audience.BUYER)
    if OrganizationKind.VENDOR in kinds:
        audiences.append(Audience.VENDOR)
    if user.groups.filter(name=settings.CURATORS_GROUP).exists():
        audiences.append(Audience.CURATOR)
    return audiences


@dataclass(frozen=True)
class Preference:
    kind: Kind
    channels: str


def notification_preferences(*, user: User) -> dict[Audience, list[Preference]]:
    """The kinds the user may be told of, by audience, each with how they want it
    (in Agora and by e-mail unless they chose otherwise). A user in no
    organization sees every kind."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channels")
    )
    audiences = audiences_of(user=user) or list(Audience)
    # Kinds they were told of already, whatever their organizations are now.
    told = set(
        Notification.objects.filter(recipient=user)
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    grouped: dict[Audience, list[Preference]] = {}
    for kind in KINDS.values():
        if kind.audience in audiences or kind.code in told:
            grouped.setdefault(kind.audience, []).append(
                Preference(kind, chosen.get(kind.code, Channels.EMAIL))
            )
    return {audience: grouped[audience] for audience in Audience if audience in grouped}
