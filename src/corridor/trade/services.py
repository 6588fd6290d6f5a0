"""Trade operations: import a file (as a task with progress), publish a release, set the target.

Every write takes the acting user as ``by`` (None only for system set-up: CLI, demo seeding),
checks permission, runs in one transaction and is attributed in the audit log.

Import invariants: all-or-nothing (a file with any bad row stores nothing and reports every
bad row); idempotent (a file whose SHA-256 is already a release changes nothing); a revised file
of a dataset becomes a new release that supersedes the current one, which stays for comparison.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core import runs
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.models import Country
from corridor.core.runs import RunStatus

from . import store
from .access import require_secretariat
from .dashboard_cache import invalidate_dashboard, warm_dashboard
from .enums import ImportResult, SourceFormat
from .headline import parse_headline_csv
from .models import HeadlineFigure, ImportJob, TargetSetting, TradeRelease

#: Upload limits for the page: a full BACI year is ~400 MB; larger files go through the CLI.
UPLOAD_MAX_BYTES = getattr(settings, "TRADE_UPLOAD_MAX_BYTES", 512 * 1024 * 1024)
UPLOAD_EXTENSIONS = (".csv", ".txt")

Progress = Callable[[int, str], None]


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _default_dataset(fmt: str, file_name: str) -> str:
    stem = Path(file_name).name.rsplit(".", 1)[0]
    return slugify(f"{fmt}-{stem}")[:80] or fmt


def uploads_dir() -> Path:
    path = store.store_dir() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_upload(uploaded) -> None:
    """Size and type limits of the upload page."""
    name = getattr(uploaded, "name", "") or ""
    if not name.lower().endswith(UPLOAD_EXTENSIONS):
        raise invalid("file", _("Upload a CSV file (.csv)."), code="upload_csv_file_csv")
    if uploaded.size > UPLOAD_MAX_BYTES:
        raise invalid(
            "file",
            _("The file is larger than %(mb)d MB; use the command line for it.")
            % {"mb": UPLOAD_MAX_BYTES // 2**20},
            code="file_larger_mb_mb",
        )
    head = uploaded.read(4096)
    uploaded.seek(0)
    if b"\x00" in head:
        raise invalid("file", _("This is not a text (CSV) file."), code="text_csv_file")


def start_import(
    *,
    by,
    uploaded,
    fmt: str,
    dataset: str = "",
    title: str = "",
    source_name: str = "",
    source_url: str = "",
    expected_year: int | None = None,
) -> ImportJob:
    """Store an uploaded file and queue its import (on commit). Secretariat only."""
    require_secretariat(by, hide=False)
    if fmt not in SourceFormat.values:
        raise invalid("format", _("Unknown format."), code="unknown_format")
    check_upload(uploaded)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", Path(uploaded.name).name)[-120:]
    target = uploads_dir() / f"{uuid.uuid4().hex}-{safe}"
    with open(target, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    from .tasks import run_import_task

    with transaction.atomic(), acting_as(by):
        job = ImportJob.objects.create(
            format=fmt,
            dataset=slugify(dataset)[:80] or _default_dataset(fmt, uploaded.name),
            title=title or Path(uploaded.name).name,
            source_name=source_name,
            source_url=source_url,
            expected_year=expected_year,
            file_name=Path(uploaded.name).name[:255],
            stored_path=str(target),
            actor=by,
            message=_("Waiting to start"),
        )
        transaction.on_commit(lambda: run_import_task.delay(job.pk))
    return job


def import_file(
    *,
    path: str | Path,
    fmt: str,
    by=None,
    dataset: str = "",
    title: str = "",
    source_name: str = "",
    source_url: str = "",
    expected_year: int | None = None,
    publish: bool = False,
    is_illustrative: bool = False,
    progress: Progress | None = None,
) -> ImportJob:
    """Import a local file now (CLI, demo). ``by`` None means the system itself."""
    if by is not None:
        require_secretariat(by, hide=False)
    path = Path(path)
    if not path.is_file():
        raise invalid("file", _("No such file: %(path)s") % {"path": path}, code="file_path")
    job = ImportJob.objects.create(
        format=fmt,
        dataset=slugify(dataset)[:80] or _default_dataset(fmt, path.name),
        title=title or path.name,
        source_name=source_name,
        source_url=source_url,
        expected_year=expected_year,
        file_name=path.name[:255],
        stored_path=str(path.resolve()),
        actor=by,
    )
    job = run_import(job=job, progress=progress, is_illustrative=is_illustrative, warm=not publish)
    if publish and job.release and not job.release.is_published:
        publish_release(release=job.release, by=by)
    return job


def import_timeout() -> int:
    """Seconds an import may take before it is stopped and marked failed (``TRADE_IMPORT_TIMEOUT``)."""
    return int(getattr(settings, "TRADE_IMPORT_TIMEOUT", 3600))


class ImportTimedOut(Exception):
    """An import ran past ``TRADE_IMPORT_TIMEOUT``; the executor records it as a failed run."""


def run_import(
    *, job: ImportJob, progress: Progress | None = None, is_illustrative: bool = False, warm: bool = True
) -> ImportJob:
    """Validate the job's file and store it as a release, or record every bad row.

    The bookkeeping (RUNNING → DONE / FAILED, progress, timing) is ``core.runs.execute_run``'s: a
    file rejected for bad rows is a *done* run whose ``result`` is ``rejected``; a crash or a run
    past ``TRADE_IMPORT_TIMEOUT`` is a *failed* one. Either way the job ends.

    Side effects: a Parquet file under ``VAR_DIR/trade`` (flow and WDI formats), headline
    figures (headline format), the release row; the dashboard cache is warmed for a new release.
    """
    deadline = time.monotonic() + import_timeout()

    def work(run: ImportJob, report) -> None:
        def step(pct, key):
            if time.monotonic() > deadline:
                raise ImportTimedOut(
                    _("Stopped: the import did not finish within %(s)d seconds.") % {"s": import_timeout()}
                )
            message = _step_messages().get(key) or str(key)
            report(pct / 100, message)
            if progress:
                progress(pct, message)

        _import(run, step, is_illustrative=is_illustrative)

    job = runs.execute_run(job, work)
    if progress:
        progress(100, job.message)
    _cleanup_upload(job)
    if warm and job.is_imported:
        warm_dashboard(users=[job.actor])
    return job


def _step_messages() -> dict:
    return {
        "reading": _("Reading the file"),
        "validating": _("Checking every row"),
        "writing": _("Writing the columnar store"),
        "written": _("Registering the release"),
    }


def _reject(job: ImportJob, errors: list[dict], error_count: int, message: str = "") -> None:
    job.errors, job.error_count = errors[: store.MAX_REPORTED_ERRORS], error_count
    job.result = ImportResult.REJECTED
    job.message = (message or _("Rejected: %(n)d bad row(s); nothing was stored.") % {"n": error_count})[:500]


def _import(job: ImportJob, step, *, is_illustrative: bool) -> None:
    step(2, _("Computing the file fingerprint"))
    sha = file_sha256(job.stored_path)
    existing = TradeRelease.objects.filter(file_sha256=sha).first()
    if existing is not None:
        job.result, job.release = ImportResult.UNCHANGED, existing
        job.message = _("This file is already release #%(id)d: nothing changed.") % {"id": existing.pk}
        return
    step(4, _("Checking the file's encoding, columns and rows"))
    shape = store.check_shape(
        job.stored_path,
        max_columns=int(getattr(settings, "TRADE_IMPORT_MAX_COLUMNS", store.MAX_COLUMNS)),
        max_rows=int(getattr(settings, "TRADE_IMPORT_MAX_ROWS", store.MAX_ROWS)),
    )
    if shape.errors:
        return _reject(job, shape.errors, shape.error_count)
    if shape.data_rows == 0:
        return _reject(
            job,
            [{"row": None, "field": "", "problem": "The file has a header but no data rows."}],
            1,
            _("Rejected: the file has no data rows; an empty release is not created."),
        )

    parquet_name = ""
    outcome = None
    headline_rows: list = []
    try:
        if job.format in (SourceFormat.COMTRADE, SourceFormat.BACI, SourceFormat.WDI):
            parquet_name = f"{job.format}-{sha[:16]}.parquet"
            out = store.parquet_path(parquet_name)
            if job.format == SourceFormat.WDI:
                outcome = store.import_wdi(job.stored_path, out, file_name=job.file_name, progress=step)
            else:
                outcome = store.import_flows(
                    job.stored_path, job.format, out, expected_year=job.expected_year, progress=step
                )
            errors, error_count = outcome.errors, outcome.error_count
        else:
            step(30, "validating")
            headline_rows, errors = parse_headline_csv(job.stored_path)
            error_count = len({e["row"] for e in errors})
            if job.expected_year:
                for i, r in enumerate(headline_rows):
                    if r.year != job.expected_year:
                        errors.append(
                            {
                                "row": None,
                                "field": "year",
                                "problem": f"row {i + 2}: wrong year {r.year}, the release is for {job.expected_year}",
                            }
                        )
                        error_count += 1
        if error_count:
            return _reject(job, errors, error_count)
        rows = outcome.rows if outcome else len(headline_rows)
        if not rows:
            _remove_store_files(parquet_name)
            return _reject(
                job,
                [{"row": None, "field": "", "problem": "No row of the file is a flow this platform stores."}],
                1,
                _("Rejected: the file has no data rows; an empty release is not created."),
            )
        step(96, "written")
        with transaction.atomic(), acting_as(job.actor):
            previous = (
                TradeRelease.objects.select_for_update().filter(dataset=job.dataset, is_current=True).first()
            )
            if previous is not None:
                previous.is_current = False
                previous.save(update_fields=["is_current", "updated_at"])
            years = [r.year for r in headline_rows]
            release = TradeRelease.objects.create(
                dataset=job.dataset,
                format=job.format,
                title=job.title or job.file_name,
                source_name=job.source_name,
                source_url=job.source_url,
                file_name=job.file_name,
                file_sha256=sha,
                parquet_name=parquet_name,
                row_count=rows,
                year_min=outcome.year_min if outcome else (min(years) if years else None),
                year_max=outcome.year_max if outcome else (max(years) if years else None),
                is_illustrative=is_illustrative,
                supersedes=previous,
                imported_by=job.actor,
            )
            if headline_rows:
                countries = {
                    c.code: c
                    for c in Country.objects.filter(
                        code__in={r.reporter for r in headline_rows} | {r.partner for r in headline_rows}
                    )
                }
                HeadlineFigure.objects.bulk_create(
                    HeadlineFigure(
                        release=release,
                        year=r.year,
                        period=r.period,
                        month_from=r.month_from,
                        month_to=r.month_to,
                        reporter=countries[r.reporter],
                        partner=countries[r.partner],
                        flow=r.flow,
                        value=r.value,
                        currency=r.currency,
                        source_name=r.source_name,
                        source_url=r.source_url,
                        publication_date=r.publication_date,
                        note=r.note,
                    )
                    for r in headline_rows
                )
    except Exception:
        _remove_store_files(parquet_name)
        raise
    invalidate_dashboard()
    extra = _(" (revision of release #%(id)d, kept for comparison)") % {"id": previous.pk} if previous else ""
    job.result, job.release = ImportResult.IMPORTED, release
    job.message = (
        _("Imported %(n)s rows as release #%(id)d") % {"n": f"{release.row_count:,}", "id": release.pk}
        + extra
    )[:500]


def _remove_store_files(parquet_name: str) -> None:
    if not parquet_name:
        return
    path = store.parquet_path(parquet_name)
    for p in (
        path,
        store.pair_path(path),
        store.world_path(path),
        store.world_path(path).with_suffix(".none"),
    ):
        p.unlink(missing_ok=True)


def expire_stale_imports() -> int:
    """Mark imports still queued or running after ``TRADE_IMPORT_TIMEOUT`` as failed (a worker
    that died, a file that never finished parsing): every job ends. Returns how many."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=import_timeout())
    stale = ImportJob.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff)
    )
    message = _("Stopped: the import did not finish within %(s)d seconds.") % {"s": import_timeout()}
    return stale.update(status=RunStatus.FAILED, finished_at=now, message=message[:500])


