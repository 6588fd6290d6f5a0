"""Read queries for trade pages and the API: visible releases and the dashboard's tables.

Every table carries its title, columns, rows and a source line (source name and release), so the
page, the chart, the CSV/XLSX download and the API show the same numbers with the same label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from corridor.engines import trade_metrics as tm

from . import dashboard_cache, reference, store
from .access import NotFound, get_release, is_secretariat
from .enums import FLOW_FORMATS
from .indicators import target_status
from .models import HeadlineFigure, ImportJob, SectorMapping, TargetSetting, TradeRelease


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    source: str = ""


def shown_releases(user):
    """What each of ``user``'s pages reads: newest per dataset, published unless secretariat."""
    return TradeRelease.objects.newest_per_dataset(include_unpublished=is_secretariat(user))


def releases_visible_to(user):
    return (
        TradeRelease.objects.visible(include_unpublished=is_secretariat(user))
        .select_related("imported_by", "supersedes")
        .order_by("-created_at", "-id")
    )


def recent_jobs(user, limit: int = 10):
    if not is_secretariat(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("release", "actor").order_by("-created_at", "-id")[:limit]


def import_jobs(user):
    """Every import job, newest first (the secretariat's; others see none)."""
    if not is_secretariat(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("release").order_by("-created_at", "-id")


def country_names() -> dict[str, str]:
    """ISO alpha-2 → country name (the labels beside country codes in downloads)."""
    from corridor.core.models import Country

    return dict(Country.objects.values_list("code", "name"))


def flow_release(user, release_id=None) -> TradeRelease | None:
    """The release a dashboard shows: the one asked for, else the newest flow release shown to
    ``user`` (the newest published one of each dataset; the secretariat previews the newest)."""
    if release_id:
        release = get_release(user, release_id)
        if not release.is_flow_release:
            raise NotFound
        return release
    return shown_releases(user).filter(format__in=FLOW_FORMATS).order_by("-created_at", "-id").first()


def source_label(release: TradeRelease) -> str:
    parts = [release.source_name or release.get_format_display(), release.label]
    if release.is_illustrative:
        parts.append(str(_illustrative()))
    return " · ".join(parts)


def _illustrative():
    from django.utils.translation import gettext as _

    return _("illustrative demo data, not official statistics")


def _partners():
    a, b = settings.PARTNER_COUNTRIES[:2]
    return a, b


def trend_table(release: TradeRelease) -> Table:
    """Bilateral totals by year and direction in USD (exporter-reported, mirror when missing)."""
    a, b = _partners()
    rows = store.direction_values(store.parquet_path(release.parquet_name), a, b)
    by_year: dict[int, dict[str, float]] = {}
    for r in rows:
        value = r["exporter_reported"] if r["exporter_reported"] is not None else r["importer_reported"]
        by_year.setdefault(r["year"], {})[f"{r['exporter']}>{r['importer']}"] = value or 0.0
    totals = {y: d.get(f"{a}>{b}", 0.0) + d.get(f"{b}>{a}", 0.0) for y, d in by_year.items()}
    growth = tm.yoy_growth(totals)
    t = Table(
        "trend",
        f"Bilateral trade {a}–{b} by year (USD)",
        ["year", f"{a}→{b}", f"{b}→{a}", "total", "growth_yoy"],
        source=source_label(release),
    )
    for y in sorted(by_year):
        d = by_year[y]
        t.rows.append(
            [
                y,
                round(d.get(f"{a}>{b}", 0.0), 2),
                round(d.get(f"{b}>{a}", 0.0), 2),
                round(totals[y], 2),
                None if growth[y] is None else round(growth[y], 4),
            ]
        )
    return t


def mirror_table(release: TradeRelease) -> Table:
    """Exporter- vs importer-reported values wherever both sides exist."""
    a, b = _partners()
    t = Table(
        "mirror",
        "Mirror statistics: exporter- vs importer-reported (USD)",
        ["year", "direction", "exporter_reported", "importer_reported", "gap", "ratio", "asymmetry"],
        source=source_label(release),
    )
    for r in store.direction_values(store.parquet_path(release.parquet_name), a, b):
        if r["exporter_reported"] is None or r["importer_reported"] is None:
            continue
        g = tm.mirror_gap(r["exporter_reported"], r["importer_reported"])
        t.rows.append(
            [
                r["year"],
                f"{r['exporter']}→{r['importer']}",
                round(g.exporter_reported, 2),
                round(g.importer_reported, 2),
                round(g.gap, 2),
                None if g.ratio is None else round(g.ratio, 4),
                None if g.asymmetry is None else round(g.asymmetry, 4),
            ]
        )
    return t


def composition_level(parent: str | None) -> str:
    """What a composition table lists: sections at the top, chapters within a section (roman
    numeral), headings within a chapter (2 digits), HS6 subheadings within a heading (4 digits)."""
    if not parent:
        return "section"
    if parent.isalpha():
        return "chapter"
    return {2: "heading", 4: "HS6"}[len(parent)]


def composition_table(
    release: TradeRelease, *, year: int, exporter: str, importer: str, parent: str | None
) -> Table:
    rows = store.breakdown(
        store.parquet_path(release.parquet_name),
        year=year,
        exporter=exporter,
        importer=importer,
        parent=parent,
    )
    level = composition_level(parent)
    title = f"{exporter}→{importer} {year} by HS {level}" + (
        f" within {parent} {reference.hs_label(parent)}" if parent else ""
    )
    t = Table("composition", title, ["code", "label", "value", "share"], source=source_label(release))
    shares = tm.shares({r["code"]: r["value"] for r in rows})
    for r in rows:
        label = reference.hs_label(r["code"]) if r["code"] != "TOTAL" else "Not classified"
        t.rows.append([r["code"], label, round(r["value"], 2), round(shares.get(r["code"], 0.0), 4)])
    return t


def concentration(table: Table) -> dict | None:
    values = [r[2] for r in table.rows if r[2] > 0]
    if not values:
        return None
    return {"hhi": tm.hhi(values), "normalized_hhi": tm.normalized_hhi(values), "n": len(values)}


def headline_table(user) -> Table:
    qs = (
        HeadlineFigure.objects.select_related("release")
        .filter(release__in=shown_releases(user))
        .order_by("year", "month_to", "currency", "id")
    )
    t = Table(
        "headline",
        "Published headline figures (as stated by each source)",
        [
            "period",
            "reporter",
            "partner",
            "flow",
            "value",
            "currency",
            "source",
            "url",
            "publication_date",
            "release",
        ],
        source="Each row names its own source",
    )
    for f in qs:
        t.rows.append(
            [
                f.period,
                f.reporter_id,
                f.partner_id,
                f.flow,
                float(f.value),
                f.currency,
                f.source_name,
                f.source_url,
                f.publication_date.isoformat() if f.publication_date else "",
                f.release_id,
            ]
        )
    return t


def headline_comparison(old: TradeRelease, new: TradeRelease) -> list[tuple[str, float | None, float | None]]:
    """(period reporter–partner flow currency, old value, new value) for a revised headline release."""

    def values(release):
        return {
            f"{f.period} {f.reporter_id}–{f.partner_id} {f.flow} {f.currency}": float(f.value)
            for f in release.headline_figures.all()
        }

    a, b = values(old), values(new)
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b))]


