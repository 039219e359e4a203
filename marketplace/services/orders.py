"""Orders: placed from an approved quote, split per vendor, paid by card (Stripe) or
by invoice, and turned into subscriptions once paid."""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.roles import Capability
from marketplace.models import Promotion
from marketplace.models.buying import (
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Quote,
    QuoteStatus,
    StripeCustomer,
    VendorOrder,
)
from marketplace.payments import stripe as gateway
from marketplace.services import provisioning

logger = logging.getLogger(__name__)


def commission_on(gross: int, rate_basis_points: int) -> int:
    return (gross * rate_basis_points + 5_000) // 10_000


@transaction.atomic
def order_place(*, membership: Membership, quote: Quote, payment_method: str) -> Order:
    """Place the order of an approved, unexpired quote. A quote has at most one order:
    placing it again (a double submit, a retried request) answers the same order."""
    if quote.organization_id != membership.organization_id:
        raise PermissionDenied(_("This quote belongs to another organization."))
    if not membership.can(Capability.ORDER_PLACE):
        raise PermissionDenied(_("Your role does not allow placing orders."))
    if payment_method not in PaymentMethod.values:
        raise ValidationError({"payment_method": _("Pay by card or by invoice.")})
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    existing = Order.objects.filter(quote=quote).first()
    if existing is not None:
        return existing
    if quote.status != QuoteStatus.APPROVED:
        raise ValidationError(_("Only an approved quote can be ordered."))
    if quote.is_expired():
        raise ValidationError(_("This quote has expired; ask for a new one."))
    now = timezone.now()
    order = Order.objects.create(
        # Numbered from its id once it has one.
        number=f"new-{quote.pk}",
        organization=quote.organization,
        quote=quote,
        placed_by=membership.user,
        placed_at=now,
        payment_method=payment_method,
        currency=quote.currency,
        amount=quote.first_charge,
    )
    Order.objects.filter(pk=order.pk).update(number=f"O-{now:%Y}-{order.pk:06d}")
    order.refresh_from_db()
    by_vendor = defaultdict(list)
    for line in quote.lines.select_related("vendor"):
        by_vendor[line.vendor].append(line)
    rate = settings.PLATFORM_COMMISSION_BASIS_POINTS
    for index, (vendor, lines) in enumerate(
        sorted(by_vendor.items(), key=lambda item: item[0].pk), start=1
    ):
        # The first charge of each line: its setup fee and its units' price.
        gross = sum(line.setup_fee + line.subtotal for line in lines)
        commission = commission_on(gross, rate)
        vendor_order = VendorOrder.objects.create(
            order=order,
            vendor=vendor,
            number=f"{order.number}-{index}",
            currency=order.currency,
            gross=gross,
            commission_rate=rate,
            commission=commission,
            net=gross - commission,
        )
        OrderLine.objects.bulk_create(
            OrderLine(vendor_order=vendor_order, quote_line=line) for line in lines
        )
    for line in quote.lines.filter(promotion__isnull=False, sale_units__gt=0):
        Promotion.objects.filter(pk=line.promotion_id or 0).update(
            units_claimed=F("units_claimed") + line.sale_units
        )
    quote.status = QuoteStatus.ORDERED
    quote.save(update_fields=["status"])
    Payment.objects.create(
        order=order,
        provider="stripe" if payment_method == PaymentMethod.CARD else "invoice",
        amount=order.amount,
        currency=order.currency,
    )
    return order


def payment_prepare(order: Order) -> Payment | None:
    """The order's current payment (its latest attempt); a card payment gets its
    Stripe PaymentIntent, created once (the key is the payment's own id, so a retry
    after a lost answer gets the same intent). Stripe unreachable: the order stands,
    and asking again retries."""
    payment = order.payments.order_by("-pk").first()
    if payment is None or payment.provider != "stripe" or payment.payment_intent_id:
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


@transaction.atomic
def payment_succeeded(*, payment: Payment, amount: int) -> Order:
    """A payment went through: the order is paid and each line becomes a
    subscription its vendor is asked to provision. Safe to run twice."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    if payment.status in (PaymentStatus.PENDING, PaymentStatus.FAILED):
        payment.status = PaymentStatus.SUCCEEDED
        payment.failure_code = payment.failure_message = ""
        payment.save(
            update_fields=["status", "failure_code", "failure_message", "updated_at"]
        )
    if order.status == OrderStatus.PENDING_PAYMENT:
        if amount < order.amount:
            logger.error("order %s: paid %s of %s", order.number, amount, order.amount)
            return order
        order.status = OrderStatus.PAID
        order.paid_at = timezone.now()
        order.save(update_fields=["status", "paid_at"])
        provisioning.subscriptions_provision(order=order)
    return order


@transaction.atomic
def payment_failed(*, payment: Payment, message: str, code: str = "") -> Payment:
    """A card was declined: the order waits for another attempt, and the buyer reads
    why the last one failed. A failure reported after a success changes nothing."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status in (PaymentStatus.PENDING, PaymentStatus.FAILED):
        payment.status = PaymentStatus.FAILED
        payment.failure_code = code[:64]
        payment.failure_message = message[:300]
        payment.save(
            update_fields=["status", "failure_code", "failure_message", "updated_at"]
        )
    return payment


def _stripe_customer(organization) -> str:
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


def orders_allowed(membership: Membership, organization_id: int) -> None:
    """The member acts for this organization with a role that places orders (and
    so pays, cancels and ends what they bought)."""
    if organization_id != membership.organization_id or not membership.can(
        Capability.ORDER_PLACE
    ):
        raise PermissionDenied(_("Your role does not allow this."))


