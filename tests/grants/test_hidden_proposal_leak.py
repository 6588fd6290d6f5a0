"""Issue 17 item 9: a hidden proposal's existence does not leak through the bid URL."""

import pytest

from corridor.grants.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", ["bogus", "", "eager"])
def test_bid_on_a_hidden_proposal_answers_like_a_missing_one(personas, login, draft, reviewers, level):
    """A draft is not biddable: whatever the level, the answer is 404, as for no proposal at all."""
    c = login(personas.reviewer)
    missing = Proposal.objects.order_by("-pk").first().pk + 1000
    hidden = c.post(f"/grants/proposals/{draft.pk}/bid/", {"level": level})
    absent = c.post(f"/grants/proposals/{missing}/bid/", {"level": level})
    assert (hidden.status_code, absent.status_code) == (404, 404)
    assert not draft.bids.exists()
