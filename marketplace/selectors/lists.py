"""The buyer's lists of quotes and orders: newest first, filtered by status, package
and date, with what QuoteSerializer and OrderSerializer read fetched in a fixed
number of queries, however long the page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.ui import Form
from marketplace.models import (
    Document,
    Order,
    OrderLine,
    OrderStatus,
    Package,
    Quote,
    QuoteDecision,
    QuoteLine,
    QuoteStatus,
    StatusChange,
    VendorOrder,
)


class ListFilterForm(Form):
    """`status`, `package`, `from` and `to` (dates, both included), as a page's GET
    form and the API's query parameters take them."""

    statuses: Sequence[tuple[str, Any]] = ()

    status = forms.ChoiceField(label=_("Status"), required=False)
    package = forms.ModelChoiceField(
        label=_("Package"),
        queryset=Package.objects.none(),
        required=False,
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("No such package in your organization.")},
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("A date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("A date as YYYY-MM-DD.")},
    )

    def __init__(self, data, *, organization) -> None:
        super().__init__(data)
        status_field = cast(forms.ChoiceField, self.fields["status"])
        status_field.choices = [("", _("Any")), *self.statuses]
        status_field.error_messages["invalid_choice"] = _("One of: %(values)s.") % {
            "values": ", ".join(value for value, _label in self.statuses)
        }
        package_field = cast(forms.ModelChoiceField, self.fields["package"])
        package_field.queryset = Package.objects.filter(
            organization=organization
        ).order_by("name", "pk")
        # `from` is a Python keyword: the fields are declared under other names.
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["to"] = self.fields.pop("date_to")

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
        return data

    def filtered(self, items: QuerySet, date_field: str) -> QuerySet:
        """`items` narrowed by every filter that is valid."""
        data = getattr(self, "cleaned_data", {})
        if value := data.get("status"):
            items = items.filter(status=value)
        if package := data.get("package"):
            items = items.filter(**{self.package_lookup: package})
        start: date | None = data.get("from")
        end: date | None = data.get("to")
        if start:
            items = items.filter(**{f"{date_field}__date__gte": start})
        if end:
            items = items.filter(**{f"{date_field}__date__lte": end})
        return items

    package_lookup = "package"


class QuoteFilterForm(ListFilterForm):
    statuses = QuoteStatus.choices
    package_lookup = "package"


class OrderFilterForm(ListFilterForm):
    statuses = OrderStatus.choices
    package_lookup = "quote__package"


def quotes_listed(organization) -> QuerySet[Quote]:
    """The organization's quotes, newest first, with their lines and phases."""
    return (
        Quote.objects.filter(organization=organization)
        .select_related("requested_by", "approved_by", "package")
        .prefetch_related(
            # A line's plan and sale say how its price is reduced.
            Prefetch("lines", QuoteLine.objects.select_related("plan", "promotion")),
            "phases",
            Prefetch("decisions", QuoteDecision.objects.select_related("by")),
        )
        .order_by("-created_at", "-pk")
    )


def orders_detailed() -> QuerySet[Order]:
    """Orders with what OrderSerializer reads, in a fixed number of queries."""
    vendor_orders = VendorOrder.objects.select_related(
        "vendor__organization"
    ).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("quote_line"))
    )
    return Order.objects.select_related("quote").prefetch_related(
        Prefetch("vendor_orders", queryset=vendor_orders),
        "payments",
        Prefetch(
            "documents",
            queryset=Document.objects.defer("data", "pdf").order_by("issued_at", "pk"),
        ),
    )


def orders_listed(organization) -> QuerySet[Order]:
    """The organization's orders, newest first, with what OrderSerializer reads."""
    return (
        orders_detailed()
        .filter(organization=organization)
        .order_by("-placed_at", "-pk")
    )


def orders_history(orders: Sequence[Order]) -> dict[int, list[StatusChange]]:
    """Each order's status changes and its quote's, oldest first (as
    `order_history` gives one order's), in one query for all of them."""
    if not orders:
        return {}
    changes = list(
        StatusChange.objects.filter(
            Q(order__in=[order.pk for order in orders])
            | Q(quote_id__in={order.quote_id for order in orders})
        )
        .select_related("by", "quote", "order", "payment")
        .order_by("at", "pk")
    )
    return {
        order.pk: [
            change
            for change in changes
            if change.order_id == order.pk or change.quote_id == order.quote_id
        ]
        for order in orders
    }
