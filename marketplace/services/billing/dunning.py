"""Charges that do not go through: a renewal charged to the saved card, retried
DUNNING_RETRY_DAYS after its first failure with the buyer told each time (who can
pay on the order's page with another card meanwhile); after the last failure, or an
invoice INVOICE_SUSPEND_AFTER_DAYS past its due day, the subscriptions it bills are
suspended until it is paid (`payment_succeeded` resumes them).

`Order.next_attempt_on` is the day an unpaid renewal is followed up: the next card
attempt, or for an invoice the day it suspends what it bills. Empty on a renewal
still waiting for payment: nothing more is tried, it is owed.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)
from marketplace.services import notices
from marketplace.services.locks import order_lock
from marketplace.services.payments.attempts import payment_start
from marketplace.services.payments.saved_cards import (
    Outcome,
    SavedCardCharge,
    saved_card_attempt,
    saved_card_charge,
)
from marketplace.services.subscriptions import subscriptions_suspend_unpaid

logger = logging.getLogger(__name__)


def _due(order: Order, day: date) -> bool:
    return (
        order.kind != OrderKind.INITIAL
        and order.status == OrderStatus.PENDING_PAYMENT
        and order.next_attempt_on is not None
        and order.next_attempt_on <= day
    )


def renewal_charge(*, order_id: int, day: date) -> str:
    """Charge a card renewal whose attempt is due by `day` to the organization's
    saved card (the first attempt, or a retry), and follow up a decline. An order
    not due (paid meanwhile, or charged already today) is left alone: safe to run
    twice, and from several workers. Stripe out of reach answers `UNAVAILABLE`:
    the order stays due, and the task (or the next run) tries again. Answers the
    outcome (`saved_cards.Outcome`)."""
    with transaction.atomic():
        locked = order_lock(order_id)
        order = locked.order
        if order.payment_method != PaymentMethod.CARD or not _due(order, day):
            return Outcome.NOT_DUE
        payment = saved_card_attempt(locked)
    if payment is None:
        return Outcome.NOT_DUE
    charge = saved_card_charge(order=order, payment=payment)
    if charge.outcome == Outcome.FAILED:
        renewal_declined(order_id=order_id, day=day, charge=charge)
    return charge.outcome


def _next_attempt(order: Order, day: date) -> date | None:
    """After the order's `failed_attempts`-th failure: the day of the next attempt,
    counted from the first failure; None after the last."""
    days = settings.DUNNING_RETRY_DAYS
    failures = order.failed_attempts
    if failures > len(days):
        return None
    first = day
    if failures > 1 and order.next_attempt_on is not None:
        # The attempt that failed was made on the first failure's day plus this.
        first = order.next_attempt_on - timedelta(days=days[failures - 2])
    return max(first + timedelta(days=days[failures - 1]), day + timedelta(days=1))


@transaction.atomic
def renewal_declined(*, order_id: int, day: date, charge: SavedCardCharge) -> Order:
    """A renewal's card attempt due by `day` was declined: counted once, the next
    attempt scheduled and the buyers told; after the last, the subscriptions it
    bills are suspended (and the buyers told that too). A new attempt waits on the
    order's page for another card."""
    locked = order_lock(order_id, subscriptions=True)
    order = locked.order
    if not _due(order, day):
        return order
    order.failed_attempts += 1
    order.next_attempt_on = _next_attempt(order, day)
    order.save(update_fields=["failed_attempts", "next_attempt_on"])
    latest = locked.latest_payment
    if latest is None or latest.status != PaymentStatus.PENDING:
        payment_start(order=order)
    suspended = []
    if order.next_attempt_on is None:
        suspended = subscriptions_suspend_unpaid(
            order=order, subscriptions=locked.subscriptions
        )
    if not suspended:
        # A suspension tells the buyers itself, in one notification.
        notices.renewal_declined_notify(order, code=charge.code, message=charge.message)
    logger.info("order %s: renewal declined (%s)", order.number, order.failed_attempts)
    return order


@transaction.atomic
def invoice_overdue(*, order_id: int, day: date) -> Order:
    """A renewal's invoice is INVOICE_SUSPEND_AFTER_DAYS past due on `day` and
    unpaid: the subscriptions it bills are suspended, and the buyers told
    (`subscriptions_suspend_unpaid`)."""
    locked = order_lock(order_id, subscriptions=True)
    order = locked.order
    if order.payment_method != PaymentMethod.INVOICE or not _due(order, day):
        return order
    order.next_attempt_on = None
    order.save(update_fields=["next_attempt_on"])
    subscriptions_suspend_unpaid(order=order, subscriptions=locked.subscriptions)
    logger.info("order %s: invoice overdue, what it bills suspended", order.number)
    return order
