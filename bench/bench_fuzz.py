"""API fuzz at a larger size: the suite's schemathesis test (``tests/api/test_schemathesis.py``:
every operation of the OpenAPI schema, positive and negative data, each case sent as each of the
eight permission personas, checks ``not_a_server_error`` and ``response_schema_conformance``)
with more examples per operation and mode (``--examples``, default 6; the suite uses 1).

The run is bounded by examples, derandomised (the same cases every run), on SQLite by default or
on the database ``DATABASE_URL`` names. Prints::

    BENCH engine=fuzz size=all operations=… personas=… cases=… requests=… server_errors=… schema_violations=…

and, for each failure, the request that caused it (method, path, persona, query, body).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, bench_line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=int(os.environ.get("CORRIDOR_FUZZ_EXAMPLES", "6")))
    args = ap.parse_args()
    report = Path(tempfile.mkdtemp(prefix="corridor-bench-fuzz-")) / "report.json"
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "1"),
        "CORRIDOR_FUZZ_EXAMPLES": str(args.examples),
        "CORRIDOR_FUZZ_REPORT": str(report),
        "PYTHONHASHSEED": "0",
    }
    env.pop("REDIS_URL", None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/api/test_schemathesis.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if not report.exists():
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit("the fuzz run wrote no report")
    r = json.loads(report.read_text())
    bench_line(
        "fuzz",
        "all",
        operations=r["operations"],
        personas=r["personas"],
        cases=r["cases"],
        requests=r["requests"],
        server_errors=r["server_errors"],
        schema_violations=r["schema_violations"],
        examples=args.examples,
        seconds=round(seconds, 1),
    )
    if r["unsatisfiable"]:
        print(f"# no negative data possible for {len(r['unsatisfiable'])} operation modes")
    for failure in r["failures"][:20]:
        print("# " + failure.splitlines()[0])


if __name__ == "__main__":
    main()
