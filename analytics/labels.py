"""How the statistics name what they count: periods, regions, and the values of
each split, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from accounts.models import BuyerType
from analytics.bands import band_label
from analytics.tables import Grain
from marketplace.models import Category
from vendors.models import Vendor


def period_heading() -> str:
    """The heading of the column naming a day, week or month ("Period" alone
    means a billing period elsewhere)."""
    return pgettext("statistics", "Period")


def period_label(start: date, grain: Grain) -> str:
    """How a period is named in tables, charts and CSV files: a month by its name,
    a day in the language's date format with the month's name ("Dec. 6, 2026",
    "2026年12月6日"), never as numbers alone that read differently from country to
    country, and a week by its Monday."""
    if grain == "month":
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    day = formats.date_format(start, "DATE_FORMAT")
    if grain == "week":
        return _("Week of %(day)s") % {"day": day}
    return day


def region_label(code: str) -> str:
    return str(countries.name(code)) if code else _("Region not given")


def dimension_labels(
    dimension: str, values: Iterable[str], currency: str
) -> dict[str, str]:
    values = list(values)
    if dimension == "buyer_type":
        return {
            value: str(BuyerType(value).label) if value in BuyerType.values else value
            for value in values
        }
    if dimension == "region":
        return {value: region_label(value) for value in values}
    if dimension == "category":
        ids = [int(value) for value in values if value]
        names = {
            str(category.pk): str(category)
            for category in Category.objects.filter(pk__in=ids).select_related("parent")
        }
        return {value: names.get(value, _("Category removed")) for value in values}
    if dimension == "vendor":
        ids = [int(value) for value in values if value]
        names = {
            str(vendor.pk): vendor.organization.name
            for vendor in Vendor.objects.filter(pk__in=ids).select_related(
                "organization"
            )
        }
        return {value: names.get(value, value) for value in values}
    if dimension == "price_band":
        return {value: band_label(int(value), currency) for value in values}
    if dimension == "tier":
        return {
            value: _("Select (curated)") if value == "select" else _("Open store")
            for value in values
        }
    if dimension == "sale":
        return {
            value: _("On sale") if value == "sale" else _("At list price")
            for value in values
        }
    return {value: value for value in values}


DIMENSION_TITLES = {
    "buyer_type": lambda: _("Sales by buyer type"),
    "region": lambda: _("Sales by region"),
    "category": lambda: _("Sales by category"),
    "vendor": lambda: _("Sales by vendor"),
    "price_band": lambda: _("Sales by price range"),
    "tier": lambda: _("Sales in Select and in the open store"),
}
DIMENSION_HEADINGS = {
    "buyer_type": lambda: _("Buyer type"),
    "region": lambda: _("Region"),
    "category": lambda: _("Category"),
    "vendor": lambda: _("Vendor"),
    "price_band": lambda: _("Price range of the line"),
    "tier": lambda: _("Store"),
}
