"""Who may do what in the council module. Unpublished material answers "not found" to others."""

from __future__ import annotations

from corridor.core.access import (
    NotFound,
    focal_countries,
    is_council_staff,
    is_focal_point,
    is_secretariat,
    require_council_staff,
    require_secretariat,
)

from .enums import ReviewStatus, ValueStatus
from .models import Commitment, IndicatorValue, Review

__all__ = [
    "NotFound",
    "focal_countries",
    "is_council_staff",
    "is_focal_point",
    "is_secretariat",
    "require_council_staff",
    "require_secretariat",
]


def can_see_value(user, value: IndicatorValue) -> bool:
    """Drafts: own country's focal points and the secretariat. Submitted: also the other country's
    focal points (they validate). Validated: council staff; the public sees values through
    published reviews and the public dashboard only."""
    if is_secretariat(user):
        return True
    countries = focal_countries(user)
    if not countries:
        return False
    if value.status == ValueStatus.DRAFT:
        return value.country_id in countries
    return True


def can_validate(user, value: IndicatorValue) -> bool:
    """Four eyes: the secretariat or the *other* country's focal point, never the submitter."""
    if value.submitted_by_id == getattr(user, "pk", None):
        return False
    if is_secretariat(user):
        return True
    countries = focal_countries(user)
    # A figure for one country is validated by the other; a figure for both (no country) by a
    # focal point of the country that did not submit it.
    own = value.country_id or value.submitter_country_id
    return bool(countries) and own not in countries


def get_review(user, pk) -> Review:
    review = Review.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if review is None:
        raise NotFound
    if review.status != ReviewStatus.PUBLISHED and not is_council_staff(user):
        raise NotFound
    return review


def reviews_visible_to(user):
    qs = Review.objects.all()
    if not is_council_staff(user):
        qs = qs.filter(status=ReviewStatus.PUBLISHED)
    return qs.order_by("-period", "-created_at")


def can_update_commitment(user, commitment: Commitment) -> bool:
    """The secretariat, the commitment's owner, or a focal point of its owner country."""
    if is_secretariat(user):
        return True
    if commitment.owner_user_id and commitment.owner_user_id == getattr(user, "pk", None):
        return True
    return bool(commitment.owner_country_id and commitment.owner_country_id in focal_countries(user))
