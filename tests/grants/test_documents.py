"""A proposal's documents are downloaded through an access-checked view, by those who may read
the proposal; to everyone else they are missing, whatever URL they hold (issue 17, point 1)."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.grants.conftest import PDF
from tests.matrix import PERSONAS, api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(media, submitted):
    return submitted.attachments.get()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("who", PERSONAS)
def test_a_document_is_read_by_whoever_may_read_the_proposal(who, document, personas, login):
    client = page_client(personas, login, who)
    url = document.get_absolute_url()
    assert url == f"/grants/proposals/{document.proposal_id}/documents/{document.pk}/"
    page = client.get(f"/grants/proposals/{document.proposal_id}/")
    response = client.get(url)
    if page.status_code == 200:
        assert url in page.content.decode()  # the page links the document
        assert response.status_code == 200
        assert body(response) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
    elif who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    else:
        assert response.status_code == 404 and PDF not in body(response)
    if who in {"alice", "secretariat"}:
        assert response.status_code == 200


def test_an_outsider_and_a_wrong_pair_get_nothing(document, login):
    outsider = login(UserFactory(email="outsider@example.org"))
    assert outsider.get(document.get_absolute_url()).status_code == 404
    wrong = f"/grants/proposals/{document.proposal_id}/documents/{document.pk + 1000}/"
    assert outsider.get(wrong).status_code == 404
    # the stored path itself is not served
    assert Client().get(f"/media/{document.file.name}").status_code == 404


def test_an_assigned_reviewer_reads_the_document(document, personas, reviewers, run_assignment, login):
    run_assignment(document.proposal.call)
    assigned = [a.reviewer.user for a in document.proposal.assignments.select_related("reviewer__user")]
    assert assigned
    response = login(assigned[0]).get(document.get_absolute_url())
    assert response.status_code == 200 and body(response) == PDF


def test_the_api_lists_documents_with_their_download(document, personas):
    answer = api_client(personas, "alice").get(f"/api/grants/proposals/{document.proposal_id}/")
    assert answer.status_code == 200
    assert answer.json()["attachments"] == [
        {
            "id": document.pk,
            "kind": "Project plan",
            "size": len(PDF),
            "uploaded_at": answer.json()["attachments"][0]["uploaded_at"],
            "download_url": document.get_absolute_url(),
        }
    ]
