"""Council operations. Every write: actor ``by``, permission check, validation naming the field,
one transaction, audit entry; reminders and notices go out on commit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.enums import Pillar
from corridor.core.errors import StaleEdit, check_decimal, check_year, fields_invalid, invalid
from corridor.core.models import Country
from corridor.core.notifications import notify
from corridor.core.runs import RunStatus, execute_run
from corridor.engines.results import HalfYear

from . import access
from .enums import CommitmentStatus, IndicatorSource, MemberRole, ReviewStatus, ValueStatus
from .models import (
    Commitment,
    CouncilMeeting,
    CouncilMember,
    Decision,
    Evidence,
    Indicator,
    IndicatorValue,
    Review,
    ReviewComment,
    ReviewNarrative,
    ReviewPdfRun,
)
from .queries import overdue_commitments


def parse_period(text: str, *, field: str = "period") -> HalfYear:
    try:
        half = HalfYear.parse(text or "")
    except ValueError as exc:
        raise invalid(
            field,
            _("Enter a half-year period such as 2026-H1 (indicators are reported every half-year)."),
            code="enter_half_year_period",
        ) from exc
    check_year(half.year, field=field)
    return half


#: Reported values: the field holds 20 digits with 4 places; 15 digits before the point keep every
#: value exact on SQLite too (it stores decimals as 8-byte floats).
VALUE_DIGITS = {"max_digits": 19, "decimal_places": 4}


# ---- members, meetings, decisions ----


def add_member(
    *,
    by,
    name: str,
    country: str,
    role: str = MemberRole.MEMBER,
    title: str = "",
    organisation=None,
    user=None,
) -> CouncilMember:
    access.require_secretariat(by)
    if role not in MemberRole.values:
        raise invalid("role", _("Choose co-chair, member or observer."), code="choose_co_chair_member")
    country_obj = Country.objects.filter(code=str(country).upper()).first()
    if country_obj is None:
        raise invalid("country", _("Unknown country."), code="unknown_country")
    with transaction.atomic(), acting_as(by):
        return CouncilMember.objects.create(
            name=name, country=country_obj, role=role, title=title, organisation=organisation, user=user
        )


def record_meeting(
    *, by, title: str, held_on: dt.date, location: str = "", agenda: str = "", minutes: str = ""
) -> CouncilMeeting:
    access.require_secretariat(by)
    if not title.strip():
        raise invalid("title", _("This field is required."), code="field_required")
    with transaction.atomic(), acting_as(by):
        return CouncilMeeting.objects.create(
            title=title, held_on=held_on, location=location, agenda=agenda, minutes=minutes
        )


def record_decision(
    *, by, meeting: CouncilMeeting, number: str, text: str, commitment: dict | None = None
) -> Decision:
    """Record a decision; with ``commitment`` (code, title, pillar, due_date, owner_country…) it creates one."""
    access.require_secretariat(by)
    if not text.strip():
        raise invalid("text", _("This field is required."), code="field_required")
    if Decision.objects.filter(meeting=meeting, number=number).exists():
        raise invalid(
            "number",
            _("This meeting already has a decision with that number."),
            code="meeting_decision_number",
        )
    with transaction.atomic(), acting_as(by):
        decision = Decision.objects.create(meeting=meeting, number=number, text=text)
        if commitment:
            create_commitment(by=by, decision=decision, **commitment)
    return decision


# ---- commitments ----


def create_commitment(
    *,
    by,
    code: str,
    title: str,
    pillar: str,
    due_date: dt.date | None = None,
    description: str = "",
    owner_country: str | None = None,
    owner_organisation=None,
    owner_user=None,
    decision: Decision | None = None,
    status: str = CommitmentStatus.NOT_STARTED,
) -> Commitment:
    access.require_secretariat(by)
    errors = {}
    if not code.strip():
        errors["code"] = _("This field is required.")
    elif Commitment.objects.filter(code=code).exists():
        errors["code"] = _("A commitment with this code exists.")
    if not title.strip():
        errors["title"] = _("This field is required.")
    if pillar not in Pillar.values:
        errors["pillar"] = _("Unknown pillar.")
    if status not in CommitmentStatus.values:
        errors["status"] = _("Unknown status.")
    country = None
    if owner_country:
        country = Country.objects.filter(code=str(owner_country).upper()).first()
        if country is None:
            errors["owner_country"] = _("Unknown country.")
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        return Commitment.objects.create(
            code=code,
            title=title,
            pillar=pillar,
            due_date=due_date,
            description=description,
            owner_country=country,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            decision=decision,
            status=status,
        )


def update_commitment_status(*, commitment: Commitment, by, status: str) -> Commitment:
    if not access.can_update_commitment(by, commitment):
        raise access.NotFound
    if status not in CommitmentStatus.values:
        raise invalid("status", _("Unknown status."), code="unknown_status")
    with transaction.atomic(), acting_as(by):
        commitment.status = status
        commitment.save(update_fields=["status", "updated_at"])
    return commitment


def add_evidence(*, commitment: Commitment, by, title: str, url: str = "", kind: str = "link") -> Evidence:
    if not access.can_update_commitment(by, commitment):
        raise access.NotFound
    from django.core.validators import URLValidator

    errors = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            if not url.startswith("/"):
                errors["url"] = _("Enter a link starting with https:// or a platform path starting with /.")
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        return Evidence.objects.create(commitment=commitment, title=title, url=url, kind=kind, added_by=by)


def remind_overdue(*, today: dt.date | None = None, min_days_between: int = 7) -> int:
    """Flag overdue commitments as late and remind their owners (at most once a week each)."""
    from corridor.core.models import User

    now = timezone.now()
    sent = 0
    for c in overdue_commitments(today):
        if c.last_reminded_at and (now - c.last_reminded_at).days < min_days_between:
            continue
        recipients = [c.owner_user] if c.owner_user else []
        if not recipients and c.owner_country_id:
            recipients = list(
                User.objects.filter(roles__role="focal_point", roles__country_id=c.owner_country_id)
            )
        with transaction.atomic():
            if c.status != CommitmentStatus.LATE:
                c.status = CommitmentStatus.LATE
            c.last_reminded_at = now
            c.save(update_fields=["status", "last_reminded_at", "updated_at"])
            for user in recipients:
                notify(
                    user=user,
                    url=c.get_absolute_url(),
                    text=lambda c=c: (
                        _("Commitment %(code)s “%(title)s” was due on %(due)s and is not done.")
                        % {"code": c.code, "title": c.title, "due": c.due_date}
                    ),
                )
                sent += 1
    return sent


# ---- indicators and values ----


def save_indicator(*, by, instance: Indicator | None = None, **fields) -> Indicator:
    access.require_secretariat(by)
    from .registry import provider

    if fields.get("source") == IndicatorSource.AUTOMATIC and not provider(fields.get("provider_code", "")):
        raise invalid(
            "provider_code",
            _("No module provides an indicator with this code."),
            code="module_provides_indicator_code",
        )
    for name in ("baseline_value", "target_value"):
        if fields.get(name) not in (None, ""):
            fields[name] = check_decimal(fields[name], field=name, **VALUE_DIGITS)
    obj = instance or Indicator()
    for k, v in fields.items():
        setattr(obj, k, v)
    try:
        obj.full_clean()
    except ValidationError:
        raise
    with transaction.atomic(), acting_as(by):
        obj.save()
    return obj


def submit_value(
    *,
    by,
    indicator: Indicator,
    period: str,
    value,
    unit: str,
    country: str | None = None,
    evidence: str = "",
    note: str = "",
    draft: bool = False,
    reason: str = "",
) -> IndicatorValue:
    """A focal point reports a value for their country and half-year (a new version if one exists).

    When a value for that half-year and country is already validated (by the other country's focal
    point or the secretariat), the new version would supersede it once validated: that needs a
    ``reason`` (``reason_required``), stored at the head of the version's note so the history
    shows why."""
    if not access.is_council_staff(by):
        raise access.NotFound
    errors: dict = {}
    half = None
    try:
        half = parse_period(period)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if indicator.source != IndicatorSource.REPORTED:
        errors["indicator"] = _("This indicator is computed by the platform; it is not reported by hand.")
    if (unit or "").strip() != indicator.unit:
        errors["unit"] = _("The unit must be %(unit)s, the indicator's unit.") % {"unit": indicator.unit}
    try:
        amount = check_decimal(value, field="value", **VALUE_DIGITS)
    except ValidationError as exc:
        errors["value"] = exc.error_dict["value"]
        amount = None
    country_code = (country or "").upper() or None
    if indicator.by_country and not country_code:
        errors["country"] = _("This indicator is reported per country.")
    if country_code and not access.is_secretariat(by) and country_code not in access.focal_countries(by):
        errors["country"] = _("You can only report figures for your own country.")
    if half and half.start > timezone.localdate():
        errors["period"] = _("This half-year has not started yet.")
    if errors:
        raise fields_invalid(errors)
    country_obj = Country.objects.get(code=country_code) if country_code else None
    with transaction.atomic(), acting_as(by):
        latest = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, period=str(half), country=country_obj)
            .aggregate(v=Max("version"))["v"]
            or 0
        )
        validated = (
            IndicatorValue.objects.filter(
                indicator=indicator, period=str(half), country=country_obj, status=ValueStatus.VALIDATED
            )
            .select_related("validated_by")
            .first()
        )
        if validated is not None and not (reason or "").strip():
            raise invalid(
                "reason",
                _(
                    "The %(period)s figure (version %(v)s) is already validated by %(who)s; yours would replace "
                    "it. Say why."
                )
                % {"period": str(half), "v": validated.version, "who": validated.validated_by or "—"},
                code="reason_required",
            )
        if validated is not None:
            note = "\n\n".join(t for t in ((reason or "").strip(), (note or "").strip()) if t)
        try:
            obj = IndicatorValue.objects.create(
                indicator=indicator,
                period=str(half),
                country=country_obj,
                value=amount,
                unit=indicator.unit,
                version=latest + 1,
                submitter_country_id=(sorted(access.focal_countries(by)) or [None])[0],
                status=ValueStatus.DRAFT if draft else ValueStatus.SUBMITTED,
                evidence=evidence,
                note=note,
                submitted_by=by,
            )
        except IntegrityError as exc:
            raise invalid(
                "value",
                _("Someone submitted a value at the same moment; reload and try again."),
                code="someone_submitted_value_same",
            ) from exc
    return obj


def submit_draft(*, by, value: IndicatorValue) -> IndicatorValue:
    if value.submitted_by_id != by.pk and not access.is_secretariat(by):
        raise access.NotFound
    if value.status != ValueStatus.DRAFT:
        raise invalid("status", _("Only a draft can be submitted."), code="draft_submitted")
    with transaction.atomic(), acting_as(by):
        value.status = ValueStatus.SUBMITTED
        value.save(update_fields=["status", "updated_at"])
    return value


def validate_value(*, by, value: IndicatorValue, approve: bool = True, note: str = "") -> IndicatorValue:
    """Four eyes: the other country's focal point or the secretariat accepts or rejects a submission."""
    if not access.can_see_value(by, value):
        raise access.NotFound
    if not access.can_validate(by, value):
        raise invalid(
            "validated_by",
            _(
                "Nobody validates their own submission or their own country's figures; the other country's focal point or the secretariat does."
            ),
            code="nobody_validates_own_submission",
        )
    if value.status != ValueStatus.SUBMITTED:
        raise invalid(
            "status", _("Only a submitted value can be validated."), code="submitted_value_validated"
        )
    if not approve and not note.strip():
        raise invalid("review_note", _("Say why the value is rejected."), code="say_why_value_rejected")
    with transaction.atomic(), acting_as(by):
        # Row lock and re-check: of two people approving and rejecting at once, the second sees
        # the first's decision and is told so (409 on the API), never a 500 or a double decision.
        current = IndicatorValue.objects.select_for_update().values_list("status", flat=True).get(pk=value.pk)
        if current != ValueStatus.SUBMITTED:
            raise StaleEdit(
                {
                    "status": [
                        ValidationError(
                            _("Someone else has already decided on this value; reload the page."),
                            code="value_already_decided",
                        )
                    ]
                }
            )
        value.status = ValueStatus.VALIDATED if approve else ValueStatus.REJECTED
        value.validated_by = by
        value.validated_at = timezone.now()
        value.review_note = note
        value.save(update_fields=["status", "validated_by", "validated_at", "review_note", "updated_at"])
        if approve:
            IndicatorValue.objects.filter(
                indicator=value.indicator,
                period=value.period,
                country=value.country,
                status=ValueStatus.VALIDATED,
                version__lt=value.version,
            ).update(status=ValueStatus.SUPERSEDED)
        if value.submitted_by:
            notify(
                user=value.submitted_by,
                url=value.indicator.get_absolute_url(),
                text=lambda: (
                    (
                        _("Your %(code)s figure for %(period)s was validated.")
                        if approve
                        else _("Your %(code)s figure for %(period)s was rejected: %(note)s")
                    )
                    % {"code": value.indicator.code, "period": value.period, "note": note}
                ),
            )
    return value


