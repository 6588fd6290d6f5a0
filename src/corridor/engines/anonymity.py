# ruff: noqa: S608 - SQL is built from quoted identifiers (_q) and integers; values are bound parameters
"""k-anonymity and l-diversity of a table, computed with DuckDB (no Django).

A table is k-anonymous over its quasi-identifiers (columns an attacker may link with other data:
age, postcode, sex, dates…) when every combination of their values that occurs is shared by at
least k rows; it is l-diverse for a sensitive attribute when every such group holds at least l
distinct sensitive values. ``assess`` answers both, the smallest groups, and suggestions of
generalisations (binning ages, truncating postcodes, coarsening dates) with the k each would give.

``generalise`` applies one suggestion, so a publisher can try it before sharing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

DEFAULT_POLICY_K = 5


@dataclass(frozen=True)
class Group:
    values: tuple
    size: int
    distinct_sensitive: int | None


@dataclass(frozen=True)
class Suggestion:
    column: str
    action: str  # "bin", "truncate", "month", "year", "suppress"
    parameter: int | None
    k_after: int
    description: str


@dataclass
class Assessment:
    rows: int
    quasi_identifiers: list[str]
    sensitive: str | None
    k: int
    l_diversity: int | None
    groups: int
    smallest: list[Group] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    policy_k: int = DEFAULT_POLICY_K

    @property
    def passes(self) -> bool:
        return self.rows > 0 and self.k >= self.policy_k


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(con: duckdb.DuckDBPyConnection, table, fmt: str | None = None) -> str:
    """Register ``table`` (a path, a pandas/pyarrow table or a list of dicts) as view ``t``.
    A path's format is ``fmt`` ("csv", "parquet", "jsonl") or guessed from its suffix."""
    if isinstance(table, str):
        lower = table.lower()
        if fmt is None:
            fmt = (
                "parquet"
                if lower.endswith(".parquet")
                else "jsonl"
                if lower.endswith((".jsonl", ".ndjson"))
                else "csv"
            )
        if fmt == "parquet":
            relation = con.read_parquet(table)
        elif fmt == "jsonl":
            relation = con.read_json(table, format="newline_delimited")
        else:
            relation = con.read_csv(table, header=True)
        relation.create_view("t")
        return "t"
    if isinstance(table, list):
        import pyarrow as pa

        table = pa.Table.from_pylist(table)
    con.register("t", table)
    return "t"


def _k_and_l(con, exprs: list[str], sensitive: str | None) -> tuple[int, int | None, int]:
    keys = ", ".join(exprs)
    l_expr = f"COUNT(DISTINCT {_q(sensitive)})" if sensitive else "NULL"
    row = con.execute(
        f"SELECT MIN(n), MIN(l), COUNT(*) FROM (SELECT COUNT(*) AS n, {l_expr} AS l FROM t GROUP BY {keys})"
    ).fetchone()
    return int(row[0] or 0), (int(row[1]) if row[1] is not None else None), int(row[2] or 0)


def _column_kind(con, column: str) -> str:
    dtype = con.execute(
        "SELECT column_type FROM (DESCRIBE SELECT * FROM t) WHERE column_name = ?", [column]
    ).fetchone()
    dtype = (dtype[0] if dtype else "VARCHAR").upper()
    if dtype.startswith(("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT")):
        return "integer"
    if dtype.startswith(("UINTEGER", "UBIGINT", "DOUBLE", "FLOAT", "DECIMAL", "REAL")):
        return "number"
    if dtype.startswith(("DATE", "TIMESTAMP")):
        return "date"
    return "string"


def generalisation_expr(column: str, action: str, parameter: int | None) -> str:
    """SQL for one generalisation of ``column`` (used by ``assess`` and ``generalise``)."""
    c = _q(column)
    if action == "bin":
        width = int(parameter or 10)
        return (
            f"(CAST(FLOOR({c} / {width}) * {width} AS BIGINT)::VARCHAR || '–' || "
            f"(CAST(FLOOR({c} / {width}) * {width} AS BIGINT) + {width - 1})::VARCHAR)"
        )
    if action == "truncate":
        keep = int(parameter or 3)
        return f"(LEFT(CAST({c} AS VARCHAR), {keep}) || REPEAT('*', GREATEST(LENGTH(CAST({c} AS VARCHAR)) - {keep}, 0)))"
    if action == "month":
        return f"STRFTIME(CAST({c} AS DATE), '%Y-%m')"
    if action == "year":
        return f"STRFTIME(CAST({c} AS DATE), '%Y')"
    if action == "suppress":
        return "'*'"
    return c


def _candidates(kind: str) -> list[tuple[str, int | None, str]]:
    if kind in ("integer", "number"):
        return [
            ("bin", 5, "bin into ranges of 5"),
            ("bin", 10, "bin into ranges of 10"),
            ("bin", 20, "bin into ranges of 20"),
        ]
    if kind == "date":
        return [("month", None, "keep only year and month"), ("year", None, "keep only the year")]
    return [
        ("truncate", 3, "keep the first 3 characters"),
        ("truncate", 2, "keep the first 2 characters"),
        ("truncate", 1, "keep the first character"),
    ]


