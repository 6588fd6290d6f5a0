"""Services: reviews."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.core.notifications import notify

from .. import access
from ..enums import (
    ProposalStatus,
)
from ..models import (
    Assignment,
    Conflict,
    Proposal,
    Review,
)
from ._common import log

# --------------------------------------------------------------------------------- reviews


def submit_review(
    *,
    by,
    proposal: Proposal,
    scores: dict,
    comments_for_applicants: str = "",
    confidential_comments: str = "",
    now: dt.datetime | None = None,
) -> Review:
    """Score every criterion on the call's scale. Only the assigned, non-conflicted reviewer may,
    and only before the review deadline; resubmitting before the deadline replaces the scores."""
    now = now or timezone.now()
    reviewer = access.reviewer_of(by)
    assignment = (
        Assignment.objects.filter(proposal=proposal, reviewer=reviewer)
        .select_related("proposal__call")
        .first()
        if reviewer
        else None
    )
    if assignment is None or Conflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise access.NotFound
    call = assignment.proposal.call
    if call.review_deadline and now > call.review_deadline:
        raise invalid("scores", _("The review deadline has passed."), code="review_deadline_passed")
    criteria = list(call.criteria.all())
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for c in criteria:
        raw = scores.get(str(c.pk), scores.get(c.pk))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"criterion_{c.pk}"] = _("Score %(c)s from 1 to %(n)s.") % {
                "c": c.name,
                "n": call.score_scale,
            }
            continue
        if not 1 <= value <= call.score_scale:
            errors[f"criterion_{c.pk}"] = _("Score %(c)s from 1 to %(n)s.") % {
                "c": c.name,
                "n": call.score_scale,
            }
        clean[str(c.pk)] = value
    if errors:
        raise fields_invalid(errors)
    weights = sum(float(c.weight) for c in criteria) or 1.0
    total = sum(float(c.weight) * clean[str(c.pk)] for c in criteria) / weights
    with transaction.atomic(), acting_as(by):
        review, _created = Review.objects.update_or_create(
            assignment=assignment,
            defaults={
                "scores": clean,
                "total": round(total, 4),
                "comments_for_applicants": comments_for_applicants,
                "confidential_comments": confidential_comments,
                "submitted_at": now,
            },
        )
        log(proposal, by, "review submitted")
    return review


def remind_reviewers(*, now: dt.datetime | None = None, within: dt.timedelta = dt.timedelta(days=3)) -> int:
    """Remind reviewers with unsubmitted reviews whose deadline falls within ``within``."""
    now = now or timezone.now()
    pending = (
        Assignment.objects.filter(
            proposal__call__review_deadline__gt=now,
            proposal__call__review_deadline__lte=now + within,
            proposal__status=ProposalStatus.SUBMITTED,
        )
        .filter(review__isnull=True)
        .select_related("reviewer__user", "proposal__call")
    )
    n = 0
    for a in pending:
        with transaction.atomic():
            notify(
                user=a.reviewer.user,
                text=lambda a=a: _("Reminder: your review of “%(t)s” is due") % {"t": a.proposal.title},
                url=a.proposal.get_absolute_url(),
            )
            log(a.proposal, None, "reminder sent")
        n += 1
    return n
