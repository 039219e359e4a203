from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from notifications.selectors import notifications_unread_count


class _Unread:
    """The user's unread count, counted (one COUNT) only if a template reads it."""

    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return notifications_unread_count(user=self._user)


def notifications(request: HttpRequest) -> dict:
    """`notification_inbox.unread` for the site's header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notification_inbox": None}
    return {"notification_inbox": _Unread(user)}
