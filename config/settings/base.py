"""Settings shared by every environment.

Every value comes from the environment (or a ``.env`` file beside ``manage.py``)
through django-environ. Defaults here are safe for development only; ``production.py``
refuses to start without the secrets it needs. ``.env.example`` lists every variable.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file beside manage.py is read unless DJANGO_READ_DOT_ENV_FILE=false; variables
# already in the environment win.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True) and (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-development-only-key-never-used-in-production",
)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Curators are reminded this many days before an endorsement lapses.
ENDORSEMENT_REMINDER_DAYS = env.int("ENDORSEMENT_REMINDER_DAYS", default=30)
# Buyers are invited to review a solution once their subscription to it has been
# active this many days.
REVIEW_INVITE_AFTER_DAYS = env.int("REVIEW_INVITE_AFTER_DAYS", default=30)
# Ranking by rating: a listing's reviews count against this many imagined reviews at
# its kind's mean (the Bayesian average in docs/architecture.md, "Ratings in ranking").
RATING_PRIOR_WEIGHT = env.int("RATING_PRIOR_WEIGHT", default=5)

# Apps ----------------------------------------------------------------------------

INSTALLED_APPS = [
    # Ours come first so their templates override the libraries' ones.
    "accounts",
    "vendors",
    "marketplace",
    "search",
    "notifications",
    "reviews",
    "analytics",
    # Wagtail (wagtail-localize translates the editorial pages; its own locales
    # admin replaces wagtail.locales)
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_countries",
    "django_htmx",
    "axes",
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above every middleware that answers by itself, so that its pages have it too.
    "config.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.NulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.verification_middleware.EmailVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Where the editorial pages' addresses lead, remembered per catalog version.
    "marketplace.middleware.EditorialRoutesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.current_organization",
                "notifications.context_processors.notifications",
                "marketplace.context_processors.approvals_count",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Data ----------------------------------------------------------------------------

# The embedded default is a SQLite file; production passes a PostgreSQL URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'agora.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agora",
            "TIMEOUT": 300,
        }
    }
    # Sessions live in Redis so that any web replica can serve any request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "agora",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Fragments of the public pages kept in the cache, keyed by the catalog's version
# (marketplace.services.page_cache). Only with a cache every process shares: with the
# in-process one a change made by another process would not be seen.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600 if REDIS_URL else 0)
# The release running (e.g. the commit a deploy builds): cached fragments of one
# release are never served by another. Empty: a digest of the files that render pages
# (config.release).
RELEASE = env("RELEASE", default="")

# Accounts ------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Sign-up e-mails a link that verifies the address; until it is followed the account
# can only ask for it again, at most EMAIL_VERIFICATION_RESEND_RATE times.
EMAIL_VERIFICATION_VALID_DAYS = env.int("EMAIL_VERIFICATION_VALID_DAYS", default=3)
EMAIL_VERIFICATION_RESEND_RATE = env("EMAIL_VERIFICATION_RESEND_RATE", default="3/hour")
# Sessions last SESSION_COOKIE_AGE seconds (two weeks); staff's, whoever reaches the
# Wagtail or the Django admin, only STAFF_SESSION_AGE seconds after their last request
# (accounts.middleware.StaffSessionMiddleware): a staff session left open on a shared
# computer can do far more harm than a buyer's.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=60 * 60 * 2)

# Password guessing: after LOGIN_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked out for LOGIN_LOCKOUT_MINUTES (django-axes); after
# LOGIN_FAILURE_LIMIT_PER_IP wrong passwords from one address, whatever the accounts,
# that address is (accounts.security.LoginLockoutHandler says why axes' own
# per-address parameter does not do). Every password login goes through it: the site,
# the Wagtail admin and the Django admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.security.LoginLockoutHandler"
LOGIN_FAILURE_LIMIT_PER_IP = env.int("LOGIN_FAILURE_LIMIT_PER_IP", default=50)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "accounts.security.login_attempt_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1"]
# Behind a reverse proxy, the client's address is the last one it adds.
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = [
    *(["HTTP_X_FORWARDED_FOR"] if AXES_IPWARE_PROXY_COUNT else []),
    "REMOTE_ADDR",
]
# Password reset e-mails asked for, per e-mail address and per client address
# (config.ratelimit); more are refused with 429.
PASSWORD_RESET_RATE_PER_EMAIL = env("PASSWORD_RESET_RATE_PER_EMAIL", default="3/hour")
PASSWORD_RESET_RATE_PER_IP = env("PASSWORD_RESET_RATE_PER_IP", default="20/hour")
CURATORS_GROUP = "Curators"
FINANCE_GROUP = "Finance"

# E-mail: printed to the console in development, SMTP (EMAIL_URL) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Agora <no-reply@agora.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A notification's e-mail that meets an SMTP error is tried again after this many
# seconds, doubling each time, up to NOTIFICATION_EMAIL_MAX_ATTEMPTS attempts in all.
NOTIFICATION_EMAIL_RETRY_SECONDS = env.int(
    "NOTIFICATION_EMAIL_RETRY_SECONDS", default=60
)
NOTIFICATION_EMAIL_MAX_ATTEMPTS = env.int("NOTIFICATION_EMAIL_MAX_ATTEMPTS", default=5)

# Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
]
# The editorial pages (home, Select, collections, case studies) exist in each
# language, translated in the admin with wagtail-localize; the catalog's own
# translations are in `marketplace.translations`.
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Static and media -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# `npm run build` copies the design system's compiled assets into assets/build.
STATICFILES_DIRS = [BASE_DIR / "assets" / "src", BASE_DIR / "assets" / "build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Wagtail ------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Agora"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_I18N_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "zip"]
# Staff avatars are not fetched from Gravatar: it would learn who uses the admin, and
# the Content-Security-Policy allows images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy -----------------------------------------------------------

# Django 5.2 has no Content-Security-Policy of its own (it comes with Django 6.0), so
# django-csp sends it: Mozilla's package, now kept by Django Commons, whose 4.x settings
# are the directives in one dict, as Django 6.0's SECURE_CSP will be (a move then is a
# rename). Every script and style of ours is a static file, so no page of ours needs
# 'unsafe-inline' or a nonce. config.csp adds, at each response, Stripe.js's sources
# (its script, API and frames, from the Stripe settings) and, in the Wagtail admin
# only, the inline scripts and styles Wagtail still writes; see docs/operations.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        # The design system's stylesheet draws some icons as data: URIs; Wagtail's
        # image fields preview a chosen file before it is uploaded (blob:).
        "img-src": [SELF, "data:", "blob:"],
        # Wagtail's live preview shows our own pages in a frame.
        "frame-src": [SELF],
        # As X-Frame-Options says: no one frames our pages, except the Wagtail admin
        # its previews (config.csp follows their X-Frame-Options: SAMEORIGIN).
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# API ----------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    # drf-standardized-errors' handler, with its handler class ours (below).
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Counted in the cache: per process in development, shared through Redis in
    # production.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANONYMOUS", default="120/minute"),
        "user": env("API_RATE_USER", default="600/minute"),
    },
}
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # Maps Django's exceptions, and the services' own (API_EXCEPTIONS), to API errors.
    "EXCEPTION_HANDLER_CLASS": "config.api.exceptions.ExceptionHandler",
    "ALLOWED_ERROR_STATUS_CODES": [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "413",
        "415",
        "429",
        "500",
    ],
    "ERROR_SCHEMAS": {"413": "config.api.schema.ErrorResponse413Serializer"},
}
# Exceptions of the services that API v1 answers as one of its errors; a client
# error keeps the service's message.
API_EXCEPTIONS = {
    "marketplace.payments.stripe.PaymentError": (
        "marketplace.api.buying.PaymentUnavailable"
    ),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Agora API",
    "DESCRIPTION": (
        "Public API v1 of the Agora marketplace. Authenticate with a session or "
        "with `Authorization: Bearer <api key>`. Paths and shapes change only "
        "additively."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from our own static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-standardized-errors documents its error codes as enums with stable names.
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": (
            f"drf_standardized_errors.openapi_serializers.{name}Enum.choices"
        )
        for name in (
            "ValidationError",
            "ClientError",
            "ServerError",
            *(f"ErrorCode{code}" for code in (401, 403, 404, 405, 406, 415, 429, 500)),
        )
    }
    | {
        f"ErrorCode{code}Enum": f"config.api.schema.ErrorCode{code}Enum.choices"
        for code in (409, 413, 503)
    }
    # Several fields are called `kind`: each set of choices gets its own name.
    | {
        "OrderKindEnum": "marketplace.models.OrderKind.values",
        "DocumentKindEnum": "marketplace.models.DocumentKind.values",
    },
    "PREPROCESSING_HOOKS": ["config.api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums"
    ],
}

# Celery -------------------------------------------------------------------------

# The embedded default needs no broker server: kombu's filesystem transport keeps the
# queue in var/broker. Production passes redis://.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"


def filesystem_transport_options(folder: Path) -> dict[str, Any]:
    """kombu's filesystem transport keeps each message as a file under `folder`."""
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(VAR_DIR / "broker")
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
# Workers keep a database connection across tasks (closed every few hundred tasks
# and whenever CONN_MAX_AGE or a failed health check says so) instead of opening one
# per task, which would cost more than most tasks do.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=200)
CELERY_TASK_ACKS_LATE = True
# Search indexing has its own queue: a burst of index updates (a catalog import, a
# reindex) never delays payments and provisioning on the default queue. Workers
# consume all three (`-Q celery,search,webhooks`).
# Vendor webhooks too: a slow vendor endpoint holds only webhook workers.
CELERY_TASK_ROUTES = {
    "search.tasks.*": {"queue": "search"},
    "vendors.webhooks.tasks.*": {"queue": "webhooks"},
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "accounts-invitations-expire": {
        "task": "accounts.tasks.invitations_expire_task",
        "schedule": 3600.0,
    },
    "search-index-sweep": {
        "task": "search.tasks.index_sweep_task",
        "schedule": 300.0,
    },
    "marketplace-stripe-events-sweep": {
        "task": "marketplace.tasks.stripe_events_sweep_task",
        "schedule": 300.0,
    },
    "vendors-webhook-deliveries-sweep": {
        "task": "vendors.webhooks.tasks.deliveries_sweep_task",
        "schedule": 30.0,
    },
    # Renewal charges, dunning and term ends, as of today (idempotent per day).
    "marketplace-billing-run": {
        "task": "marketplace.tasks.billing_run_task",
        "schedule": 3600.0,
    },
    "marketplace-endorsements-remind": {
        "task": "marketplace.tasks.endorsements_remind_task",
        "schedule": 3600.0,
    },
    "notifications-emails-sweep": {
        "task": "notifications.tasks.notification_emails_sweep_task",
        "schedule": 300.0,
    },
    # Buyers whose subscriptions have run a while are asked for a review, once.
    "reviews-invitations-send": {
        "task": "reviews.tasks.review_invitations_send_task",
        "schedule": 3600.0,
    },
    # The statistics' rollups catch up with the orders, views and provisioning.
    "analytics-rollups-refresh": {
        "task": "analytics.tasks.rollups_refresh_task",
        "schedule": 60.0,
    },
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Marketplace -------------------------------------------------------------------

# Prices are integers in minor units of this ISO 4217 currency unless a plan says
# otherwise.
DEFAULT_CURRENCY = env("DEFAULT_CURRENCY", default="CNY")

# Integrations: each stays off until configured -------------------------------------

# Search: "database" (PostgreSQL full-text or SQLite FTS5) or "elasticsearch".
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
SEARCH_BACKEND = env("SEARCH_BACKEND", default="") or (
    "elasticsearch" if ELASTICSEARCH_URL else "database"
)
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="agora")
# Seconds a search request may take before the engine counts as down.
SEARCH_TIMEOUT = env.float("SEARCH_TIMEOUT", default=5.0)

