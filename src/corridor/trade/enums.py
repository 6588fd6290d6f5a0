from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFormat(models.TextChoices):
    COMTRADE = "comtrade", _("UN Comtrade CSV")
    BACI = "baci", _("CEPII BACI CSV")
    HEADLINE = "headline", _("Headline series CSV")
    WDI = "wdi", _("World Bank WDI CSV")


#: Formats whose rows live in the columnar store (one Parquet file per release).
FLOW_FORMATS = (SourceFormat.COMTRADE, SourceFormat.BACI)


class ImportResult(models.TextChoices):
    """What a finished import did (its run status is ``core.runs.RunStatus``: a file rejected for
    bad rows is a run that is *done*, with every bad row reported; a *failed* run crashed or timed
    out)."""

    PENDING = "", _("Not finished")
    IMPORTED = "imported", _("Imported")
    UNCHANGED = "unchanged", _("Already imported: nothing changed")
    REJECTED = "rejected", _("Rejected: nothing was stored")


class Flow(models.TextChoices):
    EXPORT = "X", _("Exports of the reporter to the partner")
    IMPORT = "M", _("Imports of the reporter from the partner")
    TOTAL = "T", _("Total trade (exports + imports)")
