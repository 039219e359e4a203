"""The curated tier: endorsements of listings by the platform's curators, and
time-limited sales on the plans of endorsed listings.

Both are open about themselves: an endorsement names the criteria a listing passed,
why, who decided, when, and until when; a sale names its discount, start and end.
Nothing here is paid for by vendors.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.limits import MAX_QUANTITY
from marketplace.translations import (
    Translatable,
    TranslatedAttribute,
    TranslationsField,
)


class EndorsementCriterion(Translatable, models.Model):
    """A check a listing passes before curators endorse it ("security review", "two
    reference deployments" …). Curators keep the list, in English with
    translations."""

    translated_fields = ("name", "description")
    translations = TranslationsField()
    name_i18n = TranslatedAttribute("name")
    description_i18n = TranslatedAttribute("description")

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(
        _("what it means"), blank=True, help_text=_("Shown to buyers with the badge.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Criteria no longer in use stay on past endorsements."),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("endorsement criterion")
        verbose_name_plural = _("endorsement criteria")

    def __str__(self) -> str:
        return self.name_i18n


class EndorsementQuerySet(models.QuerySet):
    def active(self, at: datetime | None = None) -> EndorsementQuerySet:
        at = at or timezone.now()
        return self.filter(
            revoked_at__isnull=True, endorsed_at__lte=at, expires_at__gt=at
        )

    def expiring(
        self, within: timedelta, at: datetime | None = None
    ) -> EndorsementQuerySet:
        at = at or timezone.now()
        return self.active(at).filter(expires_at__lte=at + within)


class EndorsementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Endorsement(Translatable, models.Model):
    """A listing placed in the curated tier, with the reasons and an expiry for
    re-review. Never edited after the fact (but for translations of the rationale):
    a renewal is a new endorsement, and the rows are the listing's curation
    history."""

    translated_fields = ("rationale",)
    translations = TranslationsField()
    rationale_i18n = TranslatedAttribute("rationale")

    listing = models.ForeignKey(
        "marketplace.Listing",
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("listing"),
    )
    criteria = models.ManyToManyField(
        EndorsementCriterion, related_name="+", verbose_name=_("criteria passed")
    )
    rationale = models.TextField(
        _("rationale"),
        help_text=_("Why this listing belongs in Select; buyers see it."),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("re-review by"), help_text=_("The endorsement lapses at this time.")
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-endorsed_at", "-pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("endorsed_at")),
                name="endorsement_expires_after_start",
            )
        ]
        indexes = [models.Index(fields=["listing", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.listing} ({self.endorsed_at:%Y-%m-%d})"

    def status_at(self, at: datetime | None = None) -> str:
        at = at or timezone.now()
        if self.revoked_at is not None:
            return EndorsementStatus.REVOKED
        if self.expires_at <= at:
            return EndorsementStatus.EXPIRED
        return EndorsementStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return str(EndorsementStatus(self.status).label)


class PromotionQuerySet(models.QuerySet):
    def live(self) -> PromotionQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def running(self, at: datetime | None = None) -> PromotionQuerySet:
        at = at or timezone.now()
        return self.live().filter(starts_at__lte=at, ends_at__gt=at)

    def upcoming(self, at: datetime | None = None) -> PromotionQuerySet:
        at = at or timezone.now()
        return self.live().filter(starts_at__gt=at)


class Promotion(models.Model):
    """A time-limited sale: a percentage off one plan of a curated listing, between
    two moments, optionally for a limited number of units."""

    plan = models.ForeignKey(
        "marketplace.Plan",
        on_delete=models.CASCADE,
        related_name="promotions",
        verbose_name=_("plan"),
    )
    percent_off = models.PositiveSmallIntegerField(
        _("percent off"), validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    quantity_cap = models.PositiveIntegerField(
        _("units at the sale price"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
        validators=[MaxValueValidator(MAX_QUANTITY)],
    )
    units_claimed = models.PositiveIntegerField(_("units sold"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="promotion_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(percent_off__gte=1, percent_off__lte=90),
                name="promotion_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["plan", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.plan}: -{self.percent_off}%"

    @property
    def units_left(self) -> int | None:
        if self.quantity_cap is None:
            return None
        return max(self.quantity_cap - self.units_claimed, 0)

    def is_running(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return (
            self.cancelled_at is None
            and self.starts_at <= at < self.ends_at
            and self.units_left != 0
        )
