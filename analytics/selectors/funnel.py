"""How listings turn into orders, per category, and how provisioning goes, per
vendor."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from analytics.labels import dimension_labels
from analytics.models import CategoryFunnelDay, FunnelDay, ProvisioningDay
from analytics.selectors.common import category_ids, percent
from analytics.tables import Column, Filters, Table


def funnel(f: Filters) -> Table:
    """Per category: listing views, lines adding a listing to a package, quotes,
    first orders, and the share of views that ended in an order."""
    # The whole catalog's from the sums per category; a vendor's from its own
    # listings' rows.
    rows: QuerySet[CategoryFunnelDay] | QuerySet[FunnelDay]
    if f.vendor_id is None:
        rows = CategoryFunnelDay.objects.filter(day__gte=f.start, day__lte=f.end)
    else:
        rows = FunnelDay.objects.filter(
            vendor_id=f.vendor_id, day__gte=f.start, day__lte=f.end
        )
    categories = category_ids(f.category_id)
    if categories is not None:
        rows = rows.filter(category_id__in=categories)
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
                percent(orders or 0, views or 0),
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
                percent(provisioned, provisioned + failed),
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
