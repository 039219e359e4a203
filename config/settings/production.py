"""Production: everything from the environment; refuses to start without its secrets.

`manage.py check --deploy` is clean with these settings and `.env.example`'s values.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env

DEBUG = False


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"Agora's production settings need the environment variable {name}."
        )
    return value


SECRET_KEY = _required("SECRET_KEY")
if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters in production."
    )
_required("DATABASE_URL")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# With REDIS_URL set, base.py puts the cache, the sessions and the Celery broker in
# Redis, so that any web replica can answer any request and any worker take any task.
_required("REDIS_URL")
_required("EMAIL_URL")
STRIPE_SECRET_KEY = _required("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = _required("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = _required("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
WEBHOOKS_ALLOW_LOOPBACK = False
WEBHOOKS_REQUIRE_HTTPS = True
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    _required("FIELD_ENCRYPTION_KEYS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Security: HTTPS behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Requests with a forged Host header are noise, not errors to act on.
LOGGING["loggers"]["django.security.DisallowedHost"] = {"level": "ERROR"}
