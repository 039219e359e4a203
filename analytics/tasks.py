"""Background work of the statistics."""

from celery import shared_task


@shared_task
def rollups_refresh_task() -> int:
    """Move the view counts out of Redis and bring the rollups up to date."""
    from analytics.services import rollups_refresh

    return rollups_refresh()
