"""Pages and API: the permission matrix, what each persona sees, query counts on lists."""

import pytest
from django.urls import reverse

from corridor.grants import services
from corridor.grants.models import Assignment, Proposal

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
    assert "+08" in html or "MYT" in html


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
            "budget": "alpha-logistics; Staff; 90000",
        },
    )
    assert r.status_code == 200
    assert "above the call&#x27;s maximum award" in r.content.decode()
    assert not Proposal.objects.filter(title="Big").exists()


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_counts_do_not_grow(personas, login, call, n, django_assert_max_num_queries, request):
    make_submitted(personas, call, n)
    c = login(personas.alice)
    c.get(reverse("grants:my_proposals"))  # warm caches
    counts = {}
    for name, url in (("mine", reverse("grants:my_proposals")), ("calls", reverse("grants:calls"))):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        counts[name] = len(ctx.captured_queries)
    request.config.cache_counts = getattr(request.config, "cache_counts", {})
    previous = request.config.cache_counts.setdefault("grants", counts)
    assert counts == previous


def test_api_visibility(personas, login, client, call, submitted, reviewers, assigned):
    assert client.get("/api/grants/calls/").json()["count"] == 1
    assert client.get("/api/grants/proposals/").status_code in (401, 403)
    assert login(personas.alice).get("/api/grants/proposals/").json()["count"] == 1
    assert login(personas.focal_my).get("/api/grants/proposals/").json()["count"] == 0
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    data = login(a.reviewer.user).get("/api/grants/assignments/").json()
    assert data["count"] == 1 and data["results"][0]["proposal"]["title"] == submitted.title
