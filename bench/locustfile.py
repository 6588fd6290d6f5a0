"""Locust load for the web benchmark (``bench/bench_web.py``), also usable on its own.

Every simulated user is one persona from the plan (``CORRIDOR_BENCH_PLAN``, a JSON file written by
``bench_web.py``): an anonymous visitor, or a demo persona who signs in ONCE through the login
form (and takes one API token from ``/api/auth/token/`` for the API pages), then opens that
persona's pages at random. Every page must answer 200 exactly (a redirect or any other status
counts as an error). Requests are named ``<group> <path> [<persona>]`` with group ``public``,
``signed-in`` or ``api``; the sign-in requests are named ``setup …`` and are not part of the
measurement (the runner below resets the statistics once everyone has signed in).

Interactive use::

    CORRIDOR_BENCH_PLAN=plan.json locust -f bench/locustfile.py --host http://127.0.0.1:8100

Bench use (``python bench/locustfile.py --host … --users N --seconds S --out stats.json``): runs
headless through locust's library API with a warm-up that ends when every user has signed in,
then measures for ``--seconds`` and writes the statistics as JSON. ``--writes-per-s`` adds one
``Writer`` user editing organisation descriptions at that pace through every phase. ``--rate``
sets a total target
rate (requests/s spread over the users with ``constant_throughput``); 0 means as fast as
possible (closed loop, no think time: the saturation measurement). ``--trivial`` requests only
the benchmark's trivial view (the ceiling); ``--group public|signed-in|api`` only that group's
pages, by the personas that have some.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, constant, constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpSession

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
#: every measured request goes on a connection of its own, as through a reverse proxy that opens
#: one per request to the app server (nginx's default): kept-alive connections stay with the
#: worker that accepted them, and a closed loop of a few users has a few connections, so one
#: worker served all of them in some runs (the trivial view measured at half its rate after the
#: mixed load, on the same server): the figures measured which worker accepted, not capacity
CLOSE = {"Connection": "close"}

_plan_cache: dict | None = None
_next_persona = itertools.count()
signed_in = {"users": 0}
#: answers per group and whether the page cache served them (``X-Page-Cache``: hit, miss, or
#: none for what it does not keep), reset with the statistics
cache_answers: dict[str, dict[str, int]] = {}
setup_errors: list[str] = []


def plan() -> dict:
    global _plan_cache
    if _plan_cache is None:
        path = os.environ.get("CORRIDOR_BENCH_PLAN")
        if path:
            with open(path) as fh:
                _plan_cache = json.load(fh)
        else:
            _plan_cache = {"password": "", "personas": [], "trivial": True}
    return _plan_cache


class Visitor(FastHttpUser):
    # Replaced by the runner below; the interactive default is a second of think time.
    wait_time = constant(1)

    def on_start(self):
        p = plan()
        index = next(_next_persona)
        self.rng = random.Random(index)  # each user's page sequence is reproducible
        self.headers: dict[str, str] = {}
        # The API client keeps no session cookie: it authenticates with its token alone.
        self.api = FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
        )
        if p.get("trivial") or not p["personas"]:
            self.groups = {"trivial": [("/_bench/trivial", "trivial")]}
            signed_in["users"] += 1
            return
        persona = p["personas"][index % len(p["personas"])]
        email = persona["email"]
        who = email or "anonymous"
        if email:
            try:
                self._sign_in(email, p["password"])
                self._take_token(email, p["password"])
            except Exception as exc:
                setup_errors.append(f"{email}: {exc!r}")
                raise
        # Pick a group first (HTML or API), then a page of it: the API does not drown the pages.
        self.groups = {}
        for group, path in persona["pages"]:
            self.groups.setdefault(group, []).append((path, f"{group} {path} [{who}]"))
        signed_in["users"] += 1

    def _sign_in(self, email: str, password: str) -> None:
        r = self.client.get("/account/login/", name="setup login form")
        match = CSRF_RE.search(r.text or "")
        if not match:
            raise RuntimeError("no CSRF token on the login form")
        with self.client.post(
            "/account/login/",
            data={"username": email, "password": password, "csrfmiddlewaretoken": match.group(1)},
            headers={"Referer": f"{self.host}/account/login/"},
            allow_redirects=False,
            name="setup login",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"sign-in as {email} answered {r.status_code}")
                raise RuntimeError(f"sign-in as {email} failed: {r.status_code} {(r.text or '')[:300]!r}")

    def _take_token(self, email: str, password: str) -> None:
        r = self.api.post(
            "/api/auth/token/",
            json={"email": email, "password": password, "name": "load bench"},
            name="setup api token",
        )
        if r.status_code != 200:
            raise RuntimeError(
                f"token for {email} failed: {r.status_code} {r.error!r} {(r.text or '')[:200]!r}"
            )
        self.headers = {"Authorization": f"Token {r.json()['token']}"}

    @task
    def page(self):
        group = self.rng.choice(sorted(self.groups))
        path, name = self.rng.choice(self.groups[group])
        client, headers = (self.api, {**self.headers, **CLOSE}) if group == "api" else (self.client, CLOSE)
        with client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            seen = (r.headers or {}).get("X-Page-Cache") or "none"
            counts = cache_answers.setdefault(group, {})
            counts[seen] = counts.get(seen, 0) + 1


class Writer(FastHttpUser):
    """The load's writes (``--writes-per-s``, one user at a fixed pace in every phase), the plan's
    ``writes`` in turn through the API: owners and admins editing their organisation's
    description (each edit a new text, 200) and people replying in a conversation (201); any other
    answer is an error. They are named ``write PATCH …`` and ``write POST …``."""

    fixed_count = 1
    wait_time = constant(1)  # replaced by the runner below

    def on_start(self):
        p = plan()
        self.writes = list(p.get("writes", []))
        self.tokens: dict[str, dict[str, str]] = {}
        self.turn = itertools.count()
        for w in self.writes:
            email = w["email"]
            if email in self.tokens:
                continue
            r = self.client.post(
                "/api/auth/token/",
                json={"email": email, "password": p["password"], "name": "load bench writes"},
                name="setup writer token",
            )
            if r.status_code != 200:
                setup_errors.append(f"writer {email}: {r.status_code}")
                raise RuntimeError(f"writer token for {email} failed: {r.status_code}")
            self.tokens[email] = {"Authorization": f"Token {r.json()['token']}"}
        signed_in["writers"] = signed_in.get("writers", 0) + 1

    @task
    def write(self):
        if not self.writes:
            return
        n = next(self.turn)
        w = self.writes[n % len(self.writes)]
        name = f"write {w['method']} {w['path']} [{w['email']}]"
        if w["method"] == "PATCH":
            body, expected = {"description": f"{w['description']} (edit {n})"}, 200
        else:
            body, expected = {"body": f"Load bench reply {n}"}, 201
        with self.client.request(
            w["method"],
            w["path"],
            json=body,
            headers={**self.tokens[w["email"]], **CLOSE},
            name=name,
            catch_response=True,
        ) as r:
            if r.status_code != expected:
                r.failure(f"HTTP {r.status_code}")


def _snapshot(stats, elapsed: float) -> dict:
    entries = []
    for (name, method), entry in stats.entries.items():
        if entry.num_requests == 0:
            continue
        entries.append(
            {
                "name": name,
                "method": method,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "mean_ms": entry.avg_response_time,
                "response_times": {str(k): v for k, v in entry.response_times.items()},
            }
        )
    total = stats.total
    return {
        "elapsed_s": elapsed,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.num_requests / elapsed,
        "p95_ms": total.get_response_time_percentile(0.95),
        "p50_ms": total.get_response_time_percentile(0.5),
        "entries": entries,
        "errors": [
            {"name": f.name, "method": f.method, "error": str(f.error), "occurrences": f.occurrences}
            for f in stats.errors.values()
        ],
    }


def _run(argv: list[str] | None = None) -> None:
    """Headless measurement through the library API (see the module docstring): sign everyone in,
    measure closed loop (no think time) for ``--seconds``; then, with ``--sustain-seconds``, hold
    ``--sustain-fraction`` of that throughput (``constant_throughput`` per user) and measure again."""
    import argparse
    import time

    import gevent
    from locust.env import Environment

    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--sustain-seconds", type=float, default=0)
    ap.add_argument("--sustain-fraction", type=float, default=0.8)
    ap.add_argument("--trivial", action="store_true")
    ap.add_argument("--group", choices=("public", "signed-in", "api"), help="only this group's pages")
    ap.add_argument("--writes-per-s", type=float, default=0, help="the Writer's pace (0: no writes)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    global _plan_cache
    if args.trivial:
        _plan_cache = {"password": "", "personas": [], "trivial": True}
    elif args.group:
        # The personas that have pages of the group, each with those pages only.
        whole = plan()
        only = [
            {**p, "pages": [pg for pg in p["pages"] if pg[0] == args.group]}
            for p in whole["personas"]
            if any(pg[0] == args.group for pg in p["pages"])
        ]
        _plan_cache = {**whole, "personas": only}
    Visitor.wait_time = constant(0)
    writers = 1 if args.writes_per_s > 0 and not args.trivial and plan().get("writes") else 0
    Writer.wait_time = constant_throughput(args.writes_per_s) if writers else constant(1)
    classes = [Visitor, Writer] if writers else [Visitor]
    env = Environment(user_classes=classes, host=args.host, events=events)
    runner = env.create_local_runner()
    t0 = time.monotonic()
    runner.start(args.users + writers, spawn_rate=args.users + writers)
    deadline = time.monotonic() + 90
    while (
        signed_in["users"] < args.users or signed_in.get("writers", 0) < writers
    ) and time.monotonic() < deadline:
        gevent.sleep(0.2)
    setup_s = time.monotonic() - t0
    gevent.sleep(1.0)  # a second of load before measuring: connections open, caches warm
    setup_failures = runner.stats.total.num_failures
    out = {"users": args.users, "signed_in": signed_in["users"], "setup_s": setup_s}
    out["setup_failures"] = setup_failures
    out["setup_errors"] = setup_errors[:20]

    runner.stats.reset_all()
    cache_answers.clear()
    started = time.monotonic()
    gevent.sleep(args.seconds)
    out["closed"] = _snapshot(runner.stats, time.monotonic() - started)
    out["closed"]["cache"] = {g: dict(c) for g, c in cache_answers.items()}

    if args.sustain_seconds > 0:
        target = args.sustain_fraction * out["closed"]["rps"]
        Visitor.wait_time = constant_throughput(target / args.users)
        gevent.sleep(2.0)  # let the queue drain to the new pace
        runner.stats.reset_all()
        cache_answers.clear()
        started = time.monotonic()
        gevent.sleep(args.sustain_seconds)
        out["sustained"] = _snapshot(runner.stats, time.monotonic() - started)
        out["sustained"]["target_rps"] = target
        out["sustained"]["cache"] = {g: dict(c) for g, c in cache_answers.items()}
    runner.quit()
    with open(args.out, "w") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    _run()
