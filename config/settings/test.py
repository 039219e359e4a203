"""Settings for the test suite.

With DATABASE_URL and REDIS_URL set (as CI does) the suite runs on PostgreSQL and Redis;
without them on SQLite and in-process stand-ins.
"""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_URL,
    DATABASES,
    VAR_DIR,
    env,
    filesystem_transport_options,
)

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-and-variety-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than memory, so that a test can close the connection and open it
    # again (the readiness tests do) and the live server shares the data.
    # Beside the database it tests, so runs against different databases never share
    # one (var/agora.sqlite3 is tested in var/test-agora-<pid>.sqlite3); the process
    # id keeps two runs at once (two terminals) apart. Django removes it afterwards.
    _name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {
        "NAME": str(_name.with_name(f"test-{_name.stem}-{os.getpid()}{_name.suffix}"))
    }

# Tasks run inside the test process unless a test starts a real worker. The broker is
# Redis when REDIS_URL is set, else the filesystem transport in a folder of the tests'
# own, which a worker process started by a test shares.
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_DIR = VAR_DIR / "test-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(CELERY_BROKER_DIR)
CELERY_TASK_ALWAYS_EAGER = True
# Pages are rendered afresh unless a test of the page cache turns it on.
PAGE_CACHE_SECONDS = 0
CELERY_TASK_EAGER_PROPAGATES = True

STRIPE_API_BASE = env("STRIPE_API_BASE", default="") or "http://127.0.0.1:8420"
# localstripe refuses `setup_future_usage` (see base.py).
STRIPE_SETUP_FUTURE_USAGE = env.bool("STRIPE_SETUP_FUTURE_USAGE", default=False)
WEBHOOKS_REQUIRE_HTTPS = False
WEBHOOKS_ALLOW_LOOPBACK = True

# pytest-django's live_server runs in a thread beside Playwright's event loop.
import os  # noqa: E402

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
