"""Payments: the only service that talks to the Stripe gateway.

A payment is one attempt to pay an order, by card (a Stripe PaymentIntent) or by
invoice (finance marks it paid). What Stripe reports is applied here, once: a
payment that went through pays its order, whose lines become subscriptions; a
payment that arrives when its order no longer waits for one (cancelled, or paid
already) is recorded and refunded, so every amount taken is accounted for. Writers
lock through `services.locks` (order, payments, subscriptions).
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from marketplace import tasks
from marketplace.authorization import finance_require, orders_allowed
from marketplace.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Reason,
    StripeCustomer,
    Subscription,
    SubscriptionStatus,
)
from marketplace.money import Money
from marketplace.payments import stripe as gateway
from marketplace.selectors.buying import paid_card_payment
from marketplace.services.locks import LockedOrder, order_lock, payment_order_lock
from marketplace.services.mail import group_emails, mail_after_commit
from marketplace.services.pricing import tax_on
from marketplace.services.subscriptions import subscriptions_provision

logger = logging.getLogger(__name__)

PaymentError = gateway.PaymentError
# Why a payment was taken that its order did not need.
UNNEEDED = (Reason.PAYMENT_AFTER_CANCEL, Reason.PAYMENT_DUPLICATE)


def payment_start(*, order: Order, by: User | None = None) -> Payment:
    """A new attempt to pay the order, by its payment method. The caller holds the
    order's lock."""
    payment = Payment(
        order=order,
        provider="stripe" if order.payment_method == PaymentMethod.CARD else "invoice",
        amount=order.amount,
        currency=order.currency,
    )
    payment.created_because(Reason.PAYMENT_STARTED, by=by)
    payment.save()
    return payment


def payment_prepare(order: Order) -> Payment | None:
    """The order's current payment (its latest attempt); a card payment gets its
    Stripe PaymentIntent, created once (the key is the payment's own id, so a retry
    after a lost answer gets the same intent). Stripe unreachable: the order stands,
    and asking again retries."""
    payment = order.payments.order_by("-pk").first()
    if payment is None or payment.provider != "stripe" or payment.payment_intent_id:
        return payment
    if payment.status != PaymentStatus.PENDING:
        return payment
    intent = gateway.payment_intent_create(
        amount=payment.amount,
        currency=payment.currency,
        idempotency_key=f"agora-payment-{payment.pk}",
        metadata={"order": order.number, "payment": str(payment.pk)},
    )
    Payment.objects.filter(pk=payment.pk, payment_intent_id__isnull=True).update(
        payment_intent_id=intent.id, client_secret=intent.client_secret
    )
    payment.refresh_from_db()
    return payment


def _not_needed(locked: LockedOrder, payment: Payment, by: User | None) -> None:
    """Money arrived for an order that no longer waits for it: record it as taken,
    refund it through Stripe after commit, and tell finance."""
    order = locked.order
    reason = (
        Reason.PAYMENT_AFTER_CANCEL
        if order.status == OrderStatus.CANCELLED
        else Reason.PAYMENT_DUPLICATE
    )
    payment.move_to(PaymentStatus.SUCCEEDED, reason=reason, by=by)
    payment.failure_code = payment.failure_message = ""
    payment.save()
    logger.warning("order %s: payment %s not needed (%s)", order, payment.pk, reason)
    mail_after_commit(
        _("Payment refunded on order %(order)s") % {"order": order.number},
        _(
            "A payment of %(amount)s reached order %(order)s of %(buyer)s after the "
            "order no longer waited for it (%(why)s). It is refunded through Stripe."
        )
        % {
            "amount": order.amount_money,
            "order": order.number,
            "buyer": order.organization.name,
            "why": Reason(reason).label,
        },
        group_emails(settings.FINANCE_GROUP),
    )
    if payment.provider == "stripe":
        pk = payment.pk
        transaction.on_commit(lambda: tasks.payment_refund_unneeded_task.delay(pk))


@transaction.atomic
def payment_succeeded(
    *, payment: Payment, amount: int, by: User | None = None
) -> Order:
    """A payment went through: the order is paid and each line becomes a
    subscription its vendor is asked to provision. Safe to run twice. A payment for
    an order that was cancelled or paid meanwhile is recorded and refunded."""
    locked, payment = payment_order_lock(payment.pk)
    order = locked.order
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return order
    if order.status != OrderStatus.PENDING_PAYMENT:
        _not_needed(locked, payment, by)
        return order
    if amount < order.amount:
        logger.error("order %s: paid %s of %s", order.number, amount, order.amount)
        return order
    marked = payment.provider == "invoice"
    payment.move_to(
        PaymentStatus.SUCCEEDED,
        reason=Reason.PAYMENT_MARKED_PAID if marked else Reason.PAYMENT_SUCCEEDED,
        by=by,
    )
    payment.failure_code = payment.failure_message = ""
    if marked:
        payment.marked_paid_by = by
    payment.save()
    order.move_to(OrderStatus.PAID, reason=Reason.ORDER_PAID, by=by)
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "paid_at"])
    subscriptions_provision(order=order)
    return order


@transaction.atomic
def payment_failed(*, payment: Payment, message: str, code: str = "") -> Payment:
    """A card was declined: the order waits for another attempt, and the buyer reads
    why the last one failed. A failure reported after a success changes nothing."""
    _locked, payment = payment_order_lock(payment.pk)
    if payment.status not in (PaymentStatus.PENDING, PaymentStatus.FAILED):
        return payment
    payment.move_to(PaymentStatus.FAILED, reason=Reason.PAYMENT_FAILED, note=message)
    payment.failure_code = code[:64]
    payment.failure_message = message[:300]
    payment.save()
    return payment


