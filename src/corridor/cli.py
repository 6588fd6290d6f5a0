"""The ``corridor`` console command.

``corridor <django-command> …`` runs any Django management command (migrate, createsuperuser,
check --deploy, …). Extra commands:

* ``corridor demo [ADDR:PORT]``: migrate, load the demo data, print the demo logins, serve.
* ``corridor seed-demo``: load (or refresh) the deterministic demo data set.
* ``corridor worker``: start a Celery worker (needs REDIS_URL).
"""

from __future__ import annotations

import os
import sys


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
    execute_from_command_line(["corridor", *argv])


if __name__ == "__main__":
    main()
