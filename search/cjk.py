"""Chinese and Japanese text for engines that split words on spaces.

Neither language puts spaces between words, so a word-based index sees a whole
sentence as one token. As Elasticsearch's `cjk` analyzer does, each run of Han,
kana or Hangul characters is indexed as its overlapping pairs of characters
(bigrams): 停车场 → 停车 车场. A query is split the same way and a text matches
when it holds all of the query's bigrams (as Elasticsearch's match query does, with
every term required), so 停车 finds 停车场 and 智能停车系统, and 车场 does not find
停车 alone. Requiring the pairs side by side as well would make the database read
every candidate's text again for a handful of fewer matches.
"""

from __future__ import annotations

import re

# Han (with extension A and compatibility ideographs), hiragana, katakana (with the
# prolonged sound mark and half-width forms) and Hangul syllables.
_CJK_CHARS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\uac00-\ud7af"
)
CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text or "") is not None


def bigrams(run: str) -> list[str]:
    """The overlapping pairs of a run of CJK characters (a lone character stays)."""
    if len(run) < 2:
        return [run] if run else []
    return [run[index : index + 2] for index in range(len(run) - 1)]


def cjk_tokens(text: str) -> str:
    """Only the CJK part of the text, as space-separated bigrams."""
    return " ".join(" ".join(bigrams(run)) for run in CJK_RUN.findall(text or ""))


def cjk_runs(text: str) -> list[str]:
    return CJK_RUN.findall(text or "")


def without_cjk(text: str) -> str:
    return CJK_RUN.sub(" ", text or "").strip()
