"""One subscription's schedule, stepped through a day: each period that starts by
then is charged, each term that ends by then is renewed (automatic renewal) or ends
the subscription. The subscription is changed in memory, and each change the
vendor must know of is written to its outbox as it happens; the caller holds the
subscription's lock and saves it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from marketplace.models import OrderKind, Subscription, SubscriptionStatus
from marketplace.services.billing.proration import period_price
from marketplace.services.provisioning import event_emit
from marketplace.services.subscriptions import BILLING_MONTHS, months_after

# A term of a line whose plan names none lasts a year (as provisioning sets it).
DEFAULT_TERM_MONTHS = 12


@dataclass(frozen=True)
class Charge:
    """One line to bill: a period of a subscription, or units added in one.
    `order_kind` and `order_period` name the order it goes on: a renewal (the
    period it opens), or an order of added units alone."""

    kind: str
    subscription: Subscription
    quantity: int
    amount: int
    period_start: date
    period_end: date
    order_kind: str
    order_period: date


@dataclass
class Stepped:
    """What stepping one subscription did."""

    charges: list[Charge]
    renewed_terms: int = 0
    ended: bool = False


def _proration(subscription: Subscription, order_kind: str, order_period) -> Charge:
    return Charge(
        kind=OrderKind.PRORATION,
        subscription=subscription,
        quantity=subscription.proration_units,
        amount=subscription.proration_amount,
        period_start=subscription.period_start or order_period,
        period_end=subscription.period_end or order_period,
        order_kind=order_kind,
        order_period=order_period,
    )


def _term_renew(subscription: Subscription, previous: date) -> None:
    """The term ends and renews: a new term as long as the contract's."""
    line = subscription.order_line.quote_line
    months = line.contract_term_months or DEFAULT_TERM_MONTHS
    subscription.term_end = months_after(
        subscription.term_start or previous, previous, months
    )
    event_emit(
        subscription, "subscription.renew", previous={"term_end": previous.isoformat()}
    )


def _term_close(subscription: Subscription, end: date, stepped: Stepped) -> None:
    """The term ends without renewal: units added in its last period are billed
    on an order of their own, the subscription is cancelled, and the vendor keeps
    the buyer's data SUBSCRIPTION_DATA_RETENTION_DAYS after the term's end."""
    if subscription.proration_units and subscription.period_start:
        stepped.charges.append(
            _proration(subscription, OrderKind.PRORATION, subscription.period_start)
        )
        subscription.proration_units = subscription.proration_amount = 0
    subscription.move_to(SubscriptionStatus.CANCELLED)
    subscription.cancelled_at = timezone.now()
    retention = end + timedelta(days=settings.SUBSCRIPTION_DATA_RETENTION_DAYS)
    subscription.data_retention_until = retention
    subscription.next_charge_on = None
    event_emit(
        subscription, "subscription.cancel", data_retention_until=retention.isoformat()
    )
    stepped.ended = True


def _period_charge(subscription: Subscription, start: date, stepped: Stepped) -> None:
    """Charge the period that starts on `start` (and the units added in the one
    before, on the same order), and make it the current one."""
    months = BILLING_MONTHS[subscription.billing]
    end = months_after(subscription.term_start or start, start, months)
    if subscription.proration_units:
        stepped.charges.append(_proration(subscription, OrderKind.RENEWAL, start))
    line = subscription.order_line.quote_line
    stepped.charges.append(
        Charge(
            kind=OrderKind.RENEWAL,
            subscription=subscription,
            quantity=subscription.quantity,
            amount=period_price(line, subscription.quantity),
            period_start=start,
            period_end=end,
            order_kind=OrderKind.RENEWAL,
            order_period=start,
        )
    )
    subscription.period_start, subscription.period_end = start, end
    subscription.next_charge_on = end
    subscription.billed_quantity = subscription.quantity
    subscription.proration_units = subscription.proration_amount = 0


def subscription_step(subscription: Subscription, *, day: date) -> Stepped:
    """Step a subscription in force through `day`, oldest event first, so a run
    after days of downtime bills each missed period once: a term that ends before
    (or as) the next period starts renews or ends first; then that period is
    charged. A term ends instead of renewing while the subscription is suspended
    for non-payment."""
    stepped = Stepped(charges=[])
    while subscription.status in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.SUSPENDED,
    ):
        due = subscription.next_charge_on
        if subscription.billing not in BILLING_MONTHS:
            due = None
        term_end = subscription.term_end
        if term_end and term_end <= day and (due is None or term_end <= due):
            # A subscription suspended for non-payment is not renewed: it ends.
            if subscription.auto_renew and not subscription.suspended_unpaid:
                _term_renew(subscription, term_end)
                stepped.renewed_terms += 1
                continue
            _term_close(subscription, term_end, stepped)
            break
        if due is None or due > day:
            break
        _period_charge(subscription, due, stepped)
    return stepped
