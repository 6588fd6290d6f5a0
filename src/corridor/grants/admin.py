from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from . import services
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


class CriterionFormSet(BaseInlineFormSet):
    """The same rule as ``services.create_call``: at least one criterion, weights above zero."""

    def clean(self):
        super().clean()
        kept = [
            (f.cleaned_data.get("name", ""), f.cleaned_data.get("weight"))
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        errors = services.criteria_errors([(n, w if w is not None else 0) for n, w in kept])
        if errors:
            raise ValidationError(errors["criteria"])


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 1


class CallAdminForm(forms.ModelForm):
    """Validates through ``services.call_errors``, the rules the secretariat's page uses."""

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "description",
            "sectors",
            "challenges",
            "currency",
            "total_budget",
            "max_award",
            "time_zone",
            "opens_at",
            "closes_at",
            "review_deadline",
            "startup_required",
            "reviews_per_proposal",
            "min_load",
            "max_load",
            "score_scale",
            "disagreement_threshold",
            "required_documents",
            "themes_at_least_once",
            "share_low",
            "share_high",
            "status",
        ]

    def clean(self):
        data = super().clean()
        errors = services.call_errors(
            title=data.get("title", ""),
            total_budget=data.get("total_budget"),
            max_award=data.get("max_award"),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            time_zone=data.get("time_zone", ""),
            review_deadline=data.get("review_deadline"),
            reviews_per_proposal=data.get("reviews_per_proposal"),
            min_load=data.get("min_load"),
            max_load=data.get("max_load"),
            score_scale=data.get("score_scale"),
            criteria=None,
        )
        for field, message in errors.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


@admin.register(Call)
class CallAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    form = CallAdminForm
    show_auditlog_history_link = True
    list_display = ["title", "status", "opens_at", "closes_at", "time_zone", "total_budget", "currency"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    # The seed and the draw are set by decision support and published with the decisions.
    readonly_fields = ["lottery_seed", "lottery_draw", "created_by"]
    inlines = [CriterionInline]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


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

    def save_related(self, request, form, formsets, change):
        # A reviewer added here gets the same conflict detection as one invited on the page
        # (and ``execute_assignment`` re-detects for the whole call before every run).
        super().save_related(request, form, formsets, change)
        for call in form.instance.calls.all():
            services.detect_call_conflicts(call=call)


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
