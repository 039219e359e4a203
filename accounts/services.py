"""Writes for accounts: users, organizations, memberships and invitations (API keys:
`accounts.api_keys`)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import (
    Invitation,
    Membership,
    Organization,
    User,
    normalize_email,
    token_hash,
)
from .permissions import staff_groups_of
from .roles import BuyerType, Capability, OrganizationKind, Role, roles_for_kind


def user_create(
    *, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Sign a person up. The e-mail address must not be taken (case-insensitive)."""
    email = normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists.")}
        )
    return User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    created_by: User | None = None,
    role: str | None = None,
    buyer_type: str = "",
    region: str = "",
    locality: str = "",
    allow_self_approval: bool = False,
    slug: str = "",
) -> Organization:
    """Create an organization; its creator becomes an administrator member.

    A buyer organization's creator is an approver by default, a vendor's its owner.
    """
    if kind == OrganizationKind.BUYER and buyer_type not in BuyerType.values:
        raise ValidationError(
            {"buyer_type": _("Say whether the buyer is municipal or an enterprise.")}
        )
    if kind != OrganizationKind.BUYER:
        buyer_type = ""
    organization = Organization.objects.create(
        name=name.strip(),
        slug=slug or _unique_slug(name),
        kind=kind,
        buyer_type=buyer_type,
        region=region,
        locality=locality,
        allow_self_approval=allow_self_approval,
    )
    if created_by is not None:
        default_role = {
            OrganizationKind.BUYER: Role.APPROVER,
            OrganizationKind.VENDOR: Role.OWNER,
            OrganizationKind.PLATFORM: Role.CURATOR,
        }[OrganizationKind(kind)]
        membership_create(
            organization=organization,
            user=created_by,
            role=role or default_role,
            is_admin=True,
        )
    return organization


# What an organization's administrators change on its settings page.
ORGANIZATION_SETTINGS = (
    "name",
    "locality",
    "legal_name",
    "billing_address",
    "tax_id",
    "purchase_order_required",
    "fiscal_year_start_month",
    "language",
    "allow_self_approval",
    "second_approval_above",
    "second_approval_currency",
)

# "Leave as it is", for a setting whose empty value (None) means something.
KEEP = object()


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    user: User,
    name: str | None = None,
    locality: str | None = None,
    legal_name: str | None = None,
    billing_address: str | None = None,
    tax_id: str | None = None,
    purchase_order_required: bool | None = None,
    fiscal_year_start_month: int | None = None,
    language: str | None = None,
    allow_self_approval: bool | None = None,
    second_approval_above: int | object | None = KEEP,
    second_approval_currency: str | None = None,
) -> Organization:
    """Change an organization's details, how it buys and what its documents say;
    only its administrators may. What is not given (None; KEEP for the amount
    above which a second approver is needed, where None means never) stays."""
    _require_admin(organization=organization, user=user)
    given = {
        "name": name,
        "locality": locality,
        "legal_name": legal_name,
        "billing_address": billing_address,
        "tax_id": tax_id,
        "purchase_order_required": purchase_order_required,
        "fiscal_year_start_month": fiscal_year_start_month,
        "language": language,
        "allow_self_approval": allow_self_approval,
        "second_approval_currency": second_approval_currency,
    }
    changes: dict[str, object] = {
        field: value.strip() if isinstance(value, str) else value
        for field, value in given.items()
        if value is not None
    }
    if second_approval_above is not KEEP:
        if second_approval_above is not None and (
            not isinstance(second_approval_above, int) or second_approval_above < 0
        ):
            raise ValidationError(
                {"second_approval_above": _("Give an amount of zero or more.")}
            )
        changes["second_approval_above"] = second_approval_above
    if "name" in changes and not changes["name"]:
        raise ValidationError({"name": _("Give the organization a name.")})
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    for field, value in changes.items():
        setattr(organization, field, value)
    # Lengths and choices (months, languages) as the model declares them.
    organization.full_clean(
        exclude=[field for field in ORGANIZATION_SETTINGS if field not in changes]
        + ["slug", "kind", "buyer_type", "region"],
        validate_unique=False,
        validate_constraints=False,
    )
    if changes:
        organization.save(update_fields=list(changes))
    return organization


@transaction.atomic
def membership_create(
    *, organization: Organization, user: User, role: str, is_admin: bool = False
) -> Membership:
    """Add a user to an organization. Adding the same user twice changes nothing."""
    if role not in roles_for_kind(organization.kind):
        raise ValidationError(
            {"role": _("This role does not exist in this kind of organization.")}
        )
    if role == Role.OWNER:
        is_admin = True
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=organization,
        defaults={"role": role, "is_admin": is_admin},
    )
    staff_groups_of(user)
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, role: str, is_admin: bool, changed_by: User
) -> Membership:
    """Change a member's role. Only administrators may, and an organization always
    keeps at least one administrator."""
    _require_admin(organization=membership.organization, user=changed_by)
    if role not in roles_for_kind(membership.organization.kind):
        raise ValidationError(
            {"role": _("This role does not exist in this kind of organization.")}
        )
    if role == Role.OWNER:
        is_admin = True
    if membership.is_admin and not is_admin:
        others = (
            Membership.objects.select_for_update()
            .filter(organization=membership.organization, is_admin=True)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(
                _("An organization needs at least one administrator.")
            )
    membership.role = role
    membership.is_admin = is_admin
    membership.save(update_fields=["role", "is_admin"])
    staff_groups_of(membership.user)
    return membership


def _require_admin(*, organization: Organization, user: User) -> Membership:
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None or not membership.can(Capability.MEMBERS_MANAGE):
        raise PermissionDenied(_("Only the organization's administrators may do this."))
    return membership


# Invitations -----------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, organization: Organization, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Invite someone by e-mail; returns the invitation and its one-time token.

    Inviting the same address again replaces the open invitation (and its link).
    """
    _require_admin(organization=organization, user=invited_by)
    email = normalize_email(email)
    if role not in roles_for_kind(organization.kind):
        raise ValidationError(
            {"role": _("This role does not exist in this kind of organization.")}
        )
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the organization.")}
        )
    now = timezone.now()
    Invitation.objects.filter(
        organization=organization,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:invitation", kwargs={"token": token}
    )
    context = {"invitation": invitation, "link": link, "inviter": invited_by}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("You are invited to join %(organization)s on Agora")
            % {"organization": organization.name},
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, token


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the organization. The invitation must be open and addressed to the user.
    It is reached only through the token e-mailed to that address, which proves the
    address is the user's: an unverified one becomes verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    if normalize_email(user.email) != normalize_email(invitation.email):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address.")
            % {"email": invitation.email}
        )
    membership = membership_create(
        organization=invitation.organization, user=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=invitation.accepted_at
    )
    user.refresh_from_db(fields=["email_verified_at"])
    return membership


def invitation_revoke(*, invitation: Invitation, revoked_by: User) -> None:
    _require_admin(organization=invitation.organization, user=revoked_by)
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitations_expire() -> int:
    """Close invitations whose date has passed, so their addresses can be invited
    again. Returns how many were closed."""
    now = timezone.now()
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
    ).update(revoked_at=now)
