"""Benchmark for corridor.engines.conformance: every pack on the official examples.

Usage: python bench/bench_conformance.py [--rounds 5]

``size=examples``: the 18 CEN/TC 434 UBL examples and the 2 official MyInvois samples, each checked
with all five packs (EN, MY, KE, XB, CL), ``--rounds`` times. ``size=lines1000``: one generated
invoice of 1,000 lines (scaling of the per-line rules). Each size runs in its own subprocess so
``peak_mb`` (peak RSS) is honest. No peer: the Schematron reference (the CEN XSLT run by
saxonche) is not installed here and its artefacts are not copied into the repository.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _common import ROOT, bench_line, peak_rss_mb, timer

SHARED = ROOT / ".." / "shared" / "data"
PACKS = ["EN", "MY", "KE", "XB", "CL"]


def _documents() -> list[bytes]:
    paths = sorted((SHARED / "ubl_en16931" / "examples").glob("*")) + sorted(
        (SHARED / "myinvois" / "samples").glob("*")
    )
    return [p.read_bytes() for p in paths]


def _big(lines: int) -> bytes:
    sys.path.insert(0, str(ROOT))
    from tests.standards.base_documents import UBL

    head, _, rest = UBL.partition(" <cac:InvoiceLine>")
    line = " <cac:InvoiceLine>" + rest.split("</Invoice>")[0]
    body = "".join(
        line.replace("<cbc:ID>1</cbc:ID>", f"<cbc:ID>{i}</cbc:ID>", 1) for i in range(1, lines + 1)
    )
    return (head + body + "</Invoice>\n").encode()


def measure(size: str, rounds: int) -> None:
    from corridor.engines.conformance import check

    docs = _documents() if size == "examples" else [_big(1000)]
    findings = 0
    with timer() as t:
        for _ in range(rounds):
            for data in docs:
                findings += len(check(data, PACKS).findings)
    n = rounds * len(docs)
    bench_line(
        "conformance",
        size,
        docs=n,
        docs_per_s=n / t["s"],
        ms_per_doc=1000 * t["s"] / n,
        findings=findings // rounds,
        peak_mb=peak_rss_mb(),
        peer="none(saxonche not installed)",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--measure", choices=["examples", "lines1000"])
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.rounds if args.measure == "examples" else 1)
        return
    for size in ("examples", "lines1000"):
        subprocess.run(
            [sys.executable, __file__, "--measure", size, "--rounds", str(args.rounds)], check=True
        )


if __name__ == "__main__":
    main()
