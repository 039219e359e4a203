""" "Did you mean" for Chinese and Japanese: a query has no spaces to split it into
words to look up, so each run of characters is compared with the terms buyers are
known to mean (the synonyms' and the categories' names), as both engines do."""

from __future__ import annotations

import difflib

from marketplace.models import Category
from search.cjk import cjk_runs, has_cjk
from search.synonyms import synonym_groups


def cjk_vocabulary() -> list[str]:
    terms = {term for group in synonym_groups() for term in group if has_cjk(term)}
    for category in Category.objects.only("name", "translations"):
        for entry in (category.translations or {}).values():
            terms.update(cjk_runs(entry.get("name", "")))
    return sorted(terms)


def closest_cjk(run: str, terms: list[str]) -> str:
    """The known term closest to a run of characters, or the run itself when none
    is close (at most about one character in three differs)."""
    if run in terms:
        return run
    best, best_ratio = run, 0.0
    for term in terms:
        if abs(len(term) - len(run)) > 1:
            continue
        ratio = difflib.SequenceMatcher(None, run, term).ratio()
        if ratio > best_ratio:
            best, best_ratio = term, ratio
    return best if best_ratio >= 0.6 else run


def cjk_correction(text: str) -> str:
    """The text with each unknown run replaced by its closest known term."""
    terms = cjk_vocabulary()
    corrected = text
    for run in cjk_runs(text):
        corrected = corrected.replace(run, closest_cjk(run, terms), 1)
    return corrected
