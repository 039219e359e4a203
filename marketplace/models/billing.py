"""What billing writes: the ledger (what each vendor is owed, per charge and per
refund) and the documents a procurement office files (invoices, receipts, credit
notes), numbered without gaps and never changed once issued."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models.buying import Order, VendorOrder
from marketplace.models.payments import Payment
from marketplace.money import Currency, Money


class LedgerKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    REFUND = "refund", _("Refund")
    CANCELLATION = "cancellation", _("Charge cancelled")


class LedgerEntry(models.Model):
    """One vendor's share of one charge (positive) or of one refund or cancelled
    charge (negative): gross before tax, the platform's commission, and the net the
    vendor is owed."""

    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    vendor_order = models.ForeignKey(
        VendorOrder, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    gross = models.BigIntegerField(_("gross, before tax"))
    commission = models.BigIntegerField(_("commission"))
    net = models.BigIntegerField(_("owed to the vendor"))
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)
    # A refund: which one (Stripe's refund id or the credit note), so it is booked once.
    reference = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-booked_at", "-pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(net=models.F("gross") - models.F("commission")),
                name="ledger_entry_net",
            ),
            models.UniqueConstraint(
                fields=["vendor_order", "kind", "reference"],
                name="ledger_entry_once",
            ),
        ]
        indexes = [models.Index(fields=["vendor", "booked_at"])]

    def __str__(self) -> str:
        return f"{self.vendor_order}: {self.kind} {self.net}"

    @property
    def gross_money(self) -> Money:
        return Money(self.gross, self.currency)

    @property
    def commission_money(self) -> Money:
        return Money(self.commission, self.currency)

    @property
    def net_money(self) -> Money:
        return Money(self.net, self.currency)


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    RECEIPT = "receipt", _("Receipt")
    CREDIT_NOTE = "credit_note", _("Credit note")


# Numbers read PREFIX-YYYY-NNNNNN.
DOCUMENT_PREFIXES = {
    DocumentKind.INVOICE: "INV",
    DocumentKind.RECEIPT: "RCT",
    DocumentKind.CREDIT_NOTE: "CRN",
}


class DocumentSequence(models.Model):
    """The last number issued per kind and year: taken under a row lock in the
    issuing transaction, so numbers have no gaps and no repeats."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="document_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Document(models.Model):
    """An issued invoice, receipt or credit note. What it says is frozen in `data`
    when it is issued, in the buyer's language; its PDF is rendered from that once
    and kept. Neither changes afterwards."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=20, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="documents")
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    language = models.CharField(_("language"), max_length=16)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    total = models.BigIntegerField(_("total, tax included"))
    # Everything the document shows, as issued.
    data = models.JSONField()
    # What a credit note or a receipt refers to (a credit note: Stripe's refund id).
    reference = models.CharField(max_length=80, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind", "reference"], name="document_once"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and "update_fields" not in kwargs:
            raise ValidationError(_("An issued document does not change."))
        fields = set(kwargs.get("update_fields") or ())
        if self.pk is not None and not fields <= {"pdf", "sha256"}:
            raise ValidationError(_("An issued document does not change."))
        super().save(*args, **kwargs)

    @property
    def total_money(self) -> Money:
        return Money(self.total, self.currency)
