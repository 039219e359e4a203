"""The Celery application. Tasks are discovered in each app's ``tasks`` module."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("agora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The webhook engine keeps its tasks beside it.
app.autodiscover_tasks(["vendors.webhooks"])
