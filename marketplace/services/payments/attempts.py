"""Payment attempts and what Stripe or finance report of them (see the package's
docstring)."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace import tasks
from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Reason,
    StripeCustomer,
)
from marketplace.payments import stripe as gateway
from marketplace.selectors.buying import UNNEEDED_REASONS
from marketplace.services import documents, notices
from marketplace.services.ledger import ledger_refund
from marketplace.services.locks import LockedOrder, payment_order_lock
from marketplace.services.mail import group_emails, mail_after_commit
from marketplace.services.subscriptions import (
    subscriptions_charge_paid,
    subscriptions_provision,
)

logger = logging.getLogger(__name__)


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
    if payment.provider == "invoice":
        documents.invoice_issue(order)
    return payment


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
        # The card it is paid with stays on the organization's customer, for the
        # renewals charged while nobody is at the keyboard.
        customer_id=stripe_customer(order.organization),
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
        # Money was taken: its receipt, and its refund's credit note, say so.
        documents.receipt_issue(payment)
        pk = payment.pk
        transaction.on_commit(lambda: tasks.payment_refund_unneeded_task.delay(pk))


@transaction.atomic
def payment_succeeded(
    *,
    payment: Payment,
    amount: int,
    by: User | None = None,
    payment_method: str = "",
) -> Order:
    """A payment went through: the order is paid and each line becomes a
    subscription its vendor is asked to provision (a renewal's or added units'
    order: the subscriptions it bills are resumed if its non-payment suspended
    them). Safe to run twice. A payment for an order that was cancelled or paid
    meanwhile is recorded and refunded. `payment_method`: the card Stripe charged,
    saved on the organization's customer for renewals charged off-session."""
    locked, payment = payment_order_lock(payment.pk)
    order = locked.order
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return order
    if payment_method and payment.provider == "stripe":
        StripeCustomer.objects.filter(organization_id=order.organization_id).update(
            payment_method_id=payment_method
        )
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
    if order.kind == OrderKind.INITIAL:
        order.save(update_fields=["status", "paid_at"])
        subscriptions_provision(order=order)
        notices.order_paid_notify(order)
    else:
        # Paid: no more dunning.
        order.next_attempt_on = None
        order.save(update_fields=["status", "paid_at", "next_attempt_on"])
        subscriptions_charge_paid(order=order)
    if payment.provider == "stripe":
        documents.receipt_issue(payment)
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
    if not payment.status_changes.filter(reason__in=UNNEEDED_REASONS).exists():
        # What the vendors were owed comes back; a payment the order did not need
        # was never theirs.
        ledger_refund(
            locked.order,
            amount=refunded - payment.refunded_amount,
            reference=f"{payment.pk}-{refunded}",
        )
    documents.credit_note_issue(
        payment,
        amount=refunded - payment.refunded_amount,
        reference=f"{payment.pk}-{refunded}",
    )
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
            transaction.on_commit(partial(intent_cancel, payment.payment_intent_id))


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


def intent_cancel(intent_id: str) -> None:
    try:
        gateway.payment_intent_cancel(intent_id)
    except gateway.PaymentError as error:
        logger.warning("could not cancel payment intent %s: %s", intent_id, error)
