from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("verify-email/", views.email_verification, name="email_verification"),
    path(
        "verify-email/resend/",
        views.email_verification_resend,
        name="email_verification_resend",
    ),
    path("verify-email/<str:token>/", views.email_verify, name="email_verify"),
    path("", views.dashboard, name="dashboard"),
    path("organization/new/", views.organization_create, name="organization_create"),
    path("organization/switch/", views.organization_switch, name="organization_switch"),
    path(
        "organization/settings/",
        views.organization_settings,
        name="organization_settings",
    ),
    path("organization/members/", views.members, name="members"),
    path("organization/members/<int:pk>/", views.member_edit, name="member_edit"),
    path(
        "organization/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
