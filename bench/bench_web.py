"""Web load: gunicorn + PostgreSQL + Redis under locust, on loopback, bounded (~5 minutes).

1. A fresh PostgreSQL database (``corridor_bench_web``), migrated, with the demo data set
   (``corridor seed-demo``: 320 fictional organisations, every module), and ``collectstatic``
   into a temporary ``CORRIDOR_VAR_DIR``.
2. The plan: every page of ``corridor.portal.main_pages`` with its persona (group ``public`` for
   anonymous visitors, ``signed-in`` otherwise) and every API list operation of the OpenAPI
   schema without a path parameter (group ``api``), for each persona that gets 200 from it.
   Pages that do not answer 200 in-process are left out and named.
3. gunicorn, production-like: ``DEBUG=0`` with ``SECRET_KEY``/``ALLOWED_HOSTS``, manifest static
   files (whitenoise), ``REDIS_URL`` for the cache (both workers share it), ``--workers 2
   --threads 4`` (gthread), settings ``bench/web_settings.py`` (documented there: a trivial view,
   non-``Secure`` cookies for plain HTTP on loopback, raised API throttle budgets since every
   simulated client shares one address).
4. locust (``bench/locustfile.py``, FastHttpUser, run headless through its library API in a
   subprocess, each request on a connection of its own as through a reverse proxy): a warm-up
   (the mixed workload on the cold cache, not measured, its rate printed as a comment); the
   ceiling (the trivial view, closed loop) -> ``ceiling_rps``; the mixed workload closed loop
   for 60 s, a whole page lifetime (``--quick``: 8 s) -> saturation rps; then the mixed
   workload at 80% of saturation for 60 s (``--quick``: 15 s) -> ``rps``, ``p95_ms``, ``errors`` (any status but 200 is an error); then
   each group (public, signed-in, api) alone, closed loop -> ``alone_rps``, ``alone_ratio``.
5. Writes through every measured phase but the ceiling: ``--writes-per-s`` (default 0.5), in
   turn edits of an organisation's description by its owners and admins and replies in a
   conversation, through the API (the plan's ``writes``). The page cache keeps a page until a table it was made from is written; the
   organisations table is read by most pages, so these writes keep emptying it, as a busy day
   would (a read-only load would measure a cache that never empties). ``--writes-per-s 0`` is the
   read-only load.

Prints::

    BENCH engine=web size=ceiling rps=… p95_ms=…
    BENCH engine=web size=ceiling-mid rps=… p95_ms=… errors=…   (the trivial view, right after the mixed run)
    BENCH engine=web size=mixed rps=… ceiling_rps=… ratio=… p95_ms=… errors=… saturation_rps=… writes_per_s=…
    BENCH engine=web size=ceiling-end rps=… p95_ms=… errors=…   (the trivial view again, last)
    BENCH engine=web size=writes rps=… p95_ms=… errors=… requests=… kinds=…
    BENCH engine=web size=public|signed-in|api rps=… p95_ms=… errors=… pages=… hit_share=… alone_rps=… alone_ratio=… alone_hit_share=…

``ratio`` is the mixed workload's saturation throughput over the trivial view's (``ceiling_rps``:
the mean of the measurements just before and just after the mixed run), both closed loop on the
same stack in the same run (the goal is >= 0.5). ``rps``/``p95_ms`` of a group are
its share of the mixed run at 80% load; ``alone_rps`` is that group's pages alone, closed loop
(same users, same personas where they have pages of the group), and ``alone_ratio`` that over
the mean of the trivial view's measurements around the three (``ceiling-mid`` and
``ceiling-end``): which kind of page keeps up and which drags the mix. Then the five slowest pages by p95
at 80% load, each with its SQL query count (measured in-process with the test client), and any
server error the gunicorn log shows. The load generator shares the machine's cores with the
server, so absolute numbers move with the machine; compare ratios from the same run.

Needs PostgreSQL (``BENCH_POSTGRES``, default ``postgres://postgres@127.0.0.1:5432``; the bench
drops and recreates its own database) and Redis (``BENCH_REDIS_URL``, default
``redis://127.0.0.1:6379/13``, flushed at the start); without them it prints why and skips.
``--quick`` (or ``BENCH_QUICK=1``) holds the load 15 s instead of 60; ``--reuse DIR`` keeps the
seeded database and var dir for the next run (iterating on the load only).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, bench_line

BENCH = ROOT / "bench"
PY = sys.executable
DB_NAME = "corridor_bench_web"
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
API_PERSONAS = None  # every persona reads the API


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable() -> str | None:
    """Why the bench cannot run here (PostgreSQL or Redis not answering), or None."""
    import psycopg
    import redis

    try:
        psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/postgres", connect_timeout=3).close()
    except Exception as exc:
        return f"PostgreSQL at {PG} is not answering ({exc.__class__.__name__})"
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except Exception as exc:
        return f"Redis at {REDIS} is not answering ({exc.__class__.__name__})"
    return None


def fresh_database() -> str:
    import psycopg

    with psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {DB_NAME}")
    return f"{PG}/{DB_NAME}"


def prepare(var_dir: str) -> dict:
    """Migrate, seed, collect static files and build the plan (in this process, eager tasks)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from corridor.core.models import User
    from corridor.portal.demo.seed import DEMO_PASSWORD
    from corridor.portal.main_pages import main_pages

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"# prepared the demo database and static files in {time.perf_counter() - t0:.0f} s", flush=True)

    clients: dict[str | None, Client] = {}

    def client(email):
        if email not in clients:
            c = Client()
            if email:
                c.force_login(User.objects.get(email=email))
            clients[email] = c
        return clients[email]

    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the probe's 403/404 are expected
    personas: dict[str | None, list[list[str]]] = {}
    skipped = []
    for page in main_pages():
        r = client(page.persona).get(page.path)
        if r.status_code == 200:
            group = "signed-in" if page.persona else "public"
            personas.setdefault(page.persona, []).append([group, page.path])
        else:
            skipped.append(f"{page.path} [{page.persona or 'anonymous'}] {r.status_code}")

    schema = json.loads(client(None).get("/api/schema/", {"format": "json"}).content)
    api_paths = sorted(
        p
        for p, ops in schema["paths"].items()
        if "get" in ops and "{" not in p and p not in ("/api/schema/",) and not p.startswith("/api/docs")
    )
    api_used = set()
    for email in list(personas):
        for p in api_paths:
            r = client(email).get(p)
            if r.status_code == 200:
                personas[email].append(["api", p])
                api_used.add(p)
            elif email is None and r.status_code not in (401, 403):
                skipped.append(f"{p} [anonymous] {r.status_code}")
    # The writes of the load, each tried once in-process: owners and admins editing their
    # organisation's description through the API (a table most pages read: the directory, the
    # organisation pages, dashboards and many API lists) …
    from corridor.orgs.enums import MemberRole
    from corridor.orgs.models import Membership

    writes = []
    for email in [e for e in personas if e is not None]:
        owned = Membership.objects.filter(
            user__email=email, role__in=[MemberRole.OWNER, MemberRole.ADMIN]
        ).select_related("organisation")
        for membership in owned.order_by("organisation__slug")[:2]:
            org = membership.organisation
            path = f"/api/organisations/{org.slug}/"
            r = client(email).patch(path, {"description": org.description}, content_type="application/json")
            if r.status_code == 200:
                writes.append(
                    {"email": email, "method": "PATCH", "path": path, "description": org.description}
                )
            else:
                skipped.append(f"PATCH {path} [{email}] {r.status_code}")
    # … and people replying in a conversation of theirs (each message changes the unread counts
    # that every signed-in page shows).
    for email in [e for e in personas if e is not None]:
        listed = client(email).get("/api/messaging/conversations/")
        results = listed.json().get("results", []) if listed.status_code == 200 else []
        if not results:
            continue
        path = f"/api/messaging/conversations/{results[0]['id']}/messages/"
        r = client(email).post(path, {"body": "Load bench reply"}, content_type="application/json")
        if r.status_code == 201:
            writes.append({"email": email, "method": "POST", "path": path})
        else:
            skipped.append(f"POST {path} [{email}] {r.status_code}")
    for s in skipped:
        print(f"# left out (not 200 in-process): {s}", flush=True)
    print(f"# plan built in {time.perf_counter() - t0:.0f} s from the start of preparation", flush=True)
    # Users take personas in turn from this list: every other one is an anonymous visitor (most
    # traffic is public), the others each signed-in persona in turn.
    signed = [e for e in personas if e is not None]
    rotation = [x for e in signed for x in (None, e)] if None in personas else signed
    return {
        "password": DEMO_PASSWORD,
        "personas": [{"email": e, "pages": personas[e]} for e in rotation],
        "api_paths": len(api_used),
        "writes": writes,
    }