def target_table(status: dict) -> Table:
    """The required trajectory, the observations and the projection; each observed row names its
    source, URL and release, the trajectory rows the target setting's baseline source."""
    cur = status.get("currency", "")
    baseline = status.get("baseline_source") or "Target setting"
    t = Table(
        "target",
        f"Target trajectory vs observed ({cur})",
        ["period", "series", "value", "source", "url", "release"],
        source=f"Target setting (baseline: {baseline}); observations: published headline figures ({cur}), "
        "each row with its source and release",
    )
    if not status.get("configured"):
        return t
    base_url = status.get("baseline_source_url") or ""
    for p in status["trajectory"]:
        t.rows.append(
            [
                p["label"],
                "required trajectory",
                round(p["value"], 2),
                f"Target setting; baseline: {baseline}",
                base_url,
                None,
            ]
        )
    for o in status["observations"]:
        label = f"{o['year']} H2" if o["months"] == 12 else f"{o['period']} (annualised)"
        t.rows.append(
            [
                label,
                "observed",
                round(o["value"] * 12 / o["months"], 2),
                o["source_name"],
                o["source_url"],
                o["release_id"],
            ]
        )
    if status.get("projection"):
        p = status["projection"]
        years = "–".join(str(y) for y in p["from_years"])
        for series in ("value", "low", "high"):
            t.rows.append(
                [
                    f"{p['year']} H2",
                    f"projection {series}" if series != "value" else "projection",
                    round(p[series], 2),
                    f"Log-linear trend of the observed full years {years} (90% band)",
                    "",
                    None,
                ]
            )
    return t


