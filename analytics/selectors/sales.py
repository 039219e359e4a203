"""The curators' and finance's sales reports: orders and gross over time, sales
split by one dimension, and what sales do to units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from analytics.labels import (
    DIMENSION_HEADINGS,
    DIMENSION_TITLES,
    dimension_labels,
    period_heading,
    period_label,
)
from analytics.models import OrderDay, SalesDay, SalesDimension, SalesMonth
from analytics.selectors.common import by_period, category_ids, next_month, ratio
from analytics.selectors.currencies import currency_for
from analytics.tables import Column, Filters, Table

DIMENSIONS = ("buyer_type", "region", "category", "vendor", "price_band", "tier")


def sales_over_time(f: Filters) -> Table:
    """Orders, order lines, units and gross per day, week or month."""
    currency = currency_for(f)
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, orders, lines, units, gross in orders_daily(f, currency):
        daily[day] = [orders or 0, lines or 0, units or 0, gross or 0]
    sums = by_period(f, ((day, tuple(figures)) for day, figures in daily.items()), 4)
    return Table(
        title=_("Sales over time"),
        columns=(
            Column("period", period_heading(), "label"),
            Column("orders", _("Orders")),
            Column("lines", _("Order lines")),
            Column("units", _("Units")),
            Column("gross", _("Gross merchandise value"), "money"),
        ),
        rows=tuple(
            (period_label(start, f.grain), *figures)
            for start, figures in sorted(sums.items())
        ),
        currency=currency,
        chart=("gross",),
    )


def orders_daily(
    f: Filters, currency: str
) -> Iterable[tuple[date, int, int, int, int]]:
    """Per day: paid orders, their lines, units and gross, in the slice the
    filters name (a category, a vendor, both or neither) and their region."""
    rows = OrderDay.objects.filter(
        currency=currency,
        day__gte=f.start,
        day__lte=f.end,
        by_category=f.category_id is not None,
        by_vendor=f.vendor_id is not None,
    )
    if f.category_id is not None:
        rows = rows.filter(category_id=f.category_id)
    if f.vendor_id is not None:
        rows = rows.filter(vendor_id=f.vendor_id)
    if f.region:
        rows = rows.filter(region=f.region)
    return (  # type: ignore[return-value]
        rows.values_list("day")
        .annotate(Sum("orders"), Sum("lines"), Sum("units"), Sum("gross"))
        .order_by()
    )


def sales_by(f: Filters, dimension: str) -> Table:
    """Order lines, units and gross split by one of `DIMENSIONS`, largest gross
    first (price ranges in their order)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    currency = currency_for(f)
    if dimension in ("region", "category"):
        field = "region" if dimension == "region" else "category_id"
        sums = _sales(f, SalesDimension.TOTAL, currency, field)
    else:
        sums = _sales(f, dimension, currency)
    if dimension == "price_band":
        sums.sort(key=lambda row: int(row[0]))
    else:
        sums.sort(key=lambda row: (-row[3], row[0]))
    labels = dimension_labels(dimension, (row[0] for row in sums), currency)
    return Table(
        title=DIMENSION_TITLES[dimension](),
        columns=(
            Column(dimension, DIMENSION_HEADINGS[dimension](), "label"),
            Column("lines", _("Order lines")),
            Column("units", _("Units")),
            Column("gross", _("Gross merchandise value"), "money"),
        ),
        rows=tuple((labels[row[0]], *row[1:]) for row in sums),
        currency=currency,
        chart=("gross",),
    )


def sale_effect(f: Filters) -> Table:
    """Lines at list price against lines priced with a sale: how many units a line
    buys in each."""
    currency = currency_for(f)
    found = {
        value: (lines, units, gross)
        for value, lines, units, gross in _sales(f, SalesDimension.SALE, currency)
    }
    labels = dimension_labels("sale", ("list", "sale"), currency)
    rows = []
    for value in ("list", "sale"):
        lines, units, gross = found.get(value, (0, 0, 0))
        rows.append((labels[value], lines, units, ratio(units, lines), gross))
    return Table(
        title=_("Effect of sales on units"),
        columns=(
            Column("price", _("Price"), "label"),
            Column("lines", _("Order lines")),
            Column("units", _("Units")),
            Column("units_per_line", _("Units per line"), "ratio"),
            Column("gross", _("Gross merchandise value"), "money"),
        ),
        rows=tuple(rows),
        currency=currency,
        chart=("units_per_line",),
    )


def _sales(
    f: Filters, dimension: str, currency: str, field: str = "value"
) -> list[tuple[str, int, int, int]]:
    """Order lines, units and gross per value of `field` in one split: whole months
    from `SalesMonth`, the days before and after them from `SalesDay`."""
    months_from = f.start if f.start.day == 1 else next_month(f.start)
    months_until = (f.end + timedelta(days=1)).replace(day=1)
    days = Q(day__gte=f.start, day__lte=f.end)
    rows: list[QuerySet[SalesMonth] | QuerySet[SalesDay]] = []
    if months_from < months_until:
        rows.append(
            SalesMonth.objects.filter(day__gte=months_from, day__lt=months_until)
        )
        days &= Q(day__lt=months_from) | Q(day__gte=months_until)
    rows.append(SalesDay.objects.filter(days))
    categories = category_ids(f.category_id)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for queryset in rows:
        queryset = queryset.filter(dimension=dimension, currency=currency)
        if f.region:
            queryset = queryset.filter(region=f.region)
        if categories is not None:
            queryset = queryset.filter(category_id__in=categories)
        for value, lines, units, gross in (
            queryset.values_list(field)
            .annotate(Sum("lines"), Sum("units"), Sum("gross"))
            .order_by()
        ):
            figures = sums["" if value is None else str(value)]
            figures[0] += lines or 0
            figures[1] += units or 0
            figures[2] += gross or 0
    return [(value, *figures) for value, figures in sums.items()]  # type: ignore[misc]
