from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "corridor.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Announcement, m2m_fields={"tags"})
        auditlog.register(models.Comment)
        auditlog.register(models.ModerationRecord)
