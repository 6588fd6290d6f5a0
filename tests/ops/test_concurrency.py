"""Issue 17 item 6: concurrent writes.

* Two people saving the same organisation: the second is told "changed since you opened it"
  (page: form error; API: 409 with the shared error shape) and nothing is overwritten.
* SQLite: N threads writing through the services on a file database give no "database is
  locked" (immediate transactions and a busy timeout); bounded by count, not by time.
* Approving and rejecting the same indicator value at once: the loser gets a clear error.
"""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from corridor.core.errors import StaleEdit
from corridor.council import services as council_services
from corridor.council.enums import ValueStatus
from corridor.council.models import IndicatorValue
from corridor.orgs import services
from corridor.orgs.models import Organisation
from tests.api_errors import error_codes

ROOT = Path(__file__).resolve().parents[2]
THREADS = 16


@pytest.mark.django_db
def test_second_stale_save_is_refused_in_the_service(personas):
    org = personas.org_a
    opened = org.version
    services.update_organisation(organisation=org, by=personas.alice, expected_version=opened, city="Klang")
    with pytest.raises(StaleEdit) as exc:
        services.update_organisation(
            organisation=Organisation.objects.get(pk=org.pk),
            by=personas.alice,
            expected_version=opened,
            city="Ipoh",
        )
    assert exc.value.error_dict["version"][0].code == "changed_since_opened"
    org.refresh_from_db()
    assert org.city == "Klang" and org.version == opened + 1


@pytest.mark.django_db
def test_stale_page_save_is_a_form_error(personas, login):
    from tests.orgs.test_services import org_page_data

    c = login(personas.alice)
    opened = Organisation.objects.get(pk=personas.org_a.pk).version
    page = c.get("/organisations/alpha-logistics/edit/").content.decode()
    assert f'name="version" value="{opened}"' in page
    edit = {**org_page_data(name="Alpha Logistics"), "version": opened}
    assert c.post("/organisations/alpha-logistics/edit/", {**edit, "city": "Klang"}).status_code == 302
    r = c.post("/organisations/alpha-logistics/edit/", {**edit, "city": "Ipoh"})
    assert r.status_code == 200
    assert "changed this since you opened it" in r.content.decode()
    assert Organisation.objects.get(pk=personas.org_a.pk).city == "Klang"


@pytest.mark.django_db
def test_stale_api_save_is_409_with_the_shared_shape(personas, login):
    c = login(personas.alice)
    url = "/api/organisations/alpha-logistics/"
    opened = c.get(url).json()["version"]
    r = c.patch(url, {"city": "Klang", "version": opened}, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == opened + 1
    r = c.patch(url, {"city": "Ipoh", "version": opened}, content_type="application/json")
    assert r.status_code == 409
    assert error_codes(r) == {"version": ["changed_since_opened"]}
    assert Organisation.objects.get(pk=personas.org_a.pk).city == "Klang"
    # Without a version the save goes through (clients that do not send one keep working).
    assert c.patch(url, {"city": "Ipoh"}, content_type="application/json").status_code == 200


@pytest.mark.django_db
def test_approve_and_reject_at_once_the_loser_is_told(personas, reported):
    value = council_services.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=3, unit="startups", country="KE"
    )
    seen_by_secretariat = IndicatorValue.objects.get(pk=value.pk)  # both opened the submission
    seen_by_focal_my = IndicatorValue.objects.get(pk=value.pk)
    council_services.validate_value(by=personas.focal_my, value=seen_by_focal_my, approve=True)
    with pytest.raises(StaleEdit) as exc:
        council_services.validate_value(
            by=personas.secretariat, value=seen_by_secretariat, approve=False, note="Wrong unit"
        )
    assert exc.value.error_dict["status"][0].code == "value_already_decided"
    value.refresh_from_db()
    assert value.status == ValueStatus.VALIDATED and value.review_note == ""


@pytest.mark.django_db
def test_approve_race_over_the_api_is_409(personas, reported, login, monkeypatch):
    """The API maps the loser's error to 409 (the winner decided between read and write)."""
    from corridor.council import api

    value = council_services.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=3, unit="startups", country="KE"
    )
    stale = IndicatorValue.objects.get(pk=value.pk)
    council_services.validate_value(by=personas.focal_my, value=IndicatorValue.objects.get(pk=value.pk))
    monkeypatch.setattr(api.IndicatorValueViewSet, "get_object", lambda self: stale, raising=False)
    r = login(personas.secretariat).post(
        f"/api/council/values/{value.pk}/validate/",
        {"approve": False, "note": "no"},
        content_type="application/json",
    )
    assert r.status_code == 409, r.content
    assert error_codes(r) == {"status": ["value_already_decided"]}


WRITER = textwrap.dedent(
    """
    import json, sys, threading
    import django
    django.setup()
    from django.db import connection
    from corridor.core.models import User
    from corridor.orgs import services
    from corridor.orgs.models import Organisation

    org_pk, user_pk, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    barrier = threading.Barrier(n)
    errors, done = [], []

    def write(i):
        try:
            barrier.wait()
            user = User.objects.get(pk=user_pk)
            org = Organisation.objects.get(pk=org_pk)
            services.update_organisation(organisation=org, by=user, city=f"City {i}")
            done.append(i)
        except Exception as exc:  # reported to the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"done": len(done), "errors": errors,
                      "mode": connection.settings_dict["OPTIONS"].get("transaction_mode")}))
    """
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_service_writes_on_file_sqlite_are_never_locked(personas, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has row locks")
    connection.ensure_connection()
    path = tmp_path / "concurrent.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # the migrated test database, personas included
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "corridor.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "CORRIDOR_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
        "RECOMMENDATIONS_REFRESH_ON_CHANGE": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", WRITER, str(personas.org_a.pk), str(personas.alice.pk), str(THREADS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["done"] == THREADS
    assert report["mode"] == "IMMEDIATE"
    check = sqlite3.connect(path)
    version = check.execute(
        "SELECT version FROM orgs_organisation WHERE id = ?", (personas.org_a.pk,)
    ).fetchone()
    check.close()
    assert version[0] == personas.org_a.version + THREADS  # every save counted, none lost
