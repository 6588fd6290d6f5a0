"""The access core every module builds on.

One place decides the roles the whole platform shares: the secretariat (or a superuser), the
country focal points, and acting for an organisation (its owner or admin). Each module's
``access.py`` builds its own rules from these predicates.

Like zulip's access helpers, a record the user may not see raises the same ``NotFound`` as a
record that does not exist, so a guessed id or slug leaks nothing. ``require_*`` helpers raise
``NotFound`` for things whose existence is itself private and ``PermissionDenied`` where the
record is visible but the action is not allowed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """Raised for missing *and* forbidden records alike."""


def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_secretariat(user) -> bool:
    """The council secretariat, or a superuser (who can do everything the secretariat does)."""
    return is_authenticated(user) and bool(user.is_superuser or user.is_secretariat)


def focal_countries(user) -> set[str]:
    """ISO alpha-2 codes of the countries the user is a focal point for (empty for others)."""
    if not is_authenticated(user):
        return set()
    return user.focal_countries()


def is_focal_point(user, country: str | None = None) -> bool:
    """A focal point (of ``country`` when given, an ISO alpha-2 code)."""
    countries = focal_countries(user)
    return country in countries if country is not None else bool(countries)


def is_council_staff(user) -> bool:
    """Secretariat or any focal point: the people who prepare the council's reviews."""
    return is_secretariat(user) or is_focal_point(user)


def membership_of(user, organisation):
    """The user's ``orgs.Membership`` in ``organisation``, or None. Memoised on the user object."""
    if not is_authenticated(user) or organisation is None:
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        from corridor.orgs.models import Membership  # orgs depends on core, not the reverse

        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        user._membership_cache = cache
    return cache.get(organisation.pk)


def is_member(user, organisation) -> bool:
    return membership_of(user, organisation) is not None


def can_act_for(user, organisation) -> bool:
    """Acting for an organisation (editing its records, applying or posting in its name) needs its
    owner or admin role; the secretariat may act for any organisation."""
    if is_secretariat(user):
        return True
    membership = membership_of(user, organisation)
    return membership is not None and membership.role in ("owner", "admin")


def acting_organisations(user):
    """Primary keys of the organisations the user may act for (owner/admin memberships)."""
    if not is_authenticated(user):
        return set()
    from corridor.orgs.models import Membership

    return set(
        Membership.objects.filter(user=user, role__in=("owner", "admin")).values_list(
            "organisation_id", flat=True
        )
    )


def require_authenticated(user) -> None:
    if not is_authenticated(user):
        raise PermissionDenied


def require_secretariat(user, *, hide: bool = True) -> None:
    """Secretariat only. ``hide`` (the default) answers "not found", for staff-only pages whose
    existence need not be shown; ``hide=False`` answers "forbidden"."""
    if not is_secretariat(user):
        if hide:
            raise NotFound
        raise PermissionDenied


def require_focal_point(user, country: str | None = None) -> None:
    if not (is_secretariat(user) or is_focal_point(user, country)):
        raise PermissionDenied


def require_council_staff(user) -> None:
    if not is_council_staff(user):
        raise NotFound


def require_act_for(user, organisation) -> None:
    """Owner/admin of ``organisation`` (or the secretariat); others get "forbidden" when they can
    see the organisation at all."""
    if not can_act_for(user, organisation):
        raise PermissionDenied
