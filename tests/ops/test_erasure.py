"""Issue 17.7: deleting a person must not delete other people's records; people are erased
(deactivated, anonymised) on request by themselves or the secretariat, with an audit entry."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError
from django.utils import timezone

from corridor.core.erasure import ERASED_NAME, erase_person
from corridor.core.models import ApiToken
from corridor.core.tokens import issue_token
from corridor.council.registry import provider
from corridor.grants.models import Reviewer
from corridor.matchmaking import services as mm
from corridor.matchmaking.models import Meeting, MeetingRequest, Outcome, Registration
from tests.factories import PASSWORD


@pytest.fixture
def deal(held, personas):
    mm.record_outcome(meeting=held, by=personas.bob, kind="deal_signed", deal_value="2500.00", currency="USD")
    return held


def _mm03():
    today = timezone.localdate()
    return provider("matchmaking.deal_value_usd").compute(
        today - dt.timedelta(days=30), today + dt.timedelta(days=1)
    )


def _counts():
    return (
        Registration.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
        Outcome.objects.count(),
    )


def test_deleting_a_person_with_meetings_or_reviews_is_refused(deal, personas):
    with pytest.raises(ProtectedError):
        personas.alice.delete()
    Reviewer.objects.create(user=personas.reviewer, expertise="ports", country_id="MY")
    with pytest.raises(ProtectedError):
        personas.reviewer.delete()
    assert _counts() == (4, 1, 1, 1)


def test_erasure_keeps_others_records_and_the_mm03_figure(deal, personas):
    figure, counts = _mm03(), _counts()
    assert sum(figure.values()) == 2500
    issue_token(by=personas.alice, name="laptop")
    previous_entries = LogEntry.objects.count()
    alice = erase_person(user=personas.alice, by=personas.alice)
    assert (alice.full_name, alice.is_active, alice.has_usable_password()) == (ERASED_NAME, False, False)
    assert alice.email == f"erased-{alice.pk}@erased.invalid"
    assert _mm03() == figure and _counts() == counts
    assert not ApiToken.objects.filter(user=alice).exists()
    registration = Registration.objects.get(user=alice)
    assert registration.wants_to_discuss == ""
    # One new audit entry: who erased whom, what was cleared, and none of the erased values.
    assert LogEntry.objects.count() == previous_entries + 1
    entry = LogEntry.objects.latest("pk")
    assert entry.additional_data["erasure"] is True and entry.additional_data["erased_by"] == "self"
    assert "alice@a.example" not in str(entry.changes) and "Alice Tan" not in str(entry.changes)


def test_erased_reviewer_keeps_the_review_record(personas):
    Reviewer.objects.create(user=personas.reviewer, expertise="ports, customs", country_id="KE")
    erase_person(user=personas.reviewer, by=personas.secretariat)
    reviewer = Reviewer.objects.get(user=personas.reviewer)
    assert reviewer.expertise == "" and reviewer.user.full_name == ERASED_NAME


@pytest.mark.parametrize("actor", ["bob", "carol", "reviewer", "focal_my", "focal_ke"])
def test_only_the_person_or_the_secretariat_may_erase(personas, actor):
    with pytest.raises(PermissionDenied):
        erase_person(user=personas.alice, by=getattr(personas, actor))
    personas.alice.refresh_from_db()
    assert personas.alice.is_active and personas.alice.full_name == "Alice Tan"
    erase_person(user=personas.alice, by=personas.secretariat)
    personas.alice.refresh_from_db()
    assert not personas.alice.is_active


def test_erase_page_asks_for_the_password_then_erases_and_signs_out(client, login, personas):
    assert client.get("/account/erase/").status_code == 302  # anonymous: to the login page
    c = login(personas.alice)
    assert "Erase my account" in c.get("/account/preferences/").content.decode()
    assert c.get("/account/erase/").status_code == 200
    wrong = c.post("/account/erase/", {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 200 and "The password is not correct." in wrong.content.decode()
    unconfirmed = c.post("/account/erase/", {"password": PASSWORD})
    assert unconfirmed.status_code == 200
    personas.alice.refresh_from_db()
    assert personas.alice.is_active
    r = c.post("/account/erase/", {"password": PASSWORD, "confirm": "on"})
    assert r.status_code == 302 and r["Location"] == "/"
    personas.alice.refresh_from_db()
    assert not personas.alice.is_active and personas.alice.full_name == ERASED_NAME
    assert c.get("/account/preferences/").status_code == 302  # signed out


def test_erase_user_command(personas):
    out = io.StringIO()
    call_command("erase_user", "ALICE@a.example", "--yes", stdout=out)
    assert "Erased account" in out.getvalue()
    personas.alice.refresh_from_db()
    assert not personas.alice.is_active
    assert LogEntry.objects.latest("pk").additional_data["erased_by"] == "command line"
    with pytest.raises(CommandError, match="already erased"):
        call_command("erase_user", personas.alice.email, "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No account"):
        call_command("erase_user", "nobody@example.org", "--yes", stdout=io.StringIO())


def test_erasure_blanks_and_hides_the_talent_profile(personas, my):
    from corridor.core.models import Currency
    from corridor.talent import services as talent
    from corridor.talent.models import ProfessionalProfile

    talent.save_profile(
        by=personas.carol,
        headline="Cold-chain engineer, Carol Lim",
        country=my,
        summary="Reach me at carol@a.example",
        expected_salary="5000",
        expected_currency=Currency.objects.get(code="MYR"),
        visibility="public",
    )
    erase_person(user=personas.carol, by=personas.carol)
    profile = ProfessionalProfile.objects.get(user=personas.carol)
    assert (profile.headline, profile.summary, profile.expected_salary, profile.visibility) == (
        ERASED_NAME,
        "",
        None,
        "hidden",
    )
