"""Permission matrix for trade data: every persona × every action, by page, API and service.

Data: a published release "Public MY-KE" and an unpublished one "SECRET unpublished release",
each with its import job. Expected: published figures are public; unpublished releases, uploads,
import jobs, publishing and the target setting are the secretariat's; to everybody else an
unpublished release or a job is missing (the same 404 as a nonexistent id), and its title never
appears.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corridor.trade import services
from corridor.trade.models import ImportJob, TargetSetting, TradeRelease
from tests.matrix import (
    MISSING_PK,
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    listed,
    page_client,
    user_of,
)

from .conftest import COMTRADE_HEADER, comtrade_rows

SECRET = "SECRET unpublished release"
PUBLIC = "Public MY-KE"

pytestmark = pytest.mark.django_db


@pytest.fixture
def tx(personas, write_csv):
    published = services.import_file(
        path=write_csv("pub.csv", comtrade_rows()), fmt="comtrade", dataset="pub", title=PUBLIC, publish=True
    ).release
    secret = services.import_file(
        path=write_csv("sec.csv", comtrade_rows(scale=3)), fmt="comtrade", dataset="sec", title=SECRET
    ).release
    personas.__dict__.update(published=published, secret=secret, job=ImportJob.objects.get(release=secret))
    return personas


def upload():
    body = "\n".join([COMTRADE_HEADER, *comtrade_rows()]) + "\n"
    return SimpleUploadedFile("upload.csv", body.encode(), content_type="text/csv")


def is_published(release):
    return TradeRelease.objects.get(pk=release.pk).is_published


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
def test_page_dashboard_and_releases(tx, login, who):
    """Everyone sees the published release; the secretariat's dashboard shows the newest release
    (unpublished ones included), everybody else's only published figures."""
    c = page_client(tx, login, who)
    releases = c.get(reverse("trade:releases"))
    assert releases.status_code == 200 and PUBLIC in releases.content.decode()
    assert (SECRET in releases.content.decode()) is (who == "secretariat")
    dashboard = c.get(reverse("trade:dashboard"))
    assert dashboard.status_code == 200
    if who == "secretariat":
        assert f"release #{tx.secret.pk}" in dashboard.content.decode()
    else:
        assert (
            SECRET not in dashboard.content.decode()
            and f"release #{tx.secret.pk}" not in dashboard.content.decode()
        )
    assert c.get(reverse("trade:release", args=[tx.published.pk])).status_code == 200


