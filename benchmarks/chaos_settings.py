"""The development settings with one periodic task, the webhook engine's sweep: the
beat of `chaos.py`."""

from config.settings.local import *  # noqa: F403
from config.settings.local import CELERY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {
    name: entry
    for name, entry in CELERY_BEAT_SCHEDULE.items()
    if entry["task"] == "vendors.webhooks.tasks.deliveries_sweep_task"
}
