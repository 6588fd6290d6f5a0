"""Audit the locked dependencies against the advisories PyPI publishes, where pip-audit cannot.

pip-audit asks PyPI's per-release JSON (``/pypi/<name>/<version>/json``) or OSV for the known
vulnerabilities of each locked version. Where neither answers (a machine that reaches the package
index but not those services), this script uses what does answer: PyPI's project JSON
(``/pypi/<name>/json``), whose ``vulnerabilities`` are those of the project's *latest* release.

For every ``name==version`` line of ``requirements.lock`` and ``requirements-dev.lock``:

* locked version == latest release: the advisories listed are the locked version's own; any that
  is not withdrawn is a finding (``ADVISORY``), none is ``clean``;
* locked version older than the latest: PyPI's list does not speak for it, so the package is
  ``not checked`` (with the latest release, and whether the locked one is the newest of its
  ``major.minor`` series, i.e. has every fix published for that series) and never counted clean;
* the project JSON does not answer: ``unreachable``.

For ``package-lock.json`` (npm), the registry's package document carries no advisories (``npm
audit`` asks a separate endpoint): each package is reported ``deprecated`` when its version is
marked so, else ``current`` (newest of its major) or ``behind``; none of that is called clean.

Prints one line per package, then::

    AUDIT python checked=… clean=… advisories=… not_checked=… unreachable=…
    AUDIT npm packages=… deprecated=… behind=…

and exits 1 when an advisory or a deprecated npm version is found. ``--offline FILE`` reads the
answers from a JSON file ``{"pypi": {name: project-json}, "npm": {name: package-json}}`` instead
of the network (the tests use it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements.lock", "requirements-dev.lock")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(root: Path = ROOT) -> dict[str, str]:
    """``{canonical name: version}`` from the lock files (the dev lock repeats the runtime one)."""
    out: dict[str, str] = {}
    for lock in LOCKS:
        path = root / lock
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if m := PIN.match(line.strip()):
                out[canonical(m.group(1))] = m.group(2)
    return out


def npm_pins(root: Path = ROOT) -> dict[str, str]:
    path = root / "package-lock.json"
    if not path.exists():
        return {}
    packages = json.loads(path.read_text()).get("packages", {})
    return {
        k.removeprefix("node_modules/"): v["version"] for k, v in packages.items() if k and "version" in v
    }


def fetch_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:  # noqa: S310 - fixed https URLs
            return json.load(r)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def release_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.+-]", version))


def _python_fits(spec: str) -> bool:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return SpecifierSet(spec).contains(".".join(map(str, sys.version_info[:3])))
    except InvalidSpecifier:
        return True


def python_status(version: str, project: dict | None) -> tuple[str, list[str]]:
    """(status, advisory ids) for one locked version given its project JSON (or None)."""
    if not project:
        return "unreachable", []
    latest = project.get("info", {}).get("version")
    if latest != version:
        series = ".".join(version.split(".")[:2])
        same = [v for v in project.get("releases", {}) if v.startswith(series + ".") or v == series]
        newest = max(same, key=release_key) if same else version
        where = "the newest" if newest == version else f"behind {newest}"
        note = f"latest {latest}; {where} of {series}.x"
        needs = project.get("info", {}).get("requires_python") or ""
        if needs and not _python_fits(needs):
            note += f"; {latest} needs Python {needs}"
        return f"not checked ({note})", []
    ids = [
        v.get("id") or ",".join(v.get("aliases", [])) or "?"
        for v in project.get("vulnerabilities") or []
        if not v.get("withdrawn")
    ]
    return ("ADVISORY" if ids else "clean"), ids


def npm_status(version: str, doc: dict | None) -> str:
    if not doc:
        return "unreachable"
    meta = doc.get("versions", {}).get(version)
    if meta is None:
        return "unknown version"
    if meta.get("deprecated"):
        return "deprecated"
    major = version.split(".")[0]
    same_major = [v for v in doc.get("versions", {}) if v.split(".")[0] == major and "-" not in v]
    newest = max(same_major, key=release_key) if same_major else version
    return "current" if newest == version else f"behind (newest {major}.x: {newest})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--offline", metavar="FILE", help="answers from a JSON file instead of the network")
    ap.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    root = Path(args.root)
    offline = json.loads(Path(args.offline).read_text()) if args.offline else None

    def project(name):
        if offline is not None:
            return offline.get("pypi", {}).get(name)
        return fetch_json(f"https://pypi.org/pypi/{name}/json")

    def package(name):
        if offline is not None:
            return offline.get("npm", {}).get(name)
        return fetch_json(f"https://registry.npmjs.org/{name}")

    counts = {"clean": 0, "advisories": 0, "not_checked": 0, "unreachable": 0}
    for name, version in sorted(pins(root).items()):
        status, ids = python_status(version, project(name))
        key = {"clean": "clean", "ADVISORY": "advisories", "unreachable": "unreachable"}.get(
            status, "not_checked"
        )
        counts[key] += 1
        print(f"python {name}=={version}: {status}{' ' + ' '.join(ids) if ids else ''}")
    checked = counts["clean"] + counts["advisories"]
    print(
        f"AUDIT python checked={checked} clean={counts['clean']} advisories={counts['advisories']} "
        f"not_checked={counts['not_checked']} unreachable={counts['unreachable']}"
    )
    npm = {"deprecated": 0, "behind": 0}
    npm_all = sorted(npm_pins(root).items())
    for name, version in npm_all:
        status = npm_status(version, package(name))
        npm["deprecated"] += status == "deprecated"
        npm["behind"] += status.startswith("behind")
        print(f"npm {name}@{version}: {status}")
    print(f"AUDIT npm packages={len(npm_all)} deprecated={npm['deprecated']} behind={npm['behind']}")
    return 1 if counts["advisories"] or npm["deprecated"] else 0


if __name__ == "__main__":
    sys.exit(main())
