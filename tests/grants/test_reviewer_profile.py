"""A reviewer edits their own profile (expertise, institution, country, ORCID) through a service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from corridor.grants import access, services
from corridor.grants.enums import ConflictSource
from corridor.grants.models import Assignment, Conflict, Reviewer

pytestmark = pytest.mark.django_db


def test_reviewer_updates_own_profile(personas, reviewers, ke):
    services.update_reviewer_profile(
        by=personas.reviewer,
        expertise=" trade data ,, payments\nports ",
        country=ke,
        institution=personas.org_b,
        orcid="0000-0002-1825-009x",
    )
    rita = Reviewer.objects.get(pk=reviewers.rita.pk)
    assert rita.expertise == "trade data, payments, ports"
    assert (rita.country_id, rita.institution_id, rita.orcid) == (
        "KE",
        personas.org_b.pk,
        "0000-0002-1825-009X",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"orcid": "1234"}, "orcid"), ({"expertise": " , "}, "expertise"), ({"country": None}, "country")],
)
def test_bad_profile_is_refused_and_nothing_saved(personas, reviewers, ke, changes, field):
    data = {"expertise": "fintech", "country": ke, "orcid": ""} | changes
    with pytest.raises(ValidationError) as exc:
        services.update_reviewer_profile(by=personas.reviewer, **data)
    assert field in exc.value.message_dict
    rita = Reviewer.objects.get(pk=reviewers.rita.pk)
    assert (rita.expertise, rita.country_id) == ("logistics, ports, cold chain", "MY")


def test_only_reviewers_have_a_profile(personas, ke):
    with pytest.raises(access.NotFound):
        services.update_reviewer_profile(by=personas.alice, expertise="x", country=ke)


def test_new_institution_creates_conflict_and_drops_the_assignment(
    personas, call, submitted, reviewers, assigned
):
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    me = a.reviewer
    services.update_reviewer_profile(
        by=me.user, expertise=me.expertise, country=me.country, institution=personas.org_a
    )
    conflict = Conflict.objects.get(proposal=submitted, reviewer=me)
    assert conflict.source == ConflictSource.SAME_ORGANISATION
    assert not Assignment.objects.filter(proposal=submitted, reviewer=me).exists()


def test_profile_page_edits_through_the_service(personas, login, reviewers, ke):
    url = reverse("grants:reviewer_profile")
    c = login(personas.reviewer)
    html = c.get(url).content.decode()
    assert "logistics, ports, cold chain" in html
    assert url in c.get(reverse("grants:my_reviews")).content.decode()
    data = {"expertise": "ports, customs", "country": "KE", "institution": personas.org_b.pk, "orcid": ""}
    response = c.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    rita = Reviewer.objects.get(pk=reviewers.rita.pk)
    assert (rita.expertise, rita.country_id, rita.institution_id) == (
        "ports, customs",
        "KE",
        personas.org_b.pk,
    )

    response = c.post(url, data | {"orcid": "not-an-orcid"})
    assert response.status_code == 200
    assert "An ORCID looks like" in response.content.decode()
    assert Reviewer.objects.get(pk=reviewers.rita.pk).orcid == ""


def test_profile_page_is_for_reviewers_only(personas, login, client, reviewers):
    url = reverse("grants:reviewer_profile")
    assert login(personas.alice).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the login page
