"""Shared helpers for benchmarks: timing, peak memory and the BENCH line format."""

from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timer():
    box = {}
    start = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - start


def bench_line(engine: str, size: str, **values) -> str:
    """Format and print one ``BENCH engine=… size=… key=value …`` line."""

    def fmt(v):
        if isinstance(v, float):
            return f"{v:.4g}" if abs(v) < 1 else f"{v:.3f}".rstrip("0").rstrip(".")
        return str(v)

    line = " ".join([f"BENCH engine={engine}", f"size={size}"] + [f"{k}={fmt(v)}" for k, v in values.items()])
    print(line, flush=True)
    return line
