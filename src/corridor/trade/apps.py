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

        # Any change to what the dashboard shows forgets its cached figures (admin edits too).
        from django.db.models.signals import post_delete, post_save

        from corridor.core.models import CurrencyRate

        from .dashboard_cache import invalidate_dashboard

        for model in (
            models.TradeRelease,
            models.HeadlineFigure,
            models.TargetSetting,
            models.SectorMapping,
            CurrencyRate,
        ):
            post_save.connect(
                invalidate_dashboard, sender=model, dispatch_uid=f"trade-dashboard-save-{model.__name__}"
            )
            post_delete.connect(
                invalidate_dashboard, sender=model, dispatch_uid=f"trade-dashboard-delete-{model.__name__}"
            )
