"""Every write of the data hub: keyword-only, actor ``by``, permission checked, one transaction,
audited. Side effects (notifications, background runs) run on commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.access import NotFound, is_authenticated, require_authenticated
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.core.runs import execute_run
from corridor.core.uploads import document_upload
from corridor.engines import anonymity
from corridor.orgs.access import membership_of, require_act_for

from . import access, tabular
from .enums import (
    AccessLevel,
    LegalBasisKE,
    LegalBasisMY,
    Licence,
    Purpose,
    RequestStatus,
    Theme,
    UpdateFrequency,
    VersionStatus,
)
from .models import (
    AccessRequest,
    DataFile,
    Dataset,
    DatasetToken,
    DatasetVersion,
    DataSharingAgreement,
    DownloadLog,
    ProfileRun,
)

ALLOWED_KINDS = {"text", "json", "parquet", "zip", "gzip", "pdf", "xml"}
MAX_DURATION_DAYS = 3 * 366
DATASET_FIELDS = (
    "title",
    "description",
    "themes",
    "temporal_start",
    "temporal_end",
    "update_frequency",
    "next_update",
    "methodology",
    "caveats",
    "personal_data",
    "legal_basis",
    "access_level",
    "policy_k",
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "DATAHUB_MAX_UPLOAD_BYTES", 500 * 1024 * 1024))


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


def _require_draft(version: DatasetVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise invalid(
            None, _("A published version never changes; start a new version."), code="version_published"
        )


@contextmanager
def local_path(fieldfile):
    """A path on the local disk for a stored file (a temporary copy for remote storages)."""
    try:
        yield Path(fieldfile.path)
        return
    except (NotImplementedError, AttributeError):
        pass
    suffix = Path(fieldfile.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        fieldfile.open("rb")
        try:
            for chunk in fieldfile.chunks():
                tmp.write(chunk)
        finally:
            fieldfile.close()
        tmp.flush()
        yield Path(tmp.name)


def _spool(upload) -> tuple[Path, str, int]:
    """Copy an upload to a temporary file while hashing it; returns (path, sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    tmp = tempfile.NamedTemporaryFile(delete=False, suffix=".upload")
    with tmp:
        upload.seek(0)
        chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            tmp.write(chunk)
    upload.seek(0)
    return Path(tmp.name), digest.hexdigest(), size


def analyse(path: Path, fmt: str) -> tuple[dict | None, dict, dict | None]:
    """(schema, report, preview) of a tabular file; an unreadable file yields a failed report."""
    ext = {"csv": ".csv", "parquet": ".parquet", "jsonl": ".jsonl"}[fmt]
    link = path.with_suffix(path.suffix + ext)
    link.symlink_to(path)
    try:
        schema = tabular.infer_schema(link, fmt)
        report = tabular.validate(link, fmt, schema)
        return schema, report, tabular.preview(link, fmt)
    except Exception as exc:  # noqa: BLE001 - the parser's message is the report
        message = str(exc).splitlines()[0][:300] if str(exc) else exc.__class__.__name__
        return (
            None,
            {
                "valid": False,
                "rows": 0,
                "error_count": 1,
                "errors": [{"type": "unreadable", "row": None, "column": None, "message": message}],
            },
            None,
        )
    finally:
        link.unlink(missing_ok=True)


def add_file(
    *, by, version: DatasetVersion, upload, title: str = "", licence: str = Licence.CC_BY_4
) -> DataFile:
    """Store an upload in a draft version: kind checked by content, size capped, archive bombs
    refused, SHA-256 recorded; tabular files get a schema, a validation report, a preview and
    (CSV) a Parquet copy. If anything fails, nothing stays in the database or the storage."""
    access.require_manage(by, version.dataset)
    _require_draft(version)
    if licence not in Licence.values:
        raise invalid("licence", _("Choose a licence."), code="invalid_choice")
    if len(title) > 200:
        raise invalid("title", _("At most 200 characters."), code="too_long")
    original = (getattr(upload, "name", "") or "")[:255]
    sniffed, upload = document_upload(
        upload, field="file", allowed=ALLOWED_KINDS, max_bytes=max_upload_bytes()
    )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    fmt = tabular.sniff_format(sniffed.kind, head if isinstance(head, bytes) else head.encode())
    ext = {"csv": "csv", "jsonl": "jsonl", "json": "json", "parquet": "parquet"}.get(fmt, sniffed.ext)
    stem = Path(upload.name).stem
    spooled, checksum, size = _spool(upload)
    stored: list = []
    try:
        schema = report = preview = None
        if fmt in tabular.TABULAR_FORMATS:
            schema, report, preview = analyse(spooled, fmt)
        with transaction.atomic(), acting_as(by):
            datafile = DataFile(
                version=version,
                title=(title or Path(original).stem or stem)[:200],
                original_name=original,
                licence=licence,
                format=fmt,
                kind=sniffed.kind,
                checksum=checksum,
                size=size,
                table_schema=schema,
                report=report,
                preview=preview,
            )
            with open(spooled, "rb") as handle:
                datafile.file.save(f"{stem}.{ext}", File(handle), save=False)
            stored.append(datafile.file)
            if fmt == "csv" and schema is not None:
                out = spooled.with_suffix(".parquet")
                try:
                    link = spooled.with_suffix(".csv")
                    link.symlink_to(spooled)
                    try:
                        tabular.to_parquet(link, out)
                    finally:
                        link.unlink(missing_ok=True)
                    with open(out, "rb") as handle:
                        datafile.parquet.save(f"{stem}.parquet", File(handle), save=False)
                    stored.append(datafile.parquet)
                finally:
                    out.unlink(missing_ok=True)
            datafile.save()
            start_profile(by=by, datafile=datafile)
    except BaseException:
        for fieldfile in stored:
            fieldfile.storage.delete(fieldfile.name)
        raise
    finally:
        spooled.unlink(missing_ok=True)
    return datafile


def delete_file(*, by, datafile: DataFile) -> None:
    access.require_manage(by, datafile.version.dataset)
    _require_draft(datafile.version)
    names = [f for f in (datafile.file, datafile.parquet) if f]
    with transaction.atomic(), acting_as(by):
        datafile.delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in names])