# --- growth ------------------------------------------------------------------------------------


def growth_table(release: TradeRelease, trend: Table, *, cagr_from=None, cagr_to=None) -> Table:
    """Bilateral total by year with year-on-year growth ``V_t/V_{t−1} − 1``; CAGR
    ``(V1/V0)^(1/n) − 1`` between the first and last year and between two chosen years; and the
    least-squares growth rate ``e^b − 1`` of the OLS fit ``ln V_t = a + b·t`` (World Bank WDI)."""
    a, b = _partners()
    t = Table(
        "growth",
        f"Growth of bilateral trade {a}–{b} (total, USD)",
        ["measure", "year", "to_year", "value_usd", "rate"],
        source=source_label(release),
    )
    series = {r[0]: r[3] for r in trend.rows}
    yoy = tm.yoy_growth(series)
    for y in sorted(series):
        t.rows.append(["value", y, None, series[y], None if yoy[y] is None else round(yoy[y], 4)])
    years = sorted(series)
    pairs = []
    if len(years) >= 2:
        pairs.append(("CAGR first–last year", years[0], years[-1]))
    if cagr_from and cagr_to and cagr_from in series and cagr_to in series and cagr_from < cagr_to:
        pairs.append(("CAGR chosen years", cagr_from, cagr_to))
    for label, y0, y1 in pairs:
        rate = tm.cagr(series[y0], series[y1], y1 - y0) if series[y0] > 0 else None
        t.rows.append([label, y0, y1, None, None if rate is None else round(rate, 4)])
    points = [(y, v) for y, v in sorted(series.items()) if v > 0]
    if len(points) >= 2:
        fit = tm.log_linear_growth([y for y, _ in points], [v for _, v in points])
        t.rows.append(["least-squares growth rate", points[0][0], points[-1][0], None, round(fit.rate, 4)])
    return t


# --- products ----------------------------------------------------------------------------------

TOP_PRODUCTS = 10


def _hs6(release: TradeRelease, year: int, exporter: str, importer: str) -> dict[str, float]:
    codes = store.product_codes(
        store.parquet_path(release.parquet_name), year=year, exporter=exporter, importer=importer
    )
    return {k: v for k, v in codes.items() if len(k) == 6 and k.isdigit() and v > 0}


