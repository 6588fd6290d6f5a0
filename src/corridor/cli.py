"""The ``corridor`` console command.

``corridor <django-command> …`` runs any Django management command (migrate, createsuperuser,
check --deploy, …). Extra commands:

* ``corridor demo [ADDR:PORT]``: migrate, load the demo data, print the demo logins, serve.
* ``corridor seed-demo``: load (or refresh) the deterministic demo data set.
* ``corridor erase-user EMAIL``: erase a person on request (deactivate, anonymise; see core.erasure).
* ``corridor worker``: start a Celery worker (needs REDIS_URL).
* ``corridor solve schedule|assign|stable FILE.json [--time-limit S]``: run an engine on an
  instance file (``-`` reads standard input) and print the solution as JSON; formats in
  docs/engines.md.  Bad input prints ``{"errors": [{"field", "message"}]}`` on standard error
  and exits with status 2.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys

SOLVE_ENGINES = ("schedule", "assign", "stable")


def _fail(field: str, message: str, code: int = 2) -> int:
    print(json.dumps({"errors": [{"field": field, "message": message}]}), file=sys.stderr)
    return code


@contextlib.contextmanager
def _stdout_to_stderr():
    """Solvers' native banners (HiGHS prints one) must not mix with the JSON answer."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def solve(argv: list[str]) -> int:
    """``corridor solve ENGINE FILE [--time-limit S]``: returns the exit status."""
    import argparse

    ap = argparse.ArgumentParser(prog="corridor solve", description="Run an engine on a JSON instance.")
    ap.add_argument("engine", choices=SOLVE_ENGINES)
    ap.add_argument("file", help="instance JSON file, or - for standard input")
    ap.add_argument("--time-limit", type=float, default=None, help="seconds (default: the engine's)")
    args = ap.parse_args(argv)
    if args.time_limit is not None and not (0 < args.time_limit <= 86_400):
        return _fail("--time-limit", "must be a number of seconds above 0 and at most 86400")
    try:
        module = importlib.import_module(f"corridor.engines.{args.engine}")
    except ImportError as exc:
        return _fail("engine", f"engine {args.engine!r} cannot be loaded: {exc}")
    solve_json = getattr(module, "solve_json", None)
    if solve_json is None:
        return _fail("engine", f"engine {args.engine!r} has no JSON entry point (solve_json) yet")
    try:
        if args.file == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as fh:
                data = json.load(fh)
    except OSError as exc:
        return _fail("file", f"cannot read {args.file}: {exc.strerror or exc}")
    except (ValueError, UnicodeDecodeError) as exc:
        return _fail("file", f"not valid JSON: {exc}")
    try:
        with _stdout_to_stderr():
            answer = solve_json(data, args.time_limit)
    except ValueError as exc:
        return _fail(getattr(exc, "field", "$"), getattr(exc, "message", str(exc)))
    print(json.dumps(answer))
    return 0


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")


def _make_var_dirs() -> None:
    """Create ``CORRIDOR_VAR_DIR`` (and the SQLite file's folder) when a command needs it.

    Importing settings creates nothing on disk; the command line does it once, before Django
    opens the database.
    """
    from pathlib import Path

    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup()
    command = argv[0] if argv else "help"

    if command == "solve":
        sys.exit(solve(argv[1:]))

    if command == "worker":
        from corridor.celery import app

        app.worker_main(["worker", "--loglevel=INFO", *argv[1:]])
        return

    import django
    from django.core.management import call_command, execute_from_command_line

    if command not in {"help", "--help", "-h", "version", "--version", "check"}:
        _make_var_dirs()

    if command == "demo":
        import time

        started = time.perf_counter()
        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        if os.environ.get("DEBUG", "1") not in {"0", "false", "False"}:
            call_command("collectstatic", interactive=False, verbosity=0)
        print(f"Demo ready in {time.perf_counter() - started:.1f} s.")
        addr = argv[1] if len(argv) > 1 else "127.0.0.1:8000"
        execute_from_command_line(["corridor", "runserver", "--noreload", addr])
        return

    if command == "seed-demo":
        argv[0] = "seed_demo"
    if command == "erase-user":
        argv[0] = "erase_user"
    execute_from_command_line(["corridor", *argv])


if __name__ == "__main__":
    main()
