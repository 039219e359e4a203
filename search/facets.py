"""Human labels of facet values, the same whichever engine counted them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models
from django.utils import translation
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


def _category_names(values: list[str]) -> dict[str, str]:
    return {
        category.slug: str(category.name_i18n)
        for category in Category.objects.filter(slug__in=values).only(
            "slug", "name", "translations"
        )
    }


def _names(model: type[models.Model]) -> Callable[[list[str]], dict[str, str]]:
    def names(values: list[str]) -> dict[str, str]:
        rows = model._default_manager.filter(slug__in=values)
        return dict(rows.values_list("slug", "name"))

    return names


# The facets whose labels are names kept in the catalog.
NAMED: dict[str, Callable[[list[str]], dict[str, str]]] = {
    "category": _category_names,
    "vendor": _names(Organization),
    "protocol": _names(Protocol),
    "certification": _names(Certification),
}
# A process keeps the names it read for this long (a renamed vendor shows its new
# name on facets within a minute), so a search reads none of them most of the time.
NAMES_SECONDS = 60


class HeldNames:
    """The names of facet values a process has read, per facet and language."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[tuple[str, str], tuple[float, dict[str, str]]] = {}

    def labels(self, facet: str, values: list[str]) -> dict[str, str]:
        key = (facet, translation.get_language() or "")
        now = time.monotonic()
        with self._lock:
            read_at, names = self._held.get(key, (now, {}))
            if now - read_at > NAMES_SECONDS:
                read_at, names = now, {}
            missing = [value for value in values if value not in names]
        if missing:
            found = NAMED[facet](missing)
            # Values with no name are remembered too, as themselves.
            fresh = {**names, **{value: found.get(value, value) for value in missing}}
            with self._lock:
                self._held[key] = (read_at, fresh)
            names = fresh
        return {value: names[value] for value in values if names[value] != value}

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


held_names = HeldNames()


def facet_labels(facet: str, values: Iterable[str]) -> dict[str, str]:
    values = list(values)
    if facet in NAMED:
        return held_names.labels(facet, values)
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
        return {value: str(countries.name(value) or value) for value in values}
    if facet == "price":
        return {value: _price_label(value) for value in values}
    if facet == "curated":
        return {"true": _("Curated"), "false": _("Not curated")}
    if facet == "rating":
        return {value: _("%(stars)s★ and up") % {"stars": value} for value in values}
    return {value: value for value in values}
