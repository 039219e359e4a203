"""Charging the card an organization saved, while its buyers are away (renewals):
an off-session PaymentIntent on the card the organization last paid with, and its
outcome applied as Stripe's webhook would apply it (which then changes nothing
twice)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from django.db import transaction

from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Reason,
    StripeCustomer,
)
from marketplace.payments import stripe as gateway
from marketplace.services.locks import LockedOrder, order_lock
from marketplace.services.payments.attempts import (
    intent_cancel,
    payment_failed,
    payment_start,
    payment_succeeded,
)

logger = logging.getLogger(__name__)

# Why an off-session charge was not made, as `Payment.failure_code` records it
# (`CARD_FAILURES` says it in the reader's language).
NO_SAVED_CARD = "no_saved_card"


class Outcome:
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # Stripe takes it and reports later (its webhook applies it).
    PROCESSING = "processing"
    # Stripe could not be reached: nothing was recorded; the same attempt is
    # charged again later (with the same key).
    UNAVAILABLE = "unavailable"
    # Nothing to charge: the order is paid, cancelled or not a card order.
    NOT_DUE = "not_due"


@dataclass(frozen=True)
class SavedCardCharge:
    """What an off-session charge came to: its payment, the outcome, and for a
    failure Stripe's code and message."""

    payment: Payment | None
    outcome: str
    code: str = ""
    message: str = ""


def saved_card_attempt(locked: LockedOrder) -> Payment | None:
    """The attempt an off-session charge of a locked card order makes: its pending
    payment, or a new one after a failed attempt. A pending payment that has an
    intent already (the order's page made it, and a buyer may be typing a card into
    it; or Stripe was still processing an earlier charge) is left as it is:
    `saved_card_charge` reads that intent first. None: the order is not waiting for
    a card payment."""
    order = locked.order
    if (
        order.status != OrderStatus.PENDING_PAYMENT
        or order.payment_method != PaymentMethod.CARD
    ):
        return None
    latest = locked.latest_payment
    if latest is not None and latest.status == PaymentStatus.PENDING:
        return latest
    payment = payment_start(order=order)
    locked.payments.append(payment)
    return payment


def _page_intent(payment: Payment) -> SavedCardCharge | None:
    """A pending payment that has an intent: its outcome when Stripe has one (or
    is still processing it); else the attempt is cancelled (its intent too, after
    commit) and None says to charge a new attempt."""
    intent = gateway.payment_intent_retrieve(payment.payment_intent_id or "")
    if intent.status == "succeeded":
        payment_succeeded(
            payment=payment, amount=intent.amount, payment_method=intent.payment_method
        )
        return SavedCardCharge(payment, Outcome.SUCCEEDED)
    if intent.status == "processing":
        return SavedCardCharge(payment, Outcome.PROCESSING)
    with transaction.atomic():
        locked = order_lock(payment.order_id)
        current = locked.payment(payment.pk)
        if current.status != PaymentStatus.PENDING:
            return SavedCardCharge(current, Outcome.NOT_DUE)
        current.move_to(PaymentStatus.CANCELLED, reason=Reason.PAYMENT_RETRIED)
        current.save()
        transaction.on_commit(partial(intent_cancel, intent.id))
    return None


def saved_card_charge(*, order: Order, payment: Payment) -> SavedCardCharge:
    """Charge a card order's pending payment to the card its organization saved,
    off-session, and apply the outcome: a success pays the order (through
    `payment_succeeded`), a decline fails the payment (`payment_failed`). The
    idempotency key names the payment, so the same attempt sent again (after a lost
    answer, a crash, a second run) is charged once. Stripe out of reach answers
    `UNAVAILABLE` and records nothing. Call it outside the order's lock: it waits
    for Stripe."""
    try:
        return _charge(order, payment)
    except gateway.PaymentError as error:
        if not error.transient:
            raise
        logger.warning("order %s: Stripe out of reach: %s", order.number, error)
        return SavedCardCharge(payment, Outcome.UNAVAILABLE, message=str(error))


def _charge(order: Order, payment: Payment) -> SavedCardCharge:
    if payment.payment_intent_id and payment.status == PaymentStatus.PENDING:
        outcome = _page_intent(payment)
        if outcome is not None:
            return outcome
        with transaction.atomic():
            locked = order_lock(order.pk)
            fresh = saved_card_attempt(locked)
        if fresh is None:
            return SavedCardCharge(None, Outcome.NOT_DUE)
        payment = fresh
    saved = StripeCustomer.objects.filter(organization_id=order.organization_id).first()
    if saved is None or not saved.payment_method_id:
        # The log's words; the buyer reads `CARD_FAILURES[NO_SAVED_CARD]`.
        message = "No card is saved for charges made without the buyer."
        payment = payment_failed(payment=payment, message=message, code=NO_SAVED_CARD)
        return SavedCardCharge(payment, Outcome.FAILED, NO_SAVED_CARD, message)
    try:
        intent = gateway.payment_intent_charge_saved_card(
            amount=payment.amount,
            currency=payment.currency,
            customer_id=saved.customer_id,
            payment_method_id=saved.payment_method_id,
            idempotency_key=f"agora-saved-card-{payment.pk}",
            metadata={"order": order.number, "payment": str(payment.pk)},
        )
    except gateway.PaymentError as error:
        if error.transient:
            raise
        # Stripe refuses the request itself (the saved card was removed, say):
        # as good as a decline, and the buyer pays with another card.
        code = error.code or "card_error"
        payment = payment_failed(payment=payment, message=str(error), code=code)
        return SavedCardCharge(payment, Outcome.FAILED, code, str(error))
    if intent.id:
        # Stripe's events about the intent then find this payment.
        Payment.objects.filter(pk=payment.pk, payment_intent_id__isnull=True).update(
            payment_intent_id=intent.id
        )
    if intent.status == "succeeded":
        payment_succeeded(
            payment=payment, amount=intent.amount, payment_method=intent.payment_method
        )
        payment.refresh_from_db()
        return SavedCardCharge(payment, Outcome.SUCCEEDED)
    if intent.status == "processing":
        return SavedCardCharge(payment, Outcome.PROCESSING)
    code = intent.error_code or intent.status
    message = intent.error_message or intent.status
    payment = payment_failed(payment=payment, message=message, code=code)
    if intent.id:
        transaction.on_commit(partial(intent_cancel, intent.id))
    logger.info("order %s: saved card declined (%s)", order.number, code)
    return SavedCardCharge(payment, Outcome.FAILED, code, message)
