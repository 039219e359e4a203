from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("solutions/<slug:slug>/review/", views.review_write, name="write"),
    path("reviews/<int:pk>/report/", views.review_report, name="report"),
    path("reviews/<int:pk>/helpful/", views.review_helpful, name="helpful"),
    path("vendor/reviews/", views.vendor_reviews, name="vendor"),
    path("vendor/reviews/<int:pk>/reply/", views.vendor_reply, name="vendor_reply"),
]
