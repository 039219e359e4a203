"""Periodic work of the marketplace."""

from celery import shared_task

from marketplace.services.curation import endorsements_remind


@shared_task
def endorsements_remind_task() -> int:
    """E-mail curators about endorsements to review again (each once)."""
    return endorsements_remind()
