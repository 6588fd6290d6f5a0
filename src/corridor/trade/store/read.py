# ruff: noqa: S608 - SQL is assembled from our own identifiers (file paths we name, header columns quoted by _q); values are bound parameters.
"""Reading a flow release for the dashboard: totals by direction, the years, the HS breakdown and
product values, from the small corridor extract (``.pair.parquet``) when it exists."""

from __future__ import annotations

import re
from pathlib import Path

from .paths import _pair, _scan, reading


def direction_values(path: Path, a: str, b: str) -> list[dict]:
    """Per year and direction, the exporter-reported and importer-reported totals.

    Only one HS level counts per (year, reporter, partner, flow): the TOTAL rows when present,
    else the coarsest level present (chapters sum to the total; mixing levels would double count).
    """
    with reading() as con:
        rows = con.execute(
            f"""
            WITH f AS (
                SELECT year, reporter, partner, flow, level, value FROM {_scan(_pair(path))}
                WHERE ((reporter = $a AND partner = $b) OR (reporter = $b AND partner = $a)) AND month = 0
            ), lv AS (
                SELECT year, reporter, partner, flow, min(level) AS level FROM f GROUP BY ALL
            ), tot AS (
                SELECT f.year, f.reporter, f.partner, f.flow, sum(f.value) AS value FROM f
                JOIN lv USING (year, reporter, partner, flow, level) GROUP BY ALL
            )
            SELECT year,
                   CASE WHEN flow = 'X' THEN reporter ELSE partner END AS exporter,
                   CASE WHEN flow = 'X' THEN partner ELSE reporter END AS importer,
                   sum(value) FILTER (WHERE flow = 'X') AS exporter_reported,
                   sum(value) FILTER (WHERE flow = 'M') AS importer_reported
            FROM tot GROUP BY ALL ORDER BY year, exporter
            """,
            {"a": a, "b": b},
        ).fetchall()
    return [
        {
            "year": int(r[0]),
            "exporter": r[1],
            "importer": r[2],
            "exporter_reported": r[3],
            "importer_reported": r[4],
        }
        for r in rows
    ]


def years(path: Path) -> list[int]:
    with reading() as con:
        return [
            int(r[0])
            for r in con.execute(f"SELECT DISTINCT year FROM {_scan(_pair(path))} ORDER BY 1").fetchall()
        ]


def breakdown(
    path: Path, *, year: int, exporter: str, importer: str, parent: str | None = None
) -> list[dict]:
    """Value of one direction in one year, broken down one level below ``parent``.

    ``parent`` None → HS sections; a section numeral → chapters; a chapter (2 digits) →
    headings; a heading (4 digits) → HS6. Uses the exporter's report of the flow when it
    exists, else the importer's (mirror), and the finest HS level available in the release.
    """
    if parent is None:
        key, where, min_level = "section", "TRUE", 2
    elif re.fullmatch(r"[IVXL]+", parent):
        key, where, min_level = "substr(cmd_code, 1, 2)", "section = $parent", 2
    elif re.fullmatch(r"[0-9]{2}", parent):
        key, where, min_level = "substr(cmd_code, 1, 4)", "starts_with(cmd_code, $parent)", 4
    elif re.fullmatch(r"[0-9]{4}", parent):
        key, where, min_level = "cmd_code", "starts_with(cmd_code, $parent)", 6
    else:
        raise ValueError("parent must be an HS section, chapter or heading")
    params = {"y": year, "a": exporter, "b": importer}
    if parent is not None:
        params["parent"] = parent
    with reading() as con:
        rows = con.execute(
            f"""
            WITH f AS (
                SELECT 'X' AS side, cmd_code, level, section, value FROM {_scan(_pair(path))}
                WHERE year = $y AND month = 0 AND reporter = $a AND partner = $b AND flow = 'X' AND level >= 2
                UNION ALL
                SELECT 'M', cmd_code, level, section, value FROM {_scan(_pair(path))}
                WHERE year = $y AND month = 0 AND reporter = $b AND partner = $a AND flow = 'M' AND level >= 2
            ), pick AS (
                SELECT side, max(level) AS level FROM f GROUP BY side
            ), chosen AS (
                SELECT f.* FROM f JOIN pick USING (side, level)
                WHERE f.side = (SELECT max(side) FROM pick) AND f.level >= {min_level}  -- 'X' (exporter's report) before 'M' (mirror)
            )
            SELECT {key} AS code, sum(value) AS value FROM chosen WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1
            """,
            params,
        ).fetchall()
    return [{"code": r[0], "value": float(r[1])} for r in rows]


def product_values(path: Path, *, year: int, exporter: str, importer: str | None = None) -> dict[str, float]:
    """HS6 export values of ``exporter`` in ``year`` (to ``importer``, or to everyone)."""
    where = "reporter = $a AND flow = 'X' AND level = 6 AND year = $y AND month = 0"
    params = {"a": exporter, "y": year}
    if importer:
        where += " AND partner = $b"
        params["b"] = importer
    else:
        where += " AND partner <> 'WLD'"
    with reading() as con:
        rows = con.execute(
            f"SELECT cmd_code, sum(value) FROM {_scan(path)} WHERE {where} GROUP BY 1", params
        ).fetchall()
    return {r[0]: float(r[1]) for r in rows}


def product_codes(path: Path, *, year: int, exporter: str, importer: str) -> dict[str, float]:
    """One direction's values at the finest HS level in the release (exporter's report, else the
    importer's mirror report), by code: what the HS→sector map is applied to."""
    with reading() as con:
        rows = con.execute(
            f"""
            WITH f AS (
                SELECT 'X' AS side, cmd_code, level, value FROM {_scan(_pair(path))}
                WHERE year = $y AND month = 0 AND reporter = $a AND partner = $b AND flow = 'X' AND level >= 2
                UNION ALL
                SELECT 'M', cmd_code, level, value FROM {_scan(_pair(path))}
                WHERE year = $y AND month = 0 AND reporter = $b AND partner = $a AND flow = 'M' AND level >= 2
            ), pick AS (SELECT side, max(level) AS level FROM f GROUP BY side)
            SELECT cmd_code, sum(value) FROM f JOIN pick USING (side, level)
            WHERE f.side = (SELECT max(side) FROM pick) GROUP BY 1
            """,
            {"y": year, "a": exporter, "b": importer},
        ).fetchall()
    return {r[0]: float(r[1]) for r in rows}
