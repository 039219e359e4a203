"""The statistics reports: each reads the rollups (`analytics.models`), never the
orders, and returns one `Table` — label column first, money in minor units of
`Table.currency`.

The currency of a report is the filters' or, when they name none, the one with the
most sales in the period (`currency_for`); amounts in different currencies are
never added up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from analytics.labels import (
    DIMENSION_HEADINGS,
    DIMENSION_TITLES,
    dimension_labels,
    period_label,
    region_label,
)
from analytics.models import (
    FunnelDay,
    LedgerDay,
    ListingPairDay,
    ListingSalesDay,
    OrderDay,
    ProvisioningDay,
    SalesDay,
    SalesDimension,
)
from analytics.tables import Column, Filters, Grain, Table
from marketplace.models import Category, LedgerKind, Listing

DIMENSIONS = ("buyer_type", "region", "category", "vendor", "price_band", "tier")


# -- helpers -----------------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _category_ids(category_id: int | None) -> list[int] | None:
    """A category and the kinds of solution under it (a section holds some)."""
    if category_id is None:
        return None
    return [
        category_id,
        *Category.objects.filter(parent_id=category_id).values_list("pk", flat=True),
    ]


def _period_start(day: date, grain: Grain) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def _periods(f: Filters) -> list[date]:
    """The first day of every period from `f.start` to `f.end`."""
    periods: list[date] = []
    current = _period_start(f.start, f.grain)
    while current <= f.end and len(periods) < 5000:
        periods.append(current)
        if f.grain == "day":
            current += timedelta(days=1)
        elif f.grain == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return periods


def _by_period(
    f: Filters, rows: Iterable[tuple[date, tuple[int, ...]]], width: int
) -> dict[date, list[int]]:
    """Sums per period of per-day figures; every period of the filters is there."""
    sums: dict[date, list[int]] = {start: [0] * width for start in _periods(f)}
    for day, figures in rows:
        bucket = sums.setdefault(_period_start(day, f.grain), [0] * width)
        for index, figure in enumerate(figures):
            bucket[index] += figure or 0
    return sums


def _sales(f: Filters, dimension: str, currency: str) -> QuerySet[SalesDay]:
    rows = SalesDay.objects.filter(
        dimension=dimension, currency=currency, day__gte=f.start, day__lte=f.end
    )
    if f.region:
        rows = rows.filter(region=f.region)
    categories = _category_ids(f.category_id)
    if categories is not None:
        rows = rows.filter(category_id__in=categories)
    return rows


# -- currencies ----------------------------------------------------------------------


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


# -- the curators' and finance's reports ----------------------------------------------


def sales_over_time(f: Filters) -> Table:
    """Orders, order lines, units and gross per day, week or month."""
    currency = currency_for(f)
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, orders, lines, units, gross in _orders(f, currency):
        daily[day] = [orders or 0, lines or 0, units or 0, gross or 0]
    sums = _by_period(f, ((day, tuple(figures)) for day, figures in daily.items()), 4)
    return Table(
        title=_("Sales over time"),
        columns=(
            Column("period", _("Period"), "label"),
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


def _orders(f: Filters, currency: str) -> Iterable[tuple[date, int, int, int, int]]:
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
        grouped = _sales(f, SalesDimension.TOTAL, currency).values_list(field)
    else:
        grouped = _sales(f, dimension, currency).values_list("value")
    sums = [
        ("" if value is None else str(value), lines or 0, units or 0, gross or 0)
        for value, lines, units, gross in grouped.annotate(
            Sum("lines"), Sum("units"), Sum("gross")
        ).order_by()
    ]
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
        value: (lines or 0, units or 0, gross or 0)
        for value, lines, units, gross in _sales(f, SalesDimension.SALE, currency)
        .values_list("value")
        .annotate(Sum("lines"), Sum("units"), Sum("gross"))
        .order_by()
    }
    labels = dimension_labels("sale", ("list", "sale"), currency)
    rows = []
    for value in ("list", "sale"):
        lines, units, gross = found.get(value, (0, 0, 0))
        rows.append((labels[value], lines, units, _ratio(units, lines), gross))
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


def funnel(f: Filters) -> Table:
    """Per category: listing views, lines adding a listing to a package, quotes,
    first orders, and the share of views that ended in an order."""
    rows = FunnelDay.objects.filter(day__gte=f.start, day__lte=f.end)
    categories = _category_ids(f.category_id)
    if categories is not None:
        rows = rows.filter(category_id__in=categories)
    if f.vendor_id is not None:
        rows = rows.filter(vendor_id=f.vendor_id)
    sums = list(
        rows.values_list("category_id")
        .annotate(Sum("views"), Sum("adds"), Sum("quotes"), Sum("orders"))
        .order_by()
    )
    labels = dimension_labels("category", (str(row[0]) for row in sums), "")
    sums.sort(key=lambda row: (-(row[1] or 0), labels[str(row[0])]))
    return Table(
        title=_("From views to orders"),
        columns=(
            Column("category", _("Category"), "label"),
            Column("views", _("Views")),
            Column("adds", _("Added to a package")),
            Column("quotes", _("Quoted")),
            Column("orders", _("Ordered")),
            Column("conversion", _("Conversion (ordered per view)"), "percent"),
        ),
        rows=tuple(
            (
                labels[str(category)],
                views or 0,
                adds or 0,
                quotes or 0,
                orders or 0,
                _percent(orders or 0, views or 0),
            )
            for category, views, adds, quotes, orders in sums
        ),
        chart=("views", "adds", "quotes", "orders"),
    )


def provisioning(f: Filters) -> Table:
    """Per vendor: subscriptions provisioned and failed, the share that succeeded,
    and the mean time from order to active."""
    rows = ProvisioningDay.objects.filter(day__gte=f.start, day__lte=f.end)
    if f.vendor_id is not None:
        rows = rows.filter(vendor_id=f.vendor_id)
    sums = list(
        rows.values_list("vendor_id")
        .annotate(Sum("provisioned"), Sum("failed"), Sum("seconds_to_active"))
        .order_by()
    )
    labels = dimension_labels("vendor", (str(row[0]) for row in sums), "")
    sums.sort(key=lambda row: (-((row[1] or 0) + (row[2] or 0)), labels[str(row[0])]))
    table_rows = []
    for vendor_id, provisioned, failed, seconds in sums:
        provisioned, failed, seconds = provisioned or 0, failed or 0, seconds or 0
        table_rows.append(
            (
                labels[str(vendor_id)],
                provisioned,
                failed,
                _percent(provisioned, provisioned + failed),
                (seconds * 2 + provisioned) // (2 * provisioned)
                if provisioned
                else None,
            )
        )
    return Table(
        title=_("Provisioning per vendor"),
        columns=(
            Column("vendor", _("Vendor"), "label"),
            Column("provisioned", _("Provisioned")),
            Column("failed", _("Failed")),
            Column("success", _("Success"), "percent"),
            Column("time_to_active", _("Mean time to active"), "seconds"),
        ),
        rows=tuple(table_rows),
        chart=("success",),
    )


# -- a vendor's reports ----------------------------------------------------------------


def vendor_listings(f: Filters, vendor_id: int) -> Table:
    """Per listing of the vendor: views, adds to packages, quotes, first orders,
    revenue and conversion in the period."""
    vendor_filters = Filters(
        start=f.start,
        end=f.end,
        grain=f.grain,
        currency=f.currency,
        vendor_id=vendor_id,
    )
    currency = currency_for(vendor_filters)
    funnel_rows = {
        listing_id: (views or 0, adds or 0, quotes or 0, orders or 0)
        for listing_id, views, adds, quotes, orders in FunnelDay.objects.filter(
            vendor_id=vendor_id, day__gte=f.start, day__lte=f.end
        )
        .values_list("listing_id")
        .annotate(Sum("views"), Sum("adds"), Sum("quotes"), Sum("orders"))
        .order_by()
    }
    revenue = dict(
        ListingSalesDay.objects.filter(
            vendor_id=vendor_id, currency=currency, day__gte=f.start, day__lte=f.end
        )
        .values_list("listing_id")
        .annotate(Sum("gross"))
        .order_by()
    )
    listings = {
        listing.pk: listing.title_i18n
        for listing in Listing.objects.filter(vendor_id=vendor_id)
    }
    ids = sorted(
        set(listings) | set(funnel_rows) | set(revenue),
        key=lambda pk: (-(revenue.get(pk) or 0), listings.get(pk, "")),
    )
    rows = []
    for pk in ids:
        views, adds, quotes, orders = funnel_rows.get(pk, (0, 0, 0, 0))
        rows.append(
            (
                listings.get(pk, _("Listing removed")),
                views,
                adds,
                quotes,
                orders,
                revenue.get(pk) or 0,
                _percent(orders, views),
            )
        )
    return Table(
        title=_("Your listings"),
        columns=(
            Column("listing", _("Listing"), "label"),
            Column("views", _("Views")),
            Column("adds", _("Added to a package")),
            Column("quotes", _("Quoted")),
            Column("orders", _("Ordered")),
            Column("revenue", _("Revenue"), "money"),
            Column("conversion", _("Conversion (ordered per view)"), "percent"),
        ),
        rows=tuple(rows),
        currency=currency,
        chart=("revenue",),
    )


def vendor_over_time(f: Filters, vendor_id: int) -> Table:
    """Per period: views of the vendor's listings, its orders and its revenue."""
    vendor_filters = Filters(
        start=f.start,
        end=f.end,
        grain=f.grain,
        currency=f.currency,
        vendor_id=vendor_id,
    )
    currency = currency_for(vendor_filters)
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, views in (
        FunnelDay.objects.filter(vendor_id=vendor_id, day__gte=f.start, day__lte=f.end)
        .values_list("day")
        .annotate(Sum("views"))
        .order_by()
    ):
        daily[day][0] = views or 0
    for day, orders, _lines, _units, _gross in _orders(vendor_filters, currency):
        daily[day][1] = orders or 0
    for day, gross in (
        ListingSalesDay.objects.filter(
            vendor_id=vendor_id, currency=currency, day__gte=f.start, day__lte=f.end
        )
        .values_list("day")
        .annotate(Sum("gross"))
        .order_by()
    ):
        daily[day][2] = gross or 0
    sums = _by_period(f, ((day, tuple(figures)) for day, figures in daily.items()), 3)
    return Table(
        title=_("Your listings over time"),
        columns=(
            Column("period", _("Period"), "label"),
            Column("views", _("Views")),
            Column("orders", _("Orders")),
            Column("revenue", _("Revenue"), "money"),
        ),
        rows=tuple(
            (period_label(start, f.grain), *figures)
            for start, figures in sorted(sums.items())
        ),
        currency=currency,
        chart=("revenue",),
    )


