"""Partner recommendations: stored by a background refresh, shown to members, steered by feedback."""

import pytest

from corridor.orgs import access
from corridor.orgs.enums import OrgKind, PostingKind, PostingType
from corridor.orgs.models import PartnerRecommendation
from corridor.orgs.recommendations import give_feedback, recommendations_for, refresh_recommendations
from corridor.orgs.services import create_posting
from tests.factories import OrganisationFactory, PostingFactory


@pytest.fixture
def market(personas, ke, my):
    """Alice's MY logistics firm requests fintech; Bob's KE startup offers it; a few decoys."""
    from corridor.core.models import Sector

    fintech = Sector.objects.get(slug="fintech")
    PostingFactory(
        organisation=personas.org_a,
        type=PostingType.REQUEST,
        kind=PostingKind.SERVICE,
        sector=fintech,
        title="Mobile payments for our drivers",
        description="We need mobile money payouts in Kenya.",
        target_country=ke,
    )
    PostingFactory(
        organisation=personas.org_b,
        type=PostingType.OFFER,
        kind=PostingKind.SERVICE,
        sector=fintech,
        title="Mobile payments API",
        description="Mobile money payouts and collections across Kenya.",
        target_country=None,
    )
    for i in range(4):
        OrganisationFactory(
            name=f"Decoy {i}", slug=f"decoy-{i}", country=ke if i % 2 else my, kind=OrgKind.COMPANY
        )
    refresh_recommendations()
    return personas


def test_members_see_cross_country_partners_with_reasons(market):
    """Alice's organisation gets Bob's (other country) first, with a reason in words; never its own country."""
    recs = list(recommendations_for(organisation=market.org_a, user=market.alice))
    assert recs, "expected recommendations"
    assert all(r.partner.country_id == "KE" for r in recs)
    assert recs[0].partner == market.org_b
    assert any("payments" in reason["text"].lower() for reason in recs[0].reasons), recs[0].reasons


@pytest.mark.parametrize("who", ["bob", "reviewer", "focal_ke"])
def test_outsiders_cannot_read_recommendations(market, who):
    with pytest.raises(access.NotFound):
        recommendations_for(organisation=market.org_a, user=getattr(market, who))


def test_not_relevant_feedback_removes_partner_from_later_rankings(market):
    give_feedback(organisation=market.org_a, partner=market.org_b, kind="not_relevant", by=market.alice)
    refresh_recommendations()
    assert not PartnerRecommendation.objects.filter(organisation=market.org_a, partner=market.org_b).exists()


def test_feedback_by_non_member_is_not_found(market):
    with pytest.raises(access.NotFound):
        give_feedback(organisation=market.org_a, partner=market.org_b, kind="contacted", by=market.bob)


def test_profile_change_refreshes_in_background(personas, settings, django_capture_on_commit_callbacks):
    """With refresh-on-change on (eager Celery), posting a request recomputes the stored suggestions on commit."""
    settings.RECOMMENDATIONS_REFRESH_ON_CHANGE = True
    assert not PartnerRecommendation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        create_posting(
            organisation=personas.org_a,
            by=personas.alice,
            type="request",
            kind="service",
            sector="fintech",
            title="Mobile payments partner",
            description="Mobile money in Kenya",
            target_country="KE",
        )
    assert PartnerRecommendation.objects.filter(organisation=personas.org_a, partner=personas.org_b).exists()


def test_dashboard_and_api_show_recommendations(market, login):
    c = login(market.alice)
    page = c.get("/dashboard/").content.decode()
    assert "Suggested partners" in page and "Beta Pay" in page
    r = c.get("/api/organisations/alpha-logistics/recommendations/")
    assert r.status_code == 200 and r.json()[0]["partner"] == "beta-pay"
    r = c.post(
        "/api/organisations/alpha-logistics/recommendations/feedback/",
        {"partner": "beta-pay", "kind": "contacted"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert login(market.bob).get("/api/organisations/alpha-logistics/recommendations/").status_code == 404


def test_changes_share_one_queued_refresh_with_a_worker(
    personas, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """With a worker, a burst of profile changes queues a single delayed refresh."""
    from corridor.orgs import tasks

    settings.RECOMMENDATIONS_REFRESH_ON_CHANGE = True
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.refresh_recommendations_task, "apply_async", lambda **kw: queued.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Payments partner", "Logistics partner", "Data partner"):
            create_posting(
                organisation=personas.org_a,
                by=personas.alice,
                type="request",
                kind="service",
                sector="fintech",
                title=title,
                description="d",
                target_country="KE",
            )
    assert queued == [{"countdown": 30}]


def test_a_refresh_keeps_the_rows_of_pairs_still_suggested(market):
    """A venture started from a suggestion keeps its origin through later refreshes (a refresh
    used to delete every row, and the venture's link with it); pairs no longer suggested go."""
    import datetime as dt

    from corridor.core.models import Sector
    from corridor.ventures.enums import OriginKind
    from corridor.ventures.models import Venture

    rec = PartnerRecommendation.objects.get(organisation=market.org_a, partner=market.org_b)
    day = dt.date(2026, 3, 2)
    venture = Venture.objects.create(
        title="Payouts for drivers",
        sector=Sector.objects.get(slug="fintech"),
        stage_since=day,
        started_on=day,
        origin_kind=OriginKind.RECOMMENDATION,
        origin_recommendation=rec,
    )
    before = dict(PartnerRecommendation.objects.values_list("pk", "rank"))
    assert refresh_recommendations() == len(before)
    assert dict(PartnerRecommendation.objects.values_list("pk", "rank")) == before
    venture.refresh_from_db()
    assert venture.origin_recommendation_id == rec.pk
    give_feedback(organisation=market.org_a, partner=market.org_b, kind="not_relevant", by=market.alice)
    refresh_recommendations()
    assert not PartnerRecommendation.objects.filter(pk=rec.pk).exists()
    others = set(PartnerRecommendation.objects.values_list("pk", flat=True))
    assert others and others <= set(before)  # the others kept their rows
