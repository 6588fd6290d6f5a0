"""The exchange demo: a completed cohort with outcomes and an open cohort, deterministic."""

from corridor.exchange.demo import seed_exchange
from corridor.exchange.models import Outcome, Placement, PlacementRun
from corridor.orgs.enums import OrgKind
from tests.factories import OrganisationFactory


def test_seed_exchange_builds_completed_and_open_cohorts(personas, ke, my):
    for i in range(3):
        OrganisationFactory(
            name=f"Hub {i}", slug=f"hub-{i}", country=my if i % 2 else ke, kind=OrgKind.TECH_HUB
        )
    for i in range(8):
        OrganisationFactory(
            name=f"Startup {i}", slug=f"st-{i}", country=ke if i % 2 else my, kind=OrgKind.STARTUP
        )
    out = seed_exchange(secretariat=personas.secretariat)
    assert out["created"]
    run = PlacementRun.objects.get(cohort_id=out["completed_cohort"])
    assert run.stable and run.status == "done"
    assert Placement.objects.filter(status="completed").count() == Outcome.objects.count() > 0
    assert PlacementRun.objects.filter(cohort_id=out["open_cohort"]).count() == 0
    assert seed_exchange(secretariat=personas.secretariat) == {"created": False}
