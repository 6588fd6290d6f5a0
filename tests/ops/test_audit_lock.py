"""``scripts/audit_lock.py``: the dependency audit from PyPI's project JSON and the npm registry,
fed offline answers so the verdicts are checked without a network."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit_lock", ROOT / "scripts" / "audit_lock.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def project(version, vulnerabilities=(), releases=None, requires_python=None):
    return {
        "info": {"version": version, "requires_python": requires_python},
        "vulnerabilities": list(vulnerabilities),
        "releases": {v: [] for v in (releases or [version])},
    }


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "requirements.lock").write_text("# runtime\nDjango==5.2.19\nsqlparse==0.6.1\n")
    (tmp_path / "requirements-dev.lock").write_text("django==5.2.19\nsqlparse==0.6.1\nhypothesis==6.1.0 \\\n")
    (tmp_path / "package-lock.json").write_text(
        json.dumps({"packages": {"": {}, "node_modules/htmx.org": {"version": "2.0.11"}}})
    )
    return tmp_path


def run(tree, answers, capsys):
    offline = tree / "answers.json"
    offline.write_text(json.dumps(answers))
    rc = audit.main(["--root", str(tree), "--offline", str(offline)])
    return rc, capsys.readouterr().out


NPM_OK = {"htmx.org": {"versions": {"2.0.10": {}, "2.0.11": {}, "4.0.1": {}}}}


def test_the_real_locks_are_read_whole():
    pins = audit.pins()
    assert pins["django"].startswith("5.2.")
    assert len(pins) > 150  # runtime and dev locks together, one entry per package
    assert set(audit.npm_pins()) >= {"htmx.org"}


def test_current_versions_without_advisories_are_clean(tree, capsys):
    answers = {
        "pypi": {
            "django": project("5.2.19"),
            "sqlparse": project("0.6.1", [{"id": "OLD", "withdrawn": "2026-01-01"}]),
            "hypothesis": project("6.1.0"),
        },
        "npm": NPM_OK,
    }
    rc, out = run(tree, answers, capsys)
    assert rc == 0
    assert "AUDIT python checked=3 clean=3 advisories=0 not_checked=0 unreachable=0" in out
    assert "npm htmx.org@2.0.11: current" in out
    assert "AUDIT npm packages=1 deprecated=0 behind=0" in out


def test_an_advisory_on_the_locked_version_fails_and_is_named(tree, capsys):
    answers = {
        "pypi": {
            "django": project("5.2.19"),
            "sqlparse": project("0.6.1", [{"id": "PYSEC-2026-1", "aliases": ["CVE-2026-9"]}]),
            "hypothesis": project("6.1.0"),
        },
        "npm": NPM_OK,
    }
    rc, out = run(tree, answers, capsys)
    assert rc == 1
    assert "python sqlparse==0.6.1: ADVISORY PYSEC-2026-1" in out
    assert "advisories=1" in out


def test_an_older_version_is_not_called_clean(tree, capsys):
    answers = {
        "pypi": {
            "django": project("6.1.3", releases=["5.2.18", "5.2.19", "6.1.3"], requires_python=">=3.99"),
            "sqlparse": project("0.7.0", releases=["0.6.1", "0.6.2", "0.7.0"]),
        },
        "npm": {"htmx.org": {"versions": {"2.0.11": {}, "2.0.12": {}}}},
    }
    rc, out = run(tree, answers, capsys)
    assert rc == 0  # nothing known against it, but nothing proven either
    assert "django==5.2.19: not checked (latest 6.1.3; the newest of 5.2.x; 6.1.3 needs Python >=3.99)" in out
    assert "sqlparse==0.6.1: not checked (latest 0.7.0; behind 0.6.2 of 0.6.x)" in out
    assert "hypothesis==6.1.0: unreachable" in out
    assert "AUDIT python checked=0 clean=0 advisories=0 not_checked=2 unreachable=1" in out
    assert "npm htmx.org@2.0.11: behind (newest 2.x: 2.0.12)" in out


def test_a_deprecated_npm_version_fails(tree, capsys):
    answers = {
        "pypi": {"django": project("5.2.19"), "sqlparse": project("0.6.1"), "hypothesis": project("6.1.0")},
        "npm": {"htmx.org": {"versions": {"2.0.11": {"deprecated": "security fix in 2.0.12"}}}},
    }
    rc, out = run(tree, answers, capsys)
    assert rc == 1
    assert "npm htmx.org@2.0.11: deprecated" in out
