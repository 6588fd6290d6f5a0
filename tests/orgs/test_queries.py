"""Query counts of the directory and the API lists (no N+1), and the directory filters and paging."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corridor.core.models import Country, Sector
from corridor.orgs.enums import OrgKind, PostingStatus, PostingType
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URLS = ["/organisations/", "/api/organisations/", "/api/postings/"]


def _make_orgs(n, start=0):
    """``n`` published organisations, each with two sectors, a current offer, a current request,
    an expired and a draft posting."""
    sectors = [Sector.objects.get(slug="fintech"), Sector.objects.get(slug="logistics")]
    orgs = []
    for i in range(start, start + n):
        org = OrganisationFactory(
            name=f"Org {i:03d}",
            slug=f"org-{i:03d}",
            sectors=sectors,
            country=Country.objects.get(code="MY" if i % 2 else "KE"),
        )
        PostingFactory(organisation=org, type=PostingType.OFFER, title=f"Offer {i}")
        PostingFactory(organisation=org, type=PostingType.REQUEST, title=f"Request {i}", sector=sectors[0])
        PostingFactory(organisation=org, title=f"Draft {i}", status=PostingStatus.DRAFT)
        orgs.append(org)
    return orgs


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, r.content[:1000]
    return len(ctx.captured_queries), r


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_list_query_count_does_not_grow(url, signed_in):
    """The lists take the same number of queries with 1 and with 3 organisations."""
    first = _make_orgs(1)
    user = UserFactory()
    MembershipFactory(organisation=first[0], user=user)
    if signed_in:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    else:
        client = Client()
    client.get(url)  # warm up (content types, session) so both measurements are alike
    n1, r1 = _count(client, url)
    _make_orgs(2, start=1)
    n3, r3 = _count(client, url)
    assert "Org 002" in r3.content.decode() or "org-002" in r3.content.decode()
    assert n1 == n3, f"{url}: {n1} queries with 1 organisation, {n3} with 3"
    assert n3 <= 14, f"{url}: {n3} queries"


def test_directory_member_sees_own_drafts_query_count_stable():
    """A member's directory (which also lists their draft organisations) stays constant too."""
    from corridor.orgs.enums import OrgStatus

    user = UserFactory()
    draft = OrganisationFactory(name="My Draft Org", status=OrgStatus.DRAFT)
    MembershipFactory(organisation=draft, user=user)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _make_orgs(1)
    client.get("/organisations/")
    n1, r = _count(client, "/organisations/")
    assert "My Draft Org" in r.content.decode()
    _make_orgs(4, start=1)
    n5, _ = _count(client, "/organisations/")
    assert n1 == n5


# ------------------------------------------------------------------ filters and paging


@pytest.fixture
def directory_data(personas):
    """A, B (from the personas) plus a Kenyan university with an AgriTech request and no offers."""
    agritech = Sector.objects.get(slug="smart-agriculture")
    uni = OrganisationFactory(
        name="Gamma University",
        slug="gamma-university",
        kind=OrgKind.UNIVERSITY,
        country=Country.objects.get(code="KE"),
        sectors=[agritech],
        description="Soil sensing research.",
    )
    PostingFactory(organisation=uni, type=PostingType.REQUEST, sector=agritech, title="Field trial partners")
    return personas, uni, agritech


def _names(client, **params):
    html = Client().get("/organisations/", params).content.decode()
    return {
        name
        for name in ("Alpha Logistics", "Beta Pay", "Gamma University")
        if f"<strong>{name}</strong>" in html
    }


def test_filter_by_country(directory_data):
    """?country= keeps the organisations of that country."""
    assert _names(None, country="MY") == {"Alpha Logistics"}
    assert _names(None, country="KE") == {"Beta Pay", "Gamma University"}


def test_filter_by_kind(directory_data):
    """?kind= keeps the organisations of that kind."""
    assert _names(None, kind="startup") == {"Beta Pay"}
    assert _names(None, kind="university") == {"Gamma University"}


