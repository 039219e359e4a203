"""What the statistics are read from: daily counters of listing views, and rollups —
sums per day of the raw rows (orders, quotes, packages, subscriptions, the ledger),
kept current by `analytics.rollups` so that no page scans the orders.

Every rollup row can be recomputed from the raw rows at any time: a day's rows are
deleted and inserted again in one transaction (`analytics.rollups`). Nothing here
names a person or a buyer organization: views are bare counts per listing and day,
sales are split by the buyer's kind and region only.

Money is in minor units of the row's currency. A day is a calendar day in
`settings.TIME_ZONE`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingViewDay(models.Model):
    """How many times a listing's page was seen on a day, bots left out. Counted in
    Redis as it happens and added here by the rollup task (`views_add`)."""

    listing = models.ForeignKey(
        "marketplace.Listing", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    views = models.PositiveBigIntegerField(default=0)
    # When counts were last added: the rollup refresh recomputes that day.
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("listing views per day")
        verbose_name_plural = _("listing views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "day"], name="analytics_listing_view_day_once"
            )
        ]
        indexes = [
            models.Index(fields=["updated_at"], name="analytics_views_touched"),
            # The rollups of a run of days read that run's counters.
            models.Index(fields=["day"], name="analytics_views_day"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.day}: {self.views}"


class SalesDimension(models.TextChoices):
    """What a row of `SalesDay` splits the sales by (`SalesDay.value` says which
    one of its values)."""

    TOTAL = "total", _("All sales")
    BUYER_TYPE = "buyer_type", _("Buyer type")
    VENDOR = "vendor", _("Vendor")
    PRICE_BAND = "price_band", _("Price range")
    TIER = "tier", _("Store")
    SALE = "sale", _("Price")


class _SalesSlice(models.Model):
    """Paid order lines of a period, per currency, buyer region and category, in one
    value of one dimension."""

    day = models.DateField()
    currency = models.CharField(max_length=3)
    # The buyer organization's country or region ("" when it gave none).
    region = models.CharField(max_length=2, blank=True)
    # Null when the listing is gone.
    category_id = models.IntegerField(null=True)
    dimension = models.CharField(max_length=16, choices=SalesDimension.choices)
    value = models.CharField(max_length=32, blank=True)
    lines = models.PositiveIntegerField(default=0)
    units = models.PositiveBigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SalesDay(_SalesSlice):
    """Paid order lines of a day, per currency, buyer region and category, split by
    one dimension at a time: each paid line is counted once in the rows of each
    dimension (a cube cut into slices, so that a report reads one narrow slice).

    The line counts on the day its order was paid. Values: `total` has "";
    `buyer_type` "municipal"/"enterprise"; `vendor` the vendor's id; `price_band`
    the band's number (see `analytics.bands`); `tier` "select"/"open" (the listing
    was endorsed when the order was placed, or not); `sale` "sale"/"list" (the line
    was priced with a sale, or at list price)."""

    class Meta:
        verbose_name = _("sales per day")
        verbose_name_plural = _("sales per day")
        indexes = [
            # Every report reads one dimension in one currency over a period.
            models.Index(
                fields=["dimension", "currency", "day"], name="analytics_sales_slice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.currency} {self.dimension}={self.value}"


class SalesMonth(_SalesSlice):
    """`SalesDay` summed per calendar month (`day` is the month's first day): a
    split by vendor holds about a row per paid line a day, so a report over whole
    months reads these and only the days at its edges from `SalesDay`."""

    class Meta:
        verbose_name = _("sales per month")
        verbose_name_plural = _("sales per month")
        indexes = [
            models.Index(
                fields=["dimension", "currency", "day"],
                name="analytics_sales_month_slice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m} {self.currency} {self.dimension}={self.value}"


class OrderDay(models.Model):
    """Paid orders of a day, per currency and buyer region, with their lines, units
    and gross. An order is one order however many lines it has, so distinct orders
    are not a sum over categories or vendors: each order is counted once in each
    slice — all of it (`by_category` and `by_vendor` false), in each category it
    has lines in (a section too), for each vendor it has lines of, and each
    category and vendor together — with the lines, units and gross of that slice.
    A report reads the one slice its filters name."""

    day = models.DateField()
    currency = models.CharField(max_length=3)
    region = models.CharField(max_length=2, blank=True)
    by_category = models.BooleanField(default=False)
    category_id = models.IntegerField(null=True)
    by_vendor = models.BooleanField(default=False)
    vendor_id = models.IntegerField(null=True)
    orders = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    units = models.PositiveBigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("orders per day")
        verbose_name_plural = _("orders per day")
        indexes = [
            models.Index(
                fields=["by_category", "by_vendor", "currency", "day"],
                name="analytics_orders_slice",
            ),
            # A vendor's pages read its own slice.
            models.Index(
                fields=["vendor_id", "currency", "day"],
                condition=models.Q(by_vendor=True),
                name="analytics_orders_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.currency}: {self.orders}"


class ListingSalesDay(models.Model):
    """Paid order lines of a day per listing and currency, and the distinct orders
    they belong to: what a vendor's listings earn."""

    day = models.DateField()
    listing_id = models.IntegerField()
    vendor_id = models.IntegerField()
    category_id = models.IntegerField(null=True)
    currency = models.CharField(max_length=3)
    orders = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    units = models.PositiveBigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("listing sales per day")
        verbose_name_plural = _("listing sales per day")
        indexes = [
            models.Index(
                fields=["vendor_id", "currency", "day"],
                name="analytics_listing_sales_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.listing_id} {self.currency}: {self.gross}"


class FunnelDay(models.Model):
    """A listing's way to an order on a day: views of its page, lines adding it to a
    package, quotes with it, and first orders of it paid."""

    day = models.DateField()
    listing_id = models.IntegerField()
    vendor_id = models.IntegerField()
    category_id = models.IntegerField()
    views = models.PositiveBigIntegerField(default=0)
    adds = models.PositiveIntegerField(default=0)
    quotes = models.PositiveIntegerField(default=0)
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("funnel per day")
        verbose_name_plural = _("funnel per day")
        indexes = [
            models.Index(fields=["day", "category_id"], name="analytics_funnel_day"),
            # A vendor's pages read its listings' rows from the index alone.
            models.Index(
                fields=["vendor_id", "day"],
                include=["listing_id", "views", "adds", "quotes", "orders"],
                name="analytics_funnel_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.listing_id}"


class CategoryFunnelDay(models.Model):
    """`FunnelDay` summed per kind of solution (the listing's category): what the
    funnel report reads, so that it never sums every listing of the catalog."""

    day = models.DateField()
    category_id = models.IntegerField()
    views = models.PositiveBigIntegerField(default=0)
    adds = models.PositiveIntegerField(default=0)
    quotes = models.PositiveIntegerField(default=0)
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("funnel per category and day")
        verbose_name_plural = _("funnel per category and day")
        indexes = [
            models.Index(
                fields=["day", "category_id"], name="analytics_category_funnel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category_id}"


class ProvisioningDay(models.Model):
    """Subscriptions a vendor was asked to provision on a day (the day the
    subscription was created), by how it went: active (and how long that took in
    all), or failed."""

    day = models.DateField()
    vendor_id = models.IntegerField()
    provisioned = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    seconds_to_active = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("provisioning per day")
        verbose_name_plural = _("provisioning per day")
        indexes = [
            models.Index(fields=["day", "vendor_id"], name="analytics_provisioning_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.vendor_id}"


class LedgerDay(models.Model):
    """A vendor's ledger entries booked on a day, per currency and kind (charge,
    refund, cancellation): gross before tax, commission and net, signed as the
    entries are."""

    day = models.DateField()
    vendor_id = models.IntegerField()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=16)
    gross = models.BigIntegerField(default=0)
    commission = models.BigIntegerField(default=0)
    net = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ledger per day")
        verbose_name_plural = _("ledger per day")
        indexes = [
            models.Index(
                fields=["vendor_id", "currency", "day"], name="analytics_ledger_vendor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.vendor_id} {self.kind}"


class ListingPairDay(models.Model):
    """Two listings first ordered together in one package on a day: the packages in
    which both were ordered count once, on the day the second of the two was first
    paid for. Kept in both directions (`listing` → `other` and back), so "often
    combined with" reads one listing's rows. Never names the package or buyer."""

    day = models.DateField()
    listing_id = models.IntegerField()
    other_id = models.IntegerField()
    packages = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("listings ordered together per day")
        verbose_name_plural = _("listings ordered together per day")
        indexes = [
            models.Index(fields=["listing_id", "other_id"], name="analytics_pairs"),
            models.Index(fields=["day"], name="analytics_pairs_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.listing_id}+{self.other_id}: {self.packages}"


class RollupState(models.Model):
    """Where the rollups stand: one row. The refresh recomputes the days of what
    changed since `refreshed_at` (less a margin for transactions still open then)
    and of ledger entries after `ledger_entry_id`; it holds this row's lock while it
    runs, so two runs never interleave."""

    refreshed_at = models.DateTimeField(null=True)
    ledger_entry_id = models.BigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("state of the statistics")

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at}"
