"""Issue 17.10: ``corridor backup DIR`` / ``corridor restore DIR`` round-trip the database rows, the
uploaded media and the analytics stores; a restore refuses a backup whose checksums do not match."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.council import services as council
from corridor.council.models import IndicatorValue


def _rows() -> list:
    out = io.StringIO()
    call_command(
        "dumpdata", exclude=["contenttypes", "auth.permission", "sessions"], natural_foreign=True, stdout=out
    )
    return sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], str(r.get("pk"))))


@pytest.fixture
def stores(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.VAR_DIR.mkdir()
    return tmp_path


def test_round_trip_restores_identical_data(stores, personas, reported):
    council.submit_value(
        by=personas.focal_ke,
        indicator=reported,
        period="2026-H1",
        value="3.25",
        unit="startups",
        country="KE",
    )
    logo = default_storage.save("logos/alpha.png", ContentFile(b"\x89PNG fake bytes"))
    (stores / "var" / "trade.duckdb").write_bytes(b"DUCK" * 100)
    before = _rows()
    assert any(r["model"] == "council.indicatorvalue" for r in before)

    out = io.StringIO()
    call_command("backup", str(stores / "b1"), stdout=out)
    assert "Backed up" in out.getvalue()
    manifest = json.loads((stores / "b1" / "manifest.json").read_text())
    assert {"database.json.gz", f"media/{logo}", "analytics/trade.duckdb"} <= set(manifest["files"])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())

    # Everything changes after the backup…
    IndicatorValue.objects.all().delete()
    get_user_model().objects.filter(pk=personas.carol.pk).delete()
    personas.org_a.name = "Renamed"
    personas.org_a.save()
    default_storage.delete(logo)
    default_storage.save("logos/new.png", ContentFile(b"new"))
    (stores / "var" / "trade.duckdb").write_bytes(b"changed")
    assert _rows() != before

    # …and the restore brings back exactly what was backed up.
    call_command("restore", str(stores / "b1"), "--yes", stdout=io.StringIO())
    assert _rows() == before
    assert default_storage.open(logo).read() == b"\x89PNG fake bytes"
    assert not default_storage.exists("logos/new.png")
    assert (stores / "var" / "trade.duckdb").read_bytes() == b"DUCK" * 100
    assert IndicatorValue.objects.get().value == 3.25


@pytest.mark.parametrize("tamper", ["change", "remove", "add"])
def test_restore_refuses_a_backup_that_does_not_match_its_manifest(stores, personas, tamper):
    default_storage.save("logos/alpha.png", ContentFile(b"logo"))
    call_command("backup", str(stores / "b1"), stdout=io.StringIO())
    target = stores / "b1" / "media" / "logos" / "alpha.png"
    if tamper == "change":
        target.write_bytes(b"LOGO")
    elif tamper == "remove":
        target.unlink()
    else:
        (stores / "b1" / "media" / "extra.js").write_text("alert(1)")
    personas.org_a.name = "Changed after the backup"
    personas.org_a.save()
    with pytest.raises(CommandError) as exc:
        call_command("restore", str(stores / "b1"), "--yes", stdout=io.StringIO())
    assert {"change": "checksum mismatch", "remove": "missing", "add": "not in the manifest"}[tamper] in str(
        exc.value
    )
    personas.org_a.refresh_from_db()
    assert personas.org_a.name == "Changed after the backup"  # nothing was touched


def test_backup_refuses_a_folder_that_is_not_empty(stores, db):
    (stores / "full").mkdir()
    (stores / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(stores / "full"), stdout=io.StringIO())


def test_restore_refuses_a_folder_without_manifest(stores, db):
    (stores / "empty").mkdir()
    with pytest.raises(CommandError, match="not a Corridor backup"):
        call_command("restore", str(stores / "empty"), "--yes", stdout=io.StringIO())


def test_backup_format_keeps_microseconds():
    """Django's JSON cuts times to milliseconds; a backup keeps them whole (a round trip of a
    time such as 08:28:04.000400 must not come back as 08:28:04)."""
    import datetime as dt

    from django.core import serializers

    from corridor.core.exact_json import ExactEncoder
    from corridor.core.models import Country

    when = dt.datetime(2026, 12, 5, 8, 28, 4, 400, tzinfo=dt.UTC)
    assert ExactEncoder().encode(when) == '"2026-12-05T08:28:04.000400Z"'
    text = serializers.serialize("exact-json", [Country(code="ZZ", name="Test")])
    # The standard reader (what ``corridor restore`` uses) reads the format back.
    (restored,) = serializers.deserialize("json", text)
    assert restored.object.code == "ZZ" and restored.object.name == "Test"


def test_nothing_cached_outlives_a_restore(stores, personas):
    """Pages, answers and the trade dashboard's figures were made from the data the restore
    replaced (the analytics files are replaced without any write the page cache sees)."""
    from django.core.cache import cache

    call_command("backup", str(stores / "b3"), stdout=io.StringIO())
    cache.set("trade:dashboard:figures-of-before", {"total": 1}, None)
    call_command("restore", str(stores / "b3"), "--yes", stdout=io.StringIO())
    assert cache.get("trade:dashboard:figures-of-before") is None