def test_filter_by_sector(directory_data):
    """?sector= keeps the organisations in that sector (or its sub-sectors)."""
    _p, _uni, agritech = directory_data
    assert _names(None, sector=agritech.slug) == {"Gamma University"}
    assert _names(None, sector="fintech") == {"Alpha Logistics", "Beta Pay"}
    # a sub-sector counts for its parent, not the other way round
    OrganisationFactory(name="Child Sector Org", sectors=[Sector.objects.get(slug="mobile-banking")])
    assert "Child Sector Org" in Client().get("/organisations/", {"sector": "fintech"}).content.decode()
    assert "Beta Pay" not in Client().get("/organisations/", {"sector": "mobile-banking"}).content.decode()


def test_search(directory_data):
    """?q= searches names, descriptions and current posting titles, case-insensitively."""
    assert _names(None, q="alpha") == {"Alpha Logistics"}
    assert _names(None, q="SOIL sensing") == {"Gamma University"}
    assert _names(None, q="Mobile payments") == {"Beta Pay"}
    html = Client().get("/organisations/", {"q": "zzz-nothing"}).content.decode()
    assert "No organisation matches these filters" in html


def test_search_does_not_reveal_hidden_postings(directory_data):
    """Searching for the title of a draft, withdrawn or expired posting finds nothing for outsiders."""
    import datetime as dt

    from django.utils import timezone

    personas = directory_data[0]
    PostingFactory(
        organisation=personas.org_b, title="Withdrawn pilot with Bank Z", status=PostingStatus.WITHDRAWN
    )
    PostingFactory(
        organisation=personas.org_b,
        title="Expired tender 2020",
        valid_until=timezone.localdate() - dt.timedelta(days=3),
    )
    assert _names(None, q="SECRET draft") == set()
    assert _names(None, q="Bank Z") == set()
    assert _names(None, q="tender 2020") == set()


def test_filter_by_posting_type(directory_data):
    """?posting_type= keeps organisations with a current offer (or request)."""
    assert _names(None, posting_type="offer") == {"Alpha Logistics", "Beta Pay"}
    # A's only request is a draft; the university's request is current
    assert _names(None, posting_type="request") == {"Gamma University"}


def test_combined_filters_and_no_duplicates(directory_data):
    """Filters combine; an organisation matching through several postings appears once."""
    personas, _uni, _a = directory_data
    PostingFactory(organisation=personas.org_b, type=PostingType.OFFER, title="Mobile payments SDK")
    html = (
        Client()
        .get("/organisations/", {"country": "KE", "posting_type": "offer", "q": "mobile"})
        .content.decode()
    )
    assert html.count("<strong>Beta Pay</strong>") == 1
    assert "1 organisation" in html
    assert "Gamma University" not in html


def test_htmx_request_returns_only_results(directory_data):
    """An htmx request gets just the results fragment, not the whole page."""
    r = Client().get("/organisations/", {"country": "KE"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="results"' in html
    assert "<html" not in html
    assert "Beta Pay" in html and "Alpha Logistics" not in html


def test_paging():
    """With more than 20 organisations there is a page 2 holding the rest; filters survive paging."""
    _make_orgs(23)
    c = Client()
    page1 = c.get("/organisations/").content.decode()
    assert "23 organisations" in page1
    assert "Page 1 of 2" in page1
    assert "Org 000" in page1 and "Org 019" in page1 and "Org 020" not in page1
    page2 = c.get("/organisations/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in page2
    assert {"Org 020", "Org 021", "Org 022"} <= {f"Org {i:03d}" for i in range(23) if f"Org {i:03d}" in page2}
    assert "Org 000" not in page2
    # out-of-range and junk pages fall back gracefully
    assert "Page 2 of 2" in c.get("/organisations/", {"page": 99}).content.decode()
    assert "Page 1 of 2" in c.get("/organisations/", {"page": "abc"}).content.decode()
    # the next link keeps the filters
    filtered = c.get("/organisations/", {"kind": "company"}).content.decode()
    assert "kind=company&amp;page=2" in filtered
