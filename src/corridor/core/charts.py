"""Charts: one Vega-Lite spec for the web page and the PDF report.

Specs are built as plain dicts and rendered to SVG on the server with vl-convert, so pages
embed them as ``<img src=…svg>`` (the page's strict CSP does not apply inside an image) and
reports reuse the very same SVG. Every chart page also offers its numbers as a table/CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PALETTE = ["#0b6e4f", "#b3261e", "#1f5fa8", "#d98e04", "#6b4fa0", "#2a9d8f"]
RAG_DOMAIN = ["on_track", "at_risk", "off_track"]
RAG_RANGE = ["#0b6e4f", "#d98e04", "#b3261e"]


def bar_spec(
    rows: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str | None = None,
    title: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    horizontal: bool = False,
    width: int = 560,
    height: int = 260,
    color_domain: Sequence[str] | None = None,
    color_range: Sequence[str] | None = None,
) -> dict:
    enc_x = {"field": x, "type": "nominal", "title": x_title or x, "sort": None}
    enc_y = {"field": y, "type": "quantitative", "title": y_title or y}
    encoding = {"x": enc_y, "y": enc_x} if horizontal else {"x": enc_x, "y": enc_y}
    if color:
        scale = (
            {"domain": list(color_domain), "range": list(color_range)}
            if color_domain and color_range
            else {"range": PALETTE}
        )
        encoding["color"] = {"field": color, "type": "nominal", "scale": scale}
        if not horizontal:
            encoding["xOffset"] = {"field": color}
    else:
        encoding["color"] = {"value": PALETTE[0]}
    return _spec(rows, {"type": "bar", "tooltip": True}, encoding, title, width, height)


def line_spec(
    rows: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str | None = None,
    title: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    x_type: str = "ordinal",
    width: int = 560,
    height: int = 260,
) -> dict:
    encoding = {
        "x": {"field": x, "type": x_type, "title": x_title or x},
        "y": {"field": y, "type": "quantitative", "title": y_title or y},
    }
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "scale": {"range": PALETTE}}
    else:
        encoding["color"] = {"value": PALETTE[0]}
    return _spec(rows, {"type": "line", "point": True, "tooltip": True}, encoding, title, width, height)


def _spec(rows, mark, encoding, title, width, height) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": width,
        "height": height,
        "data": {"values": [dict(r) for r in rows]},
        "mark": mark,
        "encoding": encoding,
        "config": {"font": "DejaVu Sans, sans-serif", "view": {"stroke": None}},
    }


def to_svg(spec: dict) -> str:
    """Render a Vega-Lite spec to an SVG string (no network, no browser)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)
