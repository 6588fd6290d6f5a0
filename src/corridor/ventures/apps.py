from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "corridor.ventures"
    label = "ventures"
    verbose_name = _("Joint ventures")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        for model in (
            models.Venture,
            models.VentureParty,
            models.StageTransition,
            models.Pledge,
            models.Disbursement,
            models.ContextFigure,
        ):
            auditlog.register(model)
