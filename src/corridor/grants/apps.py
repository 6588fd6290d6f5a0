from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "corridor.grants"
    label = "grants"
    verbose_name = _("Joint research grants")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        for model in (
            models.Call,
            models.Criterion,
            models.Proposal,
            models.Reviewer,
            models.Conflict,
            models.PairRule,
            models.Assignment,
            models.Review,
            models.Decision,
            models.Milestone,
        ):
            auditlog.register(model)
