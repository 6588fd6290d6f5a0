from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "corridor.trade"
    label = "trade"
    verbose_name = _("Trade")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models

        indicators.register_council_indicators()

        auditlog.register(models.TradeRelease)
        auditlog.register(models.TargetSetting)
        auditlog.register(models.SectorMapping)
