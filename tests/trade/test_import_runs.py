"""Imports are background runs that always end, and files are checked before any parser reads
them (issue 17 item 8): encoding errors are a row report, header-only files make no release,
column and row limits hold, a run past TRADE_IMPORT_TIMEOUT fails."""

import datetime as dt

import pytest
from django.utils import timezone

from corridor.core.runs import RunStatus
from corridor.trade import services, store
from corridor.trade.models import ImportJob, TradeRelease

from .conftest import COMTRADE_HEADER, comtrade_rows

pytestmark = pytest.mark.django_db

HEADLINE_HEADER = "period,reporter,partner,flow,value,currency,source_name,source_url,publication_date,note"
HEADLINE_ROW = "2023,MY,KE,T,{v},MYR,MATRADE,https://www.matrade.gov.my/x,2024-02-01,{note}"


def _no_store_files(var) -> bool:
    return not list((var / "trade").glob("*.parquet")) if (var / "trade").exists() else True


def test_an_import_is_a_done_background_run_with_its_result(write_csv):
    job = services.import_file(path=write_csv("ok.csv", comtrade_rows()), fmt="comtrade", dataset="ok")
    job.refresh_from_db()
    assert job.status == RunStatus.DONE and job.is_imported and job.progress == 100
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.outcome_label == "Imported"


def test_a_latin1_headline_file_is_a_row_report_not_a_crash(tmp_path, trade_var):
    path = tmp_path / "latin1.csv"
    lines = [HEADLINE_HEADER, HEADLINE_ROW.format(v=100, note="ok"), HEADLINE_ROW.format(v=200, note="Café")]
    path.write_bytes("\n".join(lines).encode("latin-1") + b"\n")
    job = services.import_file(path=path, fmt="headline")
    job.refresh_from_db()
    assert job.status == RunStatus.DONE and job.is_rejected  # it ended, with a report
    assert job.error_count == 1 and job.errors[0]["row"] == 3
    assert "not UTF-8" in job.errors[0]["problem"] and "0xE9" in job.errors[0]["problem"]
    assert TradeRelease.objects.count() == 0


def test_a_latin1_flow_file_reports_every_bad_line(tmp_path, trade_var):
    rows = comtrade_rows()
    rows[0] += ",Côte"
    rows[5] += ",Réunion"
    path = tmp_path / "latin1.csv"
    path.write_bytes("\n".join([COMTRADE_HEADER, *rows]).encode("latin-1") + b"\n")
    job = services.import_file(path=path, fmt="comtrade")
    assert job.is_rejected and [e["row"] for e in job.errors] == [2, 7]
    assert _no_store_files(trade_var) and TradeRelease.objects.count() == 0


@pytest.mark.parametrize(
    ("fmt", "header"),
    [
        ("comtrade", COMTRADE_HEADER),
        ("headline", HEADLINE_HEADER),
        ("wdi", "indicator_code,country_code,year,value"),
    ],
)
def test_a_header_only_file_creates_no_empty_release(write_csv, trade_var, fmt, header):
    job = services.import_file(path=write_csv("empty.csv", ["", ""], header=header), fmt=fmt)
    assert job.is_done and job.is_rejected and job.release is None
    assert "no data rows" in job.message
    assert TradeRelease.objects.count() == 0 and _no_store_files(trade_var)


def test_a_file_whose_rows_are_all_skipped_flows_creates_no_release(write_csv, trade_var):
    rows = ["A,2023,2023,458,MYS,404,KEN,RX,151190,10,1,1"]  # re-exports only: nothing to store
    job = services.import_file(path=write_csv("rx.csv", rows), fmt="comtrade")
    assert job.is_rejected and TradeRelease.objects.count() == 0 and _no_store_files(trade_var)


def test_too_many_columns_is_refused_before_parsing(tmp_path, settings, monkeypatch):
    settings.TRADE_IMPORT_MAX_COLUMNS = 50
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n1\n", encoding="utf-8")

    def must_not_parse(*args, **kwargs):  # pragma: no cover - the point is that it is not called
        raise AssertionError("the file reached the CSV parser")

    monkeypatch.setattr(store, "import_flows", must_not_parse)
    job = services.import_file(path=path, fmt="comtrade")
    assert job.is_rejected and job.errors[0]["row"] == 1
    assert job.errors[0]["problem"] == "20,000 columns in the header; at most 50 are accepted"


