"""CSV for a procurement file: a quote's lines and totals, an order's history;
and a vendor's monthly statement (a plain table: one header row, then a row per
entry).

Amounts are exact decimals in major units (never through a float), without
grouping, so a spreadsheet reads them as numbers; times are ISO 8601 with their
offset. Text that a spreadsheet would run as a formula is written as text
(`config.spreadsheets`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.spreadsheets import csv_writer
from marketplace.models import Order, Quote
from marketplace.money import Money
from marketplace.selectors.billing import Statement
from marketplace.selectors.buying import order_history


def csv_response(filename: str, rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv_writer(response).writerows(rows)
    return response


def quote_rows(quote: Quote) -> Iterable[list]:
    def major(amount: int) -> str:
        return Money(amount, quote.currency).decimal

    yield [_("Quote"), quote.number, _("Valid until"), quote.valid_until.isoformat()]
    yield [_("Organization"), quote.organization.name, _("Currency"), quote.currency]
    yield []
    yield [
        _("Phase"),
        _("Site"),
        _("Vendor"),
        _("Solution"),
        _("Plan"),
        _("Billing"),
        _("Quantity"),
        _("Unit price"),
        _("Sale unit price"),
        _("Units at the sale price"),
        _("Setup fee"),
        _("Price"),
    ]
    for line in quote.lines.all():
        yield [
            line.phase,
            line.site,
            line.vendor_name,
            line.listing_title,
            f"{line.plan_name} ({line.plan_code})",
            line.billing,
            line.quantity,
            major(line.list_unit_price),
            major(line.sale_unit_price) if line.sale_units else "",
            line.sale_units,
            major(line.setup_fee),
            major(line.subtotal),
        ]
    yield []
    for label, amount in (
        (_("One-time"), quote.one_time),
        (_("Monthly"), quote.recurring_monthly),
        (_("Annual"), quote.recurring_annual),
        (_("First year"), quote.first_year),
        (_("Tax on the first charge"), quote.tax),
        (_("First charge, tax included"), quote.first_charge),
    ):
        yield [label, major(amount)]


def order_history_rows(order: Order) -> Iterable[list]:
    yield [_("Order"), order.number, _("Quote"), order.quote.number]
    yield []
    yield [_("When"), _("What"), _("From"), _("To"), _("Why"), _("Note"), _("By")]
    for change in order_history(order):
        yield [
            timezone.localtime(change.at).isoformat(),
            change.subject_name,
            change.status_label(change.from_status) if change.from_status else "",
            change.status_label(change.to_status),
            change.get_reason_display(),
            change.note,
            change.by_name,
        ]


def statement_rows(statement: Statement) -> Iterable[list]:
    """A vendor's ledger entries of a month as the statement's page lists them, one
    row each under one header row: a plain table a spreadsheet sorts, filters and
    totals (by the payment status: billed, paid by buyers, still to be paid). The
    month is in the file's name."""
    yield [
        _("Booked"),
        _("Order"),
        _("Buyer"),
        _("Kind"),
        _("Payment status"),
        _("Paid on"),
        _("Due on"),
        _("Currency"),
        _("Gross before tax"),
        _("Commission"),
        _("Net"),
    ]
    for line in statement.lines:
        entry, order = line.entry, line.order
        yield [
            timezone.localtime(entry.booked_at).isoformat(),
            entry.vendor_order.number,
            order.organization.name,
            line.kind_text,
            order.get_status_display(),
            timezone.localdate(order.paid_at).isoformat() if order.paid_at else "",
            order.due_on.isoformat() if order.due_on else "",
            entry.currency,
            Money(entry.gross, entry.currency).decimal,
            Money(entry.commission, entry.currency).decimal,
            Money(entry.net, entry.currency).decimal,
        ]