def _suggest(con, columns: list[str], exprs: list[str], sensitive, k: int, policy_k: int) -> list[Suggestion]:
    """Greedy generalisation: at each step apply, over all columns, the next-stronger step that
    raises k the most; each suggestion's ``k_after`` is the k with it and all earlier ones."""
    options = {c: _candidates(_column_kind(con, c)) for c in columns}
    level = dict.fromkeys(columns, 0)
    current = list(exprs)
    out: list[Suggestion] = []
    groups = _k_and_l(con, current, sensitive)[2]
    k_before = k
    while k < policy_k:
        best = None
        for i, column in enumerate(columns):
            if level[column] >= len(options[column]):
                continue
            action, parameter, _text = options[column][level[column]]
            trial = list(current)
            trial[i] = generalisation_expr(column, action, parameter)
            k_after, _l, groups_after = _k_and_l(con, trial, sensitive)
            score = (k_after, -groups_after)
            if (k_after > k or groups_after < groups) and (best is None or score > best[0]):
                best = (score, i, trial, groups_after)
        if best is None:
            # No single step helps on its own (every column is still identifying): coarsen the
            # column with the most steps left and keep going.
            remaining = [
                (len(options[c]) - level[c], i) for i, c in enumerate(columns) if level[c] < len(options[c])
            ]
            if not remaining:
                break
            i = max(remaining)[1]
            column = columns[i]
            action, parameter, _text = options[column][level[column]]
            trial = list(current)
            trial[i] = generalisation_expr(column, action, parameter)
            k_after, _l, groups_after = _k_and_l(con, trial, sensitive)
            best = ((k_after, -groups_after), i, trial, groups_after)
        (k, _neg), i, current, groups = best
        column = columns[i]
        action, parameter, text = options[column][level[column]]
        level[column] += 1
        out.append(Suggestion(column, action, parameter, k, f"{column}: {text}"))
    while out and len(out) > 1 and out[-1].k_after == out[-2].k_after:
        out.pop()  # trailing steps that coarsen without raising k
    return out if out and out[-1].k_after > k_before else []


def assess(
    table,
    quasi_identifiers: list[str],
    *,
    sensitive: str | None = None,
    policy_k: int = DEFAULT_POLICY_K,
    smallest: int = 5,
    memory_limit: str = "512MB",
    fmt: str | None = None,
) -> Assessment:
    """k, l and the smallest groups of ``table`` over ``quasi_identifiers``.

    Rows with a missing quasi-identifier form their own group (NULL is a value an attacker sees).
    With no quasi-identifier, every row is in one group (k = rows).
    """
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit='{memory_limit}'")
        _source(con, table, fmt)
        columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM t").fetchall()]
        missing = [c for c in [*quasi_identifiers, *([sensitive] if sensitive else [])] if c not in columns]
        if missing:
            raise KeyError(", ".join(missing))
        rows = int(con.execute("SELECT COUNT(*) FROM t").fetchone()[0])
        if not quasi_identifiers or rows == 0:
            l_val = None
            if sensitive and rows:
                l_val = int(con.execute(f"SELECT COUNT(DISTINCT {_q(sensitive)}) FROM t").fetchone()[0])
            return Assessment(rows, [], sensitive, rows, l_val, 1 if rows else 0, [], [], policy_k)
        exprs = [_q(c) for c in quasi_identifiers]
        k, l_val, groups = _k_and_l(con, exprs, sensitive)
        l_expr = f"COUNT(DISTINCT {_q(sensitive)})" if sensitive else "NULL"
        keys = ", ".join(exprs)
        small = [
            Group(tuple(r[:-2]), int(r[-2]), (int(r[-1]) if r[-1] is not None else None))
            for r in con.execute(
                f"SELECT {keys}, COUNT(*) AS n, {l_expr} AS l FROM t GROUP BY {keys} "
                f"ORDER BY n, {keys} LIMIT {int(smallest)}"
            ).fetchall()
        ]
        suggestions = _suggest(con, quasi_identifiers, exprs, sensitive, k, policy_k) if k < policy_k else []
        return Assessment(
            rows, list(quasi_identifiers), sensitive, k, l_val, groups, small, suggestions, policy_k
        )
    finally:
        con.close()


def generalise(table, column: str, action: str, parameter: int | None = None):
    """``table`` (path or Arrow/pandas/list) with ``column`` generalised; returns a pyarrow Table."""
    con = duckdb.connect()
    try:
        _source(con, table)
        columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM t").fetchall()]
        select = ", ".join(
            f"{generalisation_expr(c, action, parameter)} AS {_q(c)}" if c == column else _q(c)
            for c in columns
        )
        return con.sql(f"SELECT {select} FROM t").to_arrow_table()
    finally:
        con.close()
