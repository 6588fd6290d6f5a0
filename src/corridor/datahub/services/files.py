"""Files of a draft version: upload (by content, hashed, all-or-nothing), schema, validation, profile."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.access import is_authenticated
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.runs import execute_run
from corridor.core.uploads import document_upload

from .. import access, tabular
from ..enums import (
    Licence,
)
from ..models import (
    DataFile,
    DatasetVersion,
    ProfileRun,
)
from .common import ALLOWED_KINDS, _require_draft, local_path, max_upload_bytes


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
        from ..tasks import profile_task

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
