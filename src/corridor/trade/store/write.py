# ruff: noqa: S608 - SQL is assembled from our own identifiers (file paths we name, header columns quoted by _q); values are bound parameters.
"""Writing the store: validate a Comtrade, BACI or WDI CSV and write it as Parquet.

Flow Parquet schema (one file per release)::

    year SMALLINT, month TINYINT (0 = annual), reporter VARCHAR (ISO alpha-2), partner VARCHAR
    (ISO alpha-2 or 'WLD'), flow VARCHAR ('X' reporter's exports, 'M' reporter's imports),
    cmd_code VARCHAR ('TOTAL' or an HS code of 2, 4 or 6 digits), level TINYINT (0, 2, 4, 6),
    section VARCHAR (HS section numeral), value DOUBLE (USD), qty DOUBLE, net_wgt DOUBLE

BACI rows are stored with the exporter as reporter and flow 'X' (BACI reconciles both sides).

Validation runs as SQL over the raw CSV (anti-joins against the country and HS tables), so a
10-million-row BACI year is checked and written without Python touching each row.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.conf import settings

from .paths import MAX_REPORTED_ERRORS, Progress, connect, pair_path, world_path

#: Comtrade flow codes that are not plain exports/imports: skipped, not errors.
SKIPPED_FLOWS = ("RX", "RM", "DX", "FM", "MIP", "XIP", "MOP", "XOP", "MFR", "XFR")
#: World Bank regional and income aggregates (and non-ISO economies) found in WDI files.
WDI_AGGREGATES = frozenset(
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN "
    "LDC LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA "
    "TSS UMC WLD XKX CHI".split()
)

#: Our World in Data grapher exports (Entity,Code,Year,<title>) mapped to their WDI codes.
#: OWID regions (no code, or OWID_*) are kept like WDI aggregates, without an ISO code.
OWID_INDICATORS = {
    "individuals using the internet (% of population)": "IT.NET.USER.ZS",
}


@dataclass
class ImportOutcome:
    rows: int = 0
    skipped: int = 0
    year_min: int | None = None
    year_max: int | None = None
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0  # bad rows (a row with two problems counts once)

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def _columns(con, path: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "DESCRIBE SELECT * FROM read_csv(?, all_varchar=true, header=true)", [path]
        ).fetchall()
    ]


def _pick(cols: list[str], *names: str) -> str | None:
    lower = {c.lower(): c for c in cols}
    for n in names:
        if n.lower() in lower:
            return lower[n.lower()]
    return None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _file_error(problem: str) -> ImportOutcome:
    return ImportOutcome(errors=[{"row": None, "field": "", "problem": problem}], error_count=1)


def _collect_errors(con, checks: list[tuple[str, str, str]]) -> tuple[list[dict], int]:
    """Run (field, SQL condition over ``norm``, message SQL) checks; return reported problems
    ordered by row and the number of distinct bad rows."""
    if not checks:
        return [], 0
    union = " UNION ALL ".join(
        f"SELECT line, '{fld}' AS field, {msg} AS problem FROM norm WHERE {cond}" for fld, cond, msg in checks
    )
    con.execute(f"CREATE TEMP TABLE problems AS {union}")
    count = con.execute("SELECT count(DISTINCT line) FROM problems").fetchone()[0]
    rows = con.execute(
        f"SELECT line, field, problem FROM problems ORDER BY line, field LIMIT {MAX_REPORTED_ERRORS}"
    ).fetchall()
    return [{"row": int(r[0]), "field": r[1], "problem": r[2]} for r in rows], int(count)


def import_flows(
    csv_path: str | os.PathLike,
    fmt: str,
    out_path: str | os.PathLike,
    *,
    expected_year: int | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Validate a Comtrade or BACI CSV and, if every row is valid, write it as Parquet.

    Nothing is written when any row is bad. Row numbers are file line numbers (header = 1).
    """
    progress = progress or (lambda pct, msg: None)
    path = str(csv_path)
    con = connect()
    try:
        try:
            cols = _columns(con, path)
        except duckdb.Error as exc:
            return _file_error(f"Not a readable CSV file: {exc}")
        spec = _flow_spec(fmt, cols)
        if isinstance(spec, str):
            return _file_error(spec)
        progress(10, "reading")
        select = ", ".join(f"{expr} AS {alias}" for alias, expr in spec["raw"].items())
        try:
            done = _fast_path(con, path, select, spec, fmt, Path(out_path), expected_year)
        except duckdb.Error as exc:
            return _file_error(f"The file could not be read as CSV: {exc}")
        if done is not None:
            progress(95, "written")
            return done
        # Some row is bad: materialise the raw text with line numbers to report every problem.
        progress(40, "validating")
        try:
            con.execute(
                f"CREATE TABLE raw AS SELECT {select} FROM read_csv(?, all_varchar=true, header=true)", [path]
            )
        except duckdb.Error as exc:
            return _file_error(f"The file could not be read as CSV: {exc}")
        progress(40, "validating")
        this_year = dt.date.today().year
        code_expr = _code_expr(fmt)
        con.execute(
            f"""
            CREATE TABLE norm AS
            SELECT raw.rowid + 2 AS line, year_raw, rep_raw, par_raw, code_raw, value_raw, flow_raw,
                   TRY_CAST(year_raw AS INTEGER) AS year, month_raw,
                   r.iso2 AS reporter, p.iso2 AS partner,
                   {code_expr} AS code,
                   TRY_CAST(value_raw AS DOUBLE) * {spec["scale"]} AS value,
                   TRY_CAST(qty_raw AS DOUBLE) AS qty, TRY_CAST(wgt_raw AS DOUBLE) AS net_wgt
            FROM raw
            LEFT JOIN countries r ON r.alias = upper(raw.rep_raw)
            LEFT JOIN countries p ON p.alias = upper(raw.par_raw)
            """
        )
        con.execute(
            "CREATE TABLE normh AS SELECT norm.*, hs.level AS hs_level, hs.section FROM norm "
            "LEFT JOIN hs ON hs.code = norm.code"
        )
        con.execute("DROP TABLE norm")
        con.execute("ALTER TABLE normh RENAME TO norm")
        f = spec["names"]
        code_pattern = "[0-9]{6}" if fmt == "baci" else "[0-9]{2}|[0-9]{4}|[0-9]{6}|TOTAL"
        skip = "flow_raw IN (" + ",".join(f"'{s}'" for s in SKIPPED_FLOWS) + ")"
        checks = [
            (f["year"], "year IS NULL", "'not a year: ''' || coalesce(year_raw, '') || ''''"),
            (
                f["year"],
                f"year IS NOT NULL AND (year < 1962 OR year > {this_year})",
                f"'year out of range (1962–{this_year}): ' || year",
            ),
            (f["reporter"], "reporter IS NULL", "'unknown country code ''' || coalesce(rep_raw, '') || ''''"),
            (f["reporter"], "reporter = 'WLD'", "'the world cannot be a reporter'"),
            (f["partner"], "partner IS NULL", "'unknown country code ''' || coalesce(par_raw, '') || ''''"),
            (
                f["code"],
                f"NOT regexp_full_match(coalesce(code, ''), '{code_pattern}')",
                "'malformed HS code ''' || coalesce(code_raw, '') || ''''",
            ),
            (
                f["code"],
                f"regexp_full_match(coalesce(code, ''), '{code_pattern}') AND code <> 'TOTAL' AND hs_level IS NULL",
                "'unknown HS code ''' || code || ''' (not in HS 2022)'",
            ),
            (f["value"], "value IS NULL", "'not a number: ''' || coalesce(value_raw, '') || ''''"),
            (f["value"], "value < 0", "'negative value: ' || value_raw"),
        ]
        if expected_year:
            checks.append(
                (
                    f["year"],
                    f"year IS NOT NULL AND year <> {int(expected_year)}",
                    f"'wrong year ' || year || ', the release is for {int(expected_year)}'",
                )
            )
        if fmt == "comtrade":
            checks.append(
                (
                    f["flow"],
                    f"NOT (flow_raw IN ('X', 'M') OR {skip})",
                    "'unknown flow code ''' || coalesce(flow_raw, '') || ''' (expected X or M)'",
                )
            )
        errors, count = _collect_errors(con, checks)
        if not count:  # pragma: no cover - the fast path and this report must agree
            return _file_error("The file failed a check that no row explains; please report this file.")
        return ImportOutcome(errors=errors, error_count=count)
    finally:
        con.close()


