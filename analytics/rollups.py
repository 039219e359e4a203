"""Recomputing the rollups of a run of days from the raw rows.

`days_recompute(first, last)` deletes every rollup row of those days and inserts
them again from the orders, quotes, packages, subscriptions, ledger entries and view
counters, in one transaction: afterwards the rollups of those days equal a recount,
whatever they held before. `days_touched(since, ledger_after)` names the days whose
raw rows changed since a moment, so the refresh recomputes only those.

Days are calendar days in `settings.TIME_ZONE`: rows are picked by moments between
the bounds of the days, and dated in Python (`timezone.localdate`: order lines,
subscriptions) or by Django's `TruncDate` in the same zone (package lines, quotes,
ledger entries) — the same SQL on PostgreSQL and SQLite. The sales pass is in
`analytics.sales_rollup`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import combinations

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.models import (
    CategoryFunnelDay,
    FunnelDay,
    LedgerDay,
    ListingPairDay,
    ListingSalesDay,
    ListingViewDay,
    OrderDay,
    ProvisioningDay,
    SalesDay,
    SalesMonth,
)
from analytics.sales_rollup import (
    Listings,
    SalesPass,
    package_key,
    sales_collect,
    sales_months_recompute,
)
from marketplace.models import (
    LedgerEntry,
    Order,
    OrderKind,
    OrderLine,
    PackageLine,
    Quote,
    QuoteLine,
    Subscription,
    SubscriptionStatus,
)

ROLLUPS = (
    SalesDay,
    OrderDay,
    ListingSalesDay,
    FunnelDay,
    CategoryFunnelDay,
    ProvisioningDay,
    LedgerDay,
    ListingPairDay,
)
# Sums of the daily rollups per month, recomputed with the days.
MONTHLY = (SalesMonth,)
# Rows written per INSERT, and ids per IN (…) list.
BATCH = 2000
# A subscription that went active counts as provisioned.
WENT_ACTIVE = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.SUSPENDED,
    SubscriptionStatus.CANCELLED,
)


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The moments from the start of `first` to the start of the day after `last`."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    end = timezone.make_aware(
        datetime.combine(last + timedelta(days=1), time.min), zone
    )
    return start, end


def days_recompute(first: date, last: date) -> None:
    """Recompute every rollup of the days from `first` to `last` (inclusive)."""
    start, end = bounds(first, last)
    with transaction.atomic():
        for model in ROLLUPS:
            model.objects.filter(day__gte=first, day__lte=last).delete()
        listings = Listings()
        sales = sales_collect(start, end, listings)
        _insert(SalesDay, sales.sales_rows())
        sales_months_recompute(first, last)
        _insert(OrderDay, sales.order_rows())
        _insert(ListingSalesDay, sales.listing_rows())
        funnel = _funnel_figures(first, last, start, end, sales, listings)
        _insert(FunnelDay, _funnel(funnel, listings))
        _insert(CategoryFunnelDay, _category_funnel(funnel, listings))
        _insert(ProvisioningDay, _provisioning(start, end))
        _insert(LedgerDay, _ledger(start, end))
        _insert(ListingPairDay, _pairs(first, last, sales.packages))


def days_touched(since: datetime, ledger_after: int) -> tuple[set[date], int]:
    """The days whose raw rows changed from `since` on, and the last ledger entry
    seen. A row deleted (a package line removed) is not seen: the day it counted
    in is put right by the next rebuild."""
    days: set[date] = set()
    days.update(
        _local_days(
            Order.objects.filter(paid_at__gte=since).values_list("paid_at", flat=True)
        )
    )
    days.update(
        _local_days(
            PackageLine.objects.filter(created_at__gte=since).values_list(
                "created_at", flat=True
            )
        )
    )
    days.update(
        _local_days(
            Quote.objects.filter(created_at__gte=since).values_list(
                "created_at", flat=True
            )
        )
    )
    days.update(
        _local_days(
            Subscription.objects.filter(updated_at__gte=since).values_list(
                "created_at", flat=True
            )
        )
    )
    days.update(
        ListingViewDay.objects.filter(updated_at__gte=since)
        .values_list("day", flat=True)
        .distinct()
    )
    last_entry = ledger_after
    for pk, booked_at in LedgerEntry.objects.filter(pk__gt=ledger_after).values_list(
        "pk", "booked_at"
    ):
        days.add(timezone.localdate(booked_at))
        last_entry = max(last_entry, pk)
    return days, last_entry


def runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = last = ordered[0]
    for day in ordered[1:]:
        if day == last + timedelta(days=1):
            last = day
            continue
        yield first, last
        first = last = day
    yield first, last


def raw_span() -> tuple[date, date] | None:
    """The first and last day any raw row counts on, or None when there is none."""
    moments = [
        value
        for pair in (
            Order.objects.filter(paid_at__isnull=False).aggregate(
                a=Min("paid_at"), b=Max("paid_at")
            ),
            PackageLine.objects.aggregate(a=Min("created_at"), b=Max("created_at")),
            Quote.objects.aggregate(a=Min("created_at"), b=Max("created_at")),
            Subscription.objects.aggregate(a=Min("created_at"), b=Max("created_at")),
            LedgerEntry.objects.aggregate(a=Min("booked_at"), b=Max("booked_at")),
        )
        for value in pair.values()
        if value is not None
    ]
    days = [timezone.localdate(moment) for moment in moments]
    views = ListingViewDay.objects.aggregate(a=Min("day"), b=Max("day"))
    days += [day for day in views.values() if day is not None]
    return (min(days), max(days)) if days else None


# -- what is computed -------------------------------------------------------------


# Per (day, listing): views, adds, quotes, first orders.
Funnel = dict[tuple[date, int], list[int]]


def _funnel_figures(
    first: date,
    last: date,
    start: datetime,
    end: datetime,
    sales: SalesPass,
    listings: Listings,
) -> Funnel:
    figures: Funnel = defaultdict(lambda: [0, 0, 0, 0])
    for listing, day, views in ListingViewDay.objects.filter(
        day__gte=first, day__lte=last
    ).values_list("listing_id", "day", "views"):
        figures[(day, listing)][0] += views
    for day, listing, adds in (
        PackageLine.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=TruncDate("created_at"))
        .values_list("day", "plan__listing_id")
        .annotate(Count("pk"))
        .order_by()
    ):
        figures[(day, listing)][1] += adds
    for day, listing, quotes in (
        QuoteLine.objects.filter(
            quote__created_at__gte=start,
            quote__created_at__lt=end,
            listing_id__isnull=False,
        )
        .annotate(day=TruncDate("quote__created_at"))
        .values_list("day", "listing_id")
        .annotate(Count("quote_id", distinct=True))
        .order_by()
    ):
        figures[(day, listing)][2] += quotes
    for (day, listing), first_orders in sales.first_orders.items():
        figures[(day, listing)][3] += len(first_orders)
    return figures


def _funnel(figures: Funnel, listings: Listings) -> Iterator[FunnelDay]:
    for (day, listing), (views, adds, quotes, orders) in figures.items():
        if listing not in listings.of:
            continue
        vendor, category = listings.of[listing]
        yield FunnelDay(
            day=day,
            listing_id=listing,
            vendor_id=vendor,
            category_id=category,
            views=views,
            adds=adds,
            quotes=quotes,
            orders=orders,
        )


def _category_funnel(
    figures: Funnel, listings: Listings
) -> Iterator[CategoryFunnelDay]:
    sums: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (day, listing), row in figures.items():
        if listing not in listings.of:
            continue
        bucket = sums[(day, listings.of[listing][1])]
        for index, figure in enumerate(row):
            bucket[index] += figure
    for (day, category), (views, adds, quotes, orders) in sums.items():
        yield CategoryFunnelDay(
            day=day,
            category_id=category,
            views=views,
            adds=adds,
            quotes=quotes,
            orders=orders,
        )


def _provisioning(start: datetime, end: datetime) -> Iterator[ProvisioningDay]:
    figures: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for vendor, status, created_at, activated_at in (
        Subscription.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("vendor_id", "status", "created_at", "activated_at")
        .order_by()
        .iterator(chunk_size=BATCH)
    ):
        row = figures[(timezone.localdate(created_at), vendor)]
        if activated_at is not None and status in WENT_ACTIVE:
            row[0] += 1
            row[2] += max(int((activated_at - created_at).total_seconds()), 0)
        elif status == SubscriptionStatus.FAILED:
            row[1] += 1
    for (day, vendor), (provisioned, failed, seconds) in figures.items():
        if provisioned or failed:
            yield ProvisioningDay(
                day=day,
                vendor_id=vendor,
                provisioned=provisioned,
                failed=failed,
                seconds_to_active=seconds,
            )


def _ledger(start: datetime, end: datetime) -> Iterator[LedgerDay]:
    for day, vendor, currency, kind, gross, commission, net in (
        LedgerEntry.objects.filter(booked_at__gte=start, booked_at__lt=end)
        .annotate(day=TruncDate("booked_at"))
        .values_list("day", "vendor_id", "currency", "kind")
        .annotate(Sum("gross"), Sum("commission"), Sum("net"))
        .order_by()
    ):
        yield LedgerDay(
            day=day,
            vendor_id=vendor,
            currency=currency,
            kind=kind,
            gross=gross or 0,
            commission=commission or 0,
            net=net or 0,
        )


def _pairs(first: date, last: date, packages: set[int]) -> Iterator[ListingPairDay]:
    """Each package counts once for two listings, on the day the later of the two
    was first paid for in it; only days of the run are written."""
    first_paid: dict[int, dict[int, date]] = defaultdict(dict)
    keys = sorted(packages)
    for index in range(0, len(keys), BATCH):
        chunk = keys[index : index + BATCH]
        with_package = [key for key in chunk if key > 0]
        quotes = [-key for key in chunk if key < 0]
        for package_id, quote_id, listing, paid_at in (
            OrderLine.objects.filter(
                kind=OrderKind.INITIAL,
                vendor_order__order__paid_at__isnull=False,
                quote_line__listing_id__isnull=False,
            )
            .filter(
                Q(quote_line__quote__package_id__in=with_package)
                | Q(quote_line__quote_id__in=quotes, quote_line__quote__package=None)
            )
            .values_list(
                "quote_line__quote__package_id",
                "quote_line__quote_id",
                "quote_line__listing_id",
                "vendor_order__order__paid_at",
            )
            .order_by()
        ):
            key = package_key(package_id, quote_id)
            day = timezone.localdate(paid_at)
            known = first_paid[key].get(listing)
            if known is None or day < known:
                first_paid[key][listing] = day
    counts: dict[tuple[date, int, int], int] = defaultdict(int)
    for ordered in first_paid.values():
        for (one, one_day), (other, other_day) in combinations(
            sorted(ordered.items()), 2
        ):
            day = max(one_day, other_day)
            if first <= day <= last:
                counts[(day, one, other)] += 1
                counts[(day, other, one)] += 1
    for (day, listing, other), number in counts.items():
        yield ListingPairDay(
            day=day, listing_id=listing, other_id=other, packages=number
        )


def _insert(model: type[models.Model], rows: Iterable[models.Model]) -> None:
    """Write rollup rows: with COPY on PostgreSQL, in batches of plain INSERTs
    elsewhere. `bulk_create` took 8.7 s to write a month's rows of a 20,000-line
    year (benchmarks/reports.py), almost all of it preparing values field by
    field; COPY takes 1.8 s."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.attname) for field in fields)
    # Read first: the rows may come from queries, which cannot run during a COPY.
    values = [[getattr(row, field.attname) for field in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for index in range(0, len(values), BATCH):
            cursor.executemany(statement, values[index : index + BATCH])


def _local_days(moments: Iterable[datetime | None]) -> set[date]:
    return {timezone.localdate(moment) for moment in moments if moment is not None}
