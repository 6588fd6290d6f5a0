"""The page cache (core.pagecache): a page is served until a table (or other source) it was made
from changes; anonymous pages are shared, a signed-in person's are kept under their session alone;
never a shared CSRF secret, never the API, htmx or the account pages (but the sign-in and sign-up
forms for visitors with no session)."""

from __future__ import annotations

import datetime as dt
import re
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.request import Request

from corridor.core import pagecache
from corridor.orgs.models import Organisation, Posting
from tests.factories import PASSWORD, OrganisationFactory

pytestmark = pytest.mark.django_db

PAGE = "/organisations/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    # sessions read from the cache, as in production (the page's look-up reads the session in its
    # own round trip); ``test_the_database_session_engine_works_too`` covers the other engines
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose writes count as committed: what their commit would run runs, and the
    schedule is emptied as a real commit empties it."""

    @contextmanager
    def block():
        flush()  # what was written before the block, as if committed before it
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit.clear()

    return block


def flush():
    for _sids, func, *_ in connection.run_on_commit:
        func()
    connection.run_on_commit.clear()


@pytest.fixture
def data(personas):
    """The personas, as if committed: their writes sit in the test's transaction, which never
    commits, so the new generation they scheduled is run here and the schedule emptied (a
    scheduled one would keep later writes of the same transaction from scheduling another)."""
    flush()
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


def test_the_sign_up_form_is_kept_for_visitors_without_a_session(data):
    """The same form for every visitor with no session, each with a token of their own secret,
    which their post is accepted with."""
    path = "/account/signup/"
    first = Client(enforce_csrf_checks=True)
    assert get(first, path)["X-Page-Cache"] == "miss"
    visitor = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as ctx:
        hit = get(visitor, path)
    assert hit["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
    token = TOKEN.search(hit.content.decode()).group(1)
    assert _unmask_cipher_token(token) == visitor.cookies["csrftoken"].value
    assert get(Client(), f"{path}?next=/grants/")["X-Page-Cache"] == "miss"  # its own address


def test_the_preferences_page_is_kept_for_its_session_until_a_change(data, login):
    alice = signed_in(login, data.alice)
    assert get(alice, "/account/preferences/")["X-Page-Cache"] == "miss"
    assert get(alice, "/account/preferences/")["X-Page-Cache"] == "hit"
    assert get(signed_in(login, data.bob), "/account/preferences/")["X-Page-Cache"] == "miss"
    form = get(alice, "/account/preferences/").content.decode()
    token = TOKEN.search(form).group(1)
    saved = alice.post(
        "/account/preferences/",
        {
            "full_name": "Alice Renamed",
            "language": "en",
            "time_zone": "Africa/Nairobi",
            "csrfmiddlewaretoken": token,
        },
    )
    assert saved.status_code == 302
    flush()
    alice.cookies.pop("messages", None)  # the notice read
    after = get(alice, "/account/preferences/")
    assert after["X-Page-Cache"] == "miss"
    assert 'value="Alice Renamed"' in after.content.decode()
    assert "X-Page-Cache" not in Client().get("/account/preferences/")  # anonymous: sent to sign in


def test_signing_up_through_a_kept_form_works(data):
    get(Client(), "/account/signup/")
    visitor = Client(enforce_csrf_checks=True)
    form = get(visitor, "/account/signup/")
    assert form["X-Page-Cache"] == "hit"
    token = TOKEN.search(form.content.decode()).group(1)
    done = visitor.post(
        "/account/signup/",
        {
            "full_name": "New Person",
            "email": "new.person@example.org",
            "password": PASSWORD,
            "language": "en",
            "time_zone": "Africa/Nairobi",
            "csrfmiddlewaretoken": token,
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert get_user_model().objects.filter(email="new.person@example.org").exists()
    # a message is pending now (the messages cookie): the next form is made afresh
    assert "X-Page-Cache" not in visitor.get("/account/signup/")


def test_a_committed_write_empties_the_cache(data, committed):
    get(Client())
    assert get(Client())["X-Page-Cache"] == "hit"
    with committed():
        OrganisationFactory(name="Gamma Freshly Listed")
    after = get(Client())
    assert after["X-Page-Cache"] == "miss"
    assert "Gamma Freshly Listed" in after.content.decode()


def test_a_write_to_a_table_the_page_did_not_read_keeps_it(data, committed):
    from corridor.core.notifications import notify

    get(Client())
    with committed():
        notify(user=data.alice, text="Not on the directory", email=False)
    assert get(Client())["X-Page-Cache"] == "hit"


def _token(table):
    return pagecache.snapshot()[pagecache.table_key(table)]


def test_a_rolled_back_write_keeps_the_cache(data, django_capture_on_commit_callbacks):
    get(Client())
    before = _token("orgs_organisation")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            OrganisationFactory(name="Never Listed")
            raise RuntimeError
    assert callbacks == []
    assert _token("orgs_organisation") == before
    assert get(Client())["X-Page-Cache"] == "hit"


def test_one_scheduled_change_per_transaction_naming_every_table(data, django_capture_on_commit_callbacks):
    from corridor.core.notifications import notify

    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            OrganisationFactory(name="One")
            OrganisationFactory(name="Two")
            notify(user=data.alice, text="Three", email=False)
    changes = [c for c in callbacks if isinstance(c, pagecache._Changed)]
    assert len(changes) == 1
    assert {"orgs_organisation", "core_notification"} <= changes[0].tables


def signed_in(login, user):
    client = login(user)
    flush()  # the sign-in's own writes, as if committed
    return client


def test_a_signed_in_page_is_kept_for_that_session_only(data, login):
    alice = signed_in(login, data.alice)
    assert get(alice)["X-Page-Cache"] == "miss"
    mine = get(alice)
    assert mine["X-Page-Cache"] == "hit"
    assert "Alice Tan" in mine.content.decode()
    assert "/account/logout/" in mine.content.decode()
    anonymous = get(Client())
    assert anonymous["X-Page-Cache"] == "miss"  # alice's page is not the anonymous one
    assert "Alice Tan" not in anonymous.content.decode()
    bob = signed_in(login, data.bob)
    theirs = get(bob)
    assert theirs["X-Page-Cache"] == "miss"
    assert "Alice Tan" not in theirs.content.decode() and "Bob Otieno" in theirs.content.decode()
    other_device = signed_in(login, data.alice)  # the same person, another session
    assert get(other_device)["X-Page-Cache"] == "miss"


def test_a_hit_for_a_signed_in_page_makes_no_query(data, login):
    alice = signed_in(login, data.alice)
    get(alice)
    with CaptureQueriesContext(connection) as ctx:
        assert get(alice)["X-Page-Cache"] == "hit"
    # the session's own row only (the cached_db engine reads it from the cache with Redis)
    assert all("django_session" in q["sql"] for q in ctx.captured_queries)


def test_a_signed_out_session_finds_nothing(data, login):
    alice = signed_in(login, data.alice)
    get(alice)
    cookie = alice.cookies["sessionid"].value
    alice.post("/account/logout/")
    stolen = Client()
    stolen.cookies["sessionid"] = cookie
    page = get(stolen)
    assert page.get("X-Page-Cache") != "hit"
    assert "Alice Tan" not in page.content.decode()


def test_a_changed_session_or_person_is_a_miss(data, login, committed):
    alice = signed_in(login, data.alice)
    get(alice)
    session = alice.session
    session["acting_for"] = data.org_a.pk
    session.save()
    assert get(alice)["X-Page-Cache"] == "miss"
    assert get(alice)["X-Page-Cache"] == "hit"
    with committed():
        data.alice.full_name = "Alice Tan-Renamed"
        data.alice.save(update_fields=["full_name"])
    page = get(alice)
    assert page["X-Page-Cache"] == "miss"
    assert "Alice Tan-Renamed" in page.content.decode()


def test_a_signed_in_page_follows_the_data(data, login, committed):
    alice = signed_in(login, data.alice)
    get(alice)
    with committed():
        OrganisationFactory(name="Gamma Freshly Listed")
    page = get(alice)
    assert page["X-Page-Cache"] == "miss"
    assert "Gamma Freshly Listed" in page.content.decode()


def test_a_session_without_a_person_is_never_cached(data):
    visitor = Client()
    visitor.cookies["sessionid"] = "nonsense-session-key"
    for _ in range(2):
        assert "X-Page-Cache" not in get(visitor)


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        (PAGE, {"HTTP_HX_REQUEST": "true"}),
        (PAGE, {"HTTP_AUTHORIZATION": "Token nonsense"}),
        ("/api/organisations/", {"HTTP_AUTHORIZATION": "Basic YTpi"}),
        ("/api/organisations/", {"HTTP_HX_REQUEST": "true"}),
        ("/account/password_reset/", {}),
        ("/account/login/", {}),  # no-store (Django's LoginView)
        ("/account/signup/", {"HTTP_COOKIE": "sessionid=any-session"}),
    ],
)
def test_never_cached(data, path, extra):
    for _ in range(2):
        response = Client().get(path, **extra)
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        (PAGE, {"HTTP_HX_REQUEST": "true"}),
        ("/account/password_change/", {}),
        ("/account/signup/", {}),  # it redirects a signed-in person
        ("/api/organisations/", {}),
    ],
)
def test_never_cached_for_a_signed_in_person(data, login, path, extra):
    alice = signed_in(login, data.alice)
    for _ in range(2):
        assert "X-Page-Cache" not in alice.get(path, **extra)


def test_pending_message_bypasses_the_cache(data, login):
    get(Client())
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visitor.get(PAGE)
    alice = signed_in(login, data.alice)
    get(alice)
    alice.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in alice.get(PAGE)


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
    ("sql", "table"),
    [
        ('INSERT INTO "orgs_organisation" ("name") VALUES (%s)', "orgs_organisation"),
        ('UPDATE "grants_call" SET "title" = %s', "grants_call"),
        ('DELETE FROM "orgs_posting" WHERE id = 1', "orgs_posting"),
        ("  update orgs_posting set status = %s", "orgs_posting"),
        ('TRUNCATE TABLE "trade_flow"', "trade_flow"),
        ('COPY "trade_flow" FROM STDIN', "trade_flow"),
        ('UPDATE "core_apitoken" SET "last_used_at" = %s', "core_apitoken"),
        ('INSERT INTO "public"."orgs_organisation" VALUES (%s)', "orgs_organisation"),
        ('SELECT * FROM "orgs_organisation"', None),
        ("SAVEPOINT s1", None),
        ("WITH x AS (SELECT 1) SELECT * FROM x", None),
    ],
)
def test_which_statements_write_which_table(sql, table):
    assert pagecache.written_table(sql) == table


@hsettings(max_examples=200, derandomize=True)
@given(st.text(max_size=80))
def test_reads_never_count(tail):
    assert pagecache.written_table("SELECT " + tail) is None


@hsettings(max_examples=100, derandomize=True)
@given(st.data())
def test_the_tables_a_statement_names(draw):
    """Independent of the regex: the statement is built from chosen tables, columns and aliases
    (which are never tables), and exactly the chosen tables come back."""
    known = sorted(pagecache.tables())
    chosen = draw.draw(st.lists(st.sampled_from(known), min_size=1, max_size=4, unique=True))
    columns = draw.draw(st.lists(st.sampled_from(["id", "name", "status", "created_at"]), min_size=1))
    joins = " ".join(f'INNER JOIN "{t}" ON ("{chosen[0]}"."id" = "{t}"."id")' for t in chosen[1:])
    cols = ", ".join(f'"{chosen[0]}"."{c}"' for c in columns)
    sql = f'SELECT {cols} FROM "{chosen[0]}" {joins} WHERE "{chosen[0]}"."name" = %s'
    assert pagecache.tables_named(sql) == set(chosen)


def test_a_look_up_is_two_round_trips(data, monkeypatch):
    from django.core.cache import cache

    get(Client())
    calls = []

    class Counting:
        def get(self, key, *args, **kwargs):
            calls.append(key)
            return cache.get(key, *args, **kwargs)

        def get_many(self, keys, *args, **kwargs):
            calls.append(keys)
            return cache.get_many(keys, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(pagecache, "cache", Counting())
    assert get(Client())["X-Page-Cache"] == "hit"
    assert len(calls) == 2
    page, tokens = calls
    # the organisations the directory lists, by row and column (a row-tracked table)
    assert len(page) == 1 and pagecache.table_key("orgs_organisation#all") in tokens


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


def test_a_page_whose_table_changed_is_not_served(data):
    get(Client())
    pagecache.changed("orgs_organisation")
    assert get(Client())["X-Page-Cache"] == "miss"


def _middleware(view):
    from django.test import RequestFactory

    request = RequestFactory().get("/somewhere/")
    return pagecache.PageCacheMiddleware(view), request


def test_a_page_made_from_another_source_follows_it(data):
    from django.core.cache import cache

    cache.set("source:token", "one")

    def view(request):
        pagecache.depends_on("source:token", cache.get("source:token"))
        return HttpResponse(f"<p>{cache.get('source:token')}</p>")

    middleware, request = _middleware(view)
    assert middleware(request)["X-Page-Cache"] == "miss"
    assert middleware(request)["X-Page-Cache"] == "hit"
    cache.set("source:token", "two")
    again = middleware(request)
    assert again["X-Page-Cache"] == "miss" and b"two" in again.content


def test_a_page_from_an_unnamed_source_is_not_stored(data):
    def view(request):
        pagecache.do_not_store()
        return HttpResponse("<p>from somewhere</p>")

    middleware, request = _middleware(view)
    for _ in range(2):
        assert "X-Page-Cache" not in middleware(request)


def test_a_write_while_the_page_is_made_leaves_it_stale(data):
    """The tokens stored are those from before the page was made: a write that commits in
    between is not hidden."""

    def view(request):
        list(Organisation.objects.all())
        pagecache.changed("orgs_organisation")  # another process commits a write now
        return HttpResponse("<p>made</p>")

    middleware, request = _middleware(view)
    assert middleware(request)["X-Page-Cache"] == "miss"
    assert middleware(request)["X-Page-Cache"] == "miss"


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


def _edit(org, by, **data):
    from corridor.orgs.services import update_organisation

    update_organisation(organisation=Organisation.objects.get(pk=org.pk), by=by, **data)


WRITES = {
    "new organisation": lambda d, n: OrganisationFactory(name=f"Listed Later {n}"),
    "rename alpha": lambda d, n: Organisation.objects.filter(pk=d.org_a.pk).update(name=f"Alpha Renamed {n}"),
    # one row by its key, some columns (core.pagecache follows organisations by row and column)
    "describe alpha": lambda d, n: _edit(d.org_a, d.alice, description=f"Alpha described {n}"),
    "describe beta": lambda d, n: _edit(d.org_b, d.bob, description=f"Beta described {n}"),
    "hide beta": lambda d, n: _edit(d.org_b, d.bob, status="draft" if n % 2 else "published"),
    "beta moves": lambda d, n: Organisation.objects.filter(pk=d.org_b.pk).update(
        country_id="MY" if n % 2 else "KE"
    ),
    "delete new ones": lambda d, n: Organisation.objects.filter(name__startswith="Listed Later").delete(),
    "notify alice": lambda d, n: __import__("corridor.core.notifications", fromlist=["notify"]).notify(
        user=d.alice, text=f"Note {n}", email=False
    ),
    "rename bob": lambda d, n: type(d.bob).objects.filter(pk=d.bob.pk).update(full_name=f"Bob Renamed {n}"),
}
VISITS = [
    "/",
    PAGE,
    f"{PAGE}?country=KE",
    "/organisations/alpha-logistics/",
    "/organisations/beta-pay/",
    f"{PAGE}?posting_type=offer",
    f"{PAGE}?q=described",
    "/organisations/postings/{offer_b}/",
]


@hsettings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.just("visit"), st.sampled_from(["anonymous", "alice", "bob"]), st.sampled_from(VISITS)
            ),
            st.tuples(st.just("write"), st.sampled_from(sorted(WRITES)), st.just("")),
        ),
        min_size=4,
        max_size=14,
    )
)
def test_every_hit_is_the_page_a_fresh_rendering_makes(data, login, committed, settings, steps):
    """The independent check: whatever the order of visits and writes, a page served from the
    cache is, but for its CSRF tokens, the page the same person gets with the cache off."""
    from django.core.cache import cache

    cache.clear()  # examples share the database but not its rolled-back writes: start afresh
    clients = {
        "anonymous": Client(),
        "alice": signed_in(login, data.alice),
        "bob": signed_in(login, data.bob),
    }
    for n, (kind, what, path) in enumerate(steps):
        if kind == "write":
            with committed():
                WRITES[what](data, n)
            continue
        settings.PAGE_CACHE_SECONDS = 60
        path = path.format(offer_b=data.offer_b.pk)
        served = get(clients[what], path)
        if served.get("X-Page-Cache") != "hit":
            continue
        settings.PAGE_CACHE_SECONDS = 0
        fresh = get(clients[what], path)
        assert pagecache.TOKEN.sub("T", served.content.decode()) == pagecache.TOKEN.sub(
            "T", fresh.content.decode()
        ), (
            what,
            path,
        )


@pytest.fixture
def token_of(committed):
    from corridor.core.tokens import issue_token

    def make(user):
        with committed():
            _token, key = issue_token(by=user, name=f"cache {user.pk}")
        return {"HTTP_AUTHORIZATION": f"Token {key}"}

    return make


def api(path, auth, status=200):
    """A token GET; a refused token is a 403 (session authentication comes first, and it names
    no challenge)."""
    response = Client().get(path, **auth)
    assert response.status_code == status, response.content[:300]
    return response


def test_an_api_answer_is_kept_per_token(data, token_of):
    alice, bob = token_of(data.alice), token_of(data.bob)
    first = api("/api/me/", alice)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        hit = api("/api/me/", alice)
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    assert all("core_apitoken" in q["sql"] for q in ctx.captured_queries)  # the token's check only
    with CaptureQueriesContext(connection) as ctx:
        again = api("/api/me/", alice)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert ctx.captured_queries == []  # the token's check of the first hit still holds
    theirs = api("/api/me/", bob)
    assert theirs["X-Page-Cache"] == "miss"
    assert b"Bob Otieno" in theirs.content and b"Alice Tan" not in theirs.content


def test_an_api_answer_follows_the_data_and_the_person(data, token_of, committed):
    alice = token_of(data.alice)
    api("/api/organisations/", alice)
    assert api("/api/organisations/", alice)["X-Page-Cache"] == "hit"
    with committed():
        OrganisationFactory(name="Gamma Freshly Listed")
    after = api("/api/organisations/", alice)
    assert after["X-Page-Cache"] == "miss" and b"Gamma Freshly Listed" in after.content
    api("/api/me/", alice)
    with committed():
        type(data.alice).objects.filter(pk=data.alice.pk).update(full_name="Alice Renamed")
    assert b"Alice Renamed" in api("/api/me/", alice).content


def test_a_revoked_or_expired_token_gets_no_stored_answer(data, token_of, committed):
    from corridor.core.models import ApiToken

    alice = token_of(data.alice)
    for _ in range(3):  # stored, then a hit that stores the token's check, then one that uses it
        api("/api/me/", alice)
    with committed():
        ApiToken.objects.filter(user=data.alice).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert b"Alice" not in api("/api/me/", alice, status=403).content
    bob = token_of(data.bob)
    for _ in range(3):
        api("/api/me/", bob)
    with committed():
        ApiToken.objects.filter(user=data.bob).delete()
    api("/api/me/", bob, status=403)
    carol = token_of(data.carol)
    for _ in range(3):
        api("/api/me/", carol)
    with committed():
        type(data.carol).objects.filter(pk=data.carol.pk).update(is_active=False)
    api("/api/me/", carol, status=403)


def test_a_token_check_expires_with_its_token(data, token_of, monkeypatch):
    """A stored check is not used past the token's expiry, even while nothing was written."""
    alice = token_of(data.alice)
    for _ in range(3):
        api("/api/me/", alice)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 400 * 24 * 3600)
    monkeypatch.setattr(
        "corridor.core.tokens.timezone.now", lambda: timezone.datetime.now(dt.UTC) + dt.timedelta(days=400)
    )
    api("/api/me/", alice, status=403)


