# ruff: noqa: S608 - SQL is assembled from our own identifiers (file paths we name, header columns quoted by _q); values are bound parameters.
"""Where the columnar store lives and how it is opened: Parquet files under ``VAR_DIR/trade``,
one per release (with a ``.pair.parquet`` corridor extract and, for world releases, a
``.world.parquet`` summary), read and written with DuckDB."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from .. import reference

#: A failed import reports at most this many problems in full (the count is always exact).
MAX_REPORTED_ERRORS = 1000

Progress = Callable[[int, str], None]


def store_dir() -> Path:
    path = Path(settings.VAR_DIR) / "trade"
    path.mkdir(parents=True, exist_ok=True)
    return path


def parquet_path(name: str) -> Path:
    return store_dir() / name


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection with the reference tables registered."""
    con = duckdb.connect()
    tmp = store_dir() / "tmp"
    tmp.mkdir(exist_ok=True)
    con.execute(f"SET temp_directory='{tmp.as_posix()}'")
    con.execute("SET preserve_insertion_order=true")
    con.register("hs", reference.hs_arrow())
    con.register("countries", reference.country_arrow())
    con.register("countries_num", reference.country_numeric_arrow())
    return con


_local = threading.local()


@contextmanager
def reading() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for read queries, kept open per thread (opening and closing a DuckDB
    connection costs tens of milliseconds; a dashboard runs a dozen queries). Reads create no
    tables, so one connection serves them all; a new one is opened when the store moves. A page
    being made from the store is cached only until trade data changes."""
    from ..dashboard_cache import generation

    generation()
    key = str(store_dir())
    con = getattr(_local, "con", None)
    if con is None or getattr(_local, "key", None) != key:
        if con is not None:
            con.close()
        con = _local.con = connect()
        _local.key = key
    yield con


def pair_path(path: str | os.PathLike) -> Path:
    """The corridor extract of a flow file: only rows between the partner countries."""
    p = Path(path)
    return p.with_name(p.stem + ".pair.parquet")


def world_path(path: str | os.PathLike) -> Path:
    """The world summary of a flow file (only written when it has reporters beyond the pair)."""
    p = Path(path)
    return p.with_name(p.stem + ".world.parquet")


def _pair(path: Path) -> Path:
    p = pair_path(path)
    return p if p.exists() else Path(path)


def _scan(path: Path) -> str:
    return f"read_parquet('{Path(path).as_posix()}')"