def _code_expr(fmt: str) -> str:
    # BACI files written by tools that read k as a number lose the leading zero: pad 5 digits.
    if fmt == "baci":
        return "CASE WHEN regexp_full_match(code_raw, '[0-9]{5}') THEN '0' || code_raw ELSE code_raw END"
    return "upper(code_raw)"


def _fast_path(con, path, select, spec, fmt, out: Path, expected_year) -> ImportOutcome | None:
    """One pass for a clean file: parse, type, join the reference tables and write Parquet; then
    count bad rows on the (columnar) result. Returns None, writing nothing, if any row is bad."""
    this_year = dt.date.today().year
    skip = "flow_raw IN (" + ",".join(f"'{s}'" for s in SKIPPED_FLOWS) + ")"
    keep = f"NOT ({skip})" if fmt == "comtrade" else "TRUE"
    flow = "flow_raw" if fmt == "comtrade" else "'X'"
    month = "CASE WHEN length(month_raw) = 6 THEN TRY_CAST(substr(month_raw, 5, 2) AS TINYINT) ELSE 0 END"
    code_pattern = "[0-9]{6}" if fmt == "baci" else "[0-9]{2}|[0-9]{4}|[0-9]{6}|TOTAL"
    tmp = out.with_suffix(".part")
    if fmt == "baci":
        # Typed parsing (integers and doubles) is several times faster than text; any value that
        # does not parse sends the file to the reporting path, which names the row. The checks run
        # inside the write (a bad row aborts it, then the reporting path names every bad row), the
        # HS join is on integers, checked back against the code as written (so "0x2789", "+10121"
        # or "10_121" are malformed, as the reporting path says), and the country and section
        # columns are enums: one pass, no second read of the written file.
        n = spec["names"]
        types = {
            n["year"]: "INTEGER",
            n["reporter"]: "INTEGER",
            n["partner"]: "INTEGER",
            n["code"]: "VARCHAR",
            n["value"]: "DOUBLE",
        }
        qcol = spec.get("qty")
        if qcol:
            types[qcol] = "VARCHAR"
        type_sql = "{" + ", ".join(f"'{k}': '{v}'" for k, v in types.items()) + "}"
        _baci_lookups(con)
        year, code, value = _q(n["year"]), _q(n["code"]), _q(n["value"])
        bad = (
            f"{year} IS NULL OR {year} < 1962 OR {year} > {this_year} OR r.iso2 IS NULL OR p.iso2 IS NULL"
            f" OR h.code IS NULL OR h.code <> lpad(trim({code}), 6, '0') OR {value} IS NULL OR {value} < 0"
        )
        if expected_year:
            bad += f" OR {year} <> {int(expected_year)}"
        try:
            con.execute(
                f"""
                COPY (
                    SELECT CASE WHEN {bad} THEN error('bad row') ELSE {year} END AS year, 0::TINYINT AS month,
                           r.iso2 AS reporter, p.iso2 AS partner, 'X' AS flow, h.code AS cmd_code,
                           6::TINYINT AS level, h.section, {value} * 1000 AS value,
                           {"TRY_CAST(" + _q(qcol) + " AS DOUBLE)" if qcol else "NULL::DOUBLE"} AS qty, NULL::DOUBLE AS net_wgt
                    FROM read_csv(?, header=true, types={type_sql}) c
                    LEFT JOIN baci_countries r ON r.num = c.{_q(n["reporter"])}
                    LEFT JOIN baci_countries p ON p.num = c.{_q(n["partner"])}
                    LEFT JOIN baci_hs6 h ON h.num = TRY_CAST(c.{code} AS INTEGER)
                ) TO '{tmp.as_posix()}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)
                """,
                [path],
            )
        except duckdb.Error:
            tmp.unlink(missing_ok=True)
            return None
        rows, ymin, ymax = con.execute(
            f"SELECT count(*), min(year), max(year) FROM read_parquet('{tmp.as_posix()}')"
        ).fetchone()
        return _finish(con, tmp, out, rows=rows, ymin=ymin, ymax=ymax, skipped=0)
    else:
        con.execute(
            f"""
        COPY (
            SELECT TRY_CAST(year_raw AS INTEGER) AS year, coalesce({month}, 0)::TINYINT AS month,
                   r.iso2 AS reporter, p.iso2 AS partner, {flow} AS flow, c.code AS cmd_code,
                   (CASE WHEN c.code = 'TOTAL' THEN 0 ELSE hs.level END)::TINYINT AS level, hs.section,
                   TRY_CAST(value_raw AS DOUBLE) * {spec["scale"]} AS value,
                   TRY_CAST(qty_raw AS DOUBLE) AS qty, TRY_CAST(wgt_raw AS DOUBLE) AS net_wgt
            FROM (SELECT *, {_code_expr(fmt)} AS code FROM (SELECT {select} FROM read_csv(?, all_varchar=true, header=true))) c
            LEFT JOIN countries r ON r.alias = upper(c.rep_raw)
            LEFT JOIN countries p ON p.alias = upper(c.par_raw)
            LEFT JOIN hs ON hs.code = c.code
            WHERE {keep}
        ) TO '{tmp.as_posix()}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)
        """,
            [path],
        )
    bad = f"""year IS NULL OR year < 1962 OR year > {this_year} OR reporter IS NULL OR reporter = 'WLD'
        OR partner IS NULL OR NOT regexp_full_match(coalesce(cmd_code, ''), '{code_pattern}')
        OR (cmd_code <> 'TOTAL' AND level IS NULL) OR value IS NULL OR value < 0
        OR flow NOT IN ('X', 'M')"""
    if expected_year:
        bad += f" OR year <> {int(expected_year)}"
    n_bad, rows, ymin, ymax = con.execute(
        f"SELECT count(*) FILTER (WHERE {bad}), count(*), min(year), max(year) FROM read_parquet('{tmp.as_posix()}')"
    ).fetchone()
    if n_bad:
        tmp.unlink(missing_ok=True)
        return None
    skipped = 0
    if fmt == "comtrade":
        skipped = con.execute(
            f"SELECT count(*) FROM (SELECT {select} FROM read_csv(?, all_varchar=true, header=true)) WHERE {skip}",
            [path],
        ).fetchone()[0]
    return _finish(con, tmp, out, rows=rows, ymin=ymin, ymax=ymax, skipped=skipped)


