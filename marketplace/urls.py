from django.urls import path

from marketplace.views import catalog

app_name = "marketplace"

urlpatterns = [
    path("categories/<slug:slug>/", catalog.category_detail, name="category"),
    path("solutions/<slug:slug>/", catalog.listing_detail, name="listing"),
    path("vendors/<slug:slug>/", catalog.vendor_detail, name="vendor"),
    path("compare/", catalog.compare, name="compare"),
]
