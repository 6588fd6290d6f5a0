from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports only: conversations are private to their two sides, also in the admin site."""

    list_display = ["reported_party_name", "reporter", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["conversation", "message", "quoted", "reported_party_name", "reporter", "reason"]
