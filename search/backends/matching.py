"""What a query's text matches in the database engine: its parts and phrasings
(`search.documents.query_slots`), as conditions on the PostgreSQL vectors or an FTS5
query on SQLite, and how relevance ranks them; and listings as bitmaps read from
PostgreSQL."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from search.cjk import bigrams, cjk_runs, has_cjk, without_cjk
from search.documents import query_slots
from search.postings import ids_from_bits
from search.terms import Key as TermKey
from search.terms import held_terms, lexemes

WORD = re.compile(r"\w+", re.UNICODE)
GROUPED = "SET LOCAL work_mem = '32MB'"
BY_INDEX = f"{GROUPED}; SET LOCAL enable_seqscan = off"


def postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class TextMatch:
    """The listings a text matches, and how to rank them."""

    # The text it was built from (after correction), for cache keys.
    key: str
    # SQLite: the FTS5 query (it ranks with bm25).
    fts: str = ""
    # PostgreSQL: the phrasings each part of the query matches through, and the
    # rank expression.
    slots: tuple[tuple[str, ...], ...] = ()
    rank: Any = None

    @cached_property
    def _phrases(self) -> list[list[PgPhrase]]:
        return [[_pg_phrase(phrase) for phrase in slot] for slot in self.slots]

    @cached_property
    def condition(self) -> Q:
        """The SQL condition selecting the matching listings: every part, through
        one of its phrasings, each part in its vector."""
        if self.fts:
            return Q(
                pk__in=RawSQL(
                    "SELECT rowid FROM search_listing_fts "
                    "WHERE search_listing_fts MATCH %s",
                    [self.fts],
                )
            )
        return reduce(
            lambda a, b: a & b,
            (
                reduce(lambda a, b: a | b, (p.condition for p in slot))
                for slot in self._phrases
            ),
        )

    @cached_property
    def in_name(self) -> Q | None:
        """PostgreSQL: the condition of a match in the name."""
        if not self.slots:
            return None
        whole = reduce(
            lambda a, b: a & b,
            (
                reduce(lambda a, b: a | b, (p.whole for p in slot))
                for slot in self._phrases
            ),
        )
        return Q(name_vector=whole)

    @property
    def reads_cjk(self) -> bool:
        """Whether the condition reads the Chinese and Japanese vector."""
        return any(has_cjk(phrase) for slot in self.slots for phrase in slot)


def _fts5_expression(phrases: list[str]) -> str:
    """An FTS5 query: all words of a phrase (of a CJK run, all its bigrams), any
    of the phrases."""
    expressions = []
    for phrase in phrases:
        words = WORD.findall(without_cjk(phrase).lower())
        terms = [f'"{word}"' for word in words]
        for run in cjk_runs(phrase):
            pairs = bigrams(run)
            if len(run) == 1:
                terms.append(f'"{pairs[0]}"*')
            else:
                terms.extend(f'"{pair}"' for pair in pairs)
        if terms:
            expressions.append(" AND ".join(terms))
    return " OR ".join(f"({expression})" for expression in expressions)


@dataclass(frozen=True)
class PgPhrase:
    """A PostgreSQL query for one phrasing: its words (English, stemmed) and its
    CJK runs (all of their bigrams), each part for its own vector."""

    english: PgQuery | None
    cjk: PgQuery | None

    @property
    def condition(self) -> Q:
        """All of its parts, each in its vector."""
        parts = []
        if self.english is not None:
            parts.append(Q(search_vector=self.english))
        if self.cjk is not None:
            parts.append(Q(cjk_vector=self.cjk))
        return reduce(lambda a, b: a & b, parts)

    @property
    def whole(self) -> PgQuery:
        """All of its parts as one query (for the name vector, which has both)."""
        parts = [part for part in (self.english, self.cjk) if part is not None]
        return reduce(lambda a, b: a & b, parts)


def _pg_phrase(phrase: str) -> PgPhrase:
    english = None
    words = without_cjk(phrase)
    if WORD.search(words):
        english = PgQuery(words, search_type="websearch", config="english")
    runs = []
    for run in cjk_runs(phrase):
        # Only CJK characters: nothing in them is tsquery syntax.
        pairs = bigrams(run)
        raw = f"{pairs[0]}:*" if len(run) == 1 else " & ".join(pairs)
        runs.append(PgQuery(raw, search_type="raw", config="simple"))
    cjk = reduce(lambda a, b: a & b, runs) if runs else None
    return PgPhrase(english=english, cjk=cjk)


def _tokens(phrase: str) -> frozenset[str] | None:
    """What a phrasing needs to match: its words and its pairs of characters; None
    when it uses search syntax (quotes, a minus, "or"), which this cannot weigh."""
    words = WORD.findall(without_cjk(phrase).lower())
    if '"' in phrase or "-" in phrase or "or" in words:
        return None
    pairs = [pair for run in cjk_runs(phrase) for pair in bigrams(run)]
    return frozenset(
        [*words, *(f"{pair}*" if len(pair) == 1 else pair for pair in pairs)]
    )


def _enough(slot: list[str]) -> list[str]:
    """The phrasings of a part that match something another does not: those that
    hold all of another's words and pairs, and more, are left out."""
    tokens = [_tokens(phrase) for phrase in slot]
    kept = []
    for index, (phrase, mine) in enumerate(zip(slot, tokens, strict=True)):
        if mine is not None and any(
            other is not None and (other < mine or (other == mine and position < index))
            for position, other in enumerate(tokens)
        ):
            continue
        kept.append(phrase)
    return kept


