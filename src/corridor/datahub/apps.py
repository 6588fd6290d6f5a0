from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatahubConfig(AppConfig):
    name = "corridor.datahub"
    label = "datahub"
    verbose_name = _("Data hub")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indicators, models  # noqa: F401 - indicators register with the council registry

        for model in (
            models.Dataset,
            models.DatasetVersion,
            models.DataFile,
            models.AccessRequest,
            models.DataSharingAgreement,
        ):
            auditlog.register(model)
        auditlog.register(models.DatasetToken, exclude_fields=["key_hash"])
