"""Which currency a report is in: the filters', or the one sold in most."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from analytics.models import LedgerDay, OrderDay
from analytics.tables import Filters


def currencies(filters: Filters) -> list[str]:
    """The currencies sold in during the period (by the filters' vendor, if any),
    the one with the most gross first."""
    rows = OrderDay.objects.filter(
        by_category=False,
        by_vendor=filters.vendor_id is not None,
        day__gte=filters.start,
        day__lte=filters.end,
    )
    if filters.vendor_id is not None:
        rows = rows.filter(vendor_id=filters.vendor_id)
    totals: dict[str, int] = defaultdict(int)
    for currency, gross in (
        rows.values_list("currency").annotate(Sum("gross")).order_by()
    ):
        totals[currency] += gross or 0
    if filters.vendor_id is not None:
        # A vendor's ledger may hold only refunds in a period.
        for currency in (
            LedgerDay.objects.filter(
                vendor_id=filters.vendor_id,
                day__gte=filters.start,
                day__lte=filters.end,
            )
            .values_list("currency", flat=True)
            .distinct()
        ):
            totals.setdefault(currency, 0)
    return sorted(totals, key=lambda code: (-totals[code], code))


def currency_for(filters: Filters) -> str:
    """The filters' currency, or the one with the most gross in the period ("" when
    nothing was sold)."""
    if filters.currency:
        return filters.currency
    found = currencies(filters)
    return found[0] if found else ""
