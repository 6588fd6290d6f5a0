"""Every read the data hub's pages and API need, with their relations fetched up front."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q

from corridor.core.access import NotFound, is_secretariat
from corridor.orgs.access import acting_organisation_ids

from . import access
from .enums import RequestStatus, VersionStatus
from .models import (
    AccessRequest,
    DataFile,
    Dataset,
    DatasetToken,
    DatasetVersion,
    DataSharingAgreement,
    DownloadLog,
)

PUBLISHED = Q(versions__status=VersionStatus.PUBLISHED)


def catalogue(user, *, q="", theme="", country="", licence="", access_level="", fmt="", token=None):
    qs = access.visible_datasets(user)
    if token is not None:
        qs = qs.filter(pk__in=token.datasets.values("pk"))
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(organisation__name__icontains=q)
        )
    if theme:
        qs = qs.filter(themes__icontains=f'"{theme}"')
    if country:
        qs = qs.filter(countries__code=country)
    if licence:
        qs = qs.filter(versions__files__licence=licence)
    if access_level:
        qs = qs.filter(access_level=access_level)
    if fmt:
        qs = qs.filter(versions__files__format=fmt)
    ids = qs.values("pk")
    return (
        Dataset.objects.filter(pk__in=ids)
        .select_related("organisation__country")
        .prefetch_related("countries", "sectors")
        .annotate(
            last_published=Max("versions__published_at", filter=PUBLISHED),
            n_versions=Count("versions", filter=PUBLISHED, distinct=True),
        )
        .order_by("-last_published", "-id")
    )


def get_dataset(user, slug: str, *, token=None) -> Dataset:
    dataset = (
        Dataset.objects.select_related("organisation__country")
        .prefetch_related("countries", "sectors")
        .filter(slug=slug)
        .first()
    )
    if dataset is None:
        raise NotFound
    access.require_view(user, dataset, token=token)
    return dataset


def _files():
    return Prefetch("files", queryset=DataFile.objects.order_by("id"))


def versions_for(user, dataset: Dataset) -> list[DatasetVersion]:
    qs = dataset.versions.prefetch_related(_files()).order_by("-number")
    if not access.can_manage(user, dataset):
        qs = qs.filter(status=VersionStatus.PUBLISHED)
    return list(qs)


def published_versions(dataset: Dataset) -> list[DatasetVersion]:
    return list(
        dataset.versions.filter(status=VersionStatus.PUBLISHED).prefetch_related(_files()).order_by("-number")
    )


def get_version(user, dataset: Dataset, number: int) -> DatasetVersion:
    version = dataset.versions.prefetch_related(_files()).filter(number=number).first()
    if version is None or not access.can_view_version(user, version):
        raise NotFound
    version.dataset = dataset
    return version


def get_file(user, pk: int, *, token=None) -> DataFile:
    datafile = DataFile.objects.select_related("version__dataset__organisation").filter(pk=pk).first()
    if datafile is None:
        raise NotFound
    access.require_view(user, datafile.version.dataset, token=token)
    if not access.can_view_version(user, datafile.version):
        raise NotFound
    return datafile


def latest_profile(datafile: DataFile):
    return datafile.profile_runs.order_by("-created_at", "-id").first()


def publisher_requests(user, *, status: str = RequestStatus.PENDING):
    qs = AccessRequest.objects.select_related("dataset__organisation", "requester", "organisation")
    if not is_secretariat(user):
        qs = qs.filter(dataset__organisation_id__in=acting_organisation_ids(user))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def my_requests(user):
    return (
        AccessRequest.objects.filter(requester=user)
        .select_related("dataset__organisation", "organisation", "agreement")
        .order_by("-created_at", "-id")
    )


def agreements_of(dataset: Dataset):
    return dataset.agreements.select_related("recipient", "recipient_organisation").order_by("-created_at")


def downloads_of(user, dataset: Dataset):
    access.require_manage(user, dataset)
    return (
        DownloadLog.objects.filter(dataset=dataset)
        .select_related("user", "version", "datafile", "country", "agreement")
        .order_by("-at", "-id")
    )


def tokens_of(user):
    return DatasetToken.objects.filter(user=user).prefetch_related("datasets").order_by("-created_at")


def token_of(user, pk):
    """One of ``user``'s own dataset tokens, or None (a bad or foreign id is None too)."""
    if not str(pk or "").isdigit():
        return None
    return DatasetToken.objects.filter(pk=int(pk), user=user).first()


def user_request_for(user, dataset: Dataset):
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        AccessRequest.objects.filter(dataset=dataset, requester=user)
        .select_related("agreement")
        .order_by("-created_at")
        .first()
    )


def agreement_for(user, dataset: Dataset) -> DataSharingAgreement | None:
    return access.valid_agreement(user, dataset)


def no_files():
    return DataFile.objects.none()
