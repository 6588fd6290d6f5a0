"""Talent mobility: skills and occupations, professionals, jobs, applications, the MQF-KNQF
qualification bridge, permit pathways with dated rules, eligibility checks and credentials."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Currency, TimeStamped

from .enums import (
    ApplicationStatus,
    CredentialKind,
    EquivalenceStatus,
    Framework,
    JobStatus,
    LanguageLevel,
    Mobility,
    PermitKind,
    Proficiency,
    SalaryPeriod,
    Visibility,
    WorkMode,
)

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ms", _("Malay")),
    ("sw", _("Swahili")),
    ("zh", _("Chinese")),
    ("ta", _("Tamil")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]


class Skill(TimeStamped):
    """One skill of the single taxonomy (ESCO-like digital skills, typed in with a source)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    alt_labels = models.JSONField(_("alternative labels"), default=list, blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Occupation(TimeStamped):
    """An ISCO-08 unit group (4 digits)."""

    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    title = models.CharField(_("title"), max_length=200)
    is_digital = models.BooleanField(_("digital occupation"), default=False)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        ordering = ["isco_code"]

    def __str__(self) -> str:
        return f"{self.isco_code} {self.title}"


class QualificationFramework(TimeStamped):
    """A national framework: its levels and the notional hours behind one credit."""

    code = models.CharField(_("code"), max_length=8, choices=Framework.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    authority = models.CharField(_("authority"), max_length=200)
    levels = models.PositiveSmallIntegerField(_("number of levels"))
    hours_per_credit = models.PositiveSmallIntegerField(_("notional learning hours per credit"))
    source_url = models.URLField(_("source"))
    read_on = models.DateField(_("source read on"))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProfessionalProfile(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile"
    )
    headline = models.CharField(_("headline"), max_length=160)
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation"),
    )
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country of residence")
    )
    desired_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desired country"),
    )
    mobility = models.CharField(
        _("remote or relocation"), max_length=12, choices=Mobility.choices, default=Mobility.EITHER
    )
    expected_salary = models.DecimalField(
        _("expected monthly salary"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    expected_currency = models.ForeignKey(
        Currency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.EMPLOYERS
    )
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    class Meta:
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user.full_name}: {self.headline}"

    def get_absolute_url(self) -> str:
        return reverse("talent:professional", args=[self.pk])


class ProfileSkill(TimeStamped):
    profile = models.ForeignKey(ProfessionalProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(
        _("proficiency"), choices=Proficiency.choices, default=Proficiency.INTERMEDIATE
    )

    class Meta:
        ordering = ["-level", "skill__name"]
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="talent_profile_skill_once")]


class ProfileLanguage(TimeStamped):
    profile = models.ForeignKey(ProfessionalProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LanguageLevel.choices, default=LanguageLevel.WORKING
    )

    class Meta:
        ordering = ["-level", "language"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="talent_profile_language_once")
        ]


