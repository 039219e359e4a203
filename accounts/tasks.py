from celery import shared_task

from . import services


@shared_task
def invitations_expire_task() -> int:
    return services.invitations_expire()
