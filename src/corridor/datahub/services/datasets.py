"""Datasets, versions, the k-anonymity check and publishing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.access import is_authenticated
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.engines import anonymity
from corridor.orgs.access import require_act_for

from .. import access
from ..enums import (
    AccessLevel,
    Theme,
    UpdateFrequency,
    VersionStatus,
)
from ..models import (
    Dataset,
    DatasetVersion,
)
from .common import DATASET_FIELDS, _require_draft, local_path

# --- datasets ------------------------------------------------------------------------------


def _check_dataset(data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise invalid("title", _("Give the dataset a title."), code="required")
    if len(data.get("title") or "") > 200:
        raise invalid("title", _("At most 200 characters."), code="too_long")
    if not (data.get("description") or "").strip():
        raise invalid("description", _("Describe the dataset."), code="required")
    bad = [t for t in data.get("themes") or [] if t not in Theme.values]
    if bad:
        raise invalid("themes", _("Unknown theme: %(t)s.") % {"t": ", ".join(bad)}, code="invalid_choice")
    if data.get("update_frequency", UpdateFrequency.NEVER) not in UpdateFrequency.values:
        raise invalid("update_frequency", _("Choose an update frequency."), code="invalid_choice")
    if data.get("access_level", AccessLevel.OPEN) not in AccessLevel.values:
        raise invalid("access_level", _("Choose an access level."), code="invalid_choice")
    start, end = data.get("temporal_start"), data.get("temporal_end")
    if start and end and end < start:
        raise invalid("temporal_end", _("The coverage ends before it starts."), code="end_before_start")
    k = data.get("policy_k", 5)
    if not isinstance(k, int) or not 2 <= k <= 100:
        raise invalid("policy_k", _("k must be between 2 and 100."), code="out_of_range")
    if data.get("personal_data"):
        if not (data.get("legal_basis") or "").strip():
            raise invalid(
                "legal_basis",
                _("Personal data needs a stated legal basis for its processing and sharing."),
                code="legal_basis_required",
            )
        if data.get("access_level") == AccessLevel.OPEN:
            raise invalid(
                "access_level",
                _("A dataset with personal data cannot be open; make it restricted."),
                code="personal_data_open",
            )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "dataset"
    slug, n = base, 2
    while Dataset.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def create_dataset(
    *, by, organisation, sectors=(), countries=(), is_fictional: bool = False, **data
) -> Dataset:
    require_act_for(by, organisation)
    data = {k: v for k, v in data.items() if k in DATASET_FIELDS}
    data.setdefault("themes", [])
    _check_dataset(data)
    with transaction.atomic(), acting_as(by):
        dataset = Dataset.objects.create(
            organisation=organisation,
            slug=_unique_slug(data["title"]),
            created_by=by if is_authenticated(by) else None,
            is_fictional=is_fictional,
            **data,
        )
        dataset.sectors.set(sectors)
        dataset.countries.set(countries)
    return dataset


def update_dataset(*, by, dataset: Dataset, sectors=None, countries=None, **data) -> Dataset:
    access.require_manage(by, dataset)
    merged = {f: getattr(dataset, f) for f in DATASET_FIELDS}
    merged.update({k: v for k, v in data.items() if k in DATASET_FIELDS})
    _check_dataset(merged)
    with transaction.atomic(), acting_as(by):
        for key, value in merged.items():
            setattr(dataset, key, value)
        dataset.save()
        if sectors is not None:
            dataset.sectors.set(sectors)
        if countries is not None:
            dataset.countries.set(countries)
    return dataset


def set_quasi_identifiers(
    *, by, dataset: Dataset, quasi_identifiers: list[str], sensitive: str = ""
) -> Dataset:
    access.require_manage(by, dataset)
    if len(quasi_identifiers) > 10:
        raise invalid("quasi_identifiers", _("At most 10 quasi-identifiers."), code="too_many")
    if sensitive and sensitive in quasi_identifiers:
        raise invalid(
            "sensitive_attribute", _("The sensitive attribute cannot be a quasi-identifier."), code="overlap"
        )
    with transaction.atomic(), acting_as(by):
        dataset.quasi_identifiers = list(quasi_identifiers)
        dataset.sensitive_attribute = sensitive or ""
        dataset.save(update_fields=["quasi_identifiers", "sensitive_attribute", "updated_at"])
    return dataset


# --- versions and files --------------------------------------------------------------------


def new_version(*, by, dataset: Dataset, notes: str = "") -> DatasetVersion:
    access.require_manage(by, dataset)
    if len(notes) > 5000:
        raise invalid("notes", _("At most 5,000 characters."), code="too_long")
    with transaction.atomic(), acting_as(by):
        Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
        if dataset.versions.filter(status=VersionStatus.DRAFT).exists():
            raise invalid(None, _("Publish or add files to the draft version first."), code="draft_exists")
        number = (dataset.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        return DatasetVersion.objects.create(dataset=dataset, number=number, notes=notes)


def check_anonymity(*, by, version: DatasetVersion) -> dict:
    """k-anonymity / l-diversity of every tabular file of the version over the dataset's
    quasi-identifiers; stored on the version and returned."""
    dataset = version.dataset
    access.require_manage(by, dataset)
    if not dataset.quasi_identifiers:
        raise invalid(
            "quasi_identifiers", _("Mark the quasi-identifiers first."), code="no_quasi_identifiers"
        )
    results = []
    for datafile in version.files.all():
        if not datafile.is_tabular:
            continue
        with local_path(datafile.file) as path:
            try:
                result = anonymity.assess(
                    str(path),
                    dataset.quasi_identifiers,
                    fmt=datafile.format,
                    sensitive=dataset.sensitive_attribute or None,
                    policy_k=dataset.policy_k,
                )
            except KeyError as exc:
                raise invalid(
                    "quasi_identifiers",
                    _("%(file)s has no column %(col)s.") % {"file": datafile.title, "col": exc.args[0]},
                    code="unknown_column",
                ) from None
        results.append(
            {
                "file": datafile.pk,
                "title": datafile.title,
                "rows": result.rows,
                "k": result.k,
                "l": result.l_diversity,
                "groups": result.groups,
                "passes": result.passes,
                "smallest": [
                    {
                        "values": [str(v) for v in g.values],
                        "size": g.size,
                        "distinct_sensitive": g.distinct_sensitive,
                    }
                    for g in result.smallest
                ],
                "suggestions": [
                    {
                        "column": s.column,
                        "action": s.action,
                        "parameter": s.parameter,
                        "k_after": s.k_after,
                        "description": s.description,
                    }
                    for s in result.suggestions
                ],
            }
        )
    summary = {
        "policy_k": dataset.policy_k,
        "quasi_identifiers": list(dataset.quasi_identifiers),
        "sensitive": dataset.sensitive_attribute,
        "files": results,
        "passes": bool(results) and all(r["passes"] for r in results),
        "checked_at": timezone.now().isoformat(),
    }
    with transaction.atomic(), acting_as(by):
        version.anonymity = summary
        version.save(update_fields=["anonymity", "updated_at"])
    return summary


def _anonymity_passed(version: DatasetVersion) -> bool:
    check = version.anonymity or {}
    return (
        bool(check.get("passes"))
        and check.get("policy_k", 0) >= version.dataset.policy_k
        and check.get("quasi_identifiers") == list(version.dataset.quasi_identifiers)
    )


def publish_version(*, by, version: DatasetVersion) -> DatasetVersion:
    dataset = version.dataset
    access.require_manage(by, dataset)
    _require_draft(version)
    if not version.files.exists():
        raise invalid(None, _("Add at least one file before publishing."), code="no_files")
    if dataset.personal_data:
        if not dataset.legal_basis.strip():
            raise invalid("legal_basis", _("State the legal basis first."), code="legal_basis_required")
        if not _anonymity_passed(version):
            raise invalid(
                None,
                _("Personal data: run the k-anonymity check and reach k ≥ %(k)s before publishing.")
                % {"k": dataset.policy_k},
                code="anonymity_not_passed",
            )
    with transaction.atomic(), acting_as(by):
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = by
        version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        Dataset.objects.filter(pk=dataset.pk).update(updated_at=timezone.now())
    return version
