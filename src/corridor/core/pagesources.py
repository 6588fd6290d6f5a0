"""What a page is made from, read off the SQL it runs: the tables a statement names or writes,
and for the tables whose models mix in ``RowTracked`` (core.pagecache: "Rows and columns"), the
columns a statement uses and the rows and columns a write changes."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

#: the page (or figure) being made: a ``pagecache.Recording``, or None
_recording: ContextVar = ContextVar("pagecache_recording", default=None)

WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY|REPLACE\s+INTO)\s+((?:"?\w+"?\.)?"?\w+)',
    re.IGNORECASE,
)
QUOTED = re.compile(r'"(\w+)"')
#: token-name suffixes of a row-tracked table: any write that is not one row by its key, a row
#: write (replaced first, before the row's token), a row, a column
ANY, WROTE, ROW, COLUMN = "#all", "#w", "#r:", "#c:"
SINGLE_ROW_UPDATE = re.compile(r'^\s*UPDATE "(\w+)" SET (.+) WHERE "\1"\."(\w+)" = %s\s*$', re.DOTALL)
SET_ITEM = re.compile(r'^"(\w+)" = ')
ALIAS_PATTERN = r"([A-Z]\d+)\b"

_tables: frozenset[str] | None = None


def tables() -> frozenset[str]:
    """Every table a model (or a many-to-many relation) has."""
    global _tables
    if _tables is None:
        from django.apps import apps

        _tables = frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))
    return _tables


class RowTracked:
    """A model whose table the page cache follows by row and column (see the module's doc): the
    instances a page materialises are noted as the rows it depends on. Mixed in before the
    model's base class."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        recording = _recording.get()
        if recording is not None:
            recording.rows.setdefault(cls._meta.db_table, set()).add(str(instance.pk))
        return instance


@dataclass(frozen=True)
class Fine:
    """A row-tracked table: its columns and its key column."""

    columns: frozenset[str]
    pk: str


_fine: dict[str, Fine] | None = None


def fine_tables() -> dict[str, Fine]:
    global _fine
    if _fine is None:
        from django.apps import apps

        _fine = {
            m._meta.db_table: Fine(frozenset(f.column for f in m._meta.concrete_fields), m._meta.pk.column)
            for m in apps.get_models()
            if issubclass(m, RowTracked) and not m._meta.proxy
        }
    return _fine


_token_names: list[str] | None = None


def token_names() -> list[str]:
    """Every token a request starts with: each table's, and each row-tracked table's "any write",
    "a row write" and column tokens."""
    global _token_names
    if _token_names is None:
        names = set(tables())
        for table, fine in fine_tables().items():
            names |= {table + ANY, table + WROTE} | {f"{table}{COLUMN}{c}" for c in fine.columns}
        _token_names = sorted(names)
    return _token_names


def written_table(sql: str) -> str | None:
    match = WRITE.match(sql)
    return match.group(1).replace('"', "").split(".")[-1] if match else None


def written_names(sql: str, params, many: bool) -> list[str]:
    """The tokens a write statement replaces: its table's, and for a row-tracked table either
    the row and the columns of a one-row update by key, or "any write"."""
    name = written_table(sql)
    if name is None:
        return []
    fine = fine_tables().get(name)
    if fine is None:
        return [name]
    names = [name + WROTE, name]
    match = SINGLE_ROW_UPDATE.match(sql)
    if match and match.group(3) == fine.pk and not many and params is not None and len(params) >= 1:
        columns = set()
        for item in _top_level_split(match.group(2)):
            set_item = SET_ITEM.match(item)
            if set_item is None:
                columns = None
                break
            columns.add(set_item.group(1))
        if columns and columns <= fine.columns and fine.pk not in columns:
            pk = params[-1]
            if isinstance(pk, (int, str)) and not isinstance(pk, bool):
                return names + [f"{name}{COLUMN}{c}" for c in sorted(columns)] + [f"{name}{ROW}{pk}"]
    return [*names, name + ANY]


def _top_level(text: str):
    """The positions in ``text`` outside parentheses and quotes."""
    depth, quote = 0, None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            yield i


def _top_level_split(text: str, separator: str = ", ") -> list[str]:
    """``text`` split at the separators outside parentheses and quotes."""
    parts, start = [], 0
    for i in _top_level(text):
        if i >= start and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    parts.append(text[start:])
    return parts


def _top_level_from(sql: str) -> int:
    """Where the outermost FROM of a SELECT starts (-1: none)."""
    return next((i for i in _top_level(sql) if sql.startswith(" FROM ", i)), -1)


HEAD = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+)?", re.IGNORECASE)
SET_OPERATION = re.compile(r"\b(?:UNION|INTERSECT|EXCEPT)\b|\bDISTINCT\s+ON\b", re.IGNORECASE)
POSITIONAL = re.compile(r"\b(?:ORDER|GROUP)\s+BY\s+\d", re.IGNORECASE)


def columns_read(sql: str, table: str) -> set[str] | None:
    """The columns of a row-tracked ``table`` a SELECT depends on besides the rows it materialises
    as model instances (which ``RowTracked.from_db`` notes), or None: the statement counts as a
    read of the whole table (not a SELECT, a set operation, a form of reference this does not
    follow).

    A column in the outermost select list on its own (``"t"."name"``, no alias: a model or
    ``select_related`` load) is covered by its row when the key column is selected too; every
    other use of a column (filters, joins but on the key, ordering, grouping, aggregates,
    ``values()``, subqueries) makes the column a dependency. The key never changes, so using it
    depends on no column."""
    fine = fine_tables()[table]
    if HEAD.match(sql) is None or SET_OPERATION.search(sql):
        return None
    quoted = f'"{table}"'
    aliases = set(re.findall(re.escape(quoted) + " " + ALIAS_PATTERN, sql))
    owners = [re.escape(quoted)] + [r"\b" + a for a in sorted(aliases)]
    ref = re.compile("(?:" + "|".join(owners) + r')\."(\w+)"')
    # nothing may name the table but as a table (with or without its alias) or a column of it,
    # and no column of it may stand unqualified (but as an alias: AS "name")
    rest = ref.sub("", sql)
    rest = re.sub(re.escape(quoted) + "(?: " + ALIAS_PATTERN + ")?", "", rest)
    if quoted in rest:
        return None
    for m in re.finditer(r'(?<![.\w"])"(\w+)"', rest):
        if m.group(1) in fine.columns and not rest[: m.start()].endswith("AS "):
            return None
    start = _top_level_from(sql)
    if start < 0:
        return None
    head = sql[HEAD.match(sql).end() : start]
    used: set[str] = set()
    plain: set[str] = set()
    for item in _top_level_split(head):
        item = item.strip()
        if item == "*" or item.endswith(".*"):  # every column, and no telling whose
            return None
        match = ref.fullmatch(item)
        if match:
            plain.add(match.group(1))
        else:
            used |= set(ref.findall(item))
    for column in ref.findall(sql[start:]):
        used.add(column)
    if plain and (fine.pk not in plain or POSITIONAL.search(sql)):
        used |= plain  # no key to note the rows by, or positions that may name these columns
    used.discard(fine.pk)
    if not used <= fine.columns:
        return None
    return used


def tables_named(sql: str) -> set[str]:
    """The tables a statement names (Django quotes every table name, on SQLite and PostgreSQL)."""
    known = tables()
    return {name for name in QUOTED.findall(sql) if name in known}