def product_tables(release: TradeRelease, *, year: int, years: list[int]) -> dict[str, Table]:
    """Per direction: the top-10 HS6 products with share and cumulative share; concentration
    over all HS6 products (HHI ``Σ s_i²`` and normalised ``(H − 1/n)/(1 − 1/n)``); and the new
    products (extensive margin) against the previous year: HS6 codes traded this year but not then."""
    a, b = _partners()
    src = source_label(release)
    top = Table(
        "top_products",
        f"Top {TOP_PRODUCTS} HS6 products by direction, {year} (USD)",
        ["direction", "rank", "hs6", "label", "value", "share", "cumulative_share"],
        source=src,
    )
    prev_year = year - 1 if (year - 1) in years else None
    new = Table(
        "new_products",
        f"New HS6 products in {year} (not traded in {prev_year or year - 1})",
        ["direction", "year", "previous_year", "hs6", "label", "value", "share"],
        source=src,
    )
    summary = Table(
        "product_summary",
        f"Product concentration and extensive margin, {year}",
        [
            "direction",
            "year",
            "products",
            "hhi",
            "normalized_hhi",
            "top10_share",
            "previous_year",
            "new_products",
            "new_value",
            "new_share",
        ],
        source=src,
    )
    for i, j in ((a, b), (b, a)):
        direction = f"{i}→{j}"
        values = _hs6(release, year, i, j)
        if not values:
            continue
        cum = 0.0
        for rank, (code, value, share) in enumerate(tm.composition(values, top=TOP_PRODUCTS), 1):
            cum += share
            top.rows.append(
                [
                    direction,
                    rank,
                    code,
                    reference.hs_label(code),
                    round(value, 2),
                    round(share, 4),
                    round(cum, 4),
                ]
            )
        margin = None
        if prev_year is not None:
            margin = tm.extensive_margin(_hs6(release, prev_year, i, j), values)
            total = sum(values.values())
            for code in margin.new_products:
                new.rows.append(
                    [
                        direction,
                        year,
                        prev_year,
                        code,
                        reference.hs_label(code),
                        round(values[code], 2),
                        round(values[code] / total, 4),
                    ]
                )
        summary.rows.append(
            [
                direction,
                year,
                len(values),
                round(tm.hhi(values.values()), 4),
                round(tm.normalized_hhi(values.values()), 4),
                round(cum, 4),
                prev_year,
                None if margin is None else margin.count,
                None if margin is None else round(margin.value, 2),
                None if margin is None else round(margin.share, 4),
            ]
        )
    return {"top_products": top, "new_products": new, "product_summary": summary}


DASHBOARD_FILTERS = ("release_id", "year", "direction", "parent", "cagr_from", "cagr_to")


def dashboard_tables(user, **filters) -> dict:
    """Everything the dashboard (and its downloads and the API) shows, from the cache when the
    same view (releases shown, target, public or secretariat, filters, language) was computed
    since trade data last changed (``dashboard_cache``)."""
    filters = {k: filters.get(k) or None for k in DASHBOARD_FILTERS}
    return dashboard_cache.cached(_view_key(user, filters), lambda: _dashboard_tables(user, **filters))


def _view_key(user, filters: dict) -> str:
    return dashboard_cache.dashboard_key(
        secretariat=is_secretariat(user),
        filters=filters,
        releases=sorted(shown_releases(user).values_list("pk", flat=True)),
        target=TargetSetting.objects.order_by("-created_at", "-id").values_list("pk", flat=True).first(),
    )


def dashboard_chart_svg(user, name: str, **filters) -> str | None:
    """Dashboard chart ``name`` as SVG (None: no such chart or no table to draw), cached with the
    dashboard's figures (same view, same generation): drawing a chart takes 0.2–0.5 s."""
    from corridor.core.charts import to_svg

    from .presentation import CHARTS, chart_spec

    if name not in CHARTS:
        return None
    filters = {k: filters.get(k) or None for k in DASHBOARD_FILTERS}

    def draw() -> dict:
        data = dashboard_tables(user, **filters)
        table = data.get(name)
        spec = chart_spec(name, table, data) if table is not None else None
        return {"svg": to_svg(spec) if spec is not None else None}

    return dashboard_cache.cached(f"{_view_key(user, filters)}:chart:{name}", draw)["svg"]


