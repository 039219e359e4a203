"""The buyer's lists of quotes and orders: newest first, filtered by status,
package and date with a plain GET form, paged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from marketplace.selectors.lists import (
    ListFilterForm,
    OrderFilterForm,
    QuoteFilterForm,
    orders_listed,
    quotes_listed,
)
from marketplace.views.buying import buyer_required

PAGE_SIZE = 25


def _page(request, form: ListFilterForm, items, date_field: str):
    """The requested page of `items`, narrowed by the filters that are valid (a bad
    one is shown on the form)."""
    form.is_valid()
    items = form.filtered(items, date_field)
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@buyer_required
def quote_list(request, *, membership) -> HttpResponse:
    form = QuoteFilterForm(request.GET or None, organization=membership.organization)
    page = _page(request, form, quotes_listed(membership.organization), "created_at")
    return render(
        request,
        "marketplace/buying/quote_list.html",
        {"form": form, "page_obj": page},
        status=400 if form.errors else 200,
    )


@buyer_required
def order_list(request, *, membership) -> HttpResponse:
    form = OrderFilterForm(request.GET or None, organization=membership.organization)
    page = _page(request, form, orders_listed(membership.organization), "placed_at")
    return render(
        request,
        "marketplace/buying/order_list.html",
        {"form": form, "page_obj": page},
        status=400 if form.errors else 200,
    )