def query_counts(paths: list[tuple[str, str | None]]) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from corridor.core.models import User

    out = {}
    for path, email in paths:
        c = Client()
        if email:
            c.force_login(User.objects.get(email=email))
        c.get(path)  # warm
        with CaptureQueriesContext(connection) as ctx:
            c.get(path)
        out[(path, email)] = len(ctx.captured_queries)
    return out


def locust(
    host: str,
    out: Path,
    *,
    users: int,
    seconds: float,
    sustain: float = 0,
    trivial=False,
    group=None,
    writes_per_s: float = 0,
) -> dict:
    cmd = [PY, str(BENCH / "locustfile.py"), "--host", host, "--users", str(users), "--out", str(out)]
    cmd += ["--seconds", str(seconds), "--sustain-seconds", str(sustain), "--sustain-fraction", "0.8"]
    cmd += ["--writes-per-s", str(writes_per_s)]
    if trivial:
        cmd.append("--trivial")
    if group:
        cmd += ["--group", group]
    done = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=seconds + sustain + 180
    )
    if done.returncode:
        sys.stderr.write(done.stderr.decode(errors="replace")[-3000:])
        raise SystemExit(f"locust failed ({done.returncode})")
    result = json.loads(out.read_text())
    print(
        f"# locust: {result['signed_in']}/{users} users ready after {result['setup_s']:.1f} s "
        f"({result['setup_failures']} setup failures)",
        flush=True,
    )
    for e in result.get("setup_errors", []):
        print(f"#  setup error: {e}", flush=True)
    return result