# ---- reviews ----


def open_review(*, by, period: str, title: str = "") -> Review:
    access.require_secretariat(by)
    half = parse_period(period)
    if Review.objects.filter(period=str(half), status=ReviewStatus.PUBLISHED).exists():
        raise invalid(
            "period", _("A review for %(p)s is already published.") % {"p": half}, code="review_published"
        )
    if Review.objects.filter(period=str(half), status=ReviewStatus.OPEN).exists():
        raise invalid("period", _("A review for %(p)s is already open.") % {"p": half}, code="review_open")
    with transaction.atomic(), acting_as(by):
        return Review.objects.create(
            period=str(half), title=title or _("Biannual review %(p)s") % {"p": half}, opened_by=by
        )


def _require_open(review: Review) -> None:
    """Checked against the database, not the caller's copy, so a stale object cannot edit a published review."""
    if (
        review.status == ReviewStatus.PUBLISHED
        or Review.objects.filter(pk=review.pk, status=ReviewStatus.PUBLISHED).exists()
    ):
        raise invalid(
            "status",
            _("This review is published; it can no longer change."),
            code="review_published_longer_change",
        )


def write_narrative(*, by, review: Review, pillar: str, text: str) -> ReviewNarrative:
    access.require_secretariat(by)
    _require_open(review)
    if pillar not in Pillar.values:
        raise invalid("pillar", _("Unknown pillar."), code="unknown_pillar")
    with transaction.atomic(), acting_as(by):
        obj, _created = ReviewNarrative.objects.update_or_create(
            review=review, pillar=pillar, defaults={"text": text, "written_by": by}
        )
    return obj


