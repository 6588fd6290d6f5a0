"""Issue 16 items 5 and 9 in the council: the menu shows staff-only links only to council staff;
the reviews list names each period once."""

import pytest

from corridor.council import services

pytestmark = pytest.mark.django_db

STAFF_LINKS = ('href="/council/"', 'href="/council/commitments/"', 'href="/council/validation/"')


@pytest.mark.parametrize("who", ["alice", "bob", "reviewer", "focal_my", "secretariat"])
def test_council_menu_shows_staff_links_only_to_council_staff(login, personas, who):
    page = login(getattr(personas, who)).get("/council/indicators/").content.decode()
    staff = who in ("focal_my", "secretariat")
    assert all((link in page) == staff for link in STAFF_LINKS), who
    assert 'href="/council/reviews/"' in page


def test_council_menu_for_visitors_has_no_staff_links(client):
    page = client.get("/council/reviews/").content.decode()
    assert not any(link in page for link in STAFF_LINKS)


def test_reviews_list_names_the_period_once(client, personas, reported):
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    titled = services.open_review(by=personas.secretariat, period="2025-H2", title="Mid-term stock-take")
    services.publish_review(by=personas.secretariat, review=titled)
    page = client.get("/council/reviews/").content.decode()
    assert "Biannual review 2026-H1" in page and '<span class="tag">2026-H1</span>' not in page
    assert '<span class="tag">2025-H2</span>' in page