def ceiling_line(size: str, result: dict) -> None:
    """The BENCH line of one measurement of the trivial view."""
    bench_line("web", size, rps=round(result["rps"], 1), p95_ms=result["p95_ms"], errors=result["failures"])


def merge(entries: list[dict]) -> dict:
    """Requests, errors, mean and p95 of several locust entries (their response-time histograms,
    in locust's own buckets, merged)."""
    hist: dict[float, int] = {}
    for e in entries:
        for k, v in e["response_times"].items():
            hist[float(k)] = hist.get(float(k), 0) + v
    n = sum(hist.values())
    p95 = 0.0
    seen = 0
    for k in sorted(hist):
        seen += hist[k]
        if seen >= 0.95 * n:
            p95 = k
            break
    requests = sum(e["requests"] for e in entries)
    return {
        "requests": requests,
        "errors": sum(e["failures"] for e in entries),
        "p95_ms": p95,
        "mean_ms": sum(e["mean_ms"] * e["requests"] for e in entries) / max(1, requests),
    }


def group_stats(result: dict, group: str) -> dict:
    entries = [e for e in result["entries"] if e["name"].startswith(group + " ")]
    m = merge(entries)
    return {
        **m,
        "rps": m["requests"] / result["elapsed_s"],
        "pages": len({e["name"].split(" ")[1] for e in entries}),
    }


def hit_share(result: dict, group: str) -> float:
    """The share of a group's answers that the page cache served (``X-Page-Cache: hit``)."""
    counts = result.get("cache", {}).get(group, {})
    total = sum(counts.values())
    return round(counts.get("hit", 0) / total, 3) if total else 0.0


