"""Gather a review's figures and render its PDF.

``gather`` returns plain JSON (floats and strings): it is what a published review freezes, so
later data changes never alter it. ``render_pdf`` turns that snapshot into a print-quality PDF
with WeasyPrint, using the same Vega-Lite charts as the web pages.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from decimal import Decimal

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corridor.core.charts import bar_spec, line_spec, to_svg
from corridor.core.enums import Pillar
from corridor.engines.results import HalfYear, trajectory_status

from . import registry
from .enums import CommitmentStatus, IndicatorSource, ValueStatus
from .models import Commitment, Indicator, IndicatorValue, Review
from .registry import provider, providers

HISTORY = 6


def _f(x) -> float | None:
    return None if x is None else float(x)


def values_for(indicator: Indicator, half: HalfYear) -> dict[str, float]:
    """Figures of one indicator for one half-year: {"total": x, "MY": y, "KE": z} (keys present when known)."""
    out: dict[str, float] = {}
    if indicator.provider_code:
        p = provider(indicator.provider_code)
        if p is None:
            return out
        raw = p.compute(half.start, half.end) or {}
        for key, value in raw.items():
            if value is None:
                continue
            out["total" if key is None else key] = float(value)
        return out
    if indicator.source == IndicatorSource.REPORTED:
        rows = IndicatorValue.objects.filter(
            indicator=indicator, period=str(half), status=ValueStatus.VALIDATED
        ).order_by("country_id", "-version")
        seen = set()
        for row in rows:
            key = row.country_id or "total"
            if key not in seen:
                seen.add(key)
                out[key] = float(row.value)
        if "total" not in out and indicator.by_country and out:
            out["total"] = sum(out.values())
    return out


def headline(values: dict[str, float]) -> float | None:
    if "total" in values:
        return values["total"]
    return sum(values.values()) if values else None


def indicator_entry(indicator: Indicator, half: HalfYear) -> dict:
    values = values_for(indicator, half)
    actual = headline(values)
    entry = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "pillar": indicator.pillar,
        "pillar_label": str(Pillar(indicator.pillar).label),
        "source": indicator.source,
        "direction": indicator.direction,
        "definition": indicator.definition,
        "values": values,
        "value": actual,
        "baseline_value": _f(indicator.baseline_value),
        "baseline_date": indicator.baseline_date.isoformat() if indicator.baseline_date else None,
        "target_value": _f(indicator.target_value),
        "target_date": indicator.target_date.isoformat() if indicator.target_date else None,
        "expected": None,
        "progress": None,
        "status": "no_data" if actual is None else "no_target",
    }
    if None not in (
        indicator.baseline_value,
        indicator.baseline_date,
        indicator.target_value,
        indicator.target_date,
    ):
        t = trajectory_status(
            actual=actual,
            baseline=float(indicator.baseline_value),
            baseline_date=indicator.baseline_date,
            target=float(indicator.target_value),
            target_date=indicator.target_date,
            on=half.end,
            higher_is_better=indicator.higher_is_better,
        )
        entry.update(expected=t.expected, progress=t.progress, status=t.status)
    history = []
    p = half
    for _i in range(HISTORY):
        history.append(
            {"period": str(p), "value": headline(values_for(indicator, p)) if p != half else actual}
        )
        p = p.previous()
    entry["history"] = list(reversed(history))
    return entry


def trade_target(half: HalfYear) -> dict | None:
    """The +30% target status at the end of the half-year, read through the registry (the trade
    module registers it)."""
    status = registry.target_status(registry.TRADE_TARGET, half.end)
    if not status or not status.get("configured"):
        return None
    return json.loads(json.dumps(status, default=str))


def gather(review: Review, *, public_only: bool = False) -> dict:
    """Everything a review shows. ``public_only`` (used when publishing) keeps only indicators
    marked for the public dashboard: a published review is public."""
    half = HalfYear.parse(review.period)
    qs = Indicator.objects.filter(is_public=True) if public_only else Indicator.objects.all()
    indicators = [indicator_entry(i, half) for i in qs]
    commitments = [
        {
            "code": c.code,
            "title": c.title,
            "pillar": c.pillar,
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "due_date": c.due_date.isoformat() if c.due_date else None,
            "overdue": c.is_overdue,
            "owner": c.owner_organisation.name
            if c.owner_organisation
            else (c.owner_country.name if c.owner_country else ""),
        }
        for c in Commitment.objects.select_related("owner_organisation", "owner_country")
    ]
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for c in commitments:
        counts[c["status"]] += 1
    modules = []
    for p in providers():
        raw = p.compute(half.start, half.end)
        modules.append(
            {
                "code": p.code,
                "name": p.name,
                "unit": p.unit,
                "module": p.module,
                "values": {("total" if k is None else k): float(v) for k, v in raw.items() if v is not None},
            }
        )
    return {
        "period": str(half),
        "title": review.title,
        "generated_at": timezone.now().isoformat(),
        "indicators": indicators,
        "status_counts": {
            s: sum(1 for i in indicators if i["status"] == s)
            for s in ("on_track", "at_risk", "off_track", "no_data", "no_target")
        },
        "commitments": commitments,
        "commitment_counts": counts,
        "narratives": {n.pillar: n.text for n in review.narratives.all()},
        "comments": [
            {
                "author": str(c.author) if c.author else "",
                "country": c.country_id or "",
                "text": c.text,
                "at": c.created_at.isoformat(),
            }
            for c in review.comments.select_related("author")
        ],
        "modules": modules,
        "trade_target": trade_target(half),
    }


def snapshot_of(review: Review) -> dict:
    """The published snapshot, or live figures for an open review."""
    return review.snapshot if review.snapshot else gather(review)


def progress_chart_svg(data: dict) -> str:
    rows = [
        {"indicator": i["code"], "progress": round(100 * i["progress"], 1), "status": i["status"]}
        for i in data["indicators"]
        if i["progress"] is not None
    ]
    if not rows:
        return ""
    return to_svg(
        bar_spec(
            rows,
            x="indicator",
            y="progress",
            color="status",
            title="Progress towards target (%)",
            x_title="Indicator",
            y_title="% of planned change achieved",
        )
    )


def trend_chart_svg(entry: dict) -> str:
    rows = [{"period": h["period"], "value": h["value"]} for h in entry["history"] if h["value"] is not None]
    if len(rows) < 2:
        return ""
    return to_svg(
        line_spec(
            rows,
            x="period",
            y="value",
            title=entry["name"],
            x_title="Half-year",
            y_title=entry["unit"],
            width=420,
            height=160,
        )
    )


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else ""


def fingerprint(data: dict, language: str) -> str:
    """A digest of the figures a PDF shows and its language (not the time it was gathered): a
    draft's PDF is current while the review's figures still give the same digest."""
    figures = {k: v for k, v in data.items() if k != "generated_at"}
    text = json.dumps(figures, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()


def current_fingerprint(review: Review, language: str, data: dict | None = None) -> str:
    """The fingerprint of ``review``'s figures now, in ``language`` (labels are translated, so the
    figures are gathered in that language). ``data``: figures already gathered in ``language``."""
    if data is None:
        with translation.override(language):
            data = gather(review)
    return fingerprint(data, language)


#: How the PDF's indicator table words each status (snapshots store the code only).
STATUS_WORDS = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "no_target": "no target",
}


def pdf_html(review: Review, data: dict, charts: dict, trends: dict) -> str:
    """The HTML the PDF is drawn from; each indicator gains ``status_text`` (the snapshot itself
    is left as it is)."""
    indicators = [{**i, "status_text": STATUS_WORDS.get(i["status"], "no data")} for i in data["indicators"]]
    return render_to_string(
        "council/review_pdf.html",
        {
            "review": review,
            "data": data,
            "indicators": indicators,
            "charts": charts,
            "trends": trends,
            "pillars": Pillar.choices,
        },
    )


def pdf_bytes(review: Review, data: dict, progress: Callable[..., None] | None = None) -> bytes:
    """Draw ``data`` (a review's figures) as a tagged PDF. ``progress(fraction, message)`` is
    told how far it has come: the charts, then the page layout."""
    from weasyprint import HTML

    step = progress or (lambda fraction, message="": None)
    step(0.2, _("Drawing the charts"))
    charts = {"progress": _data_uri(progress_chart_svg(data))}
    trends = {i["code"]: _data_uri(trend_chart_svg(i)) for i in data["indicators"]}
    html = pdf_html(review, data, charts, trends)
    step(0.5, _("Laying out the pages"))
    # PDF/UA-1: tagged structure, document language and title, so screen readers can read it.
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(review: Review) -> bytes:
    """Render a published review's frozen snapshot to PDF, store it on the review (done once, at
    publication) and return the bytes. Drafts are drawn by ``services.run_draft_pdf``."""
    if not review.snapshot:
        raise ValueError("only a published review's snapshot is stored as its PDF")
    started = time.perf_counter()
    pdf = pdf_bytes(review, review.snapshot)
    review.pdf_render_seconds = round(time.perf_counter() - started, 3)
    review.pdf.save(f"review-{review.period}-{review.pk}.pdf", ContentFile(pdf), save=False)
    Review.objects.filter(pk=review.pk).update(
        pdf=review.pdf.name, pdf_render_seconds=review.pdf_render_seconds
    )
    return pdf


def compare(a: dict, b: dict) -> list[dict]:
    """Side-by-side rows of two snapshots (older ``a``, newer ``b``): what moved since the last review."""
    by_code = {i["code"]: i for i in a["indicators"]}
    rows = []
    for i in b["indicators"]:
        old = by_code.get(i["code"], {})
        old_v, new_v = old.get("value"), i.get("value")
        rows.append(
            {
                "code": i["code"],
                "name": i["name"],
                "unit": i["unit"],
                "old": old_v,
                "new": new_v,
                "delta": (new_v - old_v) if None not in (old_v, new_v) else None,
                "old_status": old.get("status", "no_data"),
                "new_status": i["status"],
            }
        )
    return rows


__all__ = [
    "Decimal",
    "compare",
    "dt",
    "current_fingerprint",
    "fingerprint",
    "gather",
    "pdf_bytes",
    "render_pdf",
    "snapshot_of",
    "values_for",
]