def _finish(con, tmp: Path, out: Path, *, rows, ymin, ymax, skipped) -> ImportOutcome:
    """Put a checked release in place and write its pair and world extracts."""
    os.replace(tmp, out)
    write_pair_extract(con, out)
    write_world_extract(con, out)
    return ImportOutcome(rows=int(rows), skipped=int(skipped), year_min=ymin, year_max=ymax)


def _baci_lookups(con) -> None:
    """Integer-keyed lookups for the BACI write: numeric country code → ISO alpha-2, and HS6 code
    (as an integer) → its code and section; country and section values as enums."""
    isos = [
        r[0] for r in con.execute("SELECT DISTINCT iso2 FROM countries_num WHERE iso2 IS NOT NULL").fetchall()
    ]
    sections = [
        r[0] for r in con.execute("SELECT DISTINCT section FROM hs WHERE section IS NOT NULL").fetchall()
    ]
    con.execute("CREATE TYPE baci_iso AS ENUM (SELECT unnest(?::VARCHAR[]))", [sorted(isos)])
    con.execute("CREATE TYPE baci_section AS ENUM (SELECT unnest(?::VARCHAR[]))", [sorted(sections)])
    con.execute("CREATE TEMP TABLE baci_countries AS SELECT num, iso2::baci_iso AS iso2 FROM countries_num")
    con.execute(
        "CREATE TEMP TABLE baci_hs6 AS SELECT code::INTEGER AS num, code, section::baci_section AS section "
        "FROM hs WHERE level = 6 AND regexp_full_match(code, '[0-9]{6}')"
    )


