"""The demo's headline series equal their cited sources, and the dashboard opens with them."""

import datetime as dt
from decimal import Decimal

import pytest

from corridor.trade import demo
from corridor.trade.indicators import target_status
from corridor.trade.models import HeadlineFigure, TradeRelease

pytestmark = pytest.mark.django_db

# The figures as read in each source text (period, flow, value, currency, source URL).
CITED = [
    (
        "2013",
        "T",
        Decimal("283000000"),
        "USD",
        "https://www.miti.gov.my/index.php/pages/view/3052",
    ),  # "USD283 million in 2013"
    (
        "2014",
        "T",
        Decimal("742000000"),
        "USD",
        "https://www.miti.gov.my/index.php/pages/view/3052",
    ),  # "USD742 million in 2014"
    (
        "2014",
        "X",
        Decimal("737000000"),
        "USD",
        "https://www.miti.gov.my/index.php/pages/view/3052",
    ),  # "exports to Kenya worth USD737 million"
    (
        "2014",
        "M",
        Decimal("5500000"),
        "USD",
        "https://www.miti.gov.my/index.php/pages/view/3052",
    ),  # "imports … only USD5.5 million"
    (
        "2022",
        "T",
        Decimal("1190000000"),
        "USD",
        "https://www.kpk.gov.my/kpk/en/speeches-side/ucapan-2023/ucapan-4-julai-2023",
    ),  # "USD 1.19 billion"
    (
        "2022",
        "T",
        Decimal("1180000000"),
        "USD",
        "https://malaysianewsgazette.com/malaysian-businesses-urged-to-tap-into-kenyas-agriculture-and-halal-industries-envoy",
    ),  # "US$1.18 billion in 2022"
    (
        "2023",
        "T",
        Decimal("1200000000"),
        "USD",
        "https://malaysianewsgazette.com/malaysian-businesses-urged-to-tap-into-kenyas-agriculture-and-halal-industries-envoy",
    ),  # "US$1.20 billion in 2023"
    (
        "2022",
        "T",
        Decimal("5260000000"),
        "MYR",
        "https://meru.co.ke/news/business/malaysian-envoy-seize-opportunities-in-kenyas-growing-halal-market/",
    ),  # "(RM5.26 billion)"
    (
        "2023",
        "T",
        Decimal("5350000000"),
        "MYR",
        "https://meru.co.ke/news/business/malaysian-envoy-seize-opportunities-in-kenyas-growing-halal-market/",
    ),  # "(RM5.35 billion)"
    (
        "2024-01/2024-09",
        "T",
        Decimal("765500000"),
        "USD",
        "https://meru.co.ke/news/business/malaysian-envoy-seize-opportunities-in-kenyas-growing-halal-market/",
    ),  # "$765.5 million"
    (
        "2024-01/2024-09",
        "T",
        Decimal("3420000000"),
        "MYR",
        "https://meru.co.ke/news/business/malaysian-envoy-seize-opportunities-in-kenyas-growing-halal-market/",
    ),  # "(RM3.42 billion)"
    (
        "2023",
        "T",
        Decimal("5510000000"),
        "MYR",
        "https://www.malaymail.com/news/malaysia/2025/11/24/anwar-receives-state-level-welcome-in-kenya-to-witness-mous-on-tourism-and-city-cooperation/199485",
    ),  # "RM5.51 billion"
    (
        "2024",
        "T",
        Decimal("5700000000"),
        "MYR",
        "https://www.malaymail.com/news/malaysia/2025/11/24/anwar-receives-state-level-welcome-in-kenya-to-witness-mous-on-tourism-and-city-cooperation/199485",
    ),  # "RM5.7 billion"
    (
        "2024",
        "T",
        Decimal("1370000000"),
        "USD",
        "https://www.ecofinagency.com/news/2511-50826-malaysia-kenya-four-legal-instruments-established-to-support-development",
    ),  # "($1.37 billion)"
]


def test_demo_headline_figures_equal_their_cited_sources():
    demo.load_trade_demo()
    got = sorted((f.period, f.flow, f.value, f.currency, f.source_url) for f in HeadlineFigure.objects.all())
    assert got == sorted(CITED)
    assert all(
        f.reporter_id == "MY" and f.partner_id == "KE" and f.source_name for f in HeadlineFigure.objects.all()
    )


def test_demo_is_idempotent_and_labels_the_illustrative_release():
    first = demo.load_trade_demo()
    again = demo.load_trade_demo()
    assert first == again
    assert TradeRelease.objects.count() == 3  # headline, illustrative flows, WDI context subset
    flows = TradeRelease.objects.get(pk=first["flow_release"])
    assert flows.is_illustrative and flows.is_published
    assert "illustrative demo data, not official statistics" in flows.title


def test_demo_target_status():
    demo.load_trade_demo()
    s = target_status(as_of=dt.date(2026, 1, 31))
    assert s["configured"] and s["baseline_year"] == 2024 and s["currency"] == "MYR"
    assert s["target_value"] == pytest.approx(7.41e9)
    assert s["required_cagr"] == pytest.approx(0.0914, abs=5e-5)
    # 2023 has two MYR figures: the later publication (RM5.51 bn, Nov 2025) is used.
    assert [(o["period"], o["value"]) for o in s["observations"] if o["months"] == 12] == [
        ("2022", 5.26e9),
        ("2023", 5.51e9),
        ("2024", 5.7e9),
    ]
    assert s["status"] == "no_data"  # nothing published after the baseline year yet
    assert s["projection"]["year"] == 2027 and s["projection"]["status"] == "red"


def test_demo_wdi_merchandise_subset_gives_trade_intensity_without_shared():
    """The WDI subset is typed in (no ../shared needed); where the WDI download is present, each
    typed-in value equals it."""
    import csv

    from django.test import Client

    from .conftest import SHARED

    wdi = {(i, c, y): float(v) for i, c, y, v in demo.WDI_DEMO}
    folder = SHARED / "data/indicators/wdi_all_countries"
    for code in ("TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT"):
        path = folder / f"{code.lower()}.csv"
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = (code, row["Country Code"], int(row["Year"]))
                if key in wdi:
                    assert float(row["Value"]) == pytest.approx(wdi[key]), key
    assert len([k for k in wdi if k[0].endswith("MRCH.CD.WT")]) == 30

    demo.load_trade_demo()
    c = Client()
    table = c.get("/api/trade/tables/intensity/").json()
    assert "World Bank WDI" in table["source"] and "illustrative" in table["source"]
    rows = {(r[1], r[2]): r for r in table["rows"]}
    year = table["rows"][0][0]
    my_ke = rows[("MY", "KE")]
    x_i = wdi[("TX.VAL.MRCH.CD.WT", "MYS", year)]
    m_j = wdi[("TM.VAL.MRCH.CD.WT", "KEN", year)]
    m_w = wdi[("TM.VAL.MRCH.CD.WT", "WLD", year)]
    assert my_ke[4:7] == [pytest.approx(x_i), pytest.approx(m_j), pytest.approx(m_w)]
    assert my_ke[7] == pytest.approx((my_ke[3] / x_i) / (m_j / m_w), abs=1e-3)
    assert 'id="no-world-totals"' not in c.get("/trade/").content.decode()
