from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import Invitation, Membership, Organisation, Posting, RecommendationRun


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PostingInline(admin.StackedInline):
    model = Posting
    extra = 0
    fields = ["type", "kind", "sector", "title", "status", "valid_until"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["name", "country", "kind", "status", "is_fictional", "created_at"]
    list_filter = ["country__is_partner", "kind", "status", "is_fictional", "sectors"]
    search_fields = ["name", "registration_number", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sectors"]
    inlines = [MembershipInline, PostingInline]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]


@admin.register(Posting)
class PostingAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["title", "organisation", "type", "kind", "sector", "status", "valid_until"]
    list_filter = ["type", "kind", "status", "sector"]
    search_fields = ["title", "description", "organisation__name"]
    list_select_related = ["organisation", "sector"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_by"]


@admin.register(Membership)
class MembershipAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "accepted_at", "created_at"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    exclude = ["token"]


@admin.register(RecommendationRun)
class RecommendationRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "stored", "finished_at"]
    list_filter = ["status"]
