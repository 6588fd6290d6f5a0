from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "corridor.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        auditlog.register(models.Organisation, m2m_fields={"sectors"})
        auditlog.register(models.Membership)
        auditlog.register(models.Invitation, exclude_fields=["token"])
        auditlog.register(models.Posting)