def write_pair_extract(con, out: Path) -> None:
    """The dashboard reads only the partner pair: a small sorted extract written at import keeps
    its queries in milliseconds whatever the size of the release (a world BACI year included)."""
    partners = ", ".join(f"'{c}'" for c in settings.PARTNER_COUNTRIES)
    con.execute(
        f"""COPY (SELECT * FROM read_parquet('{out.as_posix()}')
            WHERE reporter IN ({partners}) AND partner IN ({partners}) AND reporter <> partner
            ORDER BY year, reporter, partner, cmd_code)
            TO '{pair_path(out).as_posix()}' (FORMAT parquet, COMPRESSION zstd)"""
    )


def write_world_extract(con, out: Path) -> bool:
    """Summarise a world release (reporters beyond the partner pair, e.g. a BACI year) for the
    world-relative measures: per year, from exporter-reported flows at the finest HS level,

    - ``X`` each partner's exports to the world by product, ``M`` each partner's imports by
      product (mirror: everybody's exports to it), ``W`` world exports by product,
    - ``B`` bilateral totals between the partners (``cmd_code`` holds the importer).

    A few thousand rows per year, so the dashboard never scans the full release."""
    src = f"read_parquet('{out.as_posix()}')"
    partners = ", ".join(f"'{c}'" for c in settings.PARTNER_COUNTRIES)
    reporters = con.execute(
        f"SELECT count(DISTINCT reporter) FILTER (WHERE reporter NOT IN ({partners})) FROM {src} WHERE flow = 'X'"
    ).fetchone()[0]
    target = world_path(out)
    if not reporters:
        target.unlink(missing_ok=True)
        target.with_suffix(".none").touch()  # checked once: not a world release
        return False
    con.execute(
        f"""COPY (
            WITH f AS (
                SELECT year, reporter, partner, cmd_code, value FROM {src}
                WHERE flow = 'X' AND month = 0 AND partner <> 'WLD' AND reporter <> partner
                  AND level = (SELECT max(level) FROM {src} WHERE flow = 'X' AND level > 0)
            )
            SELECT year, 'X' AS kind, reporter AS country, cmd_code, sum(value) AS value FROM f
            WHERE reporter IN ({partners}) GROUP BY ALL
            UNION ALL
            SELECT year, 'M', partner, cmd_code, sum(value) FROM f WHERE partner IN ({partners}) GROUP BY ALL
            UNION ALL
            SELECT year, 'W', 'WLD', cmd_code, sum(value) FROM f GROUP BY ALL
            UNION ALL
            SELECT year, 'B', reporter, partner, sum(value) FROM f
            WHERE reporter IN ({partners}) AND partner IN ({partners}) GROUP BY ALL
            ORDER BY 1, 2, 3, 4
        ) TO '{target.as_posix()}' (FORMAT parquet, COMPRESSION zstd)"""
    )
    return True


