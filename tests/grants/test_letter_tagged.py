"""The award letter PDF is tagged (PDF/UA-1): structure tree, marked content, language, title."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from corridor.grants import services
from corridor.grants.enums import Outcome

pytestmark = pytest.mark.django_db


def test_award_letter_pdf_is_tagged(personas, login, submitted):
    services.decide(
        by=personas.secretariat, proposal=submitted, outcome=Outcome.AWARD, amount=1000, reason="Good."
    )
    response = login(personas.alice).get(reverse("grants:letter_pdf", args=[submitted.pk]))
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
