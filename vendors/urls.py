from django.urls import path

from . import views

app_name = "vendors"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("guide/", views.integration_guide, name="guide"),
    path("profile/", views.profile, name="profile"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
]
