from celery import shared_task

from search.backends import get_backend


@shared_task(autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def index_listings_task(listing_ids: list[int]) -> None:
    get_backend().index(listing_ids)