def test_a_stored_api_answer_still_counts_against_the_throttle(data, token_of, monkeypatch):
    from corridor.core.throttling import UserRateThrottle

    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {**UserRateThrottle.THROTTLE_RATES, "user": "3/min"}
    )
    alice = token_of(data.alice)
    assert [api("/api/me/", alice)["X-Page-Cache"] for _ in range(3)] == ["miss", "hit", "hit"]
    api("/api/me/", alice, status=429)


def test_the_token_list_follows_its_tokens(data, token_of):
    alice = token_of(data.alice)
    assert len(api("/api/auth/tokens/", alice).json()["results"]) == 1
    token_of(data.alice)
    again = api("/api/auth/tokens/", alice)
    assert again["X-Page-Cache"] == "miss"
    assert len(again.json()["results"]) == 2


def test_session_authenticated_api_answers_are_never_kept(data, login):
    alice = signed_in(login, data.alice)
    for _ in range(2):
        assert "X-Page-Cache" not in alice.get("/api/organisations/")


def test_anonymous_api_answers_are_shared_and_still_throttled(data, monkeypatch, committed):
    from corridor.core.throttling import AnonRateThrottle

    monkeypatch.setattr(
        AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/min"}
    )
    assert [api("/api/organisations/", {})["X-Page-Cache"] for _ in range(3)] == ["miss", "hit", "hit"]
    api("/api/organisations/", {}, status=429)
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    assert api("/api/organisations/", other_address)["X-Page-Cache"] == "hit"
    with committed():
        OrganisationFactory(name="Gamma Freshly Listed")
    after = api("/api/organisations/", other_address)
    assert after["X-Page-Cache"] == "miss" and b"Gamma Freshly Listed" in after.content


