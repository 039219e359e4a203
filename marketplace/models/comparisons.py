"""Comparisons a buyer saved to a package: the solutions side by side as the compare
page showed them at that moment, kept unchanged as evidence of how the choice was
made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models.buying import Package


class SavedComparison(models.Model):
    """A comparison frozen into a package's file. `listings` holds, in the order
    compared, each solution as the compare page showed it: [{listing_id, slug,
    title, vendor, category, curated, endorsed_until, price_from, plans: [{code,
    name, billing, unit, unit_price, sale_unit_price, setup_fee, currency,
    contract_term_months}], deployment_model, protocols, certifications, regions,
    sla_uptime, support_hours, reference_deployments, rating, rating_count}]
    (amounts in minor units)."""

    package = models.ForeignKey(
        Package,
        on_delete=models.CASCADE,
        related_name="comparisons",
        verbose_name=_("package"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why these solutions were compared, or what decided it."),
    )
    listings = models.JSONField(_("solutions compared"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("saved comparison")
        verbose_name_plural = _("saved comparisons")

    def __str__(self) -> str:
        return f"{self.package}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def saved_by_name(self) -> str:
        if self.created_by is None:
            return str(_("a former member"))
        return self.created_by.get_full_name() or self.created_by.email
