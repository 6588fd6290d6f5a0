import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organisations/",
        "/healthz",
        "/api/docs/",
        "/api/schema/",
        "/account/login/",
        "/account/signup/",
        "/account/password_reset/",
        "/api/organisations/",
    ],
)
def test_public_pages_render(client, personas, url):
    r = client.get(url)
    assert r.status_code == 200, r.content[:2000]


@pytest.mark.django_db
def test_pages_for_member(login, personas):
    c = login(personas.alice)
    for url in [
        "/dashboard/",
        "/organisations/alpha-logistics/",
        "/organisations/alpha-logistics/edit/",
        "/organisations/alpha-logistics/members/",
        "/organisations/alpha-logistics/postings/new/",
        "/organisations/new/",
        "/account/preferences/",
        f"/organisations/postings/{personas.draft_a.pk}/",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