@transaction.atomic
def payment_refunded(*, payment: Payment, refunded: int) -> Payment:
    """Stripe reports the amount refunded so far (cumulative): apply it once. A
    payment refunded in full is `refunded`, and so is its order once nothing it was
    paid with is left."""
    locked, payment = payment_order_lock(payment.pk)
    refunded = min(refunded, payment.amount)
    if refunded <= payment.refunded_amount:
        return payment
    payment.refunded_amount = refunded
    if refunded == payment.amount:
        payment.move_to(PaymentStatus.REFUNDED, reason=Reason.PAYMENT_REFUNDED)
    payment.save()
    order = locked.order
    still_paid = any(
        other.status == PaymentStatus.SUCCEEDED
        for other in locked.payments
        if other.pk != payment.pk
    )
    if (
        order.status == OrderStatus.PAID
        and payment.status == PaymentStatus.REFUNDED
        and not still_paid
    ):
        order.move_to(OrderStatus.REFUNDED, reason=Reason.ORDER_REFUNDED)
        order.save(update_fields=["status"])
    return payment


def payments_cancel(locked: LockedOrder, *, by: User | None) -> None:
    """The order is cancelled: its open payments are too, and their intents are
    cancelled at Stripe after commit so they can never be charged."""
    for payment in locked.payments:
        if payment.status == PaymentStatus.PENDING:
            payment.move_to(
                PaymentStatus.CANCELLED, reason=Reason.PAYMENT_CANCELLED, by=by
            )
            payment.save()
        if payment.status in (PaymentStatus.CANCELLED, PaymentStatus.FAILED) and (
            payment.payment_intent_id
        ):
            transaction.on_commit(partial(_cancel_intent, payment.payment_intent_id))


def payment_settle_before_cancel(order: Order) -> None:
    """Before a card order is cancelled, ask Stripe whether its payment is already
    going through: a payment that succeeded is applied (the order is paid), one
    that is processing refuses the cancellation. Stripe out of reach: the
    cancellation goes ahead, and a payment reported later is refunded."""
    payment = order.payments.order_by("-pk").first()
    if payment is None or not payment.payment_intent_id:
        return
    if payment.status != PaymentStatus.PENDING:
        return
    try:
        intent = gateway.payment_intent_retrieve(payment.payment_intent_id)
    except gateway.PaymentError as error:
        logger.warning("order %s: intent not read before cancel: %s", order, error)
        return
    if intent.status == "succeeded":
        payment_succeeded(payment=payment, amount=intent.amount)
        raise ValidationError(
            _("The payment has gone through, so the order is paid and stays.")
        )
    if intent.status == "processing":
        raise ValidationError(
            _(
                "The payment is being processed; the order can be cancelled only "
                "if it fails."
            )
        )


def _cancel_intent(intent_id: str) -> None:
    try:
        gateway.payment_intent_cancel(intent_id)
    except gateway.PaymentError as error:
        logger.warning("could not cancel payment intent %s: %s", intent_id, error)


# Card payments on the order page ----------------------------------------------


def stripe_customer(organization) -> str:
    """The organization's Stripe customer, made the first time it pays by card (the
    key names the organization, so a lost answer does not make a second one)."""
    known = StripeCustomer.objects.filter(organization=organization).first()
    if known is not None:
        return known.customer_id
    customer_id = gateway.customer_create(
        name=organization.name,
        idempotency_key=f"agora-customer-{organization.pk}",
        metadata={"organization": str(organization.pk)},
    )
    StripeCustomer.objects.get_or_create(
        organization=organization, defaults={"customer_id": customer_id}
    )
    return customer_id


def _intent_apply(payment: Payment, intent: gateway.Intent) -> Payment:
    """What Stripe says of an intent, applied as its webhook would be (which then
    changes nothing twice)."""
    if intent.status == "succeeded":
        payment_succeeded(payment=payment, amount=intent.amount)
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
                transaction.on_commit(partial(_cancel_intent, failed.payment_intent_id))
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


# Refunds ------------------------------------------------------------------------


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


def payment_refund_unneeded(*, payment_id: int) -> int:
    """Refund in full a card payment its order did not need (it came after the
    order was cancelled, or paid it twice). Once: the key names the payment."""
    payment = Payment.objects.get(pk=payment_id)
    left = payment.amount - payment.refunded_amount
    if payment.status != PaymentStatus.SUCCEEDED or left <= 0:
        return 0
    if not payment.status_changes.filter(reason__in=UNNEEDED).exists():
        # The payment its order stands on: only finance refunds that.
        return 0
    refund = _refund(payment, left, f"agora-unneeded-refund-{payment.pk}")
    if refund.status == "succeeded":
        payment_refunded(payment=payment, refunded=payment.refunded_amount + left)
    return refund.amount


def subscription_refund(*, subscription_id: int) -> int:
    """Give back a failed subscription's line: its first charge with tax, through
    Stripe for a card order (once: the key names the subscription), or by asking
    finance to credit it for an invoice order. Answers the amount refunded."""
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
        refund = _refund(
            payment, amount, f"agora-subscription-refund-{subscription.pk}"
        )
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
