"""Writes for vendors: applying to sell, and the curators' verification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.permissions import can
from accounts.roles import Capability, OrganizationKind, Role
from accounts.services import organization_create

from .models import Vendor, VerificationStatus


@transaction.atomic
def vendor_apply(
    *,
    user: User,
    name: str,
    legal_name: str,
    registration_number: str,
    contact_email: str,
    regions_served: list[str],
    contact_phone: str = "",
    website: str = "",
    region: str = "",
) -> Vendor:
    """An organization applies to sell: it exists at once, with the applicant as its
    owner, and may prepare listings; submitting them waits for verification."""
    if Vendor.objects.filter(
        registration_number__iexact=registration_number.strip()
    ).exists():
        raise ValidationError(
            {
                "registration_number": _(
                    "A vendor with this registration number already exists; ask its "
                    "owner to invite you."
                )
            }
        )
    organization = organization_create(
        name=name,
        kind=OrganizationKind.VENDOR,
        region=region,
        created_by=user,
        role=Role.OWNER,
    )
    return Vendor.objects.create(  # type: ignore[misc]  # a multiple CountryField
        organization=organization,
        legal_name=legal_name.strip(),
        registration_number=registration_number.strip(),
        contact_email=contact_email,
        contact_phone=contact_phone,
        website=website,
        regions_served=regions_served,
        status=VerificationStatus.APPLIED,
    )


def _require_curator(user: User) -> None:
    if not can(user, Capability.VENDOR_VERIFY):
        raise PermissionDenied(_("Only curators verify vendors."))


@transaction.atomic
def vendor_verify(*, vendor: Vendor, user: User) -> Vendor:
    _require_curator(user)
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if vendor.status == VerificationStatus.VERIFIED:
        return vendor
    vendor.status = VerificationStatus.VERIFIED
    vendor.verified_at = timezone.now()
    vendor.verified_by = user
    vendor.decision_note = ""
    vendor.save(update_fields=["status", "verified_at", "verified_by", "decision_note"])
    return vendor


@transaction.atomic
def vendor_reject(*, vendor: Vendor, user: User, note: str) -> Vendor:
    _require_curator(user)
    if not note.strip():
        raise ValidationError({"decision_note": _("Tell the applicant why.")})
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    vendor.status = VerificationStatus.REJECTED
    vendor.verified_at = timezone.now()
    vendor.verified_by = user
    vendor.decision_note = note.strip()
    vendor.save(update_fields=["status", "verified_at", "verified_by", "decision_note"])
    return vendor


def vendor_for_user(*, user: User) -> Vendor | None:
    membership = (
        Membership.objects.filter(user=user, organization__kind=OrganizationKind.VENDOR)
        .order_by("created_at")
        .first()
    )
    if membership is None:
        return None
    return Vendor.objects.filter(organization_id=membership.organization_id).first()
