"""Issuing, revoking and checking the platform's Verifiable Credentials (Open Badges 3.0
shape, W3C VC Data Model 2.0, signed with ``vc.sign``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify

from . import keys, vc
from .enums import CredentialKind
from .models import Application, Credential, Qualification

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def status_list_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("talent:status_list")


def _now() -> str:
    return timezone.now().replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _next_index() -> int:
    top = Credential.objects.select_for_update().aggregate(m=Max("status_index"))["m"]
    index = 0 if top is None else top + 1
    if index >= vc.STATUS_LIST_BITS:
        raise invalid(None, "The status list is full.", code="status_list_full")
    return index


def _document(
    *, name: str, description: str, criteria: str, subject_name: str, index: int, extra: dict
) -> dict:
    issued = _now()
    site = settings.SITE_URL.rstrip("/")
    achievement_id = f"{site}/talent/achievements/{extra.get('achievement', 'placement')}"
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": keys.issuer_id(), "type": ["Profile"], "name": "Corridor secretariat"},
        "validFrom": issued,
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": subject_name,
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "name": name,
                "description": description,
                "criteria": {"narrative": criteria},
            },
            **{k: v for k, v in extra.items() if k != "achievement"},
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": status_list_url(),
        },
    }


def _sign(document: dict) -> dict:
    return vc.sign(
        document,
        private_key=keys.signing_key(),
        verification_method=keys.verification_method_id(),
        created=_now(),
    )


def issue_for_placement(*, application: Application, by) -> Credential:
    """Called inside the transition to "moved" (same transaction)."""
    existing = Credential.objects.filter(application=application).first()
    if existing:
        return existing
    index = _next_index()
    job = application.job
    doc = _document(
        name=f"Placement: {job.title}",
        description=(
            f"Moved from {application.profile.country_id} to {job.country_id} to work as "
            f"{job.occupation.title} (ISCO-08 {job.occupation.isco_code}) with {job.organisation.name}."
        ),
        criteria="Offer accepted, permit filed and arrival recorded by the employer on Corridor.",
        subject_name=application.profile.user.full_name,
        index=index,
        extra={
            "achievement": "placement",
            "occupation": {"isco08": job.occupation.isco_code, "title": job.occupation.title},
            "direction": application.direction,
            "pathway": application.pathway.code if application.pathway_id else None,
            "movedOn": application.moved_on.isoformat() if application.moved_on else None,
        },
    )
    credential = Credential.objects.create(
        kind=CredentialKind.PLACEMENT,
        subject=application.profile.user,
        application=application,
        status_index=index,
        document=_sign(doc),
    )
    user = application.profile.user
    notify(
        user=user,
        text=lambda: _("Your placement credential has been issued."),
        url=credential.get_absolute_url(),
    )
    return credential


def issue_for_qualification(*, qualification: Qualification, by) -> Credential:
    existing = Credential.objects.filter(qualification=qualification).first()
    if existing:
        return existing
    index = _next_index()
    q = qualification
    doc = _document(
        name=f"Verified qualification: {q.title}",
        description=f"{q.title}, awarded by {q.awarding_body} ({q.country_id}), {q.framework} level {q.level}.",
        criteria="Qualification documents checked by the Corridor secretariat.",
        subject_name=q.profile.user.full_name,
        index=index,
        extra={
            "achievement": f"qualification-{q.framework.lower()}-{q.level}",
            "qualification": {
                "title": q.title,
                "awardingBody": q.awarding_body,
                "country": q.country_id,
                "framework": q.framework,
                "level": q.level,
            },
        },
    )
    credential = Credential.objects.create(
        kind=CredentialKind.QUALIFICATION,
        subject=q.profile.user,
        qualification=q,
        status_index=index,
        document=_sign(doc),
    )
    user = q.profile.user
    notify(
        user=user,
        text=lambda: _("Your verified-qualification credential has been issued."),
        url=credential.get_absolute_url(),
    )
    return credential


def revoke(*, by, credential: Credential, reason: str) -> Credential:
    require_secretariat(by, hide=False)
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "Say why the credential is revoked.", code="reason_required")
    if len(reason) > 300:
        raise invalid("reason", "Use at most 300 characters.", code="too_long")
    with transaction.atomic(), acting_as(by):
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if credential.revoked_at is None:
            credential.revoked_at = timezone.now()
            credential.revoked_reason = reason
            credential.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    return credential


def revoked_indices() -> set[int]:
    return set(Credential.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True))


def status_list_credential() -> dict:
    """The signed BitstringStatusListCredential (revocation), as published."""
    url = status_list_url()
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_id(),
        "validFrom": _now(),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": vc.encode_status_list(revoked_indices()),
        },
    }
    return _sign(doc)


def verify_credential(
    document: dict, *, public_key=None, status_list: dict | None = None
) -> tuple[bool, list[str]]:
    """Signature against the issuer key (the platform's own unless given), then revocation
    against ``status_list`` (a status list credential, itself verified) or, without one,
    against this platform's records. Returns (ok, messages)."""
    messages: list[str] = []
    key = public_key or keys.public_key()
    ok, why = vc.verify(document, public_key=key)
    messages.append(why)
    if not ok:
        return False, messages
    status = document.get("credentialStatus")
    try:
        index = int(status.get("statusListIndex")) if isinstance(status, dict) else None
    except (TypeError, ValueError):
        index = None
    if index is None:
        messages.append("No status entry: revocation not checked.")
        return True, messages
    if status_list is not None:
        list_ok, list_why = vc.verify(status_list, public_key=key)
        if not list_ok:
            return False, [*messages, "The status list's signature is invalid: " + list_why]
        try:
            revoked = vc.status_bit(status_list["credentialSubject"]["encodedList"], index)
        except (KeyError, TypeError, ValueError, OSError, EOFError):
            return False, [*messages, "The status list cannot be read."]
    else:
        revoked = index in revoked_indices()
    if revoked:
        messages.append("The credential has been revoked.")
        return False, messages
    messages.append("Not revoked.")
    return True, messages
