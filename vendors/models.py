from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Organization


class VerificationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Vendor(models.Model):
    """A vendor organization's seller profile; only verified vendors may submit
    listings."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="vendor",
        limit_choices_to={"kind": "vendor"},
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    registration_number = models.CharField(
        _("company registration number"), max_length=64
    )
    contact_email = models.EmailField(_("contact e-mail address"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    regions_served = CountryField(_("regions served"), multiple=True, blank=True)
    status = models.CharField(
        _("verification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.APPLIED,
    )
    verified_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(
        _("note to the applicant"),
        blank=True,
        help_text=_("Why the application was rejected, or what is still missing."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED
