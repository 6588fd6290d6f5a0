from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "corridor.matchmaking"
    label = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models

        indicators.register_council_indicators()

        auditlog.register(models.Event)
        auditlog.register(models.Session)
        auditlog.register(models.Break)
        auditlog.register(models.Slot)
        auditlog.register(models.Table)
        auditlog.register(models.Registration, m2m_fields={"availability"}, exclude_fields=["calendar_token"])
        auditlog.register(models.MeetingRequest)
        auditlog.register(models.Meeting)
        auditlog.register(models.MeetingSeat)
        auditlog.register(models.Outcome)
        auditlog.register(models.ScheduleRun)
