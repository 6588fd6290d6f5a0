"""Permission matrix for organisation A ("alpha-logistics") and its postings.

Every persona is tried against every action, through the pages, the API and the services.
Expected:

* owners/admins of A (alice) and the secretariat may edit A, post for A, edit/withdraw A's
  postings and invite to A;
* plain members of A (carol) see A's drafts but may change nothing;
* everybody else (bob of B, the reviewer, both focal points, anonymous) sees only published,
  current data;
* a forbidden record looks exactly like a missing one: the same status as a nonexistent
  slug/id, and the secret draft title never appears in the response.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from corridor.orgs import access, queries, services
from corridor.orgs.enums import OrgStatus, PostingStatus
from corridor.orgs.models import Invitation, Organisation, Posting
from tests.tokens import token_client

SECRET = "SECRET draft request of Alpha"
PERSONAS = ["alice", "carol", "bob", "reviewer", "focal_my", "focal_ke", "secretariat", "anonymous"]
#: may edit A, post for A, invite to A
ADMINS = {"alice", "secretariat"}
#: may see A's drafts (and A while it is a draft organisation)
INSIDERS = {"alice", "carol", "secretariat"}
MISSING_SLUG = "no-such-organisation"
MISSING_PK = 987654321

pytestmark = pytest.mark.django_db


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


@pytest.fixture
def page_client(personas, login):
    def _client(name):
        return Client() if name == "anonymous" else login(getattr(personas, name))

    return _client


@pytest.fixture
def api_client(personas):
    """A client that authenticates to the API with the persona's token (no session)."""

    def _client(name):
        if name == "anonymous":
            return Client()
        return token_client(getattr(personas, name))

    return _client


def assert_looks_missing(response, missing_response, *, anonymous: bool):
    """The response to a forbidden record is indistinguishable from the one for a missing record."""
    assert response.status_code == missing_response.status_code, (
        response.status_code,
        response.content[:500],
    )
    if anonymous and response.status_code == 302:
        # login_required pages send anonymous visitors to log in, whether the record exists or not
        assert response["Location"].startswith("/account/login/")
        assert missing_response["Location"].startswith("/account/login/")
    elif not anonymous:
        assert response.status_code == 404
    assert SECRET.encode() not in response.content
    assert b"Alpha Logistics" not in response.content or response.status_code != 404


def valid_offer_form():
    return {
        "type": "offer",
        "kind": "service",
        "sector": _sector_pk("logistics"),
        "title": "Matrix offer",
        "description": "Posted from the permission matrix.",
        "status": "published",
    }


def _sector_pk(slug):
    from corridor.core.models import Sector

    return Sector.objects.get(slug=slug).pk


