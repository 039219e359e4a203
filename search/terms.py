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
per term when a query needs it (`search.backends.matching.match_bits`): a process
keeps those it read for the stamp of the index they belong to.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable

from django.db import connection

from search.postings import bits_from_ids, decode, encode

VECTORS = {"t": "search_vector", "c": "cjk_vector", "n": "name_vector"}
Key = tuple[str, str]

_TERMS_OF = " UNION ALL ".join(
    f"SELECT '{vector}', term, array_agg(listing_id) FROM ("  # noqa: S608
    f"SELECT listing_id, unnest(tsvector_to_array({column})) AS term "
    "FROM search_indexedlisting WHERE listing_id = ANY(%s)) AS t GROUP BY term"
    for vector, column in VECTORS.items()
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


def _write(cursor, rows: list[tuple[str, str, bytes]]) -> None:
    """Write postings: copied in binary into a scratch table (a few megabytes of
    bitmaps would be quoted as text in a statement), then merged."""
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS search_termposting_new "
        "(vector varchar(1), term text, bits bytea) ON COMMIT DELETE ROWS"
    )
    with cursor.cursor.copy(
        "COPY search_termposting_new (vector, term, bits) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        copy.set_types(["varchar", "text", "bytea"])
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        "INSERT INTO search_termposting (vector, term, bits) "
        "SELECT vector, term, bits FROM search_termposting_new "
        "ON CONFLICT (vector, term) DO UPDATE SET bits = EXCLUDED.bits"
    )
    cursor.execute("TRUNCATE search_termposting_new")


def terms_of(ids: Iterable[int]) -> dict[Key, set[int]]:
    """The terms the index rows of these listings hold: (vector, term) -> ids."""
    ids = list(ids)
    with connection.cursor() as cursor:
        cursor.execute(_TERMS_OF, [ids] * len(VECTORS))
        return {(vector, term): set(pks) for vector, term, pks in cursor.fetchall()}


def _encoded(ids: Collection[int]) -> bytes:
    """A posting as stored: the ids of a rare term (4 bytes each, after b"I"), the
    compressed bitmap of a common one (zlib, whose first byte is never "I")."""
    if len(ids) * 32 < max(ids):
        return b"I" + array("I", ids).tobytes()
    return encode(bits_from_ids(ids))


def _sparse(data: bytes) -> bool:
    return data[:1] == b"I"


def _ids(data: bytes) -> set[int]:
    return set(array("I", data[1:]))


def _bits(data: bytes) -> int:
    return bits_from_ids(_ids(data)) if _sparse(data) else decode(data)


def terms_update(ids: set[int], before: dict[Key, set[int]]) -> None:
    """After the index rows of `ids` were written again: take them out of the
    postings of the terms they held (`before`), and put them into those they hold
    now, in the caller's transaction."""
    after = terms_of(ids)
    keys = sorted(set(before) | set(after))
    if not keys:
        return
    kept_bits = ~bits_from_ids(ids)
    with connection.cursor() as cursor:
        cursor.execute(_READ, _columns(keys))
        current = {(vector, term): bytes(data) for vector, term, data in cursor}
        written: list[tuple[str, str, bytes]] = []
        emptied: list[Key] = []
        for key in keys:
            data, added = current.get(key), after.get(key, set())
            if data is None or _sparse(data):
                kept = (_ids(data) - ids if data else set()) | added
                if kept:
                    written.append((*key, _encoded(kept)))
                elif data is not None:
                    emptied.append(key)
                continue
            bits = (decode(data) & kept_bits) | bits_from_ids(added)
            if bits:
                written.append((*key, encode(bits)))
            else:
                emptied.append(key)
        if written:
            _write(cursor, written)
        if emptied:
            cursor.execute(_DELETE, _columns(emptied))


def terms_rebuild() -> None:
    """Write every term posting anew from the index rows."""
    with connection.cursor() as writer:
        writer.execute("DELETE FROM search_termposting")
        for vector, column in VECTORS.items():
            # Read a chunk at a time (a server-side cursor), so that memory stays
            # flat however large the catalog.
            with connection.chunked_cursor() as reader:
                reader.execute(
                    f"SELECT term, array_agg(listing_id) FROM ("  # noqa: S608
                    f"SELECT listing_id, unnest(tsvector_to_array({column})) AS term "
                    "FROM search_indexedlisting) AS t GROUP BY term"
                )
                # Few rows at a time: a common term's row holds most listings' ids.
                while chunk := reader.fetchmany(200):
                    rows = [(vector, term, _encoded(ids)) for term, ids in chunk]
                    _write(writer, rows)


class _Kept:
    """A bounded map a process keeps (the oldest entries go first), filled from
    `read` with the keys it lacks."""

    def __init__(self, size: int) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._held: OrderedDict = OrderedDict()

    def get(self, keys: Iterable, read: Callable[[list], dict]) -> dict:
        keys = set(keys)
        with self._lock:
            found = {key: self._held[key] for key in keys if key in self._held}
            held = self._held
        missing = sorted(keys - set(found))
        if missing:
            fresh = read(missing)
            with self._lock:
                if held is self._held:  # not cleared meanwhile
                    self._held.update(fresh)
                    while len(self._held) > self._size:
                        self._held.popitem(last=False)
            found.update(fresh)
        return found

    def clear(self) -> None:
        with self._lock:
            self._held = OrderedDict()


class HeldTerms:
    """The term postings a process has read, for the latest stamp it was asked for
    (at most `size` terms)."""

    def __init__(self, size: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._stamp = ""
        self._kept = _Kept(size)

    def postings(self, stamp: str, keys: Iterable[Key]) -> dict[Key, int]:
        with self._lock:
            if stamp != self._stamp:
                self._kept.clear()
                self._stamp = stamp
        return self._kept.get(keys, _postings_read)


def _postings_read(keys: list[Key]) -> dict[Key, int]:
    read = dict.fromkeys(keys, 0)
    with connection.cursor() as cursor:
        cursor.execute(_READ, _columns(keys))
        for vector, term, data in cursor:
            read[(vector, term)] = _bits(bytes(data))
    return read


held_terms = HeldTerms()


class Lexemes:
    """The lexemes PostgreSQL's English configuration makes of plain phrasings, kept
    by the process (they depend on nothing but the text)."""

    def __init__(self, size: int = 10_000) -> None:
        self._kept = _Kept(size)

    def of(self, phrases: Iterable[str]) -> dict[str, tuple[str, ...] | None]:
        """Each phrase's lexemes, all of which a text must hold; None when the
        query is more than that (a phrase, a negation, an alternative)."""
        return self._kept.get(phrases, _lexemes_read)


def _lexemes_read(phrases: list[str]) -> dict[str, tuple[str, ...] | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p, websearch_to_tsquery('english', p)::text "
            "FROM unnest(%s::text[]) AS p",
            [phrases],
        )
        return {phrase: _plain(query) for phrase, query in cursor}


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
