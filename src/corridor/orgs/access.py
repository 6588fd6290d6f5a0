"""Access helpers: the one place that decides who may see or change an organisation or posting.

Like zulip's access helpers, a record the user may not see raises the same ``NotFound`` as a
record that does not exist, so a guessed id or slug leaks nothing.
"""

from __future__ import annotations

from django.http import Http404

from .enums import MemberRole, OrgStatus, PostingStatus
from .models import Membership, Organisation, Posting


class NotFound(Http404):
    """Raised for missing *and* forbidden records alike."""


def is_staff_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.is_secretariat))


def membership_of(user, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        user._membership_cache = cache
    return cache.get(organisation.pk)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return (
        organisation.status == OrgStatus.PUBLISHED
        or is_staff_user(user)
        or membership_of(user, organisation) is not None
    )


def can_admin_organisation(user, organisation: Organisation) -> bool:
    if is_staff_user(user):
        return True
    m = membership_of(user, organisation)
    return m is not None and m.role in (MemberRole.OWNER, MemberRole.ADMIN)


def can_see_drafts(user, organisation: Organisation) -> bool:
    return is_staff_user(user) or membership_of(user, organisation) is not None


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
    allowed = can_admin_organisation(user, org) if for_admin else can_view_organisation(user, org)
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
    allowed = (
        can_admin_organisation(user, posting.organisation) if for_admin else can_view_posting(user, posting)
    )
    if not allowed:
        raise NotFound
    return posting
