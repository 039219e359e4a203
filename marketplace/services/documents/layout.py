"""What Agora's PDFs (documents and quotes) share: the page, the fonts (a text face,
its bold where there is one, and a fallback for Chinese and Japanese) and the
colours."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

MARGIN = 18
WIDTH = 210 - 2 * MARGIN
INK = (33, 37, 41)
MUTED = (100, 106, 115)
RULE = (200, 204, 209)
SHADE = (241, 243, 246)


def bold_font() -> str | None:
    """The bold face beside the text font, when it has one (DejaVuSans.ttf has
    DejaVuSans-Bold.ttf); without it, emphasis is by size alone."""
    path = Path(settings.PDF_FONT)
    bold = path.with_name(f"{path.stem}-Bold{path.suffix}")
    return str(bold) if bold.exists() else None


class AgoraPDF(FPDF):
    """An A4 page with the fonts of settings.PDF_FONT and PDF_FALLBACK_FONT:
    `self.bold` is the style to pass for emphasis ("B", or "" without a bold
    face)."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("text", fname=settings.PDF_FONT)
        self.bold = ""
        bold = bold_font()
        if bold:
            self.add_font("text", style="B", fname=bold)
            self.bold = "B"
        self.add_font("cjk", fname=settings.PDF_FALLBACK_FONT)
        # Bold text falls back to the regular CJK face, which has no bold.
        self.set_fallback_fonts(["cjk"], exact_match=False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)

    def _render_styled_text_line(self, *args, **kwargs):
        # fpdf2 2.8.9: a line whose last part is set in the fallback font leaves
        # that font selected on the page while fpdf2 believes its own still is, so
        # the next line in the same font and size is drawn with the wrong glyphs
        # (Chinese labels followed by amounts came out as gibberish). Every line
        # selects its font again.
        self.current_font_is_set_on_page = False
        return super()._render_styled_text_line(*args, **kwargs)
