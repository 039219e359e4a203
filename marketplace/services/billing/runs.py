"""The billing run as of a day: what beat runs every hour, and what
`manage.py billing_run --at DAY` runs for operators catching up.

1. Follow-ups: renewals due for another card attempt are charged; renewal invoices
   past due by the grace period suspend what they bill.
2. Charges: every first order with a subscription in force whose next period
   starts by the day, or whose term ends by then, is billed through the day
   (`renewals.first_order_bill`), each in a transaction of its own; the card orders
   it raises are charged after commit.

Memory stays flat however many subscriptions are due: they are read in keyset
batches along their indexes, a batch of ids at a time. Two runs at once share the
work: a first order another transaction holds is skipped, and tried once more at
the end. Running again for the same day finds nothing due.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from marketplace import tasks
from marketplace.models import (
    Order,
    OrderKind,
    OrderStatus,
    PaymentMethod,
    Subscription,
)
from marketplace.models.subscriptions import IN_FORCE
from marketplace.services.billing.dunning import invoice_overdue, renewal_charge
from marketplace.services.billing.renewals import Billed, first_order_bill

logger = logging.getLogger(__name__)

BATCH = 1000


@dataclass
class BillingReport:
    """What a run did."""

    day: date
    renewals: int = 0
    prorations: int = 0
    lines: int = 0
    renewed_terms: int = 0
    ended: int = 0
    overdue_invoices: int = 0
    # Card charges by outcome (`saved_cards.Outcome`, or "queued").
    charges: Counter = field(default_factory=Counter)
    # What could not be billed: "O-2026-000012: the error", for the log.
    failed: list[str] = field(default_factory=list)

    @property
    def raised(self) -> int:
        return self.renewals + self.prorations

    def add(self, billed: Billed) -> None:
        self.renewals += len(billed.renewals)
        self.prorations += len(billed.prorations)
        self.lines += billed.lines
        self.renewed_terms += billed.renewed_terms
        self.ended += billed.ended


def _keyset(rows, column: str, *, day: date, batch: int) -> Iterator[tuple]:
    """Rows whose `column` is on or before `day`, in batches ordered by
    (`column`, id) after the last row of the batch before: a row the run changed
    meanwhile is not read twice, and one it could not change is not read again."""
    after: tuple | None = None
    while True:
        page = rows.filter(**{f"{column}__lte": day})
        if after is not None:
            last, pk = after
            page = page.filter(
                Q(**{f"{column}__gt": last}) | Q(**{column: last, "pk__gt": pk})
            )
        found = list(page.order_by(column, "pk")[:batch])
        if not found:
            return
        after = found[-1][:2]
        yield from found


def _first_orders_due(column: str, day: date, batch: int) -> Iterator[int]:
    """First orders with a subscription in force whose `column` (the next charge
    or the term's end) is on or before `day`."""
    rows = Subscription.objects.filter(status__in=IN_FORCE).values_list(
        column, "pk", "order_line__vendor_order__order_id"
    )
    last = None
    for _due, _pk, order_id in _keyset(rows, column, day=day, batch=batch):
        # A first order's subscriptions come one after the other as a rule.
        if order_id != last:
            last = order_id
            yield order_id


def _charge_queued(order_id: int, day: date) -> str:
    tasks.billing_charge_task.delay(order_id, day.isoformat())
    return "queued"


def _charge_inline(order_id: int, day: date) -> str:
    return renewal_charge(order_id=order_id, day=day)


def _follow_ups(day: date, report: BillingReport, charge: Callable) -> None:
    rows = Order.objects.filter(
        status=OrderStatus.PENDING_PAYMENT, next_attempt_on__isnull=False
    ).exclude(kind=OrderKind.INITIAL)
    for _due, order_id, method in _keyset(
        rows.values_list("next_attempt_on", "pk", "payment_method"),
        "next_attempt_on",
        day=day,
        batch=BATCH,
    ):
        try:
            if method == PaymentMethod.CARD:
                report.charges[charge(order_id, day)] += 1
            else:
                order = invoice_overdue(order_id=order_id, day=day)
                report.overdue_invoices += order.next_attempt_on is None
        except Exception as error:
            logger.exception("billing: order %s not followed up", order_id)
            report.failed.append(f"{order_id}: {error}")


def _bill(
    order_id: int, day: date, report: BillingReport, charge: Callable, *, skip: bool
) -> bool:
    """Bill one first order; False when it was skipped (locked elsewhere)."""
    try:
        billed = first_order_bill(order_id=order_id, day=day, skip_locked=skip)
    except Exception as error:
        # One first order that cannot be billed (a constraint refusing a second
        # charge, say) holds up nobody else; the next run tries it again.
        logger.exception("billing: first order %s not billed", order_id)
        report.failed.append(f"{order_id}: {error}")
        return True
    if billed is None:
        return False
    report.add(billed)
    for card_order in billed.card_orders:
        report.charges[charge(card_order, day)] += 1
    return True


def billing_run(*, day: date, inline: bool = False) -> BillingReport:
    """Bill everything due by `day`. Card charges are made here (`inline`: the
    command, so its report is final), or queued one task each (beat: each is a
    request to Stripe)."""
    report = BillingReport(day=day)
    charge = _charge_inline if inline else _charge_queued
    _follow_ups(day, report, charge)
    skipped: list[int] = []
    for column in ("next_charge_on", "term_end"):
        for order_id in _first_orders_due(column, day, BATCH):
            if not _bill(order_id, day, report, charge, skip=True):
                skipped.append(order_id)
    for order_id in dict.fromkeys(skipped):
        _bill(order_id, day, report, charge, skip=False)
    logger.info(
        "billing %s: %s renewals, %s added units, %s terms renewed, %s ended, "
        "%s invoices overdue, charges %s, %s failed",
        day,
        report.renewals,
        report.prorations,
        report.renewed_terms,
        report.ended,
        report.overdue_invoices,
        dict(report.charges),
        len(report.failed),
    )
    return report
