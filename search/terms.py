"""Term postings: for each term of the PostgreSQL text vectors, the listings that
hold it, as a bitmap over listing ids.

They answer which listings a plain query matches without reading the table: a broad
word ("smart", 摄像头 with its synonyms) matches tens of thousands of listings, and
PostgreSQL reads the heap page of each of them to say which (about 55 ms for 80,000
on two cores), where ANDing and ORing a few bitmaps takes microseconds. Queries with
search syntax (quoted phrases, a minus, "or") or a single Chinese or Japanese
character (a prefix) still go to the text indexes.

Three vectors, three kinds of term: "t" the English text (stemmed lexemes), "c" the
Chinese and Japanese bigrams, "n" the names. They are written in the same
transaction as the index rows (writers take turns on the index version), and read
per term when a query needs it: a process keeps those it read for the stamp of the
index they belong to.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.db import connection

from search.cjk import bigrams, cjk_runs, without_cjk
from search.postings import bits_from_ids, decode, encode

VECTORS = {"t": "search_vector", "c": "cjk_vector", "n": "name_vector"}
# What the database engine counts as a word (it makes an English part of a query).
WORD = re.compile(r"\w+", re.UNICODE)
Key = tuple[str, str]

_TERMS_OF = (
    "SELECT listing_id, tsvector_to_array(search_vector), "
    "tsvector_to_array(cjk_vector), tsvector_to_array(name_vector) "
    "FROM search_indexedlisting WHERE listing_id = ANY(%s)"
)
_WRITE = (
    "INSERT INTO search_termposting (vector, term, bits) "
    "SELECT * FROM unnest(%s::varchar[], %s::text[], %s::bytea[]) "
    "ON CONFLICT (vector, term) DO UPDATE SET bits = EXCLUDED.bits"
)
_DELETE = (
    "DELETE FROM search_termposting "
    "WHERE (vector, term) IN (SELECT * FROM unnest(%s::varchar[], %s::text[]))"
)
_READ = (
    "SELECT vector, term, bits FROM search_termposting "
    "WHERE (vector, term) IN (SELECT * FROM unnest(%s::varchar[], %s::text[]))"
)
# A plain query's lexemes as PostgreSQL writes the tsquery: 'smart' & 'camera'.
_LEXEME = re.compile(r"^'((?:[^']|'')*)'$")


def _columns(rows: Iterable[tuple]) -> list[list]:
    """Rows as the columns `unnest` takes."""
    return [list(column) for column in zip(*rows, strict=True)]


def terms_of(ids: Iterable[int]) -> dict[Key, set[int]]:
    """The terms the index rows of these listings hold: (vector, term) -> ids."""
    found: dict[Key, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_TERMS_OF, [list(ids)])
        for pk, *vectors in cursor.fetchall():
            for vector, terms in zip(VECTORS, vectors, strict=True):
                for term in terms or ():
                    found.setdefault((vector, term), set()).add(pk)
    return found


def terms_update(ids: set[int], before: dict[Key, set[int]]) -> None:
    """After the index rows of `ids` were written again: take them out of the
    postings of the terms they held (`before`), and put them into those they hold
    now, in the caller's transaction."""
    after = terms_of(ids)
    keys = sorted(set(before) | set(after))
    if not keys:
        return
    removed = bits_from_ids(ids)
    with connection.cursor() as cursor:
        cursor.execute(_READ, _columns(keys))
        current = {(vector, term): decode(data) for vector, term, data in cursor}
        written: list[tuple[str, str, bytes]] = []
        emptied: list[Key] = []
        for key in keys:
            bits = (current.get(key, 0) & ~removed) | bits_from_ids(after.get(key, ()))
            if bits:
                written.append((*key, encode(bits)))
            elif key in current:
                emptied.append(key)
        if written:
            cursor.execute(_WRITE, _columns(written))
        if emptied:
            cursor.execute(_DELETE, _columns(emptied))


