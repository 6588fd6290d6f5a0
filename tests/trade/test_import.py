"""Imports: row-by-row validation, all-or-nothing, idempotence, revisions (no web, no task queue)."""

import pytest

from corridor.trade import services, store
from corridor.trade.models import HeadlineFigure, TradeRelease

from .conftest import SHARED, comtrade_rows

pytestmark = pytest.mark.django_db


def _parquets(var):
    """Release files (each flow release also has a small ``.pair.parquet`` corridor extract)."""
    return (
        sorted(p.name for p in (var / "trade").glob("*.parquet") if ".pair." not in p.name)
        if (var / "trade").exists()
        else []
    )


def test_comtrade_import_stores_release_and_parquet(write_csv, trade_var):
    path = write_csv("my_ke.csv", comtrade_rows())
    job = services.import_file(path=path, fmt="comtrade", dataset="my-ke", title="MY–KE")
    assert job.is_imported, job.errors
    release = job.release
    assert (release.row_count, release.year_min, release.year_max) == (24, 2022, 2024)
    assert release.is_current and not release.is_published
    assert _parquets(trade_var) == [release.parquet_name]
    assert store.pair_path(store.parquet_path(release.parquet_name)).exists()
    dirs = store.direction_values(store.parquet_path(release.parquet_name), "MY", "KE")
    my_ke_2024 = next(d for d in dirs if d["year"] == 2024 and d["exporter"] == "MY")
    assert my_ke_2024["exporter_reported"] == pytest.approx(1250.0)
    assert my_ke_2024["importer_reported"] == pytest.approx(1350.0)
    ke_my_2024 = next(d for d in dirs if d["year"] == 2024 and d["exporter"] == "KE")
    assert ke_my_2024["exporter_reported"] == pytest.approx(62.5)
    assert ke_my_2024["importer_reported"] is None


def test_bad_rows_are_each_reported_and_nothing_is_stored(write_csv, trade_var):
    lines = comtrade_rows()
    lines[1] = "A,2023,2023,404,KEN,999,XXX,M,151190,10,1,1"  # unknown partner (line 3)
    lines[4] = "A,2023,2023,458,MYS,404,KEN,X,15119,10,1,1"  # malformed HS (line 6)
    lines[5] = "A,2023,2023,458,MYS,404,KEN,X,010110,10,1,1"  # HS2012 code, unknown in HS 2022 (line 7)
    lines[7] = "A,2023,2023,458,MYS,404,KEN,X,151190,-5,1,1"  # negative (line 9)
    lines[8] = "A,2023,2023,458,MYS,404,KEN,X,151190,lots,1,1"  # non-numeric (line 10)
    lines[9] = "A,20x3,20x3,458,MYS,404,KEN,X,151190,1,1,1"  # bad year (line 11)
    lines[10] = "A,2023,2023,ZZZ,ZZZ,404,KEN,Q,151190,1,1,1"  # unknown reporter + flow (line 12)
    path = write_csv("bad.csv", lines)
    job = services.import_file(path=path, fmt="comtrade", dataset="bad")
    assert job.is_rejected
    assert job.error_count == 7
    got = {(e["row"], e["field"], e["problem"]) for e in job.errors}
    assert (3, "partnerISO", "unknown country code 'XXX'") in got
    assert (6, "cmdCode", "malformed HS code '15119'") in got
    assert (7, "cmdCode", "unknown HS code '010110' (not in HS 2022)") in got
    assert (9, "primaryValue", "negative value: -5") in got
    assert (10, "primaryValue", "not a number: 'lots'") in got
    assert (11, "refYear", "not a year: '20x3'") in got
    assert (12, "reporterISO", "unknown country code 'ZZZ'") in got
    assert (12, "flowCode", "unknown flow code 'Q' (expected X or M)") in got
    assert [e["row"] for e in job.errors] == sorted(e["row"] for e in job.errors)
    assert TradeRelease.objects.count() == 0
    assert list((trade_var / "trade").glob("*.parquet")) == []


