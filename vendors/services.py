"""Writes for vendors: applying to sell, the curators' verification, and the
storefront's logo and "about" text."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from accounts.models import Membership, User
from accounts.permissions import can
from accounts.roles import Capability, OrganizationKind, Role
from accounts.services import organization_create

from .models import (
    ABOUT_MAX_LENGTH,
    LOGO_MAX_BYTES,
    LOGO_MIN_SIDE,
    Vendor,
    VerificationStatus,
)


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


@transaction.atomic
def vendor_profile_update(
    *,
    vendor: Vendor,
    user: User,
    about: str,
    logo=None,
    remove_logo: bool = False,
) -> Vendor:
    """Change the storefront's "about" text and logo (an uploaded image file, which
    replaces the current one; `remove_logo` takes it off). The vendor's owners do
    this; the storefront shows the change at once."""
    membership = Membership.objects.filter(
        organization_id=vendor.organization_id, user=user
    ).first()
    if membership is None or not membership.can(Capability.MEMBERS_MANAGE):
        raise PermissionDenied(_("Only the vendor's owners change its storefront."))
    about = about.strip()
    if len(about) > ABOUT_MAX_LENGTH:
        raise ValidationError(
            {"about": _("At most %(limit)d characters.") % {"limit": ABOUT_MAX_LENGTH}}
        )
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    vendor.about = about
    if logo is not None:
        vendor.logo = _logo_store(logo, vendor=vendor, user=user)
    elif remove_logo:
        vendor.logo = None
    vendor.save(update_fields=["about", "logo"])
    return vendor


def _logo_store(file, *, vendor: Vendor, user: User):
    """A checked upload as a Wagtail image. Any file that is not an image of a
    supported format (by its content, not its name), is too large or too small is
    refused with a message under the field."""
    try:
        WagtailImageField().clean(file)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            {
                "logo": _("A logo may be at most %(size)s; this file is %(file)s.")
                % {
                    "size": filesizeformat(LOGO_MAX_BYTES),
                    "file": filesizeformat(file.size),
                }
            }
        )
    width, height = file.image.get_size()
    if min(width, height) < LOGO_MIN_SIDE:
        raise ValidationError(
            {
                "logo": _(
                    "A logo needs at least %(side)d × %(side)d pixels; this one has "
                    "%(width)d × %(height)d."
                )
                % {"side": LOGO_MIN_SIDE, "width": width, "height": height}
            }
        )
    # Stored under a random name, as listing images are; the extension is one the
    # check above accepted.
    file.name = f"{uuid.uuid4().hex}{Path(file.name).suffix.lower()}"
    return get_image_model().objects.create(
        title=vendor.organization.name, file=file, uploaded_by_user=user
    )
