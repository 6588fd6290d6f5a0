"""Who may do what with trade data. Published releases and the published target are public;
uploads, import jobs and unpublished releases are for the secretariat only. A release the
user may not see raises the same ``NotFound`` as one that does not exist."""

from __future__ import annotations

from corridor.core.access import NotFound, is_secretariat, require_secretariat

from .models import ImportJob, TradeRelease

__all__ = ["NotFound", "get_job", "get_release", "is_secretariat", "require_secretariat"]


def get_release(user, pk) -> TradeRelease:
    try:
        release = TradeRelease.objects.select_related("supersedes").get(pk=pk)
    except (TradeRelease.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not (release.is_published or is_secretariat(user)):
        raise NotFound
    return release


def get_job(user, pk) -> ImportJob:
    if not is_secretariat(user):
        raise NotFound
    try:
        return ImportJob.objects.select_related("release").get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