def update_field_dictionary(*, by, datafile: DataFile, fields: list[dict]) -> DataFile:
    """Titles, descriptions and units of the schema's fields (names and types stay inferred)."""
    access.require_manage(by, datafile.version.dataset)
    _require_draft(datafile.version)
    if not datafile.table_schema:
        raise invalid(None, _("This file has no table schema."), code="no_schema")
    by_name = {f.get("name"): f for f in fields}
    schema = dict(datafile.table_schema)
    out = []
    for field in schema["fields"]:
        field = dict(field)
        given = by_name.get(field["name"], {})
        for key, limit in (("title", 200), ("description", 2000), ("unit", 50)):
            value = (given.get(key) or "").strip()
            if len(value) > limit:
                raise invalid(
                    f"{field['name']}.{key}", _("Too long (at most %(n)s).") % {"n": limit}, code="too_long"
                )
            if value:
                field[key] = value
            else:
                field.pop(key, None)
        out.append(field)
    schema["fields"] = out
    with transaction.atomic(), acting_as(by):
        datafile.table_schema = schema
        datafile.save(update_fields=["table_schema", "updated_at"])
    return datafile


def start_profile(*, by, datafile: DataFile) -> ProfileRun | None:
    if not datafile.is_tabular:
        return None
    with transaction.atomic():
        run = ProfileRun.objects.create(datafile=datafile, actor=by if is_authenticated(by) else None)
        from .tasks import profile_task

        transaction.on_commit(lambda: profile_task.delay(run.pk))
    return run


def run_profile(run_id: int) -> ProfileRun:
    run = ProfileRun.objects.select_related("datafile").get(pk=run_id)

    def work(run, progress):
        datafile = run.datafile
        with local_path(datafile.file) as path:
            ext = {"csv": ".csv", "parquet": ".parquet", "jsonl": ".jsonl"}[datafile.format]
            if path.suffix != ext:
                link = Path(tempfile.mkdtemp()) / f"data{ext}"
                link.symlink_to(path)
                path = link
            run.result = tabular.profile(path, datafile.format, progress=progress)

    return execute_run(run, work)


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


# --- access requests and agreements --------------------------------------------------------


