from django.contrib import admin

from . import models


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "group")
    search_fields = ("name", "code")


@admin.register(models.Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("isco_code", "title", "is_digital")
    search_fields = ("isco_code", "title")


@admin.register(models.QualificationFramework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "levels", "hours_per_credit", "read_on")


class PermitRuleInline(admin.TabularInline):
    model = models.PermitRule
    extra = 0


@admin.register(models.PermitPathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "kind", "read_on")
    inlines = [PermitRuleInline]


@admin.register(models.EquivalenceRule)
class EquivalenceAdmin(admin.ModelAdmin):
    list_display = ("mqf_level", "knqf_level", "status", "valid_from", "valid_to")


@admin.register(models.ProfessionalProfile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "headline", "country", "visibility")
    raw_id_fields = ("user",)


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "country", "status", "expires_on")
    raw_id_fields = ("organisation",)


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("job", "profile", "status", "updated_at")
    raw_id_fields = ("job", "profile")


@admin.register(models.Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ("kind", "subject", "status_index", "revoked_at")
    readonly_fields = ("document",)
    raw_id_fields = ("subject", "application", "qualification")
