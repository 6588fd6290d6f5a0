"""Deterministic demo data: a completed cohort (placed, accepted, completed, with outcomes) and an
open cohort taking applications, using the demo's existing tech hubs and startups."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from corridor.orgs.enums import OrgKind
from corridor.orgs.models import Organisation

from . import queries, services
from .models import Placement, PlacementRun, Programme

TITLE = "Launchpad ASEAN – East Africa startup exchange"
SEED = 20250514


@transaction.atomic
def seed_exchange(*, secretariat) -> dict:
    """Idempotent: does nothing if the demo programme exists. Returns counts."""
    if Programme.objects.filter(title=TITLE).exists():
        return {"created": False}
    rng = random.Random(SEED)
    hubs = list(
        Organisation.objects.filter(kind=OrgKind.TECH_HUB, country_id__in=["MY", "KE"]).order_by("name")
    )
    startups = list(
        Organisation.objects.filter(kind=OrgKind.STARTUP, country_id__in=["MY", "KE"]).order_by("name")
    )
    if not hubs or len(startups) < 4:
        return {"created": False}
    now = timezone.now()
    today = timezone.localdate()
    programme = services.create_programme(
        by=secretariat,
        title=TITLE,
        direction="both",
        description="Kenyan startups use Malaysia as a launchpad into ASEAN; Malaysian startups look at East Africa.",
    )

    def cohort(name, opens, closes, starts, ends, match):
        return services.create_cohort(
            by=secretariat,
            programme=programme,
            name=name,
            starts_on=starts,
            ends_on=ends,
            applications_open=opens,
            applications_close=closes,
            match_date=match,
            stipend_amount=3000,
            stipend_currency="USD",
            eligible_stages=["pre_seed", "seed", "series_a"],
            max_ranked=3,
            questions="What will you test in the host market?\nWho are your first target customers there?",
        )

    past = cohort(
        "Cohort 2025",
        now - dt.timedelta(days=400),
        now - dt.timedelta(days=370),
        today - dt.timedelta(days=330),
        today - dt.timedelta(days=240),
        today - dt.timedelta(days=360),
    )
    current = cohort(
        "Cohort 2026",
        now - dt.timedelta(days=5),
        now + dt.timedelta(days=30),
        today + dt.timedelta(days=75),
        today + dt.timedelta(days=165),
        today + dt.timedelta(days=40),
    )
    hosts = {}
    for c in (past, current):
        for hub in hubs:
            hosts[(c.pk, hub.pk)] = services.join_cohort(
                by=secretariat,
                cohort=c,
                organisation=hub,
                places=rng.choice([1, 2, 2, 3]),
                offers=rng.sample(["desk", "mentors", "investor_days", "market_access"], k=2),
            )
    for c, n_apps, when in ((past, 16, now - dt.timedelta(days=380)), (current, 4, now)):
        c_hosts = [h for (cid, _), h in hosts.items() if cid == c.pk]
        pool = rng.sample(startups, k=min(n_apps, len(startups)))
        for org in pool:
            abroad = [h for h in c_hosts if h.organisation.country_id != org.country_id]
            if not abroad:
                continue
            ranked = rng.sample(abroad, k=min(3, len(abroad)))
            services.submit_application(
                by=secretariat,
                cohort=c,
                organisation=org,
                hosts=ranked,
                stage=rng.choice(["pre_seed", "seed", "series_a"]),
                answers=["A pilot with two distributors.", "Mid-size retailers and cooperatives."],
                now=when,
            )
    # Hubs of the past cohort order by a score, mark one applicant unacceptable, then place.
    for (cid, _), host in hosts.items():
        if cid != past.pk:
            continue
        rows = queries.hub_list(host)
        for i, (app, _ev) in enumerate(rows):
            services.evaluate_application(
                by=secretariat, host=host, application=app, score=rng.randint(40, 95), acceptable=i != 3
            )
        services.sort_hub_ranking_by_score(by=secretariat, host=host)
    run = PlacementRun.objects.create(cohort=past, actor=secretariat)
    services.execute_run(run.pk)
    services.publish_placement(by=secretariat, run=run, confirm=True)
    for i, p in enumerate(
        Placement.objects.filter(run=run).select_related("application__organisation", "host__organisation")
    ):
        services.respond_to_offer(by=secretariat, placement=p, accept=True)
        services.mark_arrived(by=secretariat, placement=p, on=past.starts_on)
        services.record_check_in(by=secretariat, placement=p, note="Mid-programme check-in: on plan.")
        services.mark_completed(by=secretariat, placement=p, on=past.ends_on)
        services.record_outcome(
            by=secretariat,
            placement=p,
            customers_won=rng.randint(0, 6),
            revenue=rng.randint(0, 40) * 1000,
            revenue_currency="MYR" if p.host.organisation.country_id == "MY" else "KES",
            funding_raised=rng.choice([0, 0, 50000, 150000]),
            funding_currency="USD",
            jobs_created=rng.randint(0, 4),
            partners_met=rng.randint(1, 8),
            notes="Demo outcome (fictional)." if i % 2 == 0 else "",
        )
    return {
        "created": True,
        "programme": programme.pk,
        "completed_cohort": past.pk,
        "open_cohort": current.pk,
    }
