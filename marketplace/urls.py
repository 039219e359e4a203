from django.urls import path

from marketplace.views import catalog, vendor_portal

app_name = "marketplace"

urlpatterns = [
    path("categories/<slug:slug>/", catalog.category_detail, name="category"),
    path("solutions/<slug:slug>/", catalog.listing_detail, name="listing"),
    path("vendors/<slug:slug>/", catalog.vendor_detail, name="vendor"),
    path("compare/", catalog.compare, name="compare"),
    path("vendor/", vendor_portal.listing_list, name="vendor_listings"),
    path(
        "vendor/listings/new/", vendor_portal.listing_start, name="vendor_listing_new"
    ),
    path(
        "vendor/listings/<int:pk>/",
        vendor_portal.listing_edit,
        name="vendor_listing_edit",
    ),
    path(
        "vendor/listings/<int:pk>/preview/",
        vendor_portal.listing_preview,
        name="vendor_listing_preview",
    ),
    path(
        "vendor/listings/<int:pk>/images/",
        vendor_portal.listing_image_add,
        name="vendor_listing_image_add",
    ),
    path(
        "vendor/listings/<int:pk>/images/<int:image_id>/remove/",
        vendor_portal.listing_image_remove,
        name="vendor_listing_image_remove",
    ),
    path(
        "vendor/listings/<int:pk>/submit/",
        vendor_portal.listing_submit,
        name="vendor_listing_submit",
    ),
]
