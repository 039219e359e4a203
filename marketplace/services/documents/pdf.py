"""An issued document as a PDF: rendered once, from what was frozen when it was
issued, and kept with its SHA-256, so every download is the same file."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import translation
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from marketplace.models import Document, DocumentKind
from marketplace.services.documents.layout import (
    INK,
    MARGIN,
    MUTED,
    SHADE,
    WIDTH,
    AgoraPDF,
)

# Description, quantity, unit price, amount (mm).
COLUMNS = (92, 20, 31, 31)


class DocumentPDF(AgoraPDF):
    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.data = data
        self.set_auto_page_break(auto=True, margin=22)

    def footer(self) -> None:
        seller = self.data["seller"]
        labels = self.data["labels"]
        self.set_y(-15)
        self.set_font("text", size=7)
        self.set_text_color(*MUTED)
        parts = [seller["name"], seller["address"]]
        if seller["tax_id"]:
            parts.append(f"{labels['tax_id']} {seller['tax_id']}")
        self.cell(WIDTH - 30, 5, " · ".join(parts))
        self.cell(30, 5, f"{self.data['number']} · {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)

    def text_block(
        self, text: str, *, size: float = 9, height: float = 4.6, w: float = 0
    ) -> None:
        self.set_font("text", size=size)
        self.multi_cell(w, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def caption(self, text: str, *, w: float = 0) -> None:
        self.set_font("text", size=7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(
            w, 4, text.upper(), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*INK)


def _header(pdf: DocumentPDF, data: dict[str, Any]) -> None:
    labels = data["labels"]
    top = pdf.get_y()
    pdf.set_font("text", pdf.bold, size=13)
    pdf.multi_cell(
        95, 6, data["seller"]["name"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_text_color(*MUTED)
    pdf.text_block(data["seller"]["address"], size=8.5, height=4.2, w=95)
    pdf.set_text_color(*INK)
    left_bottom = pdf.get_y()

    facts = [(labels["number"], data["number"])]
    facts.append((labels["issued"], data["issued_on_text"]))
    if data.get("due_on_text"):
        facts.append((labels["due"], data["due_on_text"]))
    if data.get("paid_on_text"):
        facts.append((labels["paid"], data["paid_on_text"]))
    pdf.set_xy(MARGIN + 95, top)
    pdf.set_font("text", pdf.bold, size=22)
    pdf.cell(WIDTH - 95, 11, labels["title"], align="R")
    y = top + 13
    for label, value in facts:
        pdf.set_xy(MARGIN + 95, y)
        pdf.set_font("text", size=8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(WIDTH - 95 - 42, 5, label, align="R")
        pdf.set_text_color(*INK)
        pdf.set_font("text", pdf.bold, size=8.5)
        pdf.cell(42, 5, value, align="R")
        y += 5
    pdf.set_y(max(left_bottom, y) + 6)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + WIDTH, pdf.get_y())
    pdf.ln(5)


def _party(pdf: DocumentPDF, x: float, top: float, caption: str, party, tax_label):
    pdf.set_xy(x, top)
    width = WIDTH / 2 - 4
    pdf.set_font("text", size=7.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        width, 4, caption.upper(), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    pdf.set_text_color(*INK)
    pdf.set_font("text", pdf.bold, size=10)
    pdf.multi_cell(width, 5, party["name"], align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("text", size=9)
    if party["address"]:
        pdf.multi_cell(
            width, 4.6, party["address"], align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
        )
    if party["tax_id"]:
        pdf.multi_cell(
            width,
            4.6,
            f"{tax_label}: {party['tax_id']}",
            align="L",
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
    return pdf.get_y()


def _parties(pdf: DocumentPDF, data: dict[str, Any]) -> None:
    labels = data["labels"]
    top = pdf.get_y()
    bottom = max(
        _party(pdf, MARGIN, top, labels["seller"], data["seller"], labels["tax_id"]),
        _party(
            pdf,
            MARGIN + WIDTH / 2 + 4,
            top,
            labels["buyer"],
            data["buyer"],
            labels["tax_id"],
        ),
    )
    pdf.set_xy(MARGIN, bottom + 5)
    references = [(labels["order"], data["order"])]
    if data["purchase_order"]:
        references.append((labels["purchase_order"], data["purchase_order"]))
    if data.get("credits"):
        references.append((labels["credits"], data["credits"]))
    width = WIDTH / len(references)
    pdf.set_fill_color(*SHADE)
    y = pdf.get_y()
    pdf.rect(MARGIN, y, WIDTH, 12, style="F")
    for index, (label, value) in enumerate(references):
        pdf.set_xy(MARGIN + 3 + index * width, y + 1.5)
        pdf.set_font("text", size=7.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(width - 3, 4, label.upper())
        pdf.set_xy(MARGIN + 3 + index * width, y + 5.5)
        pdf.set_text_color(*INK)
        pdf.set_font("text", pdf.bold, size=9.5)
        pdf.cell(width - 3, 5, value)
    pdf.set_xy(MARGIN, y + 18)


def _lines(pdf: DocumentPDF, data: dict[str, Any]) -> None:
    labels = data["labels"]
    pdf.set_font("text", size=8.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=COLUMNS,
        width=WIDTH,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(
            emphasis=pdf.bold or None, size_pt=8, color=MUTED, fill_color=SHADE
        ),
        line_height=4.6,
        padding=(1.6, 1.5),
        v_align="TOP",
    ) as table:
        heading = table.row()
        for key in ("description", "quantity", "unit_price", "amount"):
            heading.cell(labels[key])
        for line in data["lines"]:
            row = table.row()
            text = line["description"]
            details = [part for part in (line["detail"], line["period"]) if part]
            if details:
                text += "\n" + "\n".join(details)
            row.cell(text)
            row.cell(str(line["quantity"]))
            row.cell(line["unit_price_text"])
            row.cell(line["amount_text"])
    pdf.ln(3)


def _totals(pdf: DocumentPDF, data: dict[str, Any]) -> None:
    labels = data["labels"]
    total_label = labels["total"]
    if data["kind"] == DocumentKind.CREDIT_NOTE:
        total_label = labels["total_credited"]
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    x = MARGIN + WIDTH - 90
    for label, value in (
        (labels["subtotal"], data["subtotal_text"]),
        (labels["tax"], data["tax_text"]),
    ):
        pdf.set_x(x)
        pdf.set_font("text", size=9)
        pdf.cell(55, 6, label)
        pdf.cell(35, 6, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(x)
    pdf.line(x, pdf.get_y() + 0.5, MARGIN + WIDTH, pdf.get_y() + 0.5)
    pdf.ln(1.5)
    pdf.set_x(x)
    pdf.set_font("text", pdf.bold, size=11.5)
    pdf.cell(50, 8, total_label)
    pdf.cell(40, 8, data["total_text"], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)


def _payment(pdf: DocumentPDF, data: dict[str, Any]) -> None:
    labels = data["labels"]
    if pdf.get_y() > pdf.h - 65:
        pdf.add_page()
    credit_note = data["kind"] == DocumentKind.CREDIT_NOTE
    pdf.caption(labels["refund"] if credit_note else labels["payment"])
    for note in data["notes"]:
        pdf.text_block(note, size=9.5, height=5)
    pdf.ln(2)
    facts = []
    if data["kind"] == DocumentKind.INVOICE:
        facts.append((labels["bank_details"], data["seller"]["bank_details"]))
    if data.get("payment_reference") and not credit_note:
        facts.append((labels["payment_reference"], data["payment_reference"]))
    for label, value in facts:
        pdf.set_font("text", size=8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(42, 5, label)
        pdf.set_text_color(*INK)
        pdf.set_font("text", pdf.bold, size=9)
        pdf.multi_cell(0, 5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def document_pdf_render(document: Document) -> bytes:
    """The document as a PDF, from its frozen data alone, in its language."""
    data = document.data
    with translation.override(document.language):
        pdf = DocumentPDF(data)
        pdf.set_title(f"{data['labels']['title']} {document.number}")
        pdf.set_author(data["seller"]["name"])
        pdf.set_creator("Agora")
        # The file says when the document was issued, not when it was rendered.
        pdf.set_creation_date(document.issued_at)
        pdf.add_page()
        _header(pdf, data)
        _parties(pdf, data)
        _lines(pdf, data)
        _totals(pdf, data)
        _payment(pdf, data)
        return bytes(pdf.output())


def document_pdf(document: Document) -> bytes:
    """The document's PDF: the one kept, or rendered now (its first download) and
    kept with its SHA-256. Two first downloads at once keep one file: the row is
    locked while it is filled."""
    if document.pdf:
        return bytes(document.pdf)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not locked.pdf:
            content = document_pdf_render(locked)
            locked.pdf = content
            locked.sha256 = hashlib.sha256(content).hexdigest()
            locked.save(update_fields=["pdf", "sha256"])
    document.pdf, document.sha256 = locked.pdf, locked.sha256
    return bytes(locked.pdf)
