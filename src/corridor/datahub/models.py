"""Datasets, their immutable versions and files, access requests, agreements, downloads, tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Sector, TimeStamped
from corridor.core.runs import BackgroundRun
from corridor.orgs.models import Organisation

from .enums import (
    FREQUENCY_DAYS,
    AccessLevel,
    FileFormat,
    LegalBasisKE,
    LegalBasisMY,
    Licence,
    Purpose,
    RequestStatus,
    UpdateFrequency,
    VersionStatus,
)


class Dataset(TimeStamped):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("publisher")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=10000)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="datasets", verbose_name=_("sectors"))
    countries = models.ManyToManyField(
        Country, blank=True, related_name="datasets", verbose_name=_("countries covered")
    )
    temporal_start = models.DateField(_("coverage from"), null=True, blank=True)
    temporal_end = models.DateField(_("coverage to"), null=True, blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=12, choices=UpdateFrequency.choices, default=UpdateFrequency.NEVER
    )
    next_update = models.DateField(_("next update"), null=True, blank=True)
    methodology = models.TextField(_("methodology"), max_length=10000, blank=True)
    caveats = models.TextField(_("caveats"), max_length=5000, blank=True)
    personal_data = models.BooleanField(_("contains personal data"), default=False)
    legal_basis = models.TextField(_("legal basis for processing personal data"), max_length=2000, blank=True)
    access_level = models.CharField(
        _("access level"), max_length=12, choices=AccessLevel.choices, default=AccessLevel.OPEN
    )
    policy_k = models.PositiveSmallIntegerField(_("minimum k (k-anonymity policy)"), default=5)
    quasi_identifiers = models.JSONField(_("quasi-identifiers"), default=list, blank=True)
    sensitive_attribute = models.CharField(_("sensitive attribute"), max_length=200, blank=True)
    is_fictional = models.BooleanField(_("fictional (demo data)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("dataset")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("datahub:dataset", args=[self.slug])

    @property
    def identifier(self) -> str:
        return f"corridor:dataset/{self.slug}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.next_update and self.next_update < timezone.localdate())

    def freshness_due(self, last_published: dt.datetime | None) -> dt.date | None:
        days = FREQUENCY_DAYS.get(self.update_frequency)
        if self.next_update:
            return self.next_update
        if days and last_published:
            return (last_published + dt.timedelta(days=days)).date()
        return None

    @property
    def is_registered(self) -> bool:
        return self.access_level == AccessLevel.REGISTERED

    @property
    def is_restricted(self) -> bool:
        return self.access_level == AccessLevel.RESTRICTED


class DatasetVersion(TimeStamped):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    notes = models.TextField(_("what changed"), max_length=5000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymity = models.JSONField(_("k-anonymity check"), null=True, blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="datahub_version_unique")]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    @property
    def identifier(self) -> str:
        return f"corridor:dataset/{self.dataset.slug}/v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("datahub:version", args=[self.dataset.slug, self.number])

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


def datafile_path(instance, filename: str) -> str:
    return f"datahub/{instance.version.dataset_id}/{filename}"


class DataFile(TimeStamped):
    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("uploaded as"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=datafile_path, max_length=300)
    parquet = models.FileField(_("Parquet copy"), upload_to=datafile_path, max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4)
    format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    kind = models.CharField(_("detected kind"), max_length=20)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    table_schema = models.JSONField(_("table schema"), null=True, blank=True)
    report = models.JSONField(_("validation report"), null=True, blank=True)
    preview = models.JSONField(_("preview"), null=True, blank=True)

    class Meta:
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_tabular(self) -> bool:
        return self.format in ("csv", "parquet", "jsonl")

    @property
    def is_valid(self) -> bool | None:
        return None if self.report is None else bool(self.report.get("valid"))

    def get_absolute_url(self) -> str:
        return reverse("datahub:file", args=[self.pk])


class ProfileRun(BackgroundRun):
    datafile = models.ForeignKey(DataFile, on_delete=models.CASCADE, related_name="profile_runs")
    result = models.JSONField(_("profile"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("profile run")


class AccessRequest(TimeStamped):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="access_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.TextField(_("purpose in detail"), max_length=3000)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset} ← {self.requester}"

    def get_absolute_url(self) -> str:
        return reverse("datahub:request", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == RequestStatus.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == RequestStatus.REJECTED


class DataSharingAgreement(TimeStamped):
    request = models.OneToOneField(AccessRequest, on_delete=models.PROTECT, related_name="agreement")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="agreements")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"), max_length=3000)
    permitted_uses = models.TextField(_("permitted uses"), max_length=3000)
    retention_days = models.PositiveSmallIntegerField(_("retention (days after expiry)"), default=0)
    onward_transfer_banned = models.BooleanField(_("onward transfer banned"), default=True)
    legal_basis_my = models.CharField(
        _("legal basis (Malaysia)"), max_length=20, choices=LegalBasisMY.choices
    )
    legal_basis_ke = models.CharField(_("legal basis (Kenya)"), max_length=20, choices=LegalBasisKE.choices)
    breach_notification_hours = models.PositiveSmallIntegerField(_("breach notification (hours)"), default=72)
    starts_at = models.DateTimeField(_("starts"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.identifier

    @property
    def identifier(self) -> str:
        return f"corridor:agreement/{self.pk}"

    def is_valid_at(self, when: dt.datetime | None = None) -> bool:
        when = when or timezone.now()
        return self.revoked_at is None and self.starts_at <= when < self.expires_at

    @property
    def is_valid(self) -> bool:
        return self.is_valid_at()

    def get_absolute_url(self) -> str:
        return reverse("datahub:agreement", args=[self.pk])


class DatasetToken(TimeStamped):
    """An API key limited to some datasets; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="datahub_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    datasets = models.ManyToManyField(Dataset, related_name="tokens", verbose_name=_("datasets"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class DownloadLog(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="downloads")
    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="downloads")
    datafile = models.ForeignKey(DataFile, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.ForeignKey(
        DatasetToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement = models.ForeignKey(
        DataSharingAgreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(_("via"), max_length=10, default="page")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.datafile_id} @ {self.at:%Y-%m-%d %H:%M}"
