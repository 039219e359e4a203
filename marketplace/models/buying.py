"""Buying: a buyer organization composes a package, freezes it into a quote, has the
quote approved, and orders it; each paid order line becomes a subscription.

Amounts are integers in minor units of the row's currency. Quotes, orders and their
lines are snapshots: they keep the names and prices of the moment they were made.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.limits import MAX_AMOUNT, MAX_PHASE, MAX_QUANTITY
from marketplace.models.history import StatusFlow
from marketplace.money import Currency, Money, default_currency


class Package(models.Model):
    """A buyer organization's composition, shared by its members."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="packages",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=160)
    budget = models.PositiveBigIntegerField(
        _("budget (minor units)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AMOUNT)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=default_currency
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("package")
        verbose_name_plural = _("packages")

    def __str__(self) -> str:
        return self.name

    @property
    def budget_money(self) -> Money | None:
        return None if self.budget is None else Money(self.budget, self.currency)


class PackageLine(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="lines")
    plan = models.ForeignKey(
        "marketplace.Plan", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField(
        _("quantity"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PHASE)],
        help_text=_("1 for the pilot, 2 for the next stage and so on."),
    )
    site = models.CharField(_("site"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=240, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("package line")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.plan}"


class QuoteStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    ORDERED = "ordered", _("Ordered")
    SUPERSEDED = "superseded", _("Replaced by a newer quote")


class Quote(StatusFlow):
    """A numbered, immutable snapshot of a package with today's prices."""

    TRANSITIONS = {
        QuoteStatus.PENDING: frozenset(
            {
                QuoteStatus.APPROVED,
                QuoteStatus.RETURNED,
                QuoteStatus.REJECTED,
                QuoteStatus.SUPERSEDED,
            }
        ),
        QuoteStatus.APPROVED: frozenset({QuoteStatus.ORDERED, QuoteStatus.SUPERSEDED}),
        # The requester changes the package and asks for a new quote.
        QuoteStatus.RETURNED: frozenset(),
        QuoteStatus.REJECTED: frozenset(),
        QuoteStatus.ORDERED: frozenset(),
        QuoteStatus.SUPERSEDED: frozenset(),
    }

    number = models.CharField(_("number"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="quotes"
    )
    package = models.ForeignKey(
        Package, on_delete=models.SET_NULL, null=True, related_name="quotes"
    )
    package_name = models.CharField(_("package"), max_length=160)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    # Tax in basis points (1300 = 13 %), from the settings when the quote was made.
    tax_rate = models.PositiveIntegerField(_("tax rate (basis points)"))
    one_time = models.BigIntegerField(_("one-time"))
    recurring_monthly = models.BigIntegerField(_("monthly"))
    recurring_annual = models.BigIntegerField(_("annual"))
    discount = models.BigIntegerField(_("saved through sales"))
    first_year = models.BigIntegerField(_("first year, before tax"))
    tax = models.BigIntegerField(_("tax on the first charge"))
    first_charge = models.BigIntegerField(
        _("first charge, tax included"),
        help_text=_(
            "What the order charges now: one-time amounts and the first period."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuoteStatus.choices,
        default=QuoteStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Frozen from the organization's rule when the quote was made.
    approvals_needed = models.PositiveSmallIntegerField(
        _("approvals needed"), default=1
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.number

    def is_expired(self, at=None) -> bool:
        return (at or timezone.now()) >= self.valid_until

    def history_links(self) -> dict:
        return {"quote": self}

    @property
    def last_decision(self):
        """The latest step of its approval (the comment of a return or rejection)."""
        return max(
            self.decisions.all(), key=lambda step: (step.at, step.pk), default=None
        )


class Decision(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


class QuoteDecision(models.Model):
    """One step of a quote's approval: who asked or decided, when, and why."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        constraints = [
            # One approval per approver and quote: two approvals are two people.
            models.UniqueConstraint(
                fields=["quote", "by"],
                condition=models.Q(decision="approved"),
                name="marketplace_quotedecision_one_approval_each",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quote}: {self.decision}"

    @property
    def by_name(self) -> str:
        if self.by is None:
            return str(_("a former member"))
        return self.by.get_full_name()


class QuoteLine(models.Model):
    """One line of a quote, priced as it was when the quote was made."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="+"
    )
    listing = models.ForeignKey(
        "marketplace.Listing", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    plan = models.ForeignKey(
        "marketplace.Plan", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    promotion = models.ForeignKey(
        "marketplace.Promotion", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    listing_title = models.CharField(max_length=120)
    vendor_name = models.CharField(max_length=200)
    plan_code = models.CharField(max_length=32)
    plan_name = models.CharField(max_length=80)
    billing = models.CharField(max_length=16)
    unit = models.CharField(max_length=16)
    contract_term_months = models.PositiveSmallIntegerField(default=0)
    quantity = models.PositiveIntegerField()
    phase = models.PositiveSmallIntegerField(default=1)
    site = models.CharField(max_length=120, blank=True)
    list_unit_price = models.BigIntegerField()
    sale_unit_price = models.BigIntegerField()
    sale_units = models.PositiveIntegerField(default=0)
    setup_fee = models.BigIntegerField()
    subtotal = models.BigIntegerField()
    discount = models.BigIntegerField()

    class Meta:
        ordering = ["phase", "pk"]

    def __str__(self) -> str:
        return f"{self.quote}: {self.quantity} × {self.plan_name}"


class OrderKind(models.TextChoices):
    INITIAL = "initial", _("Order")
    RENEWAL = "renewal", _("Renewal")
    PRORATION = "proration", _("Added units")


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Waiting for payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    INVOICE = "invoice", _("Invoice or purchase order")


class Order(StatusFlow):
    TRANSITIONS = {
        OrderStatus.PENDING_PAYMENT: frozenset(
            {OrderStatus.PAID, OrderStatus.CANCELLED}
        ),
        OrderStatus.PAID: frozenset({OrderStatus.REFUNDED}),
        OrderStatus.CANCELLED: frozenset(),
        OrderStatus.REFUNDED: frozenset(),
    }

    number = models.CharField(_("number"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="orders"
    )
    # The quote the order calls off; a renewal names the quote of its first order.
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="orders")
    # The phase of the quote it releases (a call-off), or whose subscriptions it
    # bills again.
    phase = models.PositiveSmallIntegerField(_("phase"), default=1)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OrderKind.choices, default=OrderKind.INITIAL
    )
    # A renewal or a charge for added units: the order whose subscriptions it bills.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("first order"),
    )
    # A renewal: the day the period it bills starts.
    period_start = models.DateField(_("period start"), null=True, blank=True)
    purchase_order = models.CharField(
        _("purchase order number"), max_length=64, blank=True
    )
    # An order paid by invoice is due on this day.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Dunning: how many automatic attempts failed, and when the next one is made.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_on = models.DateField(_("next attempt"), null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
    )
    payment_method = models.CharField(
        _("payment method"), max_length=16, choices=PaymentMethod.choices
    )
    currency = models.CharField(max_length=3, choices=Currency.choices)
    amount = models.BigIntegerField(_("amount charged, tax included"))
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = pgettext_lazy("purchase", "order")
        verbose_name_plural = _("orders")
        constraints = [
            # A phase of a quote is released once: a retried release finds it.
            models.UniqueConstraint(
                fields=["quote", "phase"],
                condition=models.Q(kind="initial"),
                name="order_one_release_per_phase",
            ),
            # Running the billing twice for a day raises each charge once.
            models.UniqueConstraint(
                fields=["parent", "kind", "period_start"],
                condition=models.Q(parent__isnull=False),
                name="order_one_charge_per_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_on"],
                condition=models.Q(next_attempt_on__isnull=False),
                name="order_dunning_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_money(self) -> Money:
        return Money(self.amount, self.currency)

    def history_links(self) -> dict:
        return {"order": self}


class VendorOrder(models.Model):
    """The part of an order one vendor fulfils, with what it is owed (ledger)."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="vendor_orders"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(max_length=24, unique=True)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    gross = models.BigIntegerField(_("gross, before tax"))
    # Commission in basis points of the gross, from the settings at order time.
    commission_rate = models.PositiveIntegerField()
    commission = models.BigIntegerField()
    net = models.BigIntegerField(_("owed to the vendor"))

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "vendor"], name="vendor_order_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(net=models.F("gross") - models.F("commission")),
                name="vendor_order_net",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """What one order charges for one quote line: the line itself (a first order),
    or one more period of its subscription (a renewal), or units added to it."""

    vendor_order = models.ForeignKey(
        VendorOrder, on_delete=models.CASCADE, related_name="lines"
    )
    quote_line = models.ForeignKey(
        QuoteLine, on_delete=models.PROTECT, related_name="order_lines"
    )
    kind = models.CharField(
        max_length=16, choices=OrderKind.choices, default=OrderKind.INITIAL
    )
    # A renewal or added units: the subscription billed.
    billed_subscription = models.ForeignKey(
        "marketplace.Subscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
    )
    quantity = models.PositiveIntegerField(default=0)
    # Before tax, in minor units of the order's currency.
    amount = models.BigIntegerField(default=0)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["vendor_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quote_line"],
                condition=models.Q(kind="initial"),
                name="order_line_one_first_charge",
            ),
            models.UniqueConstraint(
                fields=["billed_subscription", "kind", "period_start"],
                condition=models.Q(billed_subscription__isnull=False),
                name="order_line_one_charge_per_period",
            ),
        ]

    def __str__(self) -> str:
        return str(self.quote_line)
