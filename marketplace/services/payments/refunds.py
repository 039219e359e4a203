"""Refunds through Stripe: finance's, a line whose provisioning failed, and a payment
its order did not need."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.authorization import finance_require
from marketplace.models import (
    Order,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Subscription,
    SubscriptionStatus,
)
from marketplace.money import Money
from marketplace.payments import stripe as gateway
from marketplace.selectors.buying import UNNEEDED_REASONS, paid_card_payment
from marketplace.services.locks import order_lock
from marketplace.services.mail import group_emails, mail_after_commit
from marketplace.services.payments.attempts import payment_refunded
from marketplace.services.pricing import tax_on


def _refund(payment: Payment, amount: int, key: str) -> gateway.Refund:
    return gateway.refund_create(
        intent_id=payment.payment_intent_id or "", amount=amount, idempotency_key=key
    )


def payment_refund(*, order: Order, user: User, amount: int | None = None) -> Payment:
    """Finance refunds a card order through Stripe, in full unless `amount` says
    less. A refund Stripe completes at once is applied at once; Stripe's
    `charge.refunded` reports the same cumulative amount later and changes nothing
    twice."""
    finance_require(user, _("Only finance staff refund orders."))
    payment = paid_card_payment(order)
    if payment is None or not payment.payment_intent_id:
        raise ValidationError(_("Only a paid card order is refunded through Stripe."))
    left = payment.amount - payment.refunded_amount
    amount = left if amount is None else amount
    if not 0 < amount <= left:
        raise ValidationError(_("A refund is between 0.01 and what is left to refund."))
    # The key names the refund by what was refunded before it, so a retried click
    # sends the same refund, and a later partial refund a new one.
    refund = _refund(
        payment,
        amount,
        f"agora-refund-{payment.pk}-{payment.refunded_amount}-{amount}",
    )
    if refund.status == "succeeded":
        return payment_refunded(
            payment=payment, refunded=payment.refunded_amount + refund.amount
        )
    return payment


def payment_refund_unneeded(*, payment_id: int, last_try: bool = False) -> int:
    """Refund in full a card payment its order did not need (it came after the
    order was cancelled, or paid it twice). Once: the key names the payment.
    Stripe out of reach raises `PaymentError` (try again later) unless this is the
    last try; Stripe refusing, or the last try failing, asks finance to refund it
    by hand (Stripe's `charge.refunded` then records it)."""
    payment = Payment.objects.select_related("order__organization").get(pk=payment_id)
    left = payment.amount - payment.refunded_amount
    if payment.status != PaymentStatus.SUCCEEDED or left <= 0:
        return 0
    if not payment.status_changes.filter(reason__in=UNNEEDED_REASONS).exists():
        # The payment its order stands on: only finance refunds that.
        return 0
    try:
        refund = _refund(payment, left, f"agora-unneeded-refund-{payment.pk}")
    except gateway.PaymentError as error:
        if error.transient and not last_try:
            raise
        _ask_finance_to_refund(payment, left, str(error))
        return 0
    if refund.status == "succeeded":
        payment_refunded(payment=payment, refunded=payment.refunded_amount + left)
    return refund.amount


def _ask_finance_to_refund(payment: Payment, amount: int, reason: str) -> None:
    order = payment.order
    mail_after_commit(
        _("Refund by hand on order %(order)s") % {"order": order.number},
        _(
            "Stripe did not refund %(amount)s of payment %(payment)s (PaymentIntent "
            "%(intent)s) on order %(order)s of %(buyer)s: %(reason)s. Refund it in "
            "Stripe's dashboard; Agora records the refund when Stripe reports it."
        )
        % {
            "amount": Money(amount, payment.currency),
            "payment": payment.pk,
            "intent": payment.payment_intent_id,
            "order": order.number,
            "buyer": order.organization.name,
            "reason": reason,
        },
        group_emails(settings.FINANCE_GROUP),
    )


def subscription_refund(*, subscription_id: int, last_try: bool = False) -> int:
    """Give back a failed subscription's line: its first charge with tax, through
    Stripe for a card order (once: the key names the subscription), or by asking
    finance to credit it for an invoice order. Answers the amount refunded. Stripe
    out of reach raises `PaymentError` unless this is the last try; a refund Stripe
    refuses is left to finance, by hand."""
    subscription = Subscription.objects.select_related(
        "order_line__quote_line__quote", "order_line__vendor_order__order"
    ).get(pk=subscription_id)
    if subscription.status != SubscriptionStatus.FAILED or subscription.refunded:
        return 0
    line = subscription.order_line.quote_line
    order = subscription.order_line.vendor_order.order
    charge = line.setup_fee + line.subtotal
    amount = charge + tax_on(charge, line.quote.tax_rate)
    payment, completed = None, False
    if order.payment_method == PaymentMethod.CARD:
        payment = paid_card_payment(order)
        if payment is None or not payment.payment_intent_id:
            return 0
        amount = min(amount, payment.amount - payment.refunded_amount)
        if amount <= 0:
            return 0
        try:
            refund = _refund(
                payment, amount, f"agora-subscription-refund-{subscription.pk}"
            )
        except gateway.PaymentError as error:
            if error.transient and not last_try:
                raise
            _ask_finance_to_refund(payment, amount, str(error))
            return 0
        amount, completed = refund.amount, refund.status == "succeeded"
    with transaction.atomic():
        locked = order_lock(order.pk, subscriptions=True)
        mine = next(s for s in locked.subscriptions if s.pk == subscription.pk)
        if mine.refunded:
            return 0
        mine.refunded = amount
        mine.save(update_fields=["refunded", "updated_at"])
        if payment is None:
            _ask_finance_to_credit(mine, order, amount)
        elif completed:
            current = locked.payment(payment.pk)
            payment_refunded(payment=current, refunded=current.refunded_amount + amount)
    return amount


def _ask_finance_to_credit(subscription: Subscription, order: Order, amount) -> None:
    mail_after_commit(
        _("Credit due on order %(order)s") % {"order": order.number},
        _(
            "%(vendor)s could not provision a line of order %(order)s (paid by "
            "invoice). Credit %(amount)s to %(buyer)s."
        )
        % {
            "vendor": subscription.vendor.organization.name,
            "order": order.number,
            "amount": Money(amount, order.currency),
            "buyer": order.organization.name,
        },
        group_emails(settings.FINANCE_GROUP),
    )