class Qualification(TimeStamped):
    profile = models.ForeignKey(ProfessionalProfile, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("title"), max_length=200)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    framework = models.CharField(_("framework"), max_length=8, choices=Framework.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    credits = models.PositiveIntegerField(
        _("credits"), null=True, blank=True, validators=[MaxValueValidator(2000)]
    )
    year = models.PositiveSmallIntegerField(_("year awarded"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified by the secretariat"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-level", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.framework} {self.level})"


class Job(TimeStamped):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="talent_jobs",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    qualification_framework = models.CharField(
        _("qualification framework"), max_length=8, choices=Framework.choices, default=Framework.MQF
    )
    qualification_level = models.PositiveSmallIntegerField(
        _("minimum qualification level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    min_experience_years = models.PositiveSmallIntegerField(_("minimum years of experience"), default=0)
    language = models.CharField(_("working language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    salary_min = models.DecimalField(_("monthly salary from"), max_digits=12, decimal_places=2)
    salary_max = models.DecimalField(_("monthly salary to"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country of work")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    work_mode = models.CharField(
        _("remote or on-site"), max_length=8, choices=WorkMode.choices, default=WorkMode.ONSITE
    )
    sponsors_permit = models.BooleanField(_("sponsors the work permit"), default=False)
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.OPEN)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:job", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status == JobStatus.OPEN


class JobSkill(TimeStamped):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(
        _("level needed"), choices=Proficiency.choices, default=Proficiency.INTERMEDIATE
    )

    class Meta:
        ordering = ["-level", "skill__name"]
        constraints = [models.UniqueConstraint(fields=["job", "skill"], name="talent_job_skill_once")]


class PermitPathway(TimeStamped):
    """A route to work in the other country (Employment Pass, DE Rantau, Class D, Class N)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PermitKind.choices)
    authority = models.CharField(_("authority"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    source_url = models.URLField(_("source"))
    read_on = models.DateField(_("source read on"))
    retired_on = models.DateField(_("retired from"), null=True, blank=True)

    class Meta:
        ordering = ["country_id", "code"]

    def __str__(self) -> str:
        return self.name


class PermitRule(TimeStamped):
    """One dated band of a pathway: an income threshold (and ceiling) in a currency, the
    occupations it is open to (ISCO prefixes; empty = any), and the documents needed.
    A rule is never edited in place once used: a new version replaces it from a date."""

    pathway = models.ForeignKey(PermitPathway, on_delete=models.CASCADE, related_name="rules")
    label = models.CharField(_("band"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    min_income = models.DecimalField(
        _("minimum income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_income = models.DecimalField(
        _("maximum income"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency")
    )
    period = models.CharField(
        _("income period"), max_length=6, choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH
    )
    occupation_prefixes = models.JSONField(_("ISCO-08 prefixes (empty: any)"), default=list, blank=True)
    requires_employer = models.BooleanField(_("needs a sponsoring employer in the country"), default=True)
    documents = models.JSONField(_("documents needed"), default=list)
    source_url = models.URLField(_("source"))
    read_on = models.DateField(_("source read on"))

    class Meta:
        ordering = ["pathway_id", "-valid_from", "label"]

    def __str__(self) -> str:
        return f"{self.pathway.name} {self.label} (v{self.version}, {self.valid_from})"


class EligibilityCheck(TimeStamped):
    """A recorded eligibility check: the rules used are copied into ``results`` so the check
    stays explainable after the rules change."""

    profile = models.ForeignKey(
        ProfessionalProfile, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    as_of = models.DateField(_("rules as of"))
    income = models.DecimalField(_("income tested"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    results = models.JSONField(_("results"), default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def eligible_results(self) -> list[dict]:
        return [r for r in self.results if r.get("eligible")]


class Application(TimeStamped):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    profile = models.ForeignKey(ProfessionalProfile, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("status"), max_length=14, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    cover_note = models.TextField(_("cover note"), max_length=3000, blank=True)
    pathway = models.ForeignKey(
        PermitPathway,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("permit pathway"),
    )
    moved_on = models.DateField(_("moved on"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["job", "profile"], name="talent_apply_once")]

    def get_absolute_url(self) -> str:
        return reverse("talent:application", args=[self.pk])

    @property
    def direction(self) -> str:
        return f"{self.profile.country_id}→{self.job.country_id}"


class ApplicationEvent(TimeStamped):
    """A dated status transition."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=ApplicationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


class EquivalenceRule(TimeStamped):
    """MQF level ↔ KNQF level, maintained by the secretariat with its source and validity."""

    mqf_level = models.PositiveSmallIntegerField(
        _("MQF level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    knqf_level = models.PositiveSmallIntegerField(
        _("KNQF level"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    typical_award = models.CharField(_("typical award"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EquivalenceStatus.choices, default=EquivalenceStatus.INDICATIVE
    )
    source_url = models.URLField(_("source"))
    read_on = models.DateField(_("source read on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["mqf_level", "knqf_level"]


class Credential(TimeStamped):
    """An issued W3C Verifiable Credential (Open Badges 3.0 shape), kept as signed."""

    kind = models.CharField(_("kind"), max_length=14, choices=CredentialKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_credentials"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="credential"
    )
    qualification = models.OneToOneField(
        Qualification, null=True, blank=True, on_delete=models.SET_NULL, related_name="credential"
    )
    status_index = models.PositiveIntegerField(_("status list index"), unique=True)
    document = models.JSONField(_("signed credential"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def get_absolute_url(self) -> str:
        return reverse("talent:credential", args=[self.pk])
