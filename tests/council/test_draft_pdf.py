"""An open review's PDF is drawn in the background (issue 16, point 4), in the viewer's language,
and served only while it still shows the review's figures.

Personas: council staff (the secretariat and both focal points) prepare and download it; to
organisation people, the reviewer and anonymous callers an open review is missing, by page, API
and service. A published review has no draft run: its stored PDF is served instead.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from pypdf import PdfReader

from corridor.core.access import NotFound
from corridor.council import report, services
from corridor.council.models import ReviewPdfRun
from tests.matrix import PERSONAS, api_client, assert_api_refused, page_client, user_of

pytestmark = pytest.mark.django_db

STAFF = {"secretariat", "focal_my", "focal_ke"}


@pytest.fixture
def review(personas, reported):
    value = services.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=5, unit="startups", country="KE"
    )
    services.validate_value(by=personas.focal_my, value=value)
    return services.open_review(by=personas.secretariat, period="2026-H1", title="SECRET open review")


@pytest.fixture
def drawn(review, personas, django_capture_on_commit_callbacks):
    """A draft PDF drawn in English (the task runs eagerly on commit, as a worker would)."""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_draft_pdf(by=personas.secretariat, review=review, language="en")
    run.refresh_from_db()
    return run


def codes(exc: ValidationError) -> set[str]:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {e.code for group in errors for e in group}


def test_a_requested_pdf_is_drawn_in_the_background_with_progress(drawn, review):
    assert drawn.is_done and drawn.progress == 100
    assert drawn.message  # the last step it reported
    assert drawn.language == "en" and len(drawn.fingerprint) == 64
    pdf = bytes(drawn.pdf_data)
    assert pdf.startswith(b"%PDF") and drawn.pdf_size == len(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "SX-01" in text
    # a tagged PDF, like the published one
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_the_pdf_is_served_only_while_it_shows_the_current_figures(drawn, review, personas, login):
    client = login(personas.focal_my)
    response = client.get(f"/council/reviews/{review.pk}/review.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(drawn.pdf_data)
    page = client.get(f"/council/reviews/{review.pk}/").content.decode()
    assert "Download the draft PDF" in page
    # a comment changes the review's figures: the drawn PDF is no longer the review
    services.comment_on_review(by=personas.focal_ke, review=review, text="Kenya hosted five startups.")
    response = client.get(f"/council/reviews/{review.pk}/review.pdf")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/council/reviews/{review.pk}/#draft-pdf"
    )
    status = client.get(f"/council/reviews/{review.pk}/pdf/status/").content.decode()
    assert "The figures have changed since the last PDF was drawn" in status
    assert "Prepare the PDF" in status and "Download the draft PDF" not in status


def test_nothing_is_drawn_until_someone_asks(review, personas, login):
    client = login(personas.secretariat)
    response = client.get(f"/council/reviews/{review.pk}/review.pdf")
    assert response.status_code == 302 and response["Location"].endswith("#draft-pdf")
    page = client.get(f"/council/reviews/{review.pk}/").content.decode()
    assert "Prepare the PDF" in page and 'id="draft-pdf"' in page
    assert ReviewPdfRun.objects.count() == 0


def test_preparing_from_the_page_queues_one_run_and_the_status_block_polls(
    review, personas, login, django_capture_on_commit_callbacks, monkeypatch
):
    from corridor.council import tasks

    queued = []
    monkeypatch.setattr(tasks.draft_pdf_task, "delay", queued.append)
    client = login(personas.focal_ke)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/council/reviews/{review.pk}/pdf/prepare/")
        again = client.post(f"/council/reviews/{review.pk}/pdf/prepare/")
    assert response.status_code == again.status_code == 302
    run = ReviewPdfRun.objects.get()
    assert queued == [run.pk]  # asking twice while it is queued does not queue it twice
    status = client.get(f"/council/reviews/{review.pk}/pdf/status/").content.decode()
    assert f'hx-get="/council/reviews/{review.pk}/pdf/status/"' in status
    assert "Prepare the PDF" not in status
    services.run_draft_pdf(run.pk)
    status = client.get(f"/council/reviews/{review.pk}/pdf/status/").content.decode()
    assert "hx-get" not in status and "Download the draft PDF" in status


def test_asking_again_for_unchanged_figures_reuses_the_drawn_pdf(drawn, review, personas):
    again = services.request_draft_pdf(by=personas.focal_my, review=review, language="en")
    assert again.pk == drawn.pk and ReviewPdfRun.objects.count() == 1


def test_a_new_drawing_replaces_the_older_one(drawn, review, personas, django_capture_on_commit_callbacks):
    services.comment_on_review(by=personas.focal_ke, review=review, text="One more figure.")
    with django_capture_on_commit_callbacks(execute=True):
        newer = services.request_draft_pdf(by=personas.secretariat, review=review, language="en")
    assert newer.pk != drawn.pk
    assert list(ReviewPdfRun.objects.values_list("pk", flat=True)) == [newer.pk]
    newer.refresh_from_db()
    assert newer.fingerprint != drawn.fingerprint


def test_each_language_has_its_own_pdf(review, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ms = services.request_draft_pdf(by=personas.focal_my, review=review, language="ms")
        en = services.request_draft_pdf(by=personas.focal_my, review=review, language="en")
    ms.refresh_from_db()
    en.refresh_from_db()
    assert ms.pk != en.pk and ms.is_done and en.is_done
    assert ms.fingerprint != en.fingerprint
    ms_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(ms.pdf_data))).pages)
    en_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(en.pdf_data))).pages)
    assert ms_text != en_text


def test_a_failed_drawing_is_shown_and_can_be_asked_again(
    review, personas, login, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setattr(report, "pdf_bytes", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_draft_pdf(by=personas.secretariat, review=review)
    run.refresh_from_db()
    assert run.is_failed and "out of memory" in run.message and run.pdf_data is None
    status = login(personas.secretariat).get(f"/council/reviews/{review.pk}/pdf/status/").content.decode()
    assert "The run failed" in status and "Prepare the PDF" in status
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retry = services.request_draft_pdf(by=personas.secretariat, review=review)
    retry.refresh_from_db()
    assert retry.pk != run.pk and retry.is_done
    assert not ReviewPdfRun.objects.filter(pk=run.pk).exists()


def test_bad_requests_name_their_reason_and_change_nothing(review, personas):
    with pytest.raises(ValidationError) as exc:
        services.request_draft_pdf(by=personas.secretariat, review=review, language="xx")
    assert codes(exc.value) == {"language_unknown"}
    services.publish_review(by=personas.secretariat, review=review)
    with pytest.raises(ValidationError) as exc:
        services.request_draft_pdf(by=personas.secretariat, review=review, language="en")
    assert codes(exc.value) == {"review_published"}
    assert ReviewPdfRun.objects.count() == 0


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_prepare_and_download_a_draft_pdf(who, review, personas, login):
    user = user_of(personas, who)
    page = page_client(personas, login, who)
    api = api_client(personas, who)
    if who in STAFF:
        run = services.request_draft_pdf(by=user, review=review)
        assert run.actor == user
        assert page.get(f"/council/reviews/{review.pk}/pdf/status/").status_code == 200
        assert page.post(f"/council/reviews/{review.pk}/pdf/prepare/").status_code == 302
        answer = api.get(f"/api/council/reviews/{review.pk}/pdf/")
        assert answer.status_code == 202 and answer.json()["status"] == "queued"
        return
    with pytest.raises((NotFound, Http404)):
        services.request_draft_pdf(by=user, review=review)
    for url in (
        f"/council/reviews/{review.pk}/review.pdf",
        f"/council/reviews/{review.pk}/pdf/status/",
    ):
        response = page.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
        assert "SECRET" not in response.content.decode(errors="replace")
    response = page.post(f"/council/reviews/{review.pk}/pdf/prepare/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith("/account/login/")
    for call in (
        lambda: api.get(f"/api/council/reviews/{review.pk}/pdf/"),
        lambda: api.post(f"/api/council/reviews/{review.pk}/pdf/", {}, content_type="application/json"),
        lambda: api.get(f"/api/council/reviews/{review.pk}/pdf/download/"),
    ):
        assert_api_refused(call(), "SECRET", anonymous=who == "anonymous")
    assert ReviewPdfRun.objects.count() == 0


def test_the_api_prepares_polls_and_downloads(review, personas, django_capture_on_commit_callbacks):
    api = api_client(personas, "focal_ke")
    url = f"/api/council/reviews/{review.pk}/pdf/"
    assert api.get(url).status_code == 404
    assert api.get(url + "download/").status_code == 404
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = api.post(url, {"language": "sw"}, content_type="application/json")
    assert queued.status_code == 202, queued.content
    assert queued.json()["language"] == "sw" and queued.json()["download_url"] is None
    for callback in callbacks:
        callback()
    done = api.get(url + "?language=sw")
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "done" and body["current"] and body["pdf_size"] > 0
    assert body["download_url"] == f"/api/council/reviews/{review.pk}/pdf/download/?language=sw"
    pdf = api.get(body["download_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # asking again gives the same, finished drawing
    again = api.post(url, {"language": "sw"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    # bad input names the field
    bad = api.post(url, {"language": "xx"}, content_type="application/json")
    assert bad.status_code == 400 and "language" in bad.content.decode()
    # figures change: no longer current, no download
    services.comment_on_review(by=personas.focal_ke, review=review, text="New figure.")
    stale = api.get(url + "?language=sw").json()
    assert stale["current"] is False and stale["download_url"] is None
    assert api.get(url + "download/?language=sw").status_code == 404


def test_a_published_review_has_no_draft_run(review, personas):
    services.publish_review(by=personas.secretariat, review=review)
    api = api_client(personas, "secretariat")
    response = api.post(f"/api/council/reviews/{review.pk}/pdf/", {}, content_type="application/json")
    assert response.status_code == 400 and "review_published" in response.content.decode()
    published = api.get(f"/api/council/reviews/{review.pk}/")
    assert published.json()["pdf_url"] == f"/council/reviews/{review.pk}/review.pdf"


def test_the_fingerprint_ignores_when_the_figures_were_gathered(review):
    first, second = report.gather(review), report.gather(review)
    second["generated_at"] = "2000-01-01T00:00:00"
    assert report.fingerprint(first, "en") == report.fingerprint(second, "en")
    assert report.fingerprint(first, "en") != report.fingerprint(first, "ms")
    second["indicators"][0]["value"] = 6.0
    assert report.fingerprint(first, "en") != report.fingerprint(second, "en")
