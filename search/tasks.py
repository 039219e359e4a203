from celery import shared_task

from search.backends.base import SearchError
from search.services import index_sweep, listings_index, scores_index, synonyms_push


@shared_task(autoretry_for=(SearchError,), retry_backoff=5, max_retries=8)
def index_listings_task(listing_ids: list[int]) -> None:
    listings_index(listing_ids)


@shared_task(autoretry_for=(SearchError,), retry_backoff=5, max_retries=8)
def index_scores_task(listing_ids: list[int]) -> None:
    scores_index(listing_ids)


@shared_task
def index_sweep_task() -> int:
    return index_sweep()


@shared_task(autoretry_for=(SearchError,), retry_backoff=5, max_retries=8)
def synonyms_push_task() -> None:
    synonyms_push()