def paid_card_payment(order: Order) -> Payment | None:
    """The order's card payment that went through, if any."""
    return (
        order.payments.filter(provider="stripe", status=PaymentStatus.SUCCEEDED)
        .order_by("-pk")
        .first()
    )


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


def _intent_id(payment: Payment) -> str:
    return payment.payment_intent_id or ""


def _attempt_again(failed: Payment) -> Payment:
    """After a failed attempt, the next one is a payment of its own with a fresh
    intent; the failed one stays as the record of what was tried, and its intent is
    cancelled so it can never be charged."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=failed.order_id)
        latest = order.payments.order_by("-pk").first()
        if latest is not None and latest.pk == failed.pk:
            Payment.objects.create(
                order=order,
                provider=failed.provider,
                amount=order.amount,
                currency=order.currency,
            )
            if failed.payment_intent_id:
                transaction.on_commit(partial(_cancel_intent, failed.payment_intent_id))
    return payment_prepare(order) or failed


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
        payment = _attempt_again(payment)
    customer_id = _stripe_customer(order.organization)
    try:
        intent = gateway.payment_intent_pay_with_token(
            intent_id=_intent_id(payment),
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
    intent = gateway.payment_intent_retrieve(_intent_id(payment))
    return _intent_apply(payment, intent), intent


@transaction.atomic
def payment_refunded(*, payment: Payment, refunded: int) -> Payment:
    """Stripe reports the amount refunded so far (cumulative): apply it once."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if refunded > payment.refunded_amount:
        payment.refunded_amount = refunded
        if refunded >= payment.amount:
            payment.status = PaymentStatus.REFUNDED
            Order.objects.filter(pk=payment.order_id).update(
                status=OrderStatus.REFUNDED
            )
        payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    return payment


@transaction.atomic
def order_mark_paid(*, order: Order, user: User) -> Order:
    """Platform finance staff record an invoice or purchase order as paid."""
    if not user.has_perm("marketplace.change_payment"):
        raise PermissionDenied(_("Only finance staff mark orders as paid."))
    payment = order.payments.filter(provider="invoice").order_by("pk").first()
    if payment is None:
        raise ValidationError(_("This order is paid by card."))
    Payment.objects.filter(pk=payment.pk).update(marked_paid_by=user)
    return payment_succeeded(payment=payment, amount=payment.amount)


@transaction.atomic
def order_cancel(*, membership: Membership, order: Order) -> Order:
    """Cancel an order before it is paid."""
    orders_allowed(membership, order.organization_id)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.CANCELLED:
        return order
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise ValidationError(_("A paid order is refunded, not cancelled."))
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    for payment in order.payments.filter(
        status__in=(PaymentStatus.PENDING, PaymentStatus.FAILED)
    ):
        if payment.status == PaymentStatus.PENDING:
            Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.CANCELLED)
        if payment.payment_intent_id:
            transaction.on_commit(partial(_cancel_intent, payment.payment_intent_id))
    return order


def _cancel_intent(intent_id: str) -> None:
    try:
        gateway.payment_intent_cancel(intent_id)
    except gateway.PaymentError as error:
        logger.warning("could not cancel payment intent %s: %s", intent_id, error)


@transaction.atomic
def order_buy_now(
    *, membership: Membership, plan_id: int, quantity: int, payment_method: str
) -> tuple[Quote, Order | None]:
    """ "Buy now" on one plan: a one-line package and quote, approved at once and
    ordered where the organization allows self-approval (and the member may
    approve); otherwise the quote waits for an approver."""
    from marketplace.models import Plan
    from marketplace.services.packages import package_create, package_line_add
    from marketplace.services.quotes import quote_approve, quote_create

    plan = Plan.objects.select_related("listing").filter(pk=plan_id).first()
    if plan is None:
        raise ValidationError({"plan": _("This plan is not on the store.")})
    package = package_create(
        membership=membership,
        name=_("Buy now: %(title)s") % {"title": plan.listing.title},
    )
    package_line_add(
        membership=membership, package=package, plan_id=plan.pk, quantity=quantity
    )
    quote = quote_create(membership=membership, package=package)
    if not (
        membership.organization.allow_self_approval
        and membership.can(Capability.QUOTE_APPROVE)
    ):
        return quote, None
    quote = quote_approve(membership=membership, quote=quote)
    return quote, order_place(
        membership=membership, quote=quote, payment_method=payment_method
    )


def order_refund(*, order: Order, user: User, amount: int | None = None) -> Payment:
    """Refund a card order through Stripe, in full unless `amount` says less. A
    refund Stripe completes at once is applied at once; Stripe's `charge.refunded`
    reports the same cumulative amount later and changes nothing twice."""
    if not user.has_perm("marketplace.change_payment"):
        raise PermissionDenied(_("Only finance staff refund orders."))
    payment = paid_card_payment(order)
    if payment is None or not payment.payment_intent_id:
        raise ValidationError(_("Only a paid card order is refunded through Stripe."))
    left = payment.amount - payment.refunded_amount
    amount = left if amount is None else amount
    if not 0 < amount <= left:
        raise ValidationError(_("A refund is between 0.01 and what is left to refund."))
    # The key names the refund by what was refunded before it, so a retried click
    # sends the same refund, and a later partial refund a new one.
    refund = gateway.refund_create(
        intent_id=payment.payment_intent_id,
        amount=amount,
        idempotency_key=f"agora-refund-{payment.pk}-{payment.refunded_amount}-{amount}",
    )
    if refund.status == "succeeded":
        return payment_refunded(
            payment=payment, refunded=payment.refunded_amount + refund.amount
        )
    return payment
