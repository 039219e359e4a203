"""Marking the words a query matched in a hit's title and summary."""

from __future__ import annotations

import re
from html import escape

from django.utils import translation

from search.cjk import has_cjk
from search.models import IndexedListing


def _term_pattern(term: str) -> str:
    # Longer words also mark their inflections (camera → cameras); short ones only
    # match whole words, so that "ip" does not mark "IPC500S". Chinese and Japanese
    # have no word boundaries: the characters themselves are marked.
    if has_cjk(term):
        return re.escape(term)
    if len(term) >= 4:
        return rf"\b{re.escape(term)}\w*"
    return rf"\b{re.escape(term)}\b"


def highlight_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    return re.compile("|".join(map(_term_pattern, terms)), re.IGNORECASE)


def highlights(
    row: IndexedListing, pattern: re.Pattern | None
) -> dict[str, tuple[str, ...]]:
    """The hit's title and summary in the reader's language with the matched words
    marked."""
    if pattern is None:
        return {}
    shown = (row.i18n or {}).get(translation.get_language() or "", {})
    highlights: dict[str, tuple[str, ...]] = {}
    for field in ("title", "summary"):
        value = shown.get(field) or getattr(row, field)
        if value and pattern.search(value):
            highlights[field] = (_mark(value, pattern),)
    return highlights


def _mark(text: str, pattern: re.Pattern) -> str:
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)
