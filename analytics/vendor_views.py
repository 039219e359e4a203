"""A vendor's statistics in the portal (/vendor/statistics/): per listing views,
additions to packages, quotes, orders, revenue and conversion; the same over time;
what the ledger owes them by month; and their reviews. Only the vendor's own
figures: the vendor is the one the member acts for (`vendor_required`), and every
selector is asked for that vendor alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Capability
from analytics import selectors
from analytics.cells import csv_response
from analytics.charts import Shape, report
from analytics.forms import VendorFilterForm, filter_form
from analytics.tables import Column, Filters, Table
from marketplace.models import Listing
from vendors.views import vendor_required

STARS = ("1", "2", "3", "4", "5")


def review_summary(filters: Filters, vendor_id: int) -> Table:
    """Each of the vendor's listings with its rating from visible reviews: the
    average, how many, and how many gave each number of stars. Ratings are kept
    on the listing as reviews change, so the period does not narrow them."""
    listings = Listing.objects.filter(vendor_id=vendor_id).order_by("title")
    rows = []
    for listing in listings.only(
        "title", "rating", "rating_count", "rating_distribution"
    ):
        distribution = listing.rating_distribution or {}
        average = (
            Decimal(listing.rating).quantize(Decimal("0.1"))
            if listing.rating is not None and listing.rating_count
            else None
        )
        rows.append(
            (
                listing.title,
                average,
                listing.rating_count,
                *(int(distribution.get(stars, 0)) for stars in STARS),
            )
        )
    return Table(
        title=_("Reviews of your listings"),
        columns=(
            Column("listing", _("Listing"), "label"),
            # An average of 1 to 5 stars, shown as it is ("4.3").
            Column("average", _("Average stars"), "label"),
            Column("reviews", _("Reviews"), "count"),
            *(
                Column(f"stars_{stars}", _("%(stars)s★") % {"stars": stars}, "count")
                for stars in STARS
            ),
        ),
        rows=tuple(rows),
        chart=("average",),
    )


def without_money(table: Table) -> Table:
    """The table less its money columns, for members whose role shows no money."""
    keep = [i for i, column in enumerate(table.columns) if column.kind != "money"]
    columns = tuple(table.columns[i] for i in keep)
    chart = tuple(
        key for key in table.chart if table.columns[table.column(key)].kind != "money"
    )
    return replace(
        table,
        columns=columns,
        rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
        # A chart of money drawn instead from the first count left.
        chart=chart or tuple(c.key for c in columns if c.kind == "count")[:1],
    )


# key → (how it is read, how it is drawn, whether it is about money only)
REPORTS: dict[str, tuple[Callable[[Filters, int], Table], Shape, bool]] = {
    "listings": (selectors.vendor_listings, "bars", False),
    "over-time": (selectors.vendor_over_time, "columns", False),
    "ledger": (selectors.vendor_ledger, "columns", True),
    "reviews": (review_summary, "bars", False),
}


def _tables(filters: Filters, vendor_id: int, sees_money: bool):
    for key, (read, shape, money_only) in REPORTS.items():
        if money_only and not sees_money:
            continue
        table = read(filters, vendor_id)
        yield key, (table if sees_money else without_money(table)), shape


@vendor_required
def vendor_statistics(request, *, vendor, membership) -> HttpResponse:
    sees_money = membership.can(Capability.VENDOR_ORDERS_VIEW)
    form = filter_form(request.GET, VendorFilterForm, money=sees_money)
    reports = []
    if form.is_valid():
        filters = form.filters(vendor_id=vendor.pk)
        query = request.GET.urlencode()
        for key, table, shape in _tables(filters, vendor.pk, sees_money):
            url = reverse("analytics:vendor_statistics_csv", args=[key])
            reports.append(
                report(
                    key, table, shape, f"{url}?{query}" if query else url, filters.grain
                )
            )
    return render(
        request,
        "analytics/vendor/statistics.html",
        {
            "vendor": vendor,
            "form": form,
            "reports": reports,
            "sees_money": sees_money,
        },
        status=200 if form.is_valid() else 400,
    )


@vendor_required
def vendor_statistics_csv(request, key: str, *, vendor, membership) -> HttpResponse:
    if key not in REPORTS:
        raise Http404
    read, _shape, money_only = REPORTS[key]
    sees_money = membership.can(Capability.VENDOR_ORDERS_VIEW)
    if money_only and not sees_money:
        raise PermissionDenied(_("Your role does not show orders."))
    form = filter_form(request.GET, VendorFilterForm, money=sees_money)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(
                str(message) for errors in form.errors.values() for message in errors
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    filters = form.filters(vendor_id=vendor.pk)
    table = read(filters, vendor.pk)
    return csv_response(
        table if sees_money else without_money(table),
        f"agora-{key}-{filters.start}-{filters.end}",
    )
