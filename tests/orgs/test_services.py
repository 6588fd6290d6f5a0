"""Organisation services: bad input (service, page form and API alike), ownership, invitations,
the last owner, expiry/withdrawal of postings, and the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from corridor.core.models import Sector
from corridor.orgs import access, services
from corridor.orgs.enums import MemberRole, OrgStatus, PostingStatus
from corridor.orgs.models import Invitation, Membership, Organisation, Posting
from tests.api_errors import errors_of
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, UserFactory
from tests.tokens import key_for

pytestmark = pytest.mark.django_db

REG_CLASH = "already exists in"
LOGO_TOO_BIG = "larger than 2"
LOGO_NOT_IMAGE = "Upload a PNG, JPEG, GIF or WebP image."
UNKNOWN_SECTOR = "Unknown sector"
PAST_DATE = "The date is in the past."
BAD_URL = "Enter a valid URL"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def big_logo() -> SimpleUploadedFile:
    """A real PNG padded past 2 MB."""
    return SimpleUploadedFile(
        "big.png", png_bytes() + b"\0" * (2 * 1024 * 1024 + 1), content_type="image/png"
    )


def fake_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "logo.png", b"this is plain text, not an image\n" * 10, content_type="image/png"
    )


def field_error(html: str, field: str) -> str:
    """The inline error text rendered next to ``field`` (in ``<div id="id_<field>_error">``)."""
    block = re.search(rf'<div id="id_{field}_error">(.*?)</div>', html, flags=re.S)
    if not block:
        return ""
    return " ".join(re.findall(r'<p class="error">(.*?)</p>', block.group(1), flags=re.S))


def org_page_data(**changes):
    data = {
        "name": "Gamma Freight",
        "country": "MY",
        "kind": "company",
        "registration_number": "",
        "sectors": [Sector.objects.get(slug="logistics").pk],
        "size_band": "",
        "founded_year": "",
        "city": "",
        "website": "",
        "description": "Freight.",
        "status": "published",
    }
    data.update(changes)
    return data


def org_service_data(**changes):
    data = {"name": "Gamma Freight", "country": "MY", "kind": "company", "sectors": ["logistics"]}
    data.update(changes)
    return data


# ------------------------------------------------------------------ bad input, three ways


@pytest.fixture
def existing_reg(personas):
    Organisation.objects.filter(pk=personas.org_a.pk).update(registration_number="SSM-12345")
    return "SSM-12345"


def test_duplicate_registration_number_service(personas, existing_reg):
    """A registration number is unique within a country (case-insensitively), not across countries."""
    with pytest.raises(ValidationError) as exc:
        services.create_organisation(by=personas.bob, **org_service_data(registration_number="ssm-12345"))
    assert REG_CLASH in exc.value.message_dict["registration_number"][0]
    assert not Organisation.objects.filter(name="Gamma Freight").exists()
    org = services.create_organisation(
        by=personas.bob, **org_service_data(country="KE", registration_number=existing_reg)
    )
    assert org.country_id == "KE" and org.registration_number == existing_reg


def test_duplicate_registration_number_on_update(personas, existing_reg):
    """Changing B to Malaysia with A's number clashes; keeping one's own number does not."""
    with pytest.raises(ValidationError) as exc:
        services.update_organisation(
            organisation=personas.org_b, by=personas.bob, country="MY", registration_number=existing_reg
        )
    assert "registration_number" in exc.value.message_dict
    services.update_organisation(
        organisation=personas.org_a, by=personas.alice, registration_number=existing_reg, city="Klang"
    )


def test_duplicate_registration_number_page(personas, existing_reg, login):
    """The page shows the clash next to the registration number field and creates nothing."""
    c = login(personas.bob)
    before = Organisation.objects.count()
    r = c.post("/organisations/new/", org_page_data(registration_number=existing_reg))
    assert r.status_code == 200
    assert REG_CLASH in field_error(r.content.decode(), "registration_number")
    assert Organisation.objects.count() == before
    r = c.post("/organisations/new/", org_page_data(country="KE", registration_number=existing_reg))
    assert r.status_code == 302
    assert Organisation.objects.count() == before + 1


def test_duplicate_registration_number_api(personas, existing_reg, login):
    """The API answers 400 naming registration_number, and saves nothing."""
    c = login(personas.bob)
    before = Organisation.objects.count()
    r = c.post(
        "/api/organisations/",
        org_service_data(registration_number=existing_reg),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert list(errors_of(r)) == ["registration_number"]
    assert Organisation.objects.count() == before
    r = c.post(
        "/api/organisations/",
        org_service_data(country="KE", registration_number=existing_reg),
        content_type="application/json",
    )
    assert r.status_code == 201


@pytest.mark.parametrize(
    ("make_logo", "message"),
    [(big_logo, LOGO_TOO_BIG), (fake_png, LOGO_NOT_IMAGE)],
    ids=["over-2MB", "text-named-png"],
)
def test_bad_logo_service(personas, make_logo, message):
    """Logos over 2 MB and files that are not images are refused by the service."""
    with pytest.raises(ValidationError) as exc:
        services.create_organisation(by=personas.alice, logo=make_logo(), **org_service_data())
    assert message in exc.value.message_dict["logo"][0]
    assert not Organisation.objects.filter(name="Gamma Freight").exists()
    with pytest.raises(ValidationError):
        services.update_organisation(organisation=personas.org_a, by=personas.alice, logo=make_logo())
    personas.org_a.refresh_from_db()
    assert not personas.org_a.logo


@pytest.mark.parametrize(
    ("make_logo", "message"),
    [(big_logo, LOGO_TOO_BIG), (fake_png, LOGO_NOT_IMAGE)],
    ids=["over-2MB", "text-named-png"],
)
def test_bad_logo_page(personas, login, make_logo, message):
    """The page shows the logo error next to the logo field, on create and on edit."""
    c = login(personas.alice)
    before = Organisation.objects.count()
    r = c.post("/organisations/new/", {**org_page_data(), "logo": make_logo()})
    assert r.status_code == 200
    assert message in field_error(r.content.decode(), "logo")
    assert Organisation.objects.count() == before
    org = personas.org_a
    edit = org_page_data(
        name=org.name, country="MY", kind=org.kind, sectors=[s.pk for s in org.sectors.all()]
    )
    r = c.post("/organisations/alpha-logistics/edit/", {**edit, "logo": make_logo()})
    assert r.status_code == 200
    assert message in field_error(r.content.decode(), "logo")
    org.refresh_from_db()
    assert not org.logo and org.name == "Alpha Logistics"


@pytest.mark.parametrize(
    ("make_logo", "message"),
    [(big_logo, LOGO_TOO_BIG), (fake_png, LOGO_NOT_IMAGE)],
    ids=["over-2MB", "text-named-png"],
)
def test_bad_logo_api(personas, login, make_logo, message):
    """The API answers 400 naming logo (multipart upload) and saves nothing."""
    c = login(personas.alice)
    before = Organisation.objects.count()
    r = c.post(
        "/api/organisations/",
        {"name": "Gamma Freight", "country": "MY", "kind": "company", "logo": make_logo()},
    )
    assert r.status_code == 400, r.content
    assert list(errors_of(r)) == ["logo"]
    assert message in errors_of(r)["logo"][0]
    assert Organisation.objects.count() == before


def test_good_logo_is_saved(personas, login):
    """A small real PNG is accepted and shown on the profile."""
    c = login(personas.alice)
    r = c.post(
        "/organisations/new/",
        {**org_page_data(), "logo": SimpleUploadedFile("l.png", png_bytes(), "image/png")},
    )
    assert r.status_code == 302
    org = Organisation.objects.get(name="Gamma Freight")
    assert org.logo.name.endswith((".png", ".jpg"))
    assert "Logo of Gamma Freight" in c.get(org.get_absolute_url()).content.decode()


def test_unknown_sector(personas, login):
    """An unknown sector slug is refused by service, page and API; nothing is saved."""
    with pytest.raises(ValidationError) as exc:
        services.create_organisation(by=personas.alice, **org_service_data(sectors=["no-such-sector"]))
    assert "no-such-sector" in exc.value.message_dict["sectors"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_posting(
            organisation=personas.org_a,
            by=personas.alice,
            type="offer",
            kind="service",
            sector="no-such-sector",
            title="T",
            description="D",
        )
    assert UNKNOWN_SECTOR in exc.value.message_dict["sector"][0]
    c = login(personas.alice)
    before_orgs, before_posts = Organisation.objects.count(), Posting.objects.count()
    r = c.post("/organisations/new/", org_page_data(sectors=[987654]))
    assert r.status_code == 200
    assert "Select a valid choice" in field_error(r.content.decode(), "sectors")
    r = c.post(
        "/api/organisations/", org_service_data(sectors=["no-such-sector"]), content_type="application/json"
    )
    assert r.status_code == 400 and list(errors_of(r)) == ["sectors"]
    assert "no-such-sector" in errors_of(r)["sectors"][0]
    r = c.post(
        "/api/postings/",
        {
            "organisation": "alpha-logistics",
            "type": "offer",
            "kind": "service",
            "sector": "no-such-sector",
            "title": "T",
            "description": "D",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and list(errors_of(r)) == ["sector"]
    assert (Organisation.objects.count(), Posting.objects.count()) == (before_orgs, before_posts)


def test_valid_until_in_the_past(personas, login):
    """A posting cannot be valid until a past date: service, page (inline) and API (400)."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "type": "offer",
        "kind": "service",
        "sector": "logistics",
        "title": "Past offer",
        "description": "D",
    }
    with pytest.raises(ValidationError) as exc:
        services.create_posting(organisation=personas.org_a, by=personas.alice, valid_until=yesterday, **data)
    assert exc.value.message_dict["valid_until"] == [PAST_DATE]
    c = login(personas.alice)
    before = Posting.objects.count()
    r = c.post(
        "/organisations/alpha-logistics/postings/new/",
        {
            **data,
            "sector": Sector.objects.get(slug="logistics").pk,
            "valid_until": yesterday.isoformat(),
            "status": "published",
        },
    )
    assert r.status_code == 200
    assert PAST_DATE in field_error(r.content.decode(), "valid_until")
    r = c.post(
        "/api/postings/",
        {**data, "organisation": "alpha-logistics", "valid_until": yesterday.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert errors_of(r) == {"valid_until": [PAST_DATE]}
    r = c.patch(
        f"/api/postings/{personas.offer_a.pk}/",
        {"valid_until": yesterday.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 400 and list(errors_of(r)) == ["valid_until"]
    assert Posting.objects.count() == before
    personas.offer_a.refresh_from_db()
    assert personas.offer_a.valid_until > yesterday


@pytest.mark.parametrize("website", ["not a url", "ftp://example.org", "example", "javascript:alert(1)"])
def test_website_not_a_url(personas, login, website):
    """A website must be an http(s) URL: service, page (inline) and API (400), nothing saved."""
    with pytest.raises(ValidationError) as exc:
        services.create_organisation(by=personas.alice, **org_service_data(website=website))
    assert BAD_URL in exc.value.message_dict["website"][0]
    c = login(personas.alice)
    before = Organisation.objects.count()
    r = c.post("/organisations/new/", org_page_data(website=website))
    assert r.status_code == 200
    assert BAD_URL in field_error(r.content.decode(), "website")
    r = c.post("/api/organisations/", org_service_data(website=website), content_type="application/json")
    assert r.status_code == 400 and list(errors_of(r)) == ["website"]
    r = c.patch("/api/organisations/alpha-logistics/", {"website": website}, content_type="application/json")
    assert r.status_code == 400 and list(errors_of(r)) == ["website"]
    assert Organisation.objects.count() == before
    personas.org_a.refresh_from_db()
    assert personas.org_a.website == ""


def test_several_bad_fields_reported_together(personas, login):
    """One submission with several bad fields names every one of them."""
    c = login(personas.alice)
    r = c.post(
        "/api/organisations/",
        org_service_data(website="nope", sectors=["nope"]),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert set(errors_of(r)) == {"website", "sectors"}


# ------------------------------------------------------------------ organisations and members


def test_create_organisation_makes_creator_owner(personas, login):
    """The creator becomes the owner, via the service and via the page."""
    org = services.create_organisation(by=personas.carol, **org_service_data())
    assert Membership.objects.get(organisation=org).user == personas.carol
    assert Membership.objects.get(organisation=org).role == MemberRole.OWNER
    assert org.status == OrgStatus.PUBLISHED
    assert access.can_act_for(personas.carol, org)

    c = login(personas.bob)
    r = c.post("/organisations/new/", org_page_data(name="Delta Draft", status="draft"), follow=True)
    org = Organisation.objects.get(name="Delta Draft")
    assert org.status == OrgStatus.DRAFT
    assert org.memberships.get().user == personas.bob and org.memberships.get().role == MemberRole.OWNER
    assert "Delta Draft is created" in r.content.decode()
    assert "Edit profile" in r.content.decode()


def test_invitation_sent_and_accepted_with_matching_email(
    personas, login, mailoutbox, django_capture_on_commit_callbacks
):
    """An invitation mails a link; the invited address (any case) joins with the invited role."""
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            organisation=personas.org_a, by=personas.alice, email="Dina@A.example", role="admin"
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dina@a.example"]
    assert "Alpha Logistics" in mail.subject
    path = re.search(r"https?://[^/\s]+(/organisations/invitations/[^/\s]+/)", mail.body).group(1)

    dina = UserFactory(email="dina@a.example")
    r = login(dina).get(path)
    assert r.status_code == 302 and r["Location"] == "/organisations/alpha-logistics/"
    m = Membership.objects.get(organisation=personas.org_a, user=dina)
    assert m.role == MemberRole.ADMIN
    assert Invitation.objects.get().accepted_at is not None
    # used once only
    assert login(dina).get(path).status_code == 404


def test_invitation_with_another_email_is_not_found(
    personas, login, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone signed in with another address gets 404 and does not join."""
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invite_member(organisation=personas.org_a, by=personas.alice, email="dina@a.example")
    r = login(personas.bob).get(f"/organisations/invitations/{inv.token}/")
    assert r.status_code == 404
    assert not Membership.objects.filter(organisation=personas.org_a, user=personas.bob).exists()
    assert login(personas.bob).get("/organisations/invitations/not-a-token/").status_code == 404
    with pytest.raises(access.NotFound):
        services.accept_invitation(token=inv.token, by=personas.bob)
    anon = login(personas.bob)
    anon.logout()
    r = anon.get(f"/organisations/invitations/{inv.token}/")
    assert r.status_code == 302 and r["Location"].startswith("/account/login/")
    inv.refresh_from_db()
    assert inv.accepted_at is None


def test_invitation_bad_input(personas):
    """Invitations need a valid address, a non-owner role, and someone not yet a member."""
    for kwargs, field in [
        ({"email": "nope"}, "email"),
        ({"email": "x@a.example", "role": "owner"}, "role"),
        ({"email": "CAROL@a.example"}, "email"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.invite_member(organisation=personas.org_a, by=personas.alice, **kwargs)
        assert field in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_last_owner_cannot_be_removed_or_demoted(personas, login):
    """The only owner can neither be demoted nor removed (not even by the secretariat or herself)."""
    owner = Membership.objects.get(organisation=personas.org_a, user=personas.alice)
    for by in (personas.alice, personas.secretariat):
        with pytest.raises(ValidationError) as exc:
            services.change_member_role(membership=owner, by=by, role=MemberRole.ADMIN)
        assert "at least one owner" in exc.value.message_dict["role"][0]
        with pytest.raises(ValidationError):
            services.remove_member(membership=owner, by=by)
    r = login(personas.secretariat).post(
        f"/organisations/alpha-logistics/members/{owner.pk}/remove/", follow=True
    )
    assert "at least one owner" in r.content.decode()
    owner.refresh_from_db()
    assert owner.role == MemberRole.OWNER

    # with a second owner, the first can step down
    carol_m = Membership.objects.get(organisation=personas.org_a, user=personas.carol)
    services.change_member_role(membership=carol_m, by=personas.alice, role=MemberRole.OWNER)
    services.change_member_role(membership=owner, by=personas.alice, role=MemberRole.MEMBER)
    owner.refresh_from_db()
    assert owner.role == MemberRole.MEMBER


def test_plain_member_can_leave_but_not_remove_others(personas):
    """A member may remove their own membership, not someone else's."""
    alice_m = Membership.objects.get(organisation=personas.org_a, user=personas.alice)
    with pytest.raises(access.NotFound):
        services.remove_member(membership=alice_m, by=personas.carol)
    carol_m = Membership.objects.get(organisation=personas.org_a, user=personas.carol)
    services.remove_member(membership=carol_m, by=personas.carol)
    assert not Membership.objects.filter(pk=carol_m.pk).exists()


# ------------------------------------------------------------------ expired and withdrawn postings


@pytest.fixture
def expired(personas):
    return PostingFactory(
        organisation=personas.org_a,
        title="Expired ferry slots",
        valid_until=timezone.localdate() - dt.timedelta(days=1),
    )


def test_expired_posting_hidden_but_kept(personas, expired, client, login):
    """An expired posting leaves the directory, the API list and the public profile, but stays in
    the database and members still see it (marked expired) on their profile."""
    assert Posting.objects.filter(pk=expired.pk).exists()
    assert "Expired ferry slots" not in client.get("/organisations/").content.decode()
    assert "Expired ferry slots" not in client.get("/api/postings/").content.decode()
    assert "Expired ferry slots" not in client.get("/organisations/alpha-logistics/").content.decode()
    assert client.get(f"/organisations/postings/{expired.pk}/").status_code == 404
    assert client.get(f"/api/postings/{expired.pk}/").status_code == 404
    # the current offer stays listed
    assert "Cold-chain trucking Port Klang" in client.get("/organisations/").content.decode()

    profile = login(personas.carol).get("/organisations/alpha-logistics/").content.decode()
    assert "Expired ferry slots" in profile
    assert "Expired" in profile
    api = login(personas.carol).get("/api/organisations/alpha-logistics/postings/").json()
    assert {"title": "Expired ferry slots", "is_expired": True} in [
        {"title": p["title"], "is_expired": p["is_expired"]} for p in api["results"]
    ]
    # the directory shows only current postings, even to members
    assert "Expired ferry slots" not in login(personas.carol).get("/organisations/").content.decode()


def test_posting_valid_today_is_current(personas, client):
    """A posting valid until today is still listed."""
    PostingFactory(organisation=personas.org_a, title="Last-day offer", valid_until=timezone.localdate())
    assert "Last-day offer" in client.get("/api/postings/").content.decode()


def test_withdrawn_posting_hidden(personas, client, login):
    """A withdrawn posting disappears for the public and stays (marked withdrawn) for members."""
    services.withdraw_posting(posting=personas.offer_a, by=personas.alice)
    personas.offer_a.refresh_from_db()
    assert personas.offer_a.status == PostingStatus.WITHDRAWN
    title = "Cold-chain trucking Port Klang"
    for url in ("/organisations/", "/api/postings/", "/organisations/alpha-logistics/"):
        assert title not in client.get(url).content.decode(), url
    assert client.get(f"/organisations/postings/{personas.offer_a.pk}/").status_code == 404
    assert (
        client.get("/organisations/", {"posting_type": "offer"}).content.decode().count("Alpha Logistics")
        == 0
    )
    profile = login(personas.carol).get("/organisations/alpha-logistics/").content.decode()
    assert title in profile and "Withdrawn" in profile


# ------------------------------------------------------------------ audit trail


def _entries(obj, since=0):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), pk__gt=since
    )


def _last_entry_pk():
    last = LogEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_service_changes_are_attributed(personas, django_capture_on_commit_callbacks):
    """Creating and changing through services writes LogEntry rows with the acting user as actor."""
    org = services.create_organisation(by=personas.bob, **org_service_data())
    assert _entries(org).filter(action=LogEntry.Action.CREATE).get().actor == personas.bob
    membership = org.memberships.get()
    assert _entries(membership).get().actor == personas.bob

    services.update_organisation(organisation=org, by=personas.secretariat, city="Nairobi")
    update = _entries(org).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert update.actor == personas.secretariat
    assert "city" in update.changes_dict

    posting = services.create_posting(
        organisation=org,
        by=personas.bob,
        type="request",
        kind="partnership",
        sector="fintech",
        title="Need a partner",
        description="D",
    )
    assert _entries(posting).get().actor == personas.bob
    services.withdraw_posting(posting=posting, by=personas.bob)
    assert _entries(posting).filter(action=LogEntry.Action.UPDATE).get().actor == personas.bob
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invite_member(organisation=org, by=personas.bob, email="x@b.example")
    entry = _entries(inv).get()
    assert entry.actor == personas.bob
    assert inv.token not in str(entry.changes)


def test_api_token_changes_are_attributed(personas, client):
    """A PATCH through the API with token auth is logged with the token's user as actor."""
    key = key_for(personas.alice)
    since = _last_entry_pk()
    r = client.patch(
        "/api/organisations/alpha-logistics/",
        {"city": "Port Klang"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 200
    entry = _entries(personas.org_a, since).get()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == personas.alice
    assert entry.changes_dict["city"] == ["", "Port Klang"]

    r = client.post(
        "/api/postings/",
        {
            "organisation": "alpha-logistics",
            "type": "offer",
            "kind": "service",
            "sector": "logistics",
            "title": "Token offer",
            "description": "D",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 201
    posting = Posting.objects.get(title="Token offer")
    assert _entries(posting).get().actor == personas.alice


def test_page_changes_are_attributed(personas, login):
    """A profile saved through the page is logged with the signed-in user as actor."""
    org = personas.org_a
    data = org_page_data(
        name=org.name, kind=org.kind, city="Shah Alam", sectors=[s.pk for s in org.sectors.all()]
    )
    assert login(personas.alice).post("/organisations/alpha-logistics/edit/", data).status_code == 302
    entry = _entries(org).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == personas.alice
    assert entry.changes_dict["city"][1] == "Shah Alam"


def test_admin_change_by_secretariat_is_logged(personas, login):
    """The secretariat edits a posting in the admin site; the change is logged with them as actor."""
    posting = personas.offer_b
    since = _last_entry_pk()
    c = login(personas.secretariat)
    url = f"/admin/orgs/posting/{posting.pk}/change/"
    assert c.get(url).status_code == 200
    data = {
        "organisation": posting.organisation_id,
        "type": posting.type,
        "kind": posting.kind,
        "sector": posting.sector_id,
        "title": "Mobile payments API (moderated)",
        "description": posting.description,
        "target_country": "",
        "valid_until": posting.valid_until.isoformat(),
        "status": PostingStatus.PUBLISHED,
        "created_by": personas.bob.pk,
        "_save": "Save",
    }
    r = c.post(url, data)
    assert r.status_code == 302, r.content.decode()[:3000]
    posting.refresh_from_db()
    assert posting.title == "Mobile payments API (moderated)"
    entry = _entries(posting, since).get()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == personas.secretariat
    assert entry.changes_dict["title"] == ["Mobile payments API", "Mobile payments API (moderated)"]


def test_admin_can_moderate_posting_without_known_creator(personas, login):
    """Postings with no recorded creator (imported, seeded, creator deleted) can be saved in the admin
    without inventing a creator."""
    posting = personas.offer_b
    assert posting.created_by is None
    data = {
        "organisation": posting.organisation_id,
        "type": posting.type,
        "kind": posting.kind,
        "sector": posting.sector_id,
        "title": "Moderated",
        "description": posting.description,
        "target_country": "",
        "valid_until": posting.valid_until.isoformat(),
        "status": PostingStatus.PUBLISHED,
        "created_by": "",
        "_save": "Save",
    }
    r = login(personas.secretariat).post(f"/admin/orgs/posting/{posting.pk}/change/", data)
    assert r.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Moderated" and posting.created_by is None


def test_unverified_user_cannot_create_via_service(db):
    """The service itself refuses unverified and anonymous creators."""
    from django.contrib.auth.models import AnonymousUser

    unverified = UserFactory(email_verified_at=None)
    for by in (unverified, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.create_organisation(by=by, **org_service_data())
    assert not Organisation.objects.filter(name="Gamma Freight").exists()


def test_membership_cache_refreshed_after_create(db):
    """Right after creating an organisation its creator can administer it (no stale cache)."""
    user = UserFactory()
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=user)
    assert access.membership_of(user, other) is not None
    org = services.create_organisation(by=user, **org_service_data())
    assert access.can_act_for(user, org)


def test_website_without_scheme_gets_https(personas, login):
    """Issue 16 item 9: "example.com" is accepted and saved as https://example.com by the page,
    the service and the API; the input is plain text so the browser does not refuse it."""
    org = services.create_organisation(by=personas.alice, **org_service_data(website="gamma.example.com"))
    assert org.website == "https://gamma.example.com"
    c = login(personas.alice)
    form = c.get("/organisations/new/").content.decode()
    assert 'name="website"' in form and 'type="url" name="website"' not in form and 'inputmode="url"' in form
    r = c.post("/organisations/new/", org_page_data(name="Delta Freight", website="delta.example.com"))
    assert r.status_code == 302
    assert Organisation.objects.get(name="Delta Freight").website == "https://delta.example.com"
    r = c.patch(
        "/api/organisations/alpha-logistics/", {"website": "alpha.example"}, content_type="application/json"
    )
    assert r.status_code == 200
    personas.org_a.refresh_from_db()
    assert personas.org_a.website == "https://alpha.example"
    r = c.patch(
        "/api/organisations/alpha-logistics/",
        {"website": "http://alpha.example"},
        content_type="application/json",
    )
    personas.org_a.refresh_from_db()
    assert personas.org_a.website == "http://alpha.example"