def ensure_world_extract(path: Path) -> Path | None:
    """The world summary of a flow release, written once for releases imported before it existed."""
    target = world_path(path)
    if target.exists():
        return target
    marker = target.with_suffix(".none")
    if marker.exists() or not Path(path).exists():
        return None
    con = connect()
    try:
        if write_world_extract(con, Path(path)):
            return target
    finally:
        con.close()
    marker.touch()
    return None


def _flow_spec(fmt: str, cols: list[str]) -> dict | str:
    def col(*names):
        c = _pick(cols, *names)
        return c

    if fmt == "baci":
        need = {"t": col("t"), "i": col("i"), "j": col("j"), "k": col("k"), "v": col("v")}
        missing = [k for k, v in need.items() if v is None]
        if missing:
            return f"Missing BACI column(s): {', '.join(missing)} (expected t,i,j,k,v,q)."
        q = col("q")
        return {
            "raw": {
                "year_raw": f"trim({_q(need['t'])})",
                "month_raw": "NULL::VARCHAR",
                "rep_raw": f"trim({_q(need['i'])})",
                "par_raw": f"trim({_q(need['j'])})",
                "flow_raw": "'X'",
                "code_raw": f"trim({_q(need['k'])})",
                "value_raw": f"trim({_q(need['v'])})",
                "qty_raw": f"trim({_q(q)})" if q else "NULL::VARCHAR",
                "wgt_raw": "NULL::VARCHAR",
            },
            "scale": 1000,  # BACI values are in thousands of USD
            "qty": q,
            "names": {
                "year": need["t"],
                "reporter": need["i"],
                "partner": need["j"],
                "code": need["k"],
                "value": need["v"],
                "flow": "",
            },
        }
    if fmt == "comtrade":
        year, period = col("refYear"), col("period")
        rep_iso, rep_code = col("reporterISO"), col("reporterCode")
        par_iso, par_code = col("partnerISO"), col("partnerCode")
        flow, cmd, value = col("flowCode"), col("cmdCode"), col("primaryValue")
        missing = [
            n
            for n, ok in [
                ("refYear or period", year or period),
                ("reporterISO or reporterCode", rep_iso or rep_code),
                ("partnerISO or partnerCode", par_iso or par_code),
                ("flowCode", flow),
                ("cmdCode", cmd),
                ("primaryValue", value),
            ]
            if not ok
        ]
        if missing:
            return f"Missing Comtrade column(s): {', '.join(missing)}."

        def either(iso, code):
            if iso and code:
                return f"coalesce(nullif(trim({_q(iso)}), ''), trim({_q(code)}))"
            return f"trim({_q(iso or code)})"

        qty, wgt = col("qty"), col("netWgt")
        return {
            "raw": {
                "year_raw": f"trim({_q(year)})" if year else f"substr(trim({_q(period)}), 1, 4)",
                "month_raw": f"trim({_q(period)})" if period else "NULL::VARCHAR",
                "rep_raw": either(rep_iso, rep_code),
                "par_raw": either(par_iso, par_code),
                "flow_raw": f"upper(trim({_q(flow)}))",
                "code_raw": f"trim({_q(cmd)})",
                "value_raw": f"trim({_q(value)})",
                "qty_raw": f"trim({_q(qty)})" if qty else "NULL::VARCHAR",
                "wgt_raw": f"trim({_q(wgt)})" if wgt else "NULL::VARCHAR",
            },
            "scale": 1,
            "names": {
                "year": year or period,
                "reporter": rep_iso or rep_code,
                "partner": par_iso or par_code,
                "code": cmd,
                "value": value,
                "flow": flow,
            },
        }
    return f"Unknown flow format {fmt!r}."


