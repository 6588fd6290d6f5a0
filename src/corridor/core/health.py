"""``/healthz``: the checks that every page needs, each named in the answer.

* ``database``: a ``SELECT 1`` on the default connection.
* ``static``: with a manifest storage (production, ``DEBUG=0``), the manifest exists and names the
  files the base template loads; without ``collectstatic`` every page would answer 500.
* ``storage``: the default file storage accepts, reads back and deletes a small file.
* ``broker``: when ``REDIS_URL`` is set, the Redis broker answers a ping.

``status()`` answers ``(ok, {check: "ok" | "skipped" | "error: <reason>"})``; the view answers 200 with
``{"status": "ok", "checks": {…}}`` or 503 with ``"status": "error"`` and ``"failing": [names]``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

#: Files the base template links on every page.
PAGE_ASSETS = ("corridor/app.css", "corridor/app.js", "corridor/favicon.svg")
OK, SKIPPED = "ok", "skipped"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_static() -> str:
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return SKIPPED
    manifest, _hash = storage.load_manifest()
    if not manifest:
        raise RuntimeError("no static manifest: run collectstatic")
    missing = [name for name in PAGE_ASSETS if name not in manifest]
    if missing:
        raise RuntimeError(f"not in the static manifest: {', '.join(missing)}")
    return OK


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage returned different content")
    finally:
        default_storage.delete(name)
    return OK


def check_broker() -> str:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return SKIPPED
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return OK


CHECKS = {
    "database": check_database,
    "static": check_static,
    "storage": check_storage,
    "broker": check_broker,
}


def status() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure of a check means unhealthy
            # Our own findings say what to do; other errors only name their kind (no hosts, no paths).
            detail = f": {exc}" if isinstance(exc, RuntimeError) else ""
            results[name] = f"error: {exc.__class__.__name__}{detail}"[:300]
    return all(not r.startswith("error") for r in results.values()), results


@never_cache
def healthz(request):
    ok, results = status()
    body = {"status": "ok" if ok else "error", "checks": results}
    if not ok:
        body["failing"] = [name for name, r in results.items() if r.startswith("error")]
    return JsonResponse(body, status=200 if ok else 503)
