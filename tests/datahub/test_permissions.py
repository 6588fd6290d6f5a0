"""Permission matrix: persona × access level × (page, download page, API, API download), with
expired and revoked agreements and dataset tokens. Titles start with SECRET where a leak shows."""

import pytest
from django.test import Client

from corridor.datahub import services
from corridor.datahub.models import DownloadLog
from tests.datahub.conftest import expire

PERSONAS = ["anonymous", "alice", "bob", "carol", "reviewer", "focal_my", "secretariat"]
KEYS = ["open", "registered", "restricted", "shared", "draft"]

CAN_SEE = {
    "draft": {"alice", "secretariat"},
}
CAN_DOWNLOAD = {
    "open": set(PERSONAS),
    "registered": set(PERSONAS) - {"anonymous"},
    "restricted": {"alice"},
    "shared": {"alice", "bob"},
    "draft": {"alice", "secretariat"},
}


def _client(personas, login, name):
    return Client() if name == "anonymous" else login(getattr(personas, name))


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_matrix(hub, personas, login, name):
    client = _client(personas, login, name)
    for key in KEYS:
        dataset, version, datafile = hub[key]
        visible = name in CAN_SEE.get(key, set(PERSONAS))
        page = client.get(dataset.get_absolute_url())
        assert page.status_code == (200 if visible else 404), (name, key)
        api = client.get(f"/api/datahub/datasets/{dataset.slug}/")
        assert api.status_code == (200 if visible else 404), (name, key)
        file_page = client.get(datafile.get_absolute_url())
        assert file_page.status_code == (200 if visible else 404), (name, key)
        allowed = name in CAN_DOWNLOAD[key]
        before = DownloadLog.objects.count()
        response = client.get(f"/data/files/{datafile.pk}/download/")
        if allowed:
            assert response.status_code == 200, (name, key)
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"id,name")
            assert DownloadLog.objects.count() == before + 1
        else:
            assert response.status_code in (302, 403, 404), (name, key, response.status_code)
            assert DownloadLog.objects.count() == before
            if not visible:
                assert response.status_code == 404
        api_dl = client.get(f"/api/datahub/files/{datafile.pk}/download/")
        assert (api_dl.status_code == 200) == allowed, (name, key, api_dl.status_code)
    catalogue = client.get("/data/").content.decode()
    assert ("SECRET draft" in catalogue) == (name in CAN_SEE["draft"])
    api_list = client.get("/api/datahub/datasets/").json()
    assert any(d["title"] == "SECRET draft dataset" for d in api_list["results"]) == (
        name in CAN_SEE["draft"]
    )


@pytest.mark.django_db
def test_expired_and_revoked_agreements_end_access(hub, personas, login):
    dataset, version, datafile = hub["shared"]
    bob = login(personas.bob)
    assert bob.get(f"/data/files/{datafile.pk}/download/").status_code == 200
    agreement = hub["agreement"]
    expire(agreement)
    assert bob.get(f"/data/files/{datafile.pk}/download/").status_code == 403
    agreement.expires_at = agreement.starts_at.replace(year=agreement.starts_at.year + 1)
    agreement.save()
    assert bob.get(f"/data/files/{datafile.pk}/download/").status_code == 200
    services.revoke_agreement(by=personas.alice, agreement=agreement)
    assert bob.get(f"/data/files/{datafile.pk}/download/").status_code == 403
    assert bob.get(f"/api/datahub/files/{datafile.pk}/download/").status_code == 403
    # Parquet copy of a restricted file: the same rule.
    assert bob.get(f"/data/files/{datafile.pk}/download/?format=parquet").status_code == 403


@pytest.mark.django_db
def test_only_the_publisher_decides_and_revokes(hub, personas, login):
    agreement = hub["agreement"]
    for name in ("carol", "reviewer", "focal_my", "bob"):
        client = login(getattr(personas, name))
        response = client.post(agreement.get_absolute_url(), {"confirm": "on"})
        assert response.status_code in (404,) or name == "bob" and response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.revoked_at is None


@pytest.mark.django_db
def test_dataset_token_scopes_and_never_widens(hub, personas):
    open_ds, _v, open_file = hub["open"]
    shared, _v2, shared_file = hub["shared"]
    restricted, _v3, restricted_file = hub["restricted"]
    token, raw = services.create_token(by=personas.bob, name="training job", datasets=[shared])
    client = Client(HTTP_AUTHORIZATION=f"Dataset {raw}")
    assert client.get(f"/api/datahub/files/{shared_file.pk}/download/").status_code == 200
    assert DownloadLog.objects.filter(token=token, via="api").count() == 1
    # Outside the token's scope: even an open dataset is "not found".
    assert client.get(f"/api/datahub/datasets/{open_ds.slug}/").status_code == 404
    assert client.get(f"/api/datahub/files/{open_file.pk}/download/").status_code == 404
    assert [d["slug"] for d in client.get("/api/datahub/datasets/").json()["results"]] == [shared.slug]
    # A token cannot be made for a dataset its user cannot see.
    with pytest.raises(Exception):  # noqa: B017
        services.create_token(by=personas.bob, name="x", datasets=[hub["draft"][0]])
    # Revoked agreement: the token does not help.
    services.revoke_agreement(by=personas.alice, agreement=hub["agreement"])
    assert client.get(f"/api/datahub/files/{shared_file.pk}/download/").status_code == 403
    # Revoked token: refused.
    services.revoke_token(by=personas.bob, token=token)
    assert client.get(f"/api/datahub/datasets/{shared.slug}/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Dataset dh_guess").get("/api/datahub/datasets/").status_code == 401


@pytest.mark.django_db
def test_publishing_needs_act_for(hub, personas):
    from django.core.exceptions import PermissionDenied

    from corridor.datahub.enums import AccessLevel

    for user in (personas.carol, personas.bob, personas.reviewer):
        with pytest.raises(PermissionDenied):
            services.create_dataset(
                by=user,
                organisation=personas.org_a,
                title="x",
                description="y",
                access_level=AccessLevel.OPEN,
            )
    draft, version, _f = hub["draft"]
    from corridor.core.access import NotFound

    for user in (personas.carol, personas.bob):
        with pytest.raises((PermissionDenied, NotFound)):
            services.publish_version(by=user, version=version)
