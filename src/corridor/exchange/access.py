"""Who may see or change exchange records. A record the user may not see raises the same
``NotFound`` as one that does not exist."""

from __future__ import annotations

from corridor.core.access import NotFound, is_authenticated, is_secretariat, require_secretariat
from corridor.orgs.access import can_act_for, can_act_with_rights, has_conferred_rights, membership_of
from corridor.orgs.enums import OrgKind

from .models import Application, HostPlace, Placement

__all__ = [
    "NotFound",
    "can_act_for",
    "has_conferred_rights",
    "is_secretariat",
    "require_secretariat",
]


def is_member(user, organisation) -> bool:
    return is_secretariat(user) or membership_of(user, organisation) is not None


def is_hub_staff(user, host: HostPlace) -> bool:
    return membership_of(user, host.organisation) is not None


def require_hub_staff(user, host: HostPlace) -> None:
    """Scoring and ranking applicants acts for the hub: the owner/admin of a hub the secretariat
    has verified, or the secretariat; else "not found"."""
    if not can_act_with_rights(user, host.organisation, OrgKind.TECH_HUB):
        raise NotFound


def can_view_application(user, application: Application) -> bool:
    """The applicant's members, the secretariat, and staff of a hub the application ranked."""
    if is_member(user, application.organisation):
        return True
    if not is_authenticated(user):
        return False
    return any(membership_of(user, c.host.organisation) is not None for c in application.choices.all())


def get_application(user, pk) -> Application:
    try:
        app = (
            Application.objects.select_related("organisation", "organisation__country", "cohort__programme")
            .prefetch_related("choices__host__organisation")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not can_view_application(user, app):
        raise NotFound
    return app


def get_host(user, pk, *, for_staff: bool = False) -> HostPlace:
    try:
        host = HostPlace.objects.select_related(
            "organisation", "organisation__country", "cohort__programme"
        ).get(pk=pk)
    except (HostPlace.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if for_staff and not (is_hub_staff(user, host) or is_secretariat(user)):
        raise NotFound
    return host


def can_view_placement(user, placement: Placement) -> bool:
    """The secretariat; the startup's and the hub's members once the run is published."""
    if is_secretariat(user):
        return True
    return placement.run.is_published and (
        membership_of(user, placement.application.organisation) is not None
        or membership_of(user, placement.host.organisation) is not None
    )


def get_placement(user, pk) -> Placement:
    try:
        placement = Placement.objects.select_related(
            "application__organisation", "application__cohort__programme", "host__organisation", "run"
        ).get(pk=pk)
    except (Placement.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not can_view_placement(user, placement):
        raise NotFound
    return placement
