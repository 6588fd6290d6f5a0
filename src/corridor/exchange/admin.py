from django.contrib import admin

from .models import (
    Application,
    CheckIn,
    Choice,
    Cohort,
    Evaluation,
    HostPlace,
    Outcome,
    Placement,
    PlacementRun,
    Programme,
)


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name", "applications_open", "applications_close", "match_date"]
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "direction", "created_at"]
    list_filter = ["direction"]
    search_fields = ["title"]
    inlines = [CohortInline]


class HostInline(admin.TabularInline):
    model = HostPlace
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "places", "city"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "applications_open", "applications_close", "match_date"]
    list_filter = ["programme"]
    search_fields = ["name"]
    inlines = [HostInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "cohort", "stage", "status", "created_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "cohort"]
    inlines = [ChoiceInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["host", "application", "position", "score", "acceptable"]
    list_select_related = ["host__organisation", "application__organisation"]


@admin.register(PlacementRun)
class PlacementRunAdmin(admin.ModelAdmin):
    list_display = ["cohort", "mode", "status", "stable", "blocking_pairs", "created_at"]
    list_filter = ["mode", "status"]
    readonly_fields = ["stats"]


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["application", "host", "choice_rank", "status"]
    list_filter = ["status"]
    list_select_related = ["application__organisation", "application__cohort", "host__organisation"]
    inlines = [CheckInInline]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["placement", "customers_won", "jobs_created", "funding_raised", "funding_currency"]
    list_select_related = ["placement__application__organisation", "placement__host__organisation"]
