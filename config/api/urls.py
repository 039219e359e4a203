"""API v1. Paths and shapes change only additively; integrators depend on them."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import ApiKeyListView, MeView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("me/", MeView.as_view(), name="me"),
    path("me/api-keys/", ApiKeyListView.as_view(), name="api-keys"),
]
