"""A quote as a PDF for a procurement file: who, what, how much, until when."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from marketplace.models import Quote
from marketplace.money import Money, percent_of_basis_points

COLUMNS = (  # (heading, width in mm, alignment)
    ("phase", 12, "C"),
    ("solution", 70, "L"),
    ("quantity", 18, "R"),
    ("unit", 28, "R"),
    ("setup", 24, "R"),
    ("price", 28, "R"),
)


def _money(amount: int, currency: str) -> str:
    return str(Money(amount, currency))


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def quote_pdf(quote: Quote) -> bytes:
    """The quote in the language active now."""
    pdf = FPDF(format="A4")
    pdf.set_title(_("Quote %(number)s") % {"number": quote.number})
    pdf.set_creator("Agora")
    pdf.add_font("text", fname=settings.PDF_FONT)
    pdf.add_font("cjk", fname=settings.PDF_FALLBACK_FONT)
    pdf.set_fallback_fonts(["cjk"])
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def line(text: str, size: int = 10, height: float = 6) -> None:
        pdf.set_font("text", size=size)
        pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(_("Quote %(number)s") % {"number": quote.number}, size=16, height=9)
    line(f"{quote.organization.name} · {quote.package_name}")
    line(
        _("Made %(made)s; valid until %(until)s.")
        % {"made": _when(quote.created_at), "until": _when(quote.valid_until)}
    )
    if quote.requested_by:
        line(_("Requested by %(name)s") % {"name": quote.requested_by.email})
    if quote.approved_by and quote.approved_at:
        line(
            _("Approved by %(name)s on %(when)s")
            % {"name": quote.approved_by.email, "when": _when(quote.approved_at)}
        )
    pdf.ln(4)

    headings = {
        "phase": _("Phase"),
        "solution": _("Solution"),
        "quantity": _("Quantity"),
        "unit": _("Unit price"),
        "setup": _("Setup fee"),
        "price": _("Price"),
    }
    pdf.set_font("text", size=8)
    for key, width, align in COLUMNS:
        pdf.cell(width, 7, headings[key], border="B", align=align)
    pdf.ln()
    for item in quote.lines.all():
        unit = _money(item.list_unit_price, quote.currency)
        if item.sale_units:
            unit = _("%(price)s (%(units)d on sale at %(sale)s)") % {
                "price": unit,
                "units": item.sale_units,
                "sale": _money(item.sale_unit_price, quote.currency),
            }
        details = [item.vendor_name, f"{item.plan_name} ({item.plan_code})"]
        if item.site:
            details.append(item.site)
        values = {
            "phase": str(item.phase),
            "solution": f"{item.listing_title}\n" + " · ".join(details),
            "quantity": str(item.quantity),
            "unit": unit,
            "setup": _money(item.setup_fee, quote.currency),
            "price": _money(item.subtotal, quote.currency),
        }
        with pdf.table(
            col_widths=[width for _key, width, _align in COLUMNS],
            text_align=[align for _key, _width, align in COLUMNS],
            first_row_as_headings=False,
            borders_layout="NONE",
            line_height=5,
        ) as table:
            row = table.row()
            for key, _width, _align in COLUMNS:
                row.cell(values[key])
    pdf.ln(4)
    rate = percent_of_basis_points(quote.tax_rate)
    for label, amount in (
        (_("One-time"), quote.one_time),
        (_("Monthly"), quote.recurring_monthly),
        (_("Annual"), quote.recurring_annual),
        (_("First year"), quote.first_year),
        (_("Tax (%(rate)s %%) on the first charge") % {"rate": rate}, quote.tax),
        (_("First charge, tax included"), quote.first_charge),
    ):
        pdf.set_font("text", size=10)
        pdf.cell(130, 6, label)
        pdf.cell(50, 6, _money(amount, quote.currency), align="R")
        pdf.ln()
    pdf.ln(4)
    line(
        _(
            "Amounts exclude tax unless said otherwise. Prices are those of the moment "
            "the quote was made, sales and volume prices included."
        ),
        size=8,
        height=4,
    )
    return bytes(pdf.output())
