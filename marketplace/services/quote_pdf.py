"""A quote as a PDF for a procurement file: who sells to whom, what each phase
costs and until when its prices hold, and the terms the order is placed under."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from config.localtime import format_moment
from marketplace.models import Quote, QuoteLine
from marketplace.money import Money, percent_of_basis_points
from marketplace.services.documents.layout import INK, MUTED, SHADE, AgoraPDF
from marketplace.services.pricing import ChargedPrice, charged_quote_line

COLUMNS = (  # (heading, width in mm, alignment)
    ("solution", 70, "L"),
    ("quantity", 16, "R"),
    ("unit", 34, "R"),
    ("setup", 24, "R"),
    ("price", 30, "R"),
)


@dataclass
class Phase:
    """A phase as the quote prices it (from its QuotePhase row, or the whole quote
    for a quote made before phases were frozen)."""

    number: int
    name: str
    planned_start: date | None
    price_hold_until: datetime
    one_time: int
    recurring_monthly: int
    recurring_annual: int
    tax: int
    first_charge: int
    lines: list[QuoteLine]


def _money(amount: int, currency: str) -> str:
    return str(Money(amount, currency))


def _when(moment) -> str:
    return format_moment(moment)


def _day(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return formats.date_format(moment, "DATE_FORMAT")


def _unit_text(charged: ChargedPrice) -> str:
    """The unit price charged; below it the list price it is reduced from and
    why, and the other units' price when only some are on sale."""
    rows = [_money(charged.unit_price, charged.currency)]
    if charged.reduced:
        rows.append(
            _("list price %(price)s")
            % {"price": _money(charged.list_price, charged.currency)}
        )
        rows.extend(reason.label for reason in charged.reasons)
    if charged.split:
        rest = charged.parts[1]
        rows.append(
            _("%(units)s more at %(price)s")
            % {
                "units": rest.quantity,
                "price": _money(rest.unit_price, charged.currency),
            }
        )
    return "\n".join(rows)


def _total_text(charged: ChargedPrice) -> str:
    """The line's price and the sum it is: "CNY 15.00" over "3 x CNY 5.00"."""
    parts = " + ".join(
        _("%(quantity)s × %(price)s")
        % {
            "quantity": part.quantity,
            "price": _money(part.unit_price, charged.currency),
        }
        for part in charged.parts
    )
    return f"{_money(charged.total, charged.currency)}\n{parts}"


def quote_phases(quote: Quote) -> list[Phase]:
    """The quote's phases with their lines, first phase first."""
    lines = list(quote.lines.all())
    frozen = list(quote.phases.all())
    if not frozen:
        return [
            Phase(
                number=1,
                name=_("All lines"),
                planned_start=None,
                price_hold_until=quote.valid_until,
                one_time=quote.one_time,
                recurring_monthly=quote.recurring_monthly,
                recurring_annual=quote.recurring_annual,
                tax=quote.tax,
                first_charge=quote.first_charge,
                lines=lines,
            )
        ]
    return [
        Phase(
            number=phase.number,
            name=phase.name,
            planned_start=phase.planned_start,
            price_hold_until=phase.price_hold_until,
            one_time=phase.one_time,
            recurring_monthly=phase.recurring_monthly,
            recurring_annual=phase.recurring_annual,
            tax=phase.tax,
            first_charge=phase.first_charge,
            lines=[line for line in lines if line.phase == phase.number],
        )
        for phase in frozen
    ]


