"""How trade tables read: column headings and numbers for people on the pages, and downloads that
open (issue 16 items 3 and 6).

Tables (``queries.Table``) keep machine names and raw numbers: the API and the cache hold those.
Pages show each column by its label and each number in the viewer's language with its unit
(shares as "9.1%", money with thousands separators); downloads start with the header row, put a
label beside every code (flow T/X/M, HS code, ISO country) and carry the title, source and
licence in a JSON sidecar and in the XLSX's first sheet, "About".
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.core.charts import bar_spec, line_spec

from . import reference
from .enums import SourceFormat

#: column name → (heading, kind). Kinds: money (grouped, no decimals), share (percent, one
#: decimal), ratio (two decimals), index (three decimals), rate (four significant decimals),
#: year and text (as they are). Columns not listed (e.g. "MY→KE") are money when numeric.
COLUMNS = {
    "year": (gettext_lazy("Year"), "year"),
    "to_year": (gettext_lazy("To year"), "year"),
    "previous_year": (gettext_lazy("Previous year"), "year"),
    "period": (gettext_lazy("Period"), "text"),
    "series": (gettext_lazy("Series"), "text"),
    "total": (gettext_lazy("Total (USD)"), "money"),
    "growth_yoy": (gettext_lazy("Growth on the year before"), "share"),
    "direction": (gettext_lazy("Direction"), "text"),
    "exporter_reported": (gettext_lazy("Reported by the exporter (USD)"), "money"),
    "importer_reported": (gettext_lazy("Reported by the importer (USD)"), "money"),
    "gap": (gettext_lazy("Gap (USD)"), "money"),
    "ratio": (gettext_lazy("Importer / exporter"), "ratio"),
    "asymmetry": (gettext_lazy("Asymmetry"), "share"),
    "code": (gettext_lazy("Code"), "text"),
    "hs6": (gettext_lazy("HS code"), "text"),
    "label": (gettext_lazy("Description"), "text"),
    "value": (gettext_lazy("Value"), "money"),
    "share": (gettext_lazy("Share"), "share"),
    "cumulative_share": (gettext_lazy("Cumulative share"), "share"),
    "rank": (gettext_lazy("Rank"), "text"),
    "products": (gettext_lazy("Products"), "count"),
    "hhi": (gettext_lazy("HHI"), "index"),
    "normalized_hhi": (gettext_lazy("Normalised HHI"), "index"),
    "top10_share": (gettext_lazy("Share of the top ten"), "share"),
    "new_products": (gettext_lazy("New products"), "count"),
    "new_value": (gettext_lazy("Value of new products (USD)"), "money"),
    "new_share": (gettext_lazy("Share of new products"), "share"),
    "reporter": (gettext_lazy("Reporter"), "text"),
    "partner": (gettext_lazy("Partner"), "text"),
    "exporter": (gettext_lazy("Exporter"), "text"),
    "importer": (gettext_lazy("Importer"), "text"),
    "flow": (gettext_lazy("Flow"), "text"),
    "currency": (gettext_lazy("Currency"), "text"),
    "source": (gettext_lazy("Source"), "text"),
    "url": (gettext_lazy("Link"), "text"),
    "publication_date": (gettext_lazy("Published on"), "text"),
    "release": (gettext_lazy("Release"), "text"),
    "measure": (gettext_lazy("Measure"), "text"),
    "value_usd": (gettext_lazy("Value (USD)"), "money"),
    "rate": (gettext_lazy("Rate"), "share"),
    "rate_per_usd": (gettext_lazy("Units per USD"), "rate"),
    "rate_date": (gettext_lazy("Rate date"), "text"),
    "value_local": (gettext_lazy("Value in the reporter's currency"), "money"),
    "note": (gettext_lazy("Note"), "text"),
    "sector": (gettext_lazy("Sector"), "text"),
    "importer_imports_usd": (gettext_lazy("Importer's imports (USD)"), "money"),
    "exporter_exports_usd": (gettext_lazy("Exporter's exports (USD)"), "money"),
    "rca": (gettext_lazy("RCA"), "ratio"),
    "x_ij": (gettext_lazy("Exports to the partner (USD)"), "money"),
    "X_i": (gettext_lazy("Exports to the world (USD)"), "money"),
    "M_j": (gettext_lazy("Partner's imports (USD)"), "money"),
    "M_w": (gettext_lazy("World imports (USD)"), "money"),
    "tii": (gettext_lazy("Trade intensity"), "ratio"),
    "basis": (gettext_lazy("Basis"), "text"),
    "tci": (gettext_lazy("Complementarity (0–100)"), "ratio"),
}

#: What a red/amber/green badge means, in words.
RAG_LABELS = {
    "green": gettext_lazy("On track"),
    "amber": gettext_lazy("Slightly behind"),
    "red": gettext_lazy("Off track"),
    "no_data": gettext_lazy("No figure after the baseline yet"),
}

#: Comtrade flow codes with the word a reader expects beside them.
FLOW_LABELS = {"T": gettext_lazy("Total"), "X": gettext_lazy("Export"), "M": gettext_lazy("Import")}
COUNTRY_COLUMNS = ("reporter", "partner", "exporter", "importer")
CODE_COLUMNS = ("code", "hs6")

#: Terms of each source, stated with every download.
LICENCES = {
    SourceFormat.COMTRADE: gettext_lazy(
        "UN Comtrade data: UN Comtrade terms of use (attribution to UN Comtrade)."
    ),
    SourceFormat.BACI: gettext_lazy("CEPII BACI: Etalab Open Licence 2.0 (attribution to CEPII)."),
    SourceFormat.WDI: gettext_lazy("World Bank WDI: Creative Commons Attribution 4.0 (CC BY 4.0)."),
    SourceFormat.HEADLINE: gettext_lazy(
        "Figures as published by each source named in the table; cite that source."
    ),
}


def heading(column: str) -> str:
    label = COLUMNS.get(column)
    return str(label[0]) if label else column


def cell(column: str, value) -> str:
    """One value as a person reads it, in the active language."""
    if value is None or value == "":
        return "–"
    if column == "flow" and value in FLOW_LABELS:
        return str(FLOW_LABELS[value])
    kind = COLUMNS.get(column, (None, "money" if isinstance(value, float) else "text"))[1]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if kind == "share":
        return number_format(value * 100, 1, use_l10n=True, force_grouping=True) + "%"
    if kind == "money":
        return number_format(round(value), 0, use_l10n=True, force_grouping=True)
    if kind == "count":
        return number_format(value, 0, use_l10n=True, force_grouping=True)
    if kind == "ratio":
        return number_format(value, 2, use_l10n=True, force_grouping=True)
    if kind == "index":
        return number_format(value, 3, use_l10n=True)
    if kind == "rate":
        return number_format(value, 4, use_l10n=True, force_grouping=True)
    return str(value)


def licence(release=None, table_name: str = "") -> str:
    if table_name in ("headline", "target"):
        return str(LICENCES[SourceFormat.HEADLINE])
    if release is None:
        return ""
    if release.is_illustrative:
        return _("Illustrative data generated by Corridor's demo, not official statistics: free to use.")
    return str(LICENCES.get(release.format, ""))


def download_table(table, country_names: dict[str, str]) -> tuple[list[str], list[list]]:
    """The header row and rows of a download, with a label column beside each code column
    (``flow_label``, ``<country column>_name``, ``label`` for an HS code without one)."""
    columns: list[str] = []
    expanders = []
    for i, col in enumerate(table.columns):
        columns.append(col)
        values = {r[i] for r in table.rows if r[i] not in (None, "")}
        if col == "flow" and values and values <= set(FLOW_LABELS):
            columns.append("flow_label")
            expanders.append((i, lambda v: str(FLOW_LABELS.get(v, ""))))
        elif col in COUNTRY_COLUMNS and values and all(isinstance(v, str) and len(v) == 2 for v in values):
            columns.append(f"{col}_name")
            expanders.append((i, lambda v: country_names.get(v, "")))
        elif col in CODE_COLUMNS and (i + 1 >= len(table.columns) or table.columns[i + 1] != "label"):
            columns.append("label")
            expanders.append((i, lambda v: reference.hs_label(v) if v else ""))
        else:
            expanders.append((i, None))
    rows = []
    for row in table.rows:
        out = []
        for i, expand in expanders:
            out.append(row[i])
            if expand is not None:
                out.append(expand(row[i]))
        rows.append(out)
    return columns, rows


def about(table, *, release=None, query: str = "") -> dict:
    """What the JSON sidecar and the XLSX "About" sheet say about a download (the headline and
    target tables name a release on each row, not one for the table)."""
    if table.name in ("headline", "target"):
        release = None
    return {
        "table": table.name,
        "title": table.title,
        "source": table.source,
        "licence": licence(release, table.name),
        "release": release.pk if release is not None else None,
        "illustrative": bool(release is not None and release.is_illustrative),
        "filters": query,
    }


#: The dashboard's charts (``/trade/chart/<name>.svg``), each drawn from the table of that name.
CHARTS = ("target", "trend", "mirror", "sector", "rca", "composition")


def chart_spec(name: str, table, data: dict) -> dict | None:
    """The Vega-Lite spec of dashboard chart ``name`` from its table (None: no such chart)."""
    if name == "target":
        spec = line_spec(
            [{"period": r[0], "series": r[1], "value": r[2]} for r in table.rows],
            x="period",
            y="value",
            color="series",
            title=table.title,
            x_title=_("half-year"),
            y_title=data["status"].get("currency", ""),
        )
    elif name == "trend":
        a, b = table.columns[1], table.columns[2]
        rows = [{"year": str(r[0]), "direction": a, "value": r[1]} for r in table.rows]
        rows += [{"year": str(r[0]), "direction": b, "value": r[2]} for r in table.rows]
        spec = bar_spec(rows, x="year", y="value", color="direction", title=table.title, y_title="USD")
    elif name == "mirror":
        rows = [
            {"label": f"{r[0]} {r[1]}", "side": s, "value": v}
            for r in table.rows
            for s, v in (("exporter", r[2]), ("importer", r[3]))
        ]
        spec = bar_spec(rows, x="label", y="value", color="side", title=table.title, y_title="USD")
    elif name == "sector":
        rows = [{"item": r[1][:40], "value": r[2]} for r in table.rows]
        spec = bar_spec(
            rows, x="item", y="value", horizontal=True, title=table.title, x_title="", y_title="USD"
        )
    elif name == "rca":
        rows = [{"item": f"{r[1]} in {r[2]}'s {r[3]}", "value": r[7] or 0} for r in table.rows]
        spec = bar_spec(
            rows, x="item", y="value", horizontal=True, title=table.title, x_title="", y_title="RCA"
        )
    elif name == "composition":
        rows = [{"item": f"{r[0]} {r[1][:40]}", "value": r[2]} for r in table.rows[:20]]
        spec = bar_spec(
            rows, x="item", y="value", horizontal=True, title=table.title, x_title="", y_title="USD"
        )
    else:
        return None
    spec["title"] = {"text": table.title, "subtitle": table.source[:150]}
    return spec
