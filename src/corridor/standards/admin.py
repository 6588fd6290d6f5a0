from django.contrib import admin

from .models import ConformanceCheck, Instrument, RecognitionArea, StatusChange


class InstrumentInline(admin.TabularInline):
    model = Instrument
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["date", "from_status", "to_status", "decision", "by", "is_fictional"]
    can_delete = False


@admin.register(RecognitionArea)
class RecognitionAreaAdmin(admin.ModelAdmin):
    list_display = ["domain", "status", "updated_at"]
    list_filter = ["status"]
    readonly_fields = ["status"]
    inlines = [InstrumentInline, StatusChangeInline]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "side", "citation", "year"]
    list_filter = ["side", "area"]
    search_fields = ["name", "citation"]


@admin.register(ConformanceCheck)
class ConformanceCheckAdmin(admin.ModelAdmin):
    list_display = ["created_at", "document_kind", "valid", "fatal_count", "country", "actor"]
    list_filter = ["document_kind", "valid", "country"]
    list_select_related = ["country", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
