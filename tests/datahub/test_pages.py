"""Pages: every page renders for its users, forms show errors inline, the publish → request →
approve flow through the pages, filters, and constant query counts on the catalogue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.datahub.models import AccessRequest, Dataset, DataSharingAgreement, DownloadLog
from tests.datahub.conftest import CSV, publish


@pytest.mark.django_db
def test_publisher_pages_render(hub, personas, login):
    alice = login(personas.alice)
    dataset, version, datafile = hub["shared"]
    for url in (
        "/data/",
        "/data/new/",
        dataset.get_absolute_url(),
        f"/data/{dataset.slug}/edit/",
        version.get_absolute_url(),
        datafile.get_absolute_url(),
        f"/data/files/{datafile.pk}/profile/",
        "/data/requests/?status=all",
        hub["agreement"].request.get_absolute_url(),
        hub["agreement"].get_absolute_url(),
        f"/data/agreements/{hub['agreement'].pk}/agreement.json",
        f"/data/{dataset.slug}/downloads/",
        "/data/tokens/",
        hub["draft"][1].get_absolute_url(),
    ):
        response = alice.get(url)
        assert response.status_code == 200, url
    page = alice.get(datafile.get_absolute_url()).content.decode()
    assert "Field dictionary" in page and "Preview" in page
    legal = alice.get(f"/data/agreements/{hub['agreement'].pk}/agreement.json").json()
    assert legal["legalBasis"]["MY"]["code"] == "my_due_diligence" and legal["breachNotificationHours"] == 72
    assert legal["onwardTransferBanned"] is True


@pytest.mark.django_db
def test_publish_request_approve_download_through_pages(
    personas, login, media, django_capture_on_commit_callbacks
):
    alice, bob = login(personas.alice), login(personas.bob)
    form = {
        "organisation": personas.org_a.pk,
        "title": "Halal logistics corridor",
        "description": "Shipments.",
        "themes": ["trade"],
        "update_frequency": "monthly",
        "access_level": "restricted",
        "policy_k": 5,
    }
    response = alice.post("/data/new/", form)
    assert response.status_code == 302
    dataset = Dataset.objects.get(title="Halal logistics corridor")
    upload = SimpleUploadedFile("x.csv", CSV, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(
            f"/data/{dataset.slug}/v1/", {"file": upload, "licence": "CC-BY-4.0", "title": "Shipments"}
        )
    assert response.status_code == 302
    assert alice.post(f"/data/{dataset.slug}/v1/publish/", {"confirm": "on"}).status_code == 302
    # Bob requests: bad input first (named field, nothing stored), then a good request.
    response = bob.post(
        f"/data/{dataset.slug}/request/",
        {"purpose": "research", "purpose_detail": "short", "duration_days": 30},
    )
    assert response.status_code == 400 and "at least 20 characters" in response.content.decode()
    assert not AccessRequest.objects.exists()
    response = bob.post(
        f"/data/{dataset.slug}/request/",
        {
            "purpose": "model_training",
            "purpose_detail": "Training a route-delay model for KE importers.",
            "duration_days": 30,
            "organisation": personas.org_b.pk,
        },
    )
    req = AccessRequest.objects.get()
    assert response.status_code == 302
    assert "Halal logistics corridor" in alice.get("/data/requests/").content.decode()
    response = alice.post(
        req.get_absolute_url(),
        {
            "decision": "approve",
            "permitted_uses": "Model training only.",
            "retention_days": 30,
            "legal_basis_my": "my_due_diligence",
            "legal_basis_ke": "ke_safeguards",
        },
    )
    assert response.status_code == 302
    assert DataSharingAgreement.objects.get().recipient == personas.bob
    datafile = dataset.versions.get().files.get()
    response = bob.get(f"/data/files/{datafile.pk}/download/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    log = alice.get(f"/data/{dataset.slug}/downloads/").content.decode()
    assert "Bob Otieno" in log
    assert DownloadLog.objects.get().agreement is not None
    # Bob cannot see the log.
    assert bob.get(f"/data/{dataset.slug}/downloads/").status_code == 403


@pytest.mark.django_db
def test_dataset_form_errors_inline(personas, login):
    response = login(personas.alice).post(
        "/data/new/",
        {
            "organisation": personas.org_a.pk,
            "title": "P",
            "description": "d",
            "update_frequency": "never",
            "access_level": "restricted",
            "personal_data": "on",
            "policy_k": 5,
        },
    )
    assert response.status_code == 200
    assert "Personal data needs a stated legal basis" in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_catalogue_filters_and_empty_state(hub, client):
    page = client.get("/data/?access_level=restricted").content.decode()
    assert "Shared data" in page and "SECRET open data" not in page
    page = client.get("/data/?q=nothing-matches-this").content.decode()
    assert "No dataset matches" in page
    api = client.get("/api/datahub/datasets/?access_level=open").json()
    assert [d["title"] for d in api["results"]] == ["SECRET open data"]
    assert client.get("/api/datahub/datasets/?file_format=csv&licence=CC-BY-4.0").json()["count"] == 4


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_catalogue_query_count_is_constant(personas, login, media):
    alice = login(personas.alice)
    from corridor.datahub import services

    def add(i):
        dataset, version, _f = publish(personas.alice, personas.org_a, title=f"Dataset {i}")
        dataset.countries.set(["MY", "KE"])
        services.publish_version(by=personas.alice, version=version)

    add(0)
    one = (_count(alice, "/data/"), _count(alice, "/api/datahub/datasets/"))
    add(1)
    add(2)
    three = (_count(alice, "/data/"), _count(alice, "/api/datahub/datasets/"))
    assert one == three
