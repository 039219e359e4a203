"""Search in the database: PostgreSQL full text (weighted vectors, GIN index, trigram
similarity for typos) or SQLite FTS5 for the embedded default.

Facet values are rows of `ListingFacet` (for filtering in SQL) and bitmaps of
`search.postings` (for counting). A facet's counts apply every active filter but its
own, so that choosing a vendor still shows how many listings the other vendors have.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import translation

from marketplace.models import Listing
from search.cjk import cjk_runs, has_cjk, without_cjk
from search.documents import (
    ListingDocument,
    expand_synonyms,
    listing_document,
    listings_for_index,
)
from search.facets import facet_labels
from search.models import IndexedListing, IndexVersion, ListingFacet, new_stamp
from search.postings import (
    EVERYTHING,
    Postings,
    bits_from_ids,
    postings_for,
    postings_rebuild,
    postings_update,
)
from search.spelling import cjk_vocabulary, closest_cjk
from search.synonyms import version as synonyms_version
from search.terms import terms_of, terms_rebuild, terms_update

from .base import (
    FACETS,
    FacetValue,
    Progress,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from .highlights import highlight_pattern, highlights
from .matching import (
    WORD,
    TextMatch,
    among,
    bits_of,
    match_bits,
    postgres,
    text_match,
)

CACHE_SECONDS = 600
HIT_FIELDS = (
    "pk",
    "title",
    "summary",
    "i18n",
    "curated",
    "rating",
    "rating_count",
    "rating_score",
    "reference_count",
    "price_from",
)
# The weighted text of a listing, in two vectors: English (stemmed) and Chinese
# and Japanese (bigrams), so that a query reads only the one each of its parts
# needs — a translated listing's bigrams are most of its text, and an English
# query need not read them. Weights: the title and names (A, B: names in Chinese
# and Japanese, tags, category), summaries (C), descriptions (D). The name vector
# holds the names in every language, for ranking matches in the name first.
NAME = (
    "setweight(to_tsvector('english', i.title), 'A') || "
    "setweight(to_tsvector('simple', d.cjk_name), 'B') || "
    "setweight(to_tsvector('english', i.tags), 'B') || "
    "setweight(to_tsvector('english', i.category_name), 'B')"
)
VECTORS_UPDATE = (
    "UPDATE search_indexedlisting AS i SET search_vector = "  # noqa: S608
    "setweight(to_tsvector('english', i.title), 'A') || "
    "setweight(to_tsvector('english', i.tags), 'B') || "
    "setweight(to_tsvector('english', i.category_name), 'B') || "
    "setweight(to_tsvector('english', i.summary), 'C') || "
    "setweight(to_tsvector('english', d.body), 'D'), "
    "cjk_vector = "
    "setweight(to_tsvector('simple', d.cjk_name), 'B') || "
    "setweight(to_tsvector('simple', d.cjk_summary), 'C') || "
    "setweight(to_tsvector('simple', d.cjk_body), 'D'), "
    f"name_vector = {NAME} "
    "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) "
    "AS d (id, body, cjk_name, cjk_summary, cjk_body) "
    "WHERE i.listing_id = d.id"
)
# Up to this many hits, one statement ranks them all; past it, the name matches
# come off the name vector's index first.
FEW = 1000
# Rating here is the rating score (`Listing.rating_score`): a listing without reviews
# ranks at its kind's mean, neither first nor last.
QUALITY_ORDER = (
    "-curated",
    F("rating_score").desc(nulls_last=True),
    "-reference_count",
)


@dataclass(frozen=True)
class Counted:
    """What a search counted: its total and facets, and on PostgreSQL with text the
    hits and those of them that match in the name (title, local name, tags or
    category), as bitmaps."""

    total: int
    facets: dict[str, tuple[FacetValue, ...]]
    hits: int = 0
    named: int | None = None

    @property
    def in_name(self) -> int | None:
        """How many hits match in the name (PostgreSQL with text)."""
        return None if self.named is None else self.named.bit_count()


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # Indexing -----------------------------------------------------------------

    @transaction.atomic
    def index(self, listing_ids: Iterable[int]) -> None:
        ids = set(listing_ids)
        if not ids:
            return
        # Writers take turns on the version row, so these are the committed ones.
        before = postings_for(self._bump_version())
        listings = listings_for_index().filter(pk__in=ids)
        documents = [listing_document(listing) for listing in listings]
        terms_before = terms_of(ids) if postgres() else {}
        self._delete(ids)
        self._write_many(documents)
        postings_update(before, removed=ids, added=_posting_ids(documents))
        if postgres():
            terms_update(ids, terms_before)

    @transaction.atomic
    def scores_update(self, listing_ids: Iterable[int]) -> None:
        """Copy these listings' rating scores from the catalog: one statement, and a
        new stamp so that no cached result keeps the old order (the facets do not
        change)."""
        ids = sorted(set(listing_ids))
        if not ids:
            return
        self._bump_version()
        scores = Listing.objects.filter(pk=OuterRef("pk")).values("rating_score")
        for start in range(0, len(ids), 1000):
            IndexedListing.objects.filter(pk__in=ids[start : start + 1000]).update(
                rating_score=Subquery(scores[:1])
            )

    @transaction.atomic
    def rebuild(self, *, progress: Progress | None = None) -> int:
        """Index every published listing anew, in one transaction: searches keep
        the previous index until the new one is complete."""
        self._bump_version()
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
            self._write_many([listing_document(listing) for listing in chunk])
            done += len(chunk)
            last_pk = chunk[-1].pk
            if progress:
                progress(done, total)
        rows = ListingFacet.objects.values_list("facet", "value", "listing_id")
        ids = IndexedListing.objects.values_list("pk", flat=True).order_by()
        postings_rebuild(
            chain(
                rows.order_by().iterator(chunk_size=10_000),
                ((*EVERYTHING, pk) for pk in ids.iterator(chunk_size=10_000)),
            ),
        )
        if postgres():
            terms_rebuild()
        return done

    def _bump_version(self) -> str:
        """Start a new index version with a new stamp, and hold its row until commit
        (writers take turns). Returns the stamp of the version before."""
        row, _ = IndexVersion.objects.select_for_update().get_or_create(pk=1)
        before = row.stamp
        row.version += 1
        row.stamp = new_stamp()
        row.save(update_fields=["version", "stamp"])
        return before

    def _stamp(self) -> str:
        """The stamp of the index as it is now."""
        stamps = IndexVersion.objects.filter(pk=1).values_list("stamp", flat=True)
        return stamps.first() or ""

    def _delete(self, ids: set[int] | None) -> None:
        rows = IndexedListing.objects.all()
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        rows.delete()
        if postgres():
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
        rows = IndexedListing.objects.bulk_create(
            IndexedListing(
                listing_id=document.listing_id,
                slug=document.slug,
                title=document.title,
                names=" ".join(document.names),
                i18n=document.i18n,
                summary=document.summary,
                tags=" ".join(document.tags),
                vendor_name=document.vendor_name,
                category_name=document.category_name,
                price_from=document.price_from,
                rating=document.rating,
                rating_count=document.rating_count,
                rating_score=document.rating_score,
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
        with connection.cursor() as cursor:
            if postgres():
                cursor.execute(
                    VECTORS_UPDATE,
                    [
                        [document.listing_id for document in documents],
                        [document.body for document in documents],
                        [document.cjk_name for document in documents],
                        [document.cjk_summary for document in documents],
                        [document.cjk_body for document in documents],
                    ],
                )
                return
            cursor.executemany(
                "INSERT INTO search_listing_fts "
                "(rowid, title, names, summary, body, tags) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    [
                        row.pk,
                        document.title,
                        document.cjk_name,
                        f"{document.summary} {document.cjk_summary}",
                        f"{document.body} {document.cjk_body}",
                        f"{row.tags} {document.category_name}",
                    ]
                    for row, document in zip(rows, documents, strict=True)
                ],
            )

    # Searching ----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query. Whole results are cached per query and index version, so a
        popular search is answered from the cache until the index changes."""
        stamp = self._stamp()
        key = _cache_key(
            "result", stamp, synonyms_version(), query, translation.get_language()
        )
        cached = cache.get(key)
        if cached is None:
            cached = self._search(query, postings_for(stamp))
            cache.set(key, cached, timeout=CACHE_SECONDS)
        return cached

    def _search(self, query: SearchQuery, postings: Postings) -> SearchResult:
        match = self._text_match(query.text)
        counted = self._counts(query, match, postings)
        suggestions: tuple[str, ...] = ()
        if match is not None and counted.total == 0:
            corrected = self._correct(query.text)
            if corrected and corrected.lower() != query.text.lower():
                suggestions = (corrected,)
                match = self._text_match(corrected)
                counted = self._counts(query, match, postings)
        page = self._page(lambda: self._filtered(query, match), query, match, counted)
        pattern = highlight_pattern(self._highlight_terms(query.text, suggestions))
        hits = tuple(
            SearchHit(
                listing_id=row.pk,
                score=float(getattr(row, "rank", 0.0) or 0.0),
                highlights=highlights(row, pattern),
                explanation=_explain(row, query, match) if query.explain else {},
            )
            for row in page
        )
        return SearchResult(
            hits=hits,
            total=counted.total,
            facets=counted.facets,
            suggestions=suggestions,
        )

    def _text_match(self, text: str) -> TextMatch | None:
        return text_match(text)

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
        self,
        rows_of: Callable[[], QuerySet],
        query: SearchQuery,
        match: TextMatch | None,
        counted: Counted,
    ) -> list[IndexedListing]:
        """One page of results, from the rows `rows_of` selects (made only when
        needed: the hits are often known by their ids)."""
        if not counted.total:
            return []
        window = slice(query.offset, query.offset + query.page_size)
        orders = {
            "price_asc": (F("price_from").asc(nulls_last=True), "pk"),
            "price_desc": (F("price_from").desc(nulls_last=True), "pk"),
            # The score first; the displayed rating and count only break its ties.
            "rating": (
                F("rating_score").desc(nulls_last=True),
                F("rating").desc(nulls_last=True),
                "-rating_count",
                "pk",
            ),
            "newest": (F("published_at").desc(nulls_last=True), "pk"),
        }
        if query.sort in orders or match is None or match.rank is not None:
            if query.sort in orders:
                ordering = orders[query.sort]
                rows = rows_of()
            elif match is None:
                ordering = (*QUALITY_ORDER, "title", "pk")
                rows = rows_of()
            else:
                # Matches in the name first, then text relevance, then the
                # quality signals.
                ordering = ("-rank", *QUALITY_ORDER, "title", "pk")
                if match.in_name is not None and counted.in_name is not None:
                    return self._page_by_name(
                        rows_of, match.rank, match.in_name, counted, window
                    )
                rows = rows_of().annotate(rank=match.rank)
            # Only what a hit needs: sorting narrow rows is much cheaper.
            return list(rows.only(*HIT_FIELDS).order_by(*ordering)[window])
        scores = self._fts5_scores(match.fts) if match.fts else {}
        candidates = list(
            rows_of().values_list(
                "pk", "curated", "rating_score", "reference_count", "title"
            )
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
        return page

    def _page_by_name(
        self,
        rows_of: Callable[[], QuerySet],
        rank: Any,
        named: Q,
        counted: Counted,
        window: slice,
    ) -> list[IndexedListing]:
        """A page in relevance order: the hits that match in the name, then the
        others, each ranked by text relevance. The hits are known by their ids (the
        counting found them), so no row's text is matched again; a broad query
        ranks only the name matches for its first pages."""
        ordering = ("-rank", *QUALITY_ORDER, "title", "pk")
        start, stop = window.start, window.stop
        total, in_name = counted.total, counted.in_name or 0
        if total <= FEW:
            # Few hits: one statement ranks them all, the name matches first.
            hits = IndexedListing.objects.filter(among(counted.hits))
            hits = hits.annotate(rank=rank, in_name=among(counted.named or 0))
            return list(hits.only(*HIT_FIELDS).order_by("-in_name", *ordering)[window])
        page: list[IndexedListing] = []
        if start < in_name:
            first = IndexedListing.objects.filter(among(counted.named or 0))
            first = first.annotate(rank=rank)
            page += first.only(*HIT_FIELDS).order_by(*ordering)[start:stop]
            for row in page:
                row.in_name = True  # type: ignore[attr-defined]
        if stop > in_name:
            others = rows_of().exclude(named).annotate(rank=rank)
            rest = others.only(*HIT_FIELDS).order_by(*ordering)[
                max(start - in_name, 0) : stop - in_name
            ]
            for row in rest:
                row.in_name = False  # type: ignore[attr-defined]
            page += list(rest)
        return page

    def _fts5_scores(self, fts: str) -> dict[int, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(search_listing_fts, 10.0, 6.0, 3.0, 1.0, 6.0) "
                "FROM search_listing_fts WHERE search_listing_fts MATCH %s",
                [fts],
            )
            return dict(cursor.fetchall())

    def _counts(
        self, query: SearchQuery, match: TextMatch | None, postings: Postings
    ) -> Counted:
        """The total and the facet counts, cached per text, filters and index
        version: the other pages and sorts of a search reuse them."""
        key = _cache_key(
            "counts",
            postings.stamp,
            match.key if match else "",
            synonyms_version(),
            sorted((f, tuple(sorted(v))) for f, v in query.filters.items() if v),
            query.price_min,
            query.price_max,
            translation.get_language(),
        )
        cached = cache.get(key)
        if cached is None:
            cached = self._count(query, match, postings)
            cache.set(key, cached, timeout=CACHE_SECONDS)
        return cached

    def _count(
        self, query: SearchQuery, match: TextMatch | None, postings: Postings
    ) -> Counted:
        """Counted on the facet postings: the listings the text and price match, as
        a bitmap, ANDed with each facet's chosen values (ORed together). A facet's
        own choice is left out of its counts."""
        scope, named = self._matching(query, match, postings)
        chosen = {
            facet: postings.union(facet, values)
            for facet, values in query.filters.items()
            if values
        }
        total_scope = scope
        for bits in chosen.values():
            total_scope &= bits
        result: dict[str, tuple[FacetValue, ...]] = {}
        for facet in FACETS:
            facet_scope = scope
            for other, bits in chosen.items():
                if other != facet:
                    facet_scope &= bits
            counts = postings.counts(facet, facet_scope) if facet_scope else {}
            selected = set(query.filters.get(facet, ()))
            values = set(counts) | selected
            labels = facet_labels(facet, values)
            items = [
                FacetValue(
                    value=value,
                    label=labels.get(value, value),
                    count=counts.get(value, 0),
                    selected=value in selected,
                )
                for value in values
            ]
            items.sort(key=lambda item: (-item.count, item.label))
            result[facet] = tuple(items)
        total = total_scope.bit_count()
        if named is None:
            return Counted(total=total, facets=result)
        return Counted(
            total=total, facets=result, hits=total_scope, named=named & total_scope
        )

    def _matching(
        self, query: SearchQuery, match: TextMatch | None, postings: Postings
    ) -> tuple[int, int | None]:
        """The listings the text and the price bounds match, as a bitmap; and on
        PostgreSQL with text, those that match in the name (title, local name, tags
        or category), from the name vector's index."""
        bounded = query.price_min is not None or query.price_max is not None
        if match is None and not bounded:
            return postings.everything(), None
        priced = IndexedListing.objects.all()
        if query.price_min is not None:
            priced = priced.filter(price_from__gte=query.price_min)
        if query.price_max is not None:
            priced = priced.filter(price_from__lte=query.price_max)
        if match is not None and match.slots:
            # Most queries are plain words: their term postings answer.
            found = match_bits(match.slots, postings.stamp)
            if found is not None:
                scope = postings.everything()
                if bounded:
                    scope &= bits_of(priced)
                return found[0] & scope, found[1] & scope
        rows = priced.filter(match.condition) if match is not None else priced
        if not postgres():
            return bits_from_ids(rows.values_list("pk", flat=True)), None
        named = None
        if match is not None and match.in_name is not None:
            named = bits_of(IndexedListing.objects.filter(match.in_name))
        by_index = match is not None and match.reads_cjk
        return bits_of(rows, by_index=by_index), named

    # Suggestions --------------------------------------------------------------

    def suggest(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Names of listings that start with the prefix or have a word that does
        (Chinese and Japanese: that hold it), in the reader's language where that
        name matches, else in the language that matched."""
        prefix = prefix.strip()
        if len(prefix) < 2 and not has_cjk(prefix):
            return []
        rows = IndexedListing.objects.filter(
            Q(title__istartswith=prefix)
            | Q(title__icontains=f" {prefix}")
            | Q(names__icontains=prefix)
        ).order_by(*QUALITY_ORDER, "title")
        language = translation.get_language() or ""
        found: dict[str, None] = {}
        lowered = prefix.lower()
        for title, i18n in rows.values_list("title", "i18n")[: limit * 2]:
            names = [
                (i18n or {}).get(language, {}).get("title") or title,
                title,
                *((entry or {}).get("title", "") for entry in (i18n or {}).values()),
            ]
            found.setdefault(
                next((name for name in names if lowered in name.lower()), title)
            )
        return list(found)[:limit]

    def _correct(self, text: str) -> str:
        """The query with each unknown word replaced by the closest indexed word,
        and each Chinese or Japanese run by the closest known term."""
        words = WORD.findall(without_cjk(text).lower())
        runs = cjk_runs(text)
        if not words and not runs:
            return ""
        corrected = []
        if words:
            vocabulary = self._vocabulary()
            for word in words:
                if word in vocabulary or len(word) < 4:
                    corrected.append(word)
                    continue
                close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
                corrected.append(close[0] if close else word)
        if runs:
            terms = cjk_vocabulary()
            corrected.extend(closest_cjk(run, terms) for run in runs)
        return " ".join(corrected)

    def _vocabulary(self) -> list[str]:
        if postgres():
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
            words.update(WORD.findall(f"{title} {tags} {category}".lower()))
        return sorted(words)

    def _highlight_terms(self, text: str, suggestions: tuple[str, ...]) -> list[str]:
        terms: set[str] = set()
        for phrase in [text, *suggestions]:
            for alternative in expand_synonyms(phrase) if phrase else []:
                terms.update(
                    word
                    for word in WORD.findall(without_cjk(alternative).lower())
                    if len(word) > 1
                )
                terms.update(cjk_runs(alternative))
        return sorted(terms, key=len, reverse=True)

    def check(self) -> None:
        IndexedListing.objects.exists()

    def synonyms_update(self, groups: tuple[tuple[str, ...], ...]) -> None:
        """Nothing to do: the synonyms are read when a query is (`query_slots`)."""


def _posting_ids(documents: list[ListingDocument]) -> dict[tuple[str, str], list[int]]:
    """The postings these documents go into: (facet, value) -> listing ids."""
    postings: dict[tuple[str, str], list[int]] = {
        EVERYTHING: [document.listing_id for document in documents]
    }
    for document in documents:
        for facet, values in document.facet_values().items():
            for value in values:
                postings.setdefault((facet, value), []).append(document.listing_id)
    return postings


def _explain(row: IndexedListing, query: SearchQuery, match: TextMatch | None) -> dict:
    """What ordered this hit, most significant first (see `_page`)."""
    signals: dict[str, str] = {}
    if query.sort != "relevance":
        signals["sort"] = query.sort
    if match is not None and query.sort == "relevance":
        if hasattr(row, "in_name"):
            signals["matches in the name"] = "yes" if row.in_name else "no"
        signals["text relevance"] = f"{float(getattr(row, 'rank', 0.0) or 0.0):.4f}"
    signals["curated"] = "yes" if row.curated else "no"
    signals["rating"] = f"{row.rating:.1f} ({row.rating_count})" if row.rating else "—"
    signals["rating score"] = (
        f"{row.rating_score:.4f}" if row.rating_score is not None else "—"
    )
    signals["reference deployments"] = str(row.reference_count)
    if row.price_from is not None:
        signals["price from (minor units)"] = str(row.price_from)
    return signals


def _cache_key(kind: str, *parts) -> str:
    return f"search:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