def _rank(phrases: list[str]) -> RawSQL:
    """Text relevance: `ts_rank` of the English vector against every English
    phrasing, plus that of the Chinese and Japanese vector against every run of
    bigrams. Written as one expression: a tree of Django expressions for a synonym
    group of fifteen phrasings costs more to build than the statement to run."""
    english = [without_cjk(p) for p in phrases if WORD.search(without_cjk(p))]
    runs = []
    for phrase in phrases:
        pairs = [
            f"{bigrams(run)[0]}:*" if len(run) == 1 else " & ".join(bigrams(run))
            for run in cjk_runs(phrase)
        ]
        if pairs:
            runs.append(" & ".join(pairs))
    parts, params = [], []
    if english:
        queries = " || ".join(
            ["websearch_to_tsquery('english'::regconfig, %s)"] * len(english)
        )
        parts.append(f'ts_rank("search_indexedlisting"."search_vector", {queries})')
        params.extend(english)
    if runs:
        parts.append(
            'ts_rank("search_indexedlisting"."cjk_vector", '
            "to_tsquery('simple'::regconfig, %s))"
        )
        params.append(" | ".join(f"({run})" for run in runs))
    # The statement is made of the constants above; the text is in the parameters.
    return RawSQL(" + ".join(parts), params, output_field=FloatField())  # noqa: S611


def bits_of(rows: QuerySet, *, by_index: bool = False) -> int:
    """The ids of the rows as a bitmap. PostgreSQL ORs them into 64-bit words: a
    few thousand rows to fetch rather than one per listing."""
    sql, params = rows.values("pk").query.sql_with_params()
    words_of = "id >> 6, bit_or(1::bigint << (id & 63)::int)"
    statement = f"SELECT {words_of} FROM ({sql}) AS m (id) GROUP BY 1"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # The words are grouped in memory rather than sorted on disk. With
        # `by_index`, the text indexes answer which listings match without reading
        # their vectors (no recheck for words and pairs), where a scan of the table
        # would unpack every row's Chinese and Japanese pairs (kept out of line);
        # the planner, which does not count that, would scan past a few thousand
        # matches. English vectors are in the row: a scan reads them cheaply.
        cursor.execute(BY_INDEX if by_index else GROUPED)
        cursor.execute(statement, params)
        words = cursor.fetchall()
    if not words:
        return 0
    packed = [0] * (max(word for word, _ in words) + 1)
    for word, bits in words:
        packed[word] = bits & 0xFFFF_FFFF_FFFF_FFFF
    return int.from_bytes(struct.pack(f"<{len(packed)}Q", *packed), "little")


def among(bits: int) -> RawSQL:
    """Whether a row is one of the listings of the bitmap (one array parameter,
    however many)."""
    ids = ",".join(map(str, ids_from_bits(bits)))
    return RawSQL(
        '"search_indexedlisting"."listing_id" = ANY(%s::bigint[])',
        ["{" + ids + "}"],
        output_field=BooleanField(),
    )


def text_match(text: str) -> TextMatch | None:
    """The listings matching the text (a SQL condition) and how to rank them.
    Every part of the query must match (`query_slots`: a word, or a synonym
    group through any of its phrasings); a Chinese or Japanese run matches as
    all of its bigrams (see `search.cjk`)."""
    text = text.strip()
    if not text:
        return None
    slots = [
        [phrase for phrase in slot if WORD.search(phrase)] for slot in query_slots(text)
    ]
    slots = [slot for slot in slots if slot]
    if not slots:
        return None
    if postgres():
        # Every part matches, through any of its phrasings, in its vector. A
        # phrasing that holds all the words of another one in its part adds no
        # match ("surveillance camera" beside "camera"), only work.
        enough = tuple(tuple(_enough(slot)) for slot in slots)
        # Relevance adds up what matches in each vector (the phrasings left
        # out add their words again, which the others already have).
        rank = _rank([phrase for slot in enough for phrase in slot])
        return TextMatch(key=text, slots=enough, rank=rank)
    fts = " AND ".join(f"({_fts5_expression(slot)})" for slot in slots)
    return TextMatch(key=text, fts=fts)


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
    keys: set[TermKey] = set()
    for words, pairs in parts.values():
        keys.update(("t", word) for word in words)
        keys.update(("c", pair) for pair in pairs)
        keys.update(("n", term) for term in (*words, *pairs))
    held = held_terms.postings(stamp, keys)

    def all_of(terms: Iterable[TermKey]) -> int:
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