def test_a_header_over_a_megabyte_is_refused_by_its_columns(tmp_path, trade_var):
    # Issue 17 item 8: one 1.2 MB row of 200,000 columns held a web request for 195 s.
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(200_000)) + "\n1\n", encoding="utf-8")
    job = services.import_file(path=path, fmt="comtrade")
    assert job.is_rejected and job.errors[0]["row"] == 1
    assert (
        job.errors[0]["problem"].startswith("more than ")
        and "at most 200 are accepted" in job.errors[0]["problem"]
    )


def test_too_many_rows_is_refused_before_parsing(write_csv, settings, monkeypatch):
    settings.TRADE_IMPORT_MAX_ROWS = 10
    monkeypatch.setattr(store, "import_flows", lambda *a, **k: pytest.fail("parsed"))
    job = services.import_file(path=write_csv("long.csv", comtrade_rows()), fmt="comtrade")
    assert job.is_rejected and "more than 10 data rows" in job.errors[0]["problem"]
    assert TradeRelease.objects.count() == 0


def test_a_line_over_a_megabyte_is_refused(write_csv):
    rows = [*comtrade_rows()[:2], "A," + "9" * (store.MAX_LINE_BYTES + 10)]
    job = services.import_file(path=write_csv("huge.csv", rows), fmt="comtrade")
    assert job.is_rejected and job.errors[0]["row"] == 4 and "longer than 1 MB" in job.errors[0]["problem"]


def test_an_import_past_the_timeout_fails_and_ends(write_csv, settings, trade_var):
    settings.TRADE_IMPORT_TIMEOUT = -1  # already past its deadline at the first step
    job = services.import_file(path=write_csv("slow.csv", comtrade_rows()), fmt="comtrade")
    job.refresh_from_db()
    assert job.status == RunStatus.FAILED and job.finished_at is not None
    assert "did not finish within" in job.message
    assert TradeRelease.objects.count() == 0 and _no_store_files(trade_var)


def test_stale_jobs_are_ended_by_the_timeout(settings, personas, login):
    settings.TRADE_IMPORT_TIMEOUT = 60
    long_ago = timezone.now() - dt.timedelta(hours=2)
    stuck = ImportJob.objects.create(
        format="headline", dataset="x", file_name="x.csv", stored_path="/nowhere", status=RunStatus.RUNNING
    )
    ImportJob.objects.filter(pk=stuck.pk).update(started_at=long_ago)
    fresh = ImportJob.objects.create(
        format="headline", dataset="y", file_name="y.csv", stored_path="/nowhere"
    )
    page = login(personas.secretariat).get(f"/trade/jobs/{stuck.pk}/").content.decode()
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and stuck.finished_at is not None
    assert "did not finish within 60 seconds" in page
    assert fresh.status == RunStatus.QUEUED  # not yet past the timeout


def test_a_job_ended_by_the_timeout_is_not_started_late(settings):
    from corridor.trade.tasks import run_import_task

    job = ImportJob.objects.create(
        format="headline", dataset="x", file_name="x.csv", stored_path="/nowhere", status=RunStatus.FAILED
    )
    run_import_task(job.pk)  # would raise on the missing file if it ran
    job.refresh_from_db()
    assert job.status == RunStatus.FAILED


def test_migration_maps_the_old_statuses():
    """0002's data step: pending/running/succeeded/unchanged/failed → run status + result."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("corridor.trade.migrations.0002_importjob_background_run")
    old = {
        "pending": 0,
        "running": 0,
        "succeeded": 0,
        "unchanged": 0,
        "failed": 3,  # with a row report: rejected
    }
    jobs = {
        status: ImportJob.objects.create(
            format="headline",
            dataset=status,
            file_name="f.csv",
            stored_path="/x",
            status=status,
            error_count=n,
        )
        for status, n in old.items()
    }
    crashed = ImportJob.objects.create(
        format="headline", dataset="c", file_name="f.csv", stored_path="/x", status="failed"
    )
    migration.forward(apps, None)
    got = {s: ImportJob.objects.values_list("status", "result").get(pk=j.pk) for s, j in jobs.items()}
    assert got == {
        "pending": ("queued", ""),
        "running": ("running", ""),
        "succeeded": ("done", "imported"),
        "unchanged": ("done", "unchanged"),
        "failed": ("done", "rejected"),
    }
    assert ImportJob.objects.values_list("status", "result").get(pk=crashed.pk) == ("failed", "")
    assert ImportJob.objects.get(pk=jobs["succeeded"].pk).started_at is not None
    assert ImportJob.objects.get(pk=jobs["pending"].pk).started_at is None
