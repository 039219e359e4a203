"""A vendor's own reports: its listings, its sales over time and its ledger. Each
reads only the vendor's rows (the rollups' indexes on `vendor_id`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext as _

from analytics.labels import period_heading, period_label
from analytics.models import FunnelDay, LedgerDay, ListingSalesDay
from analytics.selectors.common import by_period, percent
from analytics.selectors.currencies import currency_for
from analytics.selectors.sales import orders_daily
from analytics.tables import Column, Filters, Table
from marketplace.models import LedgerKind, Listing


def vendor_listings(f: Filters, vendor_id: int) -> Table:
    """Per listing of the vendor: views, adds to packages, quotes, first orders,
    revenue and conversion in the period."""
    currency = currency_for(_of_vendor(f, vendor_id))
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
                percent(orders, views),
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
    vendor_filters = _of_vendor(f, vendor_id)
    currency = currency_for(vendor_filters)
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, views in (
        FunnelDay.objects.filter(vendor_id=vendor_id, day__gte=f.start, day__lte=f.end)
        .values_list("day")
        .annotate(Sum("views"))
        .order_by()
    ):
        daily[day][0] = views or 0
    for day, orders, _lines, _units, _gross in orders_daily(vendor_filters, currency):
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
    sums = by_period(f, ((day, tuple(figures)) for day, figures in daily.items()), 3)
    return Table(
        title=_("Your listings over time"),
        columns=(
            Column("period", period_heading(), "label"),
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
    sums = by_period(
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


def _of_vendor(f: Filters, vendor_id: int) -> Filters:
    return Filters(
        start=f.start,
        end=f.end,
        grain=f.grain,
        currency=f.currency,
        vendor_id=vendor_id,
    )
