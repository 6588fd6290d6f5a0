"""Read queries for trade pages and the API: visible releases and the dashboard's tables.

Every table carries its title, columns, rows and a source line (source name and release), so the
page, the chart, the CSV/XLSX download and the API show the same numbers with the same label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from corridor.engines import trade_metrics as tm

from . import reference, store
from .access import NotFound, get_release, is_trade_staff
from .enums import FLOW_FORMATS
from .indicators import target_status
from .models import HeadlineFigure, ImportJob, TradeRelease


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    source: str = ""


def releases_visible_to(user):
    return (
        TradeRelease.objects.visible_to(user)
        .select_related("imported_by", "supersedes")
        .order_by("-created_at", "-id")
    )


def recent_jobs(user, limit: int = 10):
    if not is_trade_staff(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("release", "created_by").order_by("-created_at", "-id")[:limit]


def flow_release(user, release_id=None) -> TradeRelease | None:
    """The release a dashboard shows: the one asked for, else the newest current visible one."""
    if release_id:
        release = get_release(user, release_id)
        if not release.is_flow_release:
            raise NotFound
        return release
    return (
        TradeRelease.objects.visible_to(user)
        .filter(format__in=FLOW_FORMATS)
        .order_by("-is_current", "-created_at", "-id")
        .first()
    )


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
    level = (
        "section"
        if parent is None
        else {2: "chapter", 4: "heading"}.get(len(parent), "chapter" if parent.isalpha() else "HS6")
    )
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
    qs = HeadlineFigure.objects.select_related("release").order_by("year", "month_to", "currency", "id")
    if not is_trade_staff(user):
        qs = qs.filter(release__is_published=True)
    qs = qs.filter(release__is_current=True)
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


def target_table(status: dict) -> Table:
    t = Table(
        "target",
        f"Target trajectory vs observed ({status.get('currency', '')})",
        ["period", "series", "value"],
        source=f"Target setting; observations: published headline figures ({status.get('currency', '')})",
    )
    if not status.get("configured"):
        return t
    for p in status["trajectory"]:
        t.rows.append([p["label"], "required trajectory", round(p["value"], 2)])
    for o in status["observations"]:
        label = f"{o['year']} H2" if o["months"] == 12 else f"{o['period']} (annualised)"
        t.rows.append([label, "observed", round(o["value"] * 12 / o["months"], 2)])
    if status.get("projection"):
        p = status["projection"]
        for series in ("value", "low", "high"):
            t.rows.append(
                [
                    f"{p['year']} H2",
                    f"projection {series}" if series != "value" else "projection",
                    round(p[series], 2),
                ]
            )
    return t


def dashboard_tables(user, *, release_id=None, year=None, direction=None, parent=None) -> dict:
    """Everything the dashboard (and its downloads and the API) shows."""
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
    if year is not None:
        try:
            out["composition"] = composition_table(
                release, year=year, exporter=exporter, importer=importer, parent=parent or None
            )
        except ValueError as exc:
            raise NotFound from exc
        out["concentration"] = concentration(out["composition"])
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
