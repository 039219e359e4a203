"""Subscriptions: what a paid order line entitles the buyer to, provisioned by the
vendor through its webhook endpoint (see services/provisioning.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.encryption import EncryptedJSONField
from marketplace.models.buying import OrderLine


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROVISIONING = "provisioning", _("Provisioning")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


# Where each status may go; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    SubscriptionStatus.PENDING: {
        SubscriptionStatus.PROVISIONING,
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.FAILED,
        SubscriptionStatus.CANCELLED,
    },
    SubscriptionStatus.PROVISIONING: {
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.FAILED,
        SubscriptionStatus.CANCELLED,
    },
    SubscriptionStatus.ACTIVE: {
        SubscriptionStatus.SUSPENDED,
        SubscriptionStatus.CANCELLED,
    },
    SubscriptionStatus.SUSPENDED: {
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.CANCELLED,
    },
    SubscriptionStatus.FAILED: set(),
    SubscriptionStatus.CANCELLED: set(),
}
# In force: running or paused; its term and quantity can change.
IN_FORCE = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED})


class Subscription(models.Model):
    """What a paid order line entitles the buyer to; the vendor provisions it.

    The platform keeps only what the buyer needs to reach the service (the access
    details, encrypted), never the buyer's operational data."""

    order_line = models.OneToOneField(
        OrderLine, on_delete=models.PROTECT, related_name="subscription"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="subscriptions"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="subscriptions"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    # Units in force: the order line's, unless changed since (subscription.update).
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    # Billing: the plan's schedule (monthly, annual; one_time has none), the period
    # charged last, and the day the next one is charged. Off: the subscription ends
    # at its term's end.
    billing = models.CharField(_("billing"), max_length=16, blank=True)
    auto_renew = models.BooleanField(_("renews automatically"), default=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    next_charge_on = models.DateField(_("next charge"), null=True, blank=True)
    # The units the current period was charged for; units added since are charged,
    # prorated, with the next charge.
    billed_quantity = models.PositiveIntegerField(default=0)
    # Units added during the current period, and what they cost from the day each
    # was added to the period's end (before tax, minor units): charged with the
    # next charge, then zero again.
    proration_units = models.PositiveIntegerField(default=0)
    proration_amount = models.BigIntegerField(default=0)
    # What the vendor reported: its instance, and how the buyer gets in.
    instance_id = models.CharField(_("instance"), max_length=200, blank=True)
    access = EncryptedJSONField(blank=True, default="")
    # The vendor's provisioning report, as a digest: the same report again is
    # answered alike, a different one is a conflict.
    report_digest = models.CharField(max_length=64, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=500, blank=True)
    # What went back to the buyer when provisioning failed (minor units).
    refunded = models.BigIntegerField(default=0)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    # The provisioning event could not be delivered for days.
    delayed_since = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    # Suspended because a charge went unpaid: resumed when it is paid.
    suspended_unpaid = models.BooleanField(default=False)
    cancellation_requested_at = models.DateTimeField(null=True, blank=True)
    cancellation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancellation_note = models.CharField(max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    data_retention_until = models.DateField(
        _("buyer's data kept until"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_charge_on", "id"],
                condition=models.Q(next_charge_on__isnull=False),
                name="subscription_charge_due",
            ),
            # The billing run finds the terms that end.
            models.Index(
                fields=["term_end", "id"],
                condition=models.Q(status__in=["active", "suspended"]),
                name="subscription_term_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_line}: {self.status}"

    @property
    @admin.display(description=_("solution"))
    def title(self) -> str:
        """What it is, as lists show it: the quantity and the solution."""
        return f"{self.quantity} × {self.order_line.quote_line.listing_title}"

    def move_to(self, status: str) -> bool:
        """Change the status along the allowed pipeline; False if it is already
        there, ValidationError if it may not go there."""
        if self.status == status:
            return False
        if status not in TRANSITIONS[self.status]:
            raise ValidationError(
                _("A subscription that is %(current)s cannot become %(new)s.")
                % {
                    "current": str(SubscriptionStatus(self.status).label).lower(),
                    "new": str(SubscriptionStatus(status).label).lower(),
                }
            )
        self.status = status
        return True

    @property
    def provisioning_delayed(self) -> bool:
        return self.delayed_since is not None and self.status in (
            SubscriptionStatus.PENDING,
            SubscriptionStatus.PROVISIONING,
        )


class Disclosure(models.TextChoices):
    FIRST_VIEW = "first_view", _("Shown when first opened")
    REVEALED = "revealed", _("Revealed")


class AccessDisclosure(models.Model):
    """Who saw a subscription's initial password, and when: it is shown once, to
    the first member who opens the access details, and masked after that until a
    member reveals it; each showing is a row."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="access_disclosures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("how"), max_length=16, choices=Disclosure.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("access disclosure")
        verbose_name_plural = _("access disclosures")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.kind} by {self.user_id}"
