"""Exchange services: applications with their bad-input rules, hub ranking, placement, re-run,
lifecycle and outcomes; the permission matrix with the personas."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from corridor.council.registry import provider
from corridor.exchange import services
from corridor.exchange.models import Application, Evaluation, Placement, PlacementRun
from tests.exchange.conftest import place as place_and_publish


def apply(m, org=None, user=None, hosts=None, **kw):
    org = org or m.org_b
    user = user or m.bob
    return services.submit_application(
        by=user, cohort=m.cohort, organisation=org, hosts=hosts or [m.h1, m.h2], stage="seed", **kw
    )


def place(m, django_capture_on_commit_callbacks, rerun=False):
    return place_and_publish(m, django_capture_on_commit_callbacks, rerun=rerun)


def test_submit_application_ranks_hosts(market):
    app = apply(market, answers=["ASEAN launchpad"], pitch_deck=SimpleUploadedFile("d.pdf", b"%PDF-1.7 deck"))
    assert [c.host for c in app.choices.order_by("rank")] == [market.h1, market.h2]
    assert app.pitch_deck.name.endswith(".pdf")


@pytest.mark.parametrize(
    "hosts_attr, field, message",
    [
        (("h1", "h1"), "hosts", "only once"),
        (("h1", "h2", "h1"), "hosts", "at most 2"),
        (("h3",), "hosts", "own country"),
    ],
)
def test_bad_rankings_name_the_field_and_save_nothing(market, hosts_attr, field, message):
    with pytest.raises(ValidationError) as exc:
        apply(market, hosts=[getattr(market, h) for h in hosts_attr])
    assert message in " ".join(exc.value.message_dict[field])
    assert not Application.objects.exists()


def test_ranking_a_hub_of_another_cohort_is_refused(market):
    other = services.create_cohort(
        by=market.secretariat,
        programme=market.programme,
        name="Cohort 2",
        starts_on=market.cohort.starts_on,
        ends_on=market.cohort.ends_on,
        applications_open=market.cohort.applications_open,
        applications_close=market.cohort.applications_close,
        match_date=market.cohort.match_date,
    )
    foreign = services.join_cohort(
        by=market.hana, cohort=other, organisation=market.h1.organisation, places=1
    )
    with pytest.raises(ValidationError) as exc:
        apply(market, hosts=[foreign])
    assert "taking part in this cohort" in exc.value.message_dict["hosts"][0]


def test_outside_window_and_ineligible_and_bad_deck(market):
    with pytest.raises(ValidationError) as exc:
        apply(market, now=market.cohort.applications_close + dt.timedelta(seconds=1))
    assert "open from" in exc.value.message_dict["cohort"][0]
    with pytest.raises(ValidationError) as exc:
        apply(market, pitch_deck=SimpleUploadedFile("d.pdf", b"GIF89a not a pdf"))
    assert "PDF" in exc.value.message_dict["pitch_deck"][0]
    market.cohort.founded_after = 2022
    market.cohort.save()
    with pytest.raises(ValidationError) as exc:
        apply(market)
    assert "founded after 2022" in exc.value.message_dict["organisation"][0]
    assert not Application.objects.exists()


def test_other_organisation_cannot_apply_for_you(market):
    with pytest.raises(Http404):
        apply(market, user=market.alice)


def test_hub_sees_and_ranks_only_applications_that_ranked_it(market, django_capture_on_commit_callbacks):
    a = apply(market)  # ranks h1, h2
    s0, u0 = market.startups[0]
    b = apply(market, org=s0, user=u0, hosts=[market.h2])
    assert [x for x, _ in services.hub_list(market.h1)] == [a]
    with pytest.raises(ValidationError) as exc:
        services.evaluate_application(by=market.hana, host=market.h1, application=b, score=50)
    assert "did not rank" in exc.value.message_dict["application"][0]
    with pytest.raises(ValidationError):
        services.set_hub_ranking(by=market.hana, host=market.h1, applications=[b])
    with pytest.raises(Http404):  # another hub's staff
        services.evaluate_application(by=market.kip, host=market.h1, application=a, score=50)
    services.evaluate_application(by=market.harun, host=market.h2, application=a, score=40)
    services.evaluate_application(by=market.harun, host=market.h2, application=b, score=90)
    services.sort_hub_ranking_by_score(by=market.harun, host=market.h2)
    assert [x for x, _ in services.hub_list(market.h2)] == [b, a]
    services.move_in_hub_ranking(by=market.harun, host=market.h2, application=a, step=-1)
    assert [x for x, _ in services.hub_list(market.h2)] == [a, b]
    assert Evaluation.objects.filter(host=market.h2).count() == 2


def test_placement_is_stable_published_and_rerun_keeps_accepted(market, django_capture_on_commit_callbacks):
    a = apply(market, hosts=[market.h1])  # Beta Pay wants only h1
    s0, u0 = market.startups[0]
    s1, u1 = market.startups[1]
    b = apply(market, org=s0, user=u0, hosts=[market.h1, market.h2])
    c = apply(market, org=s1, user=u1, hosts=[market.h2])
    services.set_hub_ranking(by=market.hana, host=market.h1, applications=[b, a])
    services.set_hub_ranking(by=market.harun, host=market.h2, applications=[b, c])
    run = place(market, django_capture_on_commit_callbacks)
    assert run.status == "done" and run.stable and run.blocking_pairs == 0
    got = {p.application_id: p.host_id for p in Placement.objects.all()}
    assert got == {b.pk: market.h1.pk, c.pk: market.h2.pk}
    assert run.stats["rank_histogram"] == {"1": 2}
    assert run.stats["unplaced"] == ["Beta Pay"]
    assert market.bob.notifications.filter(text__contains="not placed").exists()
    assert u0.notifications.filter(text__contains="offered a place").exists()
    # Running twice without re-run mode is refused and saves nothing.
    with pytest.raises(ValidationError) as exc:
        services.run_placement(by=market.secretariat, cohort=market.cohort)
    assert "re-run" in exc.value.message_dict["rerun"][0]
    assert PlacementRun.objects.count() == 1
    # c accepts, b declines; the re-run gives h1 to Beta Pay and leaves c where it is.
    pc = Placement.objects.get(application=c)
    services.respond_to_offer(by=u1, placement=pc, accept=True)
    services.respond_to_offer(by=u0, placement=Placement.objects.get(application=b), accept=False)
    rerun = place(market, django_capture_on_commit_callbacks, rerun=True)
    assert rerun.mode == "rerun" and rerun.stable
    live = {p.application_id: (p.host_id, p.status) for p in Placement.objects.exclude(status="declined")}
    assert live == {c.pk: (market.h2.pk, "accepted"), a.pk: (market.h1.pk, "offered")}
    assert rerun.stats["fixed"] == 1 and rerun.stats["withdrawn"] == 1


def test_lifecycle_check_ins_outcome_and_indicators(market, django_capture_on_commit_callbacks):
    a = apply(market, hosts=[market.h1])
    place(market, django_capture_on_commit_callbacks)
    p = Placement.objects.get(application=a)
    with pytest.raises(Http404):
        services.respond_to_offer(by=market.hana, placement=p, accept=True)  # the hub cannot accept for it
    services.respond_to_offer(by=market.bob, placement=p, accept=True)
    with pytest.raises(ValidationError):
        services.mark_completed(by=market.hana, placement=p)
    services.mark_arrived(by=market.hana, placement=p)
    services.record_check_in(by=market.hana, placement=p, note="Settled in, first mentor session done.")
    services.record_check_in(by=market.bob, placement=p, note="Met two logistics firms.")
    assert sorted(p.check_ins.values_list("side", flat=True)) == ["hub", "startup"]
    with pytest.raises(Http404):
        services.record_check_in(by=market.alice, placement=p, note="intruder")
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(by=market.bob, placement=p, customers_won=3)
    assert "completed" in exc.value.message_dict["status"][0]
    services.mark_completed(by=market.hana, placement=p)
    out = services.record_outcome(
        by=market.bob,
        placement=p,
        customers_won=3,
        revenue=12000,
        revenue_currency="MYR",
        jobs_created=2,
        partners_met=4,
    )
    assert out.customers_won == 3 and out.revenue_currency_id == "MYR"
    today = dt.date.today()
    placed = provider("exchange.placed").compute(today - dt.timedelta(days=1), today)
    completed = provider("exchange.completed").compute(today - dt.timedelta(days=1), today)
    assert placed["KE"] == 1 and placed[None] == 1 and completed["KE"] == 1 and completed["MY"] == 0


def test_only_secretariat_runs_placement_and_creates_programmes(market):
    from django.core.exceptions import PermissionDenied

    for user in (market.alice, market.bob, market.hana, market.focal_my, market.reviewer):
        with pytest.raises(PermissionDenied):
            services.run_placement(by=user, cohort=market.cohort)
        with pytest.raises(PermissionDenied):
            services.create_programme(by=user, title="x", direction="both")


def test_join_cohort_rules(market):
    with pytest.raises(ValidationError) as exc:
        services.join_cohort(by=market.bob, cohort=market.cohort, organisation=market.org_b, places=1)
    assert "tech hubs" in exc.value.message_dict["organisation"][0]
    with pytest.raises(ValidationError) as exc:
        services.join_cohort(
            by=market.hana, cohort=market.cohort, organisation=market.h1.organisation, places=1
        )
    assert "already hosts" in exc.value.message_dict["organisation"][0]
    with pytest.raises(Http404):
        services.join_cohort(
            by=market.alice, cohort=market.cohort, organisation=market.h1.organisation, places=1
        )


def _tied_market(market):
    """h1 gives Beta Pay (a) and KE Startup 0 (b) equal scores, listing b first; b could also go to h2."""
    a = apply(market, hosts=[market.h1])
    s0, u0 = market.startups[0]
    b = apply(market, org=s0, user=u0, hosts=[market.h1, market.h2])
    services.evaluate_application(by=market.hana, host=market.h1, application=a, score=70)
    services.evaluate_application(by=market.hana, host=market.h1, application=b, score=70)
    services.set_hub_ranking(by=market.hana, host=market.h1, applications=[b, a])
    services.evaluate_application(by=market.harun, host=market.h2, application=b, score=50)
    return a, b


def test_place_the_most_treats_equal_scores_as_ties(market, django_capture_on_commit_callbacks):
    a, b = _tied_market(market)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_placement(by=market.secretariat, cohort=market.cohort, ties="most", early=True)
    run.refresh_from_db()
    assert run.status == "done" and run.stable and run.blocking_pairs == 0
    got = {p.application_id: p.host_id for p in Placement.objects.all()}
    assert got == {a.pk: market.h1.pk, b.pk: market.h2.pk}
    ties = run.stats["ties"]
    assert ties["placed"] == 2 and ties["proven"] is True
    assert ties["more_than_list_order"] == 1
    assert ties["more_than_random"] == ties["placed"] - ties["random_tiebreak_median"]


def test_list_order_default_places_fewer(market, django_capture_on_commit_callbacks):
    a, b = _tied_market(market)
    run = place(market, django_capture_on_commit_callbacks)
    assert {p.application_id: p.host_id for p in Placement.objects.all()} == {b.pk: market.h1.pk}
    assert run.stats["tie_rule"] == "list" and "ties" not in run.stats


def test_tie_rule_is_checked(market):
    _tied_market(market)
    with pytest.raises(ValidationError) as exc:
        services.run_placement(by=market.secretariat, cohort=market.cohort, ties="coin")
    assert "ties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.run_placement(by=market.secretariat, cohort=market.cohort, ties="most", rerun=True)
    assert "ties" in exc.value.message_dict
    assert PlacementRun.objects.count() == 0
