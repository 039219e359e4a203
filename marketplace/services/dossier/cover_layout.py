"""The cover's page: Agora's PDF layout (documents.layout: page, fonts, line
breaking) with the cover's footer, paragraphs, headings and tables, and how it
writes amounts and dates in the active language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.utils import formats, timezone
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from config.localtime import format_moment
from marketplace.money import Money
from marketplace.services.documents.layout import INK, MUTED, SHADE, AgoraPDF


def money_text(amount: int, currency: str) -> str:
    return str(Money(amount, currency))


def when_text(moment: datetime) -> str:
    return format_moment(moment)


def day_text(moment: date | datetime | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return formats.date_format(moment, "DATE_FORMAT")


class CoverPDF(AgoraPDF):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.set_auto_page_break(auto=True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("text", size=7)
        self.set_text_color(*MUTED)
        self.cell(
            self.epw - 30, 5, f"{settings.PLATFORM_LEGAL_NAME} · {self.title_text}"
        )
        self.cell(30, 5, f"{self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)

    def paragraph(
        self,
        text: str,
        size: float = 9.5,
        height: float = 5,
        style: str = "",
        muted: bool = False,
    ) -> None:
        self.set_font("text", style, size=size)
        if muted:
            self.set_text_color(*MUTED)
        self.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def heading(self, text: str, level: int = 1) -> None:
        self.ln(4 if level == 1 else 2)
        if level == 1 and self.get_y() > self.h - 60:
            self.add_page()
        self.paragraph(
            text,
            size=13 if level == 1 else 10.5,
            height=7 if level == 1 else 6,
            style=self.bold,
        )

    def grid(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        aligns: Sequence[str] | None = None,
    ) -> None:
        self.set_font("text", size=8)
        self.set_fill_color(255, 255, 255)
        with super().table(
            col_widths=list(widths),
            width=self.epw,
            align="LEFT",
            text_align=list(aligns or ["LEFT"] * len(widths)),
            borders_layout="HORIZONTAL_LINES",
            headings_style=FontFace(
                emphasis=self.bold or None, size_pt=7.5, color=MUTED, fill_color=SHADE
            ),
            line_height=4.4,
            padding=(1.3, 1.2),
            v_align="TOP",
        ) as table:
            row = table.row()
            for heading in headings:
                row.cell(heading)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(2)
