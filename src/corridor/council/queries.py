"""Every read the council's pages need, with their joins built in. Views hold no ORM queries."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from corridor.core.runs import RunStatus

from . import access
from .enums import CommitmentStatus, ReviewStatus, ValueStatus
from .models import (
    Commitment,
    CouncilMeeting,
    CouncilMember,
    Indicator,
    IndicatorValue,
    Review,
    ReviewPdfRun,
)


def active_members():
    return CouncilMember.objects.filter(is_active=True).select_related("country", "organisation")


def recent_meetings(limit: int = 5):
    return CouncilMeeting.objects.prefetch_related("decisions")[:limit]


def commitments(*, pillar: str = "", status: str = "", overdue_ids=None):
    """Commitments, filtered by pillar and status, and to ``overdue_ids`` (a queryset of pks) when given."""
    qs = Commitment.objects.select_related("owner_country", "owner_organisation").prefetch_related("evidence")
    if pillar:
        qs = qs.filter(pillar=pillar)
    if status:
        qs = qs.filter(status=status)
    if overdue_ids is not None:
        qs = qs.filter(pk__in=overdue_ids)
    return qs


def get_commitment(code: str) -> Commitment:
    commitment = (
        Commitment.objects.select_related("owner_country", "owner_organisation", "decision__meeting")
        .filter(code=code)
        .first()
    )
    if commitment is None:
        raise access.NotFound
    return commitment


def evidence_of(commitment: Commitment):
    return commitment.evidence.all()


def indicators_for(user):
    """Every indicator for council staff; the public ones for everyone else."""
    return (
        Indicator.objects.all() if access.is_council_staff(user) else Indicator.objects.filter(is_public=True)
    )


def get_indicator(user, code: str) -> Indicator:
    """An indicator by code; a non-public one answers "not found" to everyone but council staff."""
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None or not (indicator.is_public or access.is_council_staff(user)):
        raise access.NotFound
    return indicator


def indicator_by_code(code) -> Indicator:
    """Any indicator by code (callers check who may act on it), or "not found"."""
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise access.NotFound
    return indicator


def values_for_api(user):
    """Reported values a user may list: all for the secretariat; for a focal point, everything
    submitted plus their own country's drafts; nothing for anyone else."""
    from django.db.models import Q

    qs = IndicatorValue.objects.select_related(
        "indicator", "country", "submitted_by", "validated_by"
    ).order_by("indicator__code", "period", "country_id", "-version")
    if access.is_secretariat(user):
        return qs
    countries = access.focal_countries(user)
    if not countries:
        return qs.none()
    return qs.filter(~Q(status=ValueStatus.DRAFT) | Q(country_id__in=countries))


def get_public_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code, is_public=True).first()
    if indicator is None:
        raise access.NotFound
    return indicator


def values_visible_to(user, indicator: Indicator) -> list[IndicatorValue]:
    rows = IndicatorValue.objects.filter(indicator=indicator).select_related(
        "country", "submitted_by", "validated_by"
    )
    return [v for v in rows if access.can_see_value(user, v)]


def published_reviews():
    return Review.objects.filter(status=ReviewStatus.PUBLISHED)


def published_series(code: str) -> list[dict]:
    """The indicator's values as frozen in published reviews, oldest first."""
    rows = []
    for review in published_reviews().order_by("period"):
        for entry in (review.snapshot or {}).get("indicators", []):
            if entry["code"] == code:
                rows.append(
                    {
                        "period": review.period,
                        "value": entry["value"],
                        "status": entry["status"],
                        "review": review,
                    }
                )
    return rows


def validation_queue(user):
    """Submitted values ``user`` may validate (four eyes: never their own or their country's)."""
    qs = IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED).select_related(
        "indicator", "country", "submitted_by"
    )
    qs = qs.exclude(submitted_by=user)
    if access.is_secretariat(user):
        return qs
    countries = access.focal_countries(user)
    return qs.exclude(country_id__in=countries).exclude(
        country__isnull=True, submitter_country_id__in=countries
    )


def get_value(user, pk) -> IndicatorValue:
    value = (
        IndicatorValue.objects.select_related("indicator").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if value is None or not access.can_see_value(user, value):
        raise access.NotFound
    return value


def other_published_reviews(user, review: Review):
    return access.reviews_visible_to(user).exclude(pk=review.pk).filter(status=ReviewStatus.PUBLISHED)


def public_dashboard() -> dict:
    """The latest published review and its public indicators."""
    latest = published_reviews().order_by("-period").first()
    entries = []
    if latest:
        public = set(Indicator.objects.filter(is_public=True).values_list("code", flat=True))
        entries = [i for i in latest.snapshot["indicators"] if i["code"] in public]
    return {"latest": latest, "entries": entries}


def overdue_commitments(today: dt.date | None = None):
    today = today or timezone.localdate()
    return (
        Commitment.objects.filter(due_date__lt=today)
        .exclude(status=CommitmentStatus.DONE)
        .select_related("owner_user", "owner_country")
    )


def draft_pdf_run(review: Review, language: str) -> ReviewPdfRun | None:
    """The latest draft-PDF run of an open review in a language (its bytes not loaded)."""
    return (
        ReviewPdfRun.objects.filter(review=review, language=language)
        .defer("pdf_data")
        .order_by("-created_at", "-id")
        .first()
    )


def draft_pdf_bytes(review: Review, language: str, data: dict | None = None) -> bytes | None:
    """The drawn PDF of an open review if it still shows the review's current figures (``data``:
    those figures, if already gathered in ``language``)."""
    from .report import current_fingerprint

    run = (
        ReviewPdfRun.objects.filter(
            review=review,
            language=language,
            status=RunStatus.DONE,
            fingerprint=current_fingerprint(review, language, data),
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return bytes(run.pdf_data) if run is not None and run.pdf_data is not None else None
