from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "corridor.talent"
    label = "talent"
    verbose_name = _("Talent mobility")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        for model in (
            models.Skill,
            models.Occupation,
            models.QualificationFramework,
            models.ProfessionalProfile,
            models.ProfileSkill,
            models.ProfileLanguage,
            models.Qualification,
            models.Job,
            models.JobSkill,
            models.PermitPathway,
            models.PermitRule,
            models.EligibilityCheck,
            models.Application,
            models.ApplicationEvent,
            models.EquivalenceRule,
            models.Credential,
        ):
            auditlog.register(model)