def test_wrong_year_against_the_expected_year(write_csv):
    job = services.import_file(path=write_csv("y.csv", comtrade_rows()), fmt="comtrade", expected_year=2024)
    assert job.is_rejected
    assert job.error_count == 16
    assert job.errors[0] == {
        "row": 2,
        "field": "refYear",
        "problem": "wrong year 2022, the release is for 2024",
    }


def test_reimporting_the_same_file_changes_nothing(write_csv, trade_var):
    path = write_csv("same.csv", comtrade_rows())
    first = services.import_file(path=path, fmt="comtrade", dataset="same")
    before = (TradeRelease.objects.count(), _parquets(trade_var), first.release.updated_at)
    again = services.import_file(path=path, fmt="comtrade", dataset="same")
    assert again.is_unchanged
    assert again.release == first.release
    first.release.refresh_from_db()
    assert (TradeRelease.objects.count(), _parquets(trade_var), first.release.updated_at) == before


def test_revised_file_supersedes_and_keeps_the_old_release(write_csv, trade_var):
    old = services.import_file(
        path=write_csv("v1.csv", comtrade_rows()), fmt="comtrade", dataset="my-ke"
    ).release
    new = services.import_file(
        path=write_csv("v2.csv", comtrade_rows(scale=1.1)), fmt="comtrade", dataset="my-ke"
    ).release
    old.refresh_from_db()
    assert new.supersedes == old and new.is_current and not old.is_current
    assert set(_parquets(trade_var)) == {old.parquet_name, new.parquet_name}
    v_old = store.direction_values(store.parquet_path(old.parquet_name), "MY", "KE")[-1]["exporter_reported"]
    v_new = store.direction_values(store.parquet_path(new.parquet_name), "MY", "KE")[-1]["exporter_reported"]
    assert v_new == pytest.approx(v_old * 1.1)


def test_baci_values_in_thousands_and_codes_padded(write_csv):
    lines = ["2023,458,404,151190,500.5,12.0", "2023,458,404,90240,1.25,1", "2023,404,458,90240,2,1"]
    job = services.import_file(path=write_csv("baci.csv", lines, header="t,i,j,k,v,q"), fmt="baci")
    assert job.is_imported, job.errors
    rows = store.breakdown(
        store.parquet_path(job.release.parquet_name), year=2023, exporter="MY", importer="KE", parent="09"
    )
    assert rows == [{"code": "0902", "value": pytest.approx(1250.0)}]


def test_baci_bad_rows(write_csv):
    lines = [
        "2023,458,404,151190,1,1",
        "2023,458,000999,151190,1,1",
        "2023,458,404,1511,1,1",
        "2023,458,404,151190,-1,1",
    ]
    job = services.import_file(path=write_csv("baci_bad.csv", lines, header="t,i,j,k,v,q"), fmt="baci")
    assert job.is_rejected
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "j"), (4, "k"), (5, "v")]


HEADLINE_HEADER = "period,reporter,partner,flow,value,currency,source_name,source_url,publication_date,note"


def test_headline_import_and_bad_rows(write_csv):
    good = [
        "2023,MY,KE,T,5510000000,MYR,Bernama via Malay Mail,https://example.org/a,2025-11-24,",
        "2024-01/2024-09,MYS,KEN,T,3420000000,MYR,Meru News,https://example.org/b,,Jan-Sep",
    ]
    job = services.import_file(path=write_csv("h.csv", good, header=HEADLINE_HEADER), fmt="headline")
    assert job.is_imported, job.errors
    figs = list(HeadlineFigure.objects.order_by("month_to"))
    assert [(f.period, f.months, f.reporter_id, f.value) for f in figs] == [
        ("2024-01/2024-09", 9, "MY", 3420000000),
        ("2023", 12, "MY", 5510000000),
    ]
    bad = [
        "2023,MY,QQ,T,1,MYR,S,https://example.org,2025-01-01,",
        "2023,MY,KE,Z,-1,XYZ,,ftp://x,2025-13-01,",
    ]
    job = services.import_file(path=write_csv("hb.csv", bad, header=HEADLINE_HEADER), fmt="headline")
    assert job.is_rejected
    assert {(e["row"], e["field"]) for e in job.errors} == {
        (2, "partner"),
        (3, "flow"),
        (3, "value"),
        (3, "currency"),
        (3, "source_name"),
        (3, "source_url"),
        (3, "publication_date"),
    }
    assert HeadlineFigure.objects.count() == 2