def slowest_pages(result: dict, n: int = 5, min_requests: int = 5) -> tuple[list, int]:
    """The ``n`` slowest (group, path) by p95 over every persona that opened it, among those with
    at least ``min_requests`` requests; each with the persona who opened it most."""
    by_path: dict[tuple[str, str], list[dict]] = {}
    for e in result["entries"]:
        if e["name"].startswith(("setup", "write")):
            continue
        group, path, _who = e["name"].split(" ", 2)
        by_path.setdefault((group, path), []).append(e)
    rows, thin = [], 0
    for (group, path), entries in by_path.items():
        m = merge(entries)
        if m["requests"] < min_requests:
            thin += 1
            continue
        who = max(entries, key=lambda e: e["requests"])["name"].split(" ", 2)[2].strip("[]")
        rows.append({**m, "group": group, "path": path, "persona": None if who == "anonymous" else who})
    rows.sort(key=lambda r: (r["p95_ms"], r["mean_ms"]), reverse=True)
    return rows[:n], thin


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--users", type=int, default=12, help="simulated users (personas rotate)")
    ap.add_argument(
        "--writes-per-s",
        type=float,
        default=0.5,
        help="writes per second (organisation edits and messages in turn) through every measured phase "
        "(0: a read-only load)",
    )
    ap.add_argument(
        "--reuse",
        metavar="DIR",
        help="keep the database and DIR (var dir + plan) and reuse them when DIR/plan.json exists "
        "(for iterating on the load; a normal run starts fresh)",
    )
    args = ap.parse_args()
    if why := reachable():
        print(f"# skipped: {why} (BENCH_POSTGRES, BENCH_REDIS_URL)")
        return
    sustain_s = 15 if args.quick else 60
    probe_s = 8 if args.quick else 20
    saturation_s = probe_s if args.quick else 60

    if args.reuse:
        tmp = Path(args.reuse)
        tmp.mkdir(parents=True, exist_ok=True)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="corridor-bench-web-"))
    reuse = bool(args.reuse) and (tmp / "plan.json").exists()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-web-only-not-a-secret-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CORRIDOR_VAR_DIR": str(tmp),
        "DATABASE_URL": f"{PG}/{DB_NAME}" if reuse else fresh_database(),
        "DJANGO_SETTINGS_MODULE": "web_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(BENCH)]),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # seeding runs tasks eagerly in this process
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(BENCH))
    (tmp / "media").mkdir(exist_ok=True)
    plan_file = tmp / "plan.json"
    if reuse:
        import django

        django.setup()
        plan = json.loads(plan_file.read_text())
    else:
        plan = prepare(str(tmp))
        plan_file.write_text(json.dumps(plan))
    distinct = {p["email"]: len(p["pages"]) for p in plan["personas"]}
    print(
        f"# plan: {len(distinct)} personas (anonymous every other user), "
        f"{sum(distinct.values())} (persona, page) pairs",
        flush=True,
    )

    import redis

    redis.Redis.from_url(REDIS).flushdb()  # the bench's own Redis database: start with a cold cache
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server_env = {**env, "REDIS_URL": REDIS, "CORRIDOR_BENCH_PLAN": str(plan_file)}
    log = tmp / "gunicorn.log"
    log_fh = open(log, "wb")  # noqa: SIM115 - this run only; the workers' stderr (Django's error log) lands here too
    gunicorn = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "corridor.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            # gunicorn closes an idle connection after 2 s by default: exactly the writer's pace at
            # 0.5 writes/s, so a write now and then went out on a connection closed that instant
            # ("HTTP 0"). In production a proxy holds client connections; 5 s avoids the race.
            "--keep-alive",
            "5",
            "--error-logfile",
            str(log),
        ],
        env=server_env,
        cwd=str(ROOT),
        stdout=log_fh,
        stderr=log_fh,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{host}/_bench/trivial", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise SystemExit("gunicorn did not come up; see " + str(log)) from None
                time.sleep(0.5)
        os.environ["CORRIDOR_BENCH_PLAN"] = str(plan_file)

        # Warm-up, not measured: the mixed workload with its writes on the cold cache (every page
        # made once per persona before the first hit), so the measured phases see the steady
        # state a running site is in, where the writes keep emptying pages.
        warm = locust(
            host, tmp / "warm-up.json", users=args.users, seconds=probe_s, writes_per_s=args.writes_per_s
        )
        print(
            f"# warm-up on the cold cache (closed loop, {probe_s} s, not measured): "
            f"{warm['closed']['rps']:.1f} req/s, {warm['closed']['failures']} errors",
            flush=True,
        )

        def trivial(name: str) -> dict:
            return locust(host, tmp / f"{name}.json", users=8, seconds=probe_s, trivial=True)["closed"]

        ceiling = trivial("ceiling")
        ceiling_line("ceiling", ceiling)
        writes = args.writes_per_s
        # Saturation over a whole page lifetime (PAGE_CACHE_SECONDS, 60 s) in a full run: every
        # kept page expires and is made again once per lifetime, so a shorter window measured
        # the mix with or without the expiries of the pages the warm-up made, by chance.
        run = locust(
            host,
            tmp / "mixed.json",
            users=args.users,
            seconds=saturation_s,
            sustain=sustain_s,
            writes_per_s=writes,
        )
        # The trivial view again right after: the mixed run is compared with the mean of the two
        # measurements around it (a machine whose speed drifts during a run, as a shared one
        # does, moves both; the start alone made the ratio depend on when the drift came).
        ceiling_mid = trivial("ceiling-mid")
        # Each group alone, closed loop: which kind of page keeps up with the trivial view.
        alone = {
            g: locust(
                host, tmp / f"alone-{g}.json", users=args.users, seconds=probe_s, group=g, writes_per_s=writes
            )["closed"]
            for g in ("public", "signed-in", "api")
        }
        # The trivial view again at the end: a machine that slowed down during the run shows here.
        ceiling_end = trivial("ceiling-end")
        saturation, mixed = run["closed"], run["sustained"]
        target = mixed["target_rps"]
        print(
            f"# saturation (closed loop, {args.users} users, {saturation_s} s): {saturation['rps']:.1f} req/s, "
            f"p95 {saturation['p95_ms']:.0f} ms, {saturation['failures']} errors; then {target:.1f} req/s "
            f"targeted for {sustain_s} s",
            flush=True,
        )
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        log_fh.close()

    around_mixed = (ceiling["rps"] + ceiling_mid["rps"]) / 2
    around_alone = (ceiling_mid["rps"] + ceiling_end["rps"]) / 2
    ceiling_line("ceiling-mid", ceiling_mid)
    bench_line(
        "web",
        "mixed",
        rps=round(mixed["rps"], 1),
        ceiling_rps=round(around_mixed, 1),
        ratio=round(saturation["rps"] / around_mixed, 3),
        p95_ms=mixed["p95_ms"],
        errors=mixed["failures"],
        saturation_rps=round(saturation["rps"], 1),
        target_rps=round(target, 1),
        seconds=sustain_s,
        writes_per_s=args.writes_per_s,
    )
    ceiling_line("ceiling-end", ceiling_end)
    w = group_stats(mixed, "write")
    bench_line(
        "web",
        "writes",
        rps=round(w["rps"], 1),
        p95_ms=w["p95_ms"],
        errors=w["errors"],
        requests=w["requests"],
        kinds=len(plan.get("writes", [])),
    )
    for group in ("public", "signed-in", "api"):
        g = group_stats(mixed, group)
        bench_line(
            "web",
            group,
            rps=round(g["rps"], 1),
            p95_ms=g["p95_ms"],
            errors=g["errors"],
            pages=g["pages"],
            requests=g["requests"],
            hit_share=hit_share(mixed, group),
            alone_rps=round(alone[group]["rps"], 1),
            alone_ratio=round(alone[group]["rps"] / around_alone, 3),
            alone_errors=alone[group]["failures"],
            alone_hit_share=hit_share(alone[group], group),
        )
    slow, thin = slowest_pages(mixed)
    counts = query_counts([(r["path"], r["persona"]) for r in slow])
    print(
        f"# five slowest pages by p95 at 80% load, over all personas ({thin} pages with fewer than 5 "
        "requests not ranked; queries: one request in-process as the persona shown):"
    )
    for r in slow:
        print(
            f"#  p95 {r['p95_ms']:6.0f} ms  mean {r['mean_ms']:6.1f} ms  n={r['requests']:4d}  "
            f"queries={counts[(r['path'], r['persona'])]:3d}  {r['group']} {r['path']} [{r['persona'] or 'anonymous'}]"
        )
    for err in mixed["errors"][:10]:
        print(f"# error: {err['occurrences']}x {err['method']} {err['name']}: {err['error']}")
    server_errors = [
        line for line in log.read_text(errors="replace").splitlines() if "Internal Server Error" in line
    ]
    print(f"# server errors in the gunicorn log: {len(server_errors)}")
    for line in server_errors[:5]:
        print(f"#  {line}")
    if not args.reuse:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
