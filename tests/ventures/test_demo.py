"""The ventures demo: a venture traced from the past matchmaking event's deal outcome to the
council indicator and the review counting it, plus fictional pledges; idempotent."""

import random

import pytest

from corridor.council.demo import seed_council
from corridor.matchmaking.demo import seed_matchmaking
from corridor.orgs.recommendations import refresh_recommendations
from corridor.portal.demo.seed import SEED, seed_demo
from corridor.ventures import demo
from corridor.ventures.chain import chain_of
from corridor.ventures.models import Pledge, Venture

pytestmark = pytest.mark.django_db


# publishing the council's demo review renders its PDF; WeasyPrint warns where the machine
# lacks libharfbuzz-subset (a system library, not this module's concern)
@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_demo_traces_a_venture_from_a_2025_meeting_to_the_council(settings):
    settings.RECOMMENDATIONS_REFRESH_ON_CHANGE = False
    users = seed_demo(n_fictional=40)["users"]
    seed_matchmaking(users, random.Random(SEED))
    refresh_recommendations()
    seed_council(
        secretariat=users["secretariat@corridor.demo"],
        focal_my=users["focal.my@corridor.demo"],
        focal_ke=users["focal.ke@corridor.demo"],
    )
    out = demo.seed(users=users)
    venture = Venture.objects.get(pk=out["venture"])
    assert venture.is_fictional and venture.origin_meeting.event.slug == demo.PAST_EVENT
    assert {o.kind for o in venture.origin_meeting.outcomes.all()} & {"deal_signed", "mou"}
    assert venture.origin_meeting.slot.starts_at.year == 2025
    assert venture.started_on.year == 2025
    chain = chain_of(venture)
    parties = {p.organisation_id for p in venture.parties.all()}
    assert chain["recommendation"] is not None
    assert {chain["recommendation"].organisation_id, chain["recommendation"].partner_id} == parties
    assert chain["meeting"] == venture.origin_meeting and chain["outcomes"]
    assert chain["counted_on"] is not None and chain["indicator"].code == "JV-01"
    assert chain["review"] is not None and chain["review_values"]["total"] >= 1
    assert Pledge.objects.filter(is_fictional=True).count() == 3
    assert all(p.disbursements.exists() for p in Pledge.objects.all())
    again = demo.seed(users=users)
    assert again == {"venture": venture.pk, "pledges": 0}
    assert Venture.objects.count() == 1
