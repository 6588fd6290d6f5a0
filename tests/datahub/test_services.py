"""Services: bad input names the field and changes nothing; uploads by content; versions never
overwrite; personal data needs a legal basis and a passed k-anonymity check; demo; indicators."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.datahub import indicators, services
from corridor.datahub.enums import AccessLevel, LegalBasisKE, LegalBasisMY
from corridor.datahub.models import DataFile, Dataset, DatasetVersion, DataSharingAgreement
from tests.datahub.conftest import CSV, csv_upload, publish


def codes(exc: ValidationError) -> set[tuple[str | None, str]]:
    from corridor.core.errors import error_items

    return {(i["field"], i["code"]) for i in error_items(exc)}


def _files_on_disk(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,expected",
    [
        ({"title": "", "description": "d"}, ("title", "required")),
        ({"title": "t", "description": " "}, ("description", "required")),
        ({"title": "t", "description": "d", "themes": ["nope"]}, ("themes", "invalid_choice")),
        (
            {"title": "t", "description": "d", "personal_data": True, "access_level": "restricted"},
            ("legal_basis", "legal_basis_required"),
        ),
        (
            {
                "title": "t",
                "description": "d",
                "personal_data": True,
                "legal_basis": "consent",
                "access_level": "open",
            },
            ("access_level", "personal_data_open"),
        ),
        (
            {
                "title": "t",
                "description": "d",
                "temporal_start": dt.date(2025, 2, 1),
                "temporal_end": dt.date(2025, 1, 1),
            },
            ("temporal_end", "end_before_start"),
        ),
        ({"title": "t", "description": "d", "policy_k": 1}, ("policy_k", "out_of_range")),
    ],
)
def test_bad_dataset_input_names_the_field_and_changes_nothing(personas, data, expected):
    with pytest.raises(ValidationError) as exc:
        services.create_dataset(by=personas.alice, organisation=personas.org_a, **data)
    assert expected in codes(exc.value)
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_uploads_checked_by_content_and_nothing_half_stored(personas, media, monkeypatch, settings):
    dataset = services.create_dataset(
        by=personas.alice, organisation=personas.org_a, title="t", description="d"
    )
    version = services.new_version(by=personas.alice, dataset=dataset)
    # A Windows executable renamed .csv: refused by content.
    exe = SimpleUploadedFile("data.csv", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        services.add_file(by=personas.alice, version=version, upload=exe)
    assert ("file", "wrong_type") in codes(exc.value)
    # An archive bomb: a small zip declaring a huge expansion.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * 5_000_000)
    with pytest.raises(ValidationError) as exc:
        services.add_file(
            by=personas.alice, version=version, upload=SimpleUploadedFile("a.zip", buffer.getvalue())
        )
    assert ("file", "archive_bomb") in codes(exc.value)
    # Too large.
    settings.DATAHUB_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.add_file(by=personas.alice, version=version, upload=csv_upload())
    assert ("file", "too_large") in codes(exc.value)
    settings.DATAHUB_MAX_UPLOAD_BYTES = 10_000_000
    # A failure after the file reached the storage leaves neither a row nor a stored file.
    from corridor.datahub.models import ProfileRun

    def boom(**kwargs):
        raise RuntimeError("queue down")

    from corridor.datahub.services import files as file_services

    monkeypatch.setattr(file_services, "start_profile", boom)
    with pytest.raises(RuntimeError):
        services.add_file(by=personas.alice, version=version, upload=csv_upload())
    assert not DataFile.objects.exists() and not ProfileRun.objects.exists()
    assert _files_on_disk(media) == []


@pytest.mark.django_db
def test_checksum_size_and_versions_never_overwrite(personas, media, django_capture_on_commit_callbacks):
    import hashlib

    with django_capture_on_commit_callbacks(execute=True):
        dataset, v1, f1 = publish(personas.alice, personas.org_a)
        services.publish_version(by=personas.alice, version=v1)
    assert f1.checksum == hashlib.sha256(CSV).hexdigest() and f1.size == len(CSV)
    with pytest.raises(ValidationError) as exc:
        services.add_file(by=personas.alice, version=v1, upload=csv_upload())
    assert (None, "version_published") in codes(exc.value)
    with pytest.raises(ValidationError):
        services.update_field_dictionary(by=personas.alice, datafile=f1, fields=[])
    v2 = services.new_version(by=personas.alice, dataset=dataset, notes="Adds a row")
    assert v2.number == 2 and v2.identifier.endswith("/v2")
    with pytest.raises(ValidationError) as exc:
        services.new_version(by=personas.alice, dataset=dataset)
    assert (None, "draft_exists") in codes(exc.value)
    f2 = services.add_file(
        by=personas.alice, version=v2, upload=csv_upload(CSV + b"4,Di,50,50450,2024-04-01\n")
    )
    services.update_field_dictionary(
        by=personas.alice,
        datafile=f2,
        fields=[{"name": "age", "title": "Age", "description": "At survey", "unit": "years"}],
    )
    services.publish_version(by=personas.alice, version=v2)
    f1.refresh_from_db()
    assert f1.checksum == hashlib.sha256(CSV).hexdigest()
    assert f1.file.read() == CSV
    age = next(f for f in DataFile.objects.get(pk=f2.pk).table_schema["fields"] if f["name"] == "age")
    assert age["unit"] == "years"
    assert DatasetVersion.objects.filter(dataset=dataset).count() == 2


PEOPLE = b"id,age,postcode,sex,dx\n" + b"".join(
    f"{i},{30 + i % 3},{50450 + i % 2},{'FM'[i % 2]},{'ab'[i % 2]}\n".encode() for i in range(12)
)


@pytest.mark.django_db
def test_personal_data_needs_a_passed_k_anonymity_check(personas, media):
    dataset = services.create_dataset(
        by=personas.alice,
        organisation=personas.org_a,
        title="People",
        description="d",
        personal_data=True,
        legal_basis="Consent",
        access_level=AccessLevel.RESTRICTED,
    )
    version = services.new_version(by=personas.alice, dataset=dataset)
    services.add_file(by=personas.alice, version=version, upload=csv_upload(PEOPLE))
    with pytest.raises(ValidationError) as exc:
        services.publish_version(by=personas.alice, version=version)
    assert (None, "anonymity_not_passed") in codes(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.check_anonymity(by=personas.alice, version=version)
    assert ("quasi_identifiers", "no_quasi_identifiers") in codes(exc.value)
    services.set_quasi_identifiers(
        by=personas.alice, dataset=dataset, quasi_identifiers=["age", "postcode"], sensitive="dx"
    )
    result = services.check_anonymity(by=personas.alice, version=version)
    assert result["files"][0]["k"] == 2 and not result["passes"]  # 6 (age, postcode) groups of 2
    assert result["files"][0]["suggestions"]
    with pytest.raises(ValidationError):
        services.publish_version(by=personas.alice, version=version)
    services.set_quasi_identifiers(
        by=personas.alice, dataset=dataset, quasi_identifiers=["sex"], sensitive="dx"
    )
    result = services.check_anonymity(by=personas.alice, version=version)
    assert result["files"][0]["k"] == 6 and result["passes"]
    services.publish_version(by=personas.alice, version=version)
    req = services.request_access(
        by=personas.bob,
        dataset=dataset,
        purpose="research",
        purpose_detail="A study of digital skills across both countries.",
        duration_days=10,
    )
    with pytest.raises(ValidationError) as exc:
        services.decide_request(
            by=personas.alice,
            request=req,
            approve=True,
            permitted_uses="x",
            legal_basis_my=LegalBasisMY.NOT_PERSONAL,
            legal_basis_ke=LegalBasisKE.NOT_PERSONAL,
        )
    assert ("legal_basis_my", "legal_basis_required") in codes(exc.value)
    assert not DataSharingAgreement.objects.exists()
    services.decide_request(
        by=personas.alice,
        request=req,
        approve=True,
        permitted_uses="Research only",
        legal_basis_my=LegalBasisMY.CONSENT,
        legal_basis_ke=LegalBasisKE.CONSENT,
    )
    agreement = DataSharingAgreement.objects.get()
    assert agreement.onward_transfer_banned and agreement.breach_notification_hours == 72
    assert (agreement.expires_at - agreement.starts_at).days == 10


@pytest.mark.django_db
def test_access_request_bad_input(hub, personas):
    shared = hub["shared"][0]
    open_ds = hub["open"][0]
    base = {"purpose": "research", "purpose_detail": "A long enough description.", "duration_days": 30}
    cases = [
        (personas.carol, open_ds, {}, (None, "not_restricted")),
        (personas.alice, hub["restricted"][0], {}, (None, "own_dataset")),
        (personas.carol, shared, {"purpose": "spying"}, ("purpose", "invalid_choice")),
        (personas.carol, shared, {"purpose_detail": "short"}, ("purpose_detail", "too_short")),
        (personas.carol, shared, {"duration_days": 5000}, ("duration_days", "out_of_range")),
        (personas.carol, shared, {"organisation": personas.org_b}, ("organisation", "not_member")),
    ]
    from corridor.datahub.models import AccessRequest

    before = AccessRequest.objects.count()
    for user, dataset, change, expected in cases:
        with pytest.raises(ValidationError) as exc:
            services.request_access(by=user, dataset=dataset, **{**base, **change})
        assert expected in codes(exc.value), expected
    assert AccessRequest.objects.count() == before


@pytest.mark.django_db
def test_demo_seed_is_idempotent(personas, media, django_capture_on_commit_callbacks, my, ke):
    from corridor.datahub import demo
    from corridor.orgs.enums import OrgKind
    from tests.factories import OrganisationFactory, UserFactory

    OrganisationFactory(
        name="Fictional Agency", slug="f-agency", country=my, kind=OrgKind.AGENCY, is_fictional=True
    )
    OrganisationFactory(
        name="Fictional Uni", slug="f-uni", country=ke, kind=OrgKind.UNIVERSITY, is_fictional=True
    )
    users = {"secretariat@corridor.demo": personas.secretariat, "professional@corridor.demo": UserFactory()}
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.seed(users=users) == {"created": True}
    assert demo.seed(users=users) == {"created": False}
    assert Dataset.objects.filter(is_fictional=True).count() == 2
    agreement = DataSharingAgreement.objects.get()
    assert agreement.recipient_organisation.name == "Fictional Uni" and agreement.is_valid


@pytest.mark.django_db
def test_indicators_count_real_records(hub, personas, login):
    today = dt.date.today()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    assert indicators.datasets_published(start, end) == {"MY": 4.0, "KE": 0.0, None: 4.0}
    assert indicators.agreements_signed(start, end)[None] == 1.0
    login(personas.bob).get(f"/data/files/{hub['shared'][2].pk}/download/")
    assert indicators.downloads(start, end)[None] == 1.0
    assert indicators.requests_pending(start, end) == {None: 0.0}
    from corridor.council.registry import provider

    assert provider("datahub.agreements").module == "datahub"
