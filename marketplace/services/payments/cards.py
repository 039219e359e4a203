"""Paying a card order on its page: the card the browser tokenized is saved on the
organization's Stripe customer and the intent confirmed on the server."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from marketplace.authorization import orders_allowed
from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from marketplace.payments import stripe as gateway
from marketplace.services.locks import order_lock
from marketplace.services.payments.attempts import (
    intent_cancel,
    payment_failed,
    payment_prepare,
    payment_start,
    payment_succeeded,
    stripe_customer,
)


def _intent_apply(payment: Payment, intent: gateway.Intent) -> Payment:
    """What Stripe says of an intent, applied as its webhook would be (which then
    changes nothing twice)."""
    if intent.status == "succeeded":
        payment_succeeded(
            payment=payment, amount=intent.amount, payment_method=intent.payment_method
        )
    elif intent.status == "requires_payment_method" and (
        intent.error_code or intent.error_message
    ):
        payment_failed(
            payment=payment, message=intent.error_message, code=intent.error_code
        )
    payment.refresh_from_db()
    return payment


def _card_payment(membership: Membership, order: Order) -> Payment:
    orders_allowed(membership, order.organization_id)
    if order.payment_method != PaymentMethod.CARD:
        raise ValidationError(_("This order is paid by invoice."))
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise ValidationError(_("This order is not waiting for payment."))
    payment = payment_prepare(order)
    if payment is None or not payment.payment_intent_id:
        raise ValidationError(_("This order has no payment to make."))
    return payment


def _attempt_again(failed: Payment, by: User | None) -> Payment:
    """After a failed attempt, the next one is a payment of its own with a fresh
    intent; the failed one stays as the record of what was tried, and its intent is
    cancelled so it can never be charged."""
    with transaction.atomic():
        locked = order_lock(failed.order_id)
        latest = locked.latest_payment
        if locked.order.status != OrderStatus.PENDING_PAYMENT:
            raise ValidationError(_("This order is not waiting for payment."))
        if latest is not None and latest.pk == failed.pk:
            payment_start(order=locked.order, by=by)
            if failed.payment_intent_id:
                transaction.on_commit(partial(intent_cancel, failed.payment_intent_id))
    return payment_prepare(locked.order) or failed


def payment_card_pay(
    *, membership: Membership, order: Order, token: str
) -> tuple[Payment, gateway.Intent]:
    """Pay a card order with a card the buyer's browser tokenized through Stripe
    Elements. A declined card is recorded and refused with the reason; Stripe out of
    reach raises `PaymentError` and records nothing. An intent that answers
    `requires_action` waits for the browser's 3-D Secure step, then
    `payment_card_refresh`."""
    payment = _card_payment(membership, order)
    if not token.startswith("tok_"):
        raise ValidationError(_("The card details did not reach the payment provider."))
    if payment.status == PaymentStatus.FAILED:
        payment = _attempt_again(payment, membership.user)
    customer_id = stripe_customer(order.organization)
    try:
        intent = gateway.payment_intent_pay_with_token(
            intent_id=payment.payment_intent_id or "",
            customer_id=customer_id,
            token=token,
        )
    except gateway.PaymentError as error:
        if not error.code:
            raise
        payment = payment_failed(payment=payment, message=str(error), code=error.code)
        raise ValidationError(payment.failure_reason) from error
    return _intent_apply(payment, intent), intent


def payment_card_refresh(
    *, membership: Membership, order: Order
) -> tuple[Payment, gateway.Intent]:
    """Read the order's intent back from Stripe (after the browser's 3-D Secure step)
    and apply it, without waiting for the webhook."""
    payment = _card_payment(membership, order)
    intent = gateway.payment_intent_retrieve(payment.payment_intent_id or "")
    return _intent_apply(payment, intent), intent
