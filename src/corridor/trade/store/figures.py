# ruff: noqa: S608 - SQL is assembled from our own identifiers (file paths we name, header columns quoted by _q); values are bound parameters.
"""World and WDI figures: the world summary of a release (for RCA, complementarity and trade
intensity) and World Bank WDI series."""

from __future__ import annotations

from pathlib import Path

from .paths import _scan, reading


def world_years(path: Path) -> list[int]:
    with reading() as con:
        return [
            int(r[0]) for r in con.execute(f"SELECT DISTINCT year FROM {_scan(path)} ORDER BY 1").fetchall()
        ]


def world_slice(path: Path, *, year: int) -> dict[tuple[str, str], dict[str, float]]:
    """One year of a world summary: ``{(kind, country): {code: value}}`` (see ``write_world_extract``)."""
    with reading() as con:
        rows = con.execute(
            f"SELECT kind, country, cmd_code, value FROM {_scan(path)} WHERE year = $y", {"y": year}
        ).fetchall()
    out: dict[tuple[str, str], dict[str, float]] = {}
    for kind, country, code, value in rows:
        out.setdefault((kind, country), {})[code] = float(value)
    return out


def world_product_values(path: Path, *, year: int) -> dict[str, float]:
    with reading() as con:
        rows = con.execute(
            f"SELECT cmd_code, sum(value) FROM {_scan(path)} WHERE year = $y AND month = 0 AND flow = 'X' "
            "AND level = 6 AND partner <> 'WLD' GROUP BY 1",
            {"y": year},
        ).fetchall()
    return {r[0]: float(r[1]) for r in rows}


def wdi_values(
    paths: list[Path], *, indicators: list[str], countries: list[str], max_year: int | None = None
) -> list[tuple[str, str, int, float]]:
    """(indicator, country3, year, value) rows from WDI releases, the first path winning when two
    releases hold the same (indicator, country, year). ``countries`` are ISO alpha-3 or ``WLD``."""
    paths = [Path(p) for p in paths if Path(p).exists()]
    if not paths:
        return []
    files = "[" + ", ".join(f"'{p.as_posix()}'" for p in paths) + "]"
    order = " ".join(f"WHEN '{p.as_posix()}' THEN {i}" for i, p in enumerate(paths))
    with reading() as con:
        rows = con.execute(
            f"""SELECT indicator, country3, year, value FROM (
                SELECT *, row_number() OVER (PARTITION BY indicator, country3, year
                    ORDER BY CASE filename {order} END) AS rn
                FROM read_parquet({files}, filename = true)
                WHERE list_contains($i, indicator) AND list_contains($c, country3)
                  AND ($y IS NULL OR year <= $y)
            ) WHERE rn = 1 ORDER BY 1, 2, 3""",
            {"i": indicators, "c": countries, "y": max_year},
        ).fetchall()
    return [(r[0], r[1], int(r[2]), float(r[3])) for r in rows]


def wdi_value(path: Path, *, indicator: str, country3: str, year: int) -> float | None:
    with reading() as con:
        row = con.execute(
            f"SELECT value FROM {_scan(path)} WHERE indicator = $i AND country3 = $c AND year = $y",
            {"i": indicator, "c": country3, "y": year},
        ).fetchone()
    return float(row[0]) if row else None
