from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFormat(models.TextChoices):
    COMTRADE = "comtrade", _("UN Comtrade CSV")
    BACI = "baci", _("CEPII BACI CSV")
    HEADLINE = "headline", _("Headline series CSV")
    WDI = "wdi", _("World Bank WDI CSV")


#: Formats whose rows live in the columnar store (one Parquet file per release).
FLOW_FORMATS = (SourceFormat.COMTRADE, SourceFormat.BACI)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    UNCHANGED = "unchanged", _("Already imported: nothing changed")
    FAILED = "failed", _("Rejected")


class Flow(models.TextChoices):
    EXPORT = "X", _("Exports of the reporter to the partner")
    IMPORT = "M", _("Imports of the reporter from the partner")
    TOTAL = "T", _("Total trade (exports + imports)")