def _dashboard_tables(
    user, *, release_id=None, year=None, direction=None, parent=None, cagr_from=None, cagr_to=None
) -> dict:
    a, b = _partners()
    exporter, importer = (b, a) if direction == f"{b.lower()}-{a.lower()}" else (a, b)
    status = target_status(include_unpublished=False)
    out = {"status": status, "target": target_table(status), "headline": headline_table(user)}
    release = flow_release(user, release_id)
    out["release"] = release
    out["exporter"], out["importer"] = exporter, importer
    if release is None:
        return out
    years = store.years(store.parquet_path(release.parquet_name))
    year = int(year) if year and int(year) in years else (years[-1] if years else None)
    out["years"], out["year"] = years, year
    out["trend"] = trend_table(release)
    out["mirror"] = mirror_table(release)
    out["growth"] = growth_table(release, out["trend"], cagr_from=cagr_from, cagr_to=cagr_to)
    if year is not None:
        try:
            out["composition"] = composition_table(
                release, year=year, exporter=exporter, importer=importer, parent=parent or None
            )
        except ValueError as exc:
            raise NotFound from exc
        out["concentration"] = concentration(out["composition"])
        out["sector"] = sector_table(release, year=year, exporter=exporter, importer=importer)
        out.update(product_tables(release, year=year, years=years))
    out["currency"] = currency_table(release, out["trend"])
    out.update(world_tables(user, release, year))
    out["parent"] = parent or None
    out["breadcrumbs"] = breadcrumbs(parent)
    return out


def breadcrumbs(parent: str | None) -> list[tuple[str, str]]:
    """(code, label) from the top down to ``parent``: section → chapter → heading."""
    if not parent:
        return []
    codes = reference.hs_codes()
    chain: list[str] = []
    code = parent
    while code and code in codes:
        chain.insert(0, code)
        code = codes[code]["parent"] if codes[code]["level"] > 2 else None
    section = codes[chain[0]]["section"] if chain else parent
    items = [section, *chain] if chain else [parent]
    return [(c, reference.hs_label(c)) for c in items]


# --- by pillar sector --------------------------------------------------------------------------

UNMAPPED = "unmapped"


def sector_map() -> dict[str, tuple[str, str]]:
    """HS prefix → (sector slug, sector name), from the editable SectorMapping table."""
    return {
        m.hs_prefix: (m.sector.slug, m.sector.name) for m in SectorMapping.objects.select_related("sector")
    }


def sector_of(code: str, mapping: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The sector of an HS code by the longest matching prefix (6, 4 then 2 digits)."""
    for n in (6, 4, 2):
        hit = mapping.get(code[:n]) if len(code) >= n else None
        if hit:
            return hit
    return None


def sector_table(release: TradeRelease, *, year: int, exporter: str, importer: str) -> Table:
    """One direction in one year by pillar sector, through the HS→sector map (longest prefix wins;
    codes no prefix covers are 'Not mapped')."""
    from django.utils.translation import gettext as _

    codes = store.product_codes(
        store.parquet_path(release.parquet_name), year=year, exporter=exporter, importer=importer
    )
    mapping = sector_map()
    sums: dict[str, float] = {}
    names: dict[str, str] = {UNMAPPED: _("Not mapped")}
    for code, value in codes.items():
        hit = sector_of(code, mapping) if code != "TOTAL" else None
        slug, name = hit or (UNMAPPED, names[UNMAPPED])
        names[slug] = name
        sums[slug] = sums.get(slug, 0.0) + value
    t = Table(
        "sector",
        f"{exporter}→{importer} {year} by pillar sector (USD)",
        ["sector", "label", "value", "share"],
        source=source_label(release) + " · HS→sector map: trade admin (HS→sector mappings)",
    )
    for slug, value, share in tm.composition(sums):
        t.rows.append([slug, names[slug], round(value, 2), round(share, 4)])
    return t


# --- reporter's currency -----------------------------------------------------------------------


def _rate(currency: str, on) -> tuple[float | None, str | None]:
    """Units of ``currency`` per USD from core's dated rates (the latest on or before ``on``, as
    ``core.services.rate_on`` reads them) and the date of that rate: one query."""
    from corridor.core.models import CurrencyRate

    if currency == "USD":
        return 1.0, None
    row = (
        CurrencyRate.objects.filter(currency_id=currency, date__lte=on)
        .order_by("-date")
        .values_list("units_per_usd", "date")
        .first()
    )
    if row is None:
        return None, None
    return float(row[0]), row[1].isoformat()


def currency_table(release: TradeRelease, trend: Table | None = None) -> Table:
    """Bilateral totals by year in USD and in each reporter's currency (MYR for Malaysia, KES for
    Kenya) at core's dated rate: the latest rate dated on or before 31 December of the year."""
    import datetime as dt

    from corridor.core.models import Country

    a, b = _partners()
    trend = trend or trend_table(release)
    cur = dict(Country.objects.filter(code__in=(a, b)).values_list("code", "currency_code"))
    t = Table(
        "currency",
        f"Bilateral trade {a}–{b} by year in USD and the reporter's currency",
        ["year", "flow", "value_usd", "currency", "rate_per_usd", "rate_date", "value_local", "note"],
        source=source_label(release)
        + " · rates: core currency rates (units per USD, latest on or before 31 Dec)",
    )
    rates: dict[tuple[str, int], tuple[float | None, str | None]] = {}
    for row in trend.rows:
        year = row[0]
        for label, value, reporter in (
            (f"{a}→{b}", row[1], a),
            (f"{b}→{a}", row[2], b),
            ("total", row[3], a),
            ("total", row[3], b),
        ):
            currency = cur.get(reporter) or "USD"
            key = (currency, year)
            if key not in rates:
                rates[key] = _rate(currency, dt.date(year, 12, 31))
            rate, date = rates[key]
            note = "" if rate is not None else f"no {currency} rate on or before {year}-12-31"
            local = None if rate is None else round(value * rate, 2)
            t.rows.append([year, label, value, currency, rate, date, local, note])
    return t


