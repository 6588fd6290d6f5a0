import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corridor.datahub import services
from corridor.datahub.enums import AccessLevel, LegalBasisKE, LegalBasisMY

CSV = b"id,name,age,postcode,joined\n1,Ann,34,50450,2024-01-02\n2,Bo,41,50460,2024-02-03\n3,Cy,29,00100,2024-03-01\n"


def csv_upload(content: bytes = CSV, name: str = "people.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def publish(by, org, *, access_level=AccessLevel.OPEN, title="Port Klang dwell times", content=CSV, **extra):
    dataset = services.create_dataset(
        by=by,
        organisation=org,
        title=title,
        description="Container dwell times by terminal.",
        access_level=access_level,
        **extra,
    )
    version = services.new_version(by=by, dataset=dataset)
    datafile = services.add_file(by=by, version=version, upload=csv_upload(content))
    return dataset, version, datafile


@pytest.fixture
def hub(personas, media, django_capture_on_commit_callbacks):
    """Org A (alice, MY) publishes an open, a registered and a restricted dataset; bob (KE) holds a
    valid agreement on a second restricted dataset; carol (member of A) an expired and a revoked one."""
    p = personas
    out = {}
    with django_capture_on_commit_callbacks(execute=True):
        _build(p, out)
    return out


def _build(p, out):
    for level in (AccessLevel.OPEN, AccessLevel.REGISTERED, AccessLevel.RESTRICTED):
        dataset, version, datafile = publish(
            p.alice, p.org_a, access_level=level, title=f"SECRET {level} data"
        )
        services.publish_version(by=p.alice, version=version)
        out[level] = (dataset, version, datafile)
    shared, version, shared_file = publish(
        p.alice, p.org_a, access_level=AccessLevel.RESTRICTED, title="Shared data"
    )
    services.publish_version(by=p.alice, version=version)
    req = services.request_access(
        by=p.bob,
        dataset=shared,
        purpose="model_training",
        purpose_detail="Training a freight-delay forecasting model.",
        duration_days=30,
        organisation=p.org_b,
    )
    services.decide_request(
        by=p.alice,
        request=req,
        approve=True,
        permitted_uses="Model training only.",
        legal_basis_my=LegalBasisMY.DUE_DILIGENCE,
        legal_basis_ke=LegalBasisKE.SAFEGUARDS,
    )
    out["shared"] = (shared, version, shared_file)
    out["agreement"] = req.agreement
    draft, _v, draft_file = publish(p.alice, p.org_a, title="SECRET draft dataset")
    out["draft"] = (draft, _v, draft_file)


def expire(agreement):
    agreement.expires_at = timezone.now() - dt.timedelta(seconds=1)
    agreement.save()