def _cleanup_upload(job: ImportJob) -> None:
    """Uploaded copies are removed once imported (the Parquet/DB rows are the record)."""
    path = Path(job.stored_path)
    try:
        if path.parent == uploads_dir() and (job.is_imported or job.is_unchanged):
            path.unlink(missing_ok=True)
    except OSError:  # pragma: no cover - best effort
        pass


def publish_release(*, release: TradeRelease, by) -> TradeRelease:
    """Make a release's figures public."""
    if by is not None:
        require_secretariat(by, hide=False)
    with transaction.atomic(), acting_as(by):
        release.is_published = True
        release.published_at = timezone.now()
        release.save(update_fields=["is_published", "published_at", "updated_at"])
        transaction.on_commit(lambda: warm_dashboard(users=[by]))
    return release


def unpublish_release(*, release: TradeRelease, by) -> TradeRelease:
    require_secretariat(by, hide=False)
    with transaction.atomic(), acting_as(by):
        release.is_published = False
        release.published_at = None
        release.save(update_fields=["is_published", "published_at", "updated_at"])
    return release


def set_target(
    *,
    by,
    baseline_year: int,
    baseline_value: Decimal,
    currency: str,
    growth: Decimal = Decimal("0.30"),
    horizon_years: int = 3,
    tolerance: Decimal = Decimal("0.05"),
    baseline_source: str = "",
    baseline_source_url: str = "",
    publish: bool = True,
    reporter: str = "MY",
    partner: str = "KE",
) -> TargetSetting:
    """Record the target setting (a new row each time: the history of settings is kept)."""
    if by is not None:
        require_secretariat(by, hide=False)
    if Decimal(baseline_value) <= 0:
        raise invalid("baseline_value", _("The baseline must be positive."), code="baseline_must_positive")
    if not (Decimal(0) < Decimal(growth) and 0 <= Decimal(tolerance) < 1 and horizon_years >= 1):
        raise invalid(
            None,
            _("Growth must be positive, tolerance between 0 and 1, and the horizon at least a year."),
            code="growth_must_positive_tolerance",
        )
    with transaction.atomic(), acting_as(by):
        transaction.on_commit(lambda: warm_dashboard(users=[by]))
        return TargetSetting.objects.create(
            reporter_id=reporter,
            partner_id=partner,
            baseline_year=baseline_year,
            baseline_value=Decimal(baseline_value),
            currency=currency.upper(),
            growth=Decimal(growth),
            horizon_years=horizon_years,
            tolerance=Decimal(tolerance),
            baseline_source=baseline_source,
            baseline_source_url=baseline_source_url,
            is_published=publish,
            set_by=by,
        )


def copy_for_import(src: Path) -> Path:
    """A copy of a file in the uploads folder (used by tests and the demo)."""
    target = uploads_dir() / f"{uuid.uuid4().hex}-{src.name}"
    shutil.copyfile(src, target)
    return target
