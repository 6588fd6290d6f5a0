"""Access helpers: the one place that decides who may see or change an organisation or posting.

Like zulip's access helpers, a record the user may not see raises the same ``NotFound`` as a
record that does not exist, so a guessed id or slug leaks nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from corridor.core.access import NotFound, is_secretariat

from .enums import TRUSTED_KINDS, MemberRole, OrgStatus, PostingStatus, VerificationStatus
from .models import Membership, Organisation, Posting

__all__ = [
    "NotFound",
    "can_act_for",
    "can_act_with_rights",
    "has_conferred_rights",
    "membership_of",
    "require_act_for",
]


def membership_of(user, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        # no ordering: the default one (by organisation name) joins two tables for a look-up table
        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user).order_by()}
        user._membership_cache = cache
    return cache.get(organisation.pk)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return (
        organisation.status == OrgStatus.PUBLISHED
        or is_secretariat(user)
        or membership_of(user, organisation) is not None
    )


def can_act_for(user, organisation: Organisation) -> bool:
    """Acting for an organisation (editing its records, applying, posting, ranking in its name)
    needs its owner or admin role; the secretariat may act for any organisation."""
    if is_secretariat(user):
        return True
    m = membership_of(user, organisation)
    return m is not None and m.role in (MemberRole.OWNER, MemberRole.ADMIN)


def has_conferred_rights(organisation: Organisation | None, kind: str | None = None) -> bool:
    """Trust is not self-declared: an organisation of a rights-conferring kind (agency, hub,
    university, investor) has those rights only once the secretariat has verified it."""
    if organisation is None:
        return False
    if kind is not None and organisation.kind != kind:
        return False
    return (
        organisation.kind in TRUSTED_KINDS and organisation.verification_status == VerificationStatus.VERIFIED
    )


def can_act_with_rights(user, organisation: Organisation | None, kind: str | None = None) -> bool:
    """Owner/admin of a verified organisation of a trusted kind (``kind`` when given), or the
    secretariat."""
    if is_secretariat(user):
        return True
    return (
        organisation is not None
        and has_conferred_rights(organisation, kind)
        and can_act_for(user, organisation)
    )


def require_act_for(user, organisation: Organisation) -> None:
    """Owner/admin of ``organisation`` (or the secretariat), else "forbidden"."""
    if not can_act_for(user, organisation):
        raise PermissionDenied


def acting_organisation_ids(user) -> set[int]:
    """Primary keys of the organisations the user may act for (owner/admin memberships)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=(MemberRole.OWNER, MemberRole.ADMIN))
        .order_by()  # a set: the default ordering would join the organisations and users tables
        .values_list("organisation_id", flat=True)
    )


def can_see_drafts(user, organisation: Organisation) -> bool:
    return is_secretariat(user) or membership_of(user, organisation) is not None


def can_view_posting(user, posting: Posting) -> bool:
    org = posting.organisation
    if can_see_drafts(user, org):
        return True
    return (
        org.status == OrgStatus.PUBLISHED
        and posting.status == PostingStatus.PUBLISHED
        and not posting.is_expired
    )


def get_organisation(
    user, *, slug: str | None = None, pk: int | None = None, for_admin: bool = False
) -> Organisation:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    try:
        org = Organisation.objects.select_related("country").get(**lookup)
    except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    allowed = can_act_for(user, org) if for_admin else can_view_organisation(user, org)
    if not allowed:
        raise NotFound
    return org


def get_posting(user, *, pk, for_admin: bool = False) -> Posting:
    try:
        posting = Posting.objects.select_related(
            "organisation", "organisation__country", "sector", "target_country"
        ).get(pk=pk)
    except (Posting.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    allowed = can_act_for(user, posting.organisation) if for_admin else can_view_posting(user, posting)
    if not allowed:
        raise NotFound
    return posting