def test_views_that_choose_their_throttles_by_request_are_kept(data, token_of):
    """The throttles a hit counts are those the view chose for the request it answered."""
    alice = token_of(data.alice)
    for path in ("/api/messaging/conversations/", "/api/messaging/conversations/unread/"):
        assert [api(path, alice)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_a_write_by_a_process_that_caches_nothing_still_counts(data, committed, settings):
    """A command or worker with the page cache off writes too; the web processes must see it."""
    get(Client())
    settings.PAGE_CACHE_SECONDS = 0
    with committed():
        OrganisationFactory(name="Gamma From A Command")
    settings.PAGE_CACHE_SECONDS = 60
    after = get(Client())
    assert after["X-Page-Cache"] == "miss" and "Gamma From A Command" in after.content.decode()


def test_a_message_or_notification_empties_no_page_only_the_count(data, login, committed):
    """The nav's unread counts are holes: a notification to alice leaves her stored page (and
    bob's) a hit, and her next answer shows the new count."""
    from corridor.core.notifications import notify

    alice, bob = signed_in(login, data.alice), signed_in(login, data.bob)
    for client in (alice, bob):
        first = get(client)
        assert first["X-Page-Cache"] == "miss"
        assert "pagecache-hole" not in first.content.decode()
        assert get(client)["X-Page-Cache"] == "hit"
    with committed():
        notify(user=data.alice, text="New for Alice", email=False)
    page = get(alice)
    assert page["X-Page-Cache"] == "hit"
    assert re.search(r'class="badge">\s*1\s*<', page.content.decode())
    assert "pagecache-hole" not in page.content.decode()
    theirs = get(bob)
    assert theirs["X-Page-Cache"] == "hit" and 'class="badge"' not in theirs.content.decode()


def test_holes_are_filled_on_pages_that_are_not_stored(data, login, monkeypatch):
    """A recorded answer that is not stored (here: any) still gets its counts."""
    monkeypatch.setattr(pagecache, "_cacheable_response", lambda *args: False)
    alice = signed_in(login, data.alice)
    page = alice.get(PAGE)
    assert "X-Page-Cache" not in page
    assert "pagecache-hole" not in page.content.decode()
    assert "Messages" in page.content.decode() and "Notifications" in page.content.decode()


def test_the_counts_speak_the_language_of_the_page(data, login, committed):
    from corridor.core.notifications import notify

    type(data.alice).objects.filter(pk=data.alice.pk).update(language="ms")
    flush()
    alice = signed_in(login, data.alice)
    with committed():
        notify(user=data.alice, text="Baru", email=False)
    get(alice)
    page = get(alice)
    assert page["X-Page-Cache"] == "hit"
    assert 'lang="ms"' in page.content.decode()
    assert "Pemberitahuan" in page.content.decode() or "Notifications" not in page.content.decode()


def test_a_hole_is_rendered_once_per_figure_and_language(monkeypatch):
    """A hit fills its holes from markup rendered once per figure, language and script prefix."""
    from django.urls import set_script_prefix
    from django.utils import translation

    rendered = []

    def render(n):
        rendered.append((n, translation.get_language()))
        return f"<a>{translation.gettext('Messages')} {n}</a>"

    monkeypatch.setitem(pagecache.HOLES, "test-hole", pagecache.Hole("test-hole", lambda user: 0, render))
    monkeypatch.setattr(pagecache, "_RENDERED", {})
    page = f"<nav>{pagecache._marker('test-hole')}</nav>"
    with translation.override("en"):
        assert pagecache._filled(page, {"test-hole": 3}) == "<nav><a>Messages 3</a></nav>"
        assert pagecache._filled(page, {"test-hole": 3}) == "<nav><a>Messages 3</a></nav>"
        assert pagecache._filled(page, {"test-hole": 4}) == "<nav><a>Messages 4</a></nav>"
    with translation.override("ms"):
        assert pagecache._filled(page, {"test-hole": 3}) == "<nav><a>Mesej 3</a></nav>"
    assert rendered == [(3, "en"), (4, "en"), (3, "ms")]
    try:
        set_script_prefix("/corridor/")
        with translation.override("en"):
            pagecache._filled(page, {"test-hole": 3})
    finally:
        set_script_prefix("/")
    assert len(rendered) == 4


# Organisations are followed by row and column (``RowTracked``): an edit of one organisation
# empties the pages that show it or use the columns it changed, not every page naming one.

T = "orgs_organisation"


def _tokens(names):
    return sorted(names)


@pytest.mark.parametrize(
    ("sql", "params", "expected"),
    [
        (
            f'UPDATE "{T}" SET "description" = %s, "version" = %s WHERE "{T}"."id" = %s',
            ["x", 2, 7],
            [f"{T}#w", T, f"{T}#c:description", f"{T}#c:version", f"{T}#r:7"],
        ),
        # a column set from an expression is still one column
        (
            f'UPDATE "{T}" SET "version" = ("{T}"."version" + %s) WHERE "{T}"."id" = %s',
            [1, 7],
            [f"{T}#w", T, f"{T}#c:version", f"{T}#r:7"],
        ),
        # more than one row, another key, a key that changes, inserts and deletes: any write
        (f'UPDATE "{T}" SET "status" = %s WHERE "{T}"."country_id" = %s', ["draft", "KE"], None),
        (f'UPDATE "{T}" SET "status" = %s WHERE "{T}"."id" IN (%s, %s)', ["draft", 1, 2], None),
        (f'UPDATE "{T}" SET "id" = %s WHERE "{T}"."id" = %s', [9, 7], None),
        (f'UPDATE "{T}" SET "nonsense" = %s WHERE "{T}"."id" = %s', [9, 7], None),
        (f'INSERT INTO "{T}" ("name") VALUES (%s)', ["x"], None),
        (f'DELETE FROM "{T}" WHERE "{T}"."id" IN (%s)', [7], None),
        # a table that is not row-tracked: the table
        ('UPDATE "orgs_posting" SET "title" = %s WHERE "orgs_posting"."id" = %s', ["x", 1], ["orgs_posting"]),
        ('SELECT 1 FROM "orgs_posting"', [], []),
    ],
)
def test_the_tokens_a_write_replaces(sql, params, expected):
    if expected is None:
        expected = [f"{T}#w", T, f"{T}#all"]
    assert _tokens(pagecache.written_names(sql, params, False)) == _tokens(expected)


def test_many_rows_at_once_is_any_write():
    sql = f'UPDATE "{T}" SET "description" = %s WHERE "{T}"."id" = %s'
    assert f"{T}#all" in pagecache.written_names(sql, [["x", 1], ["y", 2]], True)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # a model load by key: its row (and the default ordering's column)
        (lambda: Organisation.objects.filter(pk=1), {"name"}),
        (lambda: Organisation.objects.order_by().filter(pk=1), set()),
        (lambda: Organisation.objects.order_by().filter(status="published"), {"status"}),
        # a select_related load from another table: the rows, and the column it joins on
        (
            lambda: Posting.objects.select_related("organisation").order_by("pk"),
            set(),
        ),
        (
            lambda: Posting.objects.select_related("organisation__country").order_by("pk"),
            {"country_id"},
        ),
        # counts, values and aggregates use columns, with no rows to note
        (lambda: Organisation.objects.filter(status="published").order_by().count, {"status"}),
        (lambda: Organisation.objects.order_by().values("name", "kind"), {"name", "kind"}),
        (lambda: Organisation.objects.order_by().values_list("pk", flat=True), set()),
        # a load that does not select the key: its columns
        (lambda: Organisation.objects.order_by().only("name").values_list("name"), {"name"}),
        # a subquery with an alias
        (
            lambda: Posting.objects.filter(
                organisation__in=Organisation.objects.filter(kind="agency").values("pk")
            ),
            {"kind"},
        ),
    ],
)
def test_the_columns_a_statement_uses(build, expected):
    from django.db import connection as conn

    built = build()
    if callable(built):  # a count: the statement it runs
        with CaptureQueriesContext(conn) as ctx:
            built()
        sql = ctx.captured_queries[-1]["sql"]
    else:
        sql = str(built.query)
    assert pagecache.columns_read(sql, T) == expected


