"""Exchange pages and API: what each persona sees, forms with inline errors, htmx ranking,
query counts constant in the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.exchange import services
from corridor.exchange.models import Placement


def apply(m, org, user, hosts):
    return services.submit_application(by=user, cohort=m.cohort, organisation=org, hosts=hosts, stage="seed")


@pytest.fixture
def applied(market):
    a = apply(market, market.org_b, market.bob, [market.h1, market.h2])
    s0, u0 = market.startups[0]
    b = apply(market, s0, u0, [market.h2])
    return a, b


def test_public_pages_and_empty_states(client, market):
    assert "Launchpad ASEAN" in client.get("/exchange/").content.decode()
    page = client.get(f"/exchange/cohorts/{market.cohort.pk}/").content.decode()
    assert "Cyberjaya Hub" in page and "Run placement" not in page
    assert "has not run yet" in client.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    assert client.get("/exchange/applications/").status_code == 302


def test_applicant_sees_own_applications_only(login, market, applied):
    a, b = applied
    bob = login(market.bob)
    listing = bob.get("/exchange/applications/").content.decode()
    assert "Beta Pay" in listing and "KE Startup 0" not in listing
    assert bob.get(f"/exchange/applications/{b.pk}/").status_code == 404
    assert login(market.alice).get(f"/exchange/applications/{a.pk}/").status_code == 404
    api = bob.get("/api/exchange/applications/").json()
    assert [r["organisation"] for r in api["results"]] == ["beta-pay"]


def test_hub_staff_see_only_applications_that_ranked_their_hub(login, market, applied):
    a, b = applied
    hana = login(market.hana)  # Cyberjaya: ranked by a only
    page = hana.get(f"/exchange/hosts/{market.h1.pk}/").content.decode()
    assert "Beta Pay" in page and "KE Startup 0" not in page
    assert hana.get(f"/exchange/applications/{a.pk}/").status_code == 200
    assert hana.get(f"/exchange/applications/{b.pk}/").status_code == 404
    assert hana.get(f"/exchange/hosts/{market.h2.pk}/").status_code == 404
    assert login(market.bob).get(f"/exchange/hosts/{market.h1.pk}/").status_code == 404
    # API rankings: hub only, and only its own hub.
    harun = login(market.harun)
    r = harun.post(
        "/api/exchange/rankings/",
        {"host": market.h2.pk, "applications": [b.pk, a.pk]},
        content_type="application/json",
    )
    assert r.status_code == 201 and [e["application"] for e in r.json()] == [b.pk, a.pk]
    r = harun.post(
        "/api/exchange/rankings/",
        {"host": market.h1.pk, "applications": [a.pk]},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert {e["host"] for e in harun.get("/api/exchange/rankings/").json()["results"]} == {market.h2.pk}
    assert login(market.bob).get("/api/exchange/rankings/").json()["results"] == []


def test_htmx_ranking_moves_and_scores(login, market, applied):
    a, b = applied
    harun = login(market.harun)
    url = f"/exchange/hosts/{market.h2.pk}/rank/"
    r = harun.post(
        url,
        {"action": "evaluate", "application": b.pk, "score": "80", "acceptable": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'id="ranking"' in r.content.decode() and "<html" not in r.content.decode()
    harun.post(url, {"action": "sort"}, HTTP_HX_REQUEST="true")
    assert [x for x, _ in services.hub_list(market.h2)] == [b, a]
    harun.post(url, {"action": "up", "application": a.pk}, HTTP_HX_REQUEST="true")
    assert [x for x, _ in services.hub_list(market.h2)] == [a, b]


def test_apply_form_shows_inline_error_naming_the_field(login, market):
    bob = login(market.bob)
    form = bob.get(f"/exchange/cohorts/{market.cohort.pk}/apply/").content.decode()
    assert "Choice 1" in form and "Why this market?" in form
    r = bob.post(
        f"/exchange/cohorts/{market.cohort.pk}/apply/",
        {
            "organisation": market.org_b.pk,
            "stage": "seed",
            "choice_1": market.h1.pk,
            "choice_2": market.h1.pk,
            "answer_1": "x",
        },
    )
    assert r.status_code == 200 and "only once" in r.content.decode()
    r = bob.post(
        f"/exchange/cohorts/{market.cohort.pk}/apply/",
        {"organisation": market.org_b.pk, "stage": "seed", "choice_1": market.h1.pk, "answer_1": "ASEAN"},
    )
    assert r.status_code == 302


def test_secretariat_runs_from_the_page_and_results_show_the_checker(
    login, market, applied, django_capture_on_commit_callbacks
):
    sec = login(market.secretariat)
    for host in (market.h1, market.h2):
        services.sort_hub_ranking_by_score(by=market.secretariat, host=host)
    with django_capture_on_commit_callbacks(execute=True):
        r = sec.post(f"/exchange/cohorts/{market.cohort.pk}/run/", {"early": "on"})
    assert r.status_code == 302
    page = sec.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    assert "Stable" in page and "0 blocking pairs" in page and "Preview" in page
    # The preview is the secretariat's: the public API shows nothing until it is published.
    assert sec.get(f"/api/exchange/results/{market.cohort.pk}/").json()["run"] is None
    run = market.cohort.runs.get()
    sec.post(f"/exchange/cohorts/{market.cohort.pk}/runs/{run.pk}/publish/", {"confirm": "on"})
    again = sec.post(
        f"/exchange/cohorts/{market.cohort.pk}/run/", {"early": "on"}, follow=True
    ).content.decode()
    assert "re-run mode" in again
    api = sec.get(f"/api/exchange/results/{market.cohort.pk}/").json()
    assert api["run"]["stable"] is True and len(api["placements"]) == Placement.objects.count() == 2
    assert login(market.bob).post(f"/exchange/cohorts/{market.cohort.pk}/run/").status_code == 403


def _count(c, url):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow(login, market, django_capture_on_commit_callbacks):
    bob = login(market.bob)
    sec = login(market.secretariat)
    apply(market, market.org_b, market.bob, [market.h1])
    urls = ["/exchange/applications/", "/api/exchange/applications/", "/api/exchange/cohorts/", "/exchange/"]
    one = {u: _count(bob, u) for u in urls}
    one_sec = _count(sec, f"/exchange/programmes/{market.programme.pk}/")
    from tests.factories import MembershipFactory, OrganisationFactory

    for i in range(2):
        org = OrganisationFactory(
            name=f"Bob extra {i}", slug=f"bob-extra-{i}", country=market.org_b.country, kind="startup"
        )
        MembershipFactory(organisation=org, user=market.bob, role="owner")
        market.bob.__dict__.pop("_membership_cache", None)
        apply(market, org, market.bob, [market.h1, market.h2])
        services.create_programme(by=market.secretariat, title=f"P{i}", direction="both")
        services.create_cohort(
            by=market.secretariat,
            programme=market.programme,
            name=f"C{i}",
            starts_on=market.cohort.starts_on,
            ends_on=market.cohort.ends_on,
            applications_open=market.cohort.applications_open,
            applications_close=market.cohort.applications_close,
            match_date=market.cohort.match_date,
        )
    bob = login(market.bob)
    sec = login(market.secretariat)
    assert {u: _count(bob, u) for u in urls} == one
    assert _count(sec, f"/exchange/programmes/{market.programme.pk}/") == one_sec


def test_secretariat_chooses_to_place_the_most_startups(login, market, django_capture_on_commit_callbacks):
    a = apply(market, market.org_b, market.bob, [market.h1])
    s0, u0 = market.startups[0]
    b = apply(market, s0, u0, [market.h1, market.h2])
    services.evaluate_application(by=market.hana, host=market.h1, application=a, score=70)
    services.evaluate_application(by=market.hana, host=market.h1, application=b, score=70)
    services.set_hub_ranking(by=market.hana, host=market.h1, applications=[b, a])
    services.evaluate_application(by=market.harun, host=market.h2, application=b, score=50)
    sec = login(market.secretariat)
    page = sec.get(f"/exchange/cohorts/{market.cohort.pk}/").content.decode()
    assert "Place the most startups" in page and 'value="most"' in page
    bad = sec.post(
        f"/exchange/cohorts/{market.cohort.pk}/run/", {"ties": "coin"}, follow=True
    ).content.decode()
    assert "equal scores are treated" in bad and Placement.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        r = sec.post(f"/exchange/cohorts/{market.cohort.pk}/run/", {"ties": "most", "early": "on"})
    assert r.status_code == 302
    page = sec.get(f"/exchange/cohorts/{market.cohort.pk}/results/").content.decode()
    assert 'id="ties"' in page and "2 startups" in page and "weakly stable" in page
    assert Placement.objects.count() == 2
