"""Production: everything from the environment; refuses to start without its secrets,
or with the development values `.env.example` publishes.

`manage.py check --deploy` is clean with these settings, `.env.example`'s other values
and secrets generated as it says.
"""

from cryptography.fernet import Fernet
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
try:
    for _key in FIELD_ENCRYPTION_KEYS:
        Fernet(_key)
except ValueError as error:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
        "(32 url-safe base64-encoded bytes)."
    ) from error

# Anyone can read the development values committed in .env.example (and base.py's
# defaults): a production that kept one is open to them. With the webhook secret, a
# buyer could sign a `payment_intent.succeeded` of their own and have an order marked
# paid; with the secret key, forge sessions and signed links; with the encryption key,
# read the vendors' webhook secrets in a backup. Each marker is part of a published
# value: the `change-me…` placeholders (the secret key, the compose passwords inside
# DATABASE_URL and ELASTICSEARCH_URL), the local Stripe keys, Django's insecure
# development key, and the committed Fernet key.
PUBLISHED_MARKERS = (
    "change-me",
    "agora_local",
    "django-insecure",
    "SHZ2nS-04ucv7pGvXqnFhBhdkr_Pd8_pFdcq7_kbw5U=",
)
SECRET_VARIABLES = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "ELASTICSEARCH_URL",
    "EMAIL_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "FIELD_ENCRYPTION_KEYS",
)
# Only the first encryption key encrypts: a published one may follow it, to decrypt
# what it encrypted, until `manage.py reencrypt` has run (docs/operations.md).
_values = {name: env.str(name, default="") for name in SECRET_VARIABLES}
_values["FIELD_ENCRYPTION_KEYS"] = FIELD_ENCRYPTION_KEYS[0]
_published = [
    name
    for name, value in _values.items()
    if any(marker in value for marker in PUBLISHED_MARKERS)
]
if _published:
    raise ImproperlyConfigured(
        "Agora's production settings refuse the development values published in "
        f".env.example: {', '.join(_published)}. Generate new ones as .env.example "
        "and docs/operations.md say."
    )

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
