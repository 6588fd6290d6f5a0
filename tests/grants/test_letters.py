"""Award letters: the HTML page and its PDF (WeasyPrint), read back with pypdf."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from corridor.grants import services
from corridor.grants.enums import Outcome

pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    # PDF text extraction breaks lines where the layout does: compare without whitespace.
    return re.sub(r"\s+", "", text)


@pytest.fixture
def awarded(personas, submitted):
    services.decide(
        by=personas.secretariat,
        proposal=submitted,
        outcome=Outcome.AWARD,
        amount=27_500,
        reason="Strong partnership across both ports.",
    )
    return submitted


def test_award_letter_pdf_holds_title_and_amount(personas, login, awarded):
    response = login(personas.alice).get(reverse("grants:letter_pdf", args=[awarded.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="award-letter-MYKE-')
    assert response.content[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(response.content))
    text = _squash("".join(page.extract_text() for page in reader.pages))
    assert _squash(awarded.title) in text
    assert "27,500.00USD" in text
    assert _squash(awarded.decision.letter_reference) in text


def test_letter_and_decision_pages_link_the_pdf(personas, login, awarded):
    pdf_url = reverse("grants:letter_pdf", args=[awarded.pk])
    c = login(personas.alice)
    assert pdf_url in c.get(reverse("grants:letter", args=[awarded.pk])).content.decode()
    assert pdf_url in c.get(reverse("grants:proposal", args=[awarded.pk])).content.decode()


def test_letter_pdf_is_not_found_for_outsiders_and_declined(personas, login, client, submitted):
    url = reverse("grants:letter_pdf", args=[submitted.pk])
    assert login(personas.alice).get(url).status_code == 404  # no decision yet
    services.decide(by=personas.secretariat, proposal=submitted, outcome=Outcome.DECLINE, reason="Budget.")
    assert login(personas.alice).get(url).status_code == 404  # declined: no letter
    assert login(personas.focal_my).get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_letter_pdf_forbidden_to_unrelated_user(personas, login, awarded):
    url = reverse("grants:letter_pdf", args=[awarded.pk])
    assert login(personas.focal_ke).get(url).status_code == 404
    assert login(personas.secretariat).get(url).status_code == 200
