from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from config import health
from marketplace.payments.webhooks import stripe_webhook
from search import views as search_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", include("config.api.urls")),
    path("webhooks/stripe/", stripe_webhook, name="stripe_webhook"),
    path("account/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("reviews.urls")),
    # Django's language switch, which also keeps a signed-in user's choice.
    path("i18n/setlang/", account_views.language_switch, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggestions, name="search_suggest"),
    path("search/saved/", search_views.saved_search_list, name="search_saved"),
    path(
        "search/saved/<int:pk>/freeze/",
        search_views.saved_search_freeze_view,
        name="search_saved_freeze",
    ),
    path(
        "search/saved/<int:pk>/package/",
        search_views.saved_search_package,
        name="search_saved_package",
    ),
    path(
        "search/snapshots/<int:pk>.csv",
        search_views.snapshot_download,
        name="search_snapshot_csv",
    ),
    path("vendor/statistics/", include("analytics.urls")),
    path("vendor/", include("vendors.urls")),
    path("", include("marketplace.urls")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A request Django cannot read (too many fields, a body over the limit …): a JSON
# error under /api/, a page elsewhere; 413 for a body over the limit.
handler400 = "config.errors.bad_request"

# Wagtail serves the editorial pages (home page and, later, the curated tier) last.
urlpatterns += [path("", include(wagtail_urls))]
