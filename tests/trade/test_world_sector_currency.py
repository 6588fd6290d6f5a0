"""World-relative measures, composition by pillar sector, totals in the reporter's currency and the
council's World Bank context indicators: hand-computed values through the page, CSV and API."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from corridor.core.models import CurrencyRate
from corridor.core.services import rate_on
from corridor.council.models import Indicator
from corridor.council.report import values_for
from corridor.engines.results import HalfYear
from corridor.trade import demo, queries, services, store
from corridor.trade.models import SectorMapping

from .conftest import SHARED, comtrade_rows

pytestmark = pytest.mark.django_db

BACI_HEADER = "t,i,j,k,v,q"
# (exporter numeric, importer numeric, HS6, thousand USD): MY 458, KE 404, CN 156, US 842.
WORLD_FLOWS = [
    (458, 404, "151190", 100),
    (458, 404, "854231", 20),
    (458, 156, "854231", 300),
    (458, 842, "854231", 200),
    (404, 458, "090240", 10),
    (404, 842, "060311", 50),
    (156, 404, "854231", 80),
    (156, 842, "854231", 400),
    (842, 404, "151190", 5),
    (842, 156, "060311", 30),
]


@pytest.fixture
def world_release(write_csv):
    lines = [f"2023,{i},{j},{k},{v},1" for i, j, k, v in WORLD_FLOWS]
    job = services.import_file(
        path=write_csv("baci.csv", lines, header=BACI_HEADER), fmt="baci", dataset="baci", publish=True
    )
    assert job.is_imported, job.errors
    return job.release


def _rows(client, name, query=""):
    """(CSV header, rows without the country-name columns downloads add beside codes, source)."""
    body = client.get(f"/trade/data/{name}.csv{query}").content.decode()
    lines = list(csv.reader(io.StringIO(body)))
    header = lines[0]  # the header row comes first; title and source are in the JSON sidecar
    keep = [i for i, c in enumerate(header) if not c.endswith("_name")]
    source = client.get(f"/trade/data/{name}.json{query}").json()["source"]
    return header, [[r[i] for i in keep] for r in lines[1:]], source


def test_rca_intensity_complementarity_equal_hand_computed_values(world_release):
    # By hand (values in thousand USD; the ratios do not depend on the unit):
    x_my, x_ke, x_w = 620, 60, 1195  # MY's and KE's exports to the world, world exports
    m_ke, m_my = 205, 10  # KE's and MY's imports (everybody's exports to them)
    expected_rca = {
        ("MY", "151190"): (100 / x_my) / (105 / x_w),
        ("MY", "854231"): (520 / x_my) / (1000 / x_w),
        ("KE", "090240"): (10 / x_ke) / (10 / x_w),
    }
    tii = {("MY", "KE"): (120 / x_my) / (m_ke / x_w), ("KE", "MY"): (10 / x_ke) / (m_my / x_w)}
    tci_my_ke = 100 * (1 - (abs(105 / 205 - 100 / 620) + abs(100 / 205 - 520 / 620)) / 2)
    tci_ke_my = 100 * (1 - (abs(1 - 10 / 60) + abs(0 - 50 / 60)) / 2)  # MY imports only tea

    c = Client()
    page = c.get("/trade/").content.decode()
    assert "Balassa" in page and "TII_ij = (x_ij / X_i) / (M_j / M_w)" in page and "Michaely" in page
    assert 'id="no-world-products"' not in page and 'id="no-world-totals"' not in page

    header, rows, body = _rows(c, "rca")
    assert header[:6] == ["year", "exporter", "exporter_name", "importer", "importer_name", "hs6"]
    assert "CEPII BACI" in c.get("/trade/data/rca.json").json()["licence"]  # the world release's terms
    assert "every reporter" in body and {
        r[2] for r in csv.reader(io.StringIO(c.get("/trade/data/rca.csv").content.decode()))
    } >= {"Malaysia", "Kenya"}
    got = {(r[1], r[3]): float(r[7]) for r in rows}
    assert got == pytest.approx({k: round(v, 4) for k, v in expected_rca.items()}, abs=1e-4)
    assert [r[3] for r in rows if r[1] == "MY"] == ["151190", "854231"]  # KE's top imports, largest first

    _h, rows, _b = _rows(c, "intensity")
    assert {(r[1], r[2]): float(r[7]) for r in rows} == pytest.approx(tii, abs=1e-4)
    assert {(r[1], r[2]): float(r[3]) for r in rows} == {("MY", "KE"): 120000.0, ("KE", "MY"): 10000.0}

    api = c.get("/api/trade/tables/complementarity/").json()
    assert {(r[1], r[2]): r[3] for r in api["rows"]} == pytest.approx(
        {("MY", "KE"): tci_my_ke, ("KE", "MY"): tci_ke_my}, abs=0.01
    )
    assert "every reporter" in api["source"]
    assert c.get("/trade/chart/rca.svg").status_code == 200


def test_world_extract_is_small_and_written_once(world_release):
    path = store.parquet_path(world_release.parquet_name)
    assert store.world_path(path).exists()
    assert store.world_years(store.world_path(path)) == [2023]


def test_world_measures_say_which_data_to_load_when_missing(write_csv):
    services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    )
    page = Client().get("/trade/").content.decode()
    assert 'id="no-world-products"' in page and "load a CEPII BACI release" in page
    assert 'id="no-world-totals"' in page and "TM.VAL.MRCH.CD.WT" in page
    assert Client().get("/api/trade/tables/rca/").json()["rows"] == []


def test_trade_intensity_from_wdi_world_totals(write_csv):
    services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    )
    wdi = [
        "TX.VAL.MRCH.CD.WT,MYS,2024,250000",
        "TX.VAL.MRCH.CD.WT,KEN,2024,5000",
        "TM.VAL.MRCH.CD.WT,MYS,2024,200000",
        "TM.VAL.MRCH.CD.WT,KEN,2024,10000",
        "TM.VAL.MRCH.CD.WT,WLD,2024,20000000",
    ]
    job = services.import_file(
        path=write_csv("wdi.csv", wdi, header="indicator_code,country_code,year,value"),
        fmt="wdi",
        dataset="wdi",
        publish=True,
    )
    assert job.is_imported, job.errors
    body = Client().get("/api/trade/tables/intensity/").json()
    got = {(r[1], r[2]): (r[0], r[7], r[8]) for r in body["rows"]}
    # Exporter-reported 2024: MY→KE 1,250; KE→MY 62.5 (see conftest.comtrade_rows).
    assert got[("MY", "KE")][:2] == (2024, pytest.approx((1250 / 250000) / (10000 / 20000000), abs=1e-4))
    assert got[("KE", "MY")][:2] == (2024, pytest.approx((62.5 / 5000) / (200000 / 20000000), abs=1e-4))
    assert got[("MY", "KE")][2] == "WDI merchandise trade" and "World Bank WDI" in body["source"]


def test_sector_map_longest_prefix_and_dashboard_table(write_csv, admin_client):
    assert demo.seed_sector_map() == len(demo.SECTOR_MAP)
    assert demo.seed_sector_map() == 0  # idempotent, keeps edits
    mapping = queries.sector_map()
    assert queries.sector_of("854231", mapping)[0] == "ai-data"
    assert queries.sector_of("850440", mapping)[0] == "other-digital"
    assert queries.sector_of("890190", mapping)[0] == "logistics"
    assert queries.sector_of("270900", mapping) is None
    services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    )
    c = Client()
    header, rows, _b = _rows(c, "sector", "?year=2024&direction=my-ke")
    assert header == ["sector", "label", "value", "share"]
    # MY→KE 2024 = 1,250: 151190 60 % (palm oil), 270900 25 % (not mapped), 854231 15 % (chips).
    assert {r[0]: float(r[2]) for r in rows} == {
        "smart-agriculture": 750.0,
        "unmapped": 312.5,
        "ai-data": 187.5,
    }
    assert "By pillar sector" in c.get("/trade/").content.decode()
    assert c.get("/trade/chart/sector.svg").status_code == 200
    # Editable in the admin: remap 27 and the table follows.
    assert admin_client.get(reverse("admin:trade_sectormapping_changelist")).status_code == 200
    SectorMapping.objects.create(hs_prefix="27", sector=SectorMapping.objects.get(hs_prefix="86").sector)
    _h, rows, _b = _rows(c, "sector", "?year=2024&direction=my-ke")
    assert {r[0]: float(r[2]) for r in rows}["logistics"] == 312.5


def test_totals_in_the_reporters_currency_with_rate_dates(write_csv):
    services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    )
    CurrencyRate.objects.filter(currency_id__in=["MYR", "KES"]).delete()
    CurrencyRate.objects.create(currency_id="MYR", date=dt.date(2023, 12, 31), units_per_usd=Decimal("4.56"))
    CurrencyRate.objects.create(currency_id="MYR", date=dt.date(2024, 12, 31), units_per_usd=Decimal("4.58"))
    CurrencyRate.objects.create(currency_id="KES", date=dt.date(2024, 6, 30), units_per_usd=Decimal("140"))
    body = Client().get("/api/trade/tables/currency/").json()
    assert body["columns"] == [
        "year",
        "flow",
        "value_usd",
        "currency",
        "rate_per_usd",
        "rate_date",
        "value_local",
        "note",
    ]
    rows = {(r[0], r[1], r[3]): r for r in body["rows"]}
    my_ke_2024 = rows[(2024, "MY→KE", "MYR")]
    assert my_ke_2024[2] == 1250.0 and my_ke_2024[4] == float(rate_on("MYR", dt.date(2024, 12, 31)))
    assert my_ke_2024[5] == "2024-12-31" and my_ke_2024[6] == pytest.approx(1250 * 4.58)
    ke_my_2024 = rows[(2024, "KE→MY", "KES")]
    assert ke_my_2024[5] == "2024-06-30" and ke_my_2024[6] == pytest.approx(62.5 * 140)
    assert rows[(2023, "total", "MYR")][6] == pytest.approx((1100 + 55) * 4.56)
    missing = rows[(2022, "MY→KE", "MYR")]
    assert missing[4] is None and missing[6] is None and missing[7] == "no MYR rate on or before 2022-12-31"
    assert rows[(2023, "KE→MY", "KES")][7] == "no KES rate on or before 2023-12-31"
    page = Client().get("/trade/").content.decode()
    assert "no MYR rate on or before 2022-12-31" in page and "2024-06-30" in page


# --- council context indicators ---------------------------------------------------------------


def _context_indicator(code, provider_code):
    return Indicator.objects.create(
        code=code,
        name=code,
        unit="x",
        pillar="data",
        source="context",
        provider_code=provider_code,
        by_country=True,
        definition="WDI",
    )


def test_context_indicators_equal_imported_wdi_values(write_csv):
    long = [
        "IT.CEL.SETS.P2,MYS,2022,138.2",
        "IT.CEL.SETS.P2,MYS,2024,139.7",
        "IT.CEL.SETS.P2,KEN,2023,120.6",
        "TX.VAL.TECH.CD,MYS,2023,127032168259",
        "TX.VAL.TECH.CD,KEN,2023,60148845",
    ]
    services.import_file(
        path=write_csv("wdi.csv", long, header="indicator_code,country_code,year,value"),
        fmt="wdi",
        dataset="wdi",
        publish=True,
    )
    owid = ["Kenya,KEN,2022,40.8", "Malaysia,MYS,2023,97.7", "World,OWID_WRL,2023,67.4", "Africa,,2023,37.0"]
    job = services.import_file(
        path=write_csv(
            "owid.csv", owid, header="Entity,Code,Year,Individuals using the Internet (% of population)"
        ),
        fmt="wdi",
        dataset="owid-internet",
        publish=True,
    )
    assert job.is_imported, job.errors
    h2023 = HalfYear(2023, 2)
    mobile = values_for(_context_indicator("CTX-02", "trade.wdi.mobile_subscriptions"), h2023)
    assert mobile == {"MY": 138.2, "KE": 120.6, "total": pytest.approx((138.2 + 120.6) / 2)}
    assert values_for(Indicator.objects.get(code="CTX-02"), HalfYear(2025, 1))["MY"] == 139.7
    assert values_for(Indicator.objects.get(code="CTX-02"), HalfYear(2021, 1)) == {}
    tech = values_for(_context_indicator("CTX-03", "trade.wdi.hightech_exports"), h2023)
    assert tech == {"MY": 127032168259.0, "KE": 60148845.0, "total": 127032168259.0 + 60148845.0}
    internet = values_for(_context_indicator("CTX-01", "trade.wdi.internet_users"), h2023)
    assert internet["MY"] == 97.7 and internet["KE"] == 40.8


def test_owid_file_with_an_unknown_column_is_refused(write_csv):
    job = services.import_file(
        path=write_csv("o.csv", ["Kenya,KEN,2022,1"], header="Entity,Code,Year,Something else"),
        fmt="wdi",
        dataset="o",
    )
    assert job.is_rejected and "Unknown Our World in Data column" in job.errors[0]["problem"]


def test_unpublished_wdi_is_not_read_by_the_council(write_csv):
    services.import_file(
        path=write_csv(
            "w.csv", ["IT.CEL.SETS.P2,MYS,2022,1"], header="indicator_code,country_code,year,value"
        ),
        fmt="wdi",
        dataset="w",
    )
    assert values_for(_context_indicator("CTX-02", "trade.wdi.mobile_subscriptions"), HalfYear(2023, 1)) == {}


def _latest_from_csv(path, indicator, year_max, *, owid=False):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["Code"] if owid else row["country_code"]
            if not owid and row["indicator_code"] != indicator:
                continue
            value = row[list(row)[3]] if owid else row["value"]
            year = int(row["Year"] if owid else row["year"])
            if code in ("MYS", "KEN") and value and year <= year_max and year >= out.get(code, (0, 0))[0]:
                out[code] = (year, float(value))
    return {{"MYS": "MY", "KEN": "KE"}[k]: v[1] for k, v in out.items()}


@pytest.mark.skipif(not (SHARED / "data/indicators").exists(), reason="../shared is not available")
def test_council_values_equal_the_shared_wdi_files():
    folder = SHARED / "data/indicators"
    for name, fmt in (("wdi_mys_ken_long.csv", "wdi"), ("internet_users_pct_mys_ken.csv", "wdi")):
        job = services.import_file(
            path=folder / name, fmt=fmt, dataset=name[:-4].replace("_", "-"), publish=True
        )
        assert job.is_imported, job.errors[:3]
    half = HalfYear(2023, 2)
    for code, wdi in (
        ("trade.wdi.mobile_subscriptions", "IT.CEL.SETS.P2"),
        ("trade.wdi.hightech_exports", "TX.VAL.TECH.CD"),
    ):
        got = values_for(_context_indicator(code[-8:], code), half)
        want = _latest_from_csv(folder / "wdi_mys_ken_long.csv", wdi, 2023)
        assert {k: got[k] for k in ("MY", "KE")} == want
    got = values_for(_context_indicator("CTX-01", "trade.wdi.internet_users"), half)
    want = _latest_from_csv(folder / "internet_users_pct_mys_ken.csv", "", 2023, owid=True)
    assert {k: got[k] for k in ("MY", "KE")} == want


def test_council_demo_has_context_indicators_from_the_cited_subset(personas):
    from corridor.council.demo import seed_council

    demo.load_trade_demo()
    seed_council(secretariat=personas.secretariat, focal_my=personas.focal_my, focal_ke=personas.focal_ke)
    ctx = Indicator.objects.filter(source="context").order_by("code")
    assert [i.code for i in ctx] == ["CTX-01", "CTX-02", "CTX-03"]
    typed = {(ind, c, y): float(v) for ind, c, y, v in demo.WDI_DEMO}
    got = values_for(ctx.get(code="CTX-01"), HalfYear(2025, 1))
    assert (got["MY"], got["KE"]) == (
        typed[("IT.NET.USER.ZS", "MYS", 2023)],
        typed[("IT.NET.USER.ZS", "KEN", 2022)],
    )
    got = values_for(ctx.get(code="CTX-03"), HalfYear(2025, 1))
    assert (got["MY"], got["KE"]) == (
        typed[("TX.VAL.TECH.CD", "MYS", 2024)],
        typed[("TX.VAL.TECH.CD", "KEN", 2024)],
    )


def test_world_downloads_carry_the_world_releases_licence(world_release, write_csv):
    pair = services.import_file(
        path=write_csv("pair.csv", comtrade_rows()), fmt="comtrade", dataset="p", publish=True
    ).release
    c = Client()
    assert c.get("/trade/data/trend.json").json()["release"] == pair.pk  # the newest flow release
    about = c.get("/trade/data/rca.json").json()
    assert about["release"] == world_release.pk and "CEPII BACI" in about["licence"]
    assert "UN Comtrade" in c.get("/trade/data/trend.json").json()["licence"]
