"""Demo trade data: the published Malaysia–Kenya totals (facts, each with its source), the target
setting, a small generated Comtrade-format release that is clearly labelled illustrative, a
cited World Bank WDI subset for the council's context indicators and the default HS→sector map.

Call ``load_trade_demo()`` from the demo seeder; it is idempotent (same files → nothing changes).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from . import services
from .models import TargetSetting

MITI_2015 = (
    "MITI Malaysia, media statement 'Malaysia Is Committed Towards Strengthening Our Economic Ties With Kenya'",
    "https://www.miti.gov.my/index.php/pages/view/3052",
    None,
    "Statement on the minister's roundtable of 16 December 2015; the page shows no publication date.",
)
KPK_2023 = (
    "Ministry of Plantation and Commodities Malaysia, keynote address at MPOF East Africa 2023",
    "https://www.kpk.gov.my/kpk/en/speeches-side/ucapan-2023/ucapan-4-julai-2023",
    dt.date(2023, 7, 4),
    "",
)
GAZETTE_2024 = (
    "Malaysian News Gazette (Bernama), MATRADE Kenya office statistics",
    "https://malaysianewsgazette.com/malaysian-businesses-urged-to-tap-into-kenyas-agriculture-and-halal-industries-envoy",
    None,
    "Relays a Bernama report of 21 November 2024; the page shows no publication date.",
)
MERU_2024 = (
    "Meru News, 'Malaysian Envoy: Seize Opportunities in Kenya's Growing Halal Market' (MATRADE figures)",
    "https://meru.co.ke/news/business/malaysian-envoy-seize-opportunities-in-kenyas-growing-halal-market/",
    None,
    "The page shows no publication date (reports the envoy's November 2024 remarks).",
)
MALAYMAIL_2025 = (
    "Malay Mail (Bernama), 'Anwar receives state-level welcome in Kenya…'",
    "https://www.malaymail.com/news/malaysia/2025/11/24/anwar-receives-state-level-welcome-in-kenya-to-witness-mous-on-tourism-and-city-cooperation/199485",
    dt.date(2025, 11, 24),
    "",
)
ECOFIN_2025 = (
    "Ecofin Agency, 'Malaysia, Kenya: four legal instruments…' (citing Malaysia's Ministry of Foreign Affairs)",
    "https://www.ecofinagency.com/news/2511-50826-malaysia-kenya-four-legal-instruments-established-to-support-development",
    None,
    "November 2025 article; the page shows no exact date.",
)

#: The published figures: (period, reporter, partner, flow, value, currency, source).
#: Flow T = total trade of the pair; X = reporter's exports; M = reporter's imports.
HEADLINE_FIGURES: list[tuple[str, str, str, str, Decimal, str, tuple]] = [
    ("2013", "MY", "KE", "T", Decimal("283000000"), "USD", MITI_2015),
    ("2014", "MY", "KE", "T", Decimal("742000000"), "USD", MITI_2015),
    ("2014", "MY", "KE", "X", Decimal("737000000"), "USD", MITI_2015),
    ("2014", "MY", "KE", "M", Decimal("5500000"), "USD", MITI_2015),
    ("2022", "MY", "KE", "T", Decimal("1190000000"), "USD", KPK_2023),
    ("2022", "MY", "KE", "T", Decimal("1180000000"), "USD", GAZETTE_2024),
    ("2023", "MY", "KE", "T", Decimal("1200000000"), "USD", GAZETTE_2024),
    ("2022", "MY", "KE", "T", Decimal("5260000000"), "MYR", MERU_2024),
    ("2023", "MY", "KE", "T", Decimal("5350000000"), "MYR", MERU_2024),
    ("2024-01/2024-09", "MY", "KE", "T", Decimal("765500000"), "USD", MERU_2024),
    ("2024-01/2024-09", "MY", "KE", "T", Decimal("3420000000"), "MYR", MERU_2024),
    ("2023", "MY", "KE", "T", Decimal("5510000000"), "MYR", MALAYMAIL_2025),
    ("2024", "MY", "KE", "T", Decimal("5700000000"), "MYR", MALAYMAIL_2025),
    ("2024", "MY", "KE", "T", Decimal("1370000000"), "USD", ECOFIN_2025),
]

#: Baseline: 2024 total trade, the latest full year before the agreement (RM5.7 billion).
BASELINE = {
    "baseline_year": 2024,
    "baseline_value": Decimal("5700000000"),
    "currency": "MYR",
    "baseline_source": MALAYMAIL_2025[0],
    "baseline_source_url": MALAYMAIL_2025[1],
}

ILLUSTRATIVE_TITLE = "MY–KE merchandise trade by HS6 — illustrative demo data, not official statistics"
#: Products named in the sources as the corridor's main trade (values below are generated).
MY_PRODUCTS = {
    "151190": 0.42,
    "151110": 0.12,
    "271019": 0.12,
    "380893": 0.05,
    "401120": 0.05,
    "854231": 0.04,
    "940360": 0.04,
    "170199": 0.03,
    "848180": 0.03,
}
KE_PRODUCTS = {"090240": 0.45, "090111": 0.15, "060311": 0.12, "080440": 0.10, "261400": 0.12, "020130": 0.06}


#: Default HS→pillar-sector map (editable in the admin: trade › HS→sector mappings). The longest
#: prefix wins, so computers, telecom equipment and chips go to AI and data, the rest of 84/85 to
#: other digital.
SECTOR_MAP: list[tuple[str, str, str]] = [
    ("84", "other-digital", "Machinery and mechanical appliances"),
    ("85", "other-digital", "Electrical machinery and electronics"),
    ("8471", "ai-data", "Computers and data-processing machines"),
    ("8517", "ai-data", "Telephones and network equipment"),
    ("8542", "ai-data", "Integrated circuits"),
    ("06", "smart-agriculture", "Live plants and cut flowers"),
    ("08", "smart-agriculture", "Edible fruit and nuts"),
    ("09", "smart-agriculture", "Coffee, tea and spices"),
    ("15", "smart-agriculture", "Animal and vegetable fats and oils (palm oil)"),
    ("86", "logistics", "Railway rolling stock"),
    ("87", "logistics", "Vehicles"),
    ("88", "logistics", "Aircraft"),
    ("89", "logistics", "Ships and boats"),
]

#: A small World Bank WDI subset for the council's context indicators, typed in from the WDI
#: (World Bank, World Development Indicators, CC-BY-4.0, https://databank.worldbank.org/source/
#: world-development-indicators; IT.NET.USER.ZS as republished by Our World in Data).
WDI_SOURCE = "World Bank, World Development Indicators (CC-BY-4.0)"
WDI_SOURCE_URL = "https://databank.worldbank.org/source/world-development-indicators"
WDI_DEMO: list[tuple[str, str, int, str]] = [
    ("IT.CEL.SETS.P2", "KEN", 2022, "121.168999135357"),
    ("IT.CEL.SETS.P2", "KEN", 2023, "120.612416887959"),
    ("IT.CEL.SETS.P2", "KEN", 2024, "126.477706000949"),
    ("IT.CEL.SETS.P2", "MYS", 2022, "138.208441079076"),
    ("IT.CEL.SETS.P2", "MYS", 2023, "142.7320920639"),
    ("IT.CEL.SETS.P2", "MYS", 2024, "139.664651283564"),
    ("TX.VAL.TECH.CD", "KEN", 2022, "45746966"),
    ("TX.VAL.TECH.CD", "KEN", 2023, "60148845"),
    ("TX.VAL.TECH.CD", "KEN", 2024, "66981513"),
    ("TX.VAL.TECH.CD", "MYS", 2022, "136826796904"),
    ("TX.VAL.TECH.CD", "MYS", 2023, "127032168259"),
    ("TX.VAL.TECH.CD", "MYS", 2024, "134785868653"),
    ("IT.NET.USER.ZS", "KEN", 2021, "38.2459"),
    ("IT.NET.USER.ZS", "KEN", 2022, "40.8137"),
    ("IT.NET.USER.ZS", "MYS", 2021, "96.7514"),
    ("IT.NET.USER.ZS", "MYS", 2022, "97.3986"),
    ("IT.NET.USER.ZS", "MYS", 2023, "97.6927"),
    # Merchandise exports and imports (current USD) of Malaysia, Kenya and the World aggregate,
    # 2020–2024, for the trade intensity index (WDI TX.VAL.MRCH.CD.WT / TM.VAL.MRCH.CD.WT, as in
    # the WDI all-country download of these two indicators).
    *[
        (indicator, country, year, value)
        for indicator, by_country in (
            (
                "TX.VAL.MRCH.CD.WT",
                {
                    "MYS": ("234766000000", "299425000000", "352094000000", "312965000000", "330761000000"),
                    "KEN": ("6034000000", "6739000000", "7411000000", "7191000000", "8237000000"),
                    "WLD": (
                        "17734593054238.5",
                        "22400021018447.9",
                        "25037933627192",
                        "24020257385719.3",
                        "24622126055009.9",
                    ),
                },
            ),
            (
                "TM.VAL.MRCH.CD.WT",
                {
                    "MYS": ("190860000000", "238240000000", "293797000000", "265667000000", "300216000000"),
                    "KEN": ("15435000000", "19559000000", "21166000000", "18585000000", "20088000000"),
                    "WLD": (
                        "17932309754404.6",
                        "22646300693349",
                        "25757106247227.4",
                        "24377917596282",
                        "24913694736586.3",
                    ),
                },
            ),
        )
        for country, values in by_country.items()
        for year, value in zip(range(2020, 2025), values)
    ],
]


def wdi_demo_csv(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator_code", "country_code", "year", "value"])
        w.writerows(WDI_DEMO)
    return path


def seed_sector_map() -> int:
    """Create the default HS→sector mappings whose sector exists (existing prefixes are left as
    the secretariat edited them). Returns how many were created."""
    from corridor.core.models import Sector

    from .models import SectorMapping

    sectors = {s.slug: s for s in Sector.objects.filter(slug__in={m[1] for m in SECTOR_MAP})}
    created = 0
    for prefix, slug, note in SECTOR_MAP:
        if slug in sectors:
            _obj, new = SectorMapping.objects.get_or_create(
                hs_prefix=prefix, defaults={"sector": sectors[slug], "note": note}
            )
            created += new
    return created


def headline_csv(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "period",
                "reporter",
                "partner",
                "flow",
                "value",
                "currency",
                "source_name",
                "source_url",
                "publication_date",
                "note",
            ]
        )
        for period, rep, par, flow, value, cur, (name, url, pub, note) in HEADLINE_FIGURES:
            w.writerow([period, rep, par, flow, value, cur, name, url, pub.isoformat() if pub else "", note])
    return path


def illustrative_comtrade_csv(path: Path, *, seed: int = 2025) -> Path:
    """A deterministic Comtrade-layout file, 2020–2024, both reporters, with mirror rows."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "freqCode",
                "refYear",
                "period",
                "reporterCode",
                "reporterISO",
                "partnerCode",
                "partnerISO",
                "flowCode",
                "cmdCode",
                "primaryValue",
                "netWgt",
                "qty",
            ]
        )
        for i, year in enumerate(range(2020, 2025)):
            my_total = 900e6 * (1.06**i)
            ke_total = 45e6 * (1.08**i)
            for exporter, importer, products, total in (
                ("MYS", "KEN", MY_PRODUCTS, my_total),
                ("KEN", "MYS", KE_PRODUCTS, ke_total),
            ):
                codes = {"MYS": "458", "KEN": "404"}
                for code, share in products.items():
                    x = round(total * share * rng.uniform(0.85, 1.15), 2)
                    m = round(x * rng.uniform(1.02, 1.14), 2)  # CIF/FOB and reporting differences
                    w.writerow(
                        [
                            "A",
                            year,
                            year,
                            codes[exporter],
                            exporter,
                            codes[importer],
                            importer,
                            "X",
                            code,
                            x,
                            round(x / 900, 1),
                            "",
                        ]
                    )
                    w.writerow(
                        [
                            "A",
                            year,
                            year,
                            codes[importer],
                            importer,
                            codes[exporter],
                            exporter,
                            "M",
                            code,
                            m,
                            round(m / 900, 1),
                            "",
                        ]
                    )
    return path


