"""Page timing: server time of every module's main pages at the demo's size.

Builds the demo data set (``corridor seed-demo``, 320 fictional organisations, every module) in a
fresh SQLite database under a temporary ``CORRIDOR_VAR_DIR``, then requests each page in
``corridor.portal.main_pages`` through Django's test client as the persona who uses it: one
warm-up request, then ``--repeat`` timed ones; a page's time is the median of its timed requests
(the full request/response cycle inside the process: middleware, views, queries, templates).

Prints ``BENCH engine=pages size=demo pages=… p50_ms=… p95_ms=… max_ms=… slowest=<path>
over_300ms=…`` (the goal is every page ≤ 300 ms) and the ten slowest pages as ``#`` lines.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time

from _common import bench_line

GOAL_MS = 300.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--organisations", type=int, default=320)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="corridor-bench-pages-")
    os.environ["CORRIDOR_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/pages.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from corridor.core.models import User
    from corridor.portal.main_pages import main_pages

    call_command("migrate", verbosity=0)
    call_command("seed_demo", organisations=args.organisations, stdout=io.StringIO())
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]

    clients: dict[str | None, Client] = {}
    timings: list[tuple[float, str, str]] = []
    for page in main_pages():
        if page.persona not in clients:
            c = Client()
            if page.persona:
                c.force_login(User.objects.get(email=page.persona))
            clients[page.persona] = c
        c = clients[page.persona]
        r = c.get(page.path)
        if r.status_code != 200:
            print(f"# {page.path} as {page.persona}: HTTP {r.status_code}", file=sys.stderr)
            continue
        samples = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = c.get(page.path)
            if hasattr(r, "streaming_content"):
                b"".join(r.streaming_content)
            samples.append((time.perf_counter() - t0) * 1000)
        timings.append((statistics.median(samples), page.path, page.persona or "anonymous"))

    ms = sorted(t for t, _, _ in timings)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    slowest = max(timings)
    bench_line(
        "pages",
        "demo",
        pages=len(ms),
        p50_ms=round(statistics.median(ms), 1),
        p95_ms=round(p95, 1),
        max_ms=round(slowest[0], 1),
        slowest=slowest[1],
        over_300ms=sum(1 for t in ms if t > GOAL_MS),
    )
    for t, path, who in sorted(timings, reverse=True)[:10]:
        print(f"#  {t:8.1f} ms  {path}  ({who})")


if __name__ == "__main__":
    main()
