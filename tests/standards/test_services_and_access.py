"""Services, the permission matrix (page, API, service) and the registry loader."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from corridor.core.access import NotFound
from corridor.standards import services
from corridor.standards.models import ConformanceCheck, FailedRule, Instrument, RecognitionArea, StatusChange
from corridor.standards.registry_data import AREAS, INSTRUMENTS

from ..api_errors import error_codes
from .base_documents import UBL

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "bob", "carol", "reviewer", "focal_my", "focal_ke", "secretariat"]


def client_for(name, personas, login, client):
    return client if name == "anonymous" else login(getattr(personas, name))


def test_migration_loaded_the_real_registry_with_sources():
    assert RecognitionArea.objects.count() == len(AREAS) == 8
    assert Instrument.objects.count() == len(INSTRUMENTS)
    for area in RecognitionArea.objects.all():
        sides = set(area.instruments.values_list("side", flat=True))
        assert sides == {"MY", "KE", "INTL"}, area.domain
    assert not Instrument.objects.exclude(source_url__startswith="http").exists()
    assert services.load_registry() == (0, 0)  # idempotent


def test_run_check_records_the_check_not_the_document(personas):
    report, doc, record = services.run_check(
        by=personas.alice, data=UBL.replace("INV-1", "").encode(), packs=["EN"]
    )
    assert not report.valid and "BR-02" in record.failing_rules
    assert (
        record.country_id == "MY"
        and record.document_kind == "ubl-invoice"
        and record.packs == {"EN": report.packs["EN"]}
    )
    assert FailedRule.objects.filter(check_run=record, rule="BR-02").exists()
    stored = {f.name for f in ConformanceCheck._meta.get_fields()}
    assert not stored & {"document", "content", "data", "file"}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<Invoice><a></Invoice>", "parse_error"),
        (b"hello", "unknown_type"),
        (b"", "empty"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "forbidden_dtd"),
    ],
)
def test_unreadable_document_is_stored_nowhere(personas, data, code):
    with pytest.raises(ValidationError) as err:
        services.run_check(by=personas.bob, data=data)
    assert err.value.error_dict["document"][0].code == code
    assert ConformanceCheck.objects.count() == 0


def test_unknown_pack_names_the_field(personas):
    with pytest.raises(ValidationError) as err:
        services.parse_packs("EN,XX")
    assert "packs" in err.value.error_dict


def test_status_change_keeps_dated_history(personas):
    area = RecognitionArea.objects.get(domain="esignatures")
    change = services.change_status(
        by=personas.secretariat,
        area=area,
        to_status="negotiating",
        decision="Council decision 3/2025",
        date=dt.date(2025, 6, 1),
    )
    area.refresh_from_db()
    assert (
        area.status == "negotiating"
        and change.from_status == "not_recognised"
        and change.by == personas.secretariat
    )
    with pytest.raises(ValidationError) as err:
        services.change_status(by=personas.secretariat, area=area, to_status="negotiating", decision="again")
    assert "to_status" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        services.change_status(by=personas.secretariat, area=area, to_status="recognised", decision="")
    assert "decision" in err.value.error_dict
    assert StatusChange.objects.filter(area=area).count() == 1


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "reviewer", "focal_my", "focal_ke"])
def test_only_the_secretariat_edits_the_registry_service(personas, name):
    area = RecognitionArea.objects.get(domain="einvoicing")
    user = getattr(personas, name)
    with pytest.raises(NotFound):
        services.change_status(by=user, area=area, to_status="recognised", decision="x")
    with pytest.raises(NotFound):
        services.update_area(by=user, area=area, summary="hacked", evidence="", decisions="")
    with pytest.raises(NotFound):
        services.save_instrument(by=user, area=area, side="MY", name="X", source_url="https://x.example")
    area.refresh_from_db()
    assert area.status == "not_recognised" and area.summary != "hacked"


def test_instrument_bad_input_names_the_field(personas):
    area = RecognitionArea.objects.get(domain="einvoicing")
    for kwargs, field in (
        ({"side": "XX", "name": "A", "source_url": "https://a.example"}, "side"),
        ({"side": "MY", "name": "", "source_url": "https://a.example"}, "name"),
        ({"side": "MY", "name": "A", "source_url": "ftp://a"}, "source_url"),
        ({"side": "MY", "name": "A", "source_url": "https://a.example", "year": 1200}, "year"),
    ):
        with pytest.raises(ValidationError) as err:
            services.save_instrument(by=personas.secretariat, area=area, **kwargs)
        assert field in err.value.error_dict
    assert not Instrument.objects.filter(name="A").exists()


# ---- permission matrix: pages ----
@pytest.mark.parametrize("name", PERSONAS)
def test_registry_pages_are_public_and_edit_pages_secretariat_only(name, personas, login, client):
    c = client_for(name, personas, login, client)
    assert c.get(reverse("standards:index")).status_code == 200
    assert c.get(reverse("standards:area", args=["einvoicing"])).status_code == 200
    edit = c.get(reverse("standards:area_status", args=["einvoicing"]))
    post = c.post(
        reverse("standards:area_status", args=["einvoicing"]),
        {"to_status": "recognised", "date": "2025-01-01", "decision": "x", "confirm": "on"},
    )
    if name == "secretariat":
        assert edit.status_code == 200 and post.status_code == 302
        assert RecognitionArea.objects.get(domain="einvoicing").status == "recognised"
    else:
        expected = 302 if name == "anonymous" else 404
        assert edit.status_code == expected and post.status_code == expected
        assert RecognitionArea.objects.get(domain="einvoicing").status == "not_recognised"


@pytest.mark.parametrize("name", PERSONAS)
def test_check_needs_sign_in_and_statistics_are_hidden(name, personas, login, client):
    c = client_for(name, personas, login, client)
    page = c.get(reverse("standards:check"))
    stats = c.get(reverse("standards:statistics"))
    api_stats = c.get("/api/standards/statistics/")
    if name == "anonymous":
        assert page.status_code == 302 and stats.status_code == 302 and api_stats.status_code in (401, 403)
    else:
        assert page.status_code == 200
        expected = 200 if name == "secretariat" else 404
        assert stats.status_code == expected and api_stats.status_code == expected


def test_other_users_checks_do_not_leak(personas, login):
    services.run_check(
        by=personas.alice, data=UBL.replace("Widget", "SECRET-ALPHA-ITEM").encode(), packs=["EN"]
    )
    services.run_check(by=personas.alice, data=UBL.replace("INV-1", "").encode(), packs=["EN"])
    bob = login(personas.bob)
    assert bob.get("/api/standards/checks/").json()["count"] == 0
    assert "BR-02" not in bob.get(reverse("standards:checks")).content.decode()
    alice = login(personas.alice)
    assert alice.get("/api/standards/checks/").json()["count"] == 2
    assert login(personas.secretariat).get("/api/standards/checks/").json()["count"] == 2
    stats = login(personas.secretariat).get(reverse("standards:statistics")).content.decode()
    assert "BR-02" in stats and "SECRET-ALPHA-ITEM" not in stats


def test_check_page_bad_inputs_change_nothing(personas, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(personas.alice)
    for payload, name in (
        (b"\x89PNG\r\n\x1a\n0000", "a.png"),
        (b"<Invoice><x></Invoice>", "a.xml"),
        (b"{}", "a.json"),
    ):
        r = c.post(reverse("standards:check"), {"document": SimpleUploadedFile(name, payload)})
        assert r.status_code == 400
        assert "errorlist" in r.content.decode() or "error" in r.content.decode()
    r = c.post(
        reverse("standards:check"), {"document": SimpleUploadedFile("a.xml", UBL.encode()), "packs": ["ZZ"]}
    )
    assert r.status_code == 400
    assert ConformanceCheck.objects.count() == 0


def test_check_page_shows_report_and_conversion(personas, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = login(personas.bob).post(
        reverse("standards:check"),
        {"document": SimpleUploadedFile("inv.xml", UBL.replace("INV-1", "").encode())},
    )
    body = r.content.decode()
    assert (
        r.status_code == 200
        and "BR-02" in body
        and 'id="conversion"' in body
        and "Not carried across" in body
    )
    assert ConformanceCheck.objects.get().country_id == "KE"


# ---- API ----
def test_api_check_multipart_and_raw(personas, login, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(personas.alice)
    r = c.post("/api/standards/check/?packs=EN", {"file": SimpleUploadedFile("i.xml", UBL.encode())})
    assert (
        r.status_code == 200 and r.json()["valid"] is True and set(r.json()) == {"valid", "findings", "packs"}
    )
    raw = c.post(
        "/api/standards/check/?packs=EN",
        data=UBL.replace("INV-1", "").encode(),
        content_type="application/xml",
        HTTP_CONTENT_DISPOSITION="attachment; filename=i.xml",
    )
    assert raw.status_code == 200 and "BR-02" in {f["rule"] for f in raw.json()["findings"]}
    svrl = c.post("/api/standards/check/?report=svrl", {"file": SimpleUploadedFile("i.xml", UBL.encode())})
    assert svrl.status_code == 200 and b"schematron-output" in svrl.content
    bad = c.post("/api/standards/check/", {"file": SimpleUploadedFile("i.xml", b"<Invoice>\n<a></Invoice>")})
    assert bad.status_code == 400 and error_codes(bad) == {"file": ["parse_error"]}
    assert "line 2" in bad.json()["errors"][0]["message"]
    pack = c.post("/api/standards/check/?packs=QQ", {"file": SimpleUploadedFile("i.xml", UBL.encode())})
    assert pack.status_code == 400 and error_codes(pack) == {"packs": ["unknown_pack"]}
    assert client.post(
        "/api/standards/check/", {"file": SimpleUploadedFile("i.xml", UBL.encode())}
    ).status_code in (401, 403)
    assert ConformanceCheck.objects.count() == 3


def test_api_registry_is_public(client):
    r = client.get("/api/standards/domains/")
    assert r.status_code == 200 and r.json()["count"] == 8
    d = client.get("/api/standards/domains/einvoicing/").json()
    assert d["history"] == [] and {i["side"] for i in d["instruments"]} == {"MY", "KE", "INTL"}
    assert client.post("/api/standards/domains/", {}).status_code in (401, 403, 405)


def test_identical_json_from_page_api_and_cli(personas, login, tmp_path):
    import io
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    doc = UBL.replace("INV-1", "").encode()
    api = (
        login(personas.alice).post("/api/standards/check/", {"file": SimpleUploadedFile("i.xml", doc)}).json()
    )
    path = tmp_path / "i.xml"
    path.write_bytes(doc)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("standards", "check", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == api
    page = login(personas.alice).post(
        reverse("standards:check"), {"document": SimpleUploadedFile("i.xml", doc)}
    )
    assert json.dumps(api, indent=2, ensure_ascii=False).replace('"', "&quot;") in page.content.decode()


def test_cli_several_files_one_line_each(tmp_path):
    import io
    import json

    from django.core.management import call_command

    good, bad = tmp_path / "a.xml", tmp_path / "b.xml"
    good.write_bytes(UBL.encode())
    bad.write_bytes(b"<Invoice>\n<x></Invoice>")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("standards", "check", str(good), str(bad), "--pack", "EN", stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["file"] for x in lines] == [str(good), str(bad)]
    assert lines[0]["valid"] is True and lines[1]["error"]["line"] == 2


# ---- query counts ----
def _make_checks(user, n):
    for _ in range(n):
        services.run_check(by=user, data=UBL.encode(), packs=["EN"])


def test_list_query_counts_are_flat(personas, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login(personas.alice)
    counts = []
    for n in (1, 2):
        _make_checks(personas.alice, 1 if n == 1 else 2)
        with CaptureQueriesContext(connection) as page_q:
            c.get(reverse("standards:checks"))
        with CaptureQueriesContext(connection) as api_q:
            c.get("/api/standards/checks/")
        with CaptureQueriesContext(connection) as reg_q:
            c.get(reverse("standards:index"))
        with CaptureQueriesContext(connection) as reg_api_q:
            c.get("/api/standards/domains/")
        counts.append((len(page_q), len(api_q), len(reg_q), len(reg_api_q)))
    assert counts[0] == counts[1]
