"""Human labels of facet values, the same whichever engine counted them."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import Organization
from marketplace.models import Category, Certification, Protocol
from marketplace.models.catalog import BillingPeriod, DeploymentModel
from marketplace.money import Money

from .backends.base import PRICE_RANGES


def _price_label(value: str) -> str:
    for candidate, low, high in PRICE_RANGES:
        if candidate == value:
            currency = settings.DEFAULT_CURRENCY
            if high is None:
                return _("%(low)s and more") % {"low": Money(low, currency)}
            if low == 0:
                return _("Under %(high)s") % {"high": Money(high, currency)}
            return _("%(low)s to %(high)s") % {
                "low": Money(low, currency),
                "high": Money(high, currency),
            }
    return value


def facet_labels(facet: str, values: Iterable[str]) -> dict[str, str]:
    values = list(values)
    if facet == "category":
        return {
            category.slug: str(category.name_i18n)
            for category in Category.objects.filter(slug__in=values).only(
                "slug", "name", "translations"
            )
        }
    if facet == "vendor":
        return dict(
            Organization.objects.filter(slug__in=values).values_list("slug", "name")
        )
    if facet == "protocol":
        return dict(
            Protocol.objects.filter(slug__in=values).values_list("slug", "name")
        )
    if facet == "certification":
        return dict(
            Certification.objects.filter(slug__in=values).values_list("slug", "name")
        )
    # A value chosen in the URL may be none of the known ones: it keeps its name.
    if facet == "deployment":
        return {
            value: str(DeploymentModel(value).label)
            for value in values
            if value in DeploymentModel.values
        }
    if facet == "billing":
        return {
            value: str(BillingPeriod(value).label)
            for value in values
            if value in BillingPeriod.values
        }
    if facet == "region":
        return {value: str(dict(countries).get(value, value)) for value in values}
    if facet == "price":
        return {value: _price_label(value) for value in values}
    if facet == "curated":
        return {"true": _("Curated"), "false": _("Not curated")}
    if facet == "rating":
        return {value: _("%(stars)s★ and up") % {"stars": value} for value in values}
    return {value: value for value in values}
