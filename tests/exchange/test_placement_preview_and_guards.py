"""Issue 16 item 5 in the exchange: placement waits for the deadline (or an explicit early-run
confirmation), needs the hubs' lists, produces a preview nobody hears about, and is published in
a separate confirmed step; applicants read one state; the running banner goes when the run ends."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from corridor.core.models import Notification
from corridor.exchange import services
from corridor.exchange.models import Placement, PlacementRun
from tests.exchange.conftest import place

pytestmark = pytest.mark.django_db


def _apply(m):
    a = services.submit_application(
        by=m.bob, cohort=m.cohort, organisation=m.org_b, hosts=[m.h1, m.h2], stage="seed"
    )
    return a


def _code(exc, field):
    return exc.value.error_dict[field][0].code


def test_placement_before_the_deadline_needs_the_explicit_early_run(
    market, django_capture_on_commit_callbacks
):
    _apply(market)
    services.sort_hub_ranking_by_score(by=market.hana, host=market.h1)
    with pytest.raises(ValidationError) as exc:
        services.run_placement(by=market.secretariat, cohort=market.cohort)
    assert _code(exc, "early") == "placement_before_deadline" and PlacementRun.objects.count() == 0
    after = market.cohort.applications_close + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=False):
        services.run_placement(by=market.secretariat, cohort=market.cohort, now=after)
    assert PlacementRun.objects.count() == 1


def test_early_box_is_offered_only_before_the_deadline(login, market):
    sec = login(market.secretariat)
    page = sec.get(f"/exchange/cohorts/{market.cohort.pk}/").content.decode()
    assert 'name="early"' in page and "Applications are still open" in page
    refused = sec.post(f"/exchange/cohorts/{market.cohort.pk}/run/", follow=True).content.decode()
    assert "Placement runs after the deadline" in refused and PlacementRun.objects.count() == 0
    market.cohort.applications_open -= dt.timedelta(days=30)
    market.cohort.applications_close = market.cohort.applications_open + dt.timedelta(days=1)
    market.cohort.save()
    assert 'name="early"' not in sec.get(f"/exchange/cohorts/{market.cohort.pk}/").content.decode()


def test_placement_refuses_to_run_when_no_hub_has_ranked_anyone(login, market):
    _apply(market)
    with pytest.raises(ValidationError) as exc:
        services.run_placement(by=market.secretariat, cohort=market.cohort, early=True)
    assert _code(exc, "cohort") == "no_hub_rankings"
    page = login(market.secretariat).post(
        f"/exchange/cohorts/{market.cohort.pk}/run/", {"early": "on"}, follow=True
    )
    assert "No hub has ranked any applicant yet" in page.content.decode()
    assert PlacementRun.objects.count() == 0


def test_a_run_is_a_preview_until_published_with_confirmation(
    login, market, django_capture_on_commit_callbacks
):
    app = _apply(market)
    run = place(market, django_capture_on_commit_callbacks, publish=False)
    assert run.is_preview and Placement.objects.filter(application=app).exists()
    assert not Notification.objects.filter(user=market.bob).exists()
    bob = login(market.bob)
    assert re.search(r"<td>\s*Submitted\s*</td>", bob.get("/exchange/applications/").content.decode())
    assert bob.get("/api/exchange/applications/").json()["results"][0]["state"] == "Submitted"
    p = Placement.objects.get(application=app)
    assert bob.get(p.get_absolute_url()).status_code == 404
    assert "Placement results" not in bob.get(market.cohort.get_absolute_url()).content.decode()
    assert "Preview" not in bob.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    with pytest.raises(Exception):  # noqa: B017 - not published: the applicant cannot answer
        services.respond_to_offer(by=market.bob, placement=p, accept=True)
    # Publishing asks first and changes nothing without the confirmation.
    sec = login(market.secretariat)
    url = f"/exchange/cohorts/{market.cohort.pk}/runs/{run.pk}/publish/"
    assert "Tick the box to confirm" in sec.post(url, follow=True).content.decode()
    run.refresh_from_db()
    assert run.published_at is None and not Notification.objects.filter(user=market.bob).exists()
    sec.post(url, {"confirm": "on"})
    run.refresh_from_db()
    assert run.is_published and run.published_by == market.secretariat
    assert market.bob.notifications.filter(text__contains="offered a place").exists()
    assert re.search(r"<td>\s*Offered\s*</td>", bob.get("/exchange/applications/").content.decode())
    assert "Offered" in bob.get(app.get_absolute_url()).content.decode()
    assert bob.get(p.get_absolute_url()).status_code == 200
    with pytest.raises(ValidationError) as exc:
        services.publish_placement(by=market.secretariat, run=run, confirm=True)
    assert _code(exc, "run") == "placement_already_published"
    assert login(market.bob).post(url, {"confirm": "on"}).status_code == 403


def test_a_new_run_replaces_the_preview(market, django_capture_on_commit_callbacks):
    _apply(market)
    first = place(market, django_capture_on_commit_callbacks, publish=False)
    second = place(market, django_capture_on_commit_callbacks, publish=False)
    assert set(Placement.objects.values_list("run_id", flat=True)) == {second.pk}
    with pytest.raises(ValidationError) as exc:
        services.publish_placement(by=market.secretariat, run=first, confirm=True)
    assert _code(exc, "run") == "placement_run_superseded"


def test_unplaced_applicant_reads_not_placed_once_published(
    login, market, django_capture_on_commit_callbacks
):
    app = services.submit_application(
        by=market.bob, cohort=market.cohort, organisation=market.org_b, hosts=[market.h1], stage="seed"
    )
    s0, u0 = market.startups[0]
    services.submit_application(by=u0, cohort=market.cohort, organisation=s0, hosts=[market.h1], stage="seed")
    services.set_hub_ranking(by=market.hana, host=market.h1, applications=[app])
    services.evaluate_application(by=market.hana, host=market.h1, application=app, score=90)
    other = market.cohort.applications.exclude(pk=app.pk).get()
    services.evaluate_application(
        by=market.hana, host=market.h1, application=other, score=10, acceptable=False
    )
    place(market, django_capture_on_commit_callbacks)
    page = login(u0).get(other.get_absolute_url()).content.decode()
    assert "Not placed" in page and "Submitted" not in page


def test_running_banner_goes_when_the_run_is_done_or_failed(
    login, market, django_capture_on_commit_callbacks
):
    _apply(market)
    services.sort_hub_ranking_by_score(by=market.hana, host=market.h1)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_placement(by=market.secretariat, cohort=market.cohort, early=True)
    sec = login(market.secretariat)
    results = sec.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    progress_url = f"/exchange/cohorts/{market.cohort.pk}/runs/{run.pk}/progress/"
    assert "Placement is running" in results and progress_url in results
    services.execute_run(run.pk)
    partial = sec.get(progress_url).content.decode()
    assert "Placement is running" not in partial and "hx-get" not in partial and "See the result" in partial
    assert (
        "Placement is running"
        not in sec.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    )
    PlacementRun.objects.filter(pk=run.pk).update(status="failed")
    partial = sec.get(progress_url).content.decode()
    assert "Placement is running" not in partial and "The run failed" in partial
    assert login(market.bob).get(progress_url).status_code == 404
