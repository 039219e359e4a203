from django.contrib import admin

from .models import Vendor


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["organization", "legal_name", "status", "verified_at"]
    list_filter = ["status"]
    search_fields = ["organization__name", "legal_name", "registration_number"]
    readonly_fields = ["verified_at", "verified_by", "created_at"]
    autocomplete_fields = ["organization"]