@pytest.mark.parametrize(
    "sql",
    [
        f'SELECT "{T}"."id" FROM "{T}" UNION SELECT "{T}"."id" FROM "{T}"',
        f'SELECT "{T}"."id", "{T}"."name" FROM "{T}" ORDER BY "name"',  # a column unqualified
        f'SELECT * FROM "{T}"',
        f'SELECT "{T}"."id" FROM "{T}" WHERE "{T}"."nonsense" = 1',
        f'SELECT DISTINCT ON ("{T}"."name") "{T}"."id" FROM "{T}"',
        'WITH x AS (SELECT 1) SELECT "orgs_organisation"."id" FROM "orgs_organisation"',
    ],
)
def test_a_statement_not_followed_is_a_read_of_the_whole_table(sql):
    assert pagecache.columns_read(sql, T) is None


def test_an_edit_empties_the_pages_showing_that_organisation_only(data, committed):
    alpha, beta = "/organisations/alpha-logistics/", "/organisations/beta-pay/"
    for path in (alpha, beta, PAGE):
        get(Client(), path)
    with committed():
        _edit(data.org_b, data.bob, description="Now also in Penang")
    assert get(Client(), alpha)["X-Page-Cache"] == "hit"  # shows Alpha only
    fresh = get(Client(), beta)
    assert fresh["X-Page-Cache"] == "miss" and b"Now also in Penang" in fresh.content
    assert get(Client(), PAGE)["X-Page-Cache"] == "miss"  # lists Beta
    # a column a page filters on, changed on any organisation: the page is made again
    get(Client(), alpha)
    get(Client(), PAGE)
    with committed():
        Organisation.objects.filter(pk=data.org_b.pk).update(status="draft")
    listing = get(Client(), PAGE)
    assert listing["X-Page-Cache"] == "miss" and b"Beta Pay" not in listing.content
    assert get(Client(), alpha)["X-Page-Cache"] == "hit"