def test_wdi_long_and_per_indicator_formats(write_csv):
    long = write_csv(
        "wdi.csv",
        [
            "TX.VAL.MRCH.CD.WT,Merchandise exports,Kenya,KEN,2023,7000000000",
            "TX.VAL.MRCH.CD.WT,Merchandise exports,World,WLD,2023,24000000000000",
        ],
        header="indicator_code,indicator_name,country_name,country_code,year,value",
    )
    job = services.import_file(path=long, fmt="wdi")
    assert job.is_imported, job.errors
    p = store.parquet_path(job.release.parquet_name)
    assert store.wdi_value(p, indicator="TX.VAL.MRCH.CD.WT", country3="WLD", year=2023) == 24e12
    wide = write_csv(
        "tm.val.mrch.cd.wt.csv",
        ["Kenya,KEN,2023,20000000000", "Nowhere,QQQ,2023,1"],
        header="Country Name,Country Code,Year,Value",
    )
    job = services.import_file(path=wide, fmt="wdi")
    assert job.is_rejected
    assert job.errors == [{"row": 3, "field": "Country Code", "problem": "unknown country code 'QQQ'"}]


@pytest.mark.skipif(
    not (SHARED / "data/indicators/wdi_mys_ken_long.csv").exists(), reason="../shared data is not present"
)
def test_shared_wdi_files_import():
    job = services.import_file(path=SHARED / "data/indicators/wdi_mys_ken_long.csv", fmt="wdi")
    assert job.is_imported, job.errors[:3]
    assert job.release.row_count == 20119
    job = services.import_file(
        path=SHARED / "data/indicators/wdi_all_countries/tm.val.mrch.cd.wt.csv", fmt="wdi"
    )
    assert job.is_imported, job.errors[:3]
    p = store.parquet_path(job.release.parquet_name)
    assert store.wdi_value(p, indicator="TM.VAL.MRCH.CD.WT", country3="WLD", year=2020) > 1e13


@pytest.mark.parametrize("code", ["0x2789", "+10121", "10_121", "1.0121e4", "0010121", "-10121"])
def test_baci_codes_that_only_parse_as_numbers_are_malformed(write_csv, code):
    """The one-pass write joins HS codes as integers; a code that a lenient number parser reads
    as 10121 is still not an HS code: the file is refused and the row named."""
    lines = ["2023,458,404,151190,1,1", f"2023,458,404,{code},1,1"]
    job = services.import_file(path=write_csv("baci_code.csv", lines, header="t,i,j,k,v,q"), fmt="baci")
    assert job.is_rejected
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "k")]
    assert TradeRelease.objects.count() == 0


def test_baci_expected_year_is_checked_in_the_one_pass_write(write_csv):
    lines = ["2023,458,404,151190,1,1", "2022,458,404,151190,1,1"]
    job = services.import_file(
        path=write_csv("baci_year.csv", lines, header="t,i,j,k,v,q"), fmt="baci", expected_year=2023
    )
    assert job.is_rejected
    assert job.errors == [{"row": 3, "field": "t", "problem": "wrong year 2022, the release is for 2023"}]


def test_baci_release_reads_back_its_codes_sections_and_countries(write_csv):
    lines = ["2023,458,404,151190,500.5,12.0", "2023,404,458,854231,2,NA", "2023,458,404,  90240 ,1,1"]
    job = services.import_file(path=write_csv("baci_ok.csv", lines, header="t,i,j,k,v,q"), fmt="baci")
    assert job.is_imported, job.errors
    import duckdb

    rows = duckdb.sql(
        "SELECT year, reporter, partner, flow, cmd_code, level, section, value, qty "
        f"FROM read_parquet('{store.parquet_path(job.release.parquet_name)}') ORDER BY value"
    ).fetchall()
    assert rows == [
        (2023, "MY", "KE", "X", "090240", 6, "II", 1000.0, 1.0),
        (2023, "KE", "MY", "X", "854231", 6, "XVI", 2000.0, None),
        (2023, "MY", "KE", "X", "151190", 6, "III", 500500.0, 12.0),
    ]
