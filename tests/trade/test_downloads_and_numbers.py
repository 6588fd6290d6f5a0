"""Downloads that open and numbers a person can read (issue 16 items 3 and 6): a CSV starts with
its header row and puts a label beside every code; title, source and licence are in the JSON
sidecar and in the XLSX's first sheet; pages show shares as percentages, money grouped, columns
by their label and status badges in words."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from corridor.trade import demo, services
from corridor.trade.presentation import cell, heading

from .conftest import comtrade_rows

pytestmark = pytest.mark.django_db

HEADLINE_HEADER = "period,reporter,partner,flow,value,currency,source_name,source_url,publication_date,note"


@pytest.fixture
def release(write_csv):
    return services.import_file(
        path=write_csv("d.csv", comtrade_rows()), fmt="comtrade", dataset="d", publish=True
    ).release


def _rows(client, path):
    return list(csv.reader(io.StringIO(client.get(path).content.decode())))


def test_a_csv_starts_with_its_header_row_and_has_no_footer(release):
    rows = _rows(Client(), "/trade/data/trend.csv")
    assert rows[0] == ["year", "MY→KE", "KE→MY", "total", "growth_yoy"]
    assert all(r and r[0].isdigit() for r in rows[1:])  # no title line, no "Source:" line


def test_the_json_sidecar_names_title_source_and_licence(release):
    c = Client()
    r = c.get("/trade/data/trend.csv")
    assert r["Link"] == '</trade/data/trend.json>; rel="describedby"'
    about = c.get("/trade/data/trend.json").json()
    assert about["title"].startswith("Bilateral trade MY–KE")
    assert f"release #{release.pk}" in about["source"] and about["release"] == release.pk
    assert "UN Comtrade" in about["licence"]
    assert about["columns"] == ["year", "MY→KE", "KE→MY", "total", "growth_yoy"]
    assert about["csv"] == "corridor-trade-trend.csv"


def test_the_xlsx_opens_on_an_about_sheet(release):
    wb = load_workbook(io.BytesIO(Client().get("/trade/data/composition.xlsx").content))
    assert wb.sheetnames == ["About", "composition"]
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["Licence"].startswith("UN Comtrade") and f"release #{release.pk}" in about["Source"]
    assert [c.value for c in wb["composition"][1]] == ["code", "label", "value", "share"]


def test_codes_have_labels_beside_them(write_csv):
    good = ["2023,MY,KE,T,5510000000,MYR,Bernama,https://example.org/a,2025-11-24,"]
    services.import_file(path=write_csv("h.csv", good, header=HEADLINE_HEADER), fmt="headline", publish=True)
    rows = _rows(Client(), "/trade/data/headline.csv")
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:6] == ["period", "reporter", "reporter_name", "partner", "partner_name", "flow"]
    assert header[6] == "flow_label"
    assert (first["reporter_name"], first["partner_name"], first["flow_label"]) == (
        "Malaysia",
        "Kenya",
        "Total",
    )


def test_hs_codes_have_descriptions_beside_them(release):
    rows = _rows(Client(), "/trade/data/top_products.csv")
    header = rows[0]
    assert header[2:4] == ["hs6", "label"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["hs6"] == "151190" and "palm oil" in first["label"].lower()


def test_numbers_on_pages_read_as_people_write_them():
    assert cell("share", 0.0914) == "9.1%"
    assert cell("value", 6443407861.4) == "6,443,407,861"
    assert cell("growth_yoy", None) == "–"
    assert cell("MY→KE", 1250.0) == "1,250"
    assert cell("flow", "T") == "Total" and cell("flow", "X") == "Export" and cell("flow", "M") == "Import"
    assert heading("exporter_reported") == "Reported by the exporter (USD)"


def test_dashboard_shows_percentages_labels_and_badges_in_words():
    demo.load_trade_demo()
    page = Client().get("/trade/").content.decode()
    assert "Required growth per year" in page and "0.0914" not in page and "9.1%" in page
    assert (
        "Reported by the exporter (USD)" in page
        and "exporter_reported" not in page.split("<tbody>")[0][-20000:]
    )
    assert ">red<" not in page and "Off track" in page
    # The projection is money: grouped, with its currency.
    assert "Trend projection for 2027: MYR " in page


def test_status_badge_says_what_it_means():
    services.set_target(by=None, baseline_year=2024, baseline_value=Decimal("1000000"), currency="MYR")
    page = Client().get("/trade/").content.decode()
    assert "No figure after the baseline yet" in page
