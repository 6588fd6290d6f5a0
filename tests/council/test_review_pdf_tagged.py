"""The published review's PDF is tagged (PDF/UA-1) so screen readers can follow it."""

import io

import pytest
from pypdf import PdfReader

from corridor.council import services

pytestmark = pytest.mark.django_db


def test_review_pdf_is_tagged(client, personas, reported):
    v = services.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=5, unit="startups", country="KE"
    )
    services.validate_value(by=personas.focal_my, value=v)
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    pdf = client.get(f"/council/reviews/{review.pk}/review.pdf")
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title
