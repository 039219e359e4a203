"""Background work of reviews: thin tasks that import the service they run inside
their own body."""

from celery import shared_task


@shared_task
def review_invitations_send_task() -> int:
    """Invite the buyers whose subscriptions have run long enough to review."""
    from reviews.invitations import review_invitations_send

    return review_invitations_send()