def comment_on_review(*, by, review: Review, text: str) -> ReviewComment:
    access.require_council_staff(by)
    _require_open(review)
    if not text.strip():
        raise invalid("text", _("This field is required."), code="field_required")
    countries = sorted(access.focal_countries(by))
    with transaction.atomic(), acting_as(by):
        return ReviewComment.objects.create(
            review=review, author=by, text=text, country_id=countries[0] if countries else None
        )


def publish_review(*, by, review: Review) -> Review:
    """Freeze the review: store the gathered figures as an immutable snapshot and render the PDF."""
    from .report import gather, render_pdf

    access.require_secretariat(by)
    _require_open(review)
    if (
        Review.objects.filter(period=review.period, status=ReviewStatus.PUBLISHED)
        .exclude(pk=review.pk)
        .exists()
    ):
        raise invalid(
            "period", _("A review for this period is already published."), code="review_period_published"
        )
    with transaction.atomic(), acting_as(by):
        review = Review.objects.select_for_update().get(pk=review.pk)
        _require_open(review)
        review.snapshot = gather(review, public_only=True)
        review.status = ReviewStatus.PUBLISHED
        review.published_at = timezone.now()
        review.published_by = by
        review.save()
        render_pdf(review)
    return review


def check_draft_pdf(*, by, review: Review, language: str = "") -> str:
    """May ``by`` ask for (or read) ``review``'s draft PDF in ``language``? Council staff, open
    reviews, the platform's languages (blank: the active one). Returns the language."""
    access.require_council_staff(by)
    if review.is_published or Review.objects.filter(pk=review.pk, status=ReviewStatus.PUBLISHED).exists():
        raise invalid(
            None, _("This review is published: its PDF is ready to download."), code="review_published"
        )
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise invalid("language", _("Choose one of the platform's languages."), code="language_unknown")
    return language


