"""Council services: four-eyes validation, versioned corrections, reviews frozen on publication."""

import pytest
from django.core.exceptions import ValidationError

from corridor.council import access, services
from corridor.council.models import IndicatorValue, Review
from corridor.council.report import gather
from corridor.orgs.models import Organisation
from tests.factories import OrganisationFactory


def submit(p, indicator, who="focal_ke", country="KE", value=5, period="2026-H1", **kw):
    return services.submit_value(
        by=getattr(p, who),
        indicator=indicator,
        period=period,
        value=value,
        unit=indicator.unit,
        country=country,
        **kw,
    )


def test_focal_point_submits_and_other_country_validates(personas, reported):
    v = submit(personas, reported)
    assert v.status == "submitted" and v.version == 1
    services.validate_value(by=personas.focal_my, value=v)
    v.refresh_from_db()
    assert v.status == "validated" and v.validated_by == personas.focal_my


@pytest.mark.parametrize("who", ["focal_ke"])
def test_nobody_validates_their_own_submission(personas, reported, who):
    v = submit(personas, reported)
    with pytest.raises(ValidationError) as e:
        services.validate_value(by=getattr(personas, who), value=v)
    assert "validated_by" in e.value.message_dict
    v.refresh_from_db()
    assert v.status == "submitted"


def test_focal_point_cannot_validate_own_country_even_if_colleague_submitted(personas, reported):
    v = submit(personas, reported, who="secretariat", country="MY")
    with pytest.raises(ValidationError):
        services.validate_value(by=personas.focal_my, value=v)
    services.validate_value(by=personas.focal_ke, value=v)


def test_secretariat_validates_others_but_not_itself(personas, reported):
    v = submit(personas, reported, who="secretariat", country="KE")
    with pytest.raises(ValidationError):
        services.validate_value(by=personas.secretariat, value=v)
    v2 = submit(personas, reported, who="focal_ke", period="2025-H2")
    services.validate_value(by=personas.secretariat, value=v2)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"period": "2026-Q1"}, "period"),
        ({"period": "2030-H1"}, "period"),
        ({"country": "MY"}, "country"),
        ({"value": "lots"}, "value"),
    ],
)
def test_bad_submissions_name_the_field_and_save_nothing(personas, reported, kwargs, field):
    with pytest.raises(ValidationError) as e:
        submit(personas, reported, **kwargs)
    assert field in e.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_unit_mismatch_is_refused(personas, reported):
    with pytest.raises(ValidationError) as e:
        services.submit_value(
            by=personas.focal_ke, indicator=reported, period="2026-H1", value=3, unit="people", country="KE"
        )
    assert "unit" in e.value.message_dict and not IndicatorValue.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "reviewer"])
def test_non_council_people_cannot_submit(personas, reported, who):
    with pytest.raises(access.NotFound):
        submit(personas, reported, who=who)


def test_correction_adds_a_version_and_supersedes_on_validation(personas, reported):
    v1 = submit(personas, reported, value=5)
    services.validate_value(by=personas.focal_my, value=v1)
    v2 = submit(personas, reported, value=6, note="corrected", reason="Customs revised the count.")
    assert v2.version == 2
    v1.refresh_from_db()
    assert v1.status == "validated" and v1.value == 5  # never overwritten
    services.validate_value(by=personas.focal_my, value=v2)
    v1.refresh_from_db()
    assert v1.status == "superseded"


def test_drafts_are_hidden_from_the_other_country(personas, reported):
    draft = submit(personas, reported, draft=True)
    assert access.can_see_value(personas.focal_ke, draft)
    assert not access.can_see_value(personas.focal_my, draft)
    assert access.can_see_value(personas.secretariat, draft)
    assert not access.can_see_value(personas.alice, draft)
    with pytest.raises(access.NotFound):
        services.validate_value(by=personas.focal_my, value=draft)


def test_automatic_indicator_equals_module_figure(personas, automatic):
    """ORG-01 equals the organisations module's count of published, real organisations per country."""
    Organisation.objects.update(is_fictional=False)
    OrganisationFactory(country_id="KE", is_fictional=True)  # demo orgs are not counted
    review = services.open_review(by=personas.secretariat, period="2026-H2")
    entry = next(i for i in gather(review)["indicators"] if i["code"] == "ORG-01")
    assert (
        entry["values"]["MY"]
        == Organisation.objects.filter(country_id="MY", status="published", is_fictional=False).count()
    )
    assert (
        entry["values"]["KE"]
        == Organisation.objects.filter(country_id="KE", status="published", is_fictional=False).count()
    )


def test_published_snapshot_never_changes(personas, automatic, reported):
    Organisation.objects.update(is_fictional=False)
    v = submit(personas, reported, value=5)
    services.validate_value(by=personas.focal_my, value=v)
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    frozen = Review.objects.get(pk=review.pk).snapshot
    OrganisationFactory(country_id="KE", is_fictional=False)
    v2 = submit(personas, reported, value=9, reason="Corrected after publication.")
    services.validate_value(by=personas.focal_my, value=v2)
    review.refresh_from_db()
    assert review.snapshot == frozen
    sx = next(i for i in review.snapshot["indicators"] if i["code"] == "SX-01")
    assert sx["values"]["KE"] == 5.0


def test_published_review_cannot_change_and_period_is_unique(personas, reported):
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    with pytest.raises(ValidationError):
        services.write_narrative(by=personas.secretariat, review=review, pillar="trade", text="late edit")
    with pytest.raises(ValidationError):
        services.comment_on_review(by=personas.focal_my, review=review, text="late")
    with pytest.raises(ValidationError) as e:
        services.open_review(by=personas.secretariat, period="2026-H1")
    assert "period" in e.value.message_dict


@pytest.mark.parametrize("who", ["focal_my", "alice"])
def test_only_secretariat_opens_and_publishes(personas, who):
    with pytest.raises(access.NotFound):
        services.open_review(by=getattr(personas, who), period="2026-H1")


def test_pdf_contains_the_indicator_table(personas, reported):
    from io import BytesIO

    from pypdf import PdfReader

    v = submit(personas, reported, value=7)
    services.validate_value(by=personas.focal_my, value=v)
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    review.refresh_from_db()
    assert review.pdf and review.pdf_render_seconds is not None
    with review.pdf.open("rb") as fh:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(fh.read())).pages)
    assert "Indicator table" in text and "SX-01" in text and "Startups exchanged" in text


def test_overdue_commitments_are_flagged_and_owners_reminded(personas, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core import mail

    c = services.create_commitment(
        by=personas.secretariat,
        code="C-9",
        title="Talent mobility agreement",
        pillar="talent",
        due_date=dt.date(2026, 1, 1),
        owner_country="KE",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.remind_overdue(today=dt.date(2026, 3, 1))
    c.refresh_from_db()
    assert c.status == "late" and sent == 1
    assert personas.focal_ke.notifications.filter(text__contains="C-9").exists()
    # the owner country's focal point (and nobody else) is e-mailed once, about this commitment
    assert [m.to for m in mail.outbox] == [["focal.ke@example.org"]]
    assert "C-9" in mail.outbox[0].subject and "Talent mobility agreement" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_overdue(today=dt.date(2026, 3, 2)) == 0  # not again within a week
    assert len(mail.outbox) == 1
