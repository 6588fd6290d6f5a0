"""The anonymous page cache (core.pagecache): shared between anonymous visitors only, emptied by
any committed write, never a shared CSRF secret, never for signed-in people, the API or htmx."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from corridor.core import pagecache
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PAGE = "/organisations/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose writes count as committed: what their commit would run runs, and the
    schedule is emptied as a real commit empties it."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit.clear()

    return block


@pytest.fixture
def data(personas):
    """The personas, as if committed: their writes sit in the test's transaction, which never
    commits, so the new generation they scheduled is run here and the schedule emptied (a
    scheduled one would keep later writes of the same transaction from scheduling another)."""
    for _sids, func, *_ in connection.run_on_commit:
        func()
    connection.run_on_commit.clear()
    return personas


def get(client, path=PAGE, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response


def test_second_anonymous_visit_is_a_hit_with_no_query(data):
    first = get(Client())
    assert first["X-Page-Cache"] == "miss"
    visitor = Client()
    with CaptureQueriesContext(connection) as ctx:
        hit = get(visitor)
    assert hit["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
    assert data.org_a.name in hit.content.decode()
    assert "Cookie" in hit["Vary"]


def test_each_visitor_gets_a_token_of_their_own_secret(data):
    a, b = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a = get(a).content.decode()
    page_b = get(b)
    assert page_b["X-Page-Cache"] == "hit"
    token_b = TOKEN.search(page_b.content.decode()).group(1)
    assert pagecache.PLACEHOLDER not in page_b.content.decode()
    secret_a, secret_b = a.cookies["csrftoken"].value, b.cookies["csrftoken"].value
    assert secret_a != secret_b
    assert _unmask_cipher_token(token_b) == secret_b
    assert all(_unmask_cipher_token(t) != secret_b for t in TOKEN.findall(page_a))
    # the token from the cached page works for b's own form post, and a's token does not
    ok = b.post("/i18n/setlang/", {"language": "ms", "next": "/", "csrfmiddlewaretoken": token_b})
    assert ok.status_code == 302
    token_a = TOKEN.search(page_a).group(1)
    refused = b.post("/i18n/setlang/", {"language": "ms", "next": "/", "csrfmiddlewaretoken": token_a})
    assert refused.status_code == 403


def test_a_committed_write_empties_the_cache(data, committed):
    get(Client())
    assert get(Client())["X-Page-Cache"] == "hit"
    with committed():
        OrganisationFactory(name="Gamma Freshly Listed")
    after = get(Client())
    assert after["X-Page-Cache"] == "miss"
    assert "Gamma Freshly Listed" in after.content.decode()


def test_a_rolled_back_write_keeps_the_cache(data, django_capture_on_commit_callbacks):
    get(Client())
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            OrganisationFactory(name="Never Listed")
            raise RuntimeError
    assert callbacks == []
    assert pagecache.generation() == before
    assert get(Client())["X-Page-Cache"] == "hit"


def test_one_new_generation_per_transaction(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            OrganisationFactory(name="One")
            OrganisationFactory(name="Two")
    assert callbacks.count(pagecache.new_generation) == 1


def test_signed_in_people_are_never_served_or_stored(data, login):
    alice = login(data.alice)
    mine = get(alice)
    assert "X-Page-Cache" not in mine
    anonymous = get(Client())
    assert anonymous["X-Page-Cache"] == "miss"  # alice's page was not stored
    assert "Alice Tan" not in anonymous.content.decode()
    again = get(alice)  # and the stored anonymous page is not served to her
    assert "X-Page-Cache" not in again
    assert "Alice Tan" in again.content.decode()
    assert "/account/logout/" in again.content.decode()


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        (PAGE, {"HTTP_HX_REQUEST": "true"}),
        (PAGE, {"HTTP_AUTHORIZATION": "Token nonsense"}),
        ("/api/organisations/", {}),
        ("/account/login/", {}),
    ],
)
def test_never_cached(data, path, extra):
    for _ in range(2):
        response = Client().get(path, **extra)
        assert "X-Page-Cache" not in response


def test_pending_message_bypasses_the_cache(data):
    get(Client())
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visitor.get(PAGE)


def test_languages_are_kept_apart(data):
    assert get(Client())["X-Page-Cache"] == "miss"
    malay = Client()
    malay.cookies["django_language"] = "ms"
    response = get(malay)
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Language"] == "ms"
    assert get(malay)["X-Page-Cache"] == "hit"


def test_query_strings_are_kept_apart(data):
    get(Client(), PAGE + "?q=Alpha")
    other = get(Client(), PAGE + "?q=Beta")
    assert other["X-Page-Cache"] == "miss"
    assert "Beta Pay" in other.content.decode()


def test_off_when_zero(data, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(Client())
    assert "X-Page-Cache" not in get(Client())


@pytest.mark.parametrize(
    ("sql", "counts"),
    [
        ('INSERT INTO "orgs_organisation" ("name") VALUES (%s)', True),
        ('UPDATE "grants_call" SET "title" = %s', True),
        ('DELETE FROM "orgs_posting" WHERE id = 1', True),
        ("  update orgs_posting set status = %s", True),
        ('TRUNCATE TABLE "trade_flow"', True),
        ('COPY "trade_flow" FROM STDIN', True),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "django_session" VALUES (%s)', False),
        ('INSERT INTO "axes_accessattempt" VALUES (%s)', False),
        ('UPDATE "core_apitoken" SET "last_used_at" = %s', False),
        ('DELETE FROM "core_apitoken" WHERE id = 1', False),
        ('UPDATE "core_apitokenx" SET "a" = %s', True),
        ('UPDATE "django_sessionx" SET "a" = %s', True),
        ('SELECT * FROM "orgs_organisation"', False),
        ("SAVEPOINT s1", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
    ],
)
def test_which_statements_count_as_writes(sql, counts):
    assert pagecache.is_content_write(sql) is counts


@hsettings(max_examples=200, derandomize=True)
@given(st.text(max_size=80))
def test_reads_never_count(tail):
    assert not pagecache.is_content_write("SELECT " + tail)


def test_a_look_up_is_one_round_trip(data, monkeypatch):
    from django.core.cache import cache

    get(Client())
    calls = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real_get_many(keys))
    monkeypatch.setattr(pagecache, "generation", lambda: pytest.fail("a hit made a second round trip"))
    assert get(Client())["X-Page-Cache"] == "hit"
    assert len(calls) == 1


def test_a_path_that_is_not_a_page_is_not_looked_up_again(data, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(pagecache, "_UNCACHEABLE", {})
    feed = "/news/feed/"
    first = Client().get(feed)
    assert first.status_code == 200 and not first["Content-Type"].startswith("text/html")
    assert feed in pagecache._UNCACHEABLE
    monkeypatch.setattr(cache, "get_many", lambda keys: pytest.fail("looked up again"))
    assert Client().get(feed).status_code == 200
    # a page is never remembered that way, whatever the visitor's answer was
    assert PAGE not in pagecache._UNCACHEABLE


def test_a_page_of_an_older_generation_is_not_served(data):
    get(Client())
    pagecache.new_generation()
    assert get(Client())["X-Page-Cache"] == "miss"


def test_nav_counts_are_kept_until_the_next_write(data, login, committed):
    from corridor.core.notifications import notify

    alice = login(data.alice)
    connection.run_on_commit.clear()  # the sign-in's own writes (last_login), as if committed
    with committed():
        notify(user=data.alice, text="First", email=False)
    get(alice, "/account/preferences/")
    with CaptureQueriesContext(connection) as warm:
        page = get(alice, "/account/preferences/")
    assert not any("core_notification" in q["sql"] for q in warm.captured_queries)
    assert re.search(r'class="badge">\s*1\s*<', page.content.decode())
    with committed():
        notify(user=data.alice, text="Second", email=False)
    page = get(alice, "/account/preferences/")
    assert re.search(r'class="badge">\s*2\s*<', page.content.decode())


def test_nav_counts_are_per_person(data, login, committed):
    from corridor.core.notifications import notify

    with committed():
        notify(user=data.alice, text="For Alice", email=False)
    alice, bob = login(data.alice), login(data.bob)
    assert re.search(r'class="badge">\s*1\s*<', get(alice, "/account/preferences/").content.decode())
    assert 'class="badge"' not in get(bob, "/account/preferences/").content.decode()


def test_an_api_request_touching_its_token_keeps_the_cache(data, committed):
    from corridor.core.models import ApiToken
    from corridor.core.tokens import issue_token

    with committed():
        _token, key = issue_token(by=data.alice, name="cache test")
    get(Client())
    assert get(Client())["X-Page-Cache"] == "hit"
    with committed():
        response = Client().get("/api/organisations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert ApiToken.objects.get(name="cache test").last_used_at is not None  # it was touched
    assert get(Client())["X-Page-Cache"] == "hit"
