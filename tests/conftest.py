"""Shared fixtures: the permission personas.

* ``alice``: admin of organisation A (Malaysia, published, with a draft posting)
* ``bob``: admin of organisation B (Kenya)
* ``reviewer``: a reviewer with no organisation
* ``focal_my`` / ``focal_ke``: country focal points
* ``secretariat``: the council secretariat (admin site)
* anonymous: the ``client`` fixture without login
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from corridor.orgs.enums import MemberRole, OrgKind, PostingStatus, PostingType
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def my():
    return Country.objects.get(code="MY")


@pytest.fixture
def ke():
    return Country.objects.get(code="KE")


@pytest.fixture
def personas(db, my, ke):
    alice = UserFactory(email="alice@a.example", full_name="Alice Tan")
    bob = UserFactory(email="bob@b.example", full_name="Bob Otieno")
    org_a = OrganisationFactory(
        name="Alpha Logistics", slug="alpha-logistics", country=my, kind=OrgKind.COMPANY
    )
    org_b = OrganisationFactory(name="Beta Pay", slug="beta-pay", country=ke, kind=OrgKind.STARTUP)
    MembershipFactory(organisation=org_a, user=alice, role=MemberRole.OWNER)
    MembershipFactory(organisation=org_b, user=bob, role=MemberRole.OWNER)
    carol = UserFactory(email="carol@a.example", full_name="Carol Lim")
    MembershipFactory(organisation=org_a, user=carol, role=MemberRole.MEMBER)
    reviewer = UserFactory(email="reviewer@example.org", full_name="Rita Reviewer")
    grant_role(user=reviewer, role=Role.REVIEWER, by=None)
    focal_my = UserFactory(email="focal.my@example.org", full_name="Focal MY")
    grant_role(user=focal_my, role=Role.FOCAL_POINT, country=my, by=None)
    focal_ke = UserFactory(email="focal.ke@example.org", full_name="Focal KE")
    grant_role(user=focal_ke, role=Role.FOCAL_POINT, country=ke, by=None)
    secretariat = UserFactory(email="secretariat@example.org", full_name="Sam Secretariat")
    grant_role(user=secretariat, role=Role.SECRETARIAT, by=None)
    offer_a = PostingFactory(
        organisation=org_a, type=PostingType.OFFER, title="Cold-chain trucking Port Klang"
    )
    draft_a = PostingFactory(
        organisation=org_a,
        type=PostingType.REQUEST,
        status=PostingStatus.DRAFT,
        title="SECRET draft request of Alpha",
    )
    offer_b = PostingFactory(organisation=org_b, type=PostingType.OFFER, title="Mobile payments API")
    return SimpleNamespace(
        alice=alice,
        bob=bob,
        carol=carol,
        reviewer=reviewer,
        focal_my=focal_my,
        focal_ke=focal_ke,
        secretariat=secretariat,
        org_a=org_a,
        org_b=org_b,
        offer_a=offer_a,
        draft_a=draft_a,
        offer_b=offer_b,
    )


@pytest.fixture
def login():
    """Return a logged-in test client for a user."""

    def _login(user):
        c = Client()
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_auto_recommendations(settings):
    """Recomputing recommendations after every write is slow in tests; tests that need it opt in."""
    settings.RECOMMENDATIONS_REFRESH_ON_CHANGE = False


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Countries, currencies and sectors (and the standards registry and the innovation-context
    figures) come from data migrations, and a transactional test
    (browser journeys, concurrency) truncates every table when it ends. Rather than serialising and
    restoring the whole database around those tests, put the reference data back whenever a test
    that uses the database finds it missing (cheap: one query when it is there)."""
    from django.contrib.contenttypes.models import ContentType

    # Truncation empties django_content_type too; ids cached in this process would be stale.
    ContentType.objects.clear_cache()
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from corridor.core.models import Country, Currency, Sector

    if not Country.objects.exists():
        from corridor.core.reference import load_reference_data
        from corridor.standards.models import Instrument, RecognitionArea
        from corridor.standards.registry_data import load as load_registry
        from corridor.ventures.context_data import load as load_figures
        from corridor.ventures.models import ContextFigure

        load_reference_data(Country, Currency, Sector)
        # The other data migrations' rows went with the truncation too.
        load_registry(RecognitionArea, Instrument)
        load_figures(ContextFigure)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads stored on the local disk in a temporary folder (every module's file tests)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path / "media"
