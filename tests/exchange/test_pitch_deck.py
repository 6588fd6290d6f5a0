"""A pitch deck is downloaded through an access-checked view by those who may read the
application (its startup, the secretariat, staff of the hubs it ranked); to everyone else it is
missing, whatever URL they hold (issue 17, point 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from corridor.exchange import services

pytestmark = pytest.mark.django_db

DECK = b"%PDF-1.7 SECRET deck"


@pytest.fixture
def app(media, market):
    return services.submit_application(
        by=market.bob,
        cohort=market.cohort,
        organisation=market.org_b,
        hosts=[market.h1],
        stage="seed",
        pitch_deck=SimpleUploadedFile("deck.pdf", DECK),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("bob", True),  # the applicant startup's owner
        ("secretariat", True),
        ("hana", True),  # staff of the hub it ranked
        ("harun", False),  # staff of a hub it did not rank
        ("alice", False),
        ("reviewer", False),
    ],
)
def test_who_may_download_a_pitch_deck(who, allowed, app, market, login):
    client = login(getattr(market, who))
    url = app.pitch_deck_url
    assert url == f"/exchange/applications/{app.pk}/pitch-deck/"
    response = client.get(url)
    if allowed:
        assert response.status_code == 200 and body(response) == DECK
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert url in client.get(app.get_absolute_url()).content.decode()
    else:
        assert response.status_code == 404 and b"SECRET" not in body(response)


def test_anonymous_and_the_raw_path_get_nothing(app):
    response = Client().get(app.pitch_deck_url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert Client().get(f"/media/{app.pitch_deck.name}").status_code == 404


def test_an_application_without_a_deck_has_no_download(media, market, login):
    bare = services.submit_application(
        by=market.bob, cohort=market.cohort, organisation=market.org_b, hosts=[market.h1], stage="seed"
    )
    assert bare.pitch_deck_url == ""
    assert login(market.bob).get(f"/exchange/applications/{bare.pk}/pitch-deck/").status_code == 404


def test_the_api_gives_the_download(app, market):
    from tests.tokens import token_client

    answer = token_client(market.bob).get("/api/exchange/applications/")
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [r["pitch_deck_url"] for r in rows] == [app.pitch_deck_url]
