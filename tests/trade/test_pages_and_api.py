"""Trade pages and API with the personas: what each one sees and may do."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from corridor.trade import demo, services
from corridor.trade.models import ImportJob, TradeRelease
from tests.tokens import token_client

from .conftest import COMTRADE_HEADER, comtrade_rows

pytestmark = pytest.mark.django_db

NON_STAFF = ["alice", "carol", "bob", "reviewer", "focal_my", "focal_ke", "anonymous"]
SECRET_TITLE = "SECRET unpublished release"


@pytest.fixture
def client_for(personas, login):
    def _c(name):
        return Client() if name == "anonymous" else login(getattr(personas, name))

    return _c


@pytest.fixture
def api_for(personas):
    def _c(name):
        if name == "anonymous":
            return Client()
        return token_client(getattr(personas, name))

    return _c


@pytest.fixture
def releases(write_csv):
    published = services.import_file(
        path=write_csv("pub.csv", comtrade_rows()),
        fmt="comtrade",
        dataset="pub",
        title="Public MY-KE",
        publish=True,
    ).release
    secret = services.import_file(
        path=write_csv("sec.csv", comtrade_rows(scale=3)), fmt="comtrade", dataset="sec", title=SECRET_TITLE
    ).release
    return published, secret


def _csv_upload(name="upload.csv", scale=1.0):
    body = "\n".join([COMTRADE_HEADER, *comtrade_rows(scale)]) + "\n"
    return SimpleUploadedFile(name, body.encode(), content_type="text/csv")


@pytest.mark.parametrize("name", NON_STAFF)
def test_unpublished_release_is_invisible_to_public_and_non_secretariat(name, releases, client_for, api_for):
    published, secret = releases
    c = client_for(name)
    for url in ("/trade/", "/trade/releases/"):
        body = c.get(url).content.decode()
        assert SECRET_TITLE not in body
        assert "Public MY-KE" in body
    assert c.get(f"/trade/releases/{secret.pk}/").status_code == 404
    assert c.get("/trade/releases/987654/").status_code == 404
    assert c.get(f"/trade/?release={secret.pk}").status_code == 404
    assert c.get(f"/trade/data/trend.csv?release={secret.pk}").status_code == 404
    api = api_for(name)
    listed = api.get("/api/trade/releases/").json()
    assert [r["id"] for r in listed["results"]] == [published.pk]
    assert (
        api.get(f"/api/trade/releases/{secret.pk}/").status_code
        == api.get("/api/trade/releases/987654/").status_code
        == 404
    )
    assert api.get(f"/api/trade/tables/trend/?release={secret.pk}").status_code == 404


def test_secretariat_sees_unpublished_and_can_publish(releases, client_for, api_for):
    published, secret = releases
    c = client_for("secretariat")
    assert SECRET_TITLE in c.get("/trade/releases/").content.decode()
    assert c.get(f"/trade/?release={secret.pk}").status_code == 200
    r = c.post(f"/trade/releases/{secret.pk}/publish/", {"action": "publish"})
    assert r.status_code == 302
    secret.refresh_from_db()
    assert secret.is_published
    assert SECRET_TITLE in Client().get("/trade/releases/").content.decode()


@pytest.mark.parametrize("name", NON_STAFF)
def test_upload_is_for_the_secretariat_only(name, client_for, api_for, releases):
    c = client_for(name)
    expected = 302 if name == "anonymous" else 404  # anonymous → login page, others: no such page
    assert c.get("/trade/upload/").status_code == expected
    assert c.post("/trade/upload/", {"file": _csv_upload(), "format": "comtrade"}).status_code == expected
    assert c.post(f"/trade/releases/{releases[1].pk}/publish/").status_code == expected
    api = api_for(name)
    assert (
        api.post("/api/trade/jobs/", {"file": _csv_upload(), "source_format": "comtrade"}).status_code == 404
    )
    assert api.get("/api/trade/jobs/").status_code == 404
    job = ImportJob.objects.first()
    assert c.get(f"/trade/jobs/{job.pk}/").status_code == expected
    assert ImportJob.objects.count() == 2 and TradeRelease.objects.count() == 2


def test_secretariat_upload_runs_the_task_and_shows_progress(client_for, django_capture_on_commit_callbacks):
    c = client_for("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/trade/upload/", {"file": _csv_upload(), "format": "comtrade", "dataset": "up"})
    assert r.status_code == 302
    job = ImportJob.objects.get()
    assert r["Location"] == f"/trade/jobs/{job.pk}/"
    assert job.is_imported and job.progress == 100
    page = c.get(r["Location"]).content.decode()
    assert "100%" in page and f"release #{job.release_id}" in page
    partial = c.get(f"/trade/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "job-progress" in partial
    # The dashboard now shows the (unpublished) release to the secretariat only.
    assert f"release #{job.release_id}" in c.get("/trade/").content.decode()
    assert "No trade-flow release is published yet." in Client().get("/trade/").content.decode()


def test_upload_rejects_wrong_type_and_reports_bad_rows(client_for, django_capture_on_commit_callbacks):
    c = client_for("secretariat")
    r = c.post("/trade/upload/", {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04"), "format": "comtrade"})
    assert r.status_code == 200 and "Upload a CSV file" in r.content.decode()
    bad = "\n".join([COMTRADE_HEADER, "A,2023,2023,458,MYS,404,KEN,X,151190,-1,1,1"]) + "\n"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            "/trade/upload/", {"file": SimpleUploadedFile("bad.csv", bad.encode()), "format": "comtrade"}
        )
    page = c.get(r["Location"]).content.decode()
    assert "negative value: -1" in page and "Rejected" in page
    assert TradeRelease.objects.count() == 0


def test_api_upload_by_secretariat(api_for, django_capture_on_commit_callbacks):
    api = api_for("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/trade/jobs/", {"file": _csv_upload(), "source_format": "comtrade"})
    assert r.status_code == 201, r.content
    job = api.get(f"/api/trade/jobs/{r.json()['id']}/").json()
    assert job["status"] == "done" and job["result"] == "imported" and job["progress"] == 100
    assert {"id", "status", "progress", "message", "created_at", "started_at", "finished_at"} <= set(job)


def test_dashboard_with_demo_shows_target_sources_and_drilldown():
    demo.load_trade_demo()
    c = Client()
    page = c.get("/trade/").content.decode()
    assert "illustrative demo data, not official statistics" in page
    assert "https://www.malaymail.com/news/malaysia/2025/11/24/" in page
    assert 'class="rag grey" id="rag-status"' in page and "No figure after the baseline yet" in page
    assert "Animal or vegetable fats" in page  # section III leads MY→KE (palm oil)
    drill = c.get("/trade/?direction=my-ke&parent=15").content.decode()
    assert "1511" in drill and "Palm oil" in drill
    hs6 = c.get("/trade/?parent=1511").content.decode()
    assert "151190" in hs6
    svg = c.get("/trade/chart/target.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    for name in ("trend", "mirror", "composition"):
        assert c.get(f"/trade/chart/{name}.svg").status_code == 200
    csv_body = c.get("/trade/data/composition.csv?parent=15").content.decode()
    assert csv_body.splitlines()[0] == "code,label,value,share"  # the header row first
    about = c.get("/trade/data/composition.json?parent=15").json()
    assert about["title"].startswith("MY→KE 2024 by HS heading within 15 Animal, vegetable")
    for parent, level in (("III", "chapter"), ("15", "heading"), ("1511", "HS6")):
        title = c.get(f"/api/trade/tables/composition/?parent={parent}").json()["title"]
        assert title.startswith(f"MY→KE 2024 by HS {level} within {parent} "), title
    assert c.get("/api/trade/tables/composition/").json()["title"] == "MY→KE 2024 by HS section"
    assert "Source:" not in csv_body and "illustrative" in about["source"] and about["illustrative"]
    wb = load_workbook(io.BytesIO(c.get("/trade/data/trend.xlsx").content))
    assert wb.sheetnames[0] == "About" and wb["trend"]["A1"].value == "year"
    assert c.get("/trade/?parent=nonsense").status_code == 404


def test_dashboard_without_headline_says_so():
    assert "No headline series is loaded." in Client().get("/trade/").content.decode()


def test_api_target_and_tables_match_the_page():
    demo.load_trade_demo()
    c = Client()
    t = c.get("/api/trade/target/").json()
    assert t["status"] == "no_data" and t["target_value"] == pytest.approx(7.41e9)
    table = c.get("/api/trade/tables/trend/").json()
    assert table["columns"][:4] == ["year", "MY→KE", "KE→MY", "total"] and "illustrative" in table["source"]
    assert [r[0] for r in table["rows"]] == [2020, 2021, 2022, 2023, 2024]
    assert c.get("/api/trade/tables/composition/?parent=XIV").status_code == 200
    assert c.get("/api/trade/tables/composition/?parent=bad!").status_code == 400


@pytest.mark.parametrize("n", [1, 3])
def test_release_list_query_count_is_constant(n, write_csv, django_assert_num_queries, personas, login):
    for i in range(n):
        services.import_file(
            path=write_csv(f"r{i}.csv", comtrade_rows(scale=1 + i)),
            fmt="comtrade",
            dataset=f"d{i}",
            publish=True,
        )
    c = login(personas.secretariat)
    c.get("/trade/releases/")  # warm the session
    with django_assert_num_queries(5):  # 5 with the nav's unread-messages count
        assert c.get("/trade/releases/").status_code == 200
    api = Client()
    with django_assert_num_queries(2):  # count + page
        assert len(api.get("/api/trade/releases/").json()["results"]) == n


def test_revised_release_page_compares_with_the_old_one(write_csv, client_for):
    services.import_file(path=write_csv("a.csv", comtrade_rows()), fmt="comtrade", dataset="x", publish=True)
    new = services.import_file(path=write_csv("b.csv", comtrade_rows(2)), fmt="comtrade", dataset="x").release
    page = client_for("secretariat").get(f"/trade/releases/{new.pk}/").content.decode()
    assert f"Compared with release #{new.supersedes_id}" in page


def test_rag_class_filter_colours_a_target_status():
    from django.template import Context, Template

    def render(status):
        return Template("{% load trade_format %}{{ s|rag_class }}").render(Context({"s": status}))

    assert [render(s) for s in ("green", "amber", "red", "no_data")] == ["green", "amber", "red", "grey"]
