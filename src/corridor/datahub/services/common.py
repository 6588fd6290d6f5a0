"""Shared helpers of the data hub's services."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from corridor.core.errors import invalid

from ..enums import (
    VersionStatus,
)
from ..models import (
    DatasetVersion,
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