def test_an_edit_writes_only_the_columns_it_changes(data):
    with CaptureQueriesContext(connection) as ctx:
        _edit(data.org_a, data.alice, description="Cold rooms too")
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(f'UPDATE "{T}"')]
    assert len(updates) == 1
    assert set(re.findall(r'"(\w+)" = ', updates[0].split(" WHERE ")[0])) == {
        "description",
        "version",
        "updated_at",
    }
    data.org_a.refresh_from_db()
    assert data.org_a.description == "Cold rooms too" and data.org_a.name == "Alpha Logistics"


def test_a_new_or_deleted_organisation_empties_every_page_reading_organisations(data, committed):
    alpha = "/organisations/alpha-logistics/"
    get(Client(), alpha)
    with committed():
        OrganisationFactory(name="Gamma Freight")
    assert get(Client(), alpha)["X-Page-Cache"] == "miss"


def test_a_row_written_while_the_page_is_made_leaves_it_stale(data):
    """The rows' tokens are read when the page is stored: a row write that commits in between
    makes the page depend on the whole table, whose token changed too."""

    def view(request):
        names = [o.name for o in Organisation.objects.order_by().filter(pk=data.org_a.pk)]
        pagecache._replace(f"{T}#w", T, f"{T}#c:description", f"{T}#r:{data.org_a.pk}")
        return HttpResponse(f"<p>{names}</p>")

    middleware, request = _middleware(view)
    assert middleware(request)["X-Page-Cache"] == "miss"
    assert middleware(request)["X-Page-Cache"] == "miss"


