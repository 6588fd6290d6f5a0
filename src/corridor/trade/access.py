"""Who may do what with trade data. Published releases and the published target are public;
uploads, import jobs and unpublished releases are for the secretariat only. A release the
user may not see raises the same ``NotFound`` as one that does not exist."""

from __future__ import annotations

from django.http import Http404

from .models import ImportJob, TradeRelease


class NotFound(Http404):
    """Raised for missing and forbidden records alike."""


def is_trade_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.is_secretariat))


def get_release(user, pk) -> TradeRelease:
    try:
        release = TradeRelease.objects.select_related("supersedes").get(pk=pk)
    except (TradeRelease.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    if not (release.is_published or is_trade_staff(user)):
        raise NotFound
    return release


def get_job(user, pk) -> ImportJob:
    if not is_trade_staff(user):
        raise NotFound
    try:
        return ImportJob.objects.select_related("release").get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