# --- world-relative measures -------------------------------------------------------------------

WDI_EXPORTS, WDI_IMPORTS = "TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT"
TOP_IMPORTS = 10


def world_release(user) -> TradeRelease | None:
    """The newest visible flow release with reporters beyond the partner pair (e.g. BACI)."""
    shown = shown_releases(user).filter(format__in=FLOW_FORMATS).order_by("-created_at", "-id")
    for release in shown:
        if store.ensure_world_extract(store.parquet_path(release.parquet_name)):
            return release
    return None


def wdi_releases(user) -> list[TradeRelease]:
    return list(shown_releases(user).filter(format="wdi").order_by("-created_at", "-id"))


def _alpha3() -> dict[str, str]:
    from corridor.core.models import Country

    a, b = _partners()
    return dict(Country.objects.filter(code__in=(a, b)).values_list("code", "alpha3"))


def world_tables(user, release: TradeRelease | None, year: int | None) -> dict:
    """RCA of each partner in the other's top imports, trade intensity and complementarity in both
    directions. From a world flow release when one is loaded; trade intensity also from WDI
    merchandise exports/imports (with the World aggregate) and the pair's bilateral flows."""
    a, b = _partners()
    world = world_release(user)
    out: dict = {"world_missing": [], "world_release": world}
    rca = Table(
        "rca",
        "Revealed comparative advantage (Balassa) in the partner's top imports",
        [
            "year",
            "exporter",
            "importer",
            "hs6",
            "label",
            "importer_imports_usd",
            "exporter_exports_usd",
            "rca",
        ],
    )
    intensity = Table(
        "intensity",
        "Trade intensity index",
        ["year", "exporter", "importer", "x_ij", "X_i", "M_j", "M_w", "tii", "basis"],
    )
    compl = Table("complementarity", "Trade complementarity index", ["year", "exporter", "importer", "tci"])
    if world is not None:
        wpath = store.world_path(store.parquet_path(world.parquet_name))
        wyears = store.world_years(wpath)
        wyear = year if year in wyears else (wyears[-1] if wyears else None)
        src = source_label(world) + " (world: every reporter in the release)"
        rca.source = compl.source = intensity.source = src
        if wyear is not None:
            s = store.world_slice(wpath, year=wyear)
            world_x = s.get(("W", "WLD"), {})
            x_w = sum(world_x.values())
            for i, j in ((a, b), (b, a)):
                exports_i, imports_j = s.get(("X", i), {}), s.get(("M", j), {})
                x_i, m_j = sum(exports_i.values()), sum(imports_j.values())
                top = tm.composition(imports_j, top=TOP_IMPORTS)
                for code, m_jk, _share in top:
                    x_ik = exports_i.get(code, 0.0)
                    value = tm.rca(x_ik, x_i, world_x[code], x_w) if x_i > 0 else None
                    rca.rows.append(
                        [
                            wyear,
                            i,
                            j,
                            code,
                            reference.hs_label(code),
                            round(m_jk, 2),
                            round(x_ik, 2),
                            None if value is None else round(value, 4),
                        ]
                    )
                if x_i > 0 and m_j > 0 and x_w > 0:
                    x_ij = s.get(("B", i), {}).get(j, 0.0)
                    intensity.rows.append(
                        [
                            wyear,
                            i,
                            j,
                            round(x_ij, 2),
                            round(x_i, 2),
                            round(m_j, 2),
                            round(x_w, 2),
                            round(tm.trade_intensity(x_ij, x_i, m_j, x_w), 4),
                            "flows (world imports = world exports)",
                        ]
                    )
                    compl.rows.append([wyear, i, j, round(tm.trade_complementarity(exports_i, imports_j), 2)])
    else:
        out["world_missing"].append("baci")
    if not intensity.rows and release is not None:
        _wdi_intensity(user, release, year, intensity)
        if not intensity.rows:
            out["world_missing"].append("wdi")
    out.update(rca=rca, intensity=intensity, complementarity=compl)
    return out


