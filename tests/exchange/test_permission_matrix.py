"""Permission matrix for the startup exchange: every persona × every action, by page, API and
service.

Data: an open cohort; organisation A (alice owner, carol plain member) is a Malaysian tech hub
hosting in it; B (bob's Kenyan startup) applied ranking A's hub, with the answer "SECRET answer
of Beta". Expected:

* the application is seen by B's owner, the secretariat and the staff of the hub it ranked
  (alice, carol read it on the pages); the reviewer, both focal points and anonymous get
  "missing";
* the hub's ranking page is for A's people and the secretariat; only who may act for A (alice,
  the secretariat) scores or re-ranks applicants: a plain member (carol) may not (issue 17 item 4);
* applying for B is bob's (and the secretariat's); running placement is the secretariat's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from corridor.core.models import Country
from corridor.exchange import services
from corridor.exchange.models import Application, Evaluation, PlacementRun
from corridor.orgs.enums import OrgKind, VerificationStatus
from tests.exchange.conftest import place
from tests.matrix import (
    MISSING_PK,
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    assert_login_redirect,
    listed,
    page_client,
    user_of,
)

SECRET = "SECRET answer of Beta"
#: read the application on its page
APP_VIEWERS = {"bob", "secretariat", "alice", "carol"}
#: list it among "my applications" and read it through the API (own applications; all for the
#: secretariat; hub staff read it on the hub's pages only)
API_APP_VIEWERS = {"bob", "secretariat"}
#: open the hub's ranking page
HUB_STAFF = {"alice", "carol", "secretariat"}
#: score and rank for the hub (act for A)
HUB_ACTORS = {"alice", "secretariat"}
#: apply for B
APPLICANTS = {"bob", "secretariat"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def x(personas):
    p = personas
    p.org_a.kind = OrgKind.TECH_HUB
    p.org_a.verification_status = VerificationStatus.VERIFIED  # hubs host once verified
    p.org_a.save()
    p.org_b.founded_year = 2020
    p.org_b.save()
    programme = services.create_programme(by=p.secretariat, title="Launchpad ASEAN", direction="both")
    now = timezone.now()
    cohort = services.create_cohort(
        by=p.secretariat,
        programme=programme,
        name="Cohort 1",
        starts_on=dt.date.today() + dt.timedelta(days=60),
        ends_on=dt.date.today() + dt.timedelta(days=150),
        applications_open=now - dt.timedelta(days=1),
        applications_close=now + dt.timedelta(days=10),
        match_date=dt.date.today() + dt.timedelta(days=20),
        stipend_amount=2000,
        stipend_currency="USD",
        max_ranked=2,
        questions="Why this market?",
    )
    hub = services.join_cohort(by=p.alice, cohort=cohort, organisation=p.org_a, places=1)
    app = services.submit_application(
        by=p.bob, cohort=cohort, organisation=p.org_b, hosts=[hub], stage="seed", answers=[SECRET]
    )
    services.set_hub_ranking(by=p.alice, host=hub, applications=[app])
    p.__dict__.update(cohort=cohort, hub=hub, app=app)
    assert Country.objects.filter(code="MY").exists()
    return p


def score_of(x):
    return Evaluation.objects.get(host=x.hub, application=x.app).score


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
def test_page_application(x, login, who):
    c = page_client(x, login, who)
    r = c.get(reverse("exchange:application", args=[x.app.pk]))
    if who in APP_VIEWERS:
        assert r.status_code == 200 and SECRET in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("exchange:application", args=[MISSING_PK])), SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_my_applications(x, login, who):
    r = page_client(x, login, who).get(reverse("exchange:applications"))
    if who == "anonymous":
        assert_login_redirect(r)
    else:
        assert r.status_code == 200
        assert ("Beta Pay" in r.content.decode()) is (who in API_APP_VIEWERS), who


@pytest.mark.parametrize("who", PERSONAS)
def test_page_hub_ranking(x, login, who):
    c = page_client(x, login, who)
    r = c.get(reverse("exchange:host", args=[x.hub.pk]))
    if who in HUB_STAFF:
        assert r.status_code == 200 and "Beta Pay" in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("exchange:host", args=[MISSING_PK])), SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_score_an_applicant(x, login, who):
    c = page_client(x, login, who)
    data = {"action": "evaluate", "application": x.app.pk, "score": "77", "acceptable": "on"}
    r = c.post(reverse("exchange:host_rank", args=[x.hub.pk]), data)
    if who in HUB_ACTORS:
        assert r.status_code == 302
        assert score_of(x) == 77
    else:
        assert score_of(x) is None
        assert_hidden(r, c.post(reverse("exchange:host_rank", args=[MISSING_PK]), data), SECRET)
        if who == "carol":  # a plain member of the hub: "missing", like any outsider
            assert r.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_page_run_placement(x, login, who, django_capture_on_commit_callbacks):
    c = page_client(x, login, who)
    with django_capture_on_commit_callbacks(execute=False):
        r = c.post(reverse("exchange:run", args=[x.cohort.pk]), {"early": "on"})
    if who == "secretariat":
        assert r.status_code == 302 and PlacementRun.objects.count() == 1
    else:
        assert PlacementRun.objects.count() == 0
        if who == "anonymous":
            assert_login_redirect(r)
        else:
            assert r.status_code in (403, 404) and SECRET not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_page_publish_placement_and_see_its_preview(x, login, who, django_capture_on_commit_callbacks):
    """Only the secretariat publishes a preview; until then the applicant (bob) and the hub's
    staff (alice, carol) see no placement: not on the results page, not on the placement page."""
    from corridor.exchange.models import Placement

    run = place(x, django_capture_on_commit_callbacks, publish=False)
    placement = Placement.objects.get()
    c = page_client(x, login, who)
    results = c.get(reverse("exchange:results", args=[x.cohort.pk])).content.decode()
    assert ("Preview" in results) == (who == "secretariat")
    r = c.get(reverse("exchange:placement", args=[placement.pk]))
    assert r.status_code == (200 if who == "secretariat" else 302 if who == "anonymous" else 404)
    r = c.post(reverse("exchange:publish", args=[x.cohort.pk, run.pk]), {"confirm": "on"})
    run.refresh_from_db()
    if who == "secretariat":
        assert r.status_code == 302 and run.is_published
    else:
        assert not run.is_published
        if who == "anonymous":
            assert_login_redirect(r)
        else:
            assert r.status_code == 403


@pytest.mark.parametrize("who", PERSONAS)
def test_page_public_programmes_and_cohort(x, login, who):
    c = page_client(x, login, who)
    assert c.get(reverse("exchange:programmes")).status_code == 200
    r = c.get(reverse("exchange:cohort", args=[x.cohort.pk]))
    assert r.status_code == 200 and "Cohort 1" in r.content.decode()
    assert SECRET not in r.content.decode()


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_application_list(x, who):
    r = api_client(x, who).get(reverse("exchange-application-list"))
    if who == "anonymous":
        assert_api_refused(r, SECRET, anonymous=True)
    else:
        assert listed(r, '"beta-pay"') is (who in API_APP_VIEWERS)  # the API shows no answers
        assert SECRET not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_application_detail(x, who):
    c = api_client(x, who)
    r = c.get(reverse("exchange-application-detail", args=[x.app.pk]))
    if who in API_APP_VIEWERS:
        assert r.status_code == 200 and r.json()["organisation"] == "beta-pay"
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert r.status_code == c.get(reverse("exchange-application-detail", args=[MISSING_PK])).status_code


@pytest.mark.parametrize("who", PERSONAS)
def test_api_apply_for_b(x, who):
    body = {
        "cohort": x.cohort.pk,
        "organisation": "beta-pay",
        "hosts": [x.hub.pk],
        "stage": "seed",
        "answers": [f"Rewritten by {who}"],
    }
    r = api_client(x, who).post(reverse("exchange-application-list"), body, content_type="application/json")
    app = Application.objects.get()
    if who in APPLICANTS:
        assert r.status_code == 201, r.content
        assert app.answers == [f"Rewritten by {who}"]
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert app.answers == [SECRET]


@pytest.mark.parametrize("who", PERSONAS)
def test_api_rankings_list(x, who):
    r = api_client(x, who).get(reverse("exchange-ranking-list"))
    if who == "anonymous":
        assert_api_refused(r, SECRET, anonymous=True)
    else:
        assert r.status_code == 200
        assert (r.json()["count"] > 0) is (who in {"alice", "carol"}), who


@pytest.mark.parametrize("who", PERSONAS)
def test_api_rank_for_the_hub(x, who):
    Evaluation.objects.update(position=5)
    r = api_client(x, who).post(
        reverse("exchange-ranking-list"),
        {"host": x.hub.pk, "applications": [x.app.pk]},
        content_type="application/json",
    )
    position = Evaluation.objects.get().position
    if who in HUB_ACTORS:
        assert r.status_code == 201, r.content
        assert position == 1
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert position == 5


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", PERSONAS)
def test_service_evaluate(x, who):
    call = lambda: services.evaluate_application(by=user_of(x, who), host=x.hub, application=x.app, score=55)  # noqa: E731
    if who in HUB_ACTORS:
        call()
        assert score_of(x) == 55
    else:
        with pytest.raises(Http404):
            call()
        assert score_of(x) is None


@pytest.mark.parametrize("who", PERSONAS)
def test_service_sort_ranking(x, who):
    call = lambda: services.sort_hub_ranking_by_score(by=user_of(x, who), host=x.hub)  # noqa: E731
    if who in HUB_ACTORS:
        call()
    else:
        with pytest.raises(Http404):
            call()


@pytest.mark.parametrize("who", PERSONAS)
def test_service_apply_for_b(x, who):
    call = lambda: services.submit_application(  # noqa: E731
        by=user_of(x, who),
        cohort=x.cohort,
        organisation=x.org_b,
        hosts=[x.hub],
        stage="seed",
        answers=["New"],
    )
    if who in APPLICANTS:
        call()
        assert Application.objects.get().answers == ["New"]
    else:
        with pytest.raises(Http404):
            call()
        assert Application.objects.get().answers == [SECRET]


@pytest.mark.parametrize("who", PERSONAS)
def test_service_host_for_a(x, who):
    """Offering A's places in a cohort acts for A."""
    cohort2 = services.create_cohort(
        by=x.secretariat,
        programme=x.cohort.programme,
        name="Cohort 2",
        starts_on=dt.date.today() + dt.timedelta(days=200),
        ends_on=dt.date.today() + dt.timedelta(days=250),
        applications_open=timezone.now(),
        applications_close=timezone.now() + dt.timedelta(days=10),
        match_date=dt.date.today() + dt.timedelta(days=20),
        stipend_amount=1000,
        stipend_currency="USD",
    )
    call = lambda: services.join_cohort(by=user_of(x, who), cohort=cohort2, organisation=x.org_a, places=2)  # noqa: E731
    if who in HUB_ACTORS:
        assert call().places == 2
    else:
        with pytest.raises(Http404):
            call()
        assert not cohort2.hosts.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_service_run_placement(x, who, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        if who == "secretariat":
            services.run_placement(by=user_of(x, who), cohort=x.cohort, early=True)
        else:
            with pytest.raises(PermissionDenied):
                services.run_placement(by=user_of(x, who), cohort=x.cohort, early=True)
    assert PlacementRun.objects.count() == (1 if who == "secretariat" else 0)


def test_plain_members_cannot_answer_report_or_check_in_for_their_organisation(
    market, django_capture_on_commit_callbacks
):
    """Issue 17 item 4 on a placement: a plain member of the startup or of the hub may read the
    placement but not accept the offer, check in or report outcomes in the organisation's name;
    its owners can."""
    from corridor.exchange.models import Outcome, Placement
    from corridor.orgs.enums import MemberRole
    from tests.factories import MembershipFactory, UserFactory

    m = market
    app = services.submit_application(
        by=m.bob, cohort=m.cohort, organisation=m.org_b, hosts=[m.h1], stage="seed"
    )
    place(m, django_capture_on_commit_callbacks)
    placement = Placement.objects.get(application=app)
    startup_member, hub_member = UserFactory(), UserFactory()
    MembershipFactory(organisation=m.org_b, user=startup_member, role=MemberRole.MEMBER)
    MembershipFactory(organisation=m.h1.organisation, user=hub_member, role=MemberRole.MEMBER)
    with pytest.raises(Http404):
        services.respond_to_offer(by=startup_member, placement=placement, accept=True)
    services.respond_to_offer(by=m.bob, placement=placement, accept=True)
    for member in (startup_member, hub_member):
        with pytest.raises(Http404):
            services.record_check_in(by=member, placement=placement, note="In the organisation's name")
    assert not placement.check_ins.exists()
    services.mark_arrived(by=m.hana, placement=placement)
    services.mark_completed(by=m.hana, placement=placement)
    with pytest.raises(Http404):
        services.record_outcome(by=startup_member, placement=placement, customers_won=9)
    assert not Outcome.objects.filter(placement=placement).exists()
    services.record_check_in(by=m.hana, placement=placement, note="Hub side")
    services.record_check_in(by=m.bob, placement=placement, note="Startup side")
    assert sorted(placement.check_ins.values_list("side", flat=True)) == ["hub", "startup"]
    assert services.record_outcome(by=m.bob, placement=placement, customers_won=2).customers_won == 2
