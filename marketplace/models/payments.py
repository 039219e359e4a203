"""Payments of orders: by card through Stripe, or by invoice; the Stripe customers
buyers pay as, and every Stripe event received."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models.buying import Order
from marketplace.models.history import StatusFlow
from marketplace.money import Currency, Money


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


DECLINED = _("The card was declined. Try another card, or ask your bank.")
CHECK_DETAILS = _(
    "The card details were not accepted. Check the card number, expiry date and "
    "security code, or use another card."
)
TRY_LATER = _("The payment provider could not be reached. Try again in a minute.")

# What a buyer reads when a card payment fails, by Stripe's decline code, error
# code or error type (Stripe's list of decline codes); any other code reads as a
# decline. Stripe's own message is English and is never shown.
CARD_FAILURES = {
    "card_declined": DECLINED,
    "generic_decline": DECLINED,
    "do_not_honor": DECLINED,
    "do_not_try_again": DECLINED,
    "fraudulent": DECLINED,
    "lost_card": DECLINED,
    "stolen_card": DECLINED,
    "pickup_card": DECLINED,
    "restricted_card": DECLINED,
    "security_violation": DECLINED,
    "transaction_not_allowed": DECLINED,
    "not_permitted": DECLINED,
    "service_not_allowed": DECLINED,
    "card_error": DECLINED,
    "insufficient_funds": _("The card has insufficient funds."),
    "withdrawal_count_limit_exceeded": _(
        "The card has reached its spending limit. Try another card, or ask your bank."
    ),
    "card_velocity_exceeded": _(
        "The card has reached its spending limit. Try another card, or ask your bank."
    ),
    "card_not_supported": _("This card does not support this kind of payment."),
    "currency_not_supported": _("This card cannot pay in this currency."),
    "expired_card": _("The card has expired."),
    "incorrect_cvc": _("The card's security code is incorrect."),
    "invalid_cvc": _("The card's security code is incorrect."),
    "incomplete_cvc": _("The card's security code is incomplete."),
    "incorrect_number": _("The card number is incorrect."),
    "invalid_number": _("The card number is incorrect."),
    "incomplete_number": _("The card number is incomplete."),
    "invalid_expiry_month": _("The card's expiry date is incorrect."),
    "invalid_expiry_year": _("The card's expiry date is incorrect."),
    "invalid_expiry_month_past": _("The card has expired."),
    "invalid_expiry_year_past": _("The card has expired."),
    "incomplete_expiry": _("The card's expiry date is incomplete."),
    "incorrect_zip": _("The card's postal code is incorrect."),
    "incomplete_zip": _("The card's postal code is incomplete."),
    "issuer_not_available": _("The card's bank could not be reached. Try again."),
    "try_again_later": _("The card's bank could not be reached. Try again."),
    "processing_error": _("The card could not be processed. Try again."),
    "duplicate_transaction": _(
        "The same payment was made moments ago. Check your card statement before "
        "trying again."
    ),
    "payment_intent_authentication_failure": _(
        "The card's authentication failed. Try again, or use another card."
    ),
    "authentication_required": _(
        "The card's authentication failed. Try again, or use another card."
    ),
    # Error types, when Stripe gives no code: details it could not read (a
    # "Bad request"), or Stripe out of reach from the browser.
    "invalid_request_error": CHECK_DETAILS,
    "validation_error": CHECK_DETAILS,
    "api_connection_error": TRY_LATER,
    "api_error": TRY_LATER,
    "rate_limit_error": TRY_LATER,
    # A renewal charged without the buyer, and no card saved to charge.
    "no_saved_card": _("No card is saved for automatic charges. Pay with a card."),
}


def card_failure_text(code: str) -> str:
    """Why a card payment failed, in the reader's language."""
    return str(CARD_FAILURES.get(code, DECLINED))


def card_failure_texts() -> dict[str, str]:
    """Every code's explanation in the reader's language: the card form's script
    explains Stripe.js's errors with them."""
    return {code: str(text) for code, text in CARD_FAILURES.items()}


class Payment(StatusFlow):
    TRANSITIONS = {
        PaymentStatus.PENDING: frozenset(
            {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELLED}
        ),
        PaymentStatus.FAILED: frozenset(
            {PaymentStatus.SUCCEEDED, PaymentStatus.CANCELLED}
        ),
        # A card payment Stripe completes after the buyer cancelled the order is
        # recorded, then refunded.
        PaymentStatus.CANCELLED: frozenset({PaymentStatus.SUCCEEDED}),
        PaymentStatus.SUCCEEDED: frozenset({PaymentStatus.REFUNDED}),
        PaymentStatus.REFUNDED: frozenset(),
    }

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(max_length=16)  # "stripe" or "invoice"
    payment_intent_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True
    )
    client_secret = models.CharField(max_length=200, blank=True)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    refunded_amount = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.order}: {self.provider} {self.status}"

    def history_links(self) -> dict:
        return {"payment": self, "order_id": self.order_id}

    @property
    def amount_money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def failure_reason(self) -> str:
        """Why the last attempt failed, in the reader's language."""
        return card_failure_text(self.failure_code)


class StripeCustomer(models.Model):
    """The Stripe customer a buyer organization pays as; the cards it pays with are
    kept there, not here."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    customer_id = models.CharField(max_length=64, unique=True)
    # The card the organization last paid with, charged for renewals off-session.
    payment_method_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.customer_id


class StripeEventOutcome(models.TextChoices):
    WAITING = "", _("Waiting")
    APPLIED = "applied", _("Applied")
    IGNORED = "ignored", _("Not applied")
    FAILED = "failed", _("Failed")


class StripeEvent(models.Model):
    """Every Stripe event received, stored once by its id, handled oldest first; a
    handler that fails is tried again later, and after its last try the event is
    marked failed for finance to look at."""

    event_id = models.CharField(max_length=80, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    created = models.DateTimeField(help_text=_("When Stripe created the event."))
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        blank=True,
        choices=StripeEventOutcome.choices,
        default=StripeEventOutcome.WAITING,
    )
    # Why it was not applied, or the last error of its handler.
    note = models.CharField(_("note"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(processed_at__isnull=True),
                name="stripe_event_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
