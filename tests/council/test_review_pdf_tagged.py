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


def test_review_pdf_words_each_indicator_status_without_touching_the_snapshot(personas, reported):
    from corridor.council import report

    review = services.open_review(by=personas.secretariat, period="2026-H1")
    data = report.gather(review)
    first = data["indicators"][0]
    data["indicators"] = [
        {**first, "status": s} for s in ("on_track", "at_risk", "off_track", "no_target", "no_data")
    ]
    html = report.pdf_html(review, data, {}, {})
    for status, words in [
        ("on_track", "on track"),
        ("at_risk", "at risk"),
        ("off_track", "off track"),
        ("no_target", "no target"),
        ("no_data", "no data"),
    ]:
        assert f'<td class="{status}">{words}</td>' in html
    assert all("status_text" not in i for i in data["indicators"])