def import_wdi(
    csv_path: str | os.PathLike,
    out_path: str | os.PathLike,
    *,
    file_name: str = "",
    progress: Progress | None = None,
) -> ImportOutcome:
    """Validate a WDI CSV, long (indicator_code, country_code, year, value, …) or one indicator
        for all countries (Country Code, Year, Value; the indicator is the file name, e.g.
        ``tm.val.mrch.cd.wt.csv``), or an Our World in Data export (Entity, Code, Year, <title>; the
    title maps to a WDI code through ``OWID_INDICATORS``), and write it as Parquet (indicator,
    country3, iso2, year, value)."""
    progress = progress or (lambda pct, msg: None)
    path = str(csv_path)
    con = connect()
    try:
        try:
            cols = _columns(con, path)
        except duckdb.Error as exc:
            return _file_error(f"Not a readable CSV file: {exc}")
        ind, country, year, value = (
            _pick(cols, "indicator_code", "Indicator Code"),
            _pick(cols, "country_code", "Country Code"),
            _pick(cols, "year", "Year"),
            _pick(cols, "value", "Value"),
        )
        owid = None
        if not (ind or country or value) and len(cols) == 4 and _pick(cols, "Entity") and _pick(cols, "Code"):
            # Our World in Data grapher export: Entity,Code,Year,<indicator title>.
            owid = cols[3]
            code = OWID_INDICATORS.get(owid.strip().lower())
            if code is None:
                return _file_error(
                    f"Unknown Our World in Data column {owid!r}; known: " + ", ".join(sorted(OWID_INDICATORS))
                )
            country, value = _pick(cols, "Code"), owid
        if not (country and year and value):
            return _file_error(
                "Missing WDI column(s): expected country_code, year, value (and indicator_code)."
            )
        if owid:
            ind_expr = f"'{OWID_INDICATORS[owid.strip().lower()]}'"
        elif ind:
            ind_expr = f"upper(trim({_q(ind)}))"
        else:
            stem = Path(file_name or path).name.lower().removesuffix(".csv")
            stem = re.sub(r"^[0-9a-f]{8,}-", "", stem)
            if not re.fullmatch(r"[a-z0-9]+(\.[a-z0-9]+)+", stem):
                return _file_error(
                    "No indicator_code column, and the file name is not an indicator code such as tm.val.mrch.cd.wt.csv."
                )
            ind_expr = f"'{stem.upper()}'"
        progress(30, "reading")
        con.execute(
            f"""CREATE TABLE raw AS SELECT {ind_expr} AS indicator,
                upper(trim({_q(country)})) AS country3, trim({_q(year)}) AS year_raw,
                trim({_q(value)}) AS value_raw FROM read_csv(?, all_varchar=true, header=true)""",
            [path],
        )
        con.execute(
            """CREATE TABLE norm AS SELECT rowid + 2 AS line, *, TRY_CAST(year_raw AS INTEGER) AS year,
               TRY_CAST(value_raw AS DOUBLE) AS value FROM raw"""
        )
        con.register("aggregates", __import__("pyarrow").table({"code": sorted(WDI_AGGREGATES)}))
        progress(60, "validating")
        this_year = dt.date.today().year
        checks = [
            (
                country,
                "country3 NOT IN (SELECT alias FROM countries WHERE length(alias) = 3 AND NOT regexp_full_match(alias, '[0-9]+')) AND country3 NOT IN (SELECT code FROM aggregates)"
                + (" AND country3 <> '' AND NOT starts_with(country3, 'OWID_')" if owid else ""),
                "'unknown country code ''' || coalesce(country3, '') || ''''",
            ),
            (year, "year IS NULL", "'not a year: ''' || coalesce(year_raw, '') || ''''"),
            (
                year,
                f"year IS NOT NULL AND (year < 1960 OR year > {this_year})",
                f"'year out of range (1960–{this_year}): ' || year",
            ),
            (
                value,
                "value IS NULL AND coalesce(value_raw, '') <> ''",
                "'not a number: ''' || value_raw || ''''",
            ),
        ]
        if ind:
            checks.append(
                (
                    ind,
                    "NOT regexp_full_match(indicator, '[A-Z0-9]+(\\.[A-Z0-9]+)+')",
                    "'malformed indicator code ''' || coalesce(indicator, '') || ''''",
                )
            )
        errors, count = _collect_errors(con, checks)
        if count:
            return ImportOutcome(errors=errors, error_count=count)
        out = Path(out_path)
        tmp = out.with_suffix(".part")
        con.execute(
            f"""COPY (SELECT indicator, country3, c.iso2, year::SMALLINT AS year, value FROM norm
                LEFT JOIN countries c ON c.alias = norm.country3
                WHERE value IS NOT NULL ORDER BY indicator, country3, year)
                TO '{tmp.as_posix()}' (FORMAT parquet, COMPRESSION zstd)"""
        )
        rows, ymin, ymax = con.execute(
            "SELECT count(*) FILTER (WHERE value IS NOT NULL), min(year), max(year) FROM norm"
        ).fetchone()
        os.replace(tmp, out)
        return ImportOutcome(rows=int(rows), year_min=ymin, year_max=ymax)
    finally:
        con.close()
