"""The dashboard's figures are computed once per trade-data change and language (Django cache),
forgotten when a release is imported, published, deleted or the target changes, and warmed by an
import so the first visitor does not wait."""

from decimal import Decimal

import pytest
from django.test import Client

from corridor.trade import queries, services

from .conftest import comtrade_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def computations(monkeypatch):
    """How many times the dashboard's figures were computed (not read from the cache)."""
    calls = []
    real = queries._dashboard_tables

    def counting(user, **filters):
        calls.append(filters)
        return real(user, **filters)

    monkeypatch.setattr(queries, "_dashboard_tables", counting)
    return calls


def _publish(write_csv, name, scale=1.0):
    job = services.import_file(
        path=write_csv(f"{name}.csv", comtrade_rows(scale)), fmt="comtrade", dataset="my-ke", publish=True
    )
    assert job.is_imported, job.errors
    return job.release


def test_the_second_visit_reads_the_cache(write_csv, computations):
    release = _publish(write_csv, "a")
    computations.clear()
    first = Client().get("/trade/").content.decode()
    second = Client().get("/trade/").content.decode()
    assert f"release #{release.pk}" in first and f"release #{release.pk}" in second
    assert len(computations) == 1
    Client().get("/trade/data/trend.csv")  # a download of the same view reads the same figures
    assert len(computations) == 1
    Client().get("/trade/?direction=ke-my")  # other filters: other figures
    assert len(computations) == 2


def test_each_language_has_its_own_figures(write_csv, computations):
    _publish(write_csv, "a")
    computations.clear()
    Client().get("/trade/", HTTP_ACCEPT_LANGUAGE="en")
    Client().get("/trade/", HTTP_ACCEPT_LANGUAGE="ms")
    Client().get("/trade/", HTTP_ACCEPT_LANGUAGE="ms")
    assert len(computations) == 2


def test_a_new_release_and_a_deleted_one_are_shown_at_once(write_csv):
    first = _publish(write_csv, "a")
    assert f"release #{first.pk}" in Client().get("/trade/").content.decode()
    revision = _publish(write_csv, "b", scale=2.0)
    page = Client().get("/trade/").content.decode()
    assert f"release #{revision.pk}" in page and f"release #{first.pk})" not in page
    revision.jobs.update(release=None)
    first.superseded_by = None
    revision.delete()
    assert f"release #{first.pk}" in Client().get("/trade/").content.decode()


def test_publishing_and_withdrawing_change_what_the_public_sees(write_csv, personas):
    job = services.import_file(path=write_csv("a.csv", comtrade_rows()), fmt="comtrade", dataset="my-ke")
    assert "No trade-flow release is published yet." in Client().get("/trade/").content.decode()
    services.publish_release(release=job.release, by=personas.secretariat)
    assert f"release #{job.release_id}" in Client().get("/trade/").content.decode()
    services.unpublish_release(release=job.release, by=personas.secretariat)
    assert "No trade-flow release is published yet." in Client().get("/trade/").content.decode()


def test_a_new_target_is_shown_at_once():
    services.set_target(by=None, baseline_year=2024, baseline_value=Decimal("1000000"), currency="MYR")
    assert "1,000,000" in Client().get("/trade/").content.decode()
    services.set_target(by=None, baseline_year=2024, baseline_value=Decimal("2000000"), currency="MYR")
    page = Client().get("/trade/").content.decode()
    assert "2,000,000" in page and "1,000,000" not in page


def test_an_import_warms_the_dashboard(write_csv, settings, computations, django_capture_on_commit_callbacks):
    settings.TRADE_WARM_DASHBOARD = True
    with django_capture_on_commit_callbacks(execute=True):
        _publish(write_csv, "a")
    warmed = len(computations)
    assert warmed >= len(settings.LANGUAGES)  # every language, computed by the import
    Client().get("/trade/")
    assert len(computations) == warmed  # the first visitor reads the warmed figures


def test_without_warming_the_first_visitor_computes(
    write_csv, settings, computations, django_capture_on_commit_callbacks
):
    settings.TRADE_WARM_DASHBOARD = False
    with django_capture_on_commit_callbacks(execute=True):
        _publish(write_csv, "a")
    assert computations == []
    Client().get("/trade/")
    assert len(computations) == 1


@pytest.fixture
def drawings(monkeypatch):
    """How many charts were drawn (not read from the cache)."""
    import corridor.core.charts as charts

    calls = []
    real = charts.to_svg

    def counting(spec):
        calls.append(spec["title"]["text"])
        return real(spec)

    monkeypatch.setattr(charts, "to_svg", counting)
    return calls


def test_charts_are_drawn_once_per_view_and_language_and_redrawn_after_a_change(write_csv, drawings):
    _publish(write_csv, "a")
    drawings.clear()
    first = Client().get("/trade/chart/trend.svg")
    second = Client().get("/trade/chart/trend.svg")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "image/svg+xml" and first.content == second.content
    assert len(drawings) == 1
    Client().get("/trade/chart/trend.svg", HTTP_ACCEPT_LANGUAGE="sw")
    Client().get("/trade/chart/trend.svg?direction=ke-my")
    assert len(drawings) == 3
    _publish(write_csv, "b", scale=2.0)  # new figures: the cached drawing is forgotten
    drawings.clear()
    Client().get("/trade/chart/trend.svg")
    assert len(drawings) == 1
    assert Client().get("/trade/chart/nothing.svg").status_code == 404


def test_an_import_warms_the_charts(write_csv, drawings, settings, django_capture_on_commit_callbacks):
    settings.TRADE_WARM_DASHBOARD = True
    with django_capture_on_commit_callbacks(execute=True):
        _publish(write_csv, "a")
    drawn = len(drawings)
    assert drawn > 0  # drawn by the import, in every language
    for name in ("target", "trend", "mirror", "composition"):
        assert Client().get(f"/trade/chart/{name}.svg").status_code == 200
    assert len(drawings) == drawn