def test_a_row_page_is_kept_until_its_row_is_written(data):
    def view(request):
        names = [o.name for o in Organisation.objects.order_by().filter(pk=data.org_a.pk)]
        return HttpResponse(f"<p>{names}</p>")

    middleware, request = _middleware(view)
    assert middleware(request)["X-Page-Cache"] == "miss"
    assert middleware(request)["X-Page-Cache"] == "hit"
    pagecache._replace(f"{T}#w", T, f"{T}#c:description", f"{T}#r:{data.org_b.pk}")
    assert middleware(request)["X-Page-Cache"] == "hit"  # another row
    pagecache._replace(f"{T}#w", T, f"{T}#c:description", f"{T}#r:{data.org_a.pk}")
    assert middleware(request)["X-Page-Cache"] == "miss"
    assert middleware(request)["X-Page-Cache"] == "hit"
    pagecache.changed(T)  # the whole table (a restore, a command)
    assert middleware(request)["X-Page-Cache"] == "miss"


# The independent check of the parser: whatever a query is and whatever one-row edit follows,
# either its result is the same, or the edited row is one it materialised, or a column it uses
# changed, or it counts as a read of the whole table.

QUERIES = {
    "directory": lambda: [o.name for o in Organisation.objects.filter(status="published")],
    "by country": lambda: [o.slug for o in Organisation.objects.filter(country_id="KE")],
    "first by name": lambda: [o.name for o in Organisation.objects.order_by("name")[:1]],
    "postings with org": lambda: [
        (p.title, p.organisation.name, p.organisation.description)
        for p in Posting.objects.select_related("organisation").order_by("pk")
    ],
    "postings of published": lambda: sorted(
        Posting.objects.filter(organisation__status="published").values_list("title", flat=True)
    ),
    "postings in MY": lambda: sorted(
        p.title
        for p in Posting.objects.select_related("organisation__country").filter(
            organisation__country__code="MY"
        )
    ),
    "count published": lambda: Organisation.objects.filter(status="published").count(),
    "names": lambda: sorted(Organisation.objects.values_list("name", flat=True)),
    "kinds of visible": lambda: sorted(
        Organisation.objects.filter(status="published").values_list("kind", flat=True)
    ),
    "described": lambda: sorted(
        Organisation.objects.filter(description__icontains="fresh").values_list("pk", flat=True)
    ),
    "with postings": lambda: sorted(
        (o.name, o.n) for o in Organisation.objects.annotate(n=Count("postings"))
    ),
    "one by slug": lambda: [o.description for o in Organisation.objects.filter(slug="beta-pay")],
    "exists agency": lambda: Organisation.objects.filter(kind="agency").exists(),
}
EDITS = {
    "description": lambda n: f"fresh text {n}",
    "name": lambda n: f"Zed {n}" if n % 2 else f"Aardvark {n}",
    "status": lambda n: "draft" if n % 2 else "published",
    "country_id": lambda n: "MY" if n % 2 else "KE",
    "kind": lambda n: "agency" if n % 2 else "startup",
    "city": lambda n: f"City {n}",
}