def terms_rebuild() -> None:
    """Write every term posting anew from the index rows."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_termposting")
        for vector, column in VECTORS.items():
            cursor.execute(
                f"SELECT term, array_agg(listing_id) FROM ("  # noqa: S608
                f"SELECT listing_id, unnest(tsvector_to_array({column})) AS term "
                "FROM search_indexedlisting) AS t GROUP BY term"
            )
            rows = [(vector, term, encode(bits_from_ids(ids))) for term, ids in cursor]
            for start in range(0, len(rows), 5000):
                chunk = rows[start : start + 5000]
                cursor.execute(_WRITE, _columns(chunk))


class HeldTerms:
    """The term postings a process has read, for the latest stamp it was asked for
    (at most `size` terms)."""

    def __init__(self, size: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._stamp = ""
        self._held: OrderedDict[Key, int] = OrderedDict()

    def postings(self, stamp: str, keys: Iterable[Key]) -> dict[Key, int]:
        keys = set(keys)
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._held = stamp, OrderedDict()
            found = {key: self._held[key] for key in keys if key in self._held}
        missing = sorted(keys - set(found))
        if missing:
            read = dict.fromkeys(missing, 0)
            with connection.cursor() as cursor:
                cursor.execute(_READ, _columns(missing))
                for vector, term, data in cursor:
                    read[(vector, term)] = decode(data)
            with self._lock:
                if stamp == self._stamp:
                    self._held.update(read)
                    while len(self._held) > self._size:
                        self._held.popitem(last=False)
            found.update(read)
        return found


held_terms = HeldTerms()


class Lexemes:
    """The lexemes PostgreSQL's English configuration makes of plain phrasings, kept
    by the process (they depend on nothing but the text)."""

    def __init__(self, size: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._held: OrderedDict[str, tuple[str, ...] | None] = OrderedDict()

    def of(self, phrases: Iterable[str]) -> dict[str, tuple[str, ...] | None]:
        """Each phrase's lexemes, all of which a text must hold; None when the
        query is more than that (a phrase, a negation, an alternative)."""
        phrases = set(phrases)
        with self._lock:
            found = {p: self._held[p] for p in phrases if p in self._held}
        missing = sorted(phrases - set(found))
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT p, websearch_to_tsquery('english', p)::text "
                    "FROM unnest(%s::text[]) AS p",
                    [missing],
                )
                read = {phrase: _plain(query) for phrase, query in cursor}
            with self._lock:
                self._held.update(read)
                while len(self._held) > self._size:
                    self._held.popitem(last=False)
            found.update(read)
        return found


def _plain(query: str) -> tuple[str, ...] | None:
    """The lexemes of a tsquery that only ANDs them; None for any other."""
    if not query.strip():
        return ()
    lexemes = []
    for part in query.split(" & "):
        found = _LEXEME.match(part.strip())
        if found is None:
            return None
        lexemes.append(found.group(1).replace("''", "'"))
    return tuple(lexemes)


lexemes = Lexemes()


def match_bits(slots: Iterable[Iterable[str]], stamp: str) -> tuple[int, int] | None:
    """The listings a query matches, and those it matches in the name, as bitmaps:
    every slot through one of its phrasings, a phrasing by all its lexemes (English)
    and bigrams (Chinese and Japanese). None when a phrasing needs the text indexes
    (search syntax, a single character, only stop words)."""
    slots = [tuple(slot) for slot in slots]
    phrases = {phrase for slot in slots for phrase in slot}
    english = {phrase: without_cjk(phrase) for phrase in phrases}
    lexed = lexemes.of(words for words in english.values() if WORD.search(words))
    parts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for phrase in phrases:
        words: tuple[str, ...] = ()
        if WORD.search(english[phrase]):
            found = lexed[english[phrase]]
            if not found:
                return None
            words = found
        runs = cjk_runs(phrase)
        if any(len(run) < 2 for run in runs):
            return None
        parts[phrase] = (words, tuple(pair for run in runs for pair in bigrams(run)))
    keys: set[Key] = set()
    for words, pairs in parts.values():
        keys.update(("t", word) for word in words)
        keys.update(("c", pair) for pair in pairs)
        keys.update(("n", term) for term in (*words, *pairs))
    held = held_terms.postings(stamp, keys)

    def all_of(terms: Iterable[Key]) -> int:
        bits = -1
        for key in terms:
            bits &= held.get(key, 0)
            if not bits:
                return 0
        return bits

    matched = named = -1
    for slot in slots:
        in_text = in_name = 0
        for phrase in slot:
            words, pairs = parts[phrase]
            in_text |= all_of([*(("t", w) for w in words), *(("c", p) for p in pairs)])
            in_name |= all_of(("n", term) for term in (*words, *pairs))
        matched &= in_text
        named &= in_name
    return max(matched, 0), max(named, 0)
