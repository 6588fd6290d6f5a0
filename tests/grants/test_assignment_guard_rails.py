"""Issue 16 item 5 in grants: no assignment re-run once a call is decided, none with an empty
reviewer pool; the page offers neither and says why."""

import pytest
from django.core.exceptions import ValidationError

from corridor.grants import services
from corridor.grants.enums import Outcome
from corridor.grants.models import AssignmentRun

pytestmark = pytest.mark.django_db


def test_assignment_with_an_empty_reviewer_pool_is_refused(personas, login, call, submitted):
    with pytest.raises(ValidationError) as exc:
        services.start_assignment(by=personas.secretariat, call=call)
    assert exc.value.error_dict["call"][0].code == "reviewer_pool_empty"
    assert not AssignmentRun.objects.exists()
    page = login(personas.secretariat).get(f"/grants/{call.slug}/assignment/").content.decode()
    assert "no reviewers yet" in page and 'id="run-assignment"' not in page


def test_rerun_is_neither_offered_nor_accepted_once_decided(
    personas, login, call, submitted, reviewers, assigned
):
    sec = login(personas.secretariat)
    assert "Re-run assignment" in sec.get(f"/grants/{call.slug}/assignment/").content.decode()
    services.decide(
        by=personas.secretariat, proposal=submitted, outcome=Outcome.DECLINE, reason="Out of scope."
    )
    page = sec.get(f"/grants/{call.slug}/assignment/").content.decode()
    assert "Re-run assignment" not in page and "Decisions are recorded" in page
    with pytest.raises(ValidationError) as exc:
        services.start_assignment(by=personas.secretariat, call=call)
    assert exc.value.error_dict["call"][0].code == "call_decided"
    refused = sec.post(f"/grants/{call.slug}/assignment/", {}, follow=True).content.decode()
    assert "Decisions are recorded" in refused and AssignmentRun.objects.count() == 1