class QuotePDF(AgoraPDF):
    def __init__(self, quote: Quote) -> None:
        super().__init__()
        self.quote = quote
        self.set_auto_page_break(auto=True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("text", size=7)
        self.set_text_color(*MUTED)
        self.cell(self.epw - 40, 5, settings.PLATFORM_LEGAL_NAME)
        self.cell(40, 5, f"{self.quote.number} · {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)

    def paragraph(
        self, text: str, size: float = 10, height: float = 6, style: str = ""
    ) -> None:
        self.set_font("text", style, size=size)
        self.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.paragraph(text, size=12, height=7, style=self.bold)

    def caption(self, text: str, width: float = 0) -> None:
        self.set_font("text", size=7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(
            width, 4, text.upper(), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
        )
        self.set_text_color(*INK)

    def amounts(
        self, rows: list[tuple[str, int]], currency: str, *, last_bold: bool = True
    ) -> None:
        x = self.l_margin + self.epw - 110
        for index, (label, amount) in enumerate(rows):
            strong = last_bold and index == len(rows) - 1
            self.set_x(x)
            self.set_font("text", self.bold if strong else "", size=9.5)
            self.cell(75, 5.5, label)
            self.cell(35, 5.5, _money(amount, currency), align="R")
            self.ln()


def _parties(pdf: QuotePDF, quote: Quote) -> None:
    organization = quote.organization
    seller = [settings.PLATFORM_ADDRESS]
    if settings.PLATFORM_TAX_ID:
        seller.append(_("Tax number: %(id)s") % {"id": settings.PLATFORM_TAX_ID})
    buyer = []
    if organization.billing_address:
        buyer.append(organization.billing_address)
    if organization.tax_id:
        buyer.append(_("Tax number: %(id)s") % {"id": organization.tax_id})
    parties = (
        (pgettext("document", "Seller"), settings.PLATFORM_LEGAL_NAME, seller),
        (_("Buyer"), organization.legal_name or organization.name, buyer),
    )
    top = pdf.get_y()
    bottom = top
    width = pdf.epw / 2 - 4
    for index, (caption, name, lines) in enumerate(parties):
        pdf.set_xy(pdf.l_margin + index * (width + 8), top)
        pdf.caption(caption, width)
        pdf.set_font("text", pdf.bold, size=10)
        pdf.multi_cell(width, 5, name, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("text", size=9)
        if lines:
            pdf.multi_cell(
                width,
                4.6,
                "\n".join(lines),
                align="L",
                new_x=XPos.LEFT,
                new_y=YPos.NEXT,
            )
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 2)


def _lines(pdf: QuotePDF, quote: Quote, lines: list[QuoteLine]) -> None:
    headings = {
        "solution": _("Solution"),
        "quantity": _("Quantity"),
        "unit": _("Unit price"),
        "setup": _("Setup fee"),
        "price": _("Price"),
    }
    pdf.set_font("text", size=8)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=[width for _key, width, _align in COLUMNS],
        width=pdf.epw,
        align="LEFT",
        text_align=[align for _key, _width, align in COLUMNS],
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(
            emphasis=pdf.bold or None, size_pt=7.5, color=MUTED, fill_color=SHADE
        ),
        line_height=4.4,
        padding=(1.4, 1.2),
        v_align="TOP",
    ) as table:
        row = table.row()
        for key, _width, _align in COLUMNS:
            row.cell(headings[key])
        for item in lines:
            charged = charged_quote_line(item, quote.currency)
            details = [item.vendor_name, f"{item.plan_name} ({item.plan_code})"]
            if item.site:
                details.append(item.site)
            row = table.row()
            row.cell(f"{item.listing_title}\n" + " · ".join(details))
            row.cell(str(item.quantity))
            row.cell(_unit_text(charged))
            row.cell(_money(item.setup_fee, quote.currency))
            row.cell(_total_text(charged))
    pdf.ln(2)


def _phase(pdf: QuotePDF, quote: Quote, phase: Phase) -> None:
    title = _("Phase %(number)s") % {"number": phase.number}
    if phase.name != title:
        title = _("Phase %(number)s: %(name)s") % {
            "number": phase.number,
            "name": phase.name,
        }
    pdf.heading(title)
    dates = []
    if phase.planned_start:
        dates.append(_("Planned start: %(day)s") % {"day": _day(phase.planned_start)})
    dates.append(
        _("Prices hold until: %(day)s") % {"day": _day(phase.price_hold_until)}
    )
    pdf.set_text_color(*MUTED)
    pdf.paragraph(" · ".join(dates), size=9, height=5)
    pdf.set_text_color(*INK)
    pdf.ln(1)
    _lines(pdf, quote, phase.lines)
    pdf.amounts(
        [
            (_("One-time"), phase.one_time),
            (_("Monthly"), phase.recurring_monthly),
            (_("Annual"), phase.recurring_annual),
            (_("First charge of the phase, tax included"), phase.first_charge),
        ],
        quote.currency,
    )


def _terms(pdf: QuotePDF, quote: Quote) -> None:
    pdf.heading(_("Terms of the order"))
    terms = [
        (
            _("Validity"),
            _(
                "This quote can be ordered until %(until)s. Each phase is ordered "
                "on its own (a call-off) at the prices above until the date its "
                "prices hold; after that, or with other quantities, a new quote "
                "prices it."
            )
            % {"until": _when(quote.valid_until)},
        ),
        (
            _("Payment"),
            _(
                "By card when a phase is ordered, or by invoice, payable by bank "
                "transfer within %(days)s days of the invoice date. Recurring "
                "charges are billed at the start of each billing period the same "
                "way."
            )
            % {"days": settings.INVOICE_PAYMENT_DAYS},
        ),
        (
            _("Cancellation"),
            _(
                "A subscription renews at the end of its term unless auto-renew "
                "is turned off; then it ends at the end of the term."
            ),
        ),
        (
            _("Data return"),
            _(
                "When a subscription ends, its vendor keeps the buyer's data for "
                "%(days)s days and offers its export."
            )
            % {"days": settings.SUBSCRIPTION_DATA_RETENTION_DAYS},
        ),
    ]
    for title, text in terms:
        pdf.paragraph(title, size=9.5, height=5, style=pdf.bold)
        pdf.paragraph(text, size=8.5, height=4.5)
        pdf.ln(1.5)


def _history(pdf: QuotePDF, quote: Quote) -> None:
    """Who asked for the quote and who decided what, with their comments."""
    pdf.heading(_("Approval history"))
    pdf.paragraph(
        _("Status: %(status)s") % {"status": quote.get_status_display()},
        size=9.5,
        height=5,
    )
    for entry in quote.decisions.select_related("by"):
        who = entry.by.email if entry.by else entry.by_name
        pdf.paragraph(
            f"{entry.get_decision_display()} · {who} · {_when(entry.at)}",
            size=9,
            height=5,
            style=pdf.bold,
        )
        if entry.comment:
            pdf.paragraph(entry.comment, size=8.5, height=4.5)
        pdf.ln(1)


def quote_pdf(quote: Quote) -> bytes:
    """The quote in the language active now."""
    pdf = QuotePDF(quote)
    pdf.set_title(_("Quote %(number)s") % {"number": quote.number})
    pdf.set_author(settings.PLATFORM_LEGAL_NAME)
    pdf.set_creator("Agora")
    pdf.add_page()

    pdf.paragraph(
        _("Quote %(number)s") % {"number": quote.number},
        size=18,
        height=10,
        style=pdf.bold,
    )
    pdf.paragraph(f"{quote.organization.name} · {quote.package_name}", size=11)
    pdf.set_text_color(*MUTED)
    pdf.paragraph(
        _("Made %(made)s; valid until %(until)s.")
        % {"made": _when(quote.created_at), "until": _when(quote.valid_until)},
        size=9,
        height=5,
    )
    if quote.requested_by:
        pdf.paragraph(
            _("Requested by %(name)s") % {"name": quote.requested_by.email},
            size=9,
            height=5,
        )
    if quote.approved_by and quote.approved_at:
        pdf.paragraph(
            _("Approved by %(name)s on %(when)s")
            % {"name": quote.approved_by.email, "when": _when(quote.approved_at)},
            size=9,
            height=5,
        )
    pdf.set_text_color(*INK)
    pdf.ln(4)
    _parties(pdf, quote)

    for phase in quote_phases(quote):
        _phase(pdf, quote, phase)

    pdf.heading(_("All phases"))
    rate = percent_of_basis_points(quote.tax_rate)
    pdf.amounts(
        [
            (_("One-time"), quote.one_time),
            (_("Monthly"), quote.recurring_monthly),
            (_("Annual"), quote.recurring_annual),
            (_("First year"), quote.first_year),
            (_("Tax (%(rate)s %%) on the first charge") % {"rate": rate}, quote.tax),
            (_("First charge, tax included"), quote.first_charge),
        ],
        quote.currency,
    )
    pdf.ln(2)
    pdf.set_text_color(*MUTED)
    pdf.paragraph(
        _(
            "Amounts exclude tax unless said otherwise. Prices are those of the moment "
            "the quote was made, sales and volume prices included."
        ),
        size=8,
        height=4,
    )
    pdf.set_text_color(*INK)
    _history(pdf, quote)
    _terms(pdf, quote)
    return bytes(pdf.output())
