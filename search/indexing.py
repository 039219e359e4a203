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