# Stripe: local development talks to localstripe on 127.0.0.1:8420.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_agora_local")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="pk_test_agora_local")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_agora_local")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# Where browsers load Stripe.js; empty: Stripe's own, or localstripe's stand-in when
# STRIPE_API_BASE points at localstripe.
STRIPE_JS_URL = env("STRIPE_JS_URL", default="")
STRIPE_API_VERSION = "2024-06-20"
# Card payments save the card on the organization's Stripe customer for renewals
# (`setup_future_usage=off_session`). Off only against localstripe, which refuses
# the parameter (and charges a customer's cards off-session without it).
STRIPE_SETUP_FUTURE_USAGE = env.bool(
    "STRIPE_SETUP_FUTURE_USAGE", default=not STRIPE_API_BASE
)
# A Stripe event whose handler fails is tried again after this many seconds,
# doubling each time, up to STRIPE_EVENT_MAX_ATTEMPTS attempts in all; then it is
# marked failed for finance (Wagtail admin: Finance, Stripe events).
STRIPE_EVENT_RETRY_SECONDS = env.int("STRIPE_EVENT_RETRY_SECONDS", default=60)
STRIPE_EVENT_MAX_ATTEMPTS = env.int("STRIPE_EVENT_MAX_ATTEMPTS", default=8)