def _wdi_intensity(user, release: TradeRelease, year: int | None, table: Table) -> None:
    """TII from WDI merchandise exports (TX) and imports (TM, with the World aggregate) and the
    pair's bilateral exports from the flow release (exporter-reported, mirror when missing)."""
    a, b = _partners()
    wdis = wdi_releases(user)
    if not wdis:
        return
    alpha3 = _alpha3()
    rows = store.wdi_values(
        [store.parquet_path(r.parquet_name) for r in wdis],
        indicators=[WDI_EXPORTS, WDI_IMPORTS],
        countries=[alpha3.get(a, ""), alpha3.get(b, ""), "WLD"],
    )
    series = {(ind, c, y): v for ind, c, y, v in rows}
    bilateral = {}
    for r in store.direction_values(store.parquet_path(release.parquet_name), a, b):
        v = r["exporter_reported"] if r["exporter_reported"] is not None else r["importer_reported"]
        bilateral[(r["year"], r["exporter"])] = v or 0.0
    years_ok = sorted({y for (y, _e) in bilateral})
    if year is not None:
        years_ok = [year] if year in years_ok else years_ok
    table.source = " · ".join(
        [source_label(release) + " (bilateral exports)"]
        + [f"World Bank WDI ({WDI_EXPORTS}, {WDI_IMPORTS}): {source_label(r)}" for r in wdis]
    )
    for y in reversed(years_ok):
        got = []
        for i, j in ((a, b), (b, a)):
            x_i = series.get((WDI_EXPORTS, alpha3.get(i), y))
            m_j = series.get((WDI_IMPORTS, alpha3.get(j), y))
            m_w = series.get((WDI_IMPORTS, "WLD", y))
            x_ij = bilateral.get((y, i))
            if None in (x_i, m_j, m_w, x_ij) or not (x_i > 0 and m_j > 0 and m_w > 0):
                continue
            got.append(
                [
                    y,
                    i,
                    j,
                    round(x_ij, 2),
                    round(x_i, 2),
                    round(m_j, 2),
                    round(m_w, 2),
                    round(tm.trade_intensity(x_ij, x_i, m_j, m_w), 4),
                    "WDI merchandise trade",
                ]
            )
        if got:
            table.rows.extend(got)
            return
