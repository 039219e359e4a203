"""Reads for accounts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiKey, Invitation, Membership, Organization, User, token_hash


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization")


def membership_current(
    *, user: User, organization_id: int | None = None
) -> Membership | None:
    """The membership the user is acting in: the one chosen (kept in the session), or
    their first one."""
    if not user.is_authenticated:
        return None
    memberships = memberships_for_user(user=user).order_by("created_at", "pk")
    if organization_id:
        chosen = memberships.filter(organization_id=organization_id).first()
        if chosen:
            return chosen
    return memberships.first()


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("user__email")


def invitations_open(
    *, organization: Organization | None = None, email: str | None = None
) -> QuerySet[Invitation]:
    """Invitations that can still be accepted, for an organization or an address."""
    invitations = Invitation.objects.filter(
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("organization", "invited_by")
    if organization is not None:
        invitations = invitations.filter(organization=organization)
    if email is not None:
        invitations = invitations.filter(email__iexact=email)
    return invitations


def api_key_for_token(*, key: str) -> ApiKey | None:
    """The active key matching a presented token, with its user and organization."""
    if not key.startswith(ApiKey.PREFIX):
        return None
    return (
        ApiKey.objects.select_related("user", "organization")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )
