"""Words that mean the same to search: the synonyms file (`search/synonyms.txt`, kept
in the repository) and those curators add in the admin (`Synonym`), merged into
groups — a group sharing a word with another joins it.

Each process holds the merged groups and reads them again when a curator's change
has drawn a new version (kept in the cache, which every process shares); the
database engine's cached results are keyed by the version too. Elasticsearch gets
the groups as its synonyms set.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from functools import cache
from pathlib import Path

from django.core.cache import cache as shared_cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from search.models import Synonym

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"
VERSION_KEY = "search:synonyms-version"
MAX_TERM = 60
MAX_TERMS = 20

logger = logging.getLogger(__name__)

Groups = tuple[tuple[str, ...], ...]

# A comma in any of the three languages separates the words of a group.
SEPARATORS = re.compile("[,，、]")


def terms_split(text: str) -> list[str]:
    return SEPARATORS.split(text)


@cache
def file_groups() -> Groups:
    """The synonyms file's groups, lowercased."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms = tuple(
                term.strip().lower() for term in line.split(",") if term.strip()
            )
            if len(terms) > 1:
                groups.append(terms)
    return tuple(groups)


def merged(groups: list[tuple[str, ...]]) -> Groups:
    """The groups with every two that share a term joined, in first-seen order."""
    result: list[list[str]] = []
    for group in groups:
        joined = [
            index for index, other in enumerate(result) if set(other) & set(group)
        ]
        target = result[joined[0]] if joined else []
        if not joined:
            result.append(target)
        for index in reversed(joined[1:]):
            target.extend(term for term in result.pop(index) if term not in target)
        target.extend(term for term in group if term not in target)
    return tuple(tuple(group) for group in result)


class _Held(threading.local):
    version: str | None = None
    groups: Groups = ()


_held = _Held()


def version() -> str:
    """The synonyms' current version (a new one when the cache has lost it)."""
    current = shared_cache.get(VERSION_KEY)
    if current is None:
        shared_cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        current = shared_cache.get(VERSION_KEY) or ""
    return current


def synonym_groups() -> Groups:
    """Every group of equivalent words and phrases, lowercased."""
    current = version()
    if _held.version != current:
        added = [tuple(synonym.term_list()) for synonym in Synonym.objects.all()]
        _held.groups = merged([*file_groups(), *added])
        _held.version = current
    return _held.groups


def synonyms_changed() -> None:
    """After a curator's change commits: every process reads the synonyms again,
    and Elasticsearch (when it is the engine) gets them."""

    def publish() -> None:
        shared_cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        from search.tasks import synonyms_push_task

        try:
            synonyms_push_task.delay()
        except Exception:  # the broker is down: the next index sweep pushes them
            logger.warning("synonyms: the push waits for the next sweep", exc_info=True)

    transaction.on_commit(publish)


def terms_clean(terms: list[str]) -> list[str]:
    """The terms as stored: trimmed, lowercased, each once; at least two."""
    cleaned: list[str] = []
    for term in terms:
        term = " ".join(term.split()).lower()
        if not term:
            continue
        if SEPARATORS.search(term):
            raise ValidationError({"terms": _("A word or phrase cannot hold a comma.")})
        if len(term) > MAX_TERM:
            raise ValidationError(
                {
                    "terms": _("“%(term)s” is longer than %(max)d characters.")
                    % {"term": term[:MAX_TERM], "max": MAX_TERM}
                }
            )
        if term not in cleaned:
            cleaned.append(term)
    if len(cleaned) < 2:
        raise ValidationError(
            {"terms": _("Give at least two different words or phrases.")}
        )
    if len(cleaned) > MAX_TERMS:
        raise ValidationError(
            {"terms": _("Give at most %(max)d words or phrases.") % {"max": MAX_TERMS}}
        )
    return cleaned


@transaction.atomic
def synonym_add(terms: list[str]) -> Synonym:
    """Make these words mean the same to search, from the next search on."""
    synonym = Synonym.objects.create(terms=", ".join(terms_clean(terms)))
    synonyms_changed()
    return synonym


@transaction.atomic
def synonym_update(synonym: Synonym, terms: list[str]) -> Synonym:
    synonym.terms = ", ".join(terms_clean(terms))
    synonym.save(update_fields=["terms"])
    synonyms_changed()
    return synonym


@transaction.atomic
def synonym_delete(synonym: Synonym) -> None:
    synonym.delete()
    synonyms_changed()
