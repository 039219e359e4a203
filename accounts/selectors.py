"""Reads for accounts."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiKey, Invitation, Membership, Organization, User, token_hash
from .roles import Capability, Role, role_capabilities


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


def members_able(
    *, organization: Organization, capability: Capability
) -> QuerySet[User]:
    """The active users of an organization whose role (or administration) gives
    them `capability`: whom to ask, whom to tell."""
    roles = [role for role in Role.values if capability in role_capabilities(role)]
    able = models.Q(memberships__role__in=roles)
    if capability in role_capabilities("", is_admin=True):
        able |= models.Q(memberships__is_admin=True)
    return (
        User.objects.filter(
            able, memberships__organization=organization, is_active=True
        )
        .distinct()
        .order_by("email")
    )


def approval_warnings(*, organization: Organization) -> list[str]:
    """What keeps a buyer organization's quotes from being approved, for its
    members page: nobody with the approver role, or too few for its rules."""
    if not organization.is_buyer:
        return []
    approvers = list(
        members_able(organization=organization, capability=Capability.QUOTE_APPROVE)
    )
    if not approvers:
        return [
            _(
                "No member can approve quotes, so every quote asked for here would "
                "wait forever: asking is refused until a member has the approver "
                "role."
            )
        ]
    warnings = []
    if organization.second_approval_above is not None and len(approvers) < 2:
        warnings.append(
            _(
                "Quotes above the amount in the organization settings need two "
                "different approvers, and only one member is an approver."
            )
        )
    if len(approvers) == 1 and not organization.allow_self_approval:
        warnings.append(
            _(
                "%(name)s is the only approver and may not approve their own "
                "quotes: give a second member the approver role, or allow "
                "self-approval in the organization settings."
            )
            % {"name": approvers[0].get_full_name()}
        )
    return warnings
