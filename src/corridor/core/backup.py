"""Backup and restore: ``corridor backup DIR`` / ``corridor restore DIR``.

A backup folder holds

* ``database.json.gz``: every row (``dumpdata`` with natural foreign keys, primary keys kept), so one
  backup restores into SQLite or PostgreSQL alike; content types, permissions and sessions are left
  out (``migrate`` makes the first two, sessions are not worth keeping);
* ``media/``: the uploaded files (when they are on the local disk; an object store keeps its own
  versions and is not copied);
* ``analytics/``: analytics stores under ``CORRIDOR_VAR_DIR`` (``*.duckdb``, ``*.parquet``), if any;
* ``manifest.json``: format version, time, database engine, Django migrations applied, and the
  SHA-256 and size of every other file.

``restore`` first checks the manifest against every file (a changed, missing or extra file refuses
the restore before anything is touched), checks that the database has the same migrations applied,
then empties the database's tables (but content types, permissions and migrations) and loads the rows in one transaction, and replaces media and analytics.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import shutil
from pathlib import Path

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json.gz"
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
ANALYTICS_PATTERNS = ("*.duckdb", "*.parquet")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path | None:
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def _analytics_files() -> list[Path]:
    var = Path(settings.VAR_DIR)
    if not var.is_dir():
        return []
    found = set()
    for pattern in ANALYTICS_PATTERNS:
        found.update(p for p in var.glob(pattern) if p.is_file())
    return sorted(found)


def _migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _files(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            out[path.relative_to(folder).as_posix()] = {"sha256": sha256(path), "bytes": path.stat().st_size}
    return out


def backup(folder: Path | str) -> dict:
    """Write a backup into ``folder`` (new or empty) and return its manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; give a new or empty folder.")
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDE,
        natural_foreign=True,
        format="exact-json",  # times keep their microseconds (core.exact_json)
        indent=None,
        stdout=buffer,
        database=DEFAULT_DB_ALIAS,
    )
    with gzip.open(folder / DATABASE, "wt", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    media = _media_root()
    if media is not None and media.is_dir():
        shutil.copytree(media, folder / "media", ignore=shutil.ignore_patterns("healthz"))
    for path in _analytics_files():
        (folder / "analytics").mkdir(exist_ok=True)
        shutil.copy2(path, folder / "analytics" / path.name)
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "migrations": _migrations(),
        "media": "local" if media is not None else "object store (not copied)",
        "files": _files(folder),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def verify(folder: Path | str) -> dict:
    """The manifest, once every file's checksum matches it; ``BackupError`` naming the problem."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"No {MANIFEST} in {folder}: not a Corridor backup.") from None
    except json.JSONDecodeError:
        raise BackupError(f"{MANIFEST} is not valid JSON.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    expected = manifest.get("files", {})
    actual = _files(folder)
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"missing: {name}")
        elif name not in expected:
            problems.append(f"not in the manifest: {name}")
        elif actual[name]["sha256"] != expected[name]["sha256"]:
            problems.append(f"checksum mismatch: {name}")
    if DATABASE not in expected:
        problems.append(f"missing: {DATABASE}")
    if problems:
        raise BackupError("The backup does not match its manifest: " + "; ".join(problems))
    return manifest


#: Tables a restore keeps: made by ``migrate``, and the rows' natural foreign keys point at them.
KEEP_TABLES = {"django_content_type", "auth_permission", "django_migrations"}


def _empty_tables() -> None:
    """Delete every row of every model table but ``KEEP_TABLES``, inside the caller's transaction
    (foreign keys are checked at commit, so the order does not matter; TRUNCATE, as ``flush`` uses,
    cannot run inside a transaction that has pending constraint checks on PostgreSQL)."""
    qn = connection.ops.quote_name
    tables = sorted(set(connection.introspection.django_table_names(only_existing=True)) - KEEP_TABLES)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608 - table names from the app registry


def restore(folder: Path | str) -> dict:
    """Replace the database, media and analytics stores with the backup's (see the module text)."""
    folder = Path(folder)
    manifest = verify(folder)
    mine = set(_migrations())
    theirs = set(manifest.get("migrations", []))
    if mine != theirs:
        missing = sorted(theirs - mine)[:5]
        extra = sorted(mine - theirs)[:5]
        raise BackupError(
            "The database's migrations differ from the backup's "
            f"(backup only: {missing or '-'}; database only: {extra or '-'}); migrate to the same code first."
        )
    # The rows come back as they were, audit log included: loading them writes no new audit entries.
    with transaction.atomic(), disable_auditlog():
        _empty_tables()
        call_command("loaddata", str(folder / DATABASE), verbosity=0)
    media = _media_root()
    if media is not None and (folder / "media").is_dir():
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(folder / "media", media)
    if (folder / "analytics").is_dir():
        var = Path(settings.VAR_DIR)
        var.mkdir(parents=True, exist_ok=True)
        for path in _analytics_files():
            path.unlink()
        for path in (folder / "analytics").iterdir():
            shutil.copy2(path, var / path.name)
    # Nothing computed from the data before the restore may outlive it: cached pages and answers,
    # the trade dashboard's figures (the analytics files changed under them), nav counts. Sessions
    # stay valid (written through to the database).
    cache.clear()
    return manifest
