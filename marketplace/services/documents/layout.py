"""What Agora's PDFs (documents and quotes) share: the page, the fonts (a text face,
its bold where there is one, and a fallback for Chinese and Japanese), the
colours, and how text breaks into lines."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import Any

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.util import Padding

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


# Where Chinese and Japanese text may break: between any two of these characters
# (ideographs, kana, bopomofo, CJK and full-width punctuation and forms).
CJK_RANGES = (
    (0x2E80, 0x303F),  # radicals, ideographic description, CJK symbols, punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x9FFF),  # kanbun … enclosed, compatibility, ideographs (ext. A, URO)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # ideographs, extensions B and after
)
# Characters no line starts with (closing punctuation, Japanese small kana and
# iteration marks), and those no line ends with (opening brackets): each stays
# with its neighbour.
NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》〗〙〛｝］〞’”…‥〜～ー々ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ%,.:;!?)]}"
)
NO_LINE_END = frozenset("（「『【〔〈《〖〘〚｛［〝‘“([{")
# Spaces that do not break.
NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f\u2060\ufeff")


def _is_space(char: str) -> bool:
    return (char.isspace() and char not in NO_BREAK_SPACES) or char == "\u200b"


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


def _units(paragraph: str) -> list[str]:
    """The paragraph as the pieces a line break may fall between: runs of spaces,
    Latin words (runs of anything else) and single Chinese or Japanese characters,
    with punctuation that must not start or end a line joined to its neighbour."""
    pieces: list[str] = []
    for kind, chars in groupby(
        paragraph,
        key=lambda c: "space" if _is_space(c) else "cjk" if _is_cjk(c) else "word",
    ):
        if kind == "cjk":
            pieces.extend(chars)
        else:
            pieces.append("".join(chars))
    units: list[str] = []
    for piece in pieces:
        if (
            units
            and not _is_space(piece[0])
            and not _is_space(units[-1][-1])
            and (piece[0] in NO_LINE_START or units[-1][-1] in NO_LINE_END)
        ):
            units[-1] += piece
        else:
            units.append(piece)
    return units


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` broken into lines no wider than `width`, as `measure` measures a
    string. Latin words stay whole (a word wider than a line is split where it
    must); Chinese and Japanese text breaks between any two characters, but not
    before closing punctuation or after opening brackets; spaces are where Latin
    text breaks, and are dropped at a break. The text's own newlines are kept."""
    lines: list[str] = []
    for paragraph in text.replace("\r", "").split("\n"):
        first = len(lines)
        line, line_width = "", 0.0
        gap, gap_width = "", 0.0  # the spaces before the next unit
        for unit in _units(paragraph):
            if _is_space(unit[0]):
                # Spaces at a break go; those starting a paragraph stay.
                if line or len(lines) == first:
                    gap, gap_width = unit, measure(unit)
                continue
            unit_width = measure(unit)
            if line_width + gap_width + unit_width <= width:
                line += gap + unit
                line_width += gap_width + unit_width
                gap, gap_width = "", 0.0
                continue
            if line:
                lines.append(line)
            line, line_width = "", 0.0
            gap, gap_width = "", 0.0
            if unit_width <= width:
                line, line_width = unit, unit_width
                continue
            # A word wider than a line, split where it reaches the edge.
            for char in unit:
                char_width = measure(char)
                if line and line_width + char_width > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                line += char
                line_width += char_width
        lines.append(line)
    return lines


class AgoraPDF(FPDF):
    """An A4 page with the fonts of settings.PDF_FONT and PDF_FALLBACK_FONT:
    `self.bold` is the style to pass for emphasis ("B", or "" without a bold
    face). Every multi_cell (table cells too) breaks its text with break_lines,
    so mixed Chinese, Japanese and Latin text wraps the same way in every
    language."""

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

    def multi_cell(
        self,
        w: float,
        h: float | None = None,
        text: str = "",
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # fpdf2 wraps either at spaces only (WrapMode.WORD, which leaves Chinese
        # lines half empty) or anywhere (WrapMode.CHAR, which splits English words).
        # The text is broken here instead, in the width fpdf2 gives it (the cell's
        # less its padding, or its c_margin on a side without padding) and the font
        # it is set in; with CHAR, fpdf2 then finds that every line fits.
        if text and not kwargs.get("markdown"):
            width = w or self.w - self.r_margin - self.x
            padding = Padding.new(kwargs.get("padding") or 0)
            width -= padding.left or self.c_margin
            width -= padding.right or self.c_margin
            text = "\n".join(break_lines(text, width, self.get_string_width))
            kwargs["wrapmode"] = WrapMode.CHAR
        return super().multi_cell(w, h, text, *args, **kwargs)
