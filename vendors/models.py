from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Organization
from config.encryption import EncryptedTextField

# The storefront's "about" text, in characters, and its logo: shown small, so a
# few hundred pixels are plenty and megabytes a mistake.
ABOUT_MAX_LENGTH = 2000
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MIN_SIDE = 64


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
    # The storefront: what buyers see beside the vendor's name.
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    about = models.TextField(
        _("about"),
        max_length=ABOUT_MAX_LENGTH,
        blank=True,
        help_text=_("What the company does and for whom, in a few sentences."),
    )
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


# Webhooks ------------------------------------------------------------------------
# The delivery engine's records; see vendors/webhooks/ and docs/vendor-integration.md.


class DisabledReason(models.TextChoices):
    VENDOR = "vendor", _("Turned off by the vendor")
    GONE = "gone", _("The endpoint answered 410 Gone")
    FAILING = "failing", _("Every delivery failed for days")


class WebhookEndpoint(models.Model):
    """Where a vendor receives its events, and the secret they are signed with."""

    vendor = models.OneToOneField(
        Vendor, on_delete=models.CASCADE, related_name="webhook_endpoint"
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = EncryptedTextField()
    # After a rotation the previous secret also signs, until `previous_secret_until`.
    previous_secret = EncryptedTextField(blank=True, default="")
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    # False while the vendor has not seen the secret (an endpoint the platform set up
    # for it): the vendor's next save issues one and shows it.
    secret_shown = models.BooleanField(default=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(
        max_length=16, choices=DisabledReason.choices, blank=True
    )
    # The first failure since the last success: the clock of automatic disabling.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return f"{self.vendor}: {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one vendor: the outbox row, written in the transaction of the
    change it announces, and its delivery state. Every attempt sends the same
    `webhook_id` and body."""

    # Nothing in these rows is content Wagtail needs to track references to.
    wagtail_reference_index_ignore = True

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook_id = models.CharField(max_length=40, unique=True)
    event_type = models.CharField(_("event"), max_length=64)
    body = models.TextField()
    # Events with the same key are delivered one after the other, in id order.
    ordering_key = models.CharField(max_length=64, blank=True)
    # Dotted path of what reads the vendor's answers (see webhooks.handlers).
    handler = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    # The retry schedule counts attempts from here (a redelivery starts it again).
    schedule_start = models.PositiveIntegerField(default=0)
    # Due for an attempt at this time; None while it waits for an earlier event.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker is sending it until then; past it, the sweep may send it again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Which claim holds it: the worker that claimed a batch reads its rows back by it.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            ),
            # The undelivered events of an ordering key, in order.
            models.Index(
                fields=["vendor", "ordering_key", "id"],
                name="delivery_in_order",
                condition=models.Q(status="pending") & ~models.Q(ordering_key=""),
            ),
            models.Index(
                fields=["claim"],
                name="delivery_claim",
                condition=models.Q(claim__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"


class DeliveryAttempt(models.Model):
    """One HTTP request of a delivery, as logged (secrets and passwords redacted)."""

    # Nothing in these rows is content Wagtail needs to track references to.
    wagtail_reference_index_ignore = True

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts"
    )
    # The vendor again, for its endpoint's health over the last days.
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    url = models.URLField(max_length=500)
    started_at = models.DateTimeField()
    request_headers = models.JSONField(default=dict)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)  # the first 2 KB, redacted
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["vendor", "started_at"])]

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}"
