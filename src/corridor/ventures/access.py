"""Who may see and change ventures and pledges, built on the core and orgs access helpers.

* A venture is public once past the idea stage unless it is confidential; ideas and confidential
  ventures are seen only by members of the participating organisations and council staff.
* Changing a venture needs ``can_act_for`` one of its organisations (or the secretariat).
* Pledges are public announcements; recording or changing one needs ``can_act_for`` the pledging
  organisation (or the secretariat).
Hidden answers like missing (``NotFound``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from corridor.core.access import NotFound, is_authenticated, is_council_staff, is_secretariat
from corridor.orgs.access import can_act_for
from corridor.orgs.models import Membership

from .enums import Stage
from .models import Pledge, Venture

__all__ = [
    "NotFound",
    "can_edit_venture",
    "can_see_origin",
    "can_view_venture",
    "visible_ventures_filter",
]


def member_org_ids(user) -> set[int]:
    if not is_authenticated(user):
        return set()
    cache = getattr(user, "_venture_member_orgs", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user).order_by().values_list("organisation_id", flat=True))
        user._venture_member_orgs = cache
    return cache


def visible_ventures_filter(user) -> Q:
    """A filter for the ventures ``user`` may see."""
    if is_council_staff(user):
        return Q()
    public = Q(is_confidential=False) & ~Q(stage=Stage.IDEA)
    orgs = member_org_ids(user)
    if orgs:
        return public | Q(parties__organisation_id__in=orgs)
    return public


def party_org_ids(venture: Venture) -> set[int]:
    return {p.organisation_id for p in venture.parties.all()}


def is_party_member(user, venture: Venture) -> bool:
    return bool(member_org_ids(user) & party_org_ids(venture))


def can_view_venture(user, venture: Venture) -> bool:
    if is_council_staff(user) or is_party_member(user, venture):
        return True
    return not venture.is_confidential and venture.stage != Stage.IDEA


def can_edit_venture(user, venture: Venture) -> bool:
    if is_secretariat(user):
        return True
    return any(can_act_for(user, p.organisation) for p in venture.parties.all())


def require_edit_venture(user, venture: Venture) -> None:
    if not can_view_venture(user, venture):
        raise NotFound
    if not can_edit_venture(user, venture):
        raise PermissionDenied


def get_venture(user, pk) -> Venture:
    try:
        venture = (
            Venture.objects.select_related("sector", "expected_currency", "committed_currency")
            .prefetch_related("parties__organisation__country")
            .get(pk=pk)
        )
    except (Venture.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not can_view_venture(user, venture):
        raise NotFound
    return venture


def can_see_origin(user, kind: str, record) -> bool:
    """May ``user`` name ``record`` (a meeting, award, placement or recommendation) as a
    venture's origin? Council staff may; anyone else must belong to one of its organisations
    (for a recommendation: the organisation it was made for)."""
    from .enums import OriginKind
    from .origins import origin_org_ids

    if record is None or not is_authenticated(user):
        return False
    if is_council_staff(user):
        return True
    if kind == OriginKind.RECOMMENDATION:  # suggested to one organisation: its members see it
        return record.organisation_id in member_org_ids(user)
    return bool(member_org_ids(user) & origin_org_ids(kind, record))


def can_edit_pledge(user, pledge: Pledge) -> bool:
    return is_secretariat(user) or can_act_for(user, pledge.organisation)


def get_pledge(pk) -> Pledge:
    try:
        return (
            Pledge.objects.select_related("organisation__country", "target_country", "sector", "currency")
            .prefetch_related("disbursements")
            .get(pk=pk)
        )
    except (Pledge.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
