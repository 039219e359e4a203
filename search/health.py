"""The search engine's part in the readiness check."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings


def search_engine_check() -> Callable[[], None] | None:
    """A check that pings the search engine, or None when search runs in the database.

    The database backend is covered by the database check already.
    """
    if settings.SEARCH_BACKEND != "elasticsearch":
        return None

    def check() -> None:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(
            settings.ELASTICSEARCH_URL,
            request_timeout=settings.HEALTH_CHECK_TIMEOUT,
            max_retries=0,
        )
        try:
            if not client.ping():
                raise ConnectionError("Elasticsearch did not answer the ping")
        finally:
            client.close()

    return check
