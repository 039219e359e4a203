"""Search in the database: PostgreSQL full text (weighted vectors, GIN index, trigram
similarity for typos) or SQLite FTS5 for the embedded default.

Facets are rows of `ListingFacet`; a facet's counts apply every active filter but its
own, so that choosing a vendor still shows how many listings the other vendors have.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from html import escape
from typing import Any

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation

from search.documents import (
    ListingDocument,
    _is_cjk,
    expand_synonyms,
    listing_document,
    listings_for_index,
)
from search.facets import facet_labels
from search.models import IndexedListing, IndexVersion, ListingFacet

from .base import (
    FACETS,
    FacetValue,
    Progress,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
)

_WORD = re.compile(r"\w+", re.UNICODE)
FACET_CACHE_SECONDS = 600
HIT_FIELDS = (
    "pk",
    "title",
    "summary",
    "curated",
    "rating",
    "rating_count",
    "reference_count",
    "price_from",
)
QUALITY_ORDER = ("-curated", F("rating").desc(nulls_last=True), "-reference_count")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class TextMatch:
    # SQL condition selecting the matching listings.
    condition: Q
    # PostgreSQL: the rank expression. SQLite ranks with bm25 from the FTS5 query.
    rank: Any = None
    fts: str = ""
    # The text it was built from (after correction), for cache keys.
    key: str = ""


def _fts5_expression(phrases: list[str]) -> str:
    """An FTS5 query: all words of a phrase, any of the phrases."""
    expressions = []
    for phrase in phrases:
        words = _WORD.findall(phrase.lower())
        if words:
            expressions.append(" AND ".join(f'"{word}"' for word in words))
    return " OR ".join(f"({expression})" for expression in expressions)


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # Indexing -----------------------------------------------------------------

    @transaction.atomic
    def index(self, listing_ids: Iterable[int]) -> None:
        ids = set(listing_ids)
        if not ids:
            return
        listings = list(listings_for_index().filter(pk__in=ids))
        self._delete(ids)
        self._write_many([listing_document(listing) for listing in listings])

    def rebuild(self, *, progress: Progress | None = None) -> int:
        with transaction.atomic():
            self._delete(None)
        listings = listings_for_index().order_by("pk")
        total = listings.count()
        done = 0
        last_pk = 0
        # In chunks, so that memory stays flat however large the catalog.
        while done < total:
            chunk = list(listings.filter(pk__gt=last_pk)[:1000])
            if not chunk:
                break
            with transaction.atomic():
                self._write_many([listing_document(listing) for listing in chunk])
            done += len(chunk)
            last_pk = chunk[-1].pk
            if progress:
                progress(done, total)
        return done

    def _bump_version(self) -> None:
        updated = IndexVersion.objects.filter(pk=1).update(version=F("version") + 1)
        if not updated:
            IndexVersion.objects.get_or_create(pk=1, defaults={"version": 1})

    def _version(self) -> int:
        return (
            IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first()
            or 0
        )

    def _delete(self, ids: set[int] | None) -> None:
        self._bump_version()
        rows = IndexedListing.objects.all()
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        rows.delete()
        if _postgres():
            return  # the vector lives on the deleted rows
        with connection.cursor() as cursor:
            if ids is None:
                cursor.execute("DELETE FROM search_listing_fts")
            else:
                cursor.executemany(
                    "DELETE FROM search_listing_fts WHERE rowid = %s",
                    [[pk] for pk in ids],
                )

    def _write_many(self, documents: list[ListingDocument]) -> None:
        if not documents:
            return
        self._bump_version()
        rows = IndexedListing.objects.bulk_create(
            IndexedListing(
                listing_id=document.listing_id,
                slug=document.slug,
                title=document.title,
                title_local=document.title_local,
                summary=document.summary,
                body=document.body,
                tags=" ".join(document.tags),
                vendor_name=document.vendor_name,
                category_name=document.category_name,
                price_from=document.price_from,
                rating=document.rating,
                rating_count=document.rating_count,
                reference_count=document.reference_count,
                curated=document.curated,
                published_at=document.published_at,
            )
            for document in documents
        )
        ListingFacet.objects.bulk_create(
            ListingFacet(listing_id=document.listing_id, facet=facet, value=value)
            for document in documents
            for facet, values in document.facet_values().items()
            for value in values
        )
        ids = [row.pk for row in rows]
        with connection.cursor() as cursor:
            if _postgres():
                cursor.execute(
                    "UPDATE search_indexedlisting SET search_vector = "
                    "setweight(to_tsvector('english', title), 'A') || "
                    "setweight(to_tsvector('simple', title_local), 'B') || "
                    "setweight(to_tsvector('english', tags), 'B') || "
                    "setweight(to_tsvector('english', category_name), 'B') || "
                    "setweight(to_tsvector('english', summary), 'C') || "
                    "setweight(to_tsvector('english', body), 'D') "
                    "WHERE listing_id = ANY(%s)",
                    [ids],
                )
            else:
                cursor.executemany(
                    "INSERT INTO search_listing_fts "
                    "(rowid, title, title_local, summary, body, tags) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        [
                            row.pk,
                            row.title,
                            row.title_local,
                            row.summary,
                            row.body,
                            f"{row.tags} {row.category_name}",
                        ]
                        for row in rows
                    ],
                )

    # Searching ----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query. Whole results are cached per query and index version, so a
        popular search is answered from the cache until the index changes."""
        version = self._version()
        key = _cache_key("result", version, query, translation.get_language())
        cached = cache.get(key)
        if cached is None:
            cached = self._search(query, version)
            cache.set(key, cached, timeout=FACET_CACHE_SECONDS)
        return cached

    def _search(self, query: SearchQuery, version: int) -> SearchResult:
        match = self._text_match(query.text)
        page, total = self._page(self._filtered(query, match), query, match)
        suggestions: tuple[str, ...] = ()
        if match is not None and total == 0:
            corrected = self._correct(query.text)
            if corrected and corrected.lower() != query.text.lower():
                suggestions = (corrected,)
                match = self._text_match(corrected)
                page, total = self._page(self._filtered(query, match), query, match)
        terms = self._highlight_terms(query.text, suggestions)
        hits = tuple(
            SearchHit(
                listing_id=row.pk,
                score=float(getattr(row, "rank", 0.0) or 0.0),
                highlights=_highlights(row, terms),
                explanation=_explain(row, query, match) if query.explain else {},
            )
            for row in page
        )
        return SearchResult(
            hits=hits,
            total=total,
            facets=self._facets(query, match, version),
            suggestions=suggestions,
        )

    def _text_match(self, text: str) -> TextMatch | None:
        """The listings matching the text (a SQL condition) and how to rank them."""
        text = text.strip()
        if not text:
            return None
        alternatives = expand_synonyms(text)
        condition = Q()
        for phrase in alternatives:
            # Chinese and Japanese phrases match the local product name; a phrase
            # that mixes in Latin words (a synonym swapped into an English query)
            # would only cost a scan.
            if _is_cjk(phrase) and not re.search(r"[A-Za-z]", phrase):
                condition |= Q(title_local__icontains=phrase)
        words = [phrase for phrase in alternatives if not _is_cjk(phrase)]
        if _postgres():
            if not words:
                return TextMatch(condition=condition, rank=None, key=text)
            pg_query = reduce(
                lambda a, b: a | b,
                (
                    PgQuery(word, search_type="websearch", config="english")
                    for word in words
                ),
            )
            return TextMatch(
                condition=condition | Q(search_vector=pg_query),
                rank=SearchRank(F("search_vector"), pg_query),
                key=text,
            )
        fts = _fts5_expression(words)
        if fts:
            condition |= Q(
                pk__in=RawSQL(
                    "SELECT rowid FROM search_listing_fts "
                    "WHERE search_listing_fts MATCH %s",
                    [fts],
                )
            )
        return TextMatch(condition=condition, rank=None, fts=fts, key=text)

    def _filtered(
        self, query: SearchQuery, match: TextMatch | None, *, skip: str = ""
    ) -> QuerySet:
        rows = IndexedListing.objects.all()
        if match is not None:
            rows = rows.filter(match.condition)
        for facet, values in query.filters.items():
            if facet == skip or not values:
                continue
            rows = rows.filter(
                pk__in=ListingFacet.objects.filter(
                    facet=facet, value__in=values
                ).values("listing_id")
            )
        if query.price_min is not None:
            rows = rows.filter(price_from__gte=query.price_min)
        if query.price_max is not None:
            rows = rows.filter(price_from__lte=query.price_max)
        return rows

    def _page(
        self, rows: QuerySet, query: SearchQuery, match: TextMatch | None
    ) -> tuple[list[IndexedListing], int]:
        """One page of results and the total. (A window count on the page query
        would scan once, but it defeats PostgreSQL's top-N sort: slower here.)"""
        window = slice(query.offset, query.offset + query.page_size)
        orders = {
            "price_asc": (F("price_from").asc(nulls_last=True), "pk"),
            "price_desc": (F("price_from").desc(nulls_last=True), "pk"),
            "rating": (F("rating").desc(nulls_last=True), "-rating_count", "pk"),
            "newest": (F("published_at").desc(nulls_last=True), "pk"),
        }
        if query.sort in orders or match is None or match.rank is not None:
            if query.sort in orders:
                ordering = orders[query.sort]
            elif match is None:
                ordering = (*QUALITY_ORDER, "title", "pk")
            else:
                # Text relevance first, then the quality signals.
                rows = rows.annotate(rank=match.rank)
                ordering = ("-rank", *QUALITY_ORDER, "title", "pk")
            total = rows.count()
            if not total:
                return [], 0
            # Only what a hit needs: sorting narrow rows is much cheaper.
            return list(rows.only(*HIT_FIELDS).order_by(*ordering)[window]), total
        scores = self._fts5_scores(match.fts) if match.fts else {}
        candidates = list(
            rows.values_list("pk", "curated", "rating", "reference_count", "title")
        )
        candidates.sort(
            key=lambda row: (
                -round(scores.get(row[0], 0.5), 6),
                not row[1],
                -(row[2] or 0),
                -row[3],
                row[4],
            )
        )
        ids = [row[0] for row in candidates[window]]
        found = IndexedListing.objects.only(*HIT_FIELDS).in_bulk(ids)
        page = [found[pk] for pk in ids]
        for row in page:
            # As PostgreSQL's rank annotation does: the hit's score rides on the row.
            row.rank = scores.get(row.pk, 0.5)  # type: ignore[attr-defined]
        return page, len(candidates)

    def _fts5_scores(self, fts: str) -> dict[int, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(search_listing_fts, 10.0, 6.0, 3.0, 1.0, 6.0) "
                "FROM search_listing_fts WHERE search_listing_fts MATCH %s",
                [fts],
            )
            return dict(cursor.fetchall())

    def _facets(
        self, query: SearchQuery, match: TextMatch | None, version: int
    ) -> dict[str, tuple[FacetValue, ...]]:
        """Facet counts, cached per text, filters and index version: the other pages
        and sorts of a search reuse them."""
        key = _cache_key(
            "facets",
            version,
            match.key if match else "",
            sorted((f, tuple(sorted(v))) for f, v in query.filters.items()),
            query.price_min,
            query.price_max,
            translation.get_language(),
        )
        cached = cache.get(key)
        if cached is None:
            cached = self._count_facets(query, match)
            cache.set(key, cached, timeout=FACET_CACHE_SECONDS)
        return cached

    def _count_facets(
        self, query: SearchQuery, match: TextMatch | None
    ) -> dict[str, tuple[FacetValue, ...]]:
        active = {facet for facet, values in query.filters.items() if values}
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        # Facets without a filter of their own share one query; each active facet
        # needs its own, without its filter.
        groups = [(tuple(f for f in FACETS if f not in active), "")]
        groups += [((facet,), facet) for facet in FACETS if facet in active]
        for facets, skip in groups:
            if not facets:
                continue
            rows = self._filtered(query, match, skip=skip)
            for facet, value, count in (
                ListingFacet.objects.filter(facet__in=facets, listing__in=rows)
                .values_list("facet", "value")
                .annotate(count=Count("pk"))
                .values_list("facet", "value", "count")
            ):
                counts[facet][value] = count
        result: dict[str, tuple[FacetValue, ...]] = {}
        for facet in FACETS:
            selected = set(query.filters.get(facet, ()))
            values = set(counts[facet]) | selected
            labels = facet_labels(facet, values)
            items = [
                FacetValue(
                    value=value,
                    label=labels.get(value, value),
                    count=counts[facet].get(value, 0),
                    selected=value in selected,
                )
                for value in values
            ]
            items.sort(key=lambda item: (-item.count, item.label))
            result[facet] = tuple(items)
        return result

    # Suggestions --------------------------------------------------------------

    def suggest(self, prefix: str, *, limit: int = 8) -> list[str]:
        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        titles = IndexedListing.objects.filter(
            Q(title__istartswith=prefix)
            | Q(title__icontains=f" {prefix}")
            | Q(title_local__icontains=prefix)
        ).order_by(*QUALITY_ORDER, "title")
        found = dict.fromkeys(titles.values_list("title", flat=True)[: limit * 2])
        return list(found)[:limit]

    def _correct(self, text: str) -> str:
        """The query with each unknown word replaced by the closest indexed word."""
        words = _WORD.findall(text.lower())
        if not words or _is_cjk(text):
            return ""
        vocabulary = self._vocabulary()
        corrected = []
        for word in words:
            if word in vocabulary or len(word) < 4:
                corrected.append(word)
                continue
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else word)
        return " ".join(corrected)

    def _vocabulary(self) -> list[str]:
        if _postgres():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', "
                    "title || '' '' || tags || '' '' || category_name) "
                    "FROM search_indexedlisting')"
                )
                return [word for (word,) in cursor.fetchall()]
        words: set[str] = set()
        for title, tags, category in IndexedListing.objects.values_list(
            "title", "tags", "category_name"
        ):
            words.update(_WORD.findall(f"{title} {tags} {category}".lower()))
        return sorted(words)

    def _highlight_terms(self, text: str, suggestions: tuple[str, ...]) -> list[str]:
        terms: set[str] = set()
        for phrase in [text, *suggestions]:
            for alternative in expand_synonyms(phrase) if phrase else []:
                terms.update(
                    word for word in _WORD.findall(alternative.lower()) if len(word) > 1
                )
        return sorted(terms, key=len, reverse=True)

    def check(self) -> None:
        IndexedListing.objects.exists()