def _publishers(dataset: Dataset):
    from corridor.orgs.enums import MemberRole

    return [
        m.user
        for m in dataset.organisation.memberships.select_related("user").filter(
            role__in=(MemberRole.OWNER, MemberRole.ADMIN)
        )
    ]


def request_access(
    *, by, dataset: Dataset, purpose: str, purpose_detail: str, duration_days: int, organisation=None
) -> AccessRequest:
    require_authenticated(by)
    access.require_view(by, dataset)
    if dataset.access_level != AccessLevel.RESTRICTED:
        raise invalid(None, _("This dataset is not restricted; download it directly."), code="not_restricted")
    if access.is_publisher_staff(by, dataset):
        raise invalid(None, _("You publish this dataset."), code="own_dataset")
    if purpose not in Purpose.values:
        raise invalid("purpose", _("Choose a purpose."), code="invalid_choice")
    if len((purpose_detail or "").strip()) < 20:
        raise invalid(
            "purpose_detail", _("Describe the purpose in at least 20 characters."), code="too_short"
        )
    if len(purpose_detail) > 3000:
        raise invalid("purpose_detail", _("At most 3,000 characters."), code="too_long")
    if not isinstance(duration_days, int) or not 1 <= duration_days <= MAX_DURATION_DAYS:
        raise invalid("duration_days", _("Between 1 day and 3 years."), code="out_of_range")
    if organisation is not None and membership_of(by, organisation) is None:
        raise invalid("organisation", _("You are not a member of this organisation."), code="not_member")
    with transaction.atomic(), acting_as(by):
        if AccessRequest.objects.filter(dataset=dataset, requester=by, status=RequestStatus.PENDING).exists():
            raise invalid(
                None, _("You already have a pending request for this dataset."), code="already_pending"
            )
        req = AccessRequest.objects.create(
            dataset=dataset,
            requester=by,
            organisation=organisation,
            purpose=purpose,
            purpose_detail=purpose_detail.strip(),
            duration_days=duration_days,
        )
        for user in _publishers(dataset):
            notify(
                user=user,
                text=_("Access requested to %(t)s") % {"t": dataset.title},
                url=req.get_absolute_url(),
            )
    return req


def get_request(*, by, pk: int) -> AccessRequest:
    req = (
        AccessRequest.objects.select_related("dataset__organisation", "requester", "organisation")
        .filter(pk=pk)
        .first()
    )
    if req is None or not (req.requester_id == getattr(by, "pk", None) or access.can_manage(by, req.dataset)):
        raise NotFound
    return req


def decide_request(
    *,
    by,
    request: AccessRequest,
    approve: bool,
    note: str = "",
    permitted_uses: str = "",
    retention_days: int = 0,
    legal_basis_my: str = LegalBasisMY.NOT_PERSONAL,
    legal_basis_ke: str = LegalBasisKE.NOT_PERSONAL,
) -> AccessRequest:
    dataset = request.dataset
    if not access.can_manage(by, dataset):
        raise NotFound if request.requester_id != getattr(by, "pk", None) else PermissionDenied
    if request.status != RequestStatus.PENDING:
        raise invalid(None, _("This request was already decided."), code="already_decided")
    if len(note) > 2000:
        raise invalid("note", _("At most 2,000 characters."), code="too_long")
    if approve:
        if not permitted_uses.strip():
            raise invalid("permitted_uses", _("List the permitted uses."), code="required")
        if len(permitted_uses) > 3000:
            raise invalid("permitted_uses", _("At most 3,000 characters."), code="too_long")
        if legal_basis_my not in LegalBasisMY.values:
            raise invalid("legal_basis_my", _("Choose a legal basis."), code="invalid_choice")
        if legal_basis_ke not in LegalBasisKE.values:
            raise invalid("legal_basis_ke", _("Choose a legal basis."), code="invalid_choice")
        if not isinstance(retention_days, int) or not 0 <= retention_days <= 3660:
            raise invalid("retention_days", _("Between 0 and 3,660 days."), code="out_of_range")
        if dataset.personal_data:
            if LegalBasisMY.NOT_PERSONAL in (legal_basis_my,) or legal_basis_ke == LegalBasisKE.NOT_PERSONAL:
                raise invalid(
                    "legal_basis_my",
                    _(
                        "This dataset holds personal data: choose the transfer's legal basis in both countries."
                    ),
                    code="legal_basis_required",
                )
            latest = dataset.versions.filter(status=VersionStatus.PUBLISHED).first()
            if latest is None or not _anonymity_passed(latest):
                raise invalid(
                    None,
                    _("The latest version has not passed the k-anonymity check (k ≥ %(k)s).")
                    % {"k": dataset.policy_k},
                    code="anonymity_not_passed",
                )
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        request.decided_by = by
        request.decided_at = now
        request.decision_note = note
        request.save()
        if approve:
            DataSharingAgreement.objects.create(
                request=request,
                dataset=dataset,
                provider=dataset.organisation,
                recipient=request.requester,
                recipient_organisation=request.organisation,
                purpose=f"{request.get_purpose_display()}: {request.purpose_detail}"[:3000],
                permitted_uses=permitted_uses.strip(),
                retention_days=retention_days,
                onward_transfer_banned=True,
                legal_basis_my=legal_basis_my,
                legal_basis_ke=legal_basis_ke,
                breach_notification_hours=72,
                starts_at=now,
                expires_at=now + dt.timedelta(days=request.duration_days),
            )
        text = (
            _("Your access request to %(t)s was approved.")
            if approve
            else _("Your access request to %(t)s was declined.")
        ) % {"t": dataset.title}
        notify(user=request.requester, text=text, url=request.get_absolute_url())
    return request


