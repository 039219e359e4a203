"""API keys: issued to a member for one organization, shown once, stored as a hash,
revoked by their owner."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiKey, Membership, Organization, User, token_hash


def api_key_create(
    *, user: User, name: str, organization: Organization | None = None
) -> tuple[ApiKey, str]:
    """Issue a key for the user; returns the row and the key, which is never stored.

    Without an organization the key acts for the user's only (or first) organization.
    """
    if organization is None:
        membership = (
            Membership.objects.filter(user=user)
            .select_related("organization")
            .order_by("created_at")
            .first()
        )
        organization = membership.organization if membership else None
    elif not Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(
            {"organization": _("You are not a member of this organization.")}
        )
    secret = secrets.token_urlsafe(32)
    prefix = secrets.token_hex(4)
    key = f"{ApiKey.PREFIX}{prefix}_{secret}"
    api_key = ApiKey.objects.create(
        user=user,
        organization=organization,
        name=name.strip() or _("API key"),
        prefix=f"{ApiKey.PREFIX}{prefix}",
        key_hash=token_hash(key),
    )
    return api_key, key


def api_key_revoke(*, api_key: ApiKey, user: User) -> None:
    if api_key.user_id != user.pk:
        raise PermissionDenied(_("This key belongs to someone else."))
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# Writing last_used_at on every request would turn every API read into a write; once a
# minute is precise enough for "last used".
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)


def api_key_touch(*, api_key: ApiKey) -> None:
    now = timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < API_KEY_TOUCH_INTERVAL:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
