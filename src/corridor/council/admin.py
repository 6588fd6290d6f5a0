from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import (
    Commitment,
    CouncilMeeting,
    CouncilMember,
    Decision,
    Evidence,
    Indicator,
    IndicatorValue,
    Review,
    ReviewComment,
    ReviewNarrative,
)


@admin.register(CouncilMember)
class CouncilMemberAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["name", "country", "role", "title", "is_active"]
    list_filter = ["country", "role", "is_active"]
    search_fields = ["name", "title"]


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 1


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["title", "held_on", "location"]
    inlines = [DecisionInline]
    date_hierarchy = "held_on"


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["code", "title", "pillar", "owner_country", "due_date", "status"]
    list_filter = ["pillar", "status", "owner_country"]
    search_fields = ["code", "title"]
    inlines = [EvidenceInline]
    autocomplete_fields = ["owner_organisation", "owner_user"]


@admin.register(Indicator)
class IndicatorAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["code", "name", "pillar", "source", "unit", "baseline_value", "target_value", "is_public"]
    list_filter = ["pillar", "source", "is_public"]
    search_fields = ["code", "name"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Read-only: values change only through submission and four-eyes validation."""

    show_auditlog_history_link = True
    list_display = [
        "indicator",
        "period",
        "country",
        "value",
        "version",
        "status",
        "submitted_by",
        "validated_by",
    ]
    list_filter = ["status", "period", "country"]
    list_select_related = ["indicator", "country", "submitted_by", "validated_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class NarrativeInline(admin.StackedInline):
    model = ReviewNarrative
    extra = 0


class CommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0


@admin.register(Review)
class ReviewAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Reviews are opened and published on their pages; a published one is read-only here too."""

    show_auditlog_history_link = True
    list_display = ["title", "period", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "published_by", "pdf_render_seconds"]
    inlines = [NarrativeInline, CommentInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)
