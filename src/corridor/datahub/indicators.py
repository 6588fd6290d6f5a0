"""Indicators the data hub contributes to the council's registry (real records only)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count

from corridor.council.registry import Provider, register


def _by_country(rows, key: str) -> dict[str | None, float]:
    """Partner countries' counts; the total (key None) also counts other and unknown countries."""
    out: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    total = 0.0
    for row in rows:
        total += float(row["n"])
        if row[key] in out:
            out[row[key]] = float(row["n"])
    out[None] = total
    return out


def datasets_published(start: dt.date, end: dt.date):
    from .models import DatasetVersion

    rows = (
        DatasetVersion.objects.filter(
            status="published",
            number=1,
            dataset__is_fictional=False,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .values("dataset__organisation__country_id")
        .annotate(n=Count("id"))
    )
    return _by_country(rows, "dataset__organisation__country_id")


def versions_published(start: dt.date, end: dt.date):
    from .models import DatasetVersion

    rows = (
        DatasetVersion.objects.filter(
            status="published",
            dataset__is_fictional=False,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .values("dataset__organisation__country_id")
        .annotate(n=Count("id"))
    )
    return _by_country(rows, "dataset__organisation__country_id")


def agreements_signed(start: dt.date, end: dt.date):
    from .models import DataSharingAgreement

    rows = (
        DataSharingAgreement.objects.filter(
            dataset__is_fictional=False, starts_at__date__gte=start, starts_at__date__lte=end
        )
        .values("provider__country_id")
        .annotate(n=Count("id"))
    )
    return _by_country(rows, "provider__country_id")


def downloads(start: dt.date, end: dt.date):
    from .models import DownloadLog

    rows = (
        DownloadLog.objects.filter(dataset__is_fictional=False, at__date__gte=start, at__date__lte=end)
        .values("country_id")
        .annotate(n=Count("id"))
    )
    return _by_country(rows, "country_id")


def requests_pending(start: dt.date, end: dt.date):
    from .models import AccessRequest

    n = AccessRequest.objects.filter(
        status="pending", dataset__is_fictional=False, created_at__date__lte=end
    ).count()
    return {None: float(n)}


for code, name, unit, definition, fn, by_country in (
    (
        "datahub.datasets",
        "Datasets published on the data hub",
        "datasets",
        "Datasets whose first version was published during the period, by the publisher's country.",
        datasets_published,
        True,
    ),
    (
        "datahub.versions",
        "Dataset versions published",
        "versions",
        "Versions published during the period (new datasets and updates), by the publisher's country.",
        versions_published,
        True,
    ),
    (
        "datahub.agreements",
        "Data-sharing agreements signed",
        "agreements",
        "Agreements recorded when a restricted-data request was approved, by the provider's country.",
        agreements_signed,
        True,
    ),
    (
        "datahub.downloads",
        "Dataset downloads",
        "downloads",
        "Files downloaded (pages and API) during the period, by the downloader's country.",
        downloads,
        True,
    ),
    (
        "datahub.requests_pending",
        "Access requests pending",
        "requests",
        "Requests for restricted data still awaiting the publisher's decision at the end of the period.",
        requests_pending,
        False,
    ),
):
    register(
        Provider(
            code=code,
            name=name,
            unit=unit,
            pillar="data",
            definition=definition,
            compute=fn,
            module="datahub",
            by_country=by_country,
        )
    )
