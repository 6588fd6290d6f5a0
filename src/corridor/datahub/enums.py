from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    TRADE = "trade", _("Trade and customs")
    ECONOMY = "economy", _("Economy and finance")
    DIGITAL = "digital", _("Digital economy")
    LOGISTICS = "logistics", _("Transport and logistics")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    EDUCATION = "education", _("Education and skills")
    HEALTH = "health", _("Health")
    LABOUR = "labour", _("Labour and talent")
    ENVIRONMENT = "environment", _("Environment and energy")
    LANGUAGE = "language", _("Language and text (ML corpora)")


class UpdateFrequency(models.TextChoices):
    NEVER = "never", _("Not updated (one-off)")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annually")


FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "annual": 366}


class AccessLevel(models.TextChoices):
    OPEN = "open", _("Open: anyone may download")
    REGISTERED = "registered", _("Registered: signed-in users may download")
    RESTRICTED = "restricted", _("Restricted: on request, under a data-sharing agreement")


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "CC0-1.0", _("Creative Commons Zero (public domain)")
    ODC_BY = "ODC-By-1.0", _("Open Data Commons Attribution 1.0")
    PDDL = "ODC-PDDL-1.0", _("Open Data Commons Public Domain Dedication 1.0")
    OGL_MY = "OGL-MY", _("Malaysia Open Government Licence")
    RESTRICTED = "restricted", _("Restricted: terms of the data-sharing agreement")


LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-By-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "ODC-PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
    "OGL-MY": "https://data.gov.my/",
    "restricted": "",
}


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    PARQUET = "parquet", "Parquet"
    JSONL = "jsonl", _("JSON lines")
    JSON = "json", "JSON"
    OTHER = "other", _("Other")


FORMAT_MIME = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/jsonl",
    "json": "application/json",
    "other": "application/octet-stream",
}


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Purpose(models.TextChoices):
    MODEL_TRAINING = "model_training", _("Training or evaluating a machine-learning model")
    RESEARCH = "research", _("Academic research")
    STATISTICS = "statistics", _("Official statistics or policy analysis")
    PRODUCT = "product", _("Building a product or service")
    OTHER = "other", _("Other (describe)")


class LegalBasisMY(models.TextChoices):
    """Transfers out of Malaysia: PDPA 2010 s.129 as amended by the PDP (Amendment) Act 2024."""

    SIMILAR_LAW = (
        "my_similar_law",
        _(
            "Destination law substantially similar to the PDPA, or adequate protection (s.129(1) as amended 2024)"
        ),
    )
    CONSENT = "my_consent", _("The data subjects consented to the transfer (s.129(3)(a))")
    CONTRACT = (
        "my_contract",
        _("Necessary to perform a contract with or for the data subject (s.129(3)(b)–(c))"),
    )
    DUE_DILIGENCE = (
        "my_due_diligence",
        _(
            "The controller took all reasonable precautions and due diligence, e.g. contractual safeguards (s.129(3)(f))"
        ),
    )
    NOT_PERSONAL = "my_not_personal", _("No personal data is transferred")


class LegalBasisKE(models.TextChoices):
    """Transfers out of Kenya: Data Protection Act 2019 ss.48–50; General Regulations 2021 reg.40."""

    SAFEGUARDS = (
        "ke_safeguards",
        _("Appropriate safeguards, e.g. contractual clauses reviewed by the ODPC (s.48(a), s.49)"),
    )
    ADEQUACY = "ke_adequacy", _("Adequacy of the destination (s.48(b); no ODPC adequacy decision issued yet)")
    NECESSITY = "ke_necessity", _("Necessary, e.g. for a contract or public interest (s.48(c))")
    CONSENT = (
        "ke_consent",
        _("Consent of the data subjects after being informed of the risks (s.48(d), s.49(1))"),
    )
    NOT_PERSONAL = "ke_not_personal", _("No personal data is transferred")


LEGAL_SOURCES = {
    "MY": "Personal Data Protection Act 2010 (Act 709) as amended by the Personal Data Protection "
    "(Amendment) Act 2024 (Act A1727), s.129; breach notification to the Commissioner within 72 hours (s.12B).",
    "KE": "Data Protection Act 2019 (No. 24 of 2019) ss.48–50 and Data Protection (General) Regulations 2021 "
    "reg.40; breach notification to the Data Commissioner within 72 hours (s.43).",
}