def _highlights(row: IndexedListing, terms: list[str]) -> dict[str, tuple[str, ...]]:
    if not terms:
        return {}
    # Longer words also mark their inflections (camera → cameras); short ones only
    # match whole words, so that "ip" does not mark "IPC500S".
    pattern = re.compile(
        "|".join(
            rf"\b{re.escape(term)}\w*" if len(term) >= 4 else rf"\b{re.escape(term)}\b"
            for term in terms
        ),
        re.IGNORECASE,
    )
    highlights: dict[str, tuple[str, ...]] = {}
    for field in ("title", "summary"):
        value = getattr(row, field)
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


def _explain(row: IndexedListing, query: SearchQuery, match: TextMatch | None) -> dict:
    """What ordered this hit, most significant first (see `_page`)."""
    signals: dict[str, str] = {}
    if query.sort != "relevance":
        signals["sort"] = query.sort
    if match is not None and query.sort == "relevance":
        signals["text relevance"] = f"{float(getattr(row, 'rank', 0.0) or 0.0):.4f}"
    signals["curated"] = "yes" if row.curated else "no"
    signals["rating"] = f"{row.rating:.1f} ({row.rating_count})" if row.rating else "—"
    signals["reference deployments"] = str(row.reference_count)
    if row.price_from is not None:
        signals["price from (minor units)"] = str(row.price_from)
    return signals


def _cache_key(kind: str, *parts) -> str:
    return f"search:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