@hsettings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    query=st.sampled_from(sorted(QUERIES)),
    column=st.sampled_from(sorted(EDITS)),
    which=st.sampled_from(["org_a", "org_b"]),
    n=st.integers(min_value=0, max_value=5),
)
def test_a_query_changes_only_with_what_it_depends_on(data, query, column, which, n):
    org = getattr(data, which)
    recording = pagecache.Recording(tokens={})
    token = pagecache._recording.set(recording)
    try:
        before = QUERIES[query]()
    finally:
        pagecache._recording.reset(token)
    sid = transaction.savepoint()
    try:
        sent = []

        def capture(execute, sql, params, many, context):
            sent.append(pagecache.written_names(sql, params, many))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            Organisation.objects.filter(pk=org.pk).update(**{column: EDITS[column](n)})
        written = sent[-1]
        after = QUERIES[query]()
    finally:
        transaction.savepoint_rollback(sid)
    assert f"{T}#r:{org.pk}" in written and f"{T}#c:{column}" in written
    if before != after:
        whole = T in recording.tables
        by_row = str(org.pk) in recording.rows.get(T, set())
        by_column = column in recording.columns.get(T, set())
        assert whole or by_row or by_column, (query, column, which, before, after, recording)


def _counting(monkeypatch):
    from django.core.cache import cache

    calls = []

    class Counting:
        def get(self, key, *args, **kwargs):
            calls.append([key])
            return cache.get(key, *args, **kwargs)

        def get_many(self, keys, *args, **kwargs):
            calls.append(list(keys))
            return cache.get_many(keys, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(pagecache, "cache", Counting())
    return calls


def test_a_signed_in_hit_is_two_round_trips(data, login, monkeypatch):
    """The session, the page and the person's figures in one round trip, the sources in the other."""
    alice = login(data.alice)
    get(alice, "/organisations/")
    assert get(alice, "/organisations/")["X-Page-Cache"] == "hit"
    calls = _counting(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        assert get(alice, "/organisations/")["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert len(calls) == 2, calls
    first = calls[0]
    assert any(k.startswith("django.contrib.sessions.cached_db") for k in first)
    assert any(k.startswith("pagecache:remembered:") for k in first)


def test_a_session_whose_content_changed_finds_nothing(data, login):
    alice = login(data.alice)
    get(alice, PAGE)
    assert get(alice, PAGE)["X-Page-Cache"] == "hit"
    session = alice.session
    session["acting_for"] = data.org_a.pk  # what a view keeps in the session
    session.save()
    assert get(alice, PAGE)["X-Page-Cache"] == "miss"
    assert get(alice, PAGE)["X-Page-Cache"] == "hit"


def test_the_database_session_engine_works_too(data, login, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    alice = login(data.alice)
    get(alice, PAGE)
    assert get(alice, PAGE)["X-Page-Cache"] == "hit"
    alice.logout()
    page = get(alice, PAGE)
    assert page.get("X-Page-Cache") != "hit" and b"Alice Tan" not in page.content


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis, as in production, under a key prefix of this test's own."""
    import os
    import uuid

    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis here")
    prefix = f"pagecache-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


KEYS = st.text("abcXYZ019:_#.-", min_size=1, max_size=30)  # the characters our keys use


@hsettings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    stored=st.dictionaries(
        KEYS,
        st.one_of(st.integers(), st.text(max_size=20), st.tuples(st.integers(), st.text(max_size=5))),
        max_size=8,
    ),
    absent=st.lists(KEYS, max_size=4),
)
def test_the_redis_look_up_finds_what_the_cache_finds(redis_cache, stored, absent):
    from django.core.cache import cache

    cache.set_many(stored, 30)
    keys = list(stored) + [k for k in absent if k not in stored]
    assert pagecache.get_many(keys) == cache.get_many(keys)
    assert pagecache.get_many([]) == {}


def test_on_redis_pages_follow_the_data(redis_cache, data, login, committed):
    alice = login(data.alice)
    beta = "/organisations/beta-pay/"
    for client in (Client(), alice):
        assert get(client, beta)["X-Page-Cache"] == "miss"
        assert get(client, beta)["X-Page-Cache"] == "hit"
    with committed():
        _edit(data.org_b, data.bob, description="Also in Mombasa")
    for client in (Client(), alice):
        page = get(client, beta)
        assert page["X-Page-Cache"] == "miss" and b"Also in Mombasa" in page.content
        assert get(client, beta)["X-Page-Cache"] == "hit"


@given(st.integers(min_value=1, max_value=100_000))
def test_a_lifetime_is_at_most_the_setting_and_at_least_most_of_it(seconds):
    from django.test import override_settings

    with override_settings(PAGE_CACHE_SECONDS=seconds):
        kept = [pagecache.lifetime() for _ in range(20)]
    assert all(1 <= k <= seconds for k in kept)
    assert all(k >= 0.8 * seconds - 1 for k in kept)


@pytest.mark.parametrize("on_redis", [False, True])
def test_each_api_request_counts_once_against_its_throttle(request, data, token_of, monkeypatch, on_redis):
    """A hit is counted in the round trip that reads its sources; an answer found stale is made
    by the view, whose throttle uses that count instead of a second one."""
    from django.core.cache import cache

    from corridor.core.throttling import UserRateThrottle

    if on_redis:
        request.getfixturevalue("redis_cache")
    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {**UserRateThrottle.THROTTLE_RATES, "user": "5/min"}
    )
    alice = token_of(data.alice)
    seen = [api("/api/organisations/", alice)["X-Page-Cache"] for _ in range(2)]
    pagecache.changed(T)  # the stored answer is stale: the next request is made by the view
    seen += [api("/api/organisations/", alice)["X-Page-Cache"] for _ in range(3)]
    assert seen == ["miss", "hit", "miss", "hit", "hit"]
    throttle = UserRateThrottle()
    drf = Request(RequestFactory().get("/"))
    drf.user = data.alice
    counter = throttle.window(drf, None)[0]
    assert cache.get(counter) == 5  # five requests, five counts
    api("/api/organisations/", alice, status=429)


@pytest.mark.parametrize("on_redis", [False, True])
def test_counting_with_the_sources_finds_what_the_cache_finds(request, on_redis):
    from django.core.cache import cache
    from django.test import RequestFactory

    from corridor.core.throttling import count_with

    if on_redis:
        request.getfixturevalue("redis_cache")
    cache.set_many({"a": 1, "b": "two", "c": (3, "x")}, 30)
    asked = RequestFactory().get("/")
    assert count_with(["a", "b", "c", "d"], [("n1", 60), ("n2", 60)], asked) == cache.get_many(
        ["a", "b", "c", "d"]
    )
    again = RequestFactory().get("/")
    count_with(["a"], [("n1", 60)], again)
    count_with(["a"], [("n1", 60)], again)  # the same request: counted once
    assert cache.get("n1") == 2 and cache.get("n2") == 1
    assert count_with([], [], RequestFactory().get("/")) == {}
