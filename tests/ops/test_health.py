"""Issue 17.10: /healthz checks what pages need and names the failing check; API errors stay JSON
when DEBUG is off (the test settings run with DEBUG=False, as production does)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError

from corridor.core import health
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db

MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
FILES = "django.core.files.storage.FileSystemStorage"


def _storages(static=None, default=None, media_root=None):
    return {
        "default": {"BACKEND": FILES, **({"OPTIONS": {"location": str(default)}} if default else {})},
        "staticfiles": {"BACKEND": static or "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_healthy(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "static": "skipped", "storage": "ok", "broker": "skipped"}


def test_missing_static_manifest_is_a_503_naming_static(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = _storages(static=MANIFEST)
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["failing"] == ["static"] and "collectstatic" in r.json()["checks"]["static"]
    # A manifest without the base template's files is as bad as none.
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"corridor/app.css": "corridor/app.1.css"}})
    )
    settings.STORAGES = _storages(static=MANIFEST)
    r = client.get("/healthz")
    assert r.status_code == 503 and "corridor/app.js" in r.json()["checks"]["static"]
    paths = {name: name.replace(".", ".1.", 1) for name in health.PAGE_ASSETS}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths}))
    settings.STORAGES = _storages(static=MANIFEST)
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["checks"]["static"] == "ok"


def test_unwritable_storage_is_a_503_naming_storage(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.STORAGES = _storages(default=blocker)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["failing"] == ["storage"]


def test_unreachable_broker_is_a_503_naming_broker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["failing"] == ["broker"]
    assert "127.0.0.1" not in r.content.decode()


def test_database_failure_is_a_503_naming_database(client, monkeypatch):
    def broken_cursor():
        raise OperationalError("could not connect to server at db.internal")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["failing"] == ["database"]
    assert "db.internal" not in r.content.decode()


def test_api_404_is_json_and_page_404_is_html(client, settings):
    assert settings.DEBUG is False
    r = client.get("/api/no-such-endpoint/")
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    assert error_codes(r) == {None: ["not_found"]}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_api_500_is_json_and_page_500_is_html(client, settings):
    settings.ROOT_URLCONF = "tests.ops.crash_urls"
    client.raise_request_exception = False
    r = client.get("/api/boom/")
    assert r.status_code == 500 and error_codes(r) == {None: ["server_error"]}
    assert "boom" not in r.content.decode()
    page = client.get("/boom/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