def org_form(org, **changes):
    data = {
        "name": org.name,
        "country": org.country_id,
        "kind": org.kind,
        "registration_number": "",
        "sectors": [s.pk for s in org.sectors.all()],
        "size_band": "",
        "founded_year": "",
        "city": "",
        "website": "",
        "description": org.description,
        "status": org.status,
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
def test_page_published_profile_is_public_but_drafts_only_for_insiders(personas, page_client, who):
    """Everyone sees A's published profile and its current offer; only insiders see the draft request."""
    r = page_client(who).get("/organisations/alpha-logistics/")
    assert r.status_code == 200
    content = r.content.decode()
    assert "Alpha Logistics" in content
    assert "Cold-chain trucking Port Klang" in content
    assert (SECRET in content) is (who in INSIDERS)
    assert ("Edit profile" in content) is (who in ADMINS)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_draft_posting(personas, page_client, who):
    """A's draft posting page opens for insiders; for others it is a 404 like a missing id."""
    c = page_client(who)
    r = c.get(f"/organisations/postings/{personas.draft_a.pk}/")
    if who in INSIDERS:
        assert r.status_code == 200
        assert SECRET in r.content.decode()
    else:
        missing = c.get(f"/organisations/postings/{MISSING_PK}/")
        assert missing.status_code == 404
        assert_looks_missing(r, missing, anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_edit_profile_get(personas, page_client, who):
    """The edit form opens for A's admins and the secretariat only."""
    c = page_client(who)
    r = c.get("/organisations/alpha-logistics/edit/")
    if who in ADMINS:
        assert r.status_code == 200
        assert 'name="description"' in r.content.decode()
    else:
        assert_looks_missing(r, c.get(f"/organisations/{MISSING_SLUG}/edit/"), anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_edit_profile_post(personas, page_client, who):
    """Saving the profile works for admins; for others nothing changes and the answer is 'missing'."""
    c = page_client(who)
    data = org_form(personas.org_a, description=f"Changed by {who}")
    r = c.post("/organisations/alpha-logistics/edit/", data)
    personas.org_a.refresh_from_db()
    if who in ADMINS:
        assert r.status_code == 302, r.content.decode()[:3000]
        assert personas.org_a.description == f"Changed by {who}"
    else:
        assert personas.org_a.description == "A test organisation."
        missing = c.post(f"/organisations/{MISSING_SLUG}/edit/", data)
        assert_looks_missing(r, missing, anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_post_offer_for_a(personas, page_client, who):
    """Posting an offer for A works for admins only."""
    c = page_client(who)
    before = Posting.objects.count()
    r = c.post("/organisations/alpha-logistics/postings/new/", valid_offer_form())
    if who in ADMINS:
        assert r.status_code == 302
        assert Posting.objects.filter(organisation=personas.org_a, title="Matrix offer").exists()
    else:
        assert Posting.objects.count() == before
        get = c.get("/organisations/alpha-logistics/postings/new/")
        assert_looks_missing(
            get, c.get(f"/organisations/{MISSING_SLUG}/postings/new/"), anonymous=who == "anonymous"
        )
        missing = c.post(f"/organisations/{MISSING_SLUG}/postings/new/", valid_offer_form())
        assert_looks_missing(r, missing, anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_edit_and_withdraw_posting(personas, page_client, who):
    """Editing and withdrawing A's posting work for admins only."""
    c = page_client(who)
    offer = personas.offer_a
    data = {
        "type": "offer",
        "kind": "service",
        "sector": offer.sector_id,
        "title": "Edited title",
        "description": offer.description,
        "status": "published",
    }
    r_get = c.get(f"/organisations/postings/{offer.pk}/edit/")
    r_edit = c.post(f"/organisations/postings/{offer.pk}/edit/", data)
    r_draft = c.get(f"/organisations/postings/{personas.draft_a.pk}/edit/")
    r_withdraw = c.post(f"/organisations/postings/{offer.pk}/withdraw/")
    offer.refresh_from_db()
    if who in ADMINS:
        assert r_get.status_code == 200
        assert r_edit.status_code == 302
        assert r_draft.status_code == 200 and SECRET in r_draft.content.decode()
        assert r_withdraw.status_code == 302
        assert offer.title == "Edited title"
        assert offer.status == PostingStatus.WITHDRAWN
    else:
        assert offer.title == "Cold-chain trucking Port Klang"
        assert offer.status == PostingStatus.PUBLISHED
        anon = who == "anonymous"
        assert_looks_missing(r_get, c.get(f"/organisations/postings/{MISSING_PK}/edit/"), anonymous=anon)
        assert_looks_missing(
            r_edit, c.post(f"/organisations/postings/{MISSING_PK}/edit/", data), anonymous=anon
        )
        assert_looks_missing(r_draft, c.get(f"/organisations/postings/{MISSING_PK}/edit/"), anonymous=anon)
        assert_looks_missing(
            r_withdraw, c.post(f"/organisations/postings/{MISSING_PK}/withdraw/"), anonymous=anon
        )


@pytest.mark.parametrize("who", PERSONAS)
def test_page_invite(personas, page_client, who, mailoutbox, django_capture_on_commit_callbacks):
    """Inviting to A works for admins only; members see the member list but get 'missing' on POST."""
    c = page_client(who)
    data = {"email": "newcomer@a.example", "role": "member"}
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/organisations/alpha-logistics/members/", data)
    if who in ADMINS:
        assert r.status_code == 302
        assert Invitation.objects.filter(organisation=personas.org_a, email="newcomer@a.example").exists()
        assert [m.to for m in mailoutbox] == [["newcomer@a.example"]]
    else:
        assert not Invitation.objects.exists()
        assert mailoutbox == []
        missing = c.post(f"/organisations/{MISSING_SLUG}/members/", data)
        assert_looks_missing(r, missing, anonymous=who == "anonymous")
        listing = c.get("/organisations/alpha-logistics/members/")
        if who == "carol":
            assert listing.status_code == 200
            assert "Send invitation" not in listing.content.decode()
        else:
            assert_looks_missing(
                listing, c.get(f"/organisations/{MISSING_SLUG}/members/"), anonymous=who == "anonymous"
            )


@pytest.mark.parametrize("who", PERSONAS)
def test_page_draft_organisation(personas, page_client, who):
    """While A is a draft organisation only insiders find it: profile, postings and directory."""
    Organisation.objects.filter(pk=personas.org_a.pk).update(status=OrgStatus.DRAFT)
    c = page_client(who)
    r = c.get("/organisations/alpha-logistics/")
    offer = c.get(f"/organisations/postings/{personas.offer_a.pk}/")
    directory = c.get("/organisations/").content.decode()
    if who in INSIDERS:
        assert r.status_code == 200
        assert "Draft: visible to members only" in r.content.decode()
        assert offer.status_code == 200
        assert "Alpha Logistics" in directory
    else:
        assert_looks_missing(r, c.get(f"/organisations/{MISSING_SLUG}/"), anonymous=who == "anonymous")
        assert_looks_missing(
            offer, c.get(f"/organisations/postings/{MISSING_PK}/"), anonymous=who == "anonymous"
        )
        assert "Alpha Logistics" not in directory
        assert "Cold-chain trucking Port Klang" not in directory
        assert "Beta Pay" in directory


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_published_profile_and_postings(personas, api_client, who):
    """GET of A is public; A's posting list and the posting list show the draft to insiders only."""
    c = api_client(who)
    r = c.get("/api/organisations/alpha-logistics/")
    assert r.status_code == 200
    assert r.json()["name"] == "Alpha Logistics"
    titles = [p["title"] for p in c.get("/api/organisations/alpha-logistics/postings/").json()["results"]]
    assert "Cold-chain trucking Port Klang" in titles
    assert (SECRET in titles) is (who in INSIDERS)
    listing = c.get("/api/postings/", {"page_size": 100})
    assert listing.status_code == 200
    assert (SECRET in listing.content.decode()) is (who in INSIDERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_api_draft_posting(personas, api_client, who):
    """GET /api/postings/<draft>/ is 200 for insiders and the same 404 as a missing id for others."""
    c = api_client(who)
    r = c.get(f"/api/postings/{personas.draft_a.pk}/")
    if who in INSIDERS:
        assert r.status_code == 200
        assert r.json()["title"] == SECRET
    else:
        missing = c.get(f"/api/postings/{MISSING_PK}/")
        assert missing.status_code == 404
        assert_looks_missing(r, missing, anonymous=who == "anonymous")
        assert r.json() == missing.json()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_patch_organisation(personas, api_client, who):
    """PATCH of A works for admins; others get what a missing slug gets and nothing changes."""
    c = api_client(who)
    body = {"description": f"API change by {who}"}
    r = c.patch("/api/organisations/alpha-logistics/", body, content_type="application/json")
    personas.org_a.refresh_from_db()
    if who in ADMINS:
        assert r.status_code == 200, r.content
        assert personas.org_a.description == f"API change by {who}"
    else:
        assert personas.org_a.description == "A test organisation."
        missing = c.patch(f"/api/organisations/{MISSING_SLUG}/", body, content_type="application/json")
        assert r.status_code == missing.status_code
        assert r.status_code == (403 if who == "anonymous" else 404)
        assert r.json() == missing.json()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_post_offer_for_a(personas, api_client, who):
    """POST /api/postings/ for A works for admins; others get what a missing organisation gets."""
    c = api_client(who)
    body = {
        "organisation": "alpha-logistics",
        "type": "offer",
        "kind": "service",
        "sector": "logistics",
        "title": "API offer",
        "description": "Posted through the API.",
    }
    before = Posting.objects.count()
    r = c.post("/api/postings/", body, content_type="application/json")
    if who in ADMINS:
        assert r.status_code == 201, r.content
        assert r.json()["organisation"] == "alpha-logistics"
        assert Posting.objects.filter(organisation=personas.org_a, title="API offer").exists()
    else:
        assert Posting.objects.count() == before
        missing = c.post(
            "/api/postings/", {**body, "organisation": MISSING_SLUG}, content_type="application/json"
        )
        assert r.status_code == missing.status_code == (403 if who == "anonymous" else 404)
        assert r.json() == missing.json()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_patch_posting(personas, api_client, who):
    """PATCH of A's posting (also withdrawing it) works for admins only."""
    c = api_client(who)
    body = {"status": "withdrawn", "title": "Withdrawn via API"}
    r = c.patch(f"/api/postings/{personas.offer_a.pk}/", body, content_type="application/json")
    r_draft = c.patch(
        f"/api/postings/{personas.draft_a.pk}/", {"title": "x"}, content_type="application/json"
    )
    personas.offer_a.refresh_from_db()
    personas.draft_a.refresh_from_db()
    if who in ADMINS:
        assert r.status_code == 200, r.content
        assert personas.offer_a.status == PostingStatus.WITHDRAWN
        assert r_draft.status_code == 200
    else:
        assert personas.offer_a.status == PostingStatus.PUBLISHED
        assert personas.offer_a.title == "Cold-chain trucking Port Klang"
        assert personas.draft_a.title == SECRET
        missing = c.patch(f"/api/postings/{MISSING_PK}/", body, content_type="application/json")
        for resp in (r, r_draft):
            assert resp.status_code == missing.status_code == (403 if who == "anonymous" else 404)
            assert resp.json() == missing.json()
            assert SECRET.encode() not in resp.content


@pytest.mark.parametrize("who", PERSONAS)
def test_api_invite(personas, api_client, who, mailoutbox, django_capture_on_commit_callbacks):
    """POST /api/organisations/<slug>/invite/ works for admins only."""
    c = api_client(who)
    body = {"email": "api.newcomer@a.example", "role": "admin"}
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/organisations/alpha-logistics/invite/", body, content_type="application/json")
    if who in ADMINS:
        assert r.status_code == 201, r.content
        assert r.json() == {"email": "api.newcomer@a.example", "role": "admin"}
        assert len(mailoutbox) == 1
    else:
        assert not Invitation.objects.exists()
        assert mailoutbox == []
        missing = c.post(f"/api/organisations/{MISSING_SLUG}/invite/", body, content_type="application/json")
        assert r.status_code == missing.status_code == (403 if who == "anonymous" else 404)
        assert r.json() == missing.json()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_draft_organisation(personas, api_client, who):
    """While A is a draft, the API shows it (detail, list, its postings) to insiders only."""
    Organisation.objects.filter(pk=personas.org_a.pk).update(status=OrgStatus.DRAFT)
    c = api_client(who)
    r = c.get("/api/organisations/alpha-logistics/")
    slugs = [o["slug"] for o in c.get("/api/organisations/").json()["results"]]
    posting_titles = c.get("/api/postings/").content.decode()
    offer = c.get(f"/api/postings/{personas.offer_a.pk}/")
    if who in INSIDERS:
        assert r.status_code == 200
        assert r.json()["status"] == "draft"
        assert "alpha-logistics" in slugs
        assert offer.status_code == 200
    else:
        missing = c.get(f"/api/organisations/{MISSING_SLUG}/")
        assert r.status_code == missing.status_code == 404
        assert r.json() == missing.json()
        assert "alpha-logistics" not in slugs
        assert "beta-pay" in slugs
        assert "Cold-chain trucking Port Klang" not in posting_titles
        assert offer.status_code == 404
        postings = c.get("/api/organisations/alpha-logistics/postings/")
        assert postings.status_code == 404


# ---------------------------------------------------------------- services and access helpers


def _raises_not_found(fn):
    with pytest.raises(access.NotFound):
        fn()


@pytest.mark.parametrize("who", PERSONAS)
def test_services_view(personas, who):
    """Reading: A is visible to all; its draft posting only to insiders (others: NotFound)."""
    user = _user(personas, who)
    assert access.get_organisation(user, slug="alpha-logistics") == personas.org_a
    titles = {p.title for p in queries.postings_for_profile(organisation=personas.org_a, user=user)}
    assert (SECRET in titles) is (who in INSIDERS)
    if who in INSIDERS:
        assert access.get_posting(user, pk=personas.draft_a.pk) == personas.draft_a
    else:
        _raises_not_found(lambda: access.get_posting(user, pk=personas.draft_a.pk))
        _raises_not_found(lambda: access.get_posting(user, pk=MISSING_PK))
    assert (SECRET in {p.title for p in queries.postings_visible_to(user)}) is (who in INSIDERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_services_change(personas, who, django_capture_on_commit_callbacks):
    """Changing A through a service works for admins; others get NotFound and nothing is written."""
    user = _user(personas, who)
    org = personas.org_a
    calls = {
        "update_organisation": lambda: services.update_organisation(organisation=org, by=user, city="Klang"),
        "create_posting": lambda: services.create_posting(
            organisation=org,
            by=user,
            type="offer",
            kind="service",
            sector="logistics",
            title="Service offer",
            description="From the service.",
            valid_until=timezone.localdate() + dt.timedelta(days=10),
        ),
        "update_posting": lambda: services.update_posting(posting=personas.offer_a, by=user, title="Renamed"),
        "withdraw_posting": lambda: services.withdraw_posting(posting=personas.draft_a, by=user),
        "invite_member": lambda: services.invite_member(organisation=org, by=user, email="svc@a.example"),
        "get_organisation_for_admin": lambda: access.get_organisation(
            user, slug="alpha-logistics", for_admin=True
        ),
        "get_posting_for_admin": lambda: access.get_posting(user, pk=personas.offer_a.pk, for_admin=True),
    }
    for name, call in calls.items():
        if who in ADMINS:
            with django_capture_on_commit_callbacks(execute=True):
                assert call() is not None, name
        else:
            with pytest.raises(access.NotFound):
                call()
    org.refresh_from_db()
    personas.offer_a.refresh_from_db()
    personas.draft_a.refresh_from_db()
    if who in ADMINS:
        assert org.city == "Klang"
        assert personas.offer_a.title == "Renamed"
        assert personas.draft_a.status == PostingStatus.WITHDRAWN
        assert Invitation.objects.filter(email="svc@a.example").exists()
    else:
        assert org.city == ""
        assert personas.offer_a.title == "Cold-chain trucking Port Klang"
        assert personas.draft_a.status == PostingStatus.DRAFT
        assert not Posting.objects.filter(title="Service offer").exists()
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_services_forbidden_before_validation(personas, who):
    """An outsider gets NotFound even with invalid data: the check runs before validation,
    so error messages cannot be used to probe a record."""
    if who in ADMINS:
        with pytest.raises(ValidationError):
            services.update_organisation(
                organisation=personas.org_a, by=_user(personas, who), website="not a url"
            )
    else:
        _raises_not_found(
            lambda: services.update_organisation(
                organisation=personas.org_a, by=_user(personas, who), website="not a url"
            )
        )


@pytest.mark.parametrize("who", PERSONAS)
def test_services_draft_organisation(personas, who):
    """While A is a draft, access.get_organisation finds it for insiders only."""
    Organisation.objects.filter(pk=personas.org_a.pk).update(status=OrgStatus.DRAFT)
    user = _user(personas, who)
    if who in INSIDERS:
        assert access.get_organisation(user, slug="alpha-logistics").status == OrgStatus.DRAFT
        assert access.get_posting(user, pk=personas.offer_a.pk) == personas.offer_a
    else:
        _raises_not_found(lambda: access.get_organisation(user, slug="alpha-logistics"))
        _raises_not_found(lambda: access.get_organisation(user, slug=MISSING_SLUG))
        _raises_not_found(lambda: access.get_posting(user, pk=personas.offer_a.pk))
        assert not Organisation.objects.visible_to(user).filter(slug="alpha-logistics").exists()