@pytest.mark.parametrize("who", PERSONAS)
def test_page_unpublished_release(tx, login, who):
    c = page_client(tx, login, who)
    r = c.get(reverse("trade:release", args=[tx.secret.pk]))
    if who == "secretariat":
        assert r.status_code == 200 and SECRET in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("trade:release", args=[MISSING_PK])), SECRET)
        dashboard = c.get(reverse("trade:dashboard") + f"?release={tx.secret.pk}")
        assert dashboard.status_code == 404 and SECRET not in dashboard.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_page_publish(tx, login, who):
    c = page_client(tx, login, who)
    r = c.post(reverse("trade:release_publish", args=[tx.secret.pk]), {"action": "publish"})
    if who == "secretariat":
        assert r.status_code == 302 and is_published(tx.secret)
    else:
        assert not is_published(tx.secret)
        missing = c.post(reverse("trade:release_publish", args=[MISSING_PK]), {"action": "publish"})
        assert_hidden(r, missing, SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_upload(tx, login, who, django_capture_on_commit_callbacks):
    c = page_client(tx, login, who)
    form = c.get(reverse("trade:upload"))
    with django_capture_on_commit_callbacks(execute=False):
        r = c.post(reverse("trade:upload"), {"file": upload(), "format": "comtrade", "dataset": "up"})
    if who == "secretariat":
        assert form.status_code == 200 and r.status_code == 302
        assert ImportJob.objects.count() == 3
    else:
        assert ImportJob.objects.count() == 2
        for response in (form, r):
            assert response.status_code == (302 if who == "anonymous" else 404)
            assert SECRET not in response.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", ["trade:job", "trade:job_progress"])
def test_page_job(tx, login, who, name):
    c = page_client(tx, login, who)
    r = c.get(reverse(name, args=[tx.job.pk]))
    if who == "secretariat":
        assert r.status_code == 200
    else:
        assert_hidden(r, c.get(reverse(name, args=[MISSING_PK])), SECRET)


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_releases(tx, who):
    c = api_client(tx, who)
    r = c.get(reverse("trade-release-list"))
    assert listed(r, PUBLIC)
    assert listed(r, SECRET) is (who == "secretariat")
    r = c.get(reverse("trade-release-detail", args=[tx.secret.pk]))
    if who == "secretariat":
        assert r.status_code == 200 and SECRET in r.content.decode()
    else:
        missing = c.get(reverse("trade-release-detail", args=[MISSING_PK]))
        assert r.status_code == missing.status_code == 404 and SECRET not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_publish(tx, who):
    r = api_client(tx, who).post(reverse("trade-release-publish", args=[tx.secret.pk]))
    if who == "secretariat":
        assert r.status_code == 200 and is_published(tx.secret)
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert not is_published(tx.secret)


@pytest.mark.parametrize("who", PERSONAS)
def test_api_jobs(tx, who, django_capture_on_commit_callbacks):
    c = api_client(tx, who)
    listing = c.get(reverse("trade-job-list"))
    detail = c.get(reverse("trade-job-detail", args=[tx.job.pk]))
    with django_capture_on_commit_callbacks(execute=False):
        created = c.post(reverse("trade-job-list"), {"file": upload(), "source_format": "comtrade"})
    if who == "secretariat":
        assert listing.status_code == detail.status_code == 200
        assert created.status_code == 201
        assert ImportJob.objects.count() == 3
    else:
        for r in (listing, detail, created):
            assert r.status_code == 404 and SECRET not in r.content.decode()
        assert ImportJob.objects.count() == 2


@pytest.mark.parametrize("who", PERSONAS)
def test_api_public_tables(tx, who):
    c = api_client(tx, who)
    assert c.get(reverse("trade-target-list")).status_code == 200
    r = c.get(reverse("trade-table-detail", args=["trend"]) + f"?release={tx.secret.pk}")
    assert (r.status_code == 200) is (who == "secretariat")
    if who != "secretariat":
        assert r.status_code == 404


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", PERSONAS)
def test_service_publish_and_unpublish(tx, who):
    by = user_of(tx, who)
    if who == "secretariat":
        services.publish_release(release=tx.secret, by=by)
        assert is_published(tx.secret)
        services.unpublish_release(release=tx.secret, by=by)
        assert not is_published(tx.secret)
    else:
        with pytest.raises(PermissionDenied):
            services.publish_release(release=tx.secret, by=by)
        with pytest.raises(PermissionDenied):
            services.unpublish_release(release=tx.published, by=by)
        assert not is_published(tx.secret) and is_published(tx.published)


@pytest.mark.parametrize("who", PERSONAS)
def test_service_start_import(tx, who, django_capture_on_commit_callbacks):
    by = user_of(tx, who)
    with django_capture_on_commit_callbacks(execute=False):
        if who == "secretariat":
            services.start_import(by=by, uploaded=upload(), fmt="comtrade")
        else:
            with pytest.raises(PermissionDenied):
                services.start_import(by=by, uploaded=upload(), fmt="comtrade")
    assert ImportJob.objects.count() == (3 if who == "secretariat" else 2)


@pytest.mark.parametrize("who", PERSONAS)
def test_service_set_target(tx, who):
    by = user_of(tx, who)
    kwargs = {"by": by, "baseline_year": 2024, "baseline_value": Decimal("5700000000"), "currency": "USD"}
    if who == "secretariat":
        services.set_target(**kwargs)
    else:
        with pytest.raises(PermissionDenied):
            services.set_target(**kwargs)
    assert TargetSetting.objects.count() == (1 if who == "secretariat" else 0)
