"""Growth, top products, new products and the target table's sources, against hand-computed values."""

import csv
import io
import math
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from corridor.trade import indicators, queries, services

from .conftest import comtrade_rows

pytestmark = pytest.mark.django_db

NEW_ROW = "A,2024,2024,458,MYS,404,KEN,X,401110,100.00,1,1"


@pytest.fixture
def release(write_csv):
    return services.import_file(
        path=write_csv("g.csv", [*comtrade_rows(), NEW_ROW]), fmt="comtrade", dataset="g", publish=True
    ).release


def _csv(client, name, query=""):
    """(title from the JSON sidecar, header row, data rows): a CSV starts with its header row."""
    lines = list(csv.reader(io.StringIO(client.get(f"/trade/data/{name}.csv{query}").content.decode())))
    title = client.get(f"/trade/data/{name}.json{query}").json()["title"]
    return title, lines[0], lines[1:]


def test_growth_table_yoy_cagr_and_least_squares(release):
    # Totals (USD): MY→KE 1000, 1100, 1350 (1250 + the new 100); KE→MY 5% of 1000, 1100, 1250.
    totals = {2022: 1050.0, 2023: 1155.0, 2024: 1412.5}
    c = Client()
    title, header, rows = _csv(c, "growth", "?cagr_from=2023&cagr_to=2024")
    assert title.startswith("Growth of bilateral trade") and header == [
        "measure",
        "year",
        "to_year",
        "value_usd",
        "rate",
    ]
    values = {int(r[1]): (float(r[3]), r[4]) for r in rows if r[0] == "value"}
    assert {y: v for y, (v, _g) in values.items()} == totals
    assert values[2022][1] == "" and float(values[2024][1]) == pytest.approx(1412.5 / 1155 - 1, abs=1e-4)
    by_measure = {r[0]: (int(r[1]), int(r[2]), float(r[4])) for r in rows if r[0] != "value"}
    assert by_measure["CAGR first–last year"] == (
        2022,
        2024,
        pytest.approx(math.sqrt(1412.5 / 1050) - 1, abs=1e-4),
    )
    assert by_measure["CAGR chosen years"] == (2023, 2024, pytest.approx(1412.5 / 1155 - 1, abs=1e-4))
    # OLS of ln V on t: slope = Σ(t − t̄)(y − ȳ)/Σ(t − t̄)² = (ln V2024 − ln V2022)/2 for three points.
    slope = (math.log(1412.5) - math.log(1050)) / 2
    assert by_measure["least-squares growth rate"][2] == pytest.approx(math.exp(slope) - 1, abs=1e-4)
    # Without chosen years (or with reversed ones) there is no chosen-years row.
    assert "CAGR chosen years" not in [r[0] for r in _csv(c, "growth", "?cagr_from=2024&cagr_to=2022")[2]]
    assert c.get("/api/trade/tables/growth/?cagr_from=x").status_code == 400
    wb = load_workbook(io.BytesIO(c.get("/trade/data/growth.xlsx").content))
    assert wb.sheetnames == ["About", "growth"]
    assert wb["About"]["B1"].value.startswith("Growth") and wb["growth"]["A1"].value == "measure"
    page = c.get("/trade/").content.decode()
    assert 'id="fig-growth"' in page and 'name="cagr_from"' in page


def test_top_products_concentration_and_new_products(release):
    c = Client()
    top = c.get("/api/trade/tables/top_products/").json()
    my_ke = [r for r in top["rows"] if r[0] == "MY→KE"]
    total = 1350.0
    assert [(r[1], r[2], r[4]) for r in my_ke] == [
        (1, "151190", 750.0),
        (2, "270900", 312.5),
        (3, "854231", 187.5),
        (4, "401110", 100.0),
    ]
    assert [r[5] for r in my_ke] == pytest.approx(
        [750 / total, 312.5 / total, 187.5 / total, 100 / total], abs=1e-4
    )
    assert my_ke[-1][6] == pytest.approx(1.0, abs=1e-3) and my_ke[1][6] == pytest.approx(
        1062.5 / total, abs=1e-4
    )
    summary = {r[0]: r for r in c.get("/api/trade/tables/product_summary/").json()["rows"]}
    shares = [750 / total, 312.5 / total, 187.5 / total, 100 / total]
    h = sum(s * s for s in shares)
    assert summary["MY→KE"][2:5] == [
        4,
        pytest.approx(h, abs=1e-4),
        pytest.approx((h - 0.25) / 0.75, abs=1e-4),
    ]
    assert summary["KE→MY"][3:5] == [pytest.approx(0.58, abs=1e-4), pytest.approx(0.16, abs=1e-4)]
    assert summary["MY→KE"][6:] == [2023, 1, 100.0, pytest.approx(100 / total, abs=1e-4)]
    assert summary["KE→MY"][6:] == [2023, 0, 0.0, 0.0]
    new = c.get("/api/trade/tables/new_products/").json()
    assert [r[:5] for r in new["rows"]] == [["MY→KE", 2024, 2023, "401110", new["rows"][0][4]]]
    assert new["rows"][0][5] == 100.0
    # The first year has no previous year: no extensive margin.
    first = c.get("/api/trade/tables/product_summary/?year=2022").json()["rows"]
    assert all(r[6] is None and r[7] is None for r in first)
    for name in ("top_products", "new_products", "product_summary"):
        title, header, _rows = _csv(c, name)
        assert title and header[0] == "direction"
        assert c.get(f"/trade/data/{name}.xlsx").status_code == 200
    assert 'id="fig-top_products"' in c.get("/trade/").content.decode()


def test_target_rows_carry_source_url_and_release(write_csv):
    services.set_target(
        by=None,
        baseline_year=2023,
        baseline_value=Decimal("5510000000"),
        currency="MYR",
        baseline_source="Bernama via Malay Mail",
        baseline_source_url="https://example.org/baseline",
    )
    header = "period,reporter,partner,flow,value,currency,source_name,source_url,publication_date,note"
    h = services.import_file(
        path=write_csv(
            "h.csv",
            [
                "2023,MY,KE,T,5510000000,MYR,Bernama via Malay Mail,https://example.org/baseline,2025-01-01,",
                "2024-01/2024-06,MY,KE,T,3000000000,MYR,Statistics Office,https://example.org/h1,2025-02-01,",
            ],
            header=header,
        ),
        fmt="headline",
        publish=True,
    ).release
    table = Client().get("/api/trade/tables/target/").json()
    assert table["columns"] == ["period", "series", "value", "source", "url", "release"]
    observed = [r for r in table["rows"] if r[1] == "observed"]
    assert observed == [
        ["2023 H2", "observed", 5510000000.0, "Bernama via Malay Mail", "https://example.org/baseline", h.pk],
        [
            "2024-01/2024-06 (annualised)",
            "observed",
            6000000000.0,
            "Statistics Office",
            "https://example.org/h1",
            h.pk,
        ],
    ]
    trajectory = [r for r in table["rows"] if r[1] == "required trajectory"]
    assert trajectory and all(
        r[3].endswith("Bernama via Malay Mail") and r[4] == "https://example.org/baseline" for r in trajectory
    )
    assert "baseline: Bernama via Malay Mail" in table["source"]
    page = Client().get("/trade/").content.decode()
    assert 'href="https://example.org/baseline"' in page and "https://example.org/h1" in page
    assert indicators.target_status()["baseline_source"] == "Bernama via Malay Mail"
    assert queries.target_table(indicators.target_status()).rows[0][3].startswith("Target setting")
