from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from .models import HeadlineFigure, ImportJob, SectorMapping, TargetSetting, TradeRelease


@admin.register(TradeRelease)
class TradeReleaseAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = [
        "id",
        "title",
        "dataset",
        "format",
        "row_count",
        "is_published",
        "is_current",
        "is_illustrative",
        "created_at",
    ]
    list_filter = ["format", "is_published", "is_current", "is_illustrative"]
    search_fields = ["title", "dataset", "file_name", "file_sha256"]
    readonly_fields = [
        "file_sha256",
        "parquet_name",
        "row_count",
        "year_min",
        "year_max",
        "supersedes",
        "imported_by",
    ]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "file_name", "format", "status", "result", "progress", "error_count", "created_at"]
    list_filter = ["status", "result", "format"]
    readonly_fields = ["errors", "error", "release", "actor", "stored_path", "started_at", "finished_at"]


@admin.register(HeadlineFigure)
class HeadlineFigureAdmin(admin.ModelAdmin):
    list_display = [
        "period",
        "reporter",
        "partner",
        "flow",
        "value",
        "currency",
        "source_name",
        "publication_date",
    ]
    list_filter = ["currency", "flow"]
    list_select_related = ["reporter", "partner"]


@admin.register(TargetSetting)
class TargetSettingAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = [
        "name",
        "baseline_year",
        "baseline_value",
        "currency",
        "growth",
        "horizon_years",
        "is_published",
        "created_at",
    ]


@admin.register(SectorMapping)
class SectorMappingAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["hs_prefix", "sector", "note"]
    list_select_related = ["sector"]
