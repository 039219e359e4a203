"""The statistics pages' filters: a GET form that gives a `Filters`, or says what is
wrong with what was asked (never a 500)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from accounts.models import Organization
from accounts.roles import OrganizationKind
from accounts.ui import DesignSystemFormMixin
from analytics.tables import Filters
from marketplace.models import Category
from marketplace.money import Currency

# The longest period a page is asked for, and the longest a daily chart draws.
MAX_DAYS = 5 * 366
MAX_DAYS_BY_DAY = 366
EARLIEST = date(2000, 1, 1)

PRESETS = (
    ("30d", _("Last 30 days")),
    ("90d", _("Last 3 months")),
    ("12m", _("Last 12 months")),
    ("this_year", _("This year")),
    ("last_year", _("Last year")),
    ("custom", _("The dates below")),
)
GRAINS = (("day", _("Day")), ("week", _("Week")), ("month", _("Month")))


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The first and last day (both included) of a preset period ending today."""
    if preset == "30d":
        return today - timedelta(days=29), today
    if preset == "90d":
        return today - timedelta(days=89), today
    if preset == "this_year":
        return date(today.year, 1, 1), today
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    # The last twelve months: this one and the eleven before it, whole.
    months = today.year * 12 + today.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), today


class DateInput(forms.DateInput):
    # The browser's own date picker; typed ISO dates work everywhere else.
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CategoryChoiceField(forms.ModelChoiceField):
    """A category named with its section first (section, then the kind)."""

    def label_from_instance(self, obj) -> str:
        if obj.parent_id:
            return f"{obj.parent.name_i18n} › {obj.name_i18n}"
        return str(obj.name_i18n)


class FilterForm(forms.Form):
    """Period, grain, and what to narrow the figures to. Empty means the default:
    the last twelve months by month, every region and category, and the currency
    with the most sales."""

    period = forms.ChoiceField(
        label=pgettext_lazy("statistics", "Period"), choices=PRESETS, required=False
    )
    start = forms.DateField(
        label=pgettext_lazy("start date", "From"), required=False, widget=DateInput
    )
    end = forms.DateField(label=_("To (included)"), required=False, widget=DateInput)
    grain = forms.ChoiceField(label=_("Group by"), choices=GRAINS, required=False)
    region = forms.ChoiceField(label=_("Buyer's region"), required=False)
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label=_("All categories"),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[("", _("Most sold")), *Currency.choices],
        required=False,
    )

    def __init__(self, *args, fields: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            codes = (
                Organization.objects.filter(kind=OrganizationKind.BUYER)
                .exclude(region="")
                .values_list("region", flat=True)
                .distinct()
            )
            named = sorted(
                ((code, countries.name(code) or code) for code in set(codes)),
                key=lambda choice: str(choice[1]),
            )
            region = cast(forms.ChoiceField, self.fields["region"])
            region.choices = [("", _("All regions")), *named]
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        preset = data.get("period") or ("custom" if start or end else "12m")
        if preset == "custom":
            if not start or not end:
                raise ValidationError(
                    _("Give both dates of the period, or choose a period above.")
                )
        else:
            start, end = preset_period(preset, timezone.localdate())
        if start < EARLIEST:
            self.add_error("start", _("Statistics start in 2000."))
            return data
        if end < start:
            self.add_error("end", _("The period ends before it starts."))
            return data
        days = (end - start).days + 1
        if days > MAX_DAYS:
            raise ValidationError(_("Choose a period of at most five years."))
        grain = data.get("grain") or "month"
        if grain == "day" and days > MAX_DAYS_BY_DAY:
            self.add_error(
                "grain", _("By day, a period is at most a year: choose week or month.")
            )
            return data
        data["start"], data["end"], data["grain"] = start, end, grain
        return data

    def filters(self, **extra) -> Filters:
        """The valid form as the selectors' `Filters`."""
        data = self.cleaned_data
        category = data.get("category")
        return Filters(
            start=data["start"],
            end=data["end"],
            grain=data["grain"],
            currency=data.get("currency") or "",
            region=data.get("region") or "",
            category_id=category.pk if category else None,
            **extra,
        )


class VendorFilterForm(DesignSystemFormMixin, FilterForm):
    """A vendor's page: its own figures, so no region or category to narrow to;
    no currency either for a member whose role shows no money."""

    def __init__(self, *args, money: bool = True, **kwargs):
        fields = ("period", "start", "end", "grain", *(("currency",) if money else ()))
        super().__init__(*args, fields=fields, **kwargs)


def filter_form(request_get, form_class=FilterForm, **kwargs) -> FilterForm:
    """The form bound to the query string, so that an empty query is the default
    period and still validates."""
    data = request_get.copy()
    # What the page shows when nothing is asked: the select boxes say so.
    if not data.get("period"):
        data["period"] = "custom" if data.get("start") or data.get("end") else "12m"
    if not data.get("grain"):
        data["grain"] = "month"
    return form_class(data, **kwargs)
