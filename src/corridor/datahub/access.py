"""Who may see, manage and download what in the data hub.

* A dataset is visible to everyone once one version is published; before that only to those who
  may act for its organisation (and the secretariat). Hidden = missing (``NotFound``).
* Managing (versions, files, requests, agreements, logs) needs ``can_act_for`` the publisher.
* Downloading: open files to anyone, registered ones to signed-in users, restricted ones only to
  an owner/admin of the publisher or the recipient of a valid (started, unexpired, unrevoked)
  data-sharing agreement. The secretariat's staff powers do not open restricted files.
* A dataset token narrows its user's rights to the token's datasets; it never widens them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from corridor.core.access import NotFound, is_authenticated, is_secretariat
from corridor.orgs.access import acting_organisation_ids, can_act_for, membership_of
from corridor.orgs.enums import MemberRole

from .enums import AccessLevel, VersionStatus
from .models import DataFile, Dataset, DatasetVersion, DataSharingAgreement


def can_manage(user, dataset: Dataset) -> bool:
    return can_act_for(user, dataset.organisation)


def is_publisher_staff(user, dataset: Dataset) -> bool:
    """Owner or admin of the publishing organisation (not the secretariat)."""
    m = membership_of(user, dataset.organisation)
    return m is not None and m.role in (MemberRole.OWNER, MemberRole.ADMIN)


def visible_datasets(user, queryset=None):
    qs = Dataset.objects.all() if queryset is None else queryset
    published = DatasetVersion.objects.filter(dataset=OuterRef("pk"), status=VersionStatus.PUBLISHED)
    if is_secretariat(user):
        return qs
    condition = Q(Exists(published))
    orgs = acting_organisation_ids(user)
    if orgs:
        condition |= Q(organisation_id__in=orgs)
    return qs.filter(condition)


def require_view(user, dataset: Dataset, *, token=None) -> None:
    if token is not None and not token.datasets.filter(pk=dataset.pk).exists():
        raise NotFound
    if not visible_datasets(user, Dataset.objects.filter(pk=dataset.pk)).exists():
        raise NotFound


def require_manage(user, dataset: Dataset) -> None:
    require_view(user, dataset)
    if not can_manage(user, dataset):
        raise PermissionDenied


def can_view_version(user, version: DatasetVersion) -> bool:
    return version.status == VersionStatus.PUBLISHED or can_manage(user, version.dataset)


def valid_agreement(user, dataset: Dataset, when=None) -> DataSharingAgreement | None:
    if not is_authenticated(user):
        return None
    when = when or timezone.now()
    return (
        DataSharingAgreement.objects.filter(
            dataset=dataset, recipient=user, revoked_at__isnull=True, starts_at__lte=when, expires_at__gt=when
        )
        .order_by("-expires_at")
        .first()
    )


def download_decision(user, datafile: DataFile, *, token=None) -> DataSharingAgreement | None:
    """Raise ``NotFound`` (cannot see) or ``PermissionDenied`` (may not download); else return the
    agreement the download rests on (None when none is needed)."""
    version = datafile.version
    dataset = version.dataset
    require_view(user, dataset, token=token)
    if not can_view_version(user, version):
        raise NotFound
    if token is not None and not token.is_active:
        raise PermissionDenied
    level = dataset.access_level
    if level == AccessLevel.OPEN:
        return None
    if not is_authenticated(user):
        raise PermissionDenied
    if level == AccessLevel.REGISTERED:
        return None
    if is_publisher_staff(user, dataset):
        return None
    agreement = valid_agreement(user, dataset)
    if agreement is None:
        raise PermissionDenied
    return agreement


def can_download(user, datafile: DataFile, *, token=None) -> bool:
    try:
        download_decision(user, datafile, token=token)
    except (NotFound, PermissionDenied):
        return False
    return True
