from django.urls import path

from analytics import vendor_views

app_name = "analytics"

urlpatterns = [
    path("", vendor_views.vendor_statistics, name="vendor_statistics"),
    path(
        "<slug:key>.csv",
        vendor_views.vendor_statistics_csv,
        name="vendor_statistics_csv",
    ),
]
