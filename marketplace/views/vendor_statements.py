"""The vendor portal's statement of a month: entry by entry from the ledger (each
charge raised, refund and cancelled charge), each with whether the buyer has paid
its order, and totals that keep what was billed apart from what the buyers have
paid so far; on the page and as CSV."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Capability
from marketplace import exports
from marketplace.selectors.billing import Statement, vendor_statement
from vendors.views import vendor_required


def _month(value: str) -> date:
    """The month asked for as YYYY-MM; this month otherwise."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _statement(request, vendor, membership) -> Statement:
    if not membership.can(Capability.VENDOR_ORDERS_VIEW):
        raise PermissionDenied(_("Your role does not show orders."))
    return vendor_statement(vendor, _month(request.GET.get("month", "")))


@vendor_required
def vendor_statement_view(request, *, vendor, membership) -> HttpResponse:
    """The statement of a month (`?month=YYYY-MM`, this month by default)."""
    statement = _statement(request, vendor, membership)
    return render(
        request,
        "marketplace/vendor/statement.html",
        {
            "vendor": vendor,
            "statement": statement,
            "this_month": timezone.localdate().replace(day=1),
        },
    )


@vendor_required
def vendor_statement_csv(request, *, vendor, membership) -> HttpResponse:
    """The same entries as a plain CSV, the month in the file's name."""
    statement = _statement(request, vendor, membership)
    return exports.csv_response(
        f"statement-{statement.month:%Y-%m}.csv", exports.statement_rows(statement)
    )
