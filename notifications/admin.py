from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What people were told, and what became of each e-mail (superusers: an
    e-mail that failed shows its last error here)."""

    list_display = [
        "recipient",
        "kind",
        "key",
        "created_at",
        "read_at",
        "email_state",
        "email_attempts",
    ]
    list_filter = ["email_state", "kind"]
    search_fields = ["recipient__email", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
