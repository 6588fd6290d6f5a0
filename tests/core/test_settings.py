"""Settings fail closed, create nothing on import, and the README lists every variable they read."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "corridor" / "settings.py"
README = ROOT / "README.md"
READERS = {"get", "env_bool", "env_list"}


def variables_read_by_settings() -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "get" and not (isinstance(func.value, ast.Attribute) and func.value.attr == "environ"):
            continue
        first = node.args[0]
        if name in READERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def variables_in_readme() -> set[str]:
    text = README.read_text()
    section = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_readme_lists_every_variable_settings_read():
    read = variables_read_by_settings()
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND", "REDIS_URL"} <= read
    assert read == variables_in_readme()


def run_settings(
    env: dict[str, str], tmp_path, code: str = "from django.conf import settings; print(settings.DEBUG)"
) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "PAGE_CACHE_SECONDS"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.update(env, CORRIDOR_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="corridor.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "SECRET_KEY"), ({"DEBUG": "0", "SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS")],
)
def test_without_debug_a_missing_variable_stops_start_up_in_one_line(env, missing, tmp_path):
    result = run_settings(env, tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert missing in result.stderr
    assert not (tmp_path / "var").exists()


def test_debug_defaults_off_and_import_creates_nothing(tmp_path):
    result = run_settings({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "a"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert not (tmp_path / "var").exists()


@override_settings(DEBUG=False, REDIS_URL="")
def test_deploy_check_warns_when_tasks_run_in_the_web_process():
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "corridor.W001" in ids


@override_settings(DEBUG=False, REDIS_URL="redis://127.0.0.1:6379/0")
def test_deploy_check_quiet_with_redis():
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "corridor.W001" not in ids


@override_settings(
    PAGE_CACHE_SECONDS=60, CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
def test_deploy_check_warns_of_a_page_cache_per_process():
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "corridor.W002" in ids


@override_settings(PAGE_CACHE_SECONDS=0)
def test_deploy_check_quiet_without_page_cache():
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "corridor.W002" not in ids


def test_page_cache_off_by_default_without_a_shared_cache(tmp_path):
    code = "from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
    base = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "a"}
    assert run_settings(base, tmp_path, code=code).stdout.strip() == "0"
    shared = run_settings({**base, "REDIS_URL": "redis://127.0.0.1:6379/9"}, tmp_path, code=code)
    assert shared.stdout.strip() == "60"


PG = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "a", "DATABASE_URL": "postgres://u@127.0.0.1:5432/d"}
DB_OPTIONS = "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))"


def test_postgresql_prepares_statements_by_default(tmp_path):
    result = run_settings(PG, tmp_path, code=DB_OPTIONS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('prepare_threshold', 2), ('server_side_binding', True)]"
    custom = run_settings({**PG, "DB_PREPARE_THRESHOLD": "5"}, tmp_path, code=DB_OPTIONS)
    assert "('prepare_threshold', 5)" in custom.stdout


def test_prepared_statements_off_for_a_transaction_pooler(tmp_path):
    result = run_settings({**PG, "DB_PREPARE_THRESHOLD": "off"}, tmp_path, code=DB_OPTIONS)
    assert result.returncode == 0, result.stderr
    assert "prepare_threshold" not in result.stdout
    assert "server_side_binding" not in result.stdout


def test_a_bad_prepare_threshold_stops_start_up_in_one_line(tmp_path):
    result = run_settings({**PG, "DB_PREPARE_THRESHOLD": "sometimes"}, tmp_path, code=DB_OPTIONS)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "DB_PREPARE_THRESHOLD" in result.stderr
