"""The demo listings' documents, written from the listing itself: a datasheet
(summary, facts, plans and prices, references) and, for a listing that states
certifications, the vendor's statement of them. Plain A4 pages of text, no
pictures and no tables (fpdf2 lays a table out twice: it tripled the time a
datasheet took), in the listing's own language.

Text Helvetica can set (Windows-1252: every demo listing) is set in it: nothing
is embedded, a datasheet is 2 to 3 KB and takes a few milliseconds. A document
with any other character is set again in Agora's PDF fonts (`documents.layout`:
Chinese and Japanese too), embedded, which costs about half a second a file as
each PDF reads its font files."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFUnicodeEncodingException

from marketplace.models import Certification, Listing, Plan, ReferenceDeployment
from marketplace.money import Money
from marketplace.services.documents.layout import (
    INK,
    MARGIN,
    MUTED,
    RULE,
    WIDTH,
    AgoraPDF,
    break_lines,
)

# Helvetica's encoding in fpdf2 when told so (its default is Latin-1, without
# the dashes and quotes of Windows-1252).
CORE_ENCODING = "windows-1252"
LABEL_WIDTH = 42

# What each certification the demo catalog states covers.
CERTIFICATION_SCOPES = {
    "ISO 27001": "Information security management system",
    "ISO 9001": "Quality management system",
    "ISO 14001": "Environmental management system",
    "MLPS Level 3": "China's Multi-Level Protection Scheme, level 3 "
    "(information systems of public importance)",
    "CCC": "China Compulsory Certificate, for products sold in China",
    "CE": "Conformity with the health, safety and environmental rules of the "
    "European Economic Area",
    "FCC": "Radio-frequency emissions authorised by the US Federal "
    "Communications Commission",
    "IP68": "Dust-tight; protected against continuous immersion in water",
    "IP67": "Dust-tight; protected against temporary immersion in water",
    "IP66": "Dust-tight; protected against powerful water jets",
    "SOC 2 Type II": "Independent audit of security, availability and "
    "confidentiality controls over a period",
    "GB/T 28181": "Chinese national standard for networked video surveillance",
    "PCI DSS": "Payment Card Industry Data Security Standard",
}


class _Footer:
    footer_text = ""

    def footer(self) -> None:
        pdf: FPDF = self  # type: ignore[assignment]
        pdf.set_y(-14)
        pdf.set_font(pdf.font_family, size=7)
        pdf.set_text_color(*MUTED)
        pdf.cell(WIDTH - 20, 5, self.footer_text)
        pdf.cell(20, 5, f"{pdf.page_no()}/{{nb}}", align="R")
        pdf.set_text_color(*INK)


class _CorePDF(_Footer, FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = CORE_ENCODING
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)


class _UnicodePDF(_Footer, AgoraPDF):
    pass


class Sheet:
    """One document's pages, in Helvetica or (`unicode`) in Agora's PDF fonts."""

    def __init__(self, footer: str, *, unicode: bool) -> None:
        self.pdf: _CorePDF | _UnicodePDF
        if unicode:
            self.pdf = _UnicodePDF()
            self.family, self.bold = "text", self.pdf.bold
        else:
            self.pdf = _CorePDF()
            self.family, self.bold = "helvetica", "B"
        self.pdf.footer_text = footer
        self.pdf.set_auto_page_break(auto=True, margin=20)
        self.pdf.set_title(footer)
        self.pdf.add_page()

    def caption(self, text: str) -> None:
        self.text(text.upper(), size=8, height=4.5, muted=True)

    def title(self, text: str) -> None:
        self.text(text, size=18, height=8.5, style=self.bold)

    def heading(self, text: str) -> None:
        self.pdf.ln(4)
        if self.pdf.get_y() > self.pdf.h - 50:
            self.pdf.add_page()
        self.text(text, size=11.5, height=6.5, style=self.bold)
        self.pdf.ln(1)

    def text(
        self,
        text: str,
        *,
        size: float = 10,
        height: float | None = None,
        style: str = "",
        muted: bool = False,
        indent: float = 0,
    ) -> None:
        self.pdf.set_font(self.family, style, size=size)
        if muted:
            self.pdf.set_text_color(*MUTED)
        self.pdf.set_x(MARGIN + indent)
        self._lines(WIDTH - indent, height or size * 0.5, text)
        self.pdf.set_text_color(*INK)

    def _lines(self, width: float, height: float, text: str) -> None:
        """`text` from the current position, broken into lines `width` wide, one
        cell each. fpdf2's multi_cell breaks lines in time that grows with the
        square of their length (9 ms for a paragraph: most of a document's time);
        `break_lines` measures each word once."""
        x = self.pdf.get_x()
        inner = width - 2 * self.pdf.c_margin
        if "\n" not in text and self.pdf.get_string_width(text) <= inner:
            lines = [text]
        else:
            lines = break_lines(text, inner, self.pdf.get_string_width)
        for line in lines:
            self.pdf.set_x(x)
            self.pdf.cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def facts(self, rows: Iterable[tuple[str, str]]) -> None:
        """Label and value rows, each under a rule."""
        for label, value in rows:
            if self.pdf.get_y() > self.pdf.h - 35:
                self.pdf.add_page()
            top = self.pdf.get_y()
            self.pdf.line(MARGIN, top, MARGIN + WIDTH, top)
            self.pdf.set_y(top + 1.2)
            self.pdf.set_font(self.family, size=8.5)
            self.pdf.set_text_color(*MUTED)
            self.pdf.cell(LABEL_WIDTH, 5, label)
            self.pdf.set_text_color(*INK)
            self.pdf.set_font(self.family, size=9.5)
            self._lines(WIDTH - LABEL_WIDTH, 5, value)
            self.pdf.ln(1.2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _render(footer: str, draw: Callable[[Sheet], None]) -> bytes:
    """The document `draw` writes: in Helvetica, or again in Agora's fonts where
    it holds a character Helvetica does not have."""
    try:
        sheet = Sheet(footer, unicode=False)
        draw(sheet)
        return sheet.output()
    except FPDFUnicodeEncodingException:
        sheet = Sheet(footer, unicode=True)
        draw(sheet)
        return sheet.output()


def _names(items: Iterable) -> str:
    return pgettext("between the items of a list", ", ").join(
        str(item) for item in items
    )


def _country(country: object) -> str:
    """A country of a CountryField (a code, as its str) by its name in the
    active language."""
    return str(countries.name(str(country)))


def _footer(listing: Listing) -> str:
    return f"{listing.vendor.organization.name} · {listing.title}"


def _price_line(plan: Plan) -> str:
    """ "CNY 6,520.00 per site · Monthly · setup fee CNY 1,000.00"."""
    parts = [
        f"{Money(plan.unit_price, plan.currency)} {plan.get_unit_display()}",
        str(plan.get_billing_display()),
    ]
    if plan.setup_fee:
        parts.append(
            _("setup fee %(fee)s") % {"fee": Money(plan.setup_fee, plan.currency)}
        )
    return " · ".join(parts)


def _plan_terms(plan: Plan) -> str:
    """Quantities, term, trial and volume prices of a plan, in one line."""
    terms = [_("at least %(count)s") % {"count": plan.min_quantity}]
    if plan.max_quantity:
        terms.append(_("at most %(count)s") % {"count": plan.max_quantity})
    if plan.contract_term_months:
        terms.append(
            _("contract term %(months)s months") % {"months": plan.contract_term_months}
        )
    if plan.trial_days:
        terms.append(_("%(days)s days' trial") % {"days": plan.trial_days})
    for price_break in plan.price_breaks or []:
        terms.append(
            _("from %(count)s: %(price)s each")
            % {
                "count": price_break["min_quantity"],
                "price": Money(price_break["unit_price"], plan.currency),
            }
        )
    return "; ".join(terms)


def _facts(listing: Listing) -> list[tuple[str, str]]:
    facts = [
        (_("Category"), listing.category.name_i18n),
        (_("Deployment"), str(listing.get_deployment_model_display())),
        (_("Regions served"), _names(map(_country, listing.regions)) or "—"),
    ]
    if listing.data_residency:
        facts.append((_("Data residency"), _country(listing.data_residency)))
    if listing.sla_uptime:
        facts.append((_("SLA uptime"), f"{listing.sla_uptime} %"))
    if listing.support_hours:
        facts.append((_("Support hours"), str(listing.get_support_hours_display())))
    protocols = _names(listing.protocols.all())
    if protocols:
        facts.append((_("Protocols"), protocols))
    certifications = _names(listing.certifications.all())
    if certifications:
        facts.append((_("Certifications"), certifications))
    return facts


def datasheet_pdf(listing: Listing) -> bytes:
    """The listing's datasheet, in the listing's language. The listing may be
    one being built, not saved yet."""
    plans = list(listing.plans.all())
    references = list(listing.reference_deployments.all())
    with translation.override(listing.language):
        return _render(
            _footer(listing),
            lambda sheet: _datasheet(sheet, listing, plans, references),
        )


def _datasheet(
    sheet: Sheet,
    listing: Listing,
    plans: list[Plan],
    references: list[ReferenceDeployment],
) -> None:
    sheet.caption(_("Datasheet"))
    sheet.title(listing.title)
    sheet.text(
        _("by %(vendor)s") % {"vendor": listing.vendor.organization.name},
        muted=True,
    )
    sheet.pdf.ln(3)
    sheet.text(listing.summary, size=10.5)
    sheet.heading(_("At a glance"))
    sheet.facts(_facts(listing))
    if plans:
        sheet.heading(_("Plans and prices"))
        for plan in plans:
            sheet.text(plan.name, size=10, style=sheet.bold)
            sheet.text(_price_line(plan), size=9.5, indent=4)
            sheet.text(_plan_terms(plan), size=8.5, muted=True, indent=4)
            sheet.pdf.ln(1.5)
        sheet.text(
            _(
                "List prices before tax. The listing's page shows the price charged "
                "today, with any volume price or sale."
            ),
            size=8.5,
            muted=True,
        )
    if references:
        sheet.heading(_("Reference deployments"))
        sheet.facts(
            (f"{item.city}, {_country(item.country)}", f"{item.year} · {item.scale}")
            for item in references
        )


def certifications_pdf(listing: Listing) -> bytes | None:
    """The vendor's statement of the certifications the listing states; None for
    a listing that states none."""
    certifications = list(listing.certifications.all())
    if not certifications:
        return None
    with translation.override(listing.language):
        return _render(
            _footer(listing),
            lambda sheet: _certifications(sheet, listing, certifications),
        )


def _certifications(
    sheet: Sheet, listing: Listing, certifications: list[Certification]
) -> None:
    vendor = listing.vendor
    sheet.caption(_("Statement of certifications"))
    sheet.title(listing.title)
    sheet.pdf.ln(3)
    sheet.text(
        _(
            "%(vendor)s states that %(listing)s holds the certifications below. "
            "Copies of the certificates, with their numbers and issuing bodies, are "
            "available from the vendor on request."
        )
        % {"vendor": vendor.legal_name, "listing": listing.title}
    )
    sheet.heading(_("Certifications"))
    sheet.facts(
        (certification.name, CERTIFICATION_SCOPES.get(certification.name, "—"))
        for certification in certifications
    )
    sheet.pdf.ln(4)
    sheet.text(
        _("%(vendor)s, registration number %(number)s")
        % {"vendor": vendor.legal_name, "number": vendor.registration_number},
        size=9,
        muted=True,
    )
