"""Trade page timing: server time of the trade pages and every table download at the demo's size.

Loads the trade demo (``corridor.trade.demo.load_trade_demo``: the published headline series, the
+30% target, the illustrative Comtrade release and the WDI context release, as ``seed-demo`` does)
into a fresh SQLite database under a temporary ``CORRIDOR_VAR_DIR``, then requests each page through
Django's test client (the full request/response cycle inside the process: middleware, views,
queries, templates):

* ``dashboard_cold_ms``: the first ``/trade/`` request after the cache is emptied, in a process
  that has already served a page (what the first visitor after a cache flush waits; an import
  warms the cache itself);
* ``dashboard_ms``: the median of ``--repeat`` further requests;
* ``csv_ms_max`` / ``xlsx_ms_max``: the slowest download over every table, each the median of
  ``--repeat`` requests;
* ``max_ms``: the slowest of all the timed pages (the goal is every page ≤ 300 ms).

Prints ``BENCH engine=trade-pages size=demo dashboard_ms=… dashboard_cold_ms=… csv_ms_max=…
xlsx_ms_max=… max_ms=… slowest=<path>`` and the five slowest pages as ``#`` lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from _common import bench_line

GOAL_MS = 300.0


def _get(client, path: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = client.get(path)
    if hasattr(r, "streaming_content"):
        b"".join(r.streaming_content)
    return (time.perf_counter() - t0) * 1000, r.status_code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="corridor-bench-trade-pages-")
    os.environ["CORRIDOR_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/trade-pages.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from corridor.core.enums import Role
    from corridor.core.models import User
    from corridor.core.services import grant_role
    from corridor.trade.demo import load_trade_demo
    from corridor.trade.views import TABLES

    call_command("migrate", verbosity=0)
    ids = load_trade_demo()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    staff = User.objects.create_user(email="secretariat@bench.example", password="x")
    grant_role(user=staff, role=Role.SECRETARIAT, by=None)

    public, secretariat = Client(), Client()
    secretariat.force_login(staff)

    _get(public, "/trade/releases/")  # the process's first request loads the URLconf and apps
    cache.clear()
    cold_ms, status = _get(public, "/trade/")
    if status != 200:
        sys.exit(f"/trade/: HTTP {status}")

    pages = [(public, "/trade/"), (public, "/trade/releases/"), (secretariat, "/trade/upload/")]
    pages += [(public, f"/trade/releases/{ids['flow_release']}/")]
    pages += [(public, f"/trade/data/{name}.{fmt}") for name in TABLES for fmt in ("csv", "xlsx")]
    timings: list[tuple[float, str]] = []
    for client, path in pages:
        _ms, status = _get(client, path)  # warm-up
        if status != 200:
            print(f"# {path}: HTTP {status}", file=sys.stderr)
            continue
        timings.append((statistics.median(_get(client, path)[0] for _ in range(args.repeat)), path))

    def worst(suffix: str) -> float:
        return max((t for t, p in timings if p.endswith(suffix)), default=0.0)

    slowest = max(timings)
    bench_line(
        "trade-pages",
        "demo",
        dashboard_ms=round(next(t for t, p in timings if p == "/trade/"), 1),
        dashboard_cold_ms=round(cold_ms, 1),
        csv_ms_max=round(worst(".csv"), 1),
        xlsx_ms_max=round(worst(".xlsx"), 1),
        max_ms=round(max(slowest[0], cold_ms), 1),
        slowest=slowest[1],
        over_300ms=sum(1 for t, _ in timings if t > GOAL_MS) + (cold_ms > GOAL_MS),
    )
    for t, path in sorted(timings, reverse=True)[:5]:
        print(f"#  {t:8.1f} ms  {path}")


if __name__ == "__main__":
    main()
