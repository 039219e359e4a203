"""Keep the search index in step with the catalog: schedule an update after commit."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def schedule_index(listing_ids: list[int]) -> None:
    from search.tasks import index_listings_task

    def send() -> None:
        try:
            index_listings_task.delay(listing_ids)
        except Exception:
            # The broker is down: the write stands, and the sweep picks the listings
            # up from the pending table.
            logger.exception("could not schedule indexing of listings %s", listing_ids)
            from search.services import pending_add

            pending_add(listing_ids)

    transaction.on_commit(send)


def on_listing_changed(sender, listing_id: int, **kwargs) -> None:
    schedule_index([listing_id])


def on_rating_scores_changed(sender, listing_ids: list[int], **kwargs) -> None:
    """A review moved its kind's mean: the kind's listings take their new scores,
    a partial update rather than indexing them again."""
    from search.tasks import index_scores_task

    ids = list(listing_ids)

    def send() -> None:
        try:
            index_scores_task.delay(ids)
        except Exception:
            logger.exception("could not schedule the rating scores of %s", ids)
            from search.services import pending_add

            pending_add(ids)

    transaction.on_commit(send)
