"""Reads of billing: what a subscription was charged, and a vendor's statement of
a month from the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import (
    LedgerEntry,
    Order,
    OrderKind,
    OrderLine,
    OrderStatus,
    Subscription,
)


def month_after(first: date) -> date:
    """The first day of the month after the one `first` begins."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_before(first: date) -> date:
    """The first day of the month before the one `first` begins."""
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def subscription_charges(subscription: Subscription) -> QuerySet[OrderLine]:
    """Every line that charged the subscription, oldest first: its first order's
    line, then each renewal and each charge for units added."""
    return (
        OrderLine.objects.filter(
            Q(pk=subscription.order_line_id) | Q(billed_subscription=subscription)
        )
        .select_related("vendor_order__order")
        .order_by("vendor_order__order__placed_at", "period_start", "pk")
    )


@dataclass
class Amounts:
    """Gross before tax, the platform's commission and the net (gross less
    commission), in minor units of one currency."""

    gross: int = 0
    commission: int = 0
    net: int = 0

    def add(self, entry: LedgerEntry) -> None:
        self.gross += entry.gross
        self.commission += entry.commission
        self.net += entry.net


@dataclass
class StatementLine:
    """One ledger entry of the statement, with its order's payment as it is now."""

    entry: LedgerEntry

    @property
    def order(self) -> Order:
        return self.entry.order

    @property
    def kind_text(self) -> str:
        """What the entry was: "Charge", or "Charge · Renewal" for an order that
        bills a subscription again or units added to it."""
        kind = self.entry.get_kind_display()
        if self.order.kind == OrderKind.INITIAL:
            return str(kind)
        return f"{kind} · {self.order.get_kind_display()}"

    @property
    def payment(self) -> str:
        """The order's status: paid, waiting for payment, cancelled or refunded."""
        return self.order.status

    @property
    def paid(self) -> bool:
        """The buyer paid the order (and may have had some of it back since: the
        refund is an entry of its own)."""
        return self.payment in (OrderStatus.PAID, OrderStatus.REFUNDED)

    @property
    def unpaid(self) -> bool:
        return self.payment == OrderStatus.PENDING_PAYMENT


@dataclass
class StatementTotals:
    """What the entries of one currency add up to: everything billed in the month
    (charges less their refunds and cancellations), and of it what the buyers have
    paid, what is still to be paid, and what was cancelled before it was paid.
    `billed` is the sum of the other three."""

    currency: str
    billed: Amounts = field(default_factory=Amounts)
    paid: Amounts = field(default_factory=Amounts)
    unpaid: Amounts = field(default_factory=Amounts)
    cancelled: Amounts = field(default_factory=Amounts)

    def add(self, line: StatementLine) -> None:
        self.billed.add(line.entry)
        if line.paid:
            self.paid.add(line.entry)
        elif line.unpaid:
            self.unpaid.add(line.entry)
        else:
            self.cancelled.add(line.entry)

    @property
    def has_cancelled(self) -> bool:
        """Some of what was billed was cancelled (a charge raised in another month
        and cancelled in this one, or the other way round); within one month a
        charge and its cancellation come to nothing."""
        return self.cancelled != Amounts()


@dataclass
class Statement:
    """A vendor's ledger entries booked in one month, each with its order's
    payment, and their totals per currency."""

    month: date
    lines: list[StatementLine]
    totals: list[StatementTotals] = field(default_factory=list)

    @property
    def has_cancelled(self) -> bool:
        return any(total.has_cancelled for total in self.totals)

    @property
    def next_month(self) -> date:
        return month_after(self.month)

    @property
    def previous_month(self) -> date:
        return month_before(self.month)


def _start(day: date) -> datetime:
    zone = ZoneInfo(timezone.get_current_timezone_name())
    return datetime.combine(day, time.min, tzinfo=zone)


def vendor_statement(vendor, month: date) -> Statement:
    """The vendor's ledger entries booked in the month `month` falls in, oldest
    first, with their orders (and so whether and when the buyer paid), and what
    they add up to per currency. One query, however many entries."""
    first = month.replace(day=1)
    entries = (
        LedgerEntry.objects.filter(
            vendor=vendor,
            booked_at__gte=_start(first),
            booked_at__lt=_start(month_after(first)),
        )
        .select_related("order__organization", "vendor_order")
        .order_by("booked_at", "pk")
    )
    lines = [StatementLine(entry) for entry in entries]
    totals: dict[str, StatementTotals] = {}
    for line in lines:
        currency = line.entry.currency
        totals.setdefault(currency, StatementTotals(currency)).add(line)
    return Statement(
        month=first,
        lines=lines,
        totals=[totals[currency] for currency in sorted(totals)],
    )
