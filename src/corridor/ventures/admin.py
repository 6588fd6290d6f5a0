from django.contrib import admin

from .models import ContextFigure, Disbursement, Pledge, StageTransition, Venture, VentureParty


class PartyInline(admin.TabularInline):
    model = VentureParty
    extra = 0
    autocomplete_fields = ["organisation"]


class TransitionInline(admin.TabularInline):
    model = StageTransition
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "on", "note", "by"]
    can_delete = False


@admin.register(Venture)
class VentureAdmin(admin.ModelAdmin):
    list_display = ["title", "sector", "stage", "stage_since", "is_confidential", "is_fictional"]
    list_filter = ["stage", "sector", "is_confidential", "is_fictional"]
    search_fields = ["title"]
    inlines = [PartyInline, TransitionInline]
    raw_id_fields = ["origin_meeting", "origin_award", "origin_placement", "origin_recommendation"]


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "target_country", "amount", "currency", "announced_on"]
    list_filter = ["target_country", "sector", "is_fictional"]
    search_fields = ["title", "organisation__name"]
    inlines = [DisbursementInline]


@admin.register(ContextFigure)
class ContextFigureAdmin(admin.ModelAdmin):
    list_display = ["kind", "country", "year", "value", "unit", "source_name", "is_preferred"]
    list_filter = ["kind", "country"]
