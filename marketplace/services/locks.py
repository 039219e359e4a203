"""The one order in which the buying records are locked.

Every writer that changes an order, its payments or its subscriptions locks them
through `order_lock`: the order first, then its payments by primary key, then its
subscriptions by primary key. Two writers that lock in the same order wait for each
other instead of deadlocking (PostgreSQL would end one of them). A writer that needs
only a subscription (a vendor's report, staff suspending it) locks that row alone,
which is the last step of the same order. A quote is locked before the order it
becomes (ordering it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from marketplace.models import Order, Payment, Subscription


@dataclass
class LockedOrder:
    order: Order
    payments: list[Payment] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)

    def payment(self, pk: int) -> Payment:
        return next(payment for payment in self.payments if payment.pk == pk)

    @property
    def latest_payment(self) -> Payment | None:
        return self.payments[-1] if self.payments else None


def order_lock(order_id: int, *, subscriptions: bool = False) -> LockedOrder:
    """Lock the order, then its payments by id, then (when asked) its subscriptions
    by id, and answer them fresh from the database. Inside a transaction only."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("order_lock() holds its locks until the transaction ends.")
    order = Order.objects.select_for_update().get(pk=order_id)
    payments = list(
        Payment.objects.select_for_update().filter(order_id=order_id).order_by("pk")
    )
    locked = LockedOrder(order=order, payments=payments)
    if subscriptions:
        locked.subscriptions = list(
            Subscription.objects.select_for_update()
            .filter(
                pk__in=Subscription.objects.filter(
                    Q(order_line__vendor_order__order_id=order_id)
                    | Q(charges__vendor_order__order_id=order_id)
                ).values("pk")
            )
            .order_by("pk")
        )
    return locked


def first_order_lock(order_id: int, *, skip_locked: bool = False) -> LockedOrder | None:
    """Lock a first order, then the subscriptions its lines became, by id, with
    their quote lines (the billing run bills them). Its payments are not locked:
    nothing here changes them, and leaving a step out keeps the order. With
    `skip_locked`, None when another transaction holds the order (a concurrent run
    bills it). Inside a transaction only."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("first_order_lock() holds its locks until the end.")
    order = (
        Order.objects.select_for_update(skip_locked=skip_locked, of=("self",))
        .select_related("quote", "organization")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        return None
    subscriptions = list(
        Subscription.objects.select_for_update(of=("self",))
        .select_related("order_line__quote_line")
        .filter(order_line__vendor_order__order_id=order_id)
        .order_by("pk")
    )
    return LockedOrder(order=order, subscriptions=subscriptions)


def payment_order_lock(payment_id: int, **kwargs) -> tuple[LockedOrder, Payment]:
    """Lock a payment's order first, then the payment with its siblings."""
    order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
    locked = order_lock(order_id, **kwargs)
    return locked, locked.payment(payment_id)
