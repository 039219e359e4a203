"""Phases: the named, dated steps in which a buyer introduces a package (a pilot
district first, then the city), and each step as a quote prices it."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models.buying import Package, Quote


class PackagePhase(models.Model):
    """A step of a package; its lines carry its number."""

    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(
        _("phase"), validators=[MinValueValidator(1)]
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("For example “Pilot: Futian district”."),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=240, blank=True)

    class Meta:
        ordering = ["package", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "number"], name="package_phase_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class QuotePhase(models.Model):
    """A phase as the quote froze it: its lines' totals, and until when its prices
    hold (phase 1: the quote's validity; a later phase: its planned start plus
    PHASE_PRICE_HOLD_GRACE_DAYS)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("phase"))
    name = models.CharField(_("name"), max_length=120)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=240, blank=True)
    price_hold_until = models.DateTimeField(_("prices hold until"))
    one_time = models.BigIntegerField(_("one-time"))
    recurring_monthly = models.BigIntegerField(_("monthly"))
    recurring_annual = models.BigIntegerField(_("annual"))
    discount = models.BigIntegerField(_("saved through sales"))
    tax = models.BigIntegerField(_("tax on the first charge"))
    first_charge = models.BigIntegerField(_("first charge, tax included"))

    class Meta:
        ordering = ["quote", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quote", "number"], name="quote_phase_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quote}: {self.number}. {self.name}"

    def hold_lapsed(self, at=None) -> bool:
        return (at or timezone.now()) >= self.price_hold_until
