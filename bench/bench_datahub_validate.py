"""Upload → validate → profile of a large CSV with bounded memory, beside Frictionless.

Usage: python bench/bench_datahub_validate.py        (BENCH_SIZE=1GB by default; e.g. BENCH_SIZE=50MB)
       BENCH_PEER=0 skips Frictionless (it is about two orders of magnitude slower).

The CSV (id, date, region, category, amount, note) is generated once into /tmp. Each side runs in
its own subprocess so peak RSS is honest:

* ours: SHA-256 while streaming the upload, Table Schema inference (DuckDB, 512 MB memory limit),
  row-by-row validation naming row and column plus a duplicate-key check (DuckDB), and the
  column profile (DuckDB) — what ``services.add_file`` and the profile run do;
* peer: ``frictionless.validate(path)`` (its own inference and validation) on the same file.

Prints ``BENCH engine=datahub-validate size=… mb_per_s=… peak_mb=… peer_mb_per_s=… peer_peak_mb=… ratio=…``
(``ratio`` = our throughput / Frictionless's).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from _common import bench_line, peak_rss_mb, timer

UNITS = {"KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def generate(path: Path, size: int) -> None:
    if path.exists() and path.stat().st_size >= size:
        return
    rng = random.Random(0)
    regions = ["Selangor", "Johor", "Penang", "Nairobi", "Mombasa", "Kisumu"]
    categories = ["logistics", "fintech", "agri", "education", "health"]
    words = ["cold", "chain", "export", "import", "halal", "tea", "coffee", "palm", "oil", "rubber"]
    tmp = path.with_suffix(".part")
    with open(tmp, "w") as out:
        out.write("id,date,region,category,amount,note\n")
        written, i = 0, 0
        while written < size:
            lines = []
            for _ in range(10_000):
                i += 1
                lines.append(
                    f"{i},2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},{rng.choice(regions)},"
                    f"{rng.choice(categories)},{rng.uniform(0, 1e6):.2f},{' '.join(rng.choices(words, k=4))}\n"
                )
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)
    tmp.rename(path)


def ours(path: str) -> dict:
    from corridor.datahub import tabular

    with timer() as t:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        schema = tabular.infer_schema(path, "csv")
        report = tabular.validate(path, "csv", schema)
        profile = tabular.profile(path, "csv")
    return {"s": t["s"], "valid": report["valid"], "rows": profile["rows"], "peak_mb": peak_rss_mb()}


def peer(path: str) -> dict:
    import frictionless

    with timer() as t:
        report = frictionless.validate(os.path.basename(path), basepath=os.path.dirname(path))
    return {"s": t["s"], "valid": report.valid, "peak_mb": peak_rss_mb()}


def run(side: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--side", side, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    label = os.environ.get("BENCH_SIZE", "1GB")
    size = parse_size(label)
    path = Path("/tmp") / f"corridor-bench-datahub-{label}.csv"
    generate(path, size)
    mb = path.stat().st_size / 1024**2
    mine = run("ours", path)
    values = {
        "mb_per_s": mb / mine["s"],
        "peak_mb": mine["peak_mb"],
        "rows": mine["rows"],
        "valid": mine["valid"],
    }
    print(f"# ours: {values}", file=sys.stderr, flush=True)
    if os.environ.get("BENCH_PEER", "1") != "0":
        theirs = run("peer", path)
        values.update(
            peer_mb_per_s=mb / theirs["s"],
            peer_peak_mb=theirs["peak_mb"],
            peer_valid=theirs["valid"],
            ratio=(mb / mine["s"]) / (mb / theirs["s"]),
        )
    bench_line("datahub-validate", label, **values)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--side":
        side, target = sys.argv[2], sys.argv[3]
        print(json.dumps(ours(target) if side == "ours" else peer(target)))
    else:
        main()