# Buying: tax on quotes, the platform's commission on vendor orders (both in basis
# points: 600 = 6 %), and how long a quote can be ordered.
TAX_RATE_BASIS_POINTS = env.int("TAX_RATE_BASIS_POINTS", default=600)
PLATFORM_COMMISSION_BASIS_POINTS = env.int(
    "PLATFORM_COMMISSION_BASIS_POINTS", default=800
)
QUOTE_VALIDITY_DAYS = env.int("QUOTE_VALIDITY_DAYS", default=30)
# Phases: a later phase's prices hold until its planned start plus this many days.
PHASE_PRICE_HOLD_GRACE_DAYS = env.int("PHASE_PRICE_HOLD_GRACE_DAYS", default=30)
# Billing: an invoice is due this many days after it is issued; a renewal card
# charge that fails is tried again this many days after the first failure, and
# after the last one (or an invoice this many days past due) the subscriptions it
# bills are suspended until it is paid.
INVOICE_PAYMENT_DAYS = env.int("INVOICE_PAYMENT_DAYS", default=30)
DUNNING_RETRY_DAYS = [
    int(day) for day in env.list("DUNNING_RETRY_DAYS", default=[1, 3, 7])
]
INVOICE_SUSPEND_AFTER_DAYS = env.int("INVOICE_SUSPEND_AFTER_DAYS", default=14)
# The seller invoices, receipts and credit notes name.
PLATFORM_LEGAL_NAME = env("PLATFORM_LEGAL_NAME", default="Agora Marketplace Ltd.")
PLATFORM_ADDRESS = env(
    "PLATFORM_ADDRESS", default="1 Harbour Road, Futian District, Shenzhen, China"
)
PLATFORM_TAX_ID = env("PLATFORM_TAX_ID", default="")
PLATFORM_BANK_DETAILS = env(
    "PLATFORM_BANK_DETAILS",
    default="Bank: Example Bank, Shenzhen Branch · Account: 0000 0000 0000 0000",
)
# Open Contracting: the prefix of every contracting process's id (ocid) in the OCDS
# release packages of procurement dossiers, as the Open Contracting Partnership
# registered it for this publisher ("ocds-" and six characters); the default is a
# placeholder for development.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-agora0")
# A cancelled subscription's vendor keeps the buyer's data this many days by default.
SUBSCRIPTION_DATA_RETENTION_DAYS = env.int(
    "SUBSCRIPTION_DATA_RETENTION_DAYS", default=90
)
# Fonts of the quote PDFs: one for Latin text, and one for the Chinese and Japanese
# characters it lacks (Debian: fonts-dejavu-core, fonts-droid-fallback).
PDF_FONT = env("PDF_FONT", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PDF_FALLBACK_FONT = env(
    "PDF_FALLBACK_FONT",
    default="/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

# Encryption at rest of secrets and credentials (vendor webhook secrets, access
# details vendors report): Fernet keys, the first encrypts, all decrypt, so a new key
# goes first and an old one stays until `manage.py reencrypt` has run. Without keys,
# one is derived from SECRET_KEY (development only; production requires them).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

# Vendor webhooks (see docs/vendor-integration.md). Loopback targets and plain http
# are allowed only in development and tests.
WEBHOOKS_ALLOW_LOOPBACK = env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=False)
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=True)
# Seconds for a whole delivery request.
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=10.0)
# The most deliveries a worker claims at once, and the threads each worker process
# sends them with (requests in flight per process).
WEBHOOKS_BATCH = env.int("WEBHOOKS_BATCH", default=50)
WEBHOOKS_SENDERS = env.int("WEBHOOKS_SENDERS", default=10)
# A drain sends batches for this many seconds at most, then leaves its worker process
# to other tasks (another drain is on its way if more is due).
WEBHOOKS_DRAIN_SECONDS = env.float("WEBHOOKS_DRAIN_SECONDS", default=10.0)
# Finished requests of a batch are recorded together, at the latest this many
# seconds after the first of them finished (or once 50 have).
WEBHOOKS_RECORD_AFTER = env.float("WEBHOOKS_RECORD_AFTER", default=0.05)
# Delays (seconds) before each retry after the first attempt; each gets up to 10 %
# jitter. The default is about three days.
WEBHOOKS_RETRY_DELAYS = [
    int(delay)
    for delay in env.list(
        "WEBHOOKS_RETRY_DELAYS",
        default=[
            "5",
            "300",
            "1800",
            "7200",
            "18000",
            "36000",
            "50400",
            "72000",
            "86400",
        ],
    )
]
# An endpoint whose deliveries have all failed for this many days is disabled.
WEBHOOKS_DISABLE_AFTER_DAYS = env.int("WEBHOOKS_DISABLE_AFTER_DAYS", default=5)
# How long the previous secret still signs after a rotation.
WEBHOOKS_ROTATION_OVERLAP_HOURS = env.int("WEBHOOKS_ROTATION_OVERLAP_HOURS", default=24)
# Test events ("ping") a vendor may send, portal and API together (config.ratelimit).
WEBHOOKS_TEST_EVENT_RATE = env("WEBHOOKS_TEST_EVENT_RATE", default="10/hour")

# Health ------------------------------------------------------------------------

HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# Logging ------------------------------------------------------------------------

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler would print every record a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # One line per search-index update is noise.
        "django_tasks": {"level": "WARNING"},
    },
}
