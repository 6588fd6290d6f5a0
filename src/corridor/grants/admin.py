from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import (
    Assignment,
    AssignmentRun,
    BudgetLine,
    Call,
    Conflict,
    Criterion,
    Decision,
    HistoryEntry,
    Milestone,
    PairRule,
    Partner,
    Proposal,
    Review,
    Reviewer,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(Call)
class CallAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["title", "status", "opens_at", "closes_at", "total_budget", "currency"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline]


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    raw_id_fields = ["organisation"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["organisation"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class HistoryInline(admin.TabularInline):
    model = HistoryEntry
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "detail"]


@admin.register(Proposal)
class ProposalAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["title", "call", "lead", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["title", "keywords"]
    raw_id_fields = ["lead", "created_by"]
    inlines = [PartnerInline, BudgetLineInline, MilestoneInline, HistoryInline]


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "institution", "orcid"]
    list_filter = ["country", "calls"]
    search_fields = ["user__full_name", "user__email", "expertise", "orcid"]
    raw_id_fields = ["user", "institution"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "proposal", "source", "reason"]
    list_filter = ["source"]


@admin.register(AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    list_display = ["call", "status", "progress", "total_affinity", "created_at"]
    readonly_fields = ["uncovered"]


admin.site.register(Assignment)
admin.site.register(Review)
admin.site.register(Decision)
admin.site.register(PairRule)
