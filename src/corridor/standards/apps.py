from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "corridor.standards"
    label = "standards"
    verbose_name = _("Standards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council

        for model in (models.RecognitionArea, models.Instrument, models.StatusChange):
            auditlog.register(model)
