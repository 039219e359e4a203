"""Search as the rest of the site uses it: the configured engine, with the database as
a fallback while that engine is down."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache as shared_cache
from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.models import Listing
from search.backends import get_backend
from search.backends.base import SearchError, SearchHit, SearchQuery, SearchResult
from search.models import IndexedListing, PendingIndex
from search.synonyms import synonym_groups
from search.synonyms import version as synonyms_version

logger = logging.getLogger(__name__)


def engines():
    """Every engine to keep up to date: the database always (it is the fallback),
    and the configured one."""
    database = get_backend("database")
    primary = get_backend()
    return [database] if primary is database else [database, primary]


def search_listings(query: SearchQuery) -> SearchResult:
    primary = get_backend()
    try:
        return primary.search(query)
    except SearchError:
        if primary.name == "database":
            raise
        logger.warning(
            "search engine %s is down; answering from the database", primary.name
        )
        result = get_backend("database").search(query)
        return SearchResult(
            hits=result.hits,
            total=result.total,
            facets=result.facets,
            suggestions=result.suggestions,
            notice=_(
                "Search is running in a reduced mode for a moment; results may be less "
                "precise."
            ),
        )


def search_suggest(prefix: str) -> list[str]:
    primary = get_backend()
    try:
        return primary.suggest(prefix)
    except SearchError:
        return get_backend("database").suggest(prefix)


def listings_index(listing_ids: Iterable[int]) -> None:
    """Update every engine. An engine that is down keeps the listings as pending (the
    sweep retries them) and raises, so that the task retries too."""
    ids = sorted(set(listing_ids))
    failures = []
    for engine in engines():
        try:
            engine.index(ids)
        except SearchError as error:
            logger.warning("indexing in %s failed: %s", engine.name, error)
            pending_add(ids, engine_names=[engine.name])
            failures.append(error)
        else:
            PendingIndex.objects.filter(engine=engine.name, listing_id__in=ids).delete()
            if engine.name == "database":
                # Every index write starts a new cache generation; count the
                # storefront's browse facets now rather than on a buyer's request.
                engine.search(SearchQuery())
    if failures:
        raise failures[0]


def scores_index(listing_ids: Iterable[int]) -> None:
    """Give every engine these listings' new rating scores. An engine that is down
    keeps them as pending (the sweep indexes them) and raises, so that the task
    retries too."""
    ids = sorted(set(listing_ids))
    failures = []
    for engine in engines():
        try:
            engine.scores_update(ids)
        except SearchError as error:
            logger.warning("rating scores in %s failed: %s", engine.name, error)
            pending_add(ids, engine_names=[engine.name])
            failures.append(error)
        else:
            if engine.name == "database":
                # As after an index write: the storefront's browse facets now.
                engine.search(SearchQuery())
    if failures:
        raise failures[0]


def pending_add(
    listing_ids: Iterable[int], *, engine_names: Iterable[str] | None = None
) -> None:
    names = (
        list(engine_names)
        if engine_names is not None
        else [engine.name for engine in engines()]
    )
    PendingIndex.objects.bulk_create(
        [
            PendingIndex(listing_id=pk, engine=name)
            for pk in listing_ids
            for name in names
        ],
        ignore_conflicts=True,
    )


def index_sweep() -> int:
    """Catch the index up: retry pending listings, and re-index published listings
    the database index is missing or has older than their publication. Returns how
    many listings were sent."""
    sent = 0
    by_engine: dict[str, list[int]] = {}
    for engine_name, listing_id in PendingIndex.objects.values_list(
        "engine", "listing_id"
    ):
        by_engine.setdefault(engine_name, []).append(listing_id)
    curation = set(_curation_drift())
    for engine in engines():
        ids = set(by_engine.get(engine.name, [])) | curation
        if engine.name == "database":
            ids |= set(_database_drift())
        if not ids:
            continue
        try:
            engine.index(sorted(ids))
        except SearchError as error:
            logger.warning("sweep: %s still down: %s", engine.name, error)
            continue
        PendingIndex.objects.filter(engine=engine.name, listing_id__in=ids).delete()
        sent += len(ids)
    # Synonyms a push missed (the broker or an engine was down) go out now.
    try:
        synonyms_push(unless_pushed=True)
    except SearchError as error:
        logger.warning("sweep: synonyms wait: %s", error)
    return sent


def _database_drift() -> list[int]:
    from django.db.models import F, OuterRef, Subquery

    from marketplace.models import Listing

    indexed_at = Subquery(
        IndexedListing.objects.filter(pk=OuterRef("pk")).values("indexed_at")[:1]
    )
    stale = (
        Listing.objects.published()
        .annotate(indexed_at=indexed_at)
        .filter(Q(indexed_at__isnull=True) | Q(indexed_at__lt=F("last_published_at")))
        .values_list("pk", flat=True)
    )
    gone = IndexedListing.objects.exclude(
        pk__in=Listing.objects.published().values("pk")
    ).values_list("pk", flat=True)
    return [*stale, *gone]


def _curation_drift() -> list[int]:
    """Listings indexed as curated or not that no longer are: an endorsement lapsed
    at its expiry time (nothing else announces that)."""
    from django.utils import timezone

    from marketplace.models import Endorsement

    endorsed = Endorsement.objects.active(timezone.now()).values("listing_id")
    return [
        *IndexedListing.objects.filter(curated=True)
        .exclude(pk__in=endorsed)
        .values_list("pk", flat=True),
        *IndexedListing.objects.filter(curated=False, pk__in=endorsed).values_list(
            "pk", flat=True
        ),
    ]


def listings_for_hits(result: SearchResult) -> list[tuple[SearchHit, Listing]]:
    """The published listings of a result's hits, in rank order (a listing
    unpublished since it was indexed is left out)."""
    from marketplace.selectors.catalog import listings_published

    listings = listings_published().in_bulk([hit.listing_id for hit in result.hits])
    return [
        (hit, listings[hit.listing_id])
        for hit in result.hits
        if hit.listing_id in listings
    ]


SYNONYMS_PUSHED_KEY = "search:synonyms-pushed"


def synonyms_push(*, unless_pushed: bool = False) -> None:
    """Give every engine the synonyms as they are now (raises SearchError while
    one is down). With `unless_pushed`, only when they changed since the last
    push (the periodic sweep)."""
    current = synonyms_version()
    if unless_pushed and shared_cache.get(SYNONYMS_PUSHED_KEY) == current:
        return
    groups = synonym_groups()
    for engine in engines():
        engine.synonyms_update(groups)
    shared_cache.set(SYNONYMS_PUSHED_KEY, current, timeout=None)
