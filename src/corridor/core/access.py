"""The access core every module builds on.

One place decides the roles the whole platform shares: the secretariat (or a superuser) and the
country focal points. Acting for an organisation (its owner or admin) is decided by
``corridor.orgs.access`` (``membership_of``, ``can_act_for``, ``require_act_for``), the module that
owns the one organisation identity. Each module's ``access.py`` builds its rules from these.

Like zulip's access helpers, a record the user may not see raises the same ``NotFound`` as a
record that does not exist, so a guessed id or slug leaks nothing. ``require_*`` helpers raise
``NotFound`` for things whose existence is itself private and ``PermissionDenied`` where the
record is visible but the action is not allowed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


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


def require_authenticated(user) -> None:
    if not is_authenticated(user):
        raise PermissionDenied(_("Sign in first."))


def require_secretariat(user, *, hide: bool = True) -> None:
    """Secretariat only. ``hide`` (the default) answers "not found", for staff-only pages whose
    existence need not be shown; ``hide=False`` answers "forbidden"."""
    if not is_secretariat(user):
        if hide:
            raise NotFound
        raise PermissionDenied(_("Only the secretariat can do this."))


def require_focal_point(user, country: str | None = None) -> None:
    if not (is_secretariat(user) or is_focal_point(user, country)):
        raise PermissionDenied


def require_council_staff(user) -> None:
    if not is_council_staff(user):
        raise NotFound