def load_trade_demo(*, by=None) -> dict:
    """Load the cited headline series, the published target and the illustrative release."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        head = services.import_file(
            path=headline_csv(tmp / "my-ke-published-totals.csv"),
            fmt="headline",
            by=by,
            dataset="my-ke-published-totals",
            title="Malaysia–Kenya published trade totals",
            source_name="Official statements and news reports (each figure names its own source)",
            publish=True,
        )
        flows = services.import_file(
            path=illustrative_comtrade_csv(tmp / "illustrative-comtrade-my-ke.csv"),
            fmt="comtrade",
            by=by,
            dataset="illustrative-comtrade-my-ke",
            title=ILLUSTRATIVE_TITLE,
            source_name="Generated by Corridor's demo (Comtrade layout)",
            publish=True,
            is_illustrative=True,
        )
        wdi = services.import_file(
            path=wdi_demo_csv(tmp / "wdi-context-my-ke.csv"),
            fmt="wdi",
            by=by,
            dataset="wdi-context-my-ke",
            title="World Bank WDI context indicators and merchandise trade, Malaysia, Kenya and World (subset)",
            source_name=WDI_SOURCE,
            source_url=WDI_SOURCE_URL,
            publish=True,
        )
    seed_sector_map()
    with transaction.atomic():
        target = TargetSetting.objects.filter(
            is_published=True, **{k: v for k, v in BASELINE.items() if k != "baseline_source"}
        ).first()
        if target is None:
            target = services.set_target(by=by, publish=True, **BASELINE)
    return {
        "headline_release": head.release_id,
        "flow_release": flows.release_id,
        "wdi_release": wdi.release_id,
        "target": target.pk,
    }
