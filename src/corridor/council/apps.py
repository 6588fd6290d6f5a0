from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "corridor.council"
    label = "council"
    verbose_name = _("Digital Trade Council")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, providers  # noqa: F401 - providers register the platform's own indicators

        for model in (
            models.CouncilMember,
            models.CouncilMeeting,
            models.Decision,
            models.Commitment,
            models.Evidence,
            models.Indicator,
            models.IndicatorValue,
            models.Review,
            models.ReviewNarrative,
            models.ReviewComment,
        ):
            auditlog.register(model)