def revoke_agreement(*, by, agreement: DataSharingAgreement) -> DataSharingAgreement:
    if not access.can_manage(by, agreement.dataset):
        raise NotFound
    if agreement.revoked_at:
        raise invalid(None, _("Already revoked."), code="already_revoked")
    with transaction.atomic(), acting_as(by):
        agreement.revoked_at = timezone.now()
        agreement.revoked_by = by
        agreement.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        notify(
            user=agreement.recipient,
            text=_("Your access to %(t)s was revoked.") % {"t": agreement.dataset.title},
            url=agreement.get_absolute_url(),
        )
    return agreement


def get_agreement(*, by, pk: int) -> DataSharingAgreement:
    agreement = (
        DataSharingAgreement.objects.select_related(
            "dataset__organisation", "provider", "recipient", "recipient_organisation", "request"
        )
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not (
        agreement.recipient_id == getattr(by, "pk", None) or access.can_manage(by, agreement.dataset)
    ):
        raise NotFound
    return agreement


# --- downloads -----------------------------------------------------------------------------


def open_download(*, by, datafile: DataFile, token=None, via: str = "page", parquet: bool = False):
    """Check the right to download, log it, and return the (opened) stored file."""
    agreement = access.download_decision(by, datafile, token=token)
    fieldfile = datafile.parquet if parquet else datafile.file
    if not fieldfile:
        raise NotFound
    user = by if is_authenticated(by) else None
    with transaction.atomic():
        DownloadLog.objects.create(
            dataset=datafile.version.dataset,
            version=datafile.version,
            datafile=datafile,
            user=user,
            token=token,
            agreement=agreement,
            country_id=getattr(user, "country_id", None),
            via=via,
        )
        if token is not None:
            DatasetToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return fieldfile.open("rb")


# --- tokens --------------------------------------------------------------------------------

TOKEN_PREFIX = "dh_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(*, by, name: str, datasets, days: int = 90) -> tuple[DatasetToken, str]:
    require_authenticated(by)
    if not (name or "").strip() or len(name) > 100:
        raise invalid("name", _("Name the token (at most 100 characters)."), code="required")
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise invalid("days", _("Between 1 and 366 days."), code="out_of_range")
    datasets = list(datasets)
    if not datasets:
        raise invalid("datasets", _("Choose at least one dataset."), code="required")
    for dataset in datasets:
        access.require_view(by, dataset)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(by):
        token = DatasetToken.objects.create(
            user=by,
            name=name.strip(),
            prefix=raw[:10],
            key_hash=hash_key(raw),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        token.datasets.set(datasets)
    return token, raw


def revoke_token(*, by, token: DatasetToken) -> DatasetToken:
    if token.user_id != getattr(by, "pk", None):
        raise NotFound
    with transaction.atomic(), acting_as(by):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_token(raw: str) -> DatasetToken | None:
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = DatasetToken.objects.select_related("user").filter(key_hash=hash_key(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token
