"""What a document says, frozen when it is issued: the parties, the lines, the
totals, and every label and date already written out in the buyer's language, so
the document reads the same whenever it is rendered, whatever changes later
(translations, settings, the organization's address)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Organization
from marketplace.models import DocumentKind, Order, OrderKind, OrderLine
from marketplace.models.catalog import BillingPeriod, PriceUnit
from marketplace.money import Money, percent_of_basis_points

# The shape of `Document.data`; a later shape gets a new version, and the renderer
# keeps reading the old ones.
DATA_VERSION = 1


def day_text(day: date | datetime | None) -> str:
    """A date as the active language writes it ("June 1, 2025", "2025年6月1日")."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return formats.date_format(day, "DATE_FORMAT")


def money_text(amount: int, currency: str) -> str:
    return str(Money(amount, currency))


def share(part: int, whole: int, amount: int) -> int:
    """`part/whole` of `amount`, rounded half up (as the ledger splits refunds)."""
    return (part * amount * 2 + whole) // (2 * whole) if whole else 0


def seller() -> dict[str, str]:
    return {
        "name": settings.PLATFORM_LEGAL_NAME,
        "address": settings.PLATFORM_ADDRESS,
        "tax_id": settings.PLATFORM_TAX_ID,
        "bank_details": settings.PLATFORM_BANK_DETAILS,
    }


def buyer(organization: Organization) -> dict[str, str]:
    return {
        "name": organization.legal_name or organization.name,
        "address": organization.billing_address,
        "tax_id": organization.tax_id,
    }


def _row(
    description: str,
    detail: str,
    quantity: int,
    unit_price: int | None,
    amount: int,
    currency: str,
    period: str = "",
) -> dict[str, Any]:
    return {
        "description": description,
        "detail": detail,
        "period": period,
        "quantity": quantity,
        "unit_price": unit_price,
        "unit_price_text": ""
        if unit_price is None
        else money_text(unit_price, currency),
        "amount": amount,
        "amount_text": money_text(amount, currency),
    }


def _unit(code: str) -> str:
    return str(PriceUnit(code).label) if code in PriceUnit.values else code


def _billing(code: str) -> str:
    return str(BillingPeriod(code).label) if code in BillingPeriod.values else code


def order_rows(order: Order) -> list[dict[str, Any]]:
    """The order's lines as the document lists them, before tax. A first charge
    shows its units (those at a sale price apart) and its setup fee; a renewal or
    added units show what the line charges for its period."""
    currency = order.currency
    rows = []
    lines = (
        OrderLine.objects.filter(vendor_order__order=order)
        .select_related("quote_line")
        .order_by("vendor_order_id", "pk")
    )
    for line in lines:
        quoted = line.quote_line
        title = f"{quoted.listing_title} — {quoted.plan_name} ({quoted.plan_code})"
        details = [quoted.vendor_name, _billing(quoted.billing), _unit(quoted.unit)]
        if quoted.site:
            details.append(quoted.site)
        detail = " · ".join(part for part in details if part)
        period = ""
        if line.period_start:
            period = f"{day_text(line.period_start)} – {day_text(line.period_end)}"
        if line.kind != OrderKind.INITIAL:
            exact = line.quantity and line.amount % line.quantity == 0
            unit_price = line.amount // line.quantity if exact else None
            label = OrderKind(line.kind).label
            rows.append(
                _row(
                    f"{title} · {label}",
                    detail,
                    line.quantity,
                    unit_price,
                    line.amount,
                    currency,
                    period,
                )
            )
            continue
        at_list = quoted.quantity - quoted.sale_units
        if quoted.sale_units:
            rows.append(
                _row(
                    title,
                    f"{detail} · {_('sale price')}",
                    quoted.sale_units,
                    quoted.sale_unit_price,
                    quoted.sale_unit_price * quoted.sale_units,
                    currency,
                    period,
                )
            )
        if at_list or not quoted.sale_units:
            rows.append(
                _row(
                    title,
                    detail,
                    at_list,
                    quoted.list_unit_price,
                    quoted.list_unit_price * at_list,
                    currency,
                    period,
                )
            )
        if quoted.setup_fee:
            rows.append(
                _row(
                    _("Setup fee: %(title)s") % {"title": quoted.listing_title},
                    quoted.vendor_name,
                    1,
                    quoted.setup_fee,
                    quoted.setup_fee,
                    currency,
                )
            )
    return rows


def labels(kind: str, *, tax_rate: int) -> dict[str, str]:
    """Every label the document prints, in the active language."""
    return {
        "title": str(DocumentKind(kind).label),
        # A context where the same English word means something else elsewhere
        # ("Number" of a document, not a figure; "Seller" not a price "from").
        "number": pgettext("document", "Number"),
        "issued": pgettext("document", "Date of issue"),
        "due": pgettext("document", "Due date"),
        "seller": pgettext("document", "Seller"),
        "buyer": pgettext("document", "Bill to"),
        "tax_id": _("Tax number"),
        "order": _("Order"),
        "purchase_order": _("Purchase order"),
        "description": _("Description"),
        "quantity": _("Quantity"),
        "unit_price": _("Unit price"),
        "amount": _("Amount"),
        "subtotal": _("Subtotal"),
        "tax": _("Tax (%(rate)s %%)") % {"rate": percent_of_basis_points(tax_rate)},
        "total": _("Total"),
        "total_credited": _("Total credited"),
        "payment": _("Payment"),
        "refund": _("Refund"),
        "bank_details": _("Bank details"),
        "payment_reference": _("Payment reference"),
        "credits": pgettext("document", "Credits"),
        "paid": pgettext("document", "Paid on"),
    }


def frame(
    *,
    kind: str,
    number: str,
    order: Order,
    issued_at: datetime,
    rows: list[dict[str, Any]],
    total: int,
    tax: int,
) -> dict[str, Any]:
    """The parts every document has, in the active language."""
    currency = order.currency
    subtotal = total - tax
    return {
        "version": DATA_VERSION,
        "kind": kind,
        "number": number,
        "currency": currency,
        "issued_on": timezone.localtime(issued_at).date().isoformat(),
        "issued_on_text": day_text(issued_at),
        "seller": seller(),
        "buyer": buyer(order.organization),
        "order": order.number,
        "purchase_order": order.purchase_order,
        "lines": rows,
        "subtotal": subtotal,
        "subtotal_text": money_text(subtotal, currency),
        "tax_rate": order.quote.tax_rate,
        "tax": tax,
        "tax_text": money_text(tax, currency),
        "total": total,
        "total_text": money_text(total, currency),
        "labels": labels(kind, tax_rate=order.quote.tax_rate),
        "notes": [],
    }
