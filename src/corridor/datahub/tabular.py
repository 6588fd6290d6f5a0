# ruff: noqa: S608 - SQL is built from quoted identifiers (_q) and integers; values are bound parameters
"""Tabular files: Frictionless Table Schema inference, validation, preview, profile, Parquet.

Pure functions over a path on disk (no Django), so the benchmark and the background run share
them. DuckDB infers types and computes the profile and duplicate keys with a memory limit;
the CSV structure and cell checks stream row by row with the ``csv`` module, so memory stays
bounded whatever the file's size and every error names its row and column.

Row numbers follow Frictionless: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

TABULAR_FORMATS = {"csv", "parquet", "jsonl"}
MAX_ERRORS = 200
MEMORY_LIMIT = "512MB"

_DUCK_TO_TS = {
    "BOOLEAN": "boolean",
    "TINYINT": "integer",
    "SMALLINT": "integer",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "HUGEINT": "integer",
    "UTINYINT": "integer",
    "USMALLINT": "integer",
    "UINTEGER": "integer",
    "UBIGINT": "integer",
    "FLOAT": "number",
    "DOUBLE": "number",
    "REAL": "number",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "datetime",
    "TIMESTAMP WITH TIME ZONE": "datetime",
    "VARCHAR": "string",
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit='{MEMORY_LIMIT}'")
    con.execute("SET threads=2")
    return con


def relation_sql(fmt: str, *, all_varchar: bool = False) -> str:
    if fmt == "parquet":
        return "read_parquet($path)"
    if fmt == "jsonl":
        return "read_json_auto($path, format='newline_delimited')"
    options = "header=true, sample_size=20480, null_padding=true, ignore_errors=true"
    if all_varchar:
        options += ", all_varchar=true"
    return f"read_csv($path, {options})"


def _ts_type(duck_type: str) -> str:
    base = duck_type.upper().split("(")[0].strip()
    if base.startswith("DECIMAL"):
        return "number"
    if base.endswith("[]") or base.startswith(("STRUCT", "MAP", "LIST")):
        return "array" if base.endswith("[]") or base.startswith("LIST") else "object"
    return _DUCK_TO_TS.get(base, "string")


def infer_schema(path: str | Path, fmt: str) -> dict:
    """A Frictionless Table Schema: names, types, formats and constraints (required, unique,
    minimum/maximum for numbers and dates), plus a primary key when one column is unique and
    never empty."""
    con = _connect()
    try:
        rel = relation_sql(fmt)
        described = con.execute(f"DESCRIBE SELECT * FROM {rel}", {"path": str(path)}).fetchall()
        parts = []
        for name, dtype, *_rest in described:
            c = _q(name)
            parts.append(f"COUNT({c}), approx_count_distinct({c})")
            if _ts_type(dtype) in ("integer", "number", "date", "datetime"):
                parts.append(f"MIN({c}), MAX({c})")
            else:
                parts.append("NULL, NULL")
        stats = con.execute(f"SELECT COUNT(*), {', '.join(parts)} FROM {rel}", {"path": str(path)}).fetchone()
    finally:
        con.close()
    rows = int(stats[0])
    fields = []
    primary_key = None
    for index, (name, dtype, *_rest) in enumerate(described):
        non_null, distinct, low, high = stats[1 + 4 * index : 5 + 4 * index]
        ts_type = _ts_type(dtype)
        field: dict = {"name": name, "type": ts_type, "format": "default"}
        constraints: dict = {}
        if rows and non_null == rows:
            constraints["required"] = True
        # HyperLogLog first (one pass for every column), then an exact check of the candidate.
        if rows and non_null == rows and distinct >= 0.95 * rows and _exactly_unique(path, fmt, name):
            constraints["unique"] = True
            if primary_key is None and ts_type in ("integer", "string"):
                primary_key = name
        if ts_type in ("integer", "number") and low is not None:
            constraints["minimum"] = low if ts_type == "integer" else float(low)
            constraints["maximum"] = high if ts_type == "integer" else float(high)
        if ts_type in ("date", "datetime") and low is not None:
            constraints["minimum"] = low.isoformat()
            constraints["maximum"] = high.isoformat()
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = [primary_key]
    return schema


def _exactly_unique(path, fmt: str, name: str) -> bool:
    con = _connect()
    try:
        c = _q(name)
        row = con.execute(
            f"SELECT COUNT(DISTINCT {c}) = COUNT(*) FROM {relation_sql(fmt)}", {"path": str(path)}
        ).fetchone()
    finally:
        con.close()
    return bool(row[0])


# --- cell checks (Table Schema types) --------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(NaN|INF|-INF)$")
_BOOL = {"true", "false", "True", "False", "TRUE", "FALSE", "1", "0"}


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_time(value: str) -> bool:
    try:
        dt.time.fromisoformat(value)
    except ValueError:
        return False
    return True


CHECKS: dict[str, Callable[[str], bool]] = {
    "integer": lambda v: _INT.match(v) is not None,
    "number": lambda v: _NUM.match(v) is not None,
    "boolean": lambda v: v in _BOOL,
    "date": _is_date,
    "datetime": _is_datetime,
    "time": _is_time,
}


def _error(kind: str, row: int | None, column: str | None, message: str) -> dict:
    return {"type": kind, "row": row, "column": column, "message": message}


def validate(
    path: str | Path,
    fmt: str,
    schema: dict,
    *,
    progress: Callable[[float, str], None] | None = None,
    encoding: str = "utf-8-sig",
) -> dict:
    """A validation report: ``{"valid", "rows", "errors": [{type, row, column, message}], "error_count"}``.

    Errors: ``blank-header``/``header-mismatch``, ``extra-cell``/``missing-cell`` (ragged rows),
    ``type-error``, ``constraint-error`` (required), ``primary-key`` (duplicate keys). At most
    ``MAX_ERRORS`` are listed; ``error_count`` counts them all.
    """
    errors: list[dict] = []
    count = {"n": 0}

    def add(error: dict) -> None:
        count["n"] += 1
        if len(errors) < MAX_ERRORS:
            errors.append(error)

    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    missing_values = set(schema.get("missingValues", [""]))
    rows = 0
    fast = _fast_csv_rows(path, fields, names, missing_values) if fmt == "csv" else None
    if fast is not None:
        rows = fast  # a single vectorised pass found no error: skip the row-by-row pass
    elif fmt == "csv":
        rows = _validate_csv(path, fields, names, missing_values, add, progress, encoding)
    else:
        rows = _validate_typed(path, fmt, fields, add)
    key = schema.get("primaryKey") or []
    if isinstance(key, str):
        key = [key]
    if key and all(k in names for k in key):
        _duplicate_keys(path, fmt, key, add)
    if progress:
        progress(1.0, "validated")
    return {"valid": count["n"] == 0, "rows": rows, "errors": errors, "error_count": count["n"]}


_SQL_CHECKS = {
    "integer": "regexp_full_match({v}, '[+-]?[0-9]+')",
    "number": "regexp_full_match({v}, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF')",
    "boolean": "{v} IN ('true', 'false', 'True', 'False', 'TRUE', 'FALSE', '1', '0')",
    "date": "(regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND TRY_CAST({v} AS DATE) IS NOT NULL)",
}


def _fast_csv_rows(path, fields, names, missing_values) -> int | None:
    """One multi-threaded DuckDB pass over a CSV read as text, strictly (ragged rows raise):
    the row count when the header matches and no cell breaks its type or a required
    constraint; None when anything may be wrong (the row-by-row pass then names it)."""
    if any(f.get("type", "string") not in ("string", *_SQL_CHECKS) for f in fields) or not fields:
        return None
    if set(missing_values) != {""}:
        return None
    columns = "{" + ", ".join(f"'{n.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for n in names) + "}"
    parts = []
    for f in fields:
        v = f"COALESCE({_q(f['name'])}, '')"
        check = _SQL_CHECKS.get(f.get("type", "string"))
        bad = []
        if check:
            bad.append(f"({v} <> '' AND NOT {check.format(v=v)})")
        if f.get("constraints", {}).get("required"):
            bad.append(f"{v} = ''")
        if bad:
            parts.append(f"COUNT(*) FILTER (WHERE {' OR '.join(bad)})")
    con = _connect()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
        if header != names:
            return None
        rel = (
            f"read_csv($path, header=true, auto_detect=false, columns={columns}, strict_mode=true, "
            "null_padding=false, quote='\"', escape='\"', delim=',', skip_blank_lines=false)"
        )
        row = con.execute(
            f"SELECT COUNT(*), {', '.join(parts) or '0'} FROM {rel}", {"path": str(path)}
        ).fetchone()
    except (duckdb.Error, UnicodeDecodeError, OSError):
        return None
    finally:
        con.close()
    if any(row[1:]):
        return None
    return int(row[0])


def _validate_csv(path, fields, names, missing_values, add, progress, encoding) -> int:
    size = max(Path(path).stat().st_size, 1)
    checks = [CHECKS.get(f.get("type", "string")) for f in fields]
    required = [bool(f.get("constraints", {}).get("required")) for f in fields]
    width = len(fields)
    rows = 0
    with open(path, newline="", encoding=encoding, errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            add(_error("blank-header", 1, None, "The file is empty: no header row."))
            return 0
        if header != names:
            for index, name in enumerate(header):
                expected = names[index] if index < width else None
                if name != expected:
                    add(
                        _error(
                            "header-mismatch",
                            1,
                            name or str(index + 1),
                            f"Column {index + 1} is named {name!r}; the schema expects {expected!r}.",
                        )
                    )
            for index in range(len(header), width):
                add(
                    _error(
                        "missing-label",
                        1,
                        names[index],
                        f"Column {names[index]!r} is missing from the header.",
                    )
                )
        row_number = 1
        for record in reader:
            row_number += 1
            rows += 1
            if len(record) != width:
                if not record:
                    add(_error("blank-row", row_number, None, "The row is empty."))
                    continue
                kind = "extra-cell" if len(record) > width else "missing-cell"
                add(
                    _error(
                        kind,
                        row_number,
                        names[min(len(record), width) - 1] if kind == "extra-cell" else names[len(record)],
                        f"The row has {len(record)} cells; the header has {width}.",
                    )
                )
            for index in range(min(len(record), width)):
                value = record[index]
                if value in missing_values:
                    if required[index]:
                        add(_error("constraint-error", row_number, names[index], "A value is required."))
                    continue
                check = checks[index]
                if check is not None and not check(value):
                    add(
                        _error(
                            "type-error",
                            row_number,
                            names[index],
                            f"{value[:60]!r} is not a valid {fields[index].get('type')}.",
                        )
                    )
            if progress and rows % 200_000 == 0:
                progress(min(handle.tell() / size, 0.99) * 0.8, f"{rows:,} rows checked")
    return rows


def _validate_typed(path, fmt, fields, add) -> int:
    con = _connect()
    try:
        rel = relation_sql(fmt)
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}", {"path": str(path)}).fetchall()]
        rows = int(con.execute(f"SELECT COUNT(*) FROM {rel}", {"path": str(path)}).fetchone()[0])
        for f in fields:
            name = f["name"]
            if name not in columns:
                add(_error("missing-label", 1, name, f"Column {name!r} is missing."))
                continue
            if f.get("constraints", {}).get("required"):
                for (rn,) in con.execute(
                    f"SELECT rn FROM (SELECT row_number() OVER () + 1 AS rn, {_q(name)} AS v FROM {rel}) "
                    f"WHERE v IS NULL LIMIT {MAX_ERRORS}",
                    {"path": str(path)},
                ).fetchall():
                    add(_error("constraint-error", int(rn), name, "A value is required."))
    finally:
        con.close()
    return rows


def _duplicate_keys(path, fmt, key: list[str], add) -> None:
    con = _connect()
    try:
        rel = relation_sql(fmt, all_varchar=(fmt == "csv"))
        cols = ", ".join(_q(k) for k in key)
        for values, rns in con.execute(
            f"SELECT [{cols}]::VARCHAR[], list(rn ORDER BY rn) FROM "
            f"(SELECT row_number() OVER () + 1 AS rn, {cols} FROM {rel}) GROUP BY {cols} "
            f"HAVING COUNT(*) > 1 ORDER BY MIN(rn) LIMIT {MAX_ERRORS}",
            {"path": str(path)},
        ).fetchall():
            for rn in rns[1:]:
                add(
                    _error(
                        "primary-key",
                        int(rn),
                        ", ".join(key),
                        f"Duplicate key {tuple(values)!r} (first at row {rns[0]}).",
                    )
                )
    finally:
        con.close()


def preview(path: str | Path, fmt: str, limit: int = 20) -> dict:
    con = _connect()
    try:
        cursor = con.execute(f"SELECT * FROM {relation_sql(fmt)} LIMIT {int(limit)}", {"path": str(path)})
        columns = [d[0] for d in cursor.description]
        rows = [[None if v is None else str(v)[:200] for v in row] for row in cursor.fetchall()]
    finally:
        con.close()
    return {"columns": columns, "rows": rows}


def profile(path: str | Path, fmt: str, *, progress: Callable[[float, str], None] | None = None) -> dict:
    """Rows, and per column: type, nulls, distinct (approximate), min, max, mean — one scan."""
    con = _connect()
    try:
        rel = relation_sql(fmt)
        described = con.execute(f"DESCRIBE SELECT * FROM {rel}", {"path": str(path)}).fetchall()
        if progress:
            progress(0.1, "reading")
        parts = []
        for name, dtype, *_rest in described:
            c = _q(name)
            ts_type = _ts_type(dtype)
            numeric = ts_type in ("integer", "number")
            ordered = numeric or ts_type in ("date", "datetime", "string")
            parts.append(
                f"COUNT(*) - COUNT({c}), approx_count_distinct({c}), "
                f"{f'MIN({c}), MAX({c})' if ordered else 'NULL, NULL'}, {f'AVG({c})' if numeric else 'NULL'}"
            )
        row = con.execute(f"SELECT COUNT(*), {', '.join(parts)} FROM {rel}", {"path": str(path)}).fetchone()
    finally:
        con.close()
    columns = []
    for index, (name, dtype, *_rest) in enumerate(described):
        nulls, distinct, low, high, mean = row[1 + 5 * index : 6 + 5 * index]
        columns.append(
            {
                "name": name,
                "type": _ts_type(dtype),
                "nulls": int(nulls),
                "distinct": int(distinct),
                "min": None if low is None else str(low)[:100],
                "max": None if high is None else str(high)[:100],
                "mean": None if mean is None else round(float(mean), 6),
            }
        )
    if progress:
        progress(1.0, "profiled")
    return {"rows": int(row[0]), "columns": columns}


def to_parquet(path: str | Path, out: str | Path) -> None:
    con = _connect()
    try:
        con.execute(
            f"COPY (SELECT * FROM {relation_sql('csv')}) TO '{str(out).replace(chr(39), '')}' (FORMAT parquet)",
            {"path": str(path)},
        )
    finally:
        con.close()


def sniff_format(kind: str, head: bytes) -> str:
    """Our format name from core.uploads' sniffed kind and the first bytes."""
    if kind == "parquet":
        return "parquet"
    if kind == "json":
        first = head.lstrip().split(b"\n", 1)[0].strip()
        if first.startswith(b"{") and first.endswith(b"}"):
            return "jsonl"
        return "json"
    if kind == "text":
        return "csv"
    return "other"


def validate_package(descriptor_path: str | Path) -> dict[str, dict]:
    """Validate every tabular resource of a Frictionless Data Package against its own schema.

    A resource's ``path`` is resolved beside the descriptor; when the package was flattened
    (``data/x.csv`` stored as ``x.csv``), the file of the same name beside it is used.
    Returns ``{resource name: report}``.
    """
    import json

    descriptor_path = Path(descriptor_path)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
    reports = {}
    for resource in _resources(descriptor):
        path = descriptor_path.parent / resource["path"]
        if not path.exists():
            path = descriptor_path.parent / Path(resource["path"]).name
        fmt = (resource.get("format") or path.suffix.lstrip(".")).lower()
        fmt = "jsonl" if fmt in ("ndjson", "jsonl") else fmt
        reports[resource["name"]] = validate(path, fmt, resource["schema"])
    return reports


def _resources(descriptor: dict) -> Iterable[dict]:
    for resource in descriptor.get("resources", []):
        if isinstance(resource.get("schema"), dict) and isinstance(resource.get("path"), str):
            yield resource
