"""The pass over a run of days' paid order lines that the sales, orders and
listing sales rollups are counted in (and the first orders the funnel and the
pairs of listings need)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from analytics.bands import band_expression
from analytics.models import (
    ListingSalesDay,
    OrderDay,
    SalesDay,
    SalesDimension,
    SalesMonth,
)
from marketplace.models import Category, Endorsement, Listing, OrderKind, OrderLine

# Rows read per round trip.
BATCH = 2000


class Listings:
    """Each listing's vendor and category, loaded once per recompute."""

    def __init__(self) -> None:
        self.of: dict[int, tuple[int, int]] = {
            pk: (vendor_id, category_id)
            for pk, vendor_id, category_id in Listing.objects.values_list(
                "pk", "vendor_id", "category_id"
            )
        }
        self.parent: dict[int, int | None] = dict(
            Category.objects.values_list("pk", "parent_id")
        )


@dataclass
class SalesPass:
    sales: dict[tuple, list[int]] = field(default_factory=lambda: defaultdict(_three))
    listing: dict[tuple, list[int]] = field(default_factory=lambda: defaultdict(_three))
    listing_orders: dict[tuple, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    orders: dict[int, tuple] = field(default_factory=dict)
    # Per order, per (category or _ALL, vendor or _ALL): lines, units, gross.
    order_slices: dict[int, dict[tuple, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(_three))
    )
    # Funnel: distinct first orders per (day, listing).
    first_orders: dict[tuple[date, int], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    # Pairs: the packages whose first orders were paid in the run.
    packages: set[int] = field(default_factory=set)

    def sales_rows(self) -> Iterator[SalesDay]:
        for (
            day,
            currency,
            region,
            category,
            dimension,
            value,
        ), figures in self.sales.items():
            yield SalesDay(
                day=day,
                currency=currency,
                region=region,
                category_id=category,
                dimension=dimension,
                value=value,
                lines=figures[0],
                units=figures[1],
                gross=figures[2],
            )

    def order_rows(self) -> Iterator[OrderDay]:
        counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for order_id, (day, currency, region) in self.orders.items():
            for (category, vendor), figures in self.order_slices[order_id].items():
                sums = counts[(day, currency, region, category, vendor)]
                sums[0] += 1
                sums[1] += figures[0]
                sums[2] += figures[1]
                sums[3] += figures[2]
        for (day, currency, region, category, vendor), sums in counts.items():
            yield OrderDay(
                day=day,
                currency=currency,
                region=region,
                by_category=category != _ALL,
                category_id=None if category in (_ALL, None) else category,
                by_vendor=vendor != _ALL,
                vendor_id=None if vendor == _ALL else vendor,
                orders=sums[0],
                lines=sums[1],
                units=sums[2],
                gross=sums[3],
            )

    def listing_rows(self) -> Iterator[ListingSalesDay]:
        for (day, listing, vendor, category, currency), figures in self.listing.items():
            yield ListingSalesDay(
                day=day,
                listing_id=listing,
                vendor_id=vendor,
                category_id=category,
                currency=currency,
                orders=len(self.listing_orders[(day, listing, currency)]),
                lines=figures[0],
                units=figures[1],
                gross=figures[2],
            )


# Stands for "all categories" / "all vendors" in an order's slices.
_ALL = "all"


def _three() -> list[int]:
    return [0, 0, 0]


def sales_collect(start: datetime, end: datetime, listings: Listings) -> SalesPass:
    """Every paid order line of the run, into the sales, orders and listing sales
    rollups (and the first orders the funnel and the pairs need)."""
    endorsed = Endorsement.objects.filter(
        listing_id=OuterRef("quote_line__listing_id"),
        endorsed_at__lte=OuterRef("vendor_order__order__placed_at"),
        expires_at__gt=OuterRef("vendor_order__order__placed_at"),
    ).filter(
        Q(revoked_at__isnull=True)
        | Q(revoked_at__gt=OuterRef("vendor_order__order__placed_at"))
    )
    lines = (
        OrderLine.objects.filter(
            vendor_order__order__paid_at__gte=start,
            vendor_order__order__paid_at__lt=end,
        )
        .annotate(
            band=band_expression("amount", "vendor_order__order__currency"),
            curated=Exists(endorsed),
        )
        .values_list(
            "vendor_order__order_id",
            "vendor_order__order__paid_at",
            "vendor_order__order__currency",
            "vendor_order__order__organization__region",
            "vendor_order__order__organization__buyer_type",
            "vendor_order__vendor_id",
            "quote_line__listing_id",
            "quote_line__quote__package_id",
            "quote_line__quote_id",
            "quote_line__sale_units",
            "kind",
            "quantity",
            "amount",
            "band",
            "curated",
        )
        .order_by()
    )
    result = SalesPass()
    for (
        order_id,
        paid_at,
        currency,
        region,
        buyer_type,
        vendor,
        listing,
        package_id,
        quote_id,
        sale_units,
        kind,
        quantity,
        amount,
        band,
        curated,
    ) in lines.iterator(chunk_size=BATCH):
        day = timezone.localdate(paid_at)
        region = str(region or "")
        category = listings.of[listing][1] if listing in listings.of else None
        on_sale = kind == OrderKind.INITIAL and sale_units > 0
        base = (day, currency, region, category)
        for dimension, value in (
            (SalesDimension.TOTAL, ""),
            (SalesDimension.BUYER_TYPE, buyer_type or ""),
            (SalesDimension.VENDOR, str(vendor)),
            (SalesDimension.PRICE_BAND, str(band)),
            (SalesDimension.TIER, "select" if curated else "open"),
            (SalesDimension.SALE, "sale" if on_sale else "list"),
        ):
            figures = result.sales[(*base, str(dimension), value)]
            figures[0] += 1
            figures[1] += quantity
            figures[2] += amount
        result.orders[order_id] = (day, currency, region)
        categories: set[int | str | None] = {_ALL, category}
        if category is not None and listings.parent.get(category):
            categories.add(listings.parent[category])
        slices = result.order_slices[order_id]
        for each in categories:
            for who in (_ALL, vendor):
                figures = slices[(each, who)]
                figures[0] += 1
                figures[1] += quantity
                figures[2] += amount
        if listing is not None:
            key = (day, listing, vendor, category, currency)
            figures = result.listing[key]
            figures[0] += 1
            figures[1] += quantity
            figures[2] += amount
            result.listing_orders[(day, listing, currency)].add(order_id)
            if kind == OrderKind.INITIAL:
                result.first_orders[(day, listing)].add(order_id)
                result.packages.add(package_key(package_id, quote_id))
    return result


def package_key(package_id: int | None, quote_id: int) -> int:
    """A package, or the quote standing for it when the package was deleted
    (negative, so the two never meet)."""
    return package_id if package_id is not None else -quote_id


def sales_months_recompute(first: date, last: date) -> None:
    """Sum again into `SalesMonth` every month that has a day from `first` to
    `last`, from its days' `SalesDay` rows (recomputed first)."""
    month = first.replace(day=1)
    quote = connection.ops.quote_name
    columns = ("currency", "region", "category_id", "dimension", "value")
    statement = (
        f"INSERT INTO {quote(SalesMonth._meta.db_table)} "  # noqa: S608
        f"(day, {', '.join(map(quote, columns))}, lines, units, gross) "
        f"SELECT %s, {', '.join(map(quote, columns))}, "
        "SUM(lines), SUM(units), SUM(gross) "
        f"FROM {quote(SalesDay._meta.db_table)} WHERE day >= %s AND day < %s "
        f"GROUP BY {', '.join(map(quote, columns))}"
    )
    while month <= last:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        SalesMonth.objects.filter(day=month).delete()
        with connection.cursor() as cursor:
            cursor.execute(statement, [month, month, following])
        month = following
