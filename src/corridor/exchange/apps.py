from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "corridor.exchange"
    label = "exchange"
    verbose_name = _("Startup exchange")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        for model in (
            models.Programme,
            models.Cohort,
            models.HostPlace,
            models.Application,
            models.Choice,
            models.Evaluation,
            models.PlacementRun,
            models.Placement,
            models.CheckIn,
            models.Outcome,
        ):
            auditlog.register(model)
