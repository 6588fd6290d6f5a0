"""Access requests, data-sharing agreements, logged downloads and dataset tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import NotFound, is_authenticated, require_authenticated
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.orgs.access import membership_of

from .. import access
from ..enums import (
    AccessLevel,
    LegalBasisKE,
    LegalBasisMY,
    Purpose,
    RequestStatus,
    VersionStatus,
)
from ..models import (
    AccessRequest,
    DataFile,
    Dataset,
    DatasetToken,
    DataSharingAgreement,
    DownloadLog,
)
from .common import MAX_DURATION_DAYS
from .datasets import _anonymity_passed

# --- access requests and agreements --------------------------------------------------------


def _publishers(dataset: Dataset):
    from corridor.orgs.enums import MemberRole

    return [
        m.user
        for m in dataset.organisation.memberships.select_related("user").filter(
            role__in=(MemberRole.OWNER, MemberRole.ADMIN)
        )
    ]


def request_access(
    *, by, dataset: Dataset, purpose: str, purpose_detail: str, duration_days: int, organisation=None
) -> AccessRequest:
    require_authenticated(by)
    access.require_view(by, dataset)
    if dataset.access_level != AccessLevel.RESTRICTED:
        raise invalid(None, _("This dataset is not restricted; download it directly."), code="not_restricted")
    if access.is_publisher_staff(by, dataset):
        raise invalid(None, _("You publish this dataset."), code="own_dataset")
    if purpose not in Purpose.values:
        raise invalid("purpose", _("Choose a purpose."), code="invalid_choice")
    if len((purpose_detail or "").strip()) < 20:
        raise invalid(
            "purpose_detail", _("Describe the purpose in at least 20 characters."), code="too_short"
        )
    if len(purpose_detail) > 3000:
        raise invalid("purpose_detail", _("At most 3,000 characters."), code="too_long")
    if not isinstance(duration_days, int) or not 1 <= duration_days <= MAX_DURATION_DAYS:
        raise invalid("duration_days", _("Between 1 day and 3 years."), code="out_of_range")
    if organisation is not None and membership_of(by, organisation) is None:
        raise invalid("organisation", _("You are not a member of this organisation."), code="not_member")
    with transaction.atomic(), acting_as(by):
        if AccessRequest.objects.filter(dataset=dataset, requester=by, status=RequestStatus.PENDING).exists():
            raise invalid(
                None, _("You already have a pending request for this dataset."), code="already_pending"
            )
        req = AccessRequest.objects.create(
            dataset=dataset,
            requester=by,
            organisation=organisation,
            purpose=purpose,
            purpose_detail=purpose_detail.strip(),
            duration_days=duration_days,
        )
        for user in _publishers(dataset):
            notify(
                user=user,
                text=lambda: _("Access requested to %(t)s") % {"t": dataset.title},
                url=req.get_absolute_url(),
            )
    return req


def get_request(*, by, pk: int) -> AccessRequest:
    req = (
        AccessRequest.objects.select_related("dataset__organisation", "requester", "organisation")
        .filter(pk=pk)
        .first()
    )
    if req is None or not (req.requester_id == getattr(by, "pk", None) or access.can_manage(by, req.dataset)):
        raise NotFound
    return req


def decide_request(
    *,
    by,
    request: AccessRequest,
    approve: bool,
    note: str = "",
    permitted_uses: str = "",
    retention_days: int = 0,
    legal_basis_my: str = LegalBasisMY.NOT_PERSONAL,
    legal_basis_ke: str = LegalBasisKE.NOT_PERSONAL,
) -> AccessRequest:
    dataset = request.dataset
    if not access.can_manage(by, dataset):
        raise NotFound if request.requester_id != getattr(by, "pk", None) else PermissionDenied
    if request.status != RequestStatus.PENDING:
        raise invalid(None, _("This request was already decided."), code="already_decided")
    if len(note) > 2000:
        raise invalid("note", _("At most 2,000 characters."), code="too_long")
    if approve:
        if not permitted_uses.strip():
            raise invalid("permitted_uses", _("List the permitted uses."), code="required")
        if len(permitted_uses) > 3000:
            raise invalid("permitted_uses", _("At most 3,000 characters."), code="too_long")
        if legal_basis_my not in LegalBasisMY.values:
            raise invalid("legal_basis_my", _("Choose a legal basis."), code="invalid_choice")
        if legal_basis_ke not in LegalBasisKE.values:
            raise invalid("legal_basis_ke", _("Choose a legal basis."), code="invalid_choice")
        if not isinstance(retention_days, int) or not 0 <= retention_days <= 3660:
            raise invalid("retention_days", _("Between 0 and 3,660 days."), code="out_of_range")
        if dataset.personal_data:
            if LegalBasisMY.NOT_PERSONAL in (legal_basis_my,) or legal_basis_ke == LegalBasisKE.NOT_PERSONAL:
                raise invalid(
                    "legal_basis_my",
                    _(
                        "This dataset holds personal data: choose the transfer's legal basis in both countries."
                    ),
                    code="legal_basis_required",
                )
            latest = dataset.versions.filter(status=VersionStatus.PUBLISHED).first()
            if latest is None or not _anonymity_passed(latest):
                raise invalid(
                    None,
                    _("The latest version has not passed the k-anonymity check (k ≥ %(k)s).")
                    % {"k": dataset.policy_k},
                    code="anonymity_not_passed",
                )
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        request.decided_by = by
        request.decided_at = now
        request.decision_note = note
        request.save()
        if approve:
            DataSharingAgreement.objects.create(
                request=request,
                dataset=dataset,
                provider=dataset.organisation,
                recipient=request.requester,
                recipient_organisation=request.organisation,
                purpose=f"{request.get_purpose_display()}: {request.purpose_detail}"[:3000],
                permitted_uses=permitted_uses.strip(),
                retention_days=retention_days,
                onward_transfer_banned=True,
                legal_basis_my=legal_basis_my,
                legal_basis_ke=legal_basis_ke,
                breach_notification_hours=72,
                starts_at=now,
                expires_at=now + dt.timedelta(days=request.duration_days),
            )

        def text():
            approved = _("Your access request to %(t)s was approved.")
            declined = _("Your access request to %(t)s was declined.")
            return (approved if approve else declined) % {"t": dataset.title}

        notify(user=request.requester, text=text, url=request.get_absolute_url())
    return request


def revoke_agreement(*, by, agreement: DataSharingAgreement) -> DataSharingAgreement:
    if not access.can_manage(by, agreement.dataset):
        raise NotFound
    if agreement.revoked_at:
        raise invalid(None, _("Already revoked."), code="already_revoked")
    with transaction.atomic(), acting_as(by):
        agreement.revoked_at = timezone.now()
        agreement.revoked_by = by
        agreement.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        notify(
            user=agreement.recipient,
            text=lambda: _("Your access to %(t)s was revoked.") % {"t": agreement.dataset.title},
            url=agreement.get_absolute_url(),
        )
    return agreement


def get_agreement(*, by, pk: int) -> DataSharingAgreement:
    agreement = (
        DataSharingAgreement.objects.select_related(
            "dataset__organisation", "provider", "recipient", "recipient_organisation", "request"
        )
        .filter(pk=pk)
        .first()
    )
    if agreement is None or not (
        agreement.recipient_id == getattr(by, "pk", None) or access.can_manage(by, agreement.dataset)
    ):
        raise NotFound
    return agreement


# --- downloads -----------------------------------------------------------------------------


def open_download(*, by, datafile: DataFile, token=None, via: str = "page", parquet: bool = False):
    """Check the right to download, log it, and return the (opened) stored file."""
    agreement = access.download_decision(by, datafile, token=token)
    fieldfile = datafile.parquet if parquet else datafile.file
    if not fieldfile:
        raise NotFound
    user = by if is_authenticated(by) else None
    with transaction.atomic():
        DownloadLog.objects.create(
            dataset=datafile.version.dataset,
            version=datafile.version,
            datafile=datafile,
            user=user,
            token=token,
            agreement=agreement,
            country_id=getattr(user, "country_id", None),
            via=via,
        )
        if token is not None:
            DatasetToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return fieldfile.open("rb")


# --- tokens --------------------------------------------------------------------------------

TOKEN_PREFIX = "dh_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(*, by, name: str, datasets, days: int = 90) -> tuple[DatasetToken, str]:
    require_authenticated(by)
    if not (name or "").strip() or len(name) > 100:
        raise invalid("name", _("Name the token (at most 100 characters)."), code="required")
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise invalid("days", _("Between 1 and 366 days."), code="out_of_range")
    datasets = list(datasets)
    if not datasets:
        raise invalid("datasets", _("Choose at least one dataset."), code="required")
    for dataset in datasets:
        access.require_view(by, dataset)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(by):
        token = DatasetToken.objects.create(
            user=by,
            name=name.strip(),
            prefix=raw[:10],
            key_hash=hash_key(raw),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        token.datasets.set(datasets)
    return token, raw


def revoke_token(*, by, token: DatasetToken) -> DatasetToken:
    if token.user_id != getattr(by, "pk", None):
        raise NotFound
    with transaction.atomic(), acting_as(by):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_token(raw: str) -> DatasetToken | None:
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = DatasetToken.objects.select_related("user").filter(key_hash=hash_key(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token