def vendor_ledger(f: Filters, vendor_id: int) -> Table:
    """Per month: what the vendor's charges came to (cancelled charges taken off),
    the platform's commission, the net owed and what was refunded — commission and
    net after refunds."""
    vendor_filters = Filters(
        start=f.start, end=f.end, currency=f.currency, vendor_id=vendor_id
    )
    currency = currency_for(vendor_filters)
    monthly = Filters(start=f.start, end=f.end, grain="month")
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, kind, gross, commission, net in (
        LedgerDay.objects.filter(
            vendor_id=vendor_id, currency=currency, day__gte=f.start, day__lte=f.end
        )
        .values_list("day", "kind")
        .annotate(Sum("gross"), Sum("commission"), Sum("net"))
        .order_by()
    ):
        figures = daily[day]
        if kind == LedgerKind.REFUND:
            figures[3] -= gross or 0
        else:
            figures[0] += gross or 0
        figures[1] += commission or 0
        figures[2] += net or 0
    sums = _by_period(
        monthly, ((day, tuple(figures)) for day, figures in daily.items()), 4
    )
    return Table(
        title=_("Your ledger by month"),
        columns=(
            Column("month", _("Month"), "label"),
            Column("gross", _("Charged, before tax"), "money"),
            Column("commission", _("Commission"), "money"),
            Column("net", _("Owed to you"), "money"),
            Column("refunds", _("Refunded"), "money"),
        ),
        rows=tuple(
            (period_label(start, "month"), *figures)
            for start, figures in sorted(sums.items())
        ),
        currency=currency,
        chart=("net",),
    )


# -- discovery -------------------------------------------------------------------------


def combined_with(listing_id: int, limit: int = 4) -> list[tuple[Listing, int]]:
    """The published listings ordered most often in the same packages as this one,
    with the number of such packages, most first."""
    counts = list(
        ListingPairDay.objects.filter(listing_id=listing_id)
        .values_list("other_id")
        .annotate(packages=Sum("packages"))
        .filter(packages__gt=0)
        .order_by("-packages", "other_id")[: limit * 4 + 8]
    )
    listings = Listing.objects.published().in_bulk([other for other, _n in counts])  # type: ignore[attr-defined]
    found = [
        (listings[other], packages)
        for other, packages in counts
        if other in listings and other != listing_id
    ]
    return found[:limit]


__all__ = [
    "DIMENSIONS",
    "combined_with",
    "currencies",
    "currency_for",
    "funnel",
    "period_label",
    "provisioning",
    "region_label",
    "sale_effect",
    "sales_by",
    "sales_over_time",
    "vendor_ledger",
    "vendor_listings",
    "vendor_over_time",
]
