"""Search as the rest of the site uses it: the configured engine, with the database as
a fallback while that engine is down."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils.translation import gettext as _

from search.backends import get_backend
from search.backends.base import SearchError, SearchQuery, SearchResult

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
    """Update every engine; an engine that is down raises, so that the task retries."""
    ids = list(listing_ids)
    failures = []
    for engine in engines():
        try:
            engine.index(ids)
        except SearchError as error:
            failures.append(error)
    if failures:
        raise failures[0]
