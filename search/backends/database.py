"""Search in the database: PostgreSQL full text (weighted vectors, GIN index, trigram
similarity for typos) or SQLite FTS5 for the embedded default.

Facets are rows of `ListingFacet`; a facet's counts apply every active filter but its
own, so that choosing a vendor still shows how many listings the other vendors have.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import reduce
from html import escape

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet

from search.documents import (
    ListingDocument,
    _is_cjk,
    expand_synonyms,
    listing_document,
    listings_for_index,
)
from search.facets import facet_labels
from search.models import IndexedListing, ListingFacet

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
QUALITY_ORDER = ("-curated", F("rating").desc(nulls_last=True), "-reference_count")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # Indexing -----------------------------------------------------------------

    @transaction.atomic
    def index(self, listing_ids: Iterable[int]) -> None:
        ids = set(listing_ids)
        if not ids:
            return
        published = {
            listing.pk: listing for listing in listings_for_index().filter(pk__in=ids)
        }
        gone = ids - set(published)
        if gone:
            IndexedListing.objects.filter(pk__in=gone).delete()
            self._delete_text(gone)
        for listing in published.values():
            self._write(listing_document(listing))

    def rebuild(self, *, progress: Progress | None = None) -> int:
        with transaction.atomic():
            IndexedListing.objects.all().delete()
            self._delete_text(None)
        listings = listings_for_index().order_by("pk")
        total = listings.count()
        done = 0
        # In chunks, so that memory stays flat however large the catalog.
        for start in range(0, total, 500):
            with transaction.atomic():
                for listing in listings[start : start + 500]:
                    self._write(listing_document(listing))
                    done += 1
            if progress:
                progress(done, total)
        return done

    def _write(self, document: ListingDocument) -> None:
        row, _created = IndexedListing.objects.update_or_create(
            listing_id=document.listing_id,
            defaults={
                "slug": document.slug,
                "title": document.title,
                "title_local": document.title_local,
                "summary": document.summary,
                "body": document.body,
                "tags": " ".join(document.tags),
                "vendor_name": document.vendor_name,
                "category_name": document.category_name,
                "price_from": document.price_from,
                "rating": document.rating,
                "rating_count": document.rating_count,
                "reference_count": document.reference_count,
                "curated": document.curated,
                "published_at": document.published_at,
            },
        )
        row.facets.all().delete()
        ListingFacet.objects.bulk_create(
            ListingFacet(listing=row, facet=facet, value=value)
            for facet, values in document.facet_values().items()
            for value in values
        )
        self._write_text(row)

    def _write_text(self, row: IndexedListing) -> None:
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
                    "WHERE listing_id = %s",
                    [row.pk],
                )
            else:
                cursor.execute(
                    "DELETE FROM search_listing_fts WHERE rowid = %s", [row.pk]
                )
                cursor.execute(
                    "INSERT INTO search_listing_fts "
                    "(rowid, title, title_local, summary, body, tags) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        row.pk,
                        row.title,
                        row.title_local,
                        row.summary,
                        row.body,
                        f"{row.tags} {row.category_name}",
                    ],
                )

    def _delete_text(self, ids: set[int] | None) -> None:
        if _postgres():
            return  # the vector lives on the deleted row
        with connection.cursor() as cursor:
            if ids is None:
                cursor.execute("DELETE FROM search_listing_fts")
            else:
                for pk in ids:
                    cursor.execute(
                        "DELETE FROM search_listing_fts WHERE rowid = %s", [pk]
                    )

    # Searching ----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        scores, text_filter = self._text_matches(query.text)
        suggestions: tuple[str, ...] = ()
        if query.text and not self._filtered(query, text_filter).exists():
            corrected = self._correct(query.text)
            if corrected and corrected.lower() != query.text.lower():
                suggestions = (corrected,)
                scores, text_filter = self._text_matches(corrected)
        matches = self._filtered(query, text_filter)
        total = matches.count()
        page = self._page(matches, query, scores)
        terms = self._highlight_terms(query.text, suggestions)
        hits = tuple(
            SearchHit(
                listing_id=row.pk,
                score=float(scores.get(row.pk, 0.0)) if scores is not None else 0.0,
                highlights=_highlights(row, terms),
            )
            for row in page
        )
        return SearchResult(
            hits=hits,
            total=total,
            facets=self._facets(query, text_filter),
            suggestions=suggestions,
        )

    def _text_matches(self, text: str) -> tuple[dict[int, float] | None, Q | None]:
        """Scores of the listings matching the text, and a filter selecting them."""
        text = text.strip()
        if not text:
            return None, None
        alternatives = expand_synonyms(text)
        cjk = [alternative for alternative in alternatives if _is_cjk(alternative)]
        if _postgres():
            words = [
                alternative for alternative in alternatives if not _is_cjk(alternative)
            ]
            condition = Q()
            if words:
                pg_query = reduce(
                    lambda a, b: a | b,
                    (
                        PgQuery(w, search_type="websearch", config="english")
                        for w in words
                    ),
                )
                condition |= Q(search_vector=pg_query)
            for phrase in cjk:
                condition |= Q(title_local__icontains=phrase)
            rows = IndexedListing.objects.filter(condition)
            if words:
                rows = rows.annotate(rank=SearchRank(F("search_vector"), pg_query))
                scores = {
                    pk: rank or 0.0 for pk, rank in rows.values_list("pk", "rank")
                }
            else:
                scores = dict.fromkeys(rows.values_list("pk", flat=True), 0.5)
            return scores, Q(pk__in=list(scores))
        scores = self._fts5_scores(alternatives)
        for phrase in cjk:
            for pk in IndexedListing.objects.filter(
                title_local__icontains=phrase
            ).values_list("pk", flat=True):
                scores.setdefault(pk, 0.5)
        return scores, Q(pk__in=list(scores))

    def _fts5_scores(self, alternatives: list[str]) -> dict[int, float]:
        expressions = []
        for alternative in alternatives:
            words = [word for word in _WORD.findall(alternative.lower()) if word]
            if words and not _is_cjk(alternative):
                expressions.append(" AND ".join(f'"{word}"' for word in words))
        if not expressions:
            return {}
        match = " OR ".join(f"({expression})" for expression in expressions)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(search_listing_fts, 10.0, 6.0, 3.0, 1.0, 6.0) "
                "FROM search_listing_fts WHERE search_listing_fts MATCH %s",
                [match],
            )
            return dict(cursor.fetchall())

    def _filtered(
        self, query: SearchQuery, text_filter: Q | None, *, skip: str = ""
    ) -> QuerySet:
        rows = IndexedListing.objects.all()
        if text_filter is not None:
            rows = rows.filter(text_filter)
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

    def _page(self, rows: QuerySet, query: SearchQuery, scores) -> list[IndexedListing]:
        window = slice(query.offset, query.offset + query.page_size)
        if query.sort == "price_asc":
            return list(
                rows.order_by(F("price_from").asc(nulls_last=True), "pk")[window]
            )
        if query.sort == "price_desc":
            return list(
                rows.order_by(F("price_from").desc(nulls_last=True), "pk")[window]
            )
        if query.sort == "rating":
            return list(
                rows.order_by(F("rating").desc(nulls_last=True), "-rating_count", "pk")[
                    window
                ]
            )
        if query.sort == "newest":
            return list(
                rows.order_by(F("published_at").desc(nulls_last=True), "pk")[window]
            )
        if scores is None:
            return list(rows.order_by(*QUALITY_ORDER, "title", "pk")[window])
        # Text relevance first, then the quality signals.
        candidates = list(
            rows.values_list("pk", "curated", "rating", "reference_count", "title")
        )
        candidates.sort(
            key=lambda row: (
                -round(scores.get(row[0], 0.0), 6),
                not row[1],
                -(row[2] or 0),
                -row[3],
                row[4],
            )
        )
        ids = [row[0] for row in candidates[window]]
        found = IndexedListing.objects.in_bulk(ids)
        return [found[pk] for pk in ids]

    def _facets(
        self, query: SearchQuery, text_filter: Q | None
    ) -> dict[str, tuple[FacetValue, ...]]:
        facets: dict[str, tuple[FacetValue, ...]] = {}
        for facet in FACETS:
            rows = self._filtered(query, text_filter, skip=facet)
            counts = dict(
                ListingFacet.objects.filter(facet=facet, listing__in=rows)
                .values_list("value")
                .annotate(count=Count("pk"))
                .values_list("value", "count")
            )
            selected = set(query.filters.get(facet, ()))
            labels = facet_labels(facet, set(counts) | selected)
            values = [
                FacetValue(
                    value=value,
                    label=labels.get(value, value),
                    count=counts.get(value, 0),
                    selected=value in selected,
                )
                for value in set(counts) | selected
            ]
            values.sort(key=lambda item: (-item.count, item.label))
            facets[facet] = tuple(values)
        return facets

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
