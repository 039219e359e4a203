"""Reads of billing: what a subscription was charged, and a vendor's statement of
a month from the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import LedgerEntry, OrderLine, Subscription


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
class Statement:
    """A vendor's ledger entries booked in one month, with totals per currency."""

    month: date
    entries: list[LedgerEntry]
    # currency → {"gross": …, "commission": …, "net": …}
    totals: dict[str, dict[str, int]] = field(default_factory=dict)

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
    first, with their orders, and what they add up to per currency."""
    first = month.replace(day=1)
    entries = list(
        LedgerEntry.objects.filter(
            vendor=vendor,
            booked_at__gte=_start(first),
            booked_at__lt=_start(month_after(first)),
        )
        .select_related("order__organization", "vendor_order")
        .order_by("booked_at", "pk")
    )
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"gross": 0, "commission": 0, "net": 0}
    )
    for entry in entries:
        total = totals[entry.currency]
        total["gross"] += entry.gross
        total["commission"] += entry.commission
        total["net"] += entry.net
    return Statement(month=first, entries=entries, totals=dict(totals))