def request_draft_pdf(*, by, review: Review, language: str = "") -> ReviewPdfRun:
    """Ask for an open review's PDF in ``language`` (default: the caller's). Council staff only.

    Returns the run that will give it: one already under way, or a finished one that still shows
    the review's current figures, or a new run queued for a worker."""
    from .report import current_fingerprint

    language = check_draft_pdf(by=by, review=review, language=language)
    runs = ReviewPdfRun.objects.filter(review=review, language=language)
    active = runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if active is not None:
        return active
    done = runs.filter(status=RunStatus.DONE, fingerprint=current_fingerprint(review, language)).first()
    if done is not None:
        return done
    with transaction.atomic():
        run = ReviewPdfRun.objects.create(review=review, language=language, actor=by)
        from .tasks import draft_pdf_task

        transaction.on_commit(lambda: draft_pdf_task.delay(run.pk))
    return run


def run_draft_pdf(run_id: int) -> ReviewPdfRun:
    """Draw the PDF of a queued draft run (in a worker): gather the figures, fingerprint them,
    draw, keep the bytes; older finished runs of the same review and language are dropped."""
    from .report import fingerprint, gather, pdf_bytes

    run = ReviewPdfRun.objects.select_related("review").get(pk=run_id)

    def work(run, progress):
        with translation.override(run.language):
            progress(0.05, _("Gathering the figures"))
            data = gather(run.review)
            run.fingerprint = fingerprint(data, run.language)
            pdf = pdf_bytes(run.review, data, progress)
            progress(0.95, _("Saving the PDF"))
        run.pdf_data = pdf
        run.pdf_size = len(pdf)

    execute_run(run, work)
    if run.is_done:
        ReviewPdfRun.objects.filter(
            review=run.review, language=run.language, status__in=[RunStatus.DONE, RunStatus.FAILED]
        ).exclude(pk=run.pk).delete()
    return run
