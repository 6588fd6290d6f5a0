"""Pages and API: the permission matrix, what each persona sees, query counts on lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corridor.grants import services
from corridor.grants.models import Assignment, Proposal
from tests.formsets import formset

from .conftest import make_submitted

pytestmark = pytest.mark.django_db


def test_permission_matrix_on_a_submitted_proposal(
    personas, login, client, call, submitted, reviewers, assigned
):
    url = reverse("grants:proposal", args=[submitted.pk])
    assigned_users = {
        a.reviewer.user
        for a in Assignment.objects.filter(proposal=submitted).select_related("reviewer__user")
    }
    unassigned = next(
        r.user for r in (reviewers.rita, reviewers.kofi, reviewers.mei) if r.user not in assigned_users
    )
    expect = {
        personas.alice: 200,  # lead's owner
        personas.carol: 200,  # lead's member
        personas.bob: 200,  # partner organisation
        personas.secretariat: 200,
        personas.focal_my: 404,
        unassigned: 404,
    }
    for user in assigned_users:
        expect[user] = 200
    for user, status in expect.items():
        assert login(user).get(url).status_code == status, user
    assert client.get(url).status_code == 404


def test_reviewer_never_sees_other_reviewers_names(personas, login, call, submitted, reviewers, assigned):
    rows = list(Assignment.objects.filter(proposal=submitted).select_related("reviewer__user"))
    me, other = rows[0].reviewer.user, rows[1].reviewer.user
    html = login(me).get(reverse("grants:proposal", args=[submitted.pk])).content.decode()
    assert submitted.title in html
    assert other.full_name not in html
    secretariat_html = (
        login(personas.secretariat).get(reverse("grants:proposal", args=[submitted.pk])).content.decode()
    )
    assert other.full_name in secretariat_html and "submitted" in secretariat_html


def test_conflicted_reviewer_gets_404(personas, login, call, submitted, reviewers, assigned):
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    services.declare_conflict(by=a.reviewer.user, proposal=submitted, reason="Co-author")
    assert login(a.reviewer.user).get(reverse("grants:proposal", args=[submitted.pk])).status_code == 404
    assert login(a.reviewer.user).get(reverse("grants:review", args=[submitted.pk])).status_code == 404


def test_applicant_sees_own_proposals_only(personas, login, call, submitted):
    html = login(personas.alice).get(reverse("grants:my_proposals")).content.decode()
    assert submitted.title in html
    other = login(personas.focal_ke).get(reverse("grants:my_proposals")).content.decode()
    assert submitted.title not in other and "no proposals yet" in other


def test_call_page_shows_deadline_in_viewer_zone(personas, login, call):
    personas.alice.time_zone = "Asia/Kuala_Lumpur"
    personas.alice.save()
    html = login(personas.alice).get(reverse("grants:call", args=[call.slug])).content.decode()
    deadline = html.split('id="deadline"')[1].split("</dd>")[0]
    assert "Asia/Kuala_Lumpur" in deadline and " +08" not in html


def test_review_page_submits_scores(personas, login, call, submitted, reviewers, assigned):
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    data = {f"criterion_{c.pk}": "4" for c in call.criteria.all()} | {"comments_for_applicants": "Good"}
    r = login(a.reviewer.user).post(reverse("grants:review", args=[submitted.pk]), data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.review.total == 4.0


def test_assignment_and_scores_pages_for_secretariat(personas, login, call, submitted, reviewers, assigned):
    c = login(personas.secretariat)
    html = c.get(reverse("grants:assignment", args=[call.slug])).content.decode()
    assert "Every proposal is fully covered" in html
    assert c.get(reverse("grants:scores", args=[call.slug])).status_code == 200
    assert login(personas.alice).get(reverse("grants:scores", args=[call.slug])).status_code == 404


def test_proposal_form_errors_inline(personas, login, call):
    r = login(personas.alice).post(
        reverse("grants:proposal_new", args=[call.slug]),
        {
            "title": "Big",
            "lead": personas.org_a.pk,
            "partners": [personas.org_b.pk],
            "abstract": "x",
            **formset(
                "budget", [{"organisation": personas.org_a.pk, "description": "Staff", "amount": "90000"}]
            ),
            **formset("team", []),
            **formset("milestones", []),
        },
    )
    assert r.status_code == 200
    assert "above the call&#x27;s maximum award" in r.content.decode()
    assert not Proposal.objects.filter(title="Big").exists()


def test_list_query_counts_do_not_grow(personas, login, call):
    """Each list costs the same number of queries with 1 item as with 3."""
    lists = {"mine": reverse("grants:my_proposals"), "calls": reverse("grants:calls")}
    c = login(personas.alice)

    def count() -> dict[str, int]:
        counts = {}
        for name, url in lists.items():
            c.get(url)  # warm per-request caches (session, content types) before measuring
            with CaptureQueriesContext(connection) as ctx:
                response = c.get(url)
            assert response.status_code == 200, name
            counts[name] = len(ctx.captured_queries)
        return counts

    make_submitted(personas, call, 1, title="First")
    one = count()
    make_submitted(personas, call, 2, title="More")
    for i in range(2):
        services.create_call(
            by=personas.secretariat,
            title=f"Extra call {i}",
            currency="USD",
            total_budget=10_000,
            max_award=5_000,
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            criteria=[("Excellence", 1)],
        )
    three = count()
    html = c.get(lists["mine"]).content.decode()
    assert html.count("More ") == 2 and "First 0" in html
    assert c.get(lists["calls"]).content.decode().count("Extra call") == 2
    assert three == one


def test_api_visibility(personas, login, client, call, submitted, reviewers, assigned):
    assert client.get("/api/grants/calls/").json()["count"] == 1
    assert client.get("/api/grants/proposals/").status_code in (401, 403)
    assert login(personas.alice).get("/api/grants/proposals/").json()["count"] == 1
    assert login(personas.focal_my).get("/api/grants/proposals/").json()["count"] == 0
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    data = login(a.reviewer.user).get("/api/grants/assignments/").json()
    assert data["count"] == 1 and data["results"][0]["proposal"]["title"] == submitted.title


def test_decided_proposal_stays_in_the_score_table(personas, login, call, submitted, reviewers, assigned):
    for a in Assignment.objects.filter(proposal=submitted).select_related("reviewer__user"):
        services.submit_review(
            by=a.reviewer.user, proposal=submitted, scores={str(c.pk): 4 for c in call.criteria.all()}
        )
    services.decide(by=personas.secretariat, proposal=submitted, outcome="award", reason="Top ranked.")
    html = login(personas.secretariat).get(reverse("grants:scores", args=[call.slug])).content.decode()
    assert submitted.title in html and "Award 30,000.00" in html
    assert f'action="{reverse("grants:decide", args=[submitted.pk])}"' not in html


def test_deadlines_show_zone_names_never_offsets(personas, login, call, submitted, reviewers, assigned):
    """Issue 16 item 9: the calls list and the reviewer's list name the zone ("+08" before)."""
    personas.reviewer.time_zone = "Asia/Kuala_Lumpur"
    personas.reviewer.save()
    c = login(personas.reviewer)
    for name in ("grants:calls", "grants:my_reviews"):
        html = c.get(reverse(name)).content.decode()
        assert "(Asia/Kuala_Lumpur)" in html and " +08" not in html, name
